"""Checks on the files and texts of library resources, without the models: the extension
of an uploaded document, whether a file is WebVTT, whether rich text says anything."""

import re

from django.utils.html import strip_tags

WEBVTT_SIGNATURE = b"WEBVTT"
BYTE_ORDER_MARK = b"\xef\xbb\xbf"


def extension_of(document):
    """The lower-case extension of a Wagtail document's file name ("" for none)."""
    name = getattr(getattr(document, "file", None), "name", "") or ""
    stem, dot, extension = name.rpartition(".")
    return extension.lower() if dot and stem else ""


def is_webvtt(document):
    """True when the document's file starts like a WebVTT file: an optional byte order
    mark, then "WEBVTT" followed by a space, a tab or the end of the line."""
    try:
        with document.file.open("rb") as handle:
            head = handle.read(16)
    except (OSError, ValueError):
        return False
    head = head.removeprefix(BYTE_ORDER_MARK)
    if not head.startswith(WEBVTT_SIGNATURE):
        return False
    rest = head[len(WEBVTT_SIGNATURE) :]
    return rest == b"" or rest[:1] in (b" ", b"\t", b"\n", b"\r")


def plain_text(html):
    """The readable text of a rich-text value, whitespace collapsed ("" for none)."""
    text = strip_tags(str(html or "")).replace("&nbsp;", " ")
    return re.sub(r"\s+", " ", text).strip()

"""Excerpts with highlighted search terms, safe to show.

Highlights travel as two private-use characters (``MARK_START``/``MARK_END``) rather than
HTML: the search engine puts them around matches, or ``mark_terms`` does for the database
backend. ``render_marked`` escapes everything else and turns balanced marks into
``<mark>``, so neither the query nor the content can inject markup.
"""

import re

from django.utils.html import escape, strip_tags
from django.utils.safestring import mark_safe
from django.utils.text import Truncator

MARK_START = "\ue000"
MARK_END = "\ue001"
EXCERPT_WORDS = 40
MIN_TERM_LENGTH = 2


def strip_marks(text):
    return text.replace(MARK_START, "").replace(MARK_END, "")


def render_marked(text):
    """HTML for ``text``: escaped, with its marks as ``<mark>`` (unbalanced ones dropped)."""
    parts = []
    open_mark = False
    for piece in re.split(f"([{MARK_START}{MARK_END}])", text or ""):
        if piece == MARK_START:
            if not open_mark:
                parts.append("<mark>")
                open_mark = True
        elif piece == MARK_END:
            if open_mark:
                parts.append("</mark>")
                open_mark = False
        else:
            parts.append(escape(piece))
    if open_mark:
        parts.append("</mark>")
    return mark_safe("".join(parts))  # noqa: S308 - every piece of text was escaped above


def plain_text(value):
    """Readable plain text from a field value that may hold HTML (rich text)."""
    text = strip_tags(str(value or ""))
    return re.sub(r"\s+", " ", text).strip()


def query_terms(query):
    """The words of a query worth marking (no quotes, no very short words)."""
    return [term for term in re.findall(r"\w+", query or "") if len(term) >= MIN_TERM_LENGTH]


def mark_terms(text, terms):
    """``text`` with words that start with one of ``terms`` marked (case-insensitive).

    The database backend's stand-in for the engine's highlighter: no stemming, but
    "Innovation" marks "Innovationen".
    """
    text = strip_marks(text)
    if not terms:
        return text
    alternatives = "|".join(re.escape(term) for term in sorted(set(terms), key=len, reverse=True))
    pattern = re.compile(rf"\b(?:{alternatives})\w*", re.IGNORECASE)
    return pattern.sub(lambda match: f"{MARK_START}{match.group(0)}{MARK_END}", text)


def summary_excerpt(summary, query):
    """A short excerpt of ``summary`` (plain text) with the query's words marked."""
    text = Truncator(plain_text(summary)).words(EXCERPT_WORDS, truncate="…")
    return mark_terms(text, query_terms(query))


def engine_excerpt(highlights, columns):
    """The engine's fragment of the first of ``columns`` that has one (plain text with
    marks), or ``None`` when only the title matched."""
    for column in columns:
        fragments = highlights.get(column)
        if fragments:
            return " … ".join(plain_text(fragment) for fragment in fragments)
    return None

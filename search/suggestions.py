""" "Did you mean …?" for searches without results, from the words of public page titles
and topic names in the reader's language (cached for a few minutes; works the same on every
backend)."""

import difflib
import re

from django.core.cache import cache
from wagtail.models import Page

from home.models import Topic
from search.query import query_words

VOCABULARY_TIMEOUT = 600
MAX_TITLES = 20_000
MIN_WORD_LENGTH = 4
SIMILARITY = 0.75


def vocabulary(locale):
    key = f"search:vocabulary:{locale.language_code}"
    words = cache.get(key)
    if words is None:
        titles = list(
            Page.objects.live()
            .public()
            .filter(locale=locale, depth__gt=1)
            .order_by("-first_published_at")
            .values_list("title", flat=True)[:MAX_TITLES]
        )
        titles += list(Topic.objects.filter(locale=locale).values_list("name", flat=True))
        words = sorted(
            {
                word.lower()
                for title in titles
                for word in re.findall(r"\w+", title)
                if len(word) >= MIN_WORD_LENGTH and not word.isdigit()
            }
        )
        cache.set(key, words, VOCABULARY_TIMEOUT)
    return words


def _candidates(word, known):
    """Known words, plus the beginnings of longer known words cut to ``word``'s length (the
    database backend matches word beginnings, and German compounds start with the word)."""
    length = len(word)
    return sorted(set(known) | {other[:length] for other in known if len(other) > length})


def correction(query, locale):
    """A corrected query, or ``None`` when no word looks misspelt."""
    words = query_words(query)
    if not words:
        return None
    known = vocabulary(locale)
    known_set = set(known)
    corrected = []
    changed = False
    for word in words:
        lowered = word.lower()
        if len(lowered) < MIN_WORD_LENGTH or lowered in known_set:
            corrected.append(word)
            continue
        matches = difflib.get_close_matches(
            lowered, _candidates(lowered, known), n=1, cutoff=SIMILARITY
        )
        if matches and matches[0] != lowered:
            corrected.append(matches[0])
            changed = True
        else:
            corrected.append(word)
    return " ".join(corrected) if changed else None

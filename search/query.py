"""Reading what a reader typed: cut to a sane length, stripped of syntax, split into words
and "quoted phrases". Engine query syntax (Lucene's ``AND(``, ``*``, ``~``, ``\\``, ``/``,
``[``) never reaches a backend: only words, hyphens and phrase quotes survive, and boolean
operators in capitals are dropped. All words must match."""

import re

from modelsearch.query import And, Phrase, PlainText
from wagtail.search.utils import parse_query_string

MAX_QUERY_LENGTH = 200
MAX_TERMS = 24
_NOT_ALLOWED = re.compile(r'[^\w\s"\-]', re.UNICODE)
_SPACES = re.compile(r"\s+")


def cut_query(raw):
    """What the reader typed, as shown back: without control characters, at most
    ``MAX_QUERY_LENGTH`` characters."""
    text = "".join(char for char in str(raw or "") if char.isprintable() or char.isspace())
    return _SPACES.sub(" ", text).strip()[:MAX_QUERY_LENGTH].strip()


def clean_query(raw):
    """The searchable part: words, hyphens and double quotes only."""
    text = _NOT_ALLOWED.sub(" ", cut_query(raw).replace("_", " "))
    # Hyphens only inside words ("E-Government"), never as operators ("-wasser").
    text = re.sub(r"(?<!\w)-+|-+(?!\w)", " ", text)
    return _SPACES.sub(" ", text).strip()


# Boolean operators typed in capitals are not supported (all words must match anyway); they
# are dropped rather than searched for as words.
OPERATOR_WORDS = {"AND", "OR", "NOT"}


def _words(text):
    return [word for word in text.replace('"', " ").split() if word and word not in OPERATOR_WORDS]


def _terms(query):
    """The plain-text and phrase parts of a parsed query, in order."""
    if query is None:
        return []
    if isinstance(query, And):
        return [term for subquery in query.subqueries for term in _terms(subquery)]
    return [query]


def build_query(raw):
    """A Wagtail search query (words must all match; quoted parts as phrases), or ``None``
    when nothing searchable is left.

    Wagtail's ``parse_query_string`` splits the cleaned text into words and phrases; on
    top of it, operator words are dropped, at most ``MAX_TERMS`` words are kept, a phrase
    of one word is a plain word, and an unclosed quote counts as plain words."""
    text = clean_query(raw)
    if text.count('"') % 2:
        head, _quote, tail = text.rpartition('"')
        text = f"{head} {tail}"
    _filters, parsed = parse_query_string(text, operator="and", zero_terms=None)
    subqueries = []
    budget = MAX_TERMS
    for term in _terms(parsed):
        words = _words(term.query_string)[:budget]
        budget -= len(words)
        if not words:
            continue
        if isinstance(term, Phrase) and len(words) > 1:
            subqueries.append(Phrase(" ".join(words)))
        else:
            subqueries.append(PlainText(" ".join(words), operator="and"))
    if not subqueries:
        return None
    return subqueries[0] if len(subqueries) == 1 else And(subqueries)


def query_words(raw):
    """The plain words of a query, for "did you mean" and marking."""
    return _words(clean_query(raw))

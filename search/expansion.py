"""What a query also means: each word of a search is widened, when it is read, by

* **synonyms** editors manage (``search.SearchSynonym``, per language): "ÖPNV" also finds
  "Nahverkehr", "KI" also "künstliche Intelligenz" (terms of several words match as a
  sequence of query words);
* **spellings without umlauts**: "Waermeplanung" also finds "Wärmeplanung", "Strasse"
  "Straße" (the database backend does not fold ae/oe/ue/ss; the engine's German analyser
  does for some, not all);
* **shorter forms of inflected words** for backends without stemming ("Werkstätten" also
  finds "Werkstatt", "platforms" "platform"; the database backend matches word beginnings);
* **a typo's likely word**: a word of five letters or more that is neither a word nor the
  beginning of a word of a public page title or topic name (``search.suggestions``'
  vocabulary) also finds its closest such word ("Parkleitsytem" -> "parkleitsystem").

A widened word becomes "any of" (``Or``) its forms; the words still must all match
(``And``). Queries without anything to widen stay exactly as ``build_query`` made them. The
same Wagtail query objects go to every backend, so the database backend and the engine
apply synonyms alike, and a new synonym works at once, without rebuilding the index.
"""

import bisect
import difflib

from modelsearch.query import And, Or, PlainText

from portal.caching.pages import cached_value
from search.query import _terms, build_query
from search.suggestions import vocabulary

TYPO_MIN_LENGTH = 5
TYPO_SIMILARITY = 0.85
TYPO_LENGTH_SLACK = 2
MAX_ALTERNATIVES = 6

_FOLD = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss"})


def fold(text):
    """Lower case with umlauts and ß spelled out, for comparing what was typed with terms:
    "ÖPNV" and "OEPNV" fold alike."""
    return text.lower().translate(_FOLD)


def umlaut_spellings(word):
    """``word`` as it may be written with umlauts or ß when it was typed without them:
    "Waermeplanung" -> ["wärmeplanung"], "Strasse" -> ["straße"]."""
    lowered = word.lower()
    if any(char in lowered for char in "äöüß"):
        return []
    variants = []
    umlauts = lowered
    for digraph, umlaut in (("ae", "ä"), ("oe", "ö"), ("ue", "ü")):
        # Not in "que" (Quelle) and not in "eue" (neue, Steuer): there it is no umlaut.
        umlauts = _replace_digraph(umlauts, digraph, umlaut)
    if umlauts != lowered:
        variants.append(umlauts)
    if "ss" in umlauts:
        variants.append(umlauts.replace("ss", "ß"))
    return variants


# Endings of plurals and inflections, longest first, and the shortest stem left.
GERMAN_ENDINGS = ("ern", "en", "er", "es", "e", "n", "s")
MIN_STEM_LENGTH = 5
_UNFOLD_UMLAUTS = str.maketrans({"ä": "a", "ö": "o", "ü": "u"})


def word_stems(word, language):
    """Shorter forms of an inflected word, for backends without stemming (the database
    backend matches them as word beginnings): "Werkstätten" -> ["werkstätt", "werkstatt"],
    "Waldbrände" -> ["waldbränd", "waldbrand"], "platforms" -> ["platform"],
    "cities" -> ["city"]."""
    lowered = word.lower()
    if not lowered.isalpha():
        return []
    stems = []
    if language == "en":
        if lowered.endswith("ies") and len(lowered) > 4:
            stems.append(lowered[:-3] + "y")
        elif lowered.endswith("s") and not lowered.endswith("ss") and len(lowered) >= 5:
            stems.append(lowered[:-1])
        return stems
    for ending in GERMAN_ENDINGS:
        if lowered.endswith(ending) and len(lowered) - len(ending) >= MIN_STEM_LENGTH:
            stem = lowered[: -len(ending)]
            stems.append(stem)
            # The umlaut of a plural may go with its ending ("Brände" -> "Brand").
            if stem.translate(_UNFOLD_UMLAUTS) != stem:
                stems.append(stem.translate(_UNFOLD_UMLAUTS))
            break
    return stems


def _replace_digraph(word, digraph, umlaut):
    result = []
    index = 0
    while index < len(word):
        if word.startswith(digraph, index) and not (
            digraph == "ue" and index > 0 and word[index - 1] in "qe"
        ):
            result.append(umlaut)
            index += 2
        else:
            result.append(word[index])
            index += 1
    return "".join(result)


def synonym_sets(language):
    """The synonym sets of ``language`` (lists of terms), read once per site generation
    (saving a synonym starts a new one)."""
    from search.models import SearchSynonym

    def compute():
        return [synonym.term_list() for synonym in SearchSynonym.objects.filter(language=language)]

    return cached_value("search-synonyms", language, compute=compute)


def synonym_table(language):
    """``{folded words of a term: [other terms]}`` for ``language``."""
    table = {}
    for terms in synonym_sets(language):
        for term in terms:
            key = tuple(fold(term).split())
            others = table.setdefault(key, [])
            for other in terms:
                if fold(other) != fold(term) and other not in others:
                    others.append(other)
    return table


def typo_alternative(word, known, known_set):
    """The word of the vocabulary ``word`` was likely meant to be, or ``None`` when ``word``
    is (or begins) a known word, is short, or nothing is close enough."""
    lowered = word.lower()
    if len(lowered) < TYPO_MIN_LENGTH or not lowered.isalpha() or lowered in known_set:
        return None
    position = bisect.bisect_left(known, lowered)
    if position < len(known) and known[position].startswith(lowered):
        return None  # the beginning of a known word (the database matches it so)
    candidates = [
        other
        for other in known
        if other[:1] == lowered[:1] and abs(len(other) - len(lowered)) <= TYPO_LENGTH_SLACK
    ]
    matches = difflib.get_close_matches(lowered, candidates, n=1, cutoff=TYPO_SIMILARITY)
    return matches[0] if matches else None


class QueryExpander:
    """Widens the words of a query for one language (see the module docstring)."""

    def __init__(self, locale):
        self.language = locale.language_code
        self.locale = locale
        self.synonyms = synonym_table(self.language)
        self.longest_synonym = max((len(key) for key in self.synonyms), default=1)
        self._known = None

    @property
    def known(self):
        if self._known is None:
            words = vocabulary(self.locale)
            self._known = (words, set(words))
        return self._known

    def expand(self, query):
        """``query`` (from ``build_query``) with its words widened, or ``query`` itself when
        there is nothing to widen."""
        if query is None:
            return None
        parts = []
        widened = False
        for term in _terms(query):
            if isinstance(term, PlainText):
                units = self.expand_words(term.query_string.split())
                widened = widened or any(isinstance(unit, Or) for unit in units)
                parts.extend(units)
            else:
                parts.append(term)  # phrases are meant as typed
        if not widened:
            return query
        return parts[0] if len(parts) == 1 else And(parts)

    def expand_words(self, words):
        units = []
        index = 0
        while index < len(words):
            length, others = self.synonyms_at(words, index)
            unit_words = words[index : index + length]
            alternatives = list(others)
            if length == 1:
                word = unit_words[0]
                alternatives += umlaut_spellings(word)
                alternatives += word_stems(word, self.language)
                if not others:
                    typo = typo_alternative(word, *self.known)
                    if typo:
                        alternatives.append(typo)
            units.append(self.unit(" ".join(unit_words), alternatives))
            index += length
        return units

    def synonyms_at(self, words, index):
        """The longest synonym term starting at ``words[index]``: ``(length, other terms)``,
        or ``(1, [])``."""
        for length in range(min(self.longest_synonym, len(words) - index), 0, -1):
            key = tuple(fold(word) for word in words[index : index + length])
            others = self.synonyms.get(key)
            if others:
                return length, others
        return 1, []

    @staticmethod
    def unit(text, alternatives):
        seen = {text.lower()}
        subqueries = [PlainText(text, operator="and")]
        for alternative in alternatives:
            if alternative.lower() not in seen and len(subqueries) <= MAX_ALTERNATIVES:
                seen.add(alternative.lower())
                subqueries.append(PlainText(alternative, operator="and"))
        return subqueries[0] if len(subqueries) == 1 else Or(subqueries)


def expanded_query(raw, locale):
    """``build_query(raw)`` with synonyms, umlaut spellings and typo corrections of the
    reader's language (``None`` when nothing searchable is left)."""
    return QueryExpander(locale).expand(build_query(raw))

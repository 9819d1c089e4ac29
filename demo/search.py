"""Demo content of the search: synonyms editors would add (``search.SearchSynonym``).

``load()`` is idempotent: a set is added once, identified by its first term."""

from search.models import SearchSynonym

SYNONYMS = {
    "de": [
        ["ÖPNV", "Nahverkehr", "öffentlicher Personennahverkehr", "Bus und Bahn"],
        ["KI", "künstliche Intelligenz"],
        ["OZG", "Onlinezugangsgesetz"],
        ["Open Data", "offene Daten"],
        ["Datensouveränität", "Datenhoheit"],
        ["Co-Creation", "Cocreation", "Ko-Kreation"],
        ["Starkregen", "Hochwasser", "Überflutung"],
    ],
    "en": [
        ["public transport", "public transit", "local transport"],
        ["AI", "artificial intelligence"],
        ["heavy rain", "flooding", "flood"],
        ["data sovereignty", "data control"],
    ],
}


def load(stdout=None):
    created = 0
    for language, sets in SYNONYMS.items():
        for terms in sets:
            exists = any(
                synonym.term_list()[:1] == terms[:1]
                for synonym in SearchSynonym.objects.filter(language=language)
            )
            if not exists:
                SearchSynonym.objects.create(language=language, terms="\n".join(terms))
                created += 1
    if stdout is not None:
        stdout.write(f"  search: {created} new synonym sets")

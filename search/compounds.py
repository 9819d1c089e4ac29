"""German compounds split into the parts readers search for.

German writes compounds as one word: "Leerstandsbörse", "Wärmeplanung",
"Innovationspartnerschaft". Elasticsearch's and OpenSearch's ``german`` analyser keeps each
as one token, and the database backend matches word beginnings only, so a reader who types
"Leerstand" (engine) or "Planung" (every backend) would not find them. Every page therefore
indexes, in a low-weighted field of its own (``BasePage.search_compound_parts``), the parts
of its compounds that appear in ``GERMAN_COMPOUND_PARTS``: "Digitale Leerstandsbörse"
indexes "leerstand börse" as well. Queries are not split, so "Leerstandsbörse" still asks
for the whole word, and the pages that contain it rank first.

The parts are words of the portal's domain (municipal innovation, utilities, mobility,
administration, participation) that start or end compounds: lower case, at least
``MIN_PART_LENGTH`` letters, with umlauts and ß. Words that hide inside too many unrelated
ones ("land" in "Deutschland", "raum" in "Traum") are left out. The splitting happens in
Python when a page is indexed, the same for every backend (the engines' own
``dictionary_decompounder`` token filter is not understood by the OpenSearch-compatible
server the tests run against, so its results could not be checked). A part added here takes
effect for a page when it is indexed again (``manage.py update_index``).
"""

import re

MIN_PART_LENGTH = 4
# A compound has at least two parts; shorter words are not looked into.
MIN_COMPOUND_LENGTH = 2 * MIN_PART_LENGTH
# "Partnerschaften" is "partnerschaft" inflected (the stemmers' work), not a compound.
MAX_ENDING_LENGTH = 3

GERMAN_COMPOUND_PARTS = frozenset(
    """
    abfall abwasser anbieter angebot anlage antrag arbeit ausbau ausschreibung
    bahn bedarf beleuchtung beratung bericht beschaffung beteiligung betrieb
    bibliothek bildung börse breitband bürger bündnis
    daten dienst digital
    einzelhandel elektro energie entwicklung
    fahrrad feuerwehr fläche förderung forst forum
    gebäude gemeinde gesundheit gewerbe glasfaser gruppe
    handel haushalt heizung hochwasser
    infrastruktur innenstadt innovation
    kataster klima kommune kommunal konzept kultur
    labor ladesäule landkreis leerstand leitstelle leitsystem lenkung
    lösung
    management markt messe mobilität modell
    nachhaltig nahverkehr netz netzwerk nutzung
    partner partnerschaft pilot planung plattform portal programm projekt
    quartier
    radweg rathaus region
    sanierung schule schutz sensor sensorik service sicherheit smart solar
    stadt städte stadtwerk standort station steuerung strategie strom system
    technik teilhabe tourismus transformation
    umwelt unternehmen
    verkehr verwaltung versorgung
    wald wärme wasser wende werkstatt wirtschaft wissen wohnen
    zähler zentrum zukunft
    """.split()
)
_LONGEST_PART = max(len(part) for part in GERMAN_COMPOUND_PARTS)
_WORD = re.compile(r"\w+")
_TAG = re.compile(r"<[^>]+>")


def compound_parts(texts):
    """The known parts of the compounds in ``texts`` (strings; HTML tags are ignored), in
    order of first appearance, each once: ``["Digitale Leerstandsbörse"]`` →
    ``["leerstand", "börse"]``. A part that only lacks an ending of the word ("digital" in
    "digitale") is not one."""
    found = {}
    for text in texts:
        for word in _WORD.findall(_TAG.sub(" ", text).lower()):
            if len(word) < MIN_COMPOUND_LENGTH:
                continue
            for start in range(len(word) - MIN_PART_LENGTH + 1):
                longest = min(_LONGEST_PART, len(word) - start)
                for length in range(MIN_PART_LENGTH, longest + 1):
                    if start == 0 and len(word) - length <= MAX_ENDING_LENGTH:
                        continue  # "digitale", "stadtwerke": an inflection, not a compound
                    part = word[start : start + length]
                    if part in GERMAN_COMPOUND_PARTS:
                        found.setdefault(part, None)
    return list(found)

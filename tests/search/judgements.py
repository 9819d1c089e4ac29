"""A judged query set over the demo content (``load_demo_content``), for
``test_relevance.py``: what readers type and which pages must come first.

Pages are named by their slug in the query's language (slugs survive reloading the demo
content; ids do not). ``first``: the pages that must lead the results (gain 3 each in
nDCG, and the first of them found gives the reciprocal rank); ``also``: pages that belong
in the top ten, after them (gain 1); ``never``: pages that must not be among the results
at all. ``{year:<slug>}`` in a query is the year the event with that slug begins (the demo
dates its events relative to today).
"""

import re
from dataclasses import dataclass, field

from events.models import EventPage

INFLECTION = "Einzahl/Mehrzahl und Beugung"
COMPOUND = "Komposita"
SPELLING = "Umlaute und ß als ae/oe/ue/ss"
SYNONYM = "Abkürzungen und Synonyme"
TYPO = "Tippfehler"
PERSON = "Personen"
PLACE = "Orte und Kommunen"
EVENT = "Veranstaltungen und Ausgaben"
TOPIC = "Themen und Seiten"


@dataclass(frozen=True)
class Judgement:
    language: str
    query: str
    first: tuple
    also: tuple = ()
    never: tuple = ()
    kind: str = TOPIC
    note: str = field(default="", compare=False)

    def resolved_query(self):
        """The query with ``{year:<slug>}`` replaced by that event's year."""

        def year(match):
            event = EventPage.objects.get(slug=match.group(1), locale__language_code=self.language)
            return str(event.start.year)

        return re.sub(r"\{year:([\w-]+)\}", year, self.query)

    def gains(self):
        gains = dict.fromkeys(self.also, 1)
        gains.update(dict.fromkeys(self.first, 3))
        return gains


PARKING_DE = (
    "parkleitsystem-parkpilot",
    "parkleitsystem-beispielhausen",
    "parkleitsystem-beispielhausen-regelbetrieb",
)
BEISPIELHAUSEN_DE = (
    "parkleitsystem-beispielhausen",
    "umweltsensoren-beispielhausen",
    "parkleitsystem-beispielhausen-regelbetrieb",
    "interview-daten-gehoeren-in-kommunale-hand",
)
# Resources of the knowledge library about Beispielhausen (its open data, its utility).
BEISPIELHAUSEN_LIBRARY = (
    "offene-daten-beispielhausen",
    "drei-fragen-an-die-stadtwerke-beispielhausen",
)
WERKSTATT_8 = ("werkstatt-8-in-silos-oder-innovativ", "werkstatt-8")
BIBLIOTHEK = ("buergerinnen-gestalten-digitale-bibliothek",)

GERMAN = [
    # Singular/plural and inflections.
    Judgement("de", "Parkleitsysteme", PARKING_DE, kind=INFLECTION),
    Judgement("de", "Parkleitsystem", PARKING_DE, kind=INFLECTION),
    Judgement(
        "de",
        "Waldbrände",
        ("waldbrand-fruehwarnung", "werkstatt-waldmonitoring"),
        ("virtuelle-messe-wasser-forst-klimaschutz",),
        kind=INFLECTION,
    ),
    Judgement(
        "de",
        "Datenplattformen",
        ("urbane-datenplattform", "datenplattform-modellkreis"),
        (
            "deutschlandforum-19",
            "interview-daten-gehoeren-in-kommunale-hand",
            "arbeitskreis-daten",
            "folien-datenplattform-modellkreis",
        ),
        kind=INFLECTION,
    ),
    Judgement("de", "Ampeln", ("ampelsteuerung",), kind=INFLECTION),
    Judgement(
        "de",
        "Sensor",
        ("online-werkstatt-wasser-sensoren-gegen-starkregen", "parkleitsystem-parkpilot"),
        (
            "pegelwarnung-sensorik-nord",
            "umweltsensoren-sensorik-nord",
            "umweltsensoren-beispielhausen",
            "waldbrand-fruehwarnung",
            "werkstatt-waldmonitoring",
            "lorawan-netz-landkreis-modellkreis",
        ),
        kind=INFLECTION,
    ),
    Judgement(
        "de",
        "Innovationspartnerschaft",
        # The library's guide to the procedure answers the query as well as the page.
        ("innovationspartnerschaften", "leitfaden-innovationspartnerschaft"),
        (
            "parkleitsystem-beispielhausen-regelbetrieb",
            "parkleitsystem-beispielhausen",
            "projekte",
        ),
        kind=INFLECTION,
    ),
    Judgement(
        "de",
        "Stadtwerken",
        ("interview-stadtwerke-muessen-sich-neu-erfinden", "lorawan-netz-landkreis-modellkreis"),
        ("drei-fragen-an-die-stadtwerke-beispielhausen",),
        kind=INFLECTION,
    ),
    Judgement(
        "de",
        "Werkstätten",
        (
            "werkstatt-8-in-silos-oder-innovativ",
            "werkstatt-waldmonitoring",
            "online-werkstatt-wasser-sensoren-gegen-starkregen",
        ),
        ("werkstatt-8", "werkstatt-8-silos-oder-innovativ", *BIBLIOTHEK),
        kind=INFLECTION,
    ),
    # Compounds.
    Judgement(
        "de",
        "Wärmeplanung",
        ("deutschlandforum-20",),
        ("virtuelle-messe-wasser-forst-klimaschutz",),
        kind=COMPOUND,
    ),
    Judgement(
        "de",
        "kommunale Wärmeplanung",
        ("deutschlandforum-20",),
        ("virtuelle-messe-wasser-forst-klimaschutz",),
        kind=COMPOUND,
    ),
    Judgement("de", "Smart-City-Strategie", ("urbane-datenplattform",), kind=COMPOUND),
    Judgement(
        "de",
        "Smart City",
        ("urbane-datenplattform", "miriam-zimmermann"),
        ("deutschlandforum-21", "datenplattform-modellkreis"),
        kind=COMPOUND,
    ),
    Judgement(
        "de",
        "Umweltsensoren",
        ("umweltsensoren-sensorik-nord", "umweltsensoren-beispielhausen"),
        kind=COMPOUND,
    ),
    Judgement("de", "Leerstand", ("leerstandsboerse",), kind=COMPOUND),
    Judgement("de", "Wasserzähler", ("smarte-wasserzaehler",), kind=COMPOUND),
    # Umlauts and ß typed as ae/oe/ue/ss.
    Judgement(
        "de",
        "Waermeplanung",
        ("deutschlandforum-20",),
        ("virtuelle-messe-wasser-forst-klimaschutz",),
        kind=SPELLING,
    ),
    Judgement(
        "de",
        "Buergerbeteiligung",
        ("beteiligungsplattform", "regionaltreffen-sued"),
        (*BIBLIOTHEK, "deutschlandforum-22"),
        kind=SPELLING,
    ),
    Judgement("de", "Wasserzaehler", ("smarte-wasserzaehler",), kind=SPELLING),
    Judgement("de", "Foerster", ("werkstatt-waldmonitoring",), kind=SPELLING),
    Judgement("de", "Ralf Koehler", ("ralf-koehler",), kind=SPELLING),
    Judgement(
        "de",
        "Datensouveraenitaet",
        # The working group carries the word in its title (workinggroups demo).
        ("deutschlandforum-19", "interview-daten-gehoeren-in-kommunale-hand", "arbeitskreis-daten"),
        kind=SPELLING,
    ),
    Judgement("de", "Begruessung", ("virtuelle-messe-wasser-forst-klimaschutz",), kind=SPELLING),
    Judgement("de", "Buergerhaushalte", ("beteiligungsplattform",), kind=SPELLING),
    # Abbreviations and synonyms (the demo's synonym sets).
    Judgement("de", "ÖPNV", WERKSTATT_8, kind=SYNONYM),
    Judgement("de", "OEPNV", WERKSTATT_8, kind=SYNONYM),
    Judgement("de", "Nahverkehr", WERKSTATT_8, kind=SYNONYM),
    Judgement("de", "KI", ("terminbuchung-ki",), kind=SYNONYM),
    Judgement("de", "künstliche Intelligenz", ("terminbuchung-ki",), kind=SYNONYM),
    Judgement("de", "OZG", ("buergerservice-online",), kind=SYNONYM),
    Judgement(
        "de",
        "offene Daten",
        ("urbane-datenplattform", "deutschlandforum-19", "offene-daten-beispielhausen"),
        ("arbeitskreis-daten",),
        kind=SYNONYM,
    ),
    Judgement(
        "de",
        "Hochwasser",
        ("pegelwarnung-sensorik-nord", "online-werkstatt-wasser-sensoren-gegen-starkregen"),
        ("virtuelle-messe-wasser-forst-klimaschutz",),
        kind=SYNONYM,
    ),
    # A typo in a noun, a verb, an adjective, a place and a person's name.
    Judgement("de", "Parkleitsytem", PARKING_DE, kind=TYPO, note="noun"),
    Judgement("de", "Bibliothek gestallten", BIBLIOTHEK, kind=TYPO, note="verb"),
    Judgement("de", "digtale Bibliothek", BIBLIOTHEK, kind=TYPO, note="adjective"),
    Judgement(
        "de", "Beispielhausn", BEISPIELHAUSEN_DE, BEISPIELHAUSEN_LIBRARY, kind=TYPO, note="place"
    ),
    Judgement("de", "Svenja Petters", ("svenja-peters",), kind=TYPO, note="person"),
    Judgement(
        "de",
        "Klimaschtz",
        ("virtuelle-messe-wasser-forst-klimaschutz", "virtueller-marktplatz-wasser-forst-klima"),
        kind=TYPO,
        note="noun",
    ),
    # People.
    Judgement("de", "Erika Beispiel", ("erika-beispiel",), kind=PERSON),
    Judgement("de", "Sabine Krüger", ("sabine-krueger",), kind=PERSON),
    Judgement("de", "Jonas Muster", ("jonas-muster",), kind=PERSON),
    Judgement("de", "Leonie Modell", ("interview-daten-gehoeren-in-kommunale-hand",), kind=PERSON),
    # Places and municipalities.
    Judgement("de", "Beispielhausen", BEISPIELHAUSEN_DE, BEISPIELHAUSEN_LIBRARY, kind=PLACE),
    Judgement(
        "de",
        "Landkreis Modellkreis",
        ("datenplattform-modellkreis", "lorawan-netz-landkreis-modellkreis"),
        ("folien-datenplattform-modellkreis",),
        kind=PLACE,
    ),
    Judgement("de", "Regionaltreffen Süd", ("regionaltreffen-sued",), kind=PLACE),
    # Events and their editions.
    Judgement(
        "de",
        "Deutschlandforum {year:deutschlandforum-19}",
        ("deutschlandforum-19",),
        never=("deutschlandforum-18", "deutschlandforum-20", "deutschlandforum-21"),
        kind=EVENT,
    ),
    Judgement(
        "de",
        "Deutschlandforum {year:deutschlandforum-21}",
        ("deutschlandforum-21",),
        never=("deutschlandforum-19", "deutschlandforum-20", "deutschlandforum-22"),
        kind=EVENT,
    ),
    Judgement("de", "19. Deutschlandforum", ("deutschlandforum-19",), kind=EVENT),
    Judgement("de", "Werkstatt 8", WERKSTATT_8, ("werkstatt-8-silos-oder-innovativ",), kind=EVENT),
    Judgement(
        "de",
        "Virtuelle Messe",
        ("virtuelle-messe-wasser-forst-klimaschutz",),
        ("virtueller-marktplatz-wasser-forst-klima",),
        kind=EVENT,
    ),
    # Topics and pages.
    Judgement("de", "Impressum", ("impressum",)),
    Judgement("de", "Barrierefreiheit", ("barrierefreiheit",)),
    Judgement("de", "Terminbuchung", ("buergerservice-online",), ("terminbuchung-ki",)),
    Judgement("de", "Sammelband", ("sammelband-kommunale-innovationen",)),
    Judgement("de", "Förster Start-ups", ("werkstatt-waldmonitoring",)),
]

PARKING_EN = ("sensor-based-parking-guidance", "parking-guidance-beispielhausen")
SENSORS_EN = (
    "environmental-sensors-on-lorawan",
    "environmental-sensors-beispielhausen",
    "online-workshop-water-sensors-against-heavy-rain",
)
BEISPIELHAUSEN_EN = (
    "parking-guidance-beispielhausen",
    "environmental-sensors-beispielhausen",
    "parking-guidance-beispielhausen-regular-operation",
    "interview-data-belongs-in-municipal-hands",
)

ENGLISH = [
    Judgement(
        "en",
        "parking guidance",
        PARKING_EN,
        ("parking-guidance-beispielhausen-regular-operation",),
        kind=INFLECTION,
    ),
    Judgement("en", "sensors", SENSORS_EN, ("sensor-based-parking-guidance",), kind=INFLECTION),
    Judgement("en", "sensor", SENSORS_EN, ("sensor-based-parking-guidance",), kind=INFLECTION),
    Judgement(
        "en",
        "data platforms",
        ("urban-data-platform", "interview-data-belongs-in-municipal-hands"),
        ("data-working-group", "folien-datenplattform-modellkreis"),
        kind=INFLECTION,
    ),
    Judgement(
        "en",
        "innovation partnership",
        ("innovation-partnerships",),
        ("parking-guidance-beispielhausen", "parking-guidance-beispielhausen-regular-operation"),
        kind=INFLECTION,
    ),
    Judgement("en", "public transport", ("workshop-8-silos-or-innovation",), kind=SYNONYM),
    Judgement("en", "public transit", ("workshop-8-silos-or-innovation",), kind=SYNONYM),
    Judgement(
        "en",
        "flood",
        ("online-workshop-water-sensors-against-heavy-rain",),
        ("virtual-fair-water-forestry-climate",),
        kind=SYNONYM,
    ),
    Judgement(
        "en",
        "heavy rain",
        ("online-workshop-water-sensors-against-heavy-rain",),
        ("virtual-fair-water-forestry-climate",),
        kind=SYNONYM,
    ),
    Judgement("en", "paking guidance", PARKING_EN, kind=TYPO, note="noun"),
    Judgement(
        "en",
        "enviromental sensors",
        ("environmental-sensors-on-lorawan", "environmental-sensors-beispielhausen"),
        kind=TYPO,
        note="adjective",
    ),
    Judgement("en", "Erika Beispiel", ("erika-beispiel",), kind=PERSON),
    Judgement("en", "Leonie Modell", ("interview-data-belongs-in-municipal-hands",), kind=PERSON),
    Judgement("en", "mayors", ("erika-beispiel",), ("members",), kind=PERSON),
    Judgement("en", "Beispielhausen", BEISPIELHAUSEN_EN, BEISPIELHAUSEN_LIBRARY, kind=PLACE),
    Judgement(
        "en", "Deutschlandforum {year:deutschlandforum-23}", ("deutschlandforum-23",), kind=EVENT
    ),
    Judgement(
        "en",
        "co-creation",
        ("workshop-8-silos-or-innovation", "deutschlandforum-22"),
        kind=EVENT,
    ),
    Judgement(
        "en",
        "forest monitoring",
        ("virtual-fair-water-forestry-climate",),
    ),
    Judgement("en", "accessibility", ("accessibility",)),
    Judgement("en", "legal notice", ("legal-notice",)),
]

JUDGEMENTS = GERMAN + ENGLISH

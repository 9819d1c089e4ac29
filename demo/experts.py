"""Demo content of the expert database: the index page "Beraterdatenbank" (English
"Experts") in the main menu and eight fictional experts, firms and persons, with their
competences, regions, municipality sizes, languages, availability and references to the
demo projects and solutions; English translations of some.

All people and firms are fictional. Demo account (password ``demo1234``):
``demo-berater@example.org`` owns the profile "Dr. Miriam Roth" and edits it on the site.
"""

import random

from django.db import transaction
from django.utils.text import slugify

from community.models import ProjectPage, SolutionPage
from demo.community import FIRST_NAMES, LAST_NAMES, ensure_account
from demo.utils import (
    add_to_menu,
    english,
    ensure_page,
    ensure_translation,
    german,
    home_page,
    new_child_pages,
    next_number,
    topic,
)
from experts.models import (
    NATIONWIDE,
    REGION_CHOICES,
    SIZE_FIELDS,
    Availability,
    ContactVisibility,
    ExpertIndexPage,
    ExpertKind,
    ExpertLanguage,
    ExpertPage,
    ExpertRegion,
    Language,
)
from home.models import Topic

DEMO_EXPERT_ACCOUNT = "demo-berater@example.org"

# name: (kind, teaser, description, topics, regions, sizes, languages, availability,
#        projects, solutions, contact visibility, English (teaser, description) or None)
EXPERTS = {
    "Dr. Miriam Roth": (
        ExpertKind.PERSON,
        "Begleitet Kommunen von der Digitalstrategie bis zum ersten Pilotprojekt.",
        "Zehn Jahre in der Verwaltung eines Landkreises, heute selbstständig. Schwerpunkte: "
        "Strategieprozesse mit Verwaltung und Politik, Beteiligung der Beschäftigten, "
        "Innovationspartnerschaften vorbereiten.",
        ["verwaltungsdigitalisierung", "innovationskultur"],
        ["hessen", "rheinland-pfalz"],
        ["klein", "mittel", "landkreis"],
        ["de", "en"],
        Availability.LIMITED,
        ["parkleitsystem-beispielhausen"],
        [],
        ContactVisibility.SIGNED_IN,
        (
            "Supports municipalities from their digital strategy to the first pilot project.",
            "Ten years in a district administration, now self-employed. Focus: strategy "
            "processes with administration and council, involving staff, preparing "
            "innovation partnerships.",
        ),
    ),
    "Kommunalkompass Beratung GmbH": (
        ExpertKind.FIRM,
        "Beratung für Stadtwerke: Geschäftsmodelle, Datenplattformen und Förderanträge.",
        "Ein Team aus zwölf Beraterinnen und Beratern mit Erfahrung in Energie- und "
        "Wasserversorgung. Wir moderieren Workshops, schreiben Fördermittelanträge und "
        "begleiten Ausschreibungen.",
        ["energie", "wasser", "open-data"],
        ["bundesweit"],
        ["mittel", "gross"],
        ["de", "en", "fr"],
        Availability.AVAILABLE,
        ["datenplattform-modellkreis"],
        ["urbane-datenplattform", "smarte-wasserzaehler"],
        ContactVisibility.PUBLIC,
        (
            "Advice for municipal utilities: business models, data platforms and funding bids.",
            "A team of twelve consultants with experience in energy and water supply. We "
            "facilitate workshops, write funding applications and support tenders.",
        ),
    ),
    "Jonas Feld": (
        ExpertKind.PERSON,
        "Verkehrsplaner mit Blick auf kleine Städte: Parkraum, Bürgerbus und Radverkehr.",
        "Hat Parkraumkonzepte für mehrere Kleinstädte erarbeitet und kennt die Fragen, die "
        "sich bei Sensorik und Parkleitsystemen stellen.",
        ["mobilitaet", "einzelhandel"],
        ["hessen", "bayern", "baden-wuerttemberg"],
        ["klein", "mittel"],
        ["de"],
        Availability.BOOKED,
        ["parkleitsystem-beispielhausen"],
        ["parkleitsystem-parkpilot"],
        ContactVisibility.MEMBERS,
        None,
    ),
    "Partizipation Plus eG": (
        ExpertKind.FIRM,
        "Genossenschaft für Bürgerbeteiligung: online und vor Ort, barrierefrei.",
        "Wir planen Beteiligungsverfahren, moderieren Bürgerwerkstätten und schulen "
        "Verwaltungen im Umgang mit Beteiligungsplattformen.",
        ["buergerbeteiligung", "innovationskultur"],
        ["sachsen", "sachsen-anhalt", "thueringen"],
        ["klein", "mittel", "gross"],
        ["de", "pl"],
        Availability.AVAILABLE,
        [],
        ["beteiligungsplattform"],
        ContactVisibility.PUBLIC,
        (
            "A cooperative for citizen participation, online and on site, accessible to all.",
            "We plan participation processes, facilitate citizens' workshops and train "
            "administrations in using participation platforms.",
        ),
    ),
    "Hannah Becker": (
        ExpertKind.PERSON,
        "Klimaschutzmanagerin a. D., berät zu Klimaanpassung und Hitzeschutz.",
        "Erfahrung mit Klimaschutzkonzepten, Förderprogrammen und dem Aufbau von Messnetzen "
        "für Hitze und Luftqualität.",
        ["klimaschutz", "smart-region"],
        ["niedersachsen", "bremen", "hamburg"],
        ["klein", "landkreis"],
        ["de", "en", "da"],
        Availability.AVAILABLE,
        ["umweltsensoren-beispielhausen"],
        ["umweltsensoren-sensorik-nord"],
        ContactVisibility.SIGNED_IN,
        (
            "Former climate protection manager; advises on climate adaptation and heat protection.",
            "Experience with climate protection plans, funding programmes and setting up "
            "measuring networks for heat and air quality.",
        ),
    ),
    "Netzwerk Glasfaser Land GmbH": (
        ExpertKind.FIRM,
        "Planung und Ausschreibung von Glasfaser- und LoRaWAN-Netzen im ländlichen Raum.",
        "Von der Markterkundung bis zur Abnahme: Wir begleiten Landkreise und Gemeinden beim "
        "geförderten Breitbandausbau.",
        ["breitband", "smart-region"],
        ["bundesweit"],
        ["klein", "landkreis"],
        ["de"],
        Availability.LIMITED,
        [],
        [],
        ContactVisibility.PUBLIC,
        None,
    ),
    "Selin Kaya": (
        ExpertKind.PERSON,
        "Juristin für Vergaberecht und Innovationspartnerschaften.",
        "Berät Kommunen, wie sie innovative Lösungen rechtssicher beschaffen: von der "
        "Markterkundung über die Innovationspartnerschaft bis zum Regelbetrieb.",
        ["verwaltungsdigitalisierung", "daseinsvorsorge"],
        ["nordrhein-westfalen", "hessen"],
        ["mittel", "gross"],
        ["de", "tr", "en"],
        Availability.AVAILABLE,
        ["umweltsensoren-beispielhausen"],
        [],
        ContactVisibility.NOBODY,
        None,
    ),
    "Waldwissen Consulting": (
        ExpertKind.FIRM,
        "Digitale Werkzeuge für Forst und Wasserwirtschaft: Monitoring und Frühwarnung.",
        "Wir verbinden forstliche Praxis mit Sensorik und Fernerkundung und helfen "
        "Gemeinden mit großem Waldanteil bei der Waldbrandvorsorge.",
        ["forst", "wasser", "klimaschutz"],
        ["brandenburg", "mecklenburg-vorpommern", "berlin"],
        ["klein", "landkreis"],
        ["de", "en"],
        Availability.BOOKED,
        [],
        ["waldbrand-fruehwarnung", "pegelwarnung-sensorik-nord"],
        ContactVisibility.MEMBERS,
        None,
    ),
}


def load_index_page():
    home = home_page(german())
    index = ensure_page(
        home,
        ExpertIndexPage,
        "beraterdatenbank",
        title="Beraterdatenbank",
        intro="Beraterinnen, Berater und Beratungsunternehmen, die Kommunen und Stadtwerke "
        "unterstützen. Neutral: Niemand kann eine bessere Platzierung kaufen.",
    )
    ensure_translation(
        index,
        english(),
        title="Experts",
        slug="experts",
        intro="Consultants and consulting firms supporting municipalities and utilities. "
        "Neutral: nobody can buy a better place.",
    )
    add_to_menu(index)
    return index


def _pages(model, slugs):
    return list(model.objects.filter(slug__in=slugs, locale=german()))


def load_experts(index):
    owner = ensure_account(DEMO_EXPERT_ACCOUNT, "Miriam", "Roth", member=False)
    pages = []
    for number, (name, spec) in enumerate(EXPERTS.items(), start=1):
        (kind, teaser, description, topics, regions, sizes, languages, availability) = spec[:8]
        projects, solutions, visibility, in_english = spec[8:]
        domain = slugify(name).replace("-", "")[:20]
        page = ensure_page(
            index,
            ExpertPage,
            slugify(name.replace("Dr. ", "")),
            title=name,
            name=name,
            kind=kind,
            teaser=teaser,
            description=description,
            topics=[topic(slug) for slug in topics],
            regions=[ExpertRegion(region=region) for region in regions],
            languages=[ExpertLanguage(language=code) for code in languages],
            availability=availability,
            reference_projects=_pages(ProjectPage, projects),
            reference_solutions=_pages(SolutionPage, solutions),
            website=f"https://{domain}.example.org/",
            contact_email=f"kontakt@{domain}.example.org",
            contact_phone=f"0{number}1 23 45 6{number}",
            contact_visibility=visibility,
            user=owner if number == 1 else None,
            **{field: size in sizes for size, field in SIZE_FIELDS.items()},
        )
        if in_english:
            teaser_en, description_en = in_english
            ensure_translation(page, english(), teaser=teaser_en, description=description_en)
        pages.append(page)
    return pages


def load(stdout=None):
    index = load_index_page()
    load_experts(index)
    if stdout is not None:
        stdout.write(f"  {ExpertPage.objects.filter(locale=german()).count()} expert profiles")


# --- Large volumes for benchmarks --------------------------------------------------------

BULK_PREFIX = "berater-"


def seed_bulk(scale=1, stdout=None):
    """Add 1,000 expert profiles (at scale 1) in bulk, on top of the demo content: persons
    and firms with one to three topics, one to three regions (a tenth nationwide), German
    and up to two more languages, municipality sizes and an availability. The numbering
    continues on a second run. The search index is not updated (``manage.py
    update_index``)."""
    load()
    rng = random.Random(20260115)
    count = max(1, int(1000 * scale))
    topic_ids = list(
        Topic.objects.filter(locale=german()).order_by("pk").values_list("pk", flat=True)
    )
    states = [value for value, _label in REGION_CHOICES if value != NATIONWIDE]
    languages = [language.value for language in Language if language != Language.GERMAN]
    index = ExpertIndexPage.objects.get(locale=german())
    with transaction.atomic():
        first = next_number(index, BULK_PREFIX)
        specs = []
        for number in range(first, first + count):
            kind = ExpertKind.FIRM if number % 3 == 0 else ExpertKind.PERSON
            if kind == ExpertKind.FIRM:
                name = f"{rng.choice(LAST_NAMES)} Beratung {number} GmbH"
            else:
                name = f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)} {number}"
            spec = {
                "title": name,
                "slug": f"{BULK_PREFIX}{number}",
                "name": name,
                "kind": kind,
                "teaser": "Synthetisches Beraterprofil für Lasttests.",
                "description": "Synthetisches Beraterprofil für Lasttests.",
                "availability": rng.choice(Availability.values),
                "contact_email": f"berater-{number}@bulk.example.org",
                "contact_visibility": rng.choice(ContactVisibility.values),
            }
            for field in SIZE_FIELDS.values():
                spec[field] = rng.random() < 0.5
            specs.append(spec)
        ids = new_child_pages(index, ExpertPage, specs)
        ExpertPage.topics.through.objects.bulk_create(
            [
                ExpertPage.topics.through(expertpage_id=page_id, topic_id=topic_id)
                for page_id in ids
                for topic_id in rng.sample(topic_ids, k=rng.randint(1, 3))
            ],
            batch_size=2000,
        )
        regions = []
        for page_id in ids:
            chosen = [NATIONWIDE] if rng.random() < 0.1 else rng.sample(states, rng.randint(1, 3))
            regions.extend(ExpertRegion(expert_id=page_id, region=region) for region in chosen)
        ExpertRegion.objects.bulk_create(regions, batch_size=2000)
        ExpertLanguage.objects.bulk_create(
            [
                ExpertLanguage(expert_id=page_id, language=language)
                for page_id in ids
                for language in ["de", *rng.sample(languages, rng.randint(0, 2))]
            ],
            batch_size=2000,
        )
    if stdout is not None:
        stdout.write(f"  +{len(ids)} expert profiles")

"""Demo content of the community app: the member directory, the marketplace and the
project index, organisations of every type, about 25 fictional members with profiles (a
few with accounts) and 90 more without a profile (the club has "more than 100"), a dozen
solutions with reference municipalities and a few pilot projects,
with English translations of some.

All people, places and companies are fictional. Demo accounts (password ``demo1234``):
``demo-mitglied-1@example.org`` ... ``demo-mitglied-5@example.org`` (members),
``demo-anbieter@example.org`` (represents two providers), ``demo-gast@example.org``
(registered, not a member).
"""

import datetime
import random

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils.text import slugify

from community.models import (
    SIZE_FIELDS,
    ApplicationField,
    Maturity,
    MemberIndexPage,
    MemberPage,
    Organisation,
    OrganisationType,
    PartnerRole,
    PriceModel,
    ProjectIndexPage,
    ProjectPage,
    ProjectPartner,
    ProjectPhase,
    SolutionIndexPage,
    SolutionPage,
    SolutionReference,
    State,
)
from demo.utils import (
    add_to_menu,
    demo_image,
    demo_portrait,
    english,
    ensure_page,
    ensure_snippet_translation,
    ensure_translation,
    german,
    home_page,
    new_child_pages,
    next_number,
    rich,
    topic,
)
from home.models import Topic
from portal.membership import grant_membership, members_group
from portal.slugs import german_slugify

DEMO_PASSWORD = "demo1234"

APPLICATION_FIELDS = [
    ("wasser", "Wasser", "Water"),
    ("mobilitaet", "Mobilität", "Mobility"),
    ("energie", "Energie", "Energy"),
    ("klimaschutz", "Klimaschutz", "Climate protection"),
    ("einzelhandel", "Einzelhandel", "Retail"),
    ("verwaltung", "Verwaltung", "Administration"),
    ("gesundheit", "Gesundheit und Pflege", "Health and care"),
    ("bildung", "Bildung", "Education"),
    ("abfall", "Abfall und Stadtreinigung", "Waste and street cleaning"),
    ("sicherheit", "Sicherheit und Katastrophenschutz", "Safety and civil protection"),
]

# slug: (name, type, city, state, description)
ORGANISATIONS = {
    "stadt-musterstadt": (
        "Stadt Musterstadt",
        OrganisationType.KOMMUNE,
        "Musterstadt",
        State.HESSEN,
        "Mittelstadt mit 48.000 Einwohnerinnen und Einwohnern und einer eigenen Digitalstrategie.",
    ),
    "gemeinde-beispielhausen": (
        "Gemeinde Beispielhausen",
        OrganisationType.KOMMUNE,
        "Beispielhausen",
        State.HESSEN,
        "Kleinstadt mit 9.500 Einwohnern, Vorreiterin bei Innovationspartnerschaften.",
    ),
    "stadt-neustadt-am-modell": (
        "Stadt Neustadt am Modell",
        OrganisationType.KOMMUNE,
        "Neustadt am Modell",
        State.NORDRHEIN_WESTFALEN,
        "Großstadt mit einer urbanen Datenplattform.",
    ),
    "stadt-seeberg": (
        "Stadt Seeberg",
        OrganisationType.KOMMUNE,
        "Seeberg",
        State.BAYERN,
        "Tourismusort am See mit saisonal stark schwankendem Verkehr.",
    ),
    "gemeinde-lindental": (
        "Gemeinde Lindental",
        OrganisationType.KOMMUNE,
        "Lindental",
        State.SACHSEN,
        "Ländliche Gemeinde, die ihre Daseinsvorsorge digital sichert.",
    ),
    "landkreis-modellkreis": (
        "Landkreis Modellkreis",
        OrganisationType.LANDKREIS,
        "Kreisstadt Modellheim",
        State.NIEDERSACHSEN,
        "Flächenkreis mit 31 Gemeinden und einem gemeinsamen Breitbandprojekt.",
    ),
    "landkreis-talheim": (
        "Landkreis Talheim",
        OrganisationType.LANDKREIS,
        "Talheim",
        State.BADEN_WUERTTEMBERG,
        "Landkreis mit einem Smart-Region-Programm für Mobilität und Forst.",
    ),
    "stadtwerke-musterstadt": (
        "Stadtwerke Musterstadt",
        OrganisationType.STADTWERK,
        "Musterstadt",
        State.HESSEN,
        "Energie, Wasser, Bäder und Busverkehr für Musterstadt und Umgebung.",
    ),
    "wasserverband-beispieltal": (
        "Wasserverband Beispieltal",
        OrganisationType.STADTWERK,
        "Beispieltal",
        State.RHEINLAND_PFALZ,
        "Kommunales Unternehmen für Trinkwasser und Abwasser in zwölf Gemeinden.",
    ),
    "parkpilot": (
        "ParkPilot GmbH",
        OrganisationType.STARTUP,
        "Frankfurt am Main",
        State.HESSEN,
        "Start-up für sensorgestützte Parkraumerfassung und Parkleitsysteme.",
    ),
    "sensorik-nord": (
        "Sensorik Nord UG",
        OrganisationType.STARTUP,
        "Kiel",
        State.SCHLESWIG_HOLSTEIN,
        "Günstige LoRaWAN-Sensoren für Umwelt-, Pegel- und Bodenfeuchtedaten.",
    ),
    "datakommune": (
        "DataKommune GmbH",
        OrganisationType.LOESUNGSANBIETER,
        "Leipzig",
        State.SACHSEN,
        "Urbane Datenplattformen auf Open-Source-Basis für Kommunen.",
    ),
    "verwaltung-digital": (
        "Verwaltung Digital AG",
        OrganisationType.LOESUNGSANBIETER,
        "Hannover",
        State.NIEDERSACHSEN,
        "Onlinedienste und Terminmanagement für Bürgerämter.",
    ),
    "gruene-welle-systeme": (
        "Grüne Welle Systeme GmbH",
        OrganisationType.LOESUNGSANBIETER,
        "Stuttgart",
        State.BADEN_WUERTTEMBERG,
        "Verkehrssteuerung und Mobilitätsdaten.",
    ),
    "netzwerk-kommunale-innovation": (
        "Netzwerk Kommunale Innovation e. V.",
        OrganisationType.VERBAND,
        "Berlin",
        State.BERLIN,
        "Verband, der Kommunen, Stadtwerke und Anbieter zusammenbringt.",
    ),
    "hochschule-beispielhausen": (
        "Hochschule Beispielhausen – Institut für Stadtdaten",
        OrganisationType.WISSENSCHAFT,
        "Beispielhausen",
        State.HESSEN,
        "Forschung zu kommunalen Daten, Sensorik und Beteiligung.",
    ),
}

# (first, last, role, organisation slug, topics, account number or None, English role)
MEMBERS = [
    (
        "Erika",
        "Beispiel",
        "Bürgermeisterin",
        "gemeinde-beispielhausen",
        ["mobilitaet", "innovationskultur"],
        1,
        "Mayor",
    ),
    (
        "Jonas",
        "Muster",
        "Chief Digital Officer",
        "stadt-musterstadt",
        ["verwaltungsdigitalisierung", "open-data"],
        2,
        "Chief Digital Officer",
    ),
    (
        "Aylin",
        "Demir",
        "Geschäftsführerin",
        "stadtwerke-musterstadt",
        ["energie", "wasser"],
        3,
        "Managing Director",
    ),
    (
        "Thomas",
        "Lindner",
        "Landrat",
        "landkreis-modellkreis",
        ["breitband", "daseinsvorsorge"],
        4,
        None,
    ),
    (
        "Sabine",
        "Krüger",
        "Oberbürgermeisterin",
        "stadt-neustadt-am-modell",
        ["smart-region", "open-data"],
        5,
        None,
    ),
    (
        "Markus",
        "Hofmann",
        "Leiter Stadtentwicklung",
        "stadt-seeberg",
        ["einzelhandel", "mobilitaet"],
        None,
        None,
    ),
    (
        "Julia",
        "Schneider",
        "Digitalisierungsbeauftragte",
        "gemeinde-lindental",
        ["daseinsvorsorge", "buergerbeteiligung"],
        None,
        None,
    ),
    ("Stefan", "Wagner", "Bürgermeister", "gemeinde-lindental", ["daseinsvorsorge"], None, None),
    (
        "Nadine",
        "Becker",
        "Kämmerin",
        "stadt-musterstadt",
        ["verwaltungsdigitalisierung"],
        None,
        None,
    ),
    (
        "Oliver",
        "Schulz",
        "Technischer Geschäftsführer",
        "wasserverband-beispieltal",
        ["wasser", "klimaschutz"],
        None,
        None,
    ),
    (
        "Katharina",
        "Richter",
        "Klimaschutzmanagerin",
        "landkreis-talheim",
        ["klimaschutz", "forst"],
        None,
        None,
    ),
    (
        "Andreas",
        "Wolf",
        "Kreisdirektor",
        "landkreis-talheim",
        ["forst", "smart-region"],
        None,
        None,
    ),
    (
        "Leonie",
        "Neumann",
        "Leiterin Bürgeramt",
        "stadt-neustadt-am-modell",
        ["verwaltungsdigitalisierung", "buergerbeteiligung"],
        None,
        None,
    ),
    (
        "Florian",
        "Schwarz",
        "Wirtschaftsförderer",
        "stadt-seeberg",
        ["einzelhandel", "innovationskultur"],
        None,
        None,
    ),
    (
        "Miriam",
        "Zimmermann",
        "Referentin Smart City",
        "stadt-musterstadt",
        ["smart-region", "mobilitaet"],
        None,
        None,
    ),
    ("Daniel", "Braun", "Vorstand", "stadtwerke-musterstadt", ["energie", "breitband"], None, None),
    (
        "Hannah",
        "Hartmann",
        "Bürgermeisterin",
        "stadt-seeberg",
        ["mobilitaet", "klimaschutz"],
        None,
        None,
    ),
    (
        "Sebastian",
        "Krause",
        "IT-Leiter",
        "landkreis-modellkreis",
        ["breitband", "open-data"],
        None,
        None,
    ),
    (
        "Laura",
        "Lange",
        "Professorin für Stadtdaten",
        "hochschule-beispielhausen",
        ["open-data", "buergerbeteiligung"],
        None,
        None,
    ),
    (
        "Michael",
        "Werner",
        "Geschäftsführer",
        "netzwerk-kommunale-innovation",
        ["innovationskultur"],
        None,
        None,
    ),
    (
        "Svenja",
        "Peters",
        "Leiterin Mobilität",
        "stadt-neustadt-am-modell",
        ["mobilitaet"],
        None,
        None,
    ),
    ("Ralf", "Köhler", "Werkleiter", "wasserverband-beispieltal", ["wasser"], None, None),
    (
        "Carina",
        "Vogel",
        "Quartiersmanagerin",
        "gemeinde-beispielhausen",
        ["einzelhandel", "buergerbeteiligung"],
        None,
        None,
    ),
    (
        "Tobias",
        "Fuchs",
        "Bürgermeister",
        "gemeinde-beispielhausen",
        ["klimaschutz", "energie"],
        None,
        None,
    ),
    (
        "Ines",
        "Berger",
        "Leiterin Digitalisierung",
        "landkreis-modellkreis",
        ["verwaltungsdigitalisierung", "daseinsvorsorge"],
        None,
        None,
    ),
]

BIO = (
    "{first} {last} arbeitet als {role} bei {organisation}. Im Club tauscht {pronoun} sich vor "
    "allem über {topics} aus und freut sich über Anfragen von Kommunen mit ähnlichen Projekten."
)

# slug: (title, provider, teaser, maturity, sizes, price, topics, fields, references, English)
SOLUTIONS = {
    "parkleitsystem-parkpilot": (
        "Sensorgestütztes Parkleitsystem",
        "parkpilot",
        "Bodensensoren erkennen freie Stellplätze; digitale Tafeln und eine offene "
        "Schnittstelle leiten Autofahrer direkt dorthin.",
        Maturity.OPERATION,
        ["klein", "mittel"],
        PriceModel.SUBSCRIPTION,
        ["mobilitaet", "einzelhandel"],
        ["mobilitaet", "einzelhandel"],
        [("Beispielhausen", State.HESSEN, 2022), ("Seeberg", State.BAYERN, 2023)],
        (
            "Sensor-based parking guidance",
            "Ground sensors detect free parking spaces; "
            "digital signs and an open interface guide drivers straight there.",
        ),
    ),
    "umweltsensoren-sensorik-nord": (
        "Umweltsensoren im LoRaWAN",
        "sensorik-nord",
        "Feinstaub, Lärm, Temperatur und Luftfeuchte an vielen Orten messen: günstige "
        "Sensoren, eigenes Funknetz, Daten offen auf der Karte.",
        Maturity.PILOT,
        ["klein", "mittel", "landkreis"],
        PriceModel.LICENCE,
        ["klimaschutz", "open-data", "smart-region"],
        ["klimaschutz", "gesundheit"],
        [("Beispielhausen", State.HESSEN, 2023), ("Lindental", State.SACHSEN, 2024)],
        (
            "Environmental sensors on LoRaWAN",
            "Measure particulate matter, noise, temperature "
            "and humidity in many places: low-cost sensors, your own radio network, open data.",
        ),
    ),
    "pegelwarnung-sensorik-nord": (
        "Pegel- und Starkregenwarnung",
        "sensorik-nord",
        "Pegelsensoren an Bächen und Kanälen melden steigende Wasserstände und warnen "
        "Bauhof und Feuerwehr frühzeitig.",
        Maturity.OPERATION,
        ["klein", "landkreis"],
        PriceModel.SUBSCRIPTION,
        ["wasser", "klimaschutz"],
        ["wasser", "sicherheit"],
        [("Beispieltal", State.RHEINLAND_PFALZ, 2021), ("Modellheim", State.NIEDERSACHSEN, 2023)],
        None,
    ),
    "urbane-datenplattform": (
        "Urbane Datenplattform",
        "datakommune",
        "Eine offene Plattform, die Daten aus Sensoren, Fachverfahren und Open Data "
        "zusammenführt, in kommunaler Hand: das Rückgrat einer Smart-City-Strategie.",
        Maturity.OPERATION,
        ["mittel", "gross", "landkreis"],
        PriceModel.FREE,
        ["open-data", "smart-region"],
        ["verwaltung", "mobilitaet", "energie"],
        [
            ("Neustadt am Modell", State.NORDRHEIN_WESTFALEN, 2021),
            ("Musterstadt", State.HESSEN, 2022),
        ],
        (
            "Urban data platform",
            "An open platform that brings together data from sensors, "
            "administrative systems and open data, under municipal control.",
        ),
    ),
    "buergerservice-online": (
        "Bürgerservice online",
        "verwaltung-digital",
        "Onlinedienste nach dem Onlinezugangsgesetz, Terminbuchung und digitale Akte für "
        "das Bürgeramt.",
        Maturity.OPERATION,
        ["klein", "mittel", "gross"],
        PriceModel.SUBSCRIPTION,
        ["verwaltungsdigitalisierung"],
        ["verwaltung"],
        [
            ("Neustadt am Modell", State.NORDRHEIN_WESTFALEN, 2020),
            ("Lindental", State.SACHSEN, 2022),
            ("Seeberg", State.BAYERN, 2023),
        ],
        None,
    ),
    "terminbuchung-ki": (
        "Terminassistent für Bürgerämter",
        "verwaltung-digital",
        "Ein KI-Assistent beantwortet häufige Fragen rund um die Uhr und bucht Termine; "
        "Mitarbeitende behalten die Kontrolle.",
        Maturity.PROTOTYPE,
        ["mittel", "gross"],
        PriceModel.ON_REQUEST,
        ["verwaltungsdigitalisierung"],
        ["verwaltung"],
        [],
        None,
    ),
    "ampelsteuerung": (
        "Adaptive Ampelsteuerung",
        "gruene-welle-systeme",
        "Ampeln reagieren auf das tatsächliche Verkehrsaufkommen; Busse und Radverkehr "
        "bekommen Vorrang.",
        Maturity.PILOT,
        ["mittel", "gross"],
        PriceModel.LICENCE,
        ["mobilitaet", "klimaschutz"],
        ["mobilitaet"],
        [("Musterstadt", State.HESSEN, 2024)],
        None,
    ),
    "leerstandsboerse": (
        "Digitale Leerstandsbörse",
        "datakommune",
        "Leerstehende Ladenlokale sichtbar machen und mit Gründerinnen und Pop-up-Ideen "
        "zusammenbringen.",
        Maturity.PILOT,
        ["klein", "mittel"],
        PriceModel.SUBSCRIPTION,
        ["einzelhandel", "innovationskultur"],
        ["einzelhandel"],
        [("Seeberg", State.BAYERN, 2024)],
        None,
    ),
    "smarte-wasserzaehler": (
        "Funkwasserzähler mit Leckerkennung",
        "wasserverband-beispieltal",
        "Funkauslesbare Wasserzähler finden Leckagen im Netz und ersparen Ablesetermine.",
        Maturity.OPERATION,
        ["klein", "mittel", "landkreis"],
        PriceModel.USAGE,
        ["wasser", "daseinsvorsorge"],
        ["wasser"],
        [("Beispieltal", State.RHEINLAND_PFALZ, 2019)],
        None,
    ),
    "waldbrand-fruehwarnung": (
        "Waldbrand-Frühwarnung",
        "sensorik-nord",
        "Gassensoren im Wald erkennen Schwelbrände, bevor Flammen sichtbar sind.",
        Maturity.IDEA,
        ["landkreis"],
        PriceModel.ON_REQUEST,
        ["forst", "klimaschutz"],
        ["sicherheit", "klimaschutz"],
        [],
        None,
    ),
    "energiemonitoring-liegenschaften": (
        "Energiemonitoring für Liegenschaften",
        "stadtwerke-musterstadt",
        "Verbrauch von Schulen, Hallen und Rathaus in Echtzeit sehen und Sparpotenziale finden.",
        Maturity.OPERATION,
        ["klein", "mittel", "gross"],
        PriceModel.SUBSCRIPTION,
        ["energie", "klimaschutz"],
        ["energie", "bildung"],
        [("Musterstadt", State.HESSEN, 2021), ("Beispielhausen", State.HESSEN, 2023)],
        None,
    ),
    "beteiligungsplattform": (
        "Beteiligungsplattform",
        "hochschule-beispielhausen",
        "Open-Source-Werkzeug für Umfragen, Ideensammlungen und Bürgerhaushalte, entwickelt "
        "mit Kommunen.",
        Maturity.PROTOTYPE,
        ["klein", "mittel"],
        PriceModel.FREE,
        ["buergerbeteiligung", "open-data"],
        ["verwaltung"],
        [("Lindental", State.SACHSEN, 2024)],
        None,
    ),
}


def load_application_fields():
    de, en = german(), english()
    fields = {}
    for slug, name_de, name_en in APPLICATION_FIELDS:
        field, _ = ApplicationField.objects.get_or_create(
            slug=slug, locale=de, defaults={"name": name_de}
        )
        ensure_snippet_translation(field, en, name=name_en)
        fields[slug] = field
    return fields


def load_organisations():
    organisations = {}
    for slug, (name, kind, city, state, description) in ORGANISATIONS.items():
        organisations[slug], _ = Organisation.objects.get_or_create(
            slug=slug,
            defaults={
                "name": name,
                "organisation_type": kind,
                "city": city,
                "state": state,
                "description": description,
                "website": f"https://{slug}.example.org/",
                "contact_email": f"kontakt@{slug}.example.org",
            },
        )
    return organisations


def ensure_account(email, first_name, last_name, member=True):
    """A demo account with a verified e-mail address (idempotent)."""
    from allauth.account.models import EmailAddress

    User = get_user_model()
    user, created = User.objects.get_or_create(
        email=email, defaults={"first_name": first_name, "last_name": last_name}
    )
    if created:
        user.set_password(DEMO_PASSWORD)
        user.save(update_fields=["password"])
    EmailAddress.objects.get_or_create(
        user=user, email=email, defaults={"verified": True, "primary": True}
    )
    if member:
        grant_membership(user)
    return user


def load_index_pages():
    de, en = german(), english()
    home = home_page(de)
    members = ensure_page(
        home,
        MemberIndexPage,
        "mitglieder",
        title="Mitglieder",
        intro="Bürgermeisterinnen, Landräte, Digitalverantwortliche und Stadtwerke: Finden Sie "
        "Menschen, die an ähnlichen Vorhaben arbeiten.",
    )
    marketplace = ensure_page(
        home,
        SolutionIndexPage,
        "marktplatz",
        title="Marktplatz",
        intro="Lösungen für die Kommune von morgen: Filtern Sie nach Thema, Reifegrad, Größe "
        "Ihrer Kommune und Referenzen, und fragen Sie Anbieter direkt an.",
    )
    projects = ensure_page(
        home,
        ProjectIndexPage,
        "projekte",
        title="Projekte",
        intro="Pilotprojekte und Innovationspartnerschaften, die der Club begleitet: was "
        "geplant war, was geklappt hat und was wir daraus gelernt haben.",
    )
    ensure_translation(
        members,
        en,
        title="Members",
        slug="members",
        intro="Mayors, district administrators, chief digital officers and municipal utilities: "
        "find people working on similar projects.",
    )
    ensure_translation(
        marketplace,
        en,
        title="Marketplace",
        slug="marketplace",
        intro="Solutions for tomorrow's municipality: filter by topic, maturity, size of your "
        "municipality and references, and contact providers directly.",
    )
    ensure_translation(
        projects,
        en,
        title="Projects",
        slug="projects",
        intro="Pilot projects and innovation partnerships supported by the club: what was "
        "planned, what worked and what we learnt.",
    )
    for page in (members, marketplace, projects):
        add_to_menu(page)
    return members, marketplace, projects


def load_members(directory, organisations):
    en = english()
    pages = []
    for number, (first, last, role, org_slug, topic_slugs, account, role_en) in enumerate(
        MEMBERS, start=1
    ):
        organisation = organisations[org_slug]
        user = None
        if account:
            user = ensure_account(f"demo-mitglied-{account}@example.org", first, last)
        topics = [topic(slug) for slug in topic_slugs]
        pronoun = (
            "sie"
            if first
            in {
                "Erika",
                "Aylin",
                "Sabine",
                "Julia",
                "Nadine",
                "Katharina",
                "Leonie",
                "Miriam",
                "Hannah",
                "Laura",
                "Svenja",
                "Carina",
                "Ines",
            }
            else "er"
        )
        page = ensure_page(
            directory,
            MemberPage,
            german_slugify(f"{first} {last}"),
            former_slugs=[slugify(f"{first} {last}")],
            title=f"{first} {last}",
            first_name=first,
            last_name=last,
            role=role,
            organisation=organisation,
            state=organisation.state,
            topics=topics,
            user=user,
            photo=demo_portrait(f"Porträt {first} {last}", seed=number) if number <= 8 else None,
            bio=BIO.format(
                first=first,
                last=last,
                role=role,
                organisation=organisation.name,
                pronoun=pronoun,
                topics=" und ".join(t.name for t in topics),
            ),
            contact_permission=MemberPage.ContactPermission.MEMBERS
            if number % 3
            else MemberPage.ContactPermission.SIGNED_IN,
            website=organisation.website if number % 4 == 0 else "",
        )
        if role_en:
            ensure_translation(
                page,
                en,
                role=role_en,
                bio=f"{first} {last} works as {role_en.lower()} at {organisation.name} and "
                "is happy to hear from municipalities with similar projects.",
            )
        pages.append(page)
    return pages


def load_solutions(marketplace, organisations, fields):
    en = english()
    pages = {}
    for number, (slug, spec) in enumerate(SOLUTIONS.items(), start=1):
        title, provider, teaser, maturity, sizes, price, topics, field_slugs, refs, english_ = spec
        references = [
            SolutionReference(
                name=name,
                state=state,
                since_year=year,
                organisation=Organisation.objects.filter(
                    city=name,
                    organisation_type__in=[OrganisationType.KOMMUNE, OrganisationType.LANDKREIS],
                ).first(),
            )
            for name, state, year in refs
        ]
        page = ensure_page(
            marketplace,
            SolutionPage,
            slug,
            title=title,
            provider=organisations[provider],
            teaser=teaser,
            description=rich(
                teaser,
                "Die Lösung wird gemeinsam mit Kommunen weiterentwickelt. Referenzkommunen "
                "berichten gern von ihren Erfahrungen; fragen Sie über das Kontaktformular an.",
            ),
            # The first solution has a picture of its own; the others show their topic's
            # generated pictogram (home/pictures.py).
            image=demo_image(f"Lösung {title}", seed=100 + number) if number == 1 else None,
            maturity=maturity,
            price_model=price,
            price_note="Sonderkonditionen für Mitglieder des Clubs." if number % 2 else "",
            topics=[topic(slug) for slug in topics],
            application_fields=[fields[slug] for slug in field_slugs],
            references=references,
            contact_name="Vertrieb Kommunen",
            contact_role="Ansprechpartner für Kommunen",
            **{SIZE_FIELDS[size]: size in sizes for size in SIZE_FIELDS},
        )
        if english_:
            title_en, teaser_en = english_
            ensure_translation(
                page,
                en,
                title=title_en,
                slug=slugify(title_en),
                teaser=teaser_en,
                description=rich(
                    teaser_en,
                    "The solution is being developed further together with municipalities. "
                    "Reference municipalities are happy to share their experience; ask "
                    "through the contact form.",
                ),
                price_note="Special terms for club members." if number % 2 else "",
                contact_role="Contact for municipalities",
            )
        pages[slug] = page
    return pages


def load_projects(index, organisations, solutions):
    en = english()
    parking = ensure_page(
        index,
        ProjectPage,
        "parkleitsystem-beispielhausen",
        title="Parkleitsystem für die Altstadt von Beispielhausen",
        teaser="Eine Kleinstadt entwickelt mit einem Start-up ein Parkleitsystem – als "
        "Innovationspartnerschaft in zwei Phasen.",
        phase=ProjectPhase.OPERATION,
        start_date=datetime.date(2021, 4, 1),
        topics=[topic("mobilitaet"), topic("einzelhandel")],
        image=demo_image("Projekt Parkleitsystem", seed=201),
        problem=rich(
            "Samstags kreisten Autos durch die engen Gassen der Altstadt auf der Suche nach "
            "einem Parkplatz. Der Handel klagte, Anwohnende auch. Eine fertige Lösung für "
            "eine Stadt dieser Größe gab es am Markt nicht."
        ),
        approach=rich(
            "Die Gemeinde schloss mit einem Start-up eine Innovationspartnerschaft. In der "
            "Forschungs- und Entwicklungsphase baute das Start-up einen Prototyp; die "
            "Gemeinde stellte zwei Parkplätze als Testfeld und das Glasfasernetz bereit und "
            "trug die Investitionskosten samt kleiner Prämie unterhalb der Vergabeschwelle.",
            "Nach einem halben Jahr Testbetrieb vereinbarten beide die Leistungsphase: den "
            "Regelbetrieb für alle 420 Stellplätze der Innenstadt.",
        ),
        results=rich(
            "Der Parksuchverkehr in der Altstadt ging deutlich zurück. Die Daten fließen in "
            "die Verkehrsplanung ein; die Gemeinde ist heute Referenz für andere Kleinstädte."
        ),
        lessons_learnt=rich(
            "Klare Ziele für den Testbetrieb vorab vereinbaren. Den Handel früh einbinden. "
            "Offene Schnittstellen verlangen, damit die Daten der Kommune gehören."
        ),
        solutions=[solutions["parkleitsystem-parkpilot"]],
        partners=[
            ProjectPartner(
                organisation=organisations["gemeinde-beispielhausen"],
                role=PartnerRole.MUNICIPALITY,
            ),
            ProjectPartner(organisation=organisations["parkpilot"], role=PartnerRole.INNOVATOR),
            ProjectPartner(
                organisation=organisations["hochschule-beispielhausen"],
                role=PartnerRole.RESEARCH,
            ),
        ],
    )
    sensors = ensure_page(
        index,
        ProjectPage,
        "umweltsensoren-beispielhausen",
        title="Umweltsensoren für Beispielhausen",
        teaser="Zwanzig Sensoren messen Luft, Lärm und Hitze – ein Testbetrieb, der zeigen soll, "
        "wo die Stadt nachsteuern muss.",
        phase=ProjectPhase.TRIAL,
        start_date=datetime.date(2023, 6, 1),
        topics=[topic("klimaschutz"), topic("open-data")],
        # No picture of its own: the card shows the climate topic's pictogram.
        problem=rich(
            "Wie heiß wird es im Sommer auf dem Marktplatz, wie laut an der Ortsdurchfahrt? "
            "Bislang gab es dazu nur Schätzungen."
        ),
        approach=rich(
            "Im Rahmen derselben Innovationspartnerschaft installiert ein junges Unternehmen "
            "Sensoren an Laternen und Schulen. Ein LoRaWAN-Netz der Stadtwerke überträgt die "
            "Daten; Schülerinnen und Schüler werten sie im Unterricht aus."
        ),
        results=rich(
            "Erste Hitzekarten liegen vor. Über den Regelbetrieb entscheidet der Gemeinderat, "
            "sobald der Testbetrieb ausgewertet ist."
        ),
        lessons_learnt=rich("Sensorstandorte mit Bürgerinnen und Bürgern gemeinsam auswählen."),
        solutions=[solutions["umweltsensoren-sensorik-nord"]],
        partners=[
            ProjectPartner(
                organisation=organisations["gemeinde-beispielhausen"],
                role=PartnerRole.MUNICIPALITY,
            ),
            ProjectPartner(organisation=organisations["sensorik-nord"], role=PartnerRole.INNOVATOR),
        ],
    )
    ensure_page(
        index,
        ProjectPage,
        "datenplattform-modellkreis",
        title="Gemeinsame Datenplattform im Landkreis Modellkreis",
        teaser="31 Gemeinden, eine Plattform: Der Landkreis erprobt, wie kleine Gemeinden "
        "Daten gemeinsam nutzen können.",
        phase=ProjectPhase.RESEARCH,
        start_date=datetime.date(2024, 9, 1),
        topics=[topic("open-data"), topic("smart-region"), topic("daseinsvorsorge")],
        problem=rich("Einzelne Gemeinden können sich keine eigene Datenplattform leisten."),
        approach=rich(
            "Der Landkreis betreibt eine Plattform für alle Gemeinden; ein Anbieter entwickelt "
            "in einer ersten Phase die Anbindung an bestehende Fachverfahren."
        ),
        solutions=[solutions["urbane-datenplattform"]],
        partners=[
            ProjectPartner(
                organisation=organisations["landkreis-modellkreis"],
                role=PartnerRole.MUNICIPALITY,
            ),
            ProjectPartner(organisation=organisations["datakommune"], role=PartnerRole.INNOVATOR),
        ],
    )
    ensure_translation(
        parking,
        en,
        title="Parking guidance for the old town of Beispielhausen",
        slug="parking-guidance-beispielhausen",
        teaser="A small town develops a parking guidance system with a start-up, as an "
        "innovation partnership in two stages.",
        problem=rich(
            "On Saturdays, cars circled the narrow streets of the old town looking for a space. "
            "No ready-made solution for a town of this size existed on the market."
        ),
        approach=rich(
            "The town and a start-up agreed an innovation partnership: a prototype and a trial "
            "on two car parks first, then regular operation for all 420 spaces."
        ),
        results=rich("Traffic searching for parking fell noticeably; the town is a reference."),
        lessons_learnt=rich("Agree on clear goals for the trial. Involve local shops early."),
    )
    ensure_translation(
        sensors,
        en,
        title="Environmental sensors for Beispielhausen",
        slug="environmental-sensors-beispielhausen",
        teaser="Twenty sensors measure air, noise and heat in a trial that shows where the town "
        "needs to act.",
        problem=rich(
            "How hot does the market square get in summer, how loud is the main road through "
            "town? Until now there were only estimates."
        ),
        approach=rich(
            "Within the same innovation partnership, a young company installs sensors on lamp "
            "posts and schools. The municipal utility's LoRaWAN network transmits the data; "
            "pupils analyse them in class."
        ),
        results=rich(
            "The first heat maps are available. The town council decides on regular operation "
            "once the trial has been evaluated."
        ),
        lessons_learnt=rich("Choose sensor locations together with citizens."),
    )


def load_accounts(organisations):
    provider = ensure_account("demo-anbieter@example.org", "Paul", "Anbieter", member=False)
    provider.represented_organisations.add(
        organisations["parkpilot"], organisations["sensorik-nord"]
    )
    ensure_account("demo-gast@example.org", "Gabi", "Gast", member=False)


# The club has "more than 100" members (articles, "Über uns"); about 25 show a profile in
# the directory, the others are members without one (accounts that cannot sign in).
CLUB_SIZE = 115
CLUB_ACCOUNT_PREFIX = "demo-clubmitglied-"


def load_club_accounts():
    """Member accounts without a profile, so that the member count on the home page agrees
    with the articles (idempotent; bulk inserts, no passwords: nobody signs in with them)."""

    User = get_user_model()
    wanted = CLUB_SIZE - len(MEMBERS)
    have = User.objects.filter(email__startswith=CLUB_ACCOUNT_PREFIX).count()
    if have >= wanted:
        return 0
    User.objects.bulk_create(
        [
            User(
                email=f"{CLUB_ACCOUNT_PREFIX}{number}@example.org",
                first_name=FIRST_NAMES[number % len(FIRST_NAMES)],
                last_name=LAST_NAMES[(number * 7) % len(LAST_NAMES)],
                password="!",  # unusable
            )
            for number in range(have + 1, wanted + 1)
        ]
    )
    group = members_group()
    Membership = User.groups.through
    new_ids = User.objects.filter(email__startswith=CLUB_ACCOUNT_PREFIX).exclude(groups=group)
    Membership.objects.bulk_create(
        [Membership(group_id=group.pk, user_id=pk) for pk in new_ids.values_list("pk", flat=True)]
    )
    return wanted - have


def load(stdout=None):
    fields = load_application_fields()
    organisations = load_organisations()
    directory, marketplace, projects = load_index_pages()
    load_members(directory, organisations)
    solutions = load_solutions(marketplace, organisations, fields)
    load_projects(projects, organisations, solutions)
    load_accounts(organisations)
    load_club_accounts()
    if stdout is not None:
        stdout.write(
            f"  {MemberPage.objects.count()} profiles, {SolutionPage.objects.count()} solutions, "
            f"{ProjectPage.objects.count()} projects, {Organisation.objects.count()} organisations"
        )


# --- Large volumes for benchmarks --------------------------------------------------------

FIRST_NAMES = (
    "Anna Ben Clara David Emma Felix Greta Hans Ida Jan Karla Lukas Mia Noah Olga Paul Rosa "
    "Samuel Tina Uwe Vera Willi Xenia Yusuf Zoe"
).split()
LAST_NAMES = (
    "Albrecht Bauer Conrad Dietrich Ebert Franke Graf Haas Jung Kaiser Lorenz Maier Nowak "
    "Otto Pohl Roth Sauer Thiel Ullrich Voigt Winter Zander"
).split()
ROLES = [
    "Bürgermeisterin",
    "Bürgermeister",
    "Landrätin",
    "Landrat",
    "Chief Digital Officer",
    "Geschäftsführerin",
    "Geschäftsführer",
    "Amtsleiterin",
    "Amtsleiter",
    "Referentin",
]


def seed_bulk(scale=1, stdout=None):
    """Add at least 5,000 member profiles, 1,000 organisations and 2,000 solutions (at
    scale 1) in bulk, on top of the demo content. The search index is not updated; run
    ``manage.py update_index`` if search must find them."""
    load()
    rng = random.Random(20260101)
    member_count = int(5000 * scale)
    solution_count = int(2000 * scale)
    organisation_count = max(1, int(1000 * scale))
    states = [state.value for state in State]
    kinds = [kind.value for kind in OrganisationType]
    topic_ids = list(Topic.objects.filter(locale=german()).values_list("pk", flat=True))
    directory = MemberIndexPage.objects.get(locale=german())
    marketplace = SolutionIndexPage.objects.get(locale=german())

    with transaction.atomic():
        first = Organisation.objects.filter(slug__startswith="bulk-organisation-").count() + 1
        organisations = Organisation.objects.bulk_create(
            [
                Organisation(
                    name=f"Organisation {number}",
                    slug=f"bulk-organisation-{number}",
                    organisation_type=rng.choice(kinds),
                    city=f"Musterort {number}",
                    state=rng.choice(states),
                    contact_email=f"kontakt-{number}@bulk.example.org",
                )
                for number in range(first, first + organisation_count)
            ],
            batch_size=1000,
        )
        organisation_ids = [organisation.pk for organisation in organisations]

        first = next_number(directory, "mitglied-")
        member_specs = []
        for number in range(first, first + member_count):
            first_name, last_name = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
            member_specs.append(
                {
                    "title": f"{first_name} {last_name}",
                    "slug": f"mitglied-{number}",
                    "first_name": first_name,
                    "last_name": last_name,
                    "role": rng.choice(ROLES),
                    "organisation_id": rng.choice(organisation_ids),
                    "state": rng.choice(states),
                    "bio": "Synthetisches Profil für Lasttests.",
                    "contact_permission": MemberPage.ContactPermission.MEMBERS,
                }
            )
        member_ids = new_child_pages(directory, MemberPage, member_specs)
        MemberPage.topics.through.objects.bulk_create(
            [
                MemberPage.topics.through(memberpage_id=page_id, topic_id=topic_id)
                for page_id in member_ids
                for topic_id in rng.sample(topic_ids, k=rng.randint(1, 3))
            ],
            batch_size=2000,
        )

        first = next_number(marketplace, "loesung-")
        solution_specs = []
        maturities = [maturity.value for maturity in Maturity]
        prices = [price.value for price in PriceModel]
        for number in range(first, first + solution_count):
            spec = {
                "title": f"Lösung {number}",
                "slug": f"loesung-{number}",
                "provider_id": rng.choice(organisation_ids),
                "teaser": "Synthetische Lösung für Lasttests.",
                "description": "<p>Synthetische Lösung für Lasttests.</p>",
                "maturity": rng.choice(maturities),
                "price_model": rng.choice(prices),
            }
            for field in SIZE_FIELDS.values():
                spec[field] = rng.random() < 0.5
            solution_specs.append(spec)
        solution_ids = new_child_pages(marketplace, SolutionPage, solution_specs)
        SolutionPage.topics.through.objects.bulk_create(
            [
                SolutionPage.topics.through(solutionpage_id=page_id, topic_id=topic_id)
                for page_id in solution_ids
                for topic_id in rng.sample(topic_ids, k=rng.randint(1, 3))
            ],
            batch_size=2000,
        )
        SolutionReference.objects.bulk_create(
            [
                SolutionReference(
                    solution_id=page_id,
                    name=f"Referenzort {page_id}-{position}",
                    state=rng.choice(states),
                    sort_order=position,
                )
                for page_id in solution_ids
                for position in range(rng.randint(0, 3))
            ],
            batch_size=2000,
        )
    if stdout is not None:
        stdout.write(
            f"  +{len(member_ids)} profiles, +{len(solution_ids)} solutions, "
            f"+{len(organisation_ids)} organisations"
        )

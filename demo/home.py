"""Demo content of the home app: topics, the home page, the legal and "about" pages,
navigation and site settings, in German with English translations.

All people and places are fictional (Musterstadt, Beispielhausen, Landkreis Modellkreis).
"""

from wagtail.models import Site

from demo.utils import (
    add_to_menu,
    english,
    ensure_page,
    ensure_snippet_translation,
    ensure_translation,
    german,
    home_page,
    rich,
    update_page,
)
from home.models import SiteSettings, StandardPage, Topic

# (slug, German name, English name, German description)
TOPICS = [
    (
        "mobilitaet",
        "Mobilität und ÖPNV",
        "Mobility and public transport",
        "Bus und Bahn, Parkraum, Sharing-Angebote und Verkehrsdaten.",
    ),
    (
        "einzelhandel",
        "Einzelhandel und Innenstadt",
        "Retail and town centres",
        "Lebendige Innenstädte, lokaler Handel und digitale Schaufenster.",
    ),
    ("energie", "Energie", "Energy", "Erzeugung, Netze und Wärmewende vor Ort."),
    ("wasser", "Wasser", "Water", "Trinkwasser, Abwasser und Starkregenvorsorge."),
    ("forst", "Forst", "Forestry", "Waldmonitoring, Waldbrandschutz und Holzwirtschaft."),
    (
        "klimaschutz",
        "Klimaschutz",
        "Climate protection",
        "Klimaschutzkonzepte, Klimaanpassung und Monitoring.",
    ),
    (
        "verwaltungsdigitalisierung",
        "Verwaltungsdigitalisierung",
        "Digital administration",
        "Onlinedienste, E-Akte und moderne Arbeitsweisen in der Verwaltung.",
    ),
    (
        "daseinsvorsorge",
        "Daseinsvorsorge",
        "Public services",
        "Digitale Daseinsvorsorge: Versorgung, Gesundheit und Teilhabe.",
    ),
    (
        "open-data",
        "Datensouveränität und Open Data",
        "Data sovereignty and open data",
        "Urbane Datenplattformen, offene Daten und kommunale Datenhoheit.",
    ),
    (
        "smart-region",
        "Smart City und Smart Region",
        "Smart city and smart region",
        "Vernetzte Infrastruktur in Stadt und Land.",
    ),
    ("breitband", "Breitband", "Broadband", "Glasfaser, Mobilfunk und LoRaWAN."),
    (
        "buergerbeteiligung",
        "Bürgerbeteiligung",
        "Citizen participation",
        "Bürgerinnen und Bürger gestalten kommunale Lösungen mit.",
    ),
    (
        "innovationskultur",
        "Innovationskultur",
        "Culture of innovation",
        "Neue Formate, Co-Creation und Mut zum Ausprobieren.",
    ),
]


def load_topics():
    de, en = german(), english()
    for slug, name_de, name_en, description in TOPICS:
        topic, _ = Topic.objects.get_or_create(
            slug=slug, locale=de, defaults={"name": name_de, "description": description}
        )
        ensure_snippet_translation(topic, en, name=name_en, description="")


def paragraph(text):
    return ("paragraph", rich(text))


def heading(text):
    return ("heading", {"text": text, "level": "h2"})


def callout(title, text, tone="info"):
    return ("callout", {"title": title, "text": rich(text), "tone": tone})


STANDARD_PAGES = [
    {
        "slug": "ueber-uns",
        "title": "Über uns",
        "intro": "Der Innovatorenclub ist ein Dialograum für kommunale Führungskräfte: jenseits "
        "des politischen Alltags, im Austausch mit Wissenschaft, Wirtschaft und Zivilgesellschaft.",
        "body": [
            heading("Vom Denken ins Machen"),
            paragraph(
                "Der Club begann mit rund 35 Mitgliedern; heute tauschen sich mehr als 100 "
                "Oberbürgermeisterinnen, Landräte, Digitalverantwortliche und Geschäftsführungen "
                "von Stadtwerken aus. Wir sind kein reiner Thinktank: Wir bringen Ideen in die "
                "Praxis und begleiten Pilotprojekte."
            ),
            heading("Das Deutschlandforum"),
            paragraph(
                "Einmal im Jahr treffen sich die Mitglieder zwei Tage lang mit externen "
                "Referentinnen und Referenten. Jedes Forum steht unter einem Leitgedanken, der "
                "Vorträge, Werkstätten und Diskussionen verbindet."
            ),
            callout(
                "Mitglied werden",
                "Sie leiten eine Kommune, einen Landkreis oder ein kommunales Unternehmen? "
                "Registrieren Sie sich und stellen Sie einen Antrag auf Mitgliedschaft.",
            ),
        ],
        "en": {
            "title": "About us",
            "slug": "about-us",
            "intro": "The innovators' club is a space for dialogue among municipal leaders: "
            "beyond day-to-day politics, together with research, business and civil society.",
            "body": [
                heading("From ideas to practice"),
                paragraph(
                    "The club started with about 35 members; today more than 100 mayors, "
                    "district administrators, chief digital officers and heads of municipal "
                    "utilities exchange ideas. We are not just a think tank: we put ideas into "
                    "practice and support pilot projects."
                ),
                heading("The Deutschlandforum"),
                paragraph(
                    "Once a year the members meet for two days with external speakers. Each "
                    "forum has a guiding theme that links talks, workshops and discussions."
                ),
            ],
        },
    },
    {
        "slug": "innovationspartnerschaften",
        "title": "Innovationspartnerschaften",
        "intro": "Wenn es am Markt noch keine Lösung gibt, entwickelt eine Kommune sie gemeinsam "
        "mit einem Innovator – in klar getrennten Phasen.",
        "body": [
            heading("Phase 1: Forschung und Entwicklung"),
            paragraph(
                "Ein Start-up baut einen Prototyp. Die Kommune stellt Infrastruktur und "
                "Testflächen bereit und legt die Bedingungen für den Testbetrieb fest. Sie "
                "trägt die Investitionskosten und eine kleine Prämie unterhalb der "
                "Vergabeschwelle."
            ),
            heading("Phase 2: Leistungsphase"),
            paragraph(
                "Ist der Test erfolgreich, vereinbaren beide den Regelbetrieb. Die Kommune kennt "
                "die Lösung, kann genauer ausschreiben, erhält meist Sonderkonditionen und wird "
                "zur Referenz – etwa für ein Parkleitsystem oder Umweltsensoren in einer "
                "Kleinstadt."
            ),
        ],
        "en": {
            "title": "Innovation partnerships",
            "slug": "innovation-partnerships",
            "intro": "When the market has no solution yet, a municipality develops one together "
            "with an innovator, in clearly separated stages.",
            "body": [
                heading("Stage 1: research and development"),
                paragraph(
                    "A start-up builds a prototype. The municipality provides infrastructure and "
                    "test sites and sets the conditions for a trial."
                ),
                heading("Stage 2: regular operation"),
                paragraph(
                    "If the trial succeeds, both agree on regular operation. The municipality "
                    "knows the solution, can tender more precisely and serves as a reference."
                ),
            ],
        },
    },
    {
        "slug": "impressum",
        "title": "Impressum",
        "footer": True,
        "intro": "Angaben gemäß § 5 DDG und § 18 MStV.",
        "body": [
            heading("Herausgeber"),
            paragraph(
                "Innovatorenclub Kommunen e. V. (Demo)<br>Musterstraße 1<br>12345 Musterstadt"
            ),
            heading("Vertreten durch"),
            paragraph("Den Vorstand, vertreten durch die Vorsitzende Erika Beispiel."),
            heading("Kontakt"),
            paragraph("E-Mail: kontakt@innovationsportal.example"),
        ],
        "en": {
            "title": "Legal notice",
            "slug": "legal-notice",
            "intro": "Information according to § 5 DDG and § 18 MStV (German law).",
            "body": [
                heading("Publisher"),
                paragraph(
                    "Innovatorenclub Kommunen e. V. (demo)<br>Musterstraße 1<br>12345 Musterstadt"
                ),
            ],
        },
    },
    {
        "slug": "datenschutz",
        "title": "Datenschutzerklärung",
        "footer": True,
        "intro": "Wie wir mit Ihren Daten umgehen: so wenig wie möglich, so transparent wie nötig.",
        "body": [
            heading("Keine Cookies ohne Notwendigkeit"),
            paragraph(
                "Wir setzen nur technisch notwendige Cookies: ein Sitzungscookie, wenn Sie sich "
                "anmelden, und ein Schutzcookie gegen gefälschte Formulare (CSRF). Es gibt keine "
                "Analyse- oder Marketingwerkzeuge und keine Schriften oder Skripte fremder Server."
            ),
            heading("Kommentare"),
            paragraph(
                "Für Kommentare speichern wir Name, E-Mail-Adresse und Text. Die E-Mail-Adresse "
                "wird nie veröffentlicht; wir nutzen sie nur für die Bestätigung und – wenn Sie "
                "es wünschen – für Benachrichtigungen über Antworten."
            ),
            heading("Videos"),
            paragraph(
                "Eingebettete Videos werden erst geladen, wenn Sie es ausdrücklich anfordern. "
                "Erst dann wird eine Verbindung zum Anbieter hergestellt."
            ),
        ],
        "en": {
            "title": "Privacy policy",
            "slug": "privacy",
            "intro": "How we handle your data: as little as possible, as openly as necessary.",
            "body": [
                heading("No cookies unless necessary"),
                paragraph(
                    "We only set strictly necessary cookies: a session cookie when you sign in "
                    "and a protective cookie against forged forms (CSRF). There are no analytics "
                    "or marketing tools and no fonts or scripts from other servers."
                ),
            ],
        },
    },
    {
        "slug": "barrierefreiheit",
        "title": "Erklärung zur Barrierefreiheit",
        "footer": True,
        "intro": "Wir möchten, dass alle Menschen dieses Portal nutzen können.",
        "body": [
            heading("Stand der Vereinbarkeit"),
            paragraph(
                "Dieses Portal ist mit den Anforderungen der BITV 2.0 und der europäischen Norm "
                "EN 301 549 vereinbar. Geprüft haben wir nach dem Standard WCAG 2.2 auf "
                "Konformitätsstufe AA."
            ),
            heading("Prüfung"),
            paragraph(
                "Die letzte Prüfung fand am 3. Dezember 2026 statt: automatische Prüfungen "
                "aller Seitentypen auf Deutsch und Englisch, am Bildschirm und am Smartphone, "
                "dazu manuelle Tests mit Tastatur und Screenreader. Die Bewertung beruht auf "
                "einer Selbstbewertung."
            ),
            heading("Barriere melden"),
            paragraph(
                "Ist Ihnen eine Barriere aufgefallen? Schreiben Sie uns an "
                "barrierefreiheit@innovationsportal.example – wir antworten innerhalb von zwei "
                "Wochen."
            ),
            heading("Schlichtungsverfahren"),
            paragraph(
                "Wenn Sie keine zufriedenstellende Antwort erhalten, können Sie sich an die "
                "Schlichtungsstelle nach § 16 BGG wenden."
            ),
        ],
        "en": {
            "title": "Accessibility statement",
            "slug": "accessibility",
            "intro": "We want everyone to be able to use this portal.",
            "body": [
                heading("Compliance status"),
                paragraph(
                    "This portal complies with BITV 2.0 and the European standard EN 301 549. "
                    "We tested it against WCAG 2.2 at conformance level AA."
                ),
                heading("Testing"),
                paragraph(
                    "The most recent test took place on 3 December 2026: automated checks of "
                    "every page type in German and English, on desktop and smartphone screens, "
                    "plus manual keyboard and screen reader tests. The assessment is a "
                    "self-assessment."
                ),
            ],
        },
    },
]


def load_pages():
    de, en = german(), english()
    home = home_page(de)
    # No hero image: a skyline would say nothing about the portal; the hero is its text.
    if not home.intro:
        home = update_page(
            home,
            title="Startseite",
            hero_title="Gemeinsam die Kommune von morgen gestalten",
            hero_text=(
                "Das Portal des Innovatorenclubs: Hier tauschen sich Bürgermeisterinnen, "
                "Landräte, Stadtwerke, Start-ups und Bürger:innen über kommunale Innovationen aus."
            ),
            intro=rich(
                "Was funktioniert in anderen Kommunen? Wer bietet die Lösung für unser Projekt? "
                "Lesen Sie Werkstattberichte, finden Sie Anbieter im Marktplatz und diskutieren "
                "Sie mit."
            ),
        )

    pages = {}
    for spec in STANDARD_PAGES:
        page = ensure_page(
            home,
            StandardPage,
            spec["slug"],
            title=spec["title"],
            intro=spec["intro"],
            body=spec["body"],
        )
        pages[spec["slug"]] = (page, spec)

    home_en = ensure_translation(
        home,
        en,
        title="Home",
        hero_title="Shaping tomorrow's municipality together",
        hero_text=(
            "The portal of the innovators' club: mayors, district administrators, municipal "
            "utilities, start-ups and citizens share ideas on municipal innovation."
        ),
        intro=rich(
            "What works in other municipalities? Who offers the solution for our project? Read "
            "workshop reports, find providers in the marketplace and join the discussion."
        ),
    )
    for page, spec in pages.values():
        ensure_translation(page, en, **spec["en"])

    for page, spec in pages.values():
        if spec.get("footer"):
            add_to_menu(page, "footer_menu")
        elif spec["slug"] == "ueber-uns":
            add_to_menu(page, "main_menu")
    if home.hero_link_page_id is None:
        about = pages["ueber-uns"][0]
        update_page(home, hero_link_page=about, hero_link_text="Mehr über den Club")
        update_page(
            home_en,
            hero_link_page=about.get_translation(en),
            hero_link_text="More about the club",
        )


def load_settings():
    site = Site.objects.get(is_default_site=True)
    if site.site_name != "Kommunales Innovationsportal":
        site.site_name = "Kommunales Innovationsportal"
        site.save()
    settings = SiteSettings.for_site(site)
    if not settings.contact_email:
        settings.organisation_name = "Innovatorenclub Kommunen e. V."
        settings.contact_email = "kontakt@innovationsportal.example"
        settings.contact_phone = "+49 30 1234567-0"
        settings.address = "Musterstraße 1\n12345 Musterstadt"
        settings.mastodon_url = "https://social.example/@innovatorenclub"
        settings.save()


def load(stdout=None):
    load_topics()
    load_pages()
    load_settings()


def seed_bulk(scale=1, stdout=None):
    """The home app has nothing to add in bulk; its topics and pages come from ``load``."""
    load()

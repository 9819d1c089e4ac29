"""Demo content of the events app: the event index ("Veranstaltungen" / "Events"), past
Deutschlandforen with their programmes, an upcoming forum open for registration with
parallel workshops of limited capacity, an online workshop with solution providers (a
"virtuelle Messe"), a regional meeting and an early "Werkstatt", with English translations
of some of them.

All people, places and organisations are fictional. Registrations are only created for
member accounts that already exist (the community demo creates them); without members the
demo simply has none. ``load`` is idempotent; ``seed_bulk`` adds volume for benchmarks.
"""

import datetime
import random

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import transaction
from django.utils import timezone

from demo.utils import (
    add_to_menu,
    demo_image,
    demo_poster,
    english,
    ensure_page,
    ensure_translation,
    german,
    home_page,
    rich,
    topic,
)
from events.models import EventIndexPage, EventPage, Registration, Session, SessionSpeaker
from home.models import Person, Topic

BERLIN = timezone.get_default_timezone()

# External speakers: (name, German role, organisation, German bio, English role)
PEOPLE = [
    (
        "Dr. Jana Feldmann",
        "Professorin für Verwaltungsinformatik",
        "Hochschule Beispielhausen",
        "Forscht dazu, wie Kommunen digitale Dienste gemeinsam entwickeln und betreiben.",
        "Professor of public sector informatics",
    ),
    (
        "Malte Ostermann",
        "Geschäftsführer",
        "Stadtwerke Modellkreis GmbH",
        "Leitet ein kommunales Unternehmen für Energie, Wasser und Glasfaser im ländlichen Raum.",
        "Managing director",
    ),
    (
        "Selin Aksoy",
        "Gründerin",
        "Sensorwerk Musterstadt (Start-up)",
        "Entwickelt Umweltsensoren und eine offene Datenplattform für kleine Städte.",
        "Founder",
    ),
    (
        "Thomas Brandt",
        "Chief Digital Officer",
        "Stadt Musterstadt",
        "Verantwortet die digitale Transformation der Stadtverwaltung.",
        "Chief digital officer",
    ),
    (
        "Ulrike Hahn",
        "Referentin Bürgerbeteiligung",
        "Landkreis Modellkreis",
        "Bringt Bürgerinnen und Bürger mit Verwaltung und Politik an einen Tisch.",
        "Adviser on citizen participation",
    ),
    (
        "Niklas Weber",
        "Förster und Projektleiter",
        "Waldgenossenschaft Beispielhausen",
        "Erprobt Waldbrand-Frühwarnung mit Funksensoren.",
        "Forester and project lead",
    ),
]

# Past Deutschlandforen: (edition, years ago, town, theme, title of the key note,
# parallel workshops, title of the panel)
PAST_FORUMS = [
    (
        18,
        4,
        "online",
        "Daseinsvorsorge auf Distanz: Was die Krise uns lehrt",
        "Verwaltung im Homeoffice: ein ehrlicher Rückblick",
        ["Digitale Sitzungen in Räten", "Schulen und Kommunen im Krisenmodus"],
        "Was bleibt vom Ausnahmezustand?",
    ),
    (
        19,
        3,
        "Musterstadt",
        "Daten als Gemeingut: Kommunale Datenhoheit gestalten",
        "Wem gehören die Daten der Stadt?",
        ["Urbane Datenplattformen im Vergleich", "Open Data ohne Datenschutzsorgen"],
        "Datensouveränität zwischen Anspruch und Praxis",
    ),
    (
        20,
        2,
        "Beispielhausen",
        "Klimaneutral bis wann? Kommunen als Motor der Wärmewende",
        "Die Wärmeplanung als Chance für Stadtwerke",
        ["Nahwärmenetze im Dorf", "Sanierung kommunaler Gebäude", "Bürgerenergie finanzieren"],
        "Wer bezahlt die Wärmewende?",
    ),
    (
        21,
        1,
        "Landkreis Modellkreis",
        "Smart Region: Das Land digital verbinden",
        "Vom Funkmast bis zur App: die vernetzte Region",
        ["LoRaWAN für Wasser und Wald", "Mobilität auf dem Land"],
        "Stadt und Land: gemeinsam oder getrennt digital?",
    ),
    (
        22,
        0,
        "Musterstadt",
        "Mut zum Ausprobieren: Innovationskultur in der Verwaltung",
        "Scheitern erlaubt? Experimentierräume in Kommunen",
        ["Innovationslabore aufbauen", "Co-Creation mit Bürgerinnen und Bürgern"],
        "Wie viel Risiko verträgt die Verwaltung?",
    ),
]

FORUM_TOPICS = {
    18: ["daseinsvorsorge", "verwaltungsdigitalisierung"],
    19: ["open-data", "smart-region"],
    20: ["energie", "klimaschutz"],
    21: ["smart-region", "breitband", "wasser", "forst"],
    22: ["innovationskultur", "buergerbeteiligung"],
}


def _berlin(day, hour, minute=0):
    return datetime.datetime.combine(day, datetime.time(hour, minute), tzinfo=BERLIN)


def _day_from_now(days):
    return (timezone.localtime() + datetime.timedelta(days=days)).date()


def people():
    """The external speakers as Person snippets (German, with English translations)."""
    from demo.utils import ensure_snippet_translation

    de, en = german(), english()
    result = []
    for name, role, organisation, bio, role_en in PEOPLE:
        person, _ = Person.objects.get_or_create(
            name=name,
            locale=de,
            defaults={"role": role, "organisation": organisation, "bio": bio},
        )
        ensure_snippet_translation(person, en, role=role_en, bio="")
        result.append(person)
    return result


def member_speakers():
    """A few live member profiles (from the community demo), if there are any."""
    from events.models.programme import SessionSpeaker as Speaker

    member_model = Speaker._meta.get_field("member").related_model
    return list(member_model.objects.live().filter(locale=german()).order_by("pk")[:4])


def _speaker_rows(*speakers):
    """Speaker links for the given people, each once (the same person twice in one session
    is refused by the database)."""
    rows = []
    seen = set()
    for speaker in speakers:
        if speaker is None or (type(speaker), speaker.pk) in seen:
            continue
        seen.add((type(speaker), speaker.pk))
        if isinstance(speaker, Person):
            rows.append(SessionSpeaker(person=speaker))
        else:
            rows.append(SessionSpeaker(member=speaker))
    return rows


def forum_programme(first_day, keynote, workshops, panel, speakers, workshop_capacity=None):
    """Two days: welcome, key note, parallel workshops, break, panel; day two results."""
    persons, members = speakers
    second_day = first_day + datetime.timedelta(days=1)

    def pick(index):
        pool = members + persons
        return pool[index % len(pool)] if pool else None

    sessions = [
        Session(
            title="Ankommen und Begrüßung",
            kind=Session.Kind.TALK,
            start=_berlin(first_day, 10),
            end=_berlin(first_day, 10, 30),
            room="Großer Saal",
            description="Der Vorstand begrüßt die Mitglieder und stellt den Leitgedanken vor.",
        ),
        Session(
            title=keynote,
            kind=Session.Kind.TALK,
            start=_berlin(first_day, 10, 30),
            end=_berlin(first_day, 11, 30),
            room="Großer Saal",
            description="Impulsvortrag mit anschließender Fragerunde.",
            speakers=_speaker_rows(persons[0]),
        ),
        Session(
            title="Mittagspause",
            kind=Session.Kind.BREAK,
            start=_berlin(first_day, 12),
            end=_berlin(first_day, 13),
        ),
    ]
    for index, title in enumerate(workshops):
        sessions.append(
            Session(
                title=title,
                kind=Session.Kind.WORKSHOP,
                start=_berlin(first_day, 13),
                end=_berlin(first_day, 15, 30),
                room=f"Werkstattraum {index + 1}",
                description="In kleiner Runde an Metaplanwänden: Erfahrungen sammeln, "
                "Hürden benennen, nächste Schritte verabreden.",
                capacity=workshop_capacity,
                speakers=_speaker_rows(pick(index + 1)),
            )
        )
    sessions += [
        Session(
            title=panel,
            kind=Session.Kind.PANEL,
            start=_berlin(first_day, 16),
            end=_berlin(first_day, 17, 30),
            room="Großer Saal",
            description="Mitglieder und Gäste diskutieren die Ergebnisse der Workshops.",
            speakers=_speaker_rows(persons[1], persons[3], pick(5)),
        ),
        Session(
            title="Ergebnisse und Verabredungen",
            kind=Session.Kind.TALK,
            start=_berlin(second_day, 9, 30),
            end=_berlin(second_day, 11),
            room="Großer Saal",
            description="Was nehmen wir mit? Die Workshops stellen ihre Ergebnisse vor, "
            "der Club verabredet Pilotprojekte für das kommende Jahr.",
        ),
    ]
    return sessions


def demo_slides(title, seed):
    """A small PDF "slide deck" made from a generated picture (nothing is downloaded);
    each title is created once."""
    import io

    from django.core.files.base import ContentFile
    from wagtail.documents import get_document_model

    Document = get_document_model()
    existing = Document.objects.filter(title=title).first()
    if existing is not None:
        return existing
    picture = demo_image(f"{title} (Titelfolie)", seed=seed, width=1200, height=675)
    with picture.open_file() as source:
        from PIL import Image as PILImage

        page = PILImage.open(source).convert("RGB")
        buffer = io.BytesIO()
        page.save(buffer, format="PDF")
    document = Document(title=title)
    document.file.save(f"folien-{seed}.pdf", ContentFile(buffer.getvalue()), save=False)
    document.save()
    return document


def _topics(slugs):
    return [topic(slug) for slug in slugs if Topic.objects.filter(slug=slug).exists()]


def load_index():
    de, en = german(), english()
    index = ensure_page(
        home_page(de),
        EventIndexPage,
        "veranstaltungen",
        title="Veranstaltungen",
        intro="Das Deutschlandforum, Werkstätten, Online-Workshops und Regionaltreffen: "
        "Hier treffen sich Mitglieder, Referentinnen und Referenten und Lösungsanbieter.",
    )
    ensure_translation(
        index,
        en,
        title="Events",
        slug="events",
        intro="The Deutschlandforum, workshops, online workshops and regional meetings: where "
        "members, speakers and solution providers meet.",
    )
    add_to_menu(index)
    return EventIndexPage.objects.get(pk=index.pk)


def load_past_forums(index, speakers):
    pages = []
    for edition, years_ago, town, theme, keynote, workshops, panel in PAST_FORUMS:
        first_day = _day_from_now(-(years_ago * 365 + 150))
        online = town == "online"
        page = ensure_page(
            EventIndexPage.objects.get(pk=index.pk),
            EventPage,
            f"deutschlandforum-{edition}",
            title=f"{edition}. Deutschlandforum",
            event_type=EventPage.EventType.FORUM,
            edition=edition,
            theme=theme,
            teaser=f"Zwei Tage unter dem Leitgedanken „{theme}“: Vorträge, Workshops und "
            "eine Podiumsdiskussion.",
            start=_berlin(first_day, 10),
            end=_berlin(first_day + datetime.timedelta(days=1), 13),
            is_online=online,
            venue_name="" if online else f"Kongresszentrum {town}",
            venue_address="" if online else f"Am Markt 5\n12345 {town}",
            lead_image=demo_poster(f"Deutschlandforum {edition}", first_day.year, seed=edition),
            description=[
                (
                    "paragraph",
                    rich(
                        f"Das {edition}. Deutschlandforum stand unter dem Leitgedanken "
                        f"„{theme}“. Mitglieder aus Städten, Landkreisen und kommunalen "
                        "Unternehmen diskutierten mit Gästen aus Wissenschaft und Wirtschaft.",
                        "Die Ergebnisse der Workshops sind als Berichte im Blog erschienen.",
                    ),
                )
            ],
            registration_enabled=False,
            sessions=forum_programme(first_day, keynote, workshops, panel, speakers),
        )
        if not page.topics.exists():
            page = EventPage.objects.get(pk=page.pk)
            page.topics.set(_topics(FORUM_TOPICS[edition]))
            page.documents = [
                (
                    "document",
                    {
                        "document": demo_slides(f"Folien {edition}. Deutschlandforum", edition),
                        "title": "Folien der Vorträge (PDF)",
                    },
                )
            ]
            page.save_revision().publish()
        pages.append(page)
    return pages


# The next forum (the blog's press release announces it with this theme).
UPCOMING_FORUM_DAYS = 75
UPCOMING_FORUM_THEME = "Gemeinsam statt einsam: Kommunen kooperieren digital"


def load_upcoming_forum(index, speakers):
    first_day = _day_from_now(UPCOMING_FORUM_DAYS)
    now = timezone.now()
    return ensure_page(
        EventIndexPage.objects.get(pk=index.pk),
        EventPage,
        "deutschlandforum-23",
        title="23. Deutschlandforum",
        event_type=EventPage.EventType.FORUM,
        edition=23,
        theme=UPCOMING_FORUM_THEME,
        teaser="Wie teilen Kommunen Lösungen, Kosten und Wissen? Zwei Tage mit Vorträgen, "
        "parallelen Workshops und einer Podiumsdiskussion. Nur für Mitglieder.",
        start=_berlin(first_day, 10),
        end=_berlin(first_day + datetime.timedelta(days=1), 13),
        venue_name="Stadthalle Beispielhausen",
        venue_address="Rathausplatz 3\n54321 Beispielhausen",
        lead_image=demo_poster("Deutschlandforum 23", first_day.year, seed=23),
        description=[
            (
                "paragraph",
                rich(
                    "Nicht jede Kommune muss das Rad neu erfinden. Beim 23. Deutschlandforum "
                    "geht es um Kooperationen: gemeinsame Plattformen, geteilte "
                    "Entwicklungskosten und Netzwerke, in denen Erfahrungen weitergegeben "
                    "werden.",
                    "Am Nachmittag des ersten Tages arbeiten Sie in einem von drei parallelen "
                    "Workshops. Die Plätze sind begrenzt; wählen Sie Ihren Workshop bei der "
                    "Anmeldung.",
                ),
            )
        ],
        audience=EventPage.Audience.MEMBERS,
        capacity=60,
        registration_opens=now - datetime.timedelta(days=14),
        registration_closes=_berlin(first_day - datetime.timedelta(days=7), 23, 59),
        publish_participant_list=True,
        sessions=forum_programme(
            first_day,
            "Kooperation als Strategie: was Kommunen voneinander lernen",
            [
                "Gemeinsam beschaffen: Einkaufsgemeinschaften für Software",
                "Eine Plattform, viele Kommunen: Open Source teilen",
                "Interkommunale Teams für Datenprojekte",
            ],
            "Kooperation oder Kirchturm? Was Zusammenarbeit bremst",
            speakers,
            workshop_capacity=20,
        ),
    )


def load_online_workshop(index, speakers):
    persons, _members = speakers
    day = _day_from_now(30)
    return ensure_page(
        EventIndexPage.objects.get(pk=index.pk),
        EventPage,
        "virtuelle-messe-wasser-forst-klimaschutz",
        title="Virtuelle Messe: Wasser, Forst, Klimaschutz",
        event_type=EventPage.EventType.ONLINE_WORKSHOP,
        theme="Lösungsanbieter stellen sich vor",
        teaser="Start-ups und Unternehmen präsentieren in kurzen Slots Lösungen für "
        "Starkregenvorsorge, Waldmonitoring und kommunalen Klimaschutz. Offen für alle "
        "Interessierten aus Kommunen.",
        start=_berlin(day, 10),
        end=_berlin(day, 12, 30),
        is_online=True,
        venue_name="Videokonferenz",
        online_url="https://konferenz.example.org/virtuelle-messe",
        description=[
            (
                "paragraph",
                rich(
                    "Wie auf einer Messe, nur digital: Jeder Anbieter hat zehn Minuten für "
                    "seine Lösung, danach fragen die Kommunen nach. Wer ein Projekt plant, "
                    "findet hier Ansprechpartner und Referenzen.",
                ),
            )
        ],
        audience=EventPage.Audience.PUBLIC,
        capacity=150,
        sessions=[
            Session(
                title="Begrüßung und Spielregeln",
                kind=Session.Kind.TALK,
                start=_berlin(day, 10),
                end=_berlin(day, 10, 15),
            ),
            Session(
                title="Wasser: Sensoren gegen Starkregenschäden",
                kind=Session.Kind.TALK,
                start=_berlin(day, 10, 15),
                end=_berlin(day, 11),
                description="Pegelsensoren, Frühwarnung und ein Dashboard für den Bauhof.",
                speakers=_speaker_rows(persons[2]),
            ),
            Session(
                title="Forst: Waldbrand früh erkennen",
                kind=Session.Kind.TALK,
                start=_berlin(day, 11),
                end=_berlin(day, 11, 45),
                description="Funksensoren im Wald und was eine Kommune dafür braucht.",
                speakers=_speaker_rows(persons[5]),
            ),
            Session(
                title="Klimaschutz: Daten für die Wärmeplanung",
                kind=Session.Kind.PANEL,
                start=_berlin(day, 11, 45),
                end=_berlin(day, 12, 30),
                description="Anbieter und Stadtwerke im Gespräch.",
                speakers=_speaker_rows(persons[1], persons[2]),
            ),
        ],
    )


def load_regional_meeting(index, speakers):
    persons, _members = speakers
    day = _day_from_now(45)
    return ensure_page(
        EventIndexPage.objects.get(pk=index.pk),
        EventPage,
        "regionaltreffen-sued",
        title="Regionaltreffen Süd",
        event_type=EventPage.EventType.REGIONAL,
        theme="Bürgerbeteiligung digital und vor Ort",
        teaser="Mitglieder aus dem Süden tauschen sich im Rathaus Beispielhausen aus: "
        "kurze Impulse, viel Gespräch.",
        start=_berlin(day, 16),
        end=_berlin(day, 20),
        venue_name="Rathaus Beispielhausen, Sitzungssaal",
        venue_address="Rathausplatz 1\n54321 Beispielhausen",
        audience=EventPage.Audience.MEMBERS,
        capacity=25,
        sessions=[
            Session(
                title="Beteiligung, die ankommt: Erfahrungen aus dem Landkreis",
                kind=Session.Kind.TALK,
                start=_berlin(day, 16),
                end=_berlin(day, 17),
                speakers=_speaker_rows(persons[4]),
            ),
            Session(
                title="Gespräch und Imbiss",
                kind=Session.Kind.BREAK,
                start=_berlin(day, 17),
                end=_berlin(day, 20),
            ),
        ],
    )


def load_werkstatt(index, speakers):
    persons, _members = speakers
    day = datetime.date(2019, 10, 30)
    return ensure_page(
        EventIndexPage.objects.get(pk=index.pk),
        EventPage,
        "werkstatt-8",
        title="Werkstatt 8: In Silos oder innovativ?",
        event_type=EventPage.EventType.WORKSHOP,
        edition=8,
        theme="Kommunale Digitalprojekte im Co-Creation-Format",
        teaser="Ein Impuls zur digitalen Transformation einer Stadt, danach zwei "
        "Arbeitsgruppen zu Mobilität und Einzelhandel.",
        start=_berlin(day, 13),
        end=_berlin(day, 18),
        venue_name="Rathaus Musterstadt",
        venue_address="Marktplatz 1\n12345 Musterstadt",
        registration_enabled=False,
        sessions=[
            Session(
                title="Digitale Transformation in Musterstadt",
                kind=Session.Kind.TALK,
                start=_berlin(day, 13),
                end=_berlin(day, 14),
                speakers=_speaker_rows(persons[3]),
            ),
            Session(
                title="Mobilität: den Nahverkehr modernisieren",
                kind=Session.Kind.WORKSHOP,
                start=_berlin(day, 14),
                end=_berlin(day, 16),
                room="Raum A",
            ),
            Session(
                title="Einzelhandel: lokale Geschäfte gegen den Onlinehandel stärken",
                kind=Session.Kind.WORKSHOP,
                start=_berlin(day, 14),
                end=_berlin(day, 16),
                room="Raum B",
            ),
            Session(
                title="Ergebnisse im Plenum",
                kind=Session.Kind.PANEL,
                start=_berlin(day, 16, 30),
                end=_berlin(day, 18),
                description="Beide Gruppen stellen vor; Fazit: Lösungen brauchen die "
                "Zusammenarbeit von Verwaltung und Wirtschaft.",
            ),
        ],
    )


def english_room(room):
    """The English name of a demo room: "Großer Saal" → "Main hall", "Werkstattraum 2" →
    "Workshop room 2"."""
    for german_name, english_name in ROOM_NAMES_EN.items():
        if room.startswith(german_name):
            return english_name + room[len(german_name) :]
    return room


ROOM_NAMES_EN = {"Großer Saal": "Main hall", "Werkstattraum": "Workshop room", "Raum": "Room"}


def _translate_sessions(translation, titles):
    """Set English titles and room names on the sessions of a translated page (by
    original title order)."""
    sessions = list(translation.sessions.all().order_by("sort_order"))
    changed = False
    for session in sessions:
        if session.title in titles:
            session.title = titles[session.title]
            session.description = ""
            changed = True
        if english_room(session.room) != session.room:
            session.room = english_room(session.room)
            changed = True
    if changed:
        page = type(translation).objects.get(pk=translation.pk)
        page.sessions = sessions
        page.save_revision().publish()


SESSION_TITLES_EN = {
    "Ankommen und Begrüßung": "Arrival and welcome",
    "Mittagspause": "Lunch break",
    "Ergebnisse und Verabredungen": "Results and next steps",
    "Kooperation als Strategie: was Kommunen voneinander lernen": "Cooperation as a strategy: "
    "what municipalities learn from each other",
    "Gemeinsam beschaffen: Einkaufsgemeinschaften für Software": "Buying together: joint "
    "procurement of software",
    "Eine Plattform, viele Kommunen: Open Source teilen": "One platform, many "
    "municipalities: sharing open source",
    "Interkommunale Teams für Datenprojekte": "Inter-municipal teams for data projects",
    "Kooperation oder Kirchturm? Was Zusammenarbeit bremst": "Cooperation or parochialism? "
    "What holds collaboration back",
    "Begrüßung und Spielregeln": "Welcome and ground rules",
    "Wasser: Sensoren gegen Starkregenschäden": "Water: sensors against heavy rain damage",
    "Forst: Waldbrand früh erkennen": "Forestry: detecting forest fires early",
    "Klimaschutz: Daten für die Wärmeplanung": "Climate protection: data for heat planning",
    "Scheitern erlaubt? Experimentierräume in Kommunen": "Failure allowed? Spaces for "
    "experiments in municipalities",
    "Innovationslabore aufbauen": "Building innovation labs",
    "Co-Creation mit Bürgerinnen und Bürgern": "Co-creation with citizens",
    "Wie viel Risiko verträgt die Verwaltung?": "How much risk can public administration take?",
}


def load_translations(upcoming, online, forum_22):
    en = english()
    translations = [
        (
            upcoming,
            {
                "title": "23rd Deutschlandforum",
                "slug": "deutschlandforum-23",
                "theme": "Together, not alone: municipalities cooperating digitally",
                "teaser": "How do municipalities share solutions, costs and knowledge? Two days "
                "of talks, parallel workshops and a panel discussion. Members only.",
                "venue_address": "Rathausplatz 3\n54321 Beispielhausen",
                "description": [
                    (
                        "paragraph",
                        rich(
                            "Not every municipality has to reinvent the wheel. The 23rd "
                            "Deutschlandforum is about cooperation: shared platforms, shared "
                            "development costs and networks that pass on experience.",
                        ),
                    )
                ],
            },
        ),
        (
            online,
            {
                "title": "Virtual fair: water, forestry, climate protection",
                "slug": "virtual-fair-water-forestry-climate",
                "theme": "Solution providers introduce themselves",
                "teaser": "Start-ups and companies present solutions for heavy rain "
                "preparedness, forest monitoring and municipal climate protection in short "
                "slots. Open to everyone interested from municipalities.",
                "description": [],
            },
        ),
        (
            forum_22,
            {
                "title": "22nd Deutschlandforum",
                "slug": "deutschlandforum-22",
                "theme": "Courage to experiment: a culture of innovation in public administration",
                "teaser": "Two days on experiments, innovation labs and co-creation.",
                "venue_address": forum_22.venue_address,
                "description": [],
                "documents": [
                    (
                        "document",
                        {
                            "document": forum_22.documents[0].value["document"],
                            "title": "Slides of the talks (PDF)",
                        },
                    )
                ]
                if forum_22.documents
                else [],
            },
        ),
    ]
    for page, fields in translations:
        if page.get_translation_or_none(en) is not None:
            continue
        translation = ensure_translation(EventPage.objects.get(pk=page.pk), en, **fields)
        _translate_sessions(translation, SESSION_TITLES_EN)


DEMO_GUESTS = [
    # (name, address, confirmed): guests of the public online fair, one still unconfirmed.
    ("Tobias Gastmann", "tobias.gastmann@example.org", True),
    ("Ines Unbestätigt", "ines.unbestaetigt@example.org", False),
]


def load_guest_registrations(online):
    """Guest registrations (no account) for the public online fair: one confirmed, one
    waiting for the confirmation of its address (it lapses like any other; loading the
    demo again makes it anew)."""
    from events.registration import confirmation_minutes

    now = timezone.now()
    created = 0
    for index, (name, email, confirmed) in enumerate(DEMO_GUESTS):
        if Registration.objects.filter(event=online, email=email).exists():
            continue
        pending = {
            "status": Registration.Status.PENDING,
            "seat_held": True,
            "hold_expires_at": now + datetime.timedelta(minutes=confirmation_minutes()),
        }
        Registration.objects.create(
            event=online,
            name=name,
            email=email,
            organisation="Gemeinde Beispieldorf",
            created_at=now - datetime.timedelta(minutes=10 - index),
            **({"status": Registration.Status.CONFIRMED} if confirmed else pending),
        )
        created += 1
    return created


def load_registrations(upcoming, online):
    """A few registrations for existing members (none if there are no member accounts) and
    two guest registrations."""
    from django.conf import settings

    created = load_guest_registrations(online)
    group = Group.objects.filter(name=settings.PORTAL_MEMBERS_GROUP).first()
    if group is None or Registration.objects.filter(event=upcoming).exists():
        return created
    members = list(group.user_set.filter(is_active=True).order_by("pk")[:12])
    workshops = list(upcoming.workshop_sessions().order_by("sort_order"))
    now = timezone.now()
    for index, user in enumerate(members):
        registration = Registration.objects.create(
            event=upcoming,
            user=user,
            name=user.full_name,
            email=user.email,
            organisation="",
            status=Registration.Status.CONFIRMED,
            show_in_participant_list=index % 2 == 0,
            created_at=now - datetime.timedelta(hours=len(members) - index),
        )
        if workshops:
            registration.workshops.set([workshops[index % len(workshops)]])
        created += 1
    for index, user in enumerate(members[:4]):
        Registration.objects.create(
            event=online,
            user=user,
            name=user.full_name,
            email=user.email,
            status=Registration.Status.CONFIRMED,
            created_at=now - datetime.timedelta(hours=4 - index),
        )
        created += 1
    return created


def load(stdout=None):
    index = load_index()
    speakers = (people(), member_speakers())
    past = load_past_forums(index, speakers)
    upcoming = load_upcoming_forum(index, speakers)
    online = load_online_workshop(index, speakers)
    load_regional_meeting(index, speakers)
    load_werkstatt(index, speakers)
    load_translations(upcoming, online, past[-1])
    created = load_registrations(upcoming, online)
    if stdout is not None:
        stdout.write(f"  events: {EventPage.objects.count()} pages, {created} new registrations")


# --- Bulk volumes ------------------------------------------------------------------------


def seed_bulk(scale=1, stdout=None):
    """Many past and future events (50 × scale) with sessions, bulk users and registrations
    (about 40 per event), created with bulk inserts where Wagtail allows."""
    index = load_index()
    count = max(1, int(50 * scale))
    existing = EventPage.objects.child_of(index).filter(slug__startswith="bulk-event-").count()
    rng = random.Random(existing)
    users = _bulk_users(max(100, int(400 * scale)))
    types = EventPage.EventType.values
    created_events = []
    with transaction.atomic():
        parent = EventIndexPage.objects.get(pk=index.pk)
        for number in range(existing, existing + count):
            days = rng.randint(-3000, 300)
            day = _day_from_now(days)
            page = EventPage(
                title=f"Veranstaltung {number + 1}: {rng.choice(PAST_FORUMS)[3]}",
                slug=f"bulk-event-{number + 1}",
                event_type=rng.choice(types),
                theme=rng.choice(PAST_FORUMS)[3],
                teaser="Eine Veranstaltung aus den Massendaten für Lasttests.",
                start=_berlin(day, 10),
                end=_berlin(day, 16),
                venue_name="Stadthalle Musterstadt",
                capacity=35,
                live=True,
                first_published_at=timezone.now(),
            )
            parent.add_child(instance=page)
            parent = EventIndexPage.objects.get(pk=index.pk)
            created_events.append(page)
        Session.objects.bulk_create(
            [
                Session(
                    page=page,
                    locale_id=page.locale_id,
                    title=f"Programmpunkt {slot + 1}",
                    kind=Session.Kind.WORKSHOP if slot else Session.Kind.TALK,
                    start=page.start + datetime.timedelta(hours=slot),
                    end=page.start + datetime.timedelta(hours=slot + 1),
                    capacity=20 if slot else None,
                    sort_order=slot,
                )
                for page in created_events
                for slot in range(3)
            ]
        )
        registrations = []
        now = timezone.now()
        for page in created_events:
            for position, user in enumerate(rng.sample(users, min(len(users), 40))):
                registrations.append(
                    Registration(
                        event=page,
                        user=user,
                        name=user.full_name,
                        email=user.email,
                        status=Registration.Status.CONFIRMED
                        if position < 35
                        else Registration.Status.WAITLISTED,
                        created_at=now - datetime.timedelta(minutes=40 - position),
                    )
                )
        Registration.objects.bulk_create(registrations, batch_size=2000)
    if stdout is not None:
        stdout.write(f"  events: {count} bulk events, {len(registrations)} registrations")


def _bulk_users(count):
    User = get_user_model()
    prefix = "bulk-event-user-"
    have = User.objects.filter(email__startswith=prefix).count()
    if have < count:
        User.objects.bulk_create(
            [
                User(
                    email=f"{prefix}{number}@example.org",
                    first_name="Teilnehmerin",
                    last_name=str(number),
                    password="!",  # unusable
                )
                for number in range(have, count)
            ],
            batch_size=2000,
        )
    return list(User.objects.filter(email__startswith=prefix).order_by("pk")[:count])

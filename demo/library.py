"""Demo content of the knowledge library: the index page "Wissensplattform" (English
"Knowledge library") in the main menu and seven resources of every type: two-click videos
and interviews with transcripts, slides, a guide, links, and one interview for club
members only (Wagtail privacy, group "Mitglieder"); English translations of some.

All people and places are fictional. The video addresses point to YouTube and Vimeo but
name no real video; nothing is loaded before a reader clicks.
"""

import random
from datetime import date, timedelta

from django.db import transaction
from wagtail.models import BaseViewRestriction, PageViewRestriction

from demo.events import demo_slides
from demo.utils import (
    add_to_menu,
    english,
    ensure_page,
    ensure_translation,
    german,
    home_page,
    new_child_pages,
    next_number,
)
from demo.utils import topic as demo_topic
from home.models import Topic
from library.models import MEDIA_TYPES, LibraryIndexPage, ResourcePage, ResourceType
from library.models.resources import FILE_TYPES
from portal.membership import members_group


def _transcript(*turns):
    """Rich text from (speaker, text) pairs; a speaker of None is narration."""
    parts = []
    for speaker, text in turns:
        if speaker:
            parts.append(f"<p><b>{speaker}:</b> {text}</p>")
        else:
            parts.append(f"<p>{text}</p>")
    return "".join(parts)


# slug: fields, English fields or None, members only
RESOURCES = {
    "werkstatt-8-silos-oder-innovativ": (
        {
            "title": "Werkstatt 8: In Silos oder innovativ? (Aufzeichnung)",
            "resource_type": ResourceType.VIDEO,
            "summary": "Der Impulsvortrag der Werkstatt 8: Wie eine Stadtverwaltung "
            "Digitalprojekte gemeinsam mit Bürger:innen, Stadtwerken und Start-ups im "
            "Co-Creation-Format entwickelt.",
            "topics": ["verwaltungsdigitalisierung", "innovationskultur"],
            "date": "2019-10-30",
            "contributors": "Dr. Jana Muster (CDO der Stadt Musterstadt)",
            "video_url": "https://www.youtube.com/watch?v=Werkstatt8Demo",
            "transcript": _transcript(
                (
                    "Dr. Jana Muster",
                    "Guten Abend. Ich möchte Ihnen zeigen, warum Digitalprojekte in Silos "
                    "selten gelingen und was sich ändert, wenn alle Beteiligten von Anfang "
                    "an am Tisch sitzen.",
                ),
                (
                    "Dr. Jana Muster",
                    "In Musterstadt haben wir drei Ämter, die Stadtwerke und eine "
                    "Bürgerwerkstatt zusammengebracht. Das erste Ergebnis war kein "
                    "Pflichtenheft, sondern ein gemeinsames Bild des Problems.",
                ),
                (
                    "Dr. Jana Muster",
                    "Mein wichtigster Rat: Beginnen Sie klein, messen Sie früh und teilen "
                    "Sie Ihre Fehler mit anderen Kommunen.",
                ),
            ),
        },
        {
            "title": "Workshop 8: In silos or innovative? (Recording)",
            "summary": "The keynote of workshop 8: how a city administration develops "
            "digital projects together with citizens, utilities and start-ups in a "
            "co-creation format.",
            "transcript": _transcript(
                (
                    "Dr. Jana Muster",
                    "Good evening. I would like to show you why digital projects in silos "
                    "rarely succeed, and what changes when everyone involved sits at the "
                    "table from the start.",
                ),
                (
                    "Dr. Jana Muster",
                    "My most important advice: start small, measure early and share your "
                    "mistakes with other municipalities.",
                ),
            ),
        },
        False,
    ),
    "drei-fragen-an-die-stadtwerke-beispielhausen": (
        {
            "title": "Drei Fragen an die Stadtwerke Beispielhausen",
            "resource_type": ResourceType.INTERVIEW,
            "summary": "Wie ein kommunales Unternehmen mit Sensorik und offenen Daten neue "
            "Dienstleistungen aufbaut, und was es dafür von der Politik braucht.",
            "topics": ["energie", "open-data", "daseinsvorsorge"],
            "date": "2024-03-12",
            "contributors": "Tobias Brandt (Geschäftsführer der Stadtwerke Beispielhausen)",
            "video_url": "https://vimeo.com/100000001",
            "transcript": _transcript(
                (
                    "Frage",
                    "Herr Brandt, warum investieren die Stadtwerke in Sensoren?",
                ),
                (
                    "Tobias Brandt",
                    "Weil wir unsere Netze besser kennen müssen. Die Daten helfen uns, "
                    "Wartung zu planen, und sie helfen der Stadt bei der Verkehrsplanung.",
                ),
                ("Frage", "Wem gehören die Daten?"),
                (
                    "Tobias Brandt",
                    "Was nicht personenbezogen ist, veröffentlichen wir als offene Daten. "
                    "Das schafft Vertrauen und bringt Ideen von außen.",
                ),
                ("Frage", "Was wünschen Sie sich von der Politik?"),
                (
                    "Tobias Brandt",
                    "Mut zu Pilotprojekten und Verlässlichkeit bei der Finanzierung.",
                ),
            ),
        },
        {
            "title": "Three questions for the Beispielhausen municipal utility",
            "summary": "How a municipal company builds new services with sensors and open "
            "data, and what it needs from local politics.",
            "transcript": _transcript(
                ("Question", "Mr Brandt, why does the utility invest in sensors?"),
                (
                    "Tobias Brandt",
                    "Because we need to know our networks better. The data help us plan "
                    "maintenance, and they help the city plan its traffic.",
                ),
                ("Question", "What do you ask of local politics?"),
                (
                    "Tobias Brandt",
                    "Courage for pilot projects and reliable funding.",
                ),
            ),
        },
        False,
    ),
    "folien-datenplattform-modellkreis": (
        {
            "title": "Folien: Eine Datenplattform für den Landkreis Modellkreis",
            "resource_type": ResourceType.SLIDES,
            "summary": "Die Vortragsfolien zum Aufbau einer regionalen Datenplattform: "
            "Ziele, Architektur, Betriebsmodell und die ersten Anwendungen.",
            "topics": ["open-data", "smart-region"],
            "date": "2023-11-08",
            "contributors": "Katrin Vogel (Landkreis Modellkreis)",
            "document": ("Folien: Datenplattform Modellkreis", 41),
        },
        {
            "title": "Slides: A data platform for the district of Modellkreis",
            "summary": "The slides on building a regional data platform: goals, "
            "architecture, operating model and the first applications.",
        },
        False,
    ),
    "leitfaden-innovationspartnerschaft": (
        {
            "title": "Leitfaden: Die Innovationspartnerschaft in der Praxis",
            "resource_type": ResourceType.DOCUMENT,
            "summary": "Schritt für Schritt von der Markterkundung bis zum Regelbetrieb: "
            "ein Leitfaden für Vergabestellen kleiner und mittlerer Kommunen.",
            "topics": ["verwaltungsdigitalisierung"],
            "date": "2024-06-01",
            "contributors": "Arbeitskreis Vergabe",
            "document": ("Leitfaden Innovationspartnerschaft", 42),
        },
        None,
        False,
    ),
    "offene-daten-beispielhausen": (
        {
            "title": "Offene Daten der Stadt Beispielhausen",
            "resource_type": ResourceType.LINK,
            "summary": "Das Datenportal der Stadt Beispielhausen: Pegelstände, Parkplätze, "
            "Luftqualität, als offene Daten mit Schnittstellen.",
            "topics": ["open-data", "wasser", "mobilitaet"],
            "contributors": "",
            "link_url": "https://daten.beispielhausen.example.org/",
        },
        {
            "title": "Open data of the city of Beispielhausen",
            "summary": "The data portal of the city of Beispielhausen: water levels, "
            "parking, air quality, as open data with interfaces.",
        },
        False,
    ),
    "checkliste-barrierefreie-videos": (
        {
            "title": "Checkliste: Barrierefreie Videos für Kommunen",
            "resource_type": ResourceType.LINK,
            "summary": "Worauf Sie bei Aufzeichnungen achten sollten: Untertitel, "
            "Transkript, Audiodeskription und verständliche Sprache.",
            "topics": ["buergerbeteiligung", "verwaltungsdigitalisierung"],
            "link_url": "https://barrierefrei.beispielhausen.example.org/videos/",
        },
        None,
        False,
    ),
    "lenkungskreis-gespraech-stadtwerke-im-wandel": (
        {
            "title": "Lenkungskreis-Gespräch: Stadtwerke im Wandel",
            "resource_type": ResourceType.INTERVIEW,
            "summary": "Ein vertrauliches Gespräch aus dem Lenkungskreis über Margen, "
            "Regulierung und neue Geschäftsfelder kommunaler Unternehmen.",
            "topics": ["energie", "daseinsvorsorge", "innovationskultur"],
            "date": "2025-02-20",
            "contributors": "Mitglieder des Lenkungskreises",
            "video_url": "https://vimeo.com/100000002",
            "transcript": _transcript(
                (
                    "Moderation",
                    "Wo sehen Sie die größte Veränderung für Stadtwerke in den nächsten "
                    "fünf Jahren?",
                ),
                (
                    "Teilnehmerin aus Musterstadt",
                    "Die Margen im Vertrieb schrumpfen weiter. Wir müssen Dienstleistungen "
                    "rund um Daten und Infrastruktur anbieten, sonst tun es andere.",
                ),
                (
                    "Teilnehmer aus Beispielhausen",
                    "Und wir brauchen Menschen, die diese Infrastruktur nutzen können. Das "
                    "ist unsere eigentliche Investition.",
                ),
            ),
        },
        None,
        True,
    ),
}


def load_index_page():
    home = home_page(german())
    index = ensure_page(
        home,
        LibraryIndexPage,
        "wissensplattform",
        title="Wissensplattform",
        intro="Aufzeichnungen, Interviews, Folien und Leitfäden aus dem Club, zum "
        "Nachschauen und Nachlesen, wann es Ihnen passt.",
    )
    ensure_translation(
        index,
        english(),
        title="Knowledge library",
        slug="knowledge-library",
        intro="Recordings, interviews, slides and guides from the club, to watch and read "
        "whenever it suits you.",
    )
    add_to_menu(index)
    return index


def members_only(page):
    """Restrict ``page`` to the club's members (Wagtail privacy), once."""
    restriction, _created = PageViewRestriction.objects.get_or_create(
        page=page, restriction_type=BaseViewRestriction.GROUPS
    )
    restriction.groups.set([members_group()])


def load_resources(index):
    pages = []
    for slug, (fields, in_english, restricted) in RESOURCES.items():
        fields = dict(fields)
        fields["topics"] = [demo_topic(name) for name in fields["topics"]]
        if "date" in fields:
            fields["date"] = date.fromisoformat(fields["date"])
        if "document" in fields:
            title, seed = fields["document"]
            fields["document"] = demo_slides(title, seed)
        page = ensure_page(index, ResourcePage, slug, **fields)
        if restricted:
            members_only(page)
        if in_english:
            translation = ensure_translation(page, english(), **in_english)
            if restricted:
                members_only(translation)
        pages.append(page)
    return pages


def load(stdout=None):
    index = load_index_page()
    load_resources(index)
    if stdout is not None:
        count = ResourcePage.objects.filter(locale=german()).count()
        stdout.write(f"  {count} library resources")


# --- Large volumes for benchmarks --------------------------------------------------------

BULK_PREFIX = "ressource-"
BULK_SUMMARY = "Synthetische Ressource für Lasttests."
# How the bulk resources are spread over the types (weights), and the share of them that
# is for members only (videos, interviews and links only: a members-only document would
# have to be in a protected collection).
BULK_TYPES = {
    ResourceType.LINK: 35,
    ResourceType.DOCUMENT: 20,
    ResourceType.SLIDES: 20,
    ResourceType.VIDEO: 15,
    ResourceType.INTERVIEW: 10,
}
MEMBERS_ONLY_SHARE = 0.1


def seed_bulk(scale=1, stdout=None):
    """Add 1,000 library resources (at scale 1) in bulk, on top of the demo content: links,
    documents and slides (the demo's files), videos and interviews (two-click addresses,
    each with its transcript, as publishing requires), one to three topics each, a tenth
    of them for members only (Wagtail privacy, group "Mitglieder"). The numbering
    continues on a second run. The search index is not updated."""
    load()
    rng = random.Random(20260117)
    count = max(1, int(1000 * scale))
    topic_ids = list(
        Topic.objects.filter(locale=german()).order_by("pk").values_list("pk", flat=True)
    )
    documents = list(
        ResourcePage.objects.filter(resource_type__in=FILE_TYPES, document__isnull=False)
        .order_by("document_id")
        .values_list("document_id", flat=True)
        .distinct()
    )
    types = {
        kind: weight for kind, weight in BULK_TYPES.items() if documents or kind not in FILE_TYPES
    }
    index = LibraryIndexPage.objects.get(locale=german())
    today = date.today()
    with transaction.atomic():
        first = next_number(index, BULK_PREFIX)
        specs, restricted = [], []
        for number in range(first, first + count):
            kind = rng.choices(list(types), weights=list(types.values()))[0]
            spec = {
                "title": f"{kind.label} {number}",
                "slug": f"{BULK_PREFIX}{number}",
                "resource_type": kind,
                "summary": BULK_SUMMARY,
                "date": today - timedelta(days=rng.randint(0, 5 * 365)),
                "contributors": f"Referentin {number}",
            }
            if kind in MEDIA_TYPES:
                spec["video_url"] = f"https://vimeo.com/{200_000_000 + number}"
                spec["transcript"] = _transcript(
                    ("Moderation", "Synthetisches Transkript für Lasttests."),
                    (spec["contributors"], "Eine Antwort, die niemand gesagt hat."),
                )
            elif kind in FILE_TYPES:
                spec["document_id"] = rng.choice(documents)
            else:
                spec["date"] = None
                spec["link_url"] = f"https://ressource-{number}.example.org/"
            specs.append(spec)
            restricted.append(kind not in FILE_TYPES and rng.random() < MEMBERS_ONLY_SHARE)
        ids = new_child_pages(index, ResourcePage, specs)
        ResourcePage.topics.through.objects.bulk_create(
            [
                ResourcePage.topics.through(resourcepage_id=page_id, topic_id=topic_id)
                for page_id in ids
                for topic_id in rng.sample(topic_ids, k=rng.randint(1, 3))
            ],
            batch_size=2000,
        )
        members_only_ids = [page_id for page_id, yes in zip(ids, restricted, strict=True) if yes]
        restrictions = PageViewRestriction.objects.bulk_create(
            [
                PageViewRestriction(page_id=page_id, restriction_type=BaseViewRestriction.GROUPS)
                for page_id in members_only_ids
            ],
            batch_size=1000,
        )
        group = members_group()
        Through = PageViewRestriction.groups.through
        Through.objects.bulk_create(
            [
                Through(pageviewrestriction_id=restriction.pk, group_id=group.pk)
                for restriction in restrictions
            ],
            batch_size=2000,
        )
    if stdout is not None:
        stdout.write(f"  +{len(ids)} library resources ({len(members_only_ids)} for members)")

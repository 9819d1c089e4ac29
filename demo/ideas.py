"""Demo content of the ideas app: the ideas collection ("Ideen", English "Ideas") with six
ideas of citizens, start-ups and members in every status, some supports, and English
translations of three of them.

All people and places are fictional; supporters' addresses are under example.org.
"""

import random
from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from community.models import ProjectPage
from home.models import Topic
from ideas.models import (
    IdeaIndexPage,
    IdeaPage,
    IdeaStatus,
    IdeaStatusChange,
    IdeaSubmission,
    IdeaSupport,
)
from ideas.models import SubmitterType as By

from .utils import (
    add_to_menu,
    demo_image,
    english,
    ensure_page,
    ensure_translation,
    german,
    home_page,
    new_child_pages,
    next_number,
    topic,
)

IDEAS = [
    {
        "slug": "mitfahrbaenke-im-landkreis",
        "title": "Mitfahrbänke für die Dörfer im Landkreis",
        "description": "An den Ortsausgängen stehen Bänke mit einem Klappschild: Wer sich "
        "setzt, möchte mitgenommen werden, etwa in die Kreisstadt. Das kostet fast nichts "
        "und hilft dort, wo der Bus nur zweimal am Tag fährt.\n\nWichtig wären gut sichtbare "
        "Standorte, eine kurze Erklärung auf der Bank und ein Aufruf im Amtsblatt.",
        "topics": ["mobilitaet"],
        "municipality": "Landkreis Modellkreis",
        "submitter_type": By.CITIZEN,
        "status": IdeaStatus.TAKEN_UP,
        "status_reason": "Der Kreistag hat beschlossen, zwanzig Bänke in fünf Gemeinden "
        "aufzustellen. Die Standorte werden mit den Ortsvorstehern abgestimmt.",
        "supports": 14,
        "english": {
            "title": "Ride-sharing benches for the villages of the district",
            "slug": "ride-sharing-benches",
            "description": "Benches with a fold-out sign stand at the edge of each village: "
            "whoever sits down would like a lift, for example to the district town. It costs "
            "almost nothing and helps where the bus runs only twice a day.",
            "status_reason": "The district council has decided to set up twenty benches in "
            "five municipalities. The locations are being agreed with the village heads.",
        },
    },
    {
        "slug": "parkplatzsuche-per-app",
        "title": "Freie Parkplätze in der Altstadt per App anzeigen",
        "description": "Sensoren in den Parkhäusern und an den Straßen melden freie Plätze; "
        "eine App und Anzeigetafeln an den Einfallstraßen lotsen die Autos direkt dorthin. "
        "Weniger Suchverkehr heißt weniger Lärm für die Anwohnenden und mehr Kundschaft für "
        "den Handel.",
        "topics": ["mobilitaet", "einzelhandel"],
        "municipality": "Beispielhausen",
        "submitter_type": By.STARTUP,
        "status": IdeaStatus.PILOT,
        "status_reason": "Aus der Idee ist eine Innovationspartnerschaft geworden: Das "
        "Parkleitsystem läuft inzwischen im Regelbetrieb.",
        "pilot_project": "parkleitsystem-beispielhausen",
        "supports": 23,
        "english": {
            "title": "Show free parking spaces in the old town in an app",
            "slug": "parking-spaces-app",
            "description": "Sensors in car parks and on the streets report free spaces; an "
            "app and signs on the main roads guide drivers straight there.",
            "status_reason": "The idea became an innovation partnership: the parking guidance "
            "system is now in regular operation.",
        },
    },
    {
        "slug": "hitzekarte-fuer-musterstadt",
        "title": "Eine Hitzekarte für Musterstadt",
        "description": "Welche Plätze werden im Sommer zu heiß, wo fehlen Bäume und "
        "Trinkbrunnen? Eine offene Karte aus Messwerten und Hinweisen der Bürgerinnen und "
        "Bürger könnte zeigen, wo die Stadt zuerst handeln sollte.",
        "topics": ["klimaschutz", "open-data"],
        "municipality": "Musterstadt",
        "submitter_type": By.CITIZEN,
        "status": IdeaStatus.UNDER_REVIEW,
        "status_reason": "Das Umweltamt prüft, welche Messdaten schon vorliegen und ob sie "
        "offen veröffentlicht werden können.",
        "supports": 9,
        "english": {
            "title": "A heat map for Musterstadt",
            "slug": "heat-map-musterstadt",
            "description": "Which squares get too hot in summer, where are trees and drinking "
            "fountains missing? An open map could show where the town should act first.",
            "status_reason": "The environment office is checking which measurements exist and "
            "whether they can be published openly.",
        },
    },
    {
        "slug": "digitales-schaufenster-innenstadt",
        "title": "Ein gemeinsames digitales Schaufenster für die Innenstadt",
        "description": "Die Geschäfte der Innenstadt zeigen ihr Angebot auf einer gemeinsamen "
        "Seite, mit Öffnungszeiten, Abholung am selben Tag und Lieferung per Lastenrad.",
        "topics": ["einzelhandel"],
        "municipality": "Neustadt am Modell",
        "submitter_type": By.MEMBER,
        "status": IdeaStatus.NEW,
        "status_reason": "",
        "supports": 5,
    },
    {
        "slug": "wasserzaehler-funk",
        "title": "Funkwasserzähler mit Leckwarnung",
        "description": "Die Stadtwerke könnten Wasserzähler einsetzen, die per Funk ablesen "
        "und bei ungewöhnlichem Verbrauch warnen – etwa bei einem Rohrbruch im Urlaub.",
        "topics": ["wasser", "daseinsvorsorge"],
        "municipality": "",
        "submitter_type": By.MUNICIPALITY,
        "status": IdeaStatus.NOT_PURSUED,
        "status_reason": "Die Stadtwerke stellen die Zähler ohnehin bis 2028 um; eine eigene "
        "Entwicklung lohnt sich nicht. Die Leckwarnung ist dort bereits vorgesehen.",
        "supports": 3,
    },
    {
        "slug": "buergerhaushalt-online",
        "title": "Bürgerhaushalt online: mitreden, wofür Geld ausgegeben wird",
        "description": "Ein kleiner Teil des Haushalts wird jedes Jahr für Vorschläge der "
        "Einwohnerinnen und Einwohner reserviert. Vorschläge werden online gesammelt, "
        "diskutiert und abgestimmt.",
        "topics": ["buergerbeteiligung"],
        "municipality": "Beispielhausen",
        "submitter_type": By.CITIZEN,
        "status": IdeaStatus.NEW,
        "status_reason": "",
        "supports": 11,
    },
]


def load_index():
    index = ensure_page(
        home_page(german()),
        IdeaIndexPage,
        "ideen",
        title="Ideen",
        intro="Bürgerinnen und Bürger, Start-ups und Mitglieder schlagen vor, was Kommunen "
        "besser machen können. Unterstützen Sie Ideen, diskutieren Sie mit – und reichen Sie "
        "Ihre eigene ein.",
    )
    ensure_translation(
        index,
        english(),
        title="Ideas",
        slug="ideas",
        intro="Citizens, start-ups and members suggest what municipalities could do better. "
        "Support ideas, join the discussion – and submit your own.",
    )
    add_to_menu(index)
    return index


def load_ideas(index):
    projects = {page.slug: page for page in ProjectPage.objects.filter(locale=german())}
    for number, spec in enumerate(IDEAS):
        existing = index.get_children().filter(slug=spec["slug"]).exists()
        idea = ensure_page(
            index,
            IdeaPage,
            spec["slug"],
            title=spec["title"],
            description=spec["description"],
            topics=[topic(slug) for slug in spec["topics"]],
            municipality=spec["municipality"],
            submitter_type=spec["submitter_type"],
            status=spec["status"],
            status_reason=spec["status_reason"],
            pilot_project=projects.get(spec.get("pilot_project", "")),
            # One idea came with a picture; the others show their topic's pictogram.
            image=demo_image(f"Idee {spec['title']}", seed=300 + number) if number == 0 else None,
        )
        if not existing:
            # Supports and the submitter after publishing: nobody is e-mailed.
            IdeaSubmission.objects.get_or_create(
                idea=idea,
                defaults={
                    "name": "Demo",
                    "email": f"demo-idee-{number}@example.org",
                    "confirmed_at": timezone.now(),
                    "notify": False,
                },
            )
            IdeaSupport.objects.bulk_create(
                [
                    IdeaSupport(
                        idea=idea,
                        email=f"demo-unterstuetzung-{number}-{count}@example.org",
                        confirmed_at=timezone.now(),
                    )
                    for count in range(spec["supports"])
                ],
                ignore_conflicts=True,
            )
        if "english" in spec:
            ensure_translation(idea, english(), **spec["english"])


def load(stdout=None):
    index = load_index()
    load_ideas(index)
    if stdout is not None:
        stdout.write(f"  {IdeaPage.objects.count()} ideas, {IdeaSupport.objects.count()} supports")


# --- Large volumes for benchmarks --------------------------------------------------------

BULK_PREFIX = "idee-"
BULK_REASON = "Synthetische Begründung für Lasttests."
# How the bulk ideas are spread over the statuses (weights).
BULK_STATUSES = {
    IdeaStatus.NEW: 40,
    IdeaStatus.UNDER_REVIEW: 25,
    IdeaStatus.TAKEN_UP: 15,
    IdeaStatus.PILOT: 5,
    IdeaStatus.NOT_PURSUED: 15,
}


def seed_bulk(scale=1, stdout=None):
    """Add 1,000 published ideas and 5,000 confirmed supports (at scale 1) in bulk, on top
    of the demo content. Each idea has one to three topics, a status (with its public
    reason, its pilot project and the status change already announced, so that nobody is
    e-mailed), a confirmed submission (as the listing requires) and a first publication
    in the past year; the supports are spread unevenly (a few ideas get many). The
    numbering continues on a second run. The search index is not updated."""
    load()
    rng = random.Random(20260116)
    count = max(1, int(1000 * scale))
    support_total = int(5000 * scale)
    topic_ids = list(
        Topic.objects.filter(locale=german()).order_by("pk").values_list("pk", flat=True)
    )
    pilot = ProjectPage.objects.filter(locale=german()).live().order_by("pk").first()
    statuses = {
        status: weight
        for status, weight in BULK_STATUSES.items()
        if status != IdeaStatus.PILOT or pilot is not None
    }
    index = IdeaIndexPage.objects.get(locale=german())
    now = timezone.now()
    with transaction.atomic():
        first = next_number(index, BULK_PREFIX)
        specs = []
        for number in range(first, first + count):
            status = rng.choices(list(statuses), weights=list(statuses.values()))[0]
            specs.append(
                {
                    "title": f"Idee {number}: {rng.choice(IDEA_THEMES)}",
                    "slug": f"{BULK_PREFIX}{number}",
                    "first_published_at": now - timedelta(minutes=rng.randint(60, 525_600)),
                    "description": "Synthetische Idee für Lasttests.",
                    "municipality": f"Musterort {number % 97}",
                    "submitter_type": rng.choice(By.values),
                    "status": status,
                    "status_reason": "" if status == IdeaStatus.NEW else BULK_REASON,
                    "pilot_project_id": pilot.pk if status == IdeaStatus.PILOT else None,
                }
            )
        ids = new_child_pages(index, IdeaPage, specs)
        IdeaPage.topics.through.objects.bulk_create(
            [
                IdeaPage.topics.through(ideapage_id=page_id, topic_id=topic_id)
                for page_id in ids
                for topic_id in rng.sample(topic_ids, k=rng.randint(1, 3))
            ],
            batch_size=2000,
        )
        IdeaSubmission.objects.bulk_create(
            [
                IdeaSubmission(
                    idea_id=page_id,
                    name="Bulk",
                    email=f"einreichung-{spec['slug']}@bulk.example.org",
                    notify=False,
                    confirmed_at=spec["first_published_at"],
                )
                for page_id, spec in zip(ids, specs, strict=True)
            ],
            batch_size=2000,
        )
        IdeaStatusChange.objects.bulk_create(
            [
                IdeaStatusChange(idea_id=page_id, status=spec["status"], reason=BULK_REASON)
                for page_id, spec in zip(ids, specs, strict=True)
                if spec["status"] != IdeaStatus.NEW
            ],
            batch_size=2000,
        )
        supports = _bulk_supports(rng, ids, support_total, now)
        IdeaSupport.objects.bulk_create(supports, batch_size=2000)
    if stdout is not None:
        stdout.write(f"  +{len(ids)} ideas, +{len(supports)} supports")


IDEA_THEMES = [
    "Sensoren für freie Parkplätze",
    "Bürgerbus auf Abruf",
    "Offene Daten zum Haushalt",
    "Trinkbrunnen in der Innenstadt",
    "Digitale Sprechstunde im Rathaus",
    "Leerstand als Werkstatt nutzen",
    "Hitzeschutz an Schulen",
    "Mängelmelder für Radwege",
]


def _bulk_supports(rng, idea_ids, total, now):
    """``total`` confirmed supports over ``idea_ids``, unevenly (weights from a Pareto
    distribution), each address at most once per idea."""
    weights = [rng.paretovariate(1.2) for _ in idea_ids]
    weight_sum = sum(weights)
    supports = []
    for idea_id, weight in zip(idea_ids, weights, strict=True):
        for person in range(round(total * weight / weight_sum)):
            supports.append(
                IdeaSupport(
                    idea_id=idea_id,
                    email=f"unterstuetzung-{idea_id}-{person}@bulk.example.org",
                    confirmed_at=now,
                )
            )
    return supports

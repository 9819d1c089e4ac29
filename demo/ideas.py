"""Demo content of the ideas app: the ideas collection ("Ideen", English "Ideas") with six
ideas of citizens, start-ups and members in every status, some supports, and English
translations of three of them.

All people and places are fictional; supporters' addresses are under example.org.
"""

from django.utils import timezone

from community.models import ProjectPage
from ideas.models import IdeaIndexPage, IdeaPage, IdeaStatus, IdeaSubmission, IdeaSupport
from ideas.models import SubmitterType as By

from .utils import (
    add_to_menu,
    demo_image,
    english,
    ensure_page,
    ensure_translation,
    german,
    home_page,
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
            image=demo_image(f"Idee {spec['title']}", seed=300 + number) if number < 3 else None,
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

"""Demo content of the blog: the index "Aktuelles" ("News" in English), a dozen German
articles (some translated into English), authors, topics, tags and comment threads.

``load()`` is idempotent. ``seed_bulk(scale)`` adds synthetic volume for benchmarks (see its
docstring). All people and places are fictional.
"""

import datetime
import random
import uuid

from django.apps import apps
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db.models import F
from django.utils import formats, timezone, translation
from django_comments.models import Comment
from django_comments_xtd.models import XtdComment
from taggit.models import Tag
from wagtail.models import Page

from blog.models import (
    ArticleType,
    BlogIndexPage,
    BlogPage,
    BlogPageAuthor,
    BlogPageTag,
    PortalComment,
)
from demo.utils import (
    add_to_menu,
    demo_image,
    english,
    ensure_page,
    ensure_translation,
    german,
    home_page,
    rich,
    topic,
)
from home.models import Person, Topic
from portal.slugs import german_slugify

Status = PortalComment.Status


def paragraph(*texts):
    return ("paragraph", rich(*texts))


def heading(text, level="h2"):
    return ("heading", {"text": text, "level": level})


def quote(text, attribution=""):
    return ("quote", {"text": text, "attribution": attribution})


def callout(title, text, tone="info"):
    return ("callout", {"title": title, "text": rich(text), "tone": tone})


# External people (home.Person), used when no member profiles exist yet.
PEOPLE = [
    {
        "name": "Dr. Jana Beispiel",
        "role": "Redaktion des Innovatorenclubs",
        "organisation": "Innovatorenclub Kommunen e. V.",
        "bio": "Schreibt über kommunale Innovation, Werkstätten und das Deutschlandforum.",
    },
    {
        "name": "Tobias Muster",
        "role": "Chief Digital Officer",
        "organisation": "Stadt Musterstadt",
        "bio": "Verantwortet die digitale Transformation der Stadtverwaltung Musterstadt.",
    },
    {
        "name": "Leonie Modell",
        "role": "Professorin für Verwaltungsinformatik",
        "organisation": "Hochschule Beispielhausen",
        "bio": "Forscht zu Co-Creation und Datenplattformen in Kommunen.",
    },
]

ARTICLES = [
    {
        "slug": "werkstatt-8-in-silos-oder-innovativ",
        "title": "Werkstatt 8: In Silos oder innovativ? Kommunale Digitalprojekte im "
        "Co-Creation-Format",
        "type": ArticleType.WORKSHOP_REPORT,
        "date": datetime.date(2019, 11, 4),
        "event_title": "Werkstatt 8",
        "topics": ["mobilitaet", "einzelhandel", "innovationskultur", "buergerbeteiligung"],
        "tags": ["Co-Creation", "Werkstatt", "ÖPNV", "Innenstadt"],
        "teaser": "Wie kommen Verwaltung und Wirtschaft aus ihren Silos? In der achten Werkstatt "
        "arbeiteten Mitglieder an zwei Metaplanwänden an Lösungen für Bus und Bahn und für "
        "den Handel in der Innenstadt – und fanden mehr Gemeinsamkeiten als erwartet.",
        "body": [
            paragraph(
                "Am 30. Oktober 2019 kamen Mitglieder des Innovatorenclubs zur achten Werkstatt "
                "zusammen. Die Leitfrage war bewusst zugespitzt: Arbeiten Kommunen bei der "
                "Digitalisierung in getrennten Zuständigkeiten nebeneinander her, oder gelingt "
                "es, Projekte gemeinsam mit den Menschen zu entwickeln, die sie später nutzen?"
            ),
            heading("Impuls: Digitalisierung als Gemeinschaftsaufgabe"),
            paragraph(
                "Zum Auftakt berichtete der Chief Digital Officer der Stadt Musterstadt, wie "
                "seine Verwaltung den digitalen Wandel organisiert: mit einer kleinen Stabsstelle, "
                "die Fachämter berät, statt ihnen Projekte abzunehmen, mit offenen Daten als "
                "gemeinsamer Grundlage und mit regelmäßigen Formaten, in denen Bürgerinnen, "
                "Unternehmen und Verwaltung an einem Tisch sitzen."
            ),
            quote(
                "Die Technik ist selten das Problem. Schwierig wird es an den Grenzen zwischen "
                "Ämtern, Stadtwerken und Unternehmen.",
                "Chief Digital Officer der Stadt Musterstadt",
            ),
            heading("Zwei Gruppen, zwei Metaplanwände"),
            heading("Gruppe Mobilität: den öffentlichen Nahverkehr modernisieren", "h3"),
            paragraph(
                "Die erste Gruppe sammelte, was Fahrgäste heute vom Bus abhält: unklare "
                "Anschlüsse, Tarife, die niemand versteht, und fehlende Informationen bei "
                "Störungen. Auf der Metaplanwand entstanden daraus drei Ansätze – "
                "Echtzeitdaten für alle Linien, ein einfacher Tarif für die Region und "
                "Mobilitätsstationen, an denen Bus, Leihrad und Carsharing zusammenkommen."
            ),
            heading("Gruppe Einzelhandel: lokale Geschäfte gegen den Onlinehandel stärken", "h3"),
            paragraph(
                "Die zweite Gruppe beschäftigte sich mit der Innenstadt. Viele inhabergeführte "
                "Geschäfte wissen, dass sie online sichtbar sein müssten, haben aber weder Zeit "
                "noch Know-how. Die Gruppe schlug eine Beratung durch die Wirtschaftsförderung "
                "vor, ein gemeinsames digitales Schaufenster und lokale Kampagnen, die den "
                "Einkauf vor Ort mit einem Erlebnis verbinden."
            ),
            heading("Im Plenum: Synergien statt Einzellösungen"),
            paragraph(
                "Als die Gruppen ihre Ergebnisse im Plenum zusammenführten, zeigten sich "
                "schnell Verbindungen: Wer in die Innenstadt kommen soll, braucht gute "
                "Verbindungen; wer Bus fährt, profitiert von Angeboten rund um die Haltestelle. "
                "Kundenkarten des Handels könnten zugleich als Fahrschein dienen, "
                "Echtzeitdaten des Nahverkehrs im digitalen Schaufenster erscheinen."
            ),
            callout(
                "Fazit der Werkstatt",
                "Gute Lösungen entstehen nur, wenn Verwaltung und Wirtschaft zusammenarbeiten. "
                "Die Teilnehmenden verabredeten, beide Ideen in einem gemeinsamen Pilotprojekt "
                "weiterzuverfolgen.",
                "success",
            ),
        ],
        "en": {
            "slug": "workshop-8-silos-or-innovation",
            "title": "Workshop 8: Silos or innovation? Municipal digital projects in a "
            "co-creation format",
            "teaser": "How do administration and business leave their silos? At the eighth "
            "workshop, members worked at two pinboards on public transport and on retail in "
            "the town centre – and found more in common than expected.",
            "body": [
                paragraph(
                    "On 30 October 2019 club members met for the eighth workshop. The guiding "
                    "question: do municipalities digitalise in separate silos, or do they "
                    "develop projects together with the people who will use them?"
                ),
                heading("Two groups, two pinboards"),
                paragraph(
                    "One group worked on modernising public transport, the other on helping "
                    "local shops compete with online retail through advice and local "
                    "campaigns. In the plenary session the results came together."
                ),
                callout(
                    "Conclusion",
                    "Good solutions need administration and business to cooperate.",
                    "success",
                ),
            ],
        },
        "comments": [
            {
                "name": "Kerstin Beispiel",
                "email": "kerstin.beispiel@example.org",
                "text": "Spannender Bericht! Gibt es die Ergebnisse der Metaplanwände auch als "
                "Fotoprotokoll?",
                "replies": [
                    {
                        "name": "Dr. Jana Beispiel",
                        "email": "redaktion@innovationsportal.example",
                        "text": "Ja, das Fotoprotokoll bekommen alle Teilnehmenden per E-Mail. "
                        "Eine Zusammenfassung folgt hier im Portal.",
                        "replies": [
                            {
                                "name": "Kerstin Beispiel",
                                "email": "kerstin.beispiel@example.org",
                                "text": "Danke, da bin ich gespannt.",
                            }
                        ],
                    }
                ],
            },
            {
                "name": "Henrik aus Beispielhausen",
                "email": "henrik@example.org",
                "text": "Die Idee mit der Kundenkarte als Fahrschein würde ich sofort nutzen. "
                "Bei uns scheitert so etwas bisher an den Zuständigkeiten.",
                "replies": [
                    {
                        "name": "Tobias Muster",
                        "email": "t.muster@example.org",
                        "text": "Genau darum ging es in der Werkstatt: erst die Zuständigkeiten "
                        "klären, dann die Technik. Melden Sie sich gern!",
                    }
                ],
            },
        ],
    },
    {
        "slug": "mehr-als-100-mitglieder",
        "title": "Mehr als 100 Mitglieder: Der Innovatorenclub wächst weiter",
        "type": ArticleType.NEWS,
        "date": datetime.date(2024, 9, 12),
        "topics": ["innovationskultur"],
        "tags": ["Mitglieder", "Netzwerk"],
        "teaser": "Mit rund 35 Mitgliedern hat alles angefangen, heute sind es mehr als 100: "
        "Bürgermeisterinnen, Landräte, Digitalverantwortliche und Stadtwerke-Chefs tauschen "
        "sich im Club aus.",
        "body": [
            paragraph(
                "Was als kleiner Gesprächskreis begann, ist zu einem bundesweiten Netzwerk "
                "gewachsen. Neu dabei sind unter anderem zwei Landkreise aus dem Norden und "
                "mehrere Stadtwerke, die ihre Erfahrungen mit Datenplattformen teilen wollen."
            ),
            paragraph(
                "Der Club bleibt dabei seinem Prinzip treu: Austausch jenseits des politischen "
                "Tagesgeschäfts, im Gespräch mit Wissenschaft, Wirtschaft und Zivilgesellschaft "
                "– und mit dem Anspruch, Ideen in Pilotprojekte zu übersetzen."
            ),
            callout(
                "Mitglied werden",
                "Sie leiten eine Kommune oder ein kommunales Unternehmen? Registrieren Sie sich "
                "im Portal und stellen Sie einen Antrag auf Mitgliedschaft.",
            ),
        ],
        "en": {
            "slug": "more-than-100-members",
            "title": "More than 100 members: the innovators' club keeps growing",
            "teaser": "It started with about 35 members; today there are more than 100 mayors, "
            "district administrators, digital officers and heads of municipal utilities.",
            "body": [
                paragraph(
                    "What began as a small circle is now a nationwide network. New members "
                    "include two districts from the north and several municipal utilities."
                ),
            ],
        },
    },
    {
        "slug": "interview-daten-gehoeren-in-kommunale-hand",
        "title": "„Daten gehören in kommunale Hand“ – Interview zur Datenplattform "
        "in Beispielhausen",
        "type": ArticleType.INTERVIEW,
        "date": datetime.date(2024, 6, 3),
        "topics": ["open-data", "verwaltungsdigitalisierung", "smart-region"],
        "tags": ["Datenplattform", "Datensouveränität", "Open Source"],
        "teaser": "Beispielhausen hat eine urbane Datenplattform auf Open-Source-Basis "
        "aufgebaut. Warum die Stadt dabei auf Datenhoheit setzt, erklärt Professorin Leonie "
        "Modell, die das Projekt wissenschaftlich begleitet.",
        "body": [
            heading("Frau Modell, warum braucht eine Stadt eine eigene Datenplattform?"),
            paragraph(
                "Weil Daten über Verkehr, Energie oder Wasser heute an vielen Stellen entstehen "
                "und selten zusammenfinden. Eine Plattform bringt sie zusammen – und die Stadt "
                "entscheidet, wer sie wofür nutzen darf."
            ),
            heading("Warum Open Source?"),
            paragraph(
                "Damit die Kommune nicht von einem Anbieter abhängig wird. Was Beispielhausen "
                "entwickelt, können andere Kommunen übernehmen und verbessern. So teilen sich "
                "viele die Kosten, und alle profitieren."
            ),
            quote(
                "Datensouveränität heißt nicht, alles selbst zu machen. Es heißt, jederzeit "
                "wechseln zu können.",
                "Leonie Modell",
            ),
            heading("Was raten Sie Kommunen, die anfangen wollen?"),
            paragraph(
                "Klein beginnen, mit einem konkreten Anwendungsfall, etwa freien Parkplätzen "
                "oder Pegelständen. Und von Anfang an die Bürgerinnen und Bürger fragen, welche "
                "Informationen ihnen im Alltag helfen."
            ),
        ],
        "en": {
            "slug": "interview-data-belongs-in-municipal-hands",
            "title": "“Data belongs in municipal hands” – interview on Beispielhausen's data "
            "platform",
            "teaser": "Beispielhausen built an open-source urban data platform. Professor "
            "Leonie Modell explains why the town insists on data sovereignty.",
            "body": [
                heading("Why does a town need its own data platform?"),
                paragraph(
                    "Because data on traffic, energy or water arise in many places and rarely "
                    "come together. A platform joins them, and the town decides who may use "
                    "them for what."
                ),
            ],
        },
    },
    # The press release on the next forum is dated relative to today, as the events are.
    lambda: forum_announcement(),
    {
        "slug": "online-werkstatt-wasser-sensoren-gegen-starkregen",
        "title": "Online-Werkstatt Wasser: Sensoren gegen Starkregen",
        "type": ArticleType.WORKSHOP_REPORT,
        "date": datetime.date(2023, 5, 15),
        "topics": ["wasser", "klimaschutz", "smart-region"],
        "tags": ["Starkregen", "Sensorik", "LoRaWAN", "Werkstatt"],
        "teaser": "Wie warnen Kommunen rechtzeitig vor Überflutungen? In einer "
        "Online-Werkstatt stellten drei Anbieter ihre Lösungen vor – wie auf einer virtuellen "
        "Messe.",
        "body": [
            paragraph(
                "Starkregen trifft kleine Gemeinden oft unvorbereitet. In der Online-Werkstatt "
                "stellten drei Lösungsanbieter Pegelsensoren, Prognosemodelle und "
                "Warnsysteme vor. Die teilnehmenden Kommunen konnten direkt nachfragen und "
                "ihre eigenen Anforderungen schildern."
            ),
            heading("Was die Kommunen brauchen"),
            paragraph(
                "Einfache Installation, offene Schnittstellen und Daten, die auch nach dem "
                "Ende eines Förderprogramms der Kommune gehören. Mehrere Teilnehmende "
                "berichteten von Pilotprojekten, die genau daran gescheitert waren."
            ),
            callout(
                "Nächster Schritt",
                "Zwei Kommunen aus dem Landkreis Modellkreis prüfen eine gemeinsame "
                "Innovationspartnerschaft für ein Frühwarnsystem.",
                "success",
            ),
        ],
        "en": {
            "slug": "online-workshop-water-sensors-against-heavy-rain",
            "title": "Online workshop on water: sensors against heavy rain",
            "teaser": "How can municipalities warn of flooding in time? Three providers "
            "presented their solutions at an online workshop, like at a virtual fair.",
            "body": [
                paragraph(
                    "Heavy rain often catches small municipalities unprepared. Three providers "
                    "presented level sensors, forecasting models and warning systems."
                ),
            ],
        },
        "comments": [
            {
                "name": "Marta Gemeinderätin",
                "email": "marta@example.org",
                "text": "Wir haben seit letztem Jahr Pegelsensoren am Dorfbach. Gern teile ich "
                "unsere Erfahrungen: https://www.example.org/pegel-erfahrungen",
            },
        ],
    },
    {
        "slug": "parkleitsystem-beispielhausen-regelbetrieb",
        "title": "Innovationspartnerschaft: Parkleitsystem in Beispielhausen geht in den "
        "Regelbetrieb",
        "type": ArticleType.NEWS,
        "date": datetime.date(2024, 3, 7),
        "topics": ["mobilitaet", "smart-region", "einzelhandel"],
        "tags": ["Innovationspartnerschaft", "Parken", "Sensorik"],
        "teaser": "Nach einem Jahr Testbetrieb übernimmt Beispielhausen das Parkleitsystem "
        "eines Start-ups in den Regelbetrieb – ein Beispiel dafür, wie "
        "Innovationspartnerschaften funktionieren.",
        "body": [
            paragraph(
                "In der Forschungs- und Entwicklungsphase stellte die Stadt Parkplätze und "
                "Laternenmasten als Testflächen bereit; das Start-up baute Sensoren und eine "
                "App. Die Stadt trug die Investitionskosten und eine kleine Prämie."
            ),
            paragraph(
                "Weil der Test erfolgreich war, folgt nun die Leistungsphase: Die Stadt kennt "
                "die Lösung genau, hat Sonderkonditionen vereinbart und dient anderen Kommunen "
                "als Referenz."
            ),
        ],
        "en": {
            "slug": "parking-guidance-beispielhausen-regular-operation",
            "title": "Innovation partnership: Beispielhausen's parking guidance goes into "
            "regular operation",
            "teaser": "After a year of testing, Beispielhausen takes a start-up's parking "
            "guidance system into regular operation.",
            "body": [
                paragraph(
                    "During the research and development phase the town provided parking "
                    "spaces and lamp posts as test sites; the start-up built sensors and an app."
                ),
            ],
        },
        "comments": [
            {
                "name": "Jonas Pendler",
                "email": "jonas@example.org",
                "text": "Funktioniert die App auch ohne Konto? Ich möchte nicht für jeden "
                "Parkplatz meine Daten hergeben.",
                "replies": [
                    {
                        "name": "Stadt Beispielhausen",
                        "email": "digital@beispielhausen.example",
                        "text": "Ja, die Anzeige freier Plätze ist ohne Konto nutzbar, "
                        "auch auf den Tafeln an den Einfallstraßen.",
                    }
                ],
            },
        ],
    },
    {
        "slug": "lorawan-netz-landkreis-modellkreis",
        "title": "Stadtwerke Modellkreis starten LoRaWAN-Netz für den ganzen Landkreis",
        "type": ArticleType.NEWS,
        "date": datetime.date(2023, 10, 2),
        "topics": ["breitband", "energie", "smart-region"],
        "tags": ["LoRaWAN", "Stadtwerke", "Sensorik"],
        "teaser": "Ein Funknetz für Sensoren, das alle Gemeinden nutzen können: Die "
        "Stadtwerke im Landkreis Modellkreis bauen die Infrastruktur, die Kommunen entwickeln "
        "die Anwendungen.",
        "body": [
            paragraph(
                "Zählerstände, Füllstände von Glascontainern, Bodenfeuchte in Parks: Vieles "
                "lässt sich mit kleinen Sensoren messen, die jahrelang mit einer Batterie "
                "auskommen. Das neue Funknetz der Stadtwerke deckt bald den ganzen Landkreis ab."
            ),
            paragraph(
                "Die Stadtwerke investieren in die Infrastruktur und in Menschen, die sie "
                "nutzen können: Ein kleines Team berät die Gemeinden bei den ersten "
                "Anwendungen."
            ),
        ],
    },
    {
        "slug": "interview-stadtwerke-muessen-sich-neu-erfinden",
        "title": "„Wir müssen uns neu erfinden“ – ein Stadtwerke-Geschäftsführer über Margen, "
        "Plattformen und Mut",
        "type": ArticleType.INTERVIEW,
        "date": datetime.date(2022, 11, 21),
        "topics": ["energie", "daseinsvorsorge", "innovationskultur"],
        "tags": ["Stadtwerke", "Geschäftsmodelle"],
        "teaser": "Sinkende Margen, Regulierung, internationale Plattformen: Kommunale "
        "Unternehmen stehen unter Druck. Ein Gespräch darüber, wie Stadtwerke zu "
        "Innovationstreibern werden.",
        "body": [
            heading("Was setzt Stadtwerke heute am meisten unter Druck?"),
            paragraph(
                "Die Margen im klassischen Geschäft werden kleiner, die Regulierung dichter. "
                "Und internationale Plattformen greifen nach dem Kundenkontakt. Wer nur Strom "
                "und Wasser liefert, wird austauschbar."
            ),
            heading("Und die Antwort?"),
            paragraph(
                "Wir investieren in Infrastruktur – Sensoren, Netze, Datenplattformen – und "
                "vor allem in Menschen, die damit umgehen können. Und wir suchen den Austausch "
                "mit anderen, statt alles allein zu versuchen."
            ),
            quote("Innovation ist für uns keine Kür mehr, sondern Daseinsvorsorge."),
        ],
    },
    {
        "slug": "sammelband-kommunale-innovationen",
        "title": "Sammelband „Kommunale Innovationen“ erschienen",
        "type": ArticleType.NEWS,
        "date": datetime.date(2022, 4, 28),
        "topics": ["innovationskultur", "verwaltungsdigitalisierung"],
        "tags": ["Publikation", "Praxisbeispiele"],
        "teaser": "Verbände und Praktiker berichten: Der neue Sammelband versammelt Beiträge "
        "und Praxisbeispiele aus Städten, Gemeinden und Landkreisen.",
        "body": [
            paragraph(
                "Der Band zeigt, was in Kommunen bereits funktioniert – vom digitalen "
                "Bauantrag bis zum Bürgerbus auf Abruf. Kommunale Spitzenverbände ordnen die "
                "Beispiele ein und benennen, was es braucht, damit gute Lösungen sich "
                "verbreiten."
            ),
        ],
    },
    {
        "slug": "werkstatt-waldmonitoring",
        "title": "Werkstatt Waldmonitoring: Was Förster und Start-ups voneinander lernen",
        "type": ArticleType.WORKSHOP_REPORT,
        "date": datetime.date(2023, 8, 24),
        "topics": ["forst", "klimaschutz"],
        "tags": ["Waldbrand", "Sensorik", "Werkstatt"],
        "teaser": "Trockenheit, Schädlinge, Waldbrände: Bei der Werkstatt im Stadtwald von "
        "Musterstadt trafen Forstleute auf Anbieter von Sensoren und Drohnen.",
        "body": [
            paragraph(
                "Der Stadtwald ist für viele Kommunen Erholungsort, Wasserspeicher und "
                "Einnahmequelle zugleich. Die Forstleute schilderten, wo sie Unterstützung "
                "brauchen; die Anbieter zeigten, was ihre Technik heute leisten kann – und wo "
                "nicht."
            ),
            callout(
                "Ergebnis",
                "Sensoren zur Waldbrandfrüherkennung sollen in einem gemeinsamen Test mit drei "
                "Forstbetrieben erprobt werden.",
                "success",
            ),
        ],
    },
    {
        "slug": "buergerinnen-gestalten-digitale-bibliothek",
        "title": "Bürgerinnen und Bürger gestalten die digitale Bibliothek mit",
        "type": ArticleType.NEWS,
        "date": datetime.date(2024, 11, 5),
        "topics": ["buergerbeteiligung", "daseinsvorsorge"],
        "tags": ["Beteiligung", "Bibliothek"],
        "teaser": "Welche Angebote soll die Stadtbibliothek digital machen? In Musterstadt "
        "entscheiden Bürgerinnen und Bürger in offenen Werkstätten mit.",
        "body": [
            paragraph(
                "Drei Abende, ein Raum voller Ideen: Von der Ausleihe per Smartphone bis zur "
                "Sprechstunde für digitale Fragen reichten die Vorschläge. Die Bibliothek setzt "
                "nun die drei meistgewünschten Angebote um."
            ),
        ],
        "comments": [
            {
                "name": "Gisela Leserin",
                "email": "gisela@example.org",
                "text": "Eine Sprechstunde für digitale Fragen wäre für meine Nachbarschaft "
                "ein Segen. Wann geht es los?",
            },
            {
                "name": "Paul Probst",
                "email": "paul.probst@example.org",
                "text": "Schöne Idee – ich würde gern als Ehrenamtlicher mithelfen.",
                "status": Status.AWAITING_CONFIRMATION,
            },
        ],
    },
    {
        "slug": "virtueller-marktplatz-wasser-forst-klima",
        "title": "Virtueller Marktplatz: Anbieter stellen Lösungen für Wasser, Forst und "
        "Klimaschutz vor",
        "type": ArticleType.PRESS_RELEASE,
        "date": datetime.date(2024, 1, 16),
        "topics": ["wasser", "forst", "klimaschutz"],
        "tags": ["Marktplatz", "Lösungsanbieter"],
        "teaser": "Anbieter legen Profile an und präsentieren ihre Lösungen, Kommunen "
        "filtern nach dem, was zu ihrem Projekt passt: Der virtuelle Marktplatz startet mit "
        "drei Themen.",
        "body": [
            paragraph(
                "Musterstadt, 16. Januar 2024. Der Innovatorenclub öffnet seinen virtuellen "
                "Marktplatz. Zum Start stehen Lösungen für Wasser, Forst und Klimaschutz im "
                "Mittelpunkt; themenbezogene Werkstätten begleiten den Marktplatz wie eine "
                "virtuelle Messe."
            ),
        ],
    },
]


IMAGE_ALT = "Illustration: eine Häuserreihe vor einer großen Sonne"
ENGLISH_IMAGE_ALT = "Illustration: a row of buildings in front of a large sun"


def forum_announcement():
    """The press release on the upcoming 23rd Deutschlandforum: published after the 22nd
    took place, naming the theme its event page has."""
    from demo.events import UPCOMING_FORUM_THEME

    published = timezone.localdate() - datetime.timedelta(days=40)
    with translation.override("de"):
        dateline = formats.date_format(published, "j. F Y")
    motto, _sep, subtitle = UPCOMING_FORUM_THEME.partition(": ")
    return {
        "slug": "deutschlandforum-23-leitgedanke",
        "title": f"23. Deutschlandforum: Leitgedanke „{motto}“ steht fest",
        "type": ArticleType.PRESS_RELEASE,
        "date": published,
        "topics": ["innovationskultur", "verwaltungsdigitalisierung"],
        "tags": ["Deutschlandforum", "Kooperation"],
        "teaser": f"Das nächste Deutschlandforum steht unter dem Leitgedanken „{motto}“. "
        "Zwei Tage lang geht es darum, wie Kommunen Lösungen, Kosten und Wissen teilen.",
        "body": [
            paragraph(
                f"Musterstadt, {dateline}. Der Innovatorenclub Kommunen e. V. hat den "
                f"Leitgedanken für sein 23. Deutschlandforum bekannt gegeben: „{motto}: "
                f"{subtitle}“. Vorträge, Werkstätten und Diskussionen widmen sich der Frage, "
                "wie Kommunen gemeinsame Plattformen aufbauen und Entwicklungskosten teilen."
            ),
            paragraph(
                "Erwartet werden mehr als 100 Mitglieder sowie Referentinnen und Referenten "
                "aus Wissenschaft, Wirtschaft und Zivilgesellschaft. Die Anmeldung für "
                "Mitglieder ist im Portal geöffnet."
            ),
            callout(
                "Pressekontakt",
                "Innovatorenclub Kommunen e. V., Musterstraße 1, 12345 Musterstadt, "
                "presse@innovationsportal.example",
            ),
        ],
    }


def ensure_people():
    de = german()
    people = []
    for spec in PEOPLE:
        person, _ = Person.objects.get_or_create(
            name=spec["name"],
            locale=de,
            defaults={key: value for key, value in spec.items() if key != "name"},
        )
        people.append(person)
    return people


def demo_authors():
    """Member profiles when the community demo created some, otherwise external people."""
    MemberPage = apps.get_model("community", "MemberPage")
    members = list(MemberPage.objects.live().filter(locale=german()).order_by("path")[:4])
    return members or ensure_people()


def set_authors(page, authors, index):
    if page.authors.exists():
        return
    chosen = [authors[index % len(authors)]]
    if index % 3 == 0 and len(authors) > 1:
        chosen.append(authors[(index + 1) % len(authors)])
    for order, author in enumerate(chosen):
        kind = "member" if author._meta.model_name == "memberpage" else "person"
        BlogPageAuthor.objects.create(page=page, sort_order=order, **{kind: author})


def find_event(title_start):
    EventPage = apps.get_model("events", "EventPage")
    return (
        EventPage.objects.filter(locale=german(), title__startswith=title_start)
        .order_by("path")
        .first()
    )


def load_index():
    de, en = german(), english()
    index = ensure_page(
        home_page(de),
        BlogIndexPage,
        "aktuelles",
        title="Aktuelles",
        intro="Nachrichten aus dem Club, Werkstattberichte, Interviews und Pressemitteilungen. "
        "Diskutieren Sie mit!",
    )
    ensure_translation(
        index,
        en,
        title="News",
        slug="news",
        intro="News from the club, workshop reports, interviews and press releases. "
        "Join the discussion!",
    )
    add_to_menu(index, "main_menu")
    return index


def load_articles(index):
    en = english()
    authors = demo_authors()
    created = []
    for number, spec in enumerate(ARTICLES):
        if callable(spec):
            spec = spec()
        existing = index.get_children().filter(slug=spec["slug"]).exists()
        event = find_event(spec["event_title"]) if spec.get("event_title") else None
        page = ensure_page(
            index,
            BlogPage,
            spec["slug"],
            title=spec["title"],
            teaser=spec["teaser"],
            date=spec["date"],
            article_type=spec["type"],
            body=spec["body"],
            event=event,
            # One article has a picture of its own (an editor's image wins); the others show
            # their topic's generated pictogram (home/pictures.py), which says more.
            lead_image=demo_image(spec["title"][:60], seed=number) if number == 1 else None,
            lead_image_alt=IMAGE_ALT,
        )
        if existing:
            continue
        created.append(page)
        set_authors(page, authors, number)
        # A fresh copy (see update_page): topics, tags and authors go into one revision.
        page = BlogPage.objects.get(pk=page.pk)
        page.topics = [topic(slug) for slug in spec["topics"]]
        page.tags.set(spec.get("tags", []))
        page.save_revision().publish()
        page = BlogPage.objects.get(pk=page.pk)
        if "en" in spec:
            english_event = event.get_translation_or_none(en) if event else None
            ensure_translation(
                page, en, event=english_event, lead_image_alt=ENGLISH_IMAGE_ALT, **spec["en"]
            )
        load_comments(page, spec.get("comments", []))
    return created


def add_comment(page, spec, submitted, parent=None):
    status = spec.get("status", Status.PUBLISHED)
    comment = PortalComment(
        content_type=ContentType.objects.get_for_model(Page),
        object_pk=str(page.pk),
        site_id=settings.SITE_ID,
        user_name=spec["name"],
        user_email=spec["email"],
        comment=spec["text"],
        submit_date=submitted,
        parent_id=parent.pk if parent else 0,
        language="de",
        status=status,
        is_public=status == Status.PUBLISHED,
        confirmed_at=submitted if status == Status.PUBLISHED else None,
    )
    comment.save()
    return comment


def load_comments(page, specs):
    moment = timezone.make_aware(datetime.datetime.combine(page.date, datetime.time(10)))

    def walk(items, parent=None):
        nonlocal moment
        for spec in items:
            moment += datetime.timedelta(hours=5)
            comment = add_comment(page, spec, moment, parent)
            walk(spec.get("replies", []), comment)

    walk(specs)


def load(stdout=None):
    index = load_index()
    created = load_articles(index)
    if stdout is not None:
        stdout.write(f"  blog: {len(created)} new articles")


# --- Bulk volumes for benchmarks ---------------------------------------------------------

BULK_ARTICLES = 2500  # per unit of scale
BULK_COMMENTS = 25000  # per unit of scale, 200 of them on one "long discussion" article
LONG_DISCUSSION_COMMENTS = 200
BULK_TAGS = [f"Schlagwort {number}" for number in range(1, 41)]
WORDS = (
    "Kommune Verwaltung Bürger Daten Plattform Netz Sensor Stadtwerk Projekt Werkstatt Lösung "
    "Mobilität Wasser Energie Klima Forst Handel Innenstadt Beteiligung Pilot Partnerschaft "
    "Förderung Zukunft Region Landkreis Gemeinde Innovation Dienst Angebot"
).split()


def seed_bulk(scale=1, stdout=None):
    """Add ``2500 × scale`` German articles and ``25,000 × scale`` comments with bulk
    inserts (seconds, not minutes).

    The articles go below the German "Aktuelles" index, spread over the last six years, with
    random types, one to three topics, two tags from a pool of 40 and one external author.
    Comments are threads of a top-level comment with replies two levels deep; one article
    ("Lange Diskussion …") gets exactly 200. About 2 % of the comments are hidden by reports
    or removed. The articles are live but have no revisions and are not in the search index
    (run ``manage.py update_index`` if a benchmark needs them searchable).
    """
    load()
    rng = random.Random(2024)
    index = BlogIndexPage.objects.get(locale=german(), slug="aktuelles")
    article_count = max(1, round(BULK_ARTICLES * scale))
    comment_count = max(LONG_DISCUSSION_COMMENTS, round(BULK_COMMENTS * scale))
    pages = _bulk_articles(index, article_count, rng)
    _bulk_comments(pages, comment_count, rng)
    if stdout is not None:
        stdout.write(f"  blog: {len(pages)} articles and {comment_count} comments added")
    return pages


def _bulk_articles(index, count, rng):
    de = german()
    content_type = ContentType.objects.get_for_model(BlogPage)
    last_child = index.get_last_child()
    first_step = BlogPage._str2int(last_child.path[-BlogPage.steplen :]) + 1 if last_child else 1
    batch = uuid.uuid4().hex[:6]
    today = timezone.localdate()
    now = timezone.now()
    base_pages = []
    for number in range(count):
        title = (
            f"Lange Diskussion {batch}: Wie geht Beteiligung digital?"
            if number == 0
            else f"{' '.join(rng.sample(WORDS, 4))} ({batch}-{number})"
        )
        slug = german_slugify(f"{batch}-{number}-{title}")[:80]
        base_pages.append(
            Page(
                title=title,
                draft_title=title,
                slug=slug,
                content_type=content_type,
                path=BlogPage._get_path(index.path, index.depth + 1, first_step + number),
                depth=index.depth + 1,
                numchild=0,
                url_path=f"{index.url_path}{slug}/",
                locale=de,
                translation_key=uuid.uuid4(),
                live=True,
                has_unpublished_changes=False,
                first_published_at=now,
                last_published_at=now,
            )
        )
    created = Page.objects.bulk_create(base_pages, batch_size=500)
    articles = []
    for page in created:
        article = BlogPage(
            page_ptr_id=page.pk,
            teaser=f"{' '.join(rng.sample(WORDS, 12))}.",
            date=today - datetime.timedelta(days=rng.randrange(6 * 365)),
            article_type=rng.choice(ArticleType.values),
            comments_open=True,
        )
        article.body = [
            ("paragraph", rich(" ".join(rng.choices(WORDS, k=120)))),
            ("paragraph", rich(" ".join(rng.choices(WORDS, k=80)))),
        ]
        article.pk = page.pk
        articles.append(article)
    fields = list(BlogPage._meta.local_concrete_fields)
    for start in range(0, len(articles), 500):
        BlogPage.objects._insert(articles[start : start + 500], fields=fields)
    Page.objects.filter(pk=index.pk).update(numchild=F("numchild") + count)

    topics = list(Topic.objects.filter(locale=de))
    tags = [
        Tag.objects.get_or_create(name=name, defaults={"slug": german_slugify(name)})[0]
        for name in BULK_TAGS
    ]
    people = ensure_people()
    topic_links, tag_links, author_links = [], [], []
    for page in created:
        for chosen in rng.sample(topics, rng.randint(1, 3)) if topics else []:
            topic_links.append(BlogPage.topics.through(blogpage_id=page.pk, topic_id=chosen.pk))
        for chosen in rng.sample(tags, 2):
            tag_links.append(BlogPageTag(content_object_id=page.pk, tag_id=chosen.pk))
        author_links.append(
            BlogPageAuthor(page_id=page.pk, person=rng.choice(people), sort_order=0)
        )
    BlogPage.topics.through.objects.bulk_create(topic_links, batch_size=1000)
    BlogPageTag.objects.bulk_create(tag_links, batch_size=1000)
    BlogPageAuthor.objects.bulk_create(author_links, batch_size=1000)
    return created


def _thread_shapes(total, rng):
    """Split ``total`` comments into threads: lists of levels in reading order."""
    shapes = []
    while total > 0:
        size = min(total, rng.randint(1, 6))
        levels = [0]
        for _ in range(size - 1):
            levels.append(rng.randint(1, min(2, levels[-1] + 1)))
        shapes.append(levels)
        total -= size
    return shapes


def _bulk_comments(pages, total, rng):
    page_ct = ContentType.objects.get_for_model(Page)
    long_discussion, others = pages[0], pages[1:] or pages[:1]
    plan = [(long_discussion, shape) for shape in _thread_shapes(LONG_DISCUSSION_COMMENTS, rng)]
    remaining = total - LONG_DISCUSSION_COMMENTS
    for shape in _thread_shapes(remaining, rng):
        plan.append((rng.choice(others), shape))

    now = timezone.now()
    rows, structure = [], []
    for page, levels in plan:
        start = now - datetime.timedelta(minutes=rng.randrange(60 * 24 * 365))
        for position, level in enumerate(levels):
            roll = rng.random()
            status = (
                Status.HIDDEN
                if roll < 0.01
                else Status.REMOVED
                if roll < 0.02
                else Status.PUBLISHED
            )
            number = len(rows)
            rows.append(
                Comment(
                    content_type=page_ct,
                    object_pk=str(page.pk),
                    site_id=settings.SITE_ID,
                    user_name=f"Leserin {number % 997}",
                    user_email=f"leserin{number % 997}@example.org",
                    comment=" ".join(rng.choices(WORDS, k=rng.randint(8, 60))),
                    submit_date=start + datetime.timedelta(minutes=position),
                    is_public=status == Status.PUBLISHED,
                    is_removed=status == Status.REMOVED,
                )
            )
            structure.append((position, level, status))
    created = Comment.objects.bulk_create(rows, batch_size=1000)

    xtd_rows, portal_rows = [], []
    index = 0
    for _page, levels in plan:
        thread = created[index : index + len(levels)]
        root_id = thread[0].pk
        parents = {}
        for offset, comment in enumerate(thread):
            position, level, status = structure[index + offset]
            parents[level] = comment.pk
            parent_id = comment.pk if level == 0 else parents[level - 1]
            xtd_rows.append(
                XtdComment(
                    comment_ptr_id=comment.pk,
                    thread_id=root_id,
                    parent_id=parent_id,
                    level=level,
                    order=position + 1,
                    followup=False,
                    nested_count=0,
                )
            )
            portal_rows.append(
                PortalComment(
                    xtdcomment_ptr_id=comment.pk,
                    status=status,
                    language="de",
                    confirmed_at=comment.submit_date,
                    open_reports=3 if status == Status.HIDDEN else 0,
                )
            )
        index += len(levels)
    xtd_fields = list(XtdComment._meta.local_concrete_fields)
    portal_fields = list(PortalComment._meta.local_concrete_fields)
    for start in range(0, len(xtd_rows), 1000):
        XtdComment.objects._insert(xtd_rows[start : start + 1000], fields=xtd_fields)
        PortalComment.objects._insert(portal_rows[start : start + 1000], fields=portal_fields)

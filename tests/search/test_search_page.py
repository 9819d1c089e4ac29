"""The search page on every backend: what it finds, how results look, pagination, did-you-mean,
editor's picks, documents, topics and the query statistics."""

import pytest
from django.core.files.base import ContentFile
from django.utils import timezone
from django.utils.formats import date_format
from wagtail.contrib.search_promotions.models import Query, SearchPromotion
from wagtail.documents import get_document_model

from community.models import MemberIndexPage, MemberPage
from tests.conftest import refreshed
from tests.search.conftest import search, titles

pytestmark = pytest.mark.django_db


def make_document(title):
    document = get_document_model()(title=title)
    document.file.save("satzung.pdf", ContentFile(b"%PDF-1.4 Satzung"), save=False)
    document.save()
    return document


def test_finds_published_pages_of_every_type(
    client, search_backend, home_de, make_page, make_article, make_event
):
    make_page("Wasserstoff in der Stadt", intro="Tankstellen für Busse.")
    make_article("Busse fahren mit Wasserstoff", teaser="Ein Pilotprojekt.")
    make_event("Werkstatt Wasserstoff", description="Zwei Tage zum Wasserstoff.")
    directory = MemberIndexPage(title="Mitglieder", slug="mitglieder")
    refreshed(home_de).add_child(instance=directory)
    directory.add_child(
        instance=MemberPage(
            title="Erika Beispiel",
            first_name="Erika",
            last_name="Beispiel",
            role="Beauftragte für Wasserstoff",
        )
    )
    search_backend.refresh()

    _, outcome = search(client, "Wasserstoff")

    found = {item.title: item.type_label for item in outcome.page_obj.object_list}
    assert found == {
        "Wasserstoff in der Stadt": "Inhaltsseite",
        "Busse fahren mit Wasserstoff": "Beitrag",
        "Werkstatt Wasserstoff": "Veranstaltung",
        "Erika Beispiel": "Mitgliederprofil",
    }
    assert outcome.total == 4
    assert not outcome.degraded


def test_results_show_type_date_and_a_highlighted_excerpt(client, search_backend, make_page):
    page = make_page("Klimaschutz im Quartier", intro="Wie Musterstadt Fernwärme plant.")
    search_backend.refresh()

    response, outcome = search(client, "Fernwärme")

    html = response.content.decode()
    assert "<mark>Fernwärme</mark>" in html
    assert "Inhaltsseite" in html
    published = timezone.localdate(page.first_published_at)
    assert f'<time datetime="{published.isoformat()}">{date_format(published)}</time>' in html
    assert f'<a href="{page.url}">Klimaschutz im Quartier</a>' in html


def test_excerpts_escape_the_content(client, search_backend, make_page):
    make_page("Sichere Seite", intro='<script>alert("x")</script> Fernwärme & Netze <b>fett</b>')
    search_backend.refresh()

    response, outcome = search(client, "Fernwärme")

    excerpt = str(outcome.page_obj.object_list[0].excerpt)
    assert "<script>" not in excerpt
    assert "<b>" not in excerpt
    assert "<mark>Fernwärme</mark>" in excerpt
    assert "&amp; Netze" in excerpt
    assert "<script>" not in response.content.decode()


def test_the_query_is_escaped_wherever_it_is_shown(client, search_backend):
    response, _ = search(client, '<img src=x onerror="alert(1)">')

    html = response.content.decode()
    assert response.status_code == 200
    assert "<img src=x" not in html
    assert "&lt;img src=x onerror=&quot;alert(1)&quot;&gt;" in html


def test_results_are_in_the_readers_language(
    client, search_backend, home_de, home_en, locale_en, make_page
):
    german = make_page("Wasserstoffbusse für Musterstadt", intro="Ein Projekt in Musterstadt.")
    english = german.copy_for_translation(locale_en)
    english.title, english.slug = "Hydrogen buses for Musterstadt", "hydrogen-buses"
    english.intro = "A project in Musterstadt."
    english.save_revision().publish()
    search_backend.refresh()

    _, outcome_de = search(client, "Musterstadt")
    _, outcome_en = search(client, "Musterstadt", language="en")

    assert titles(outcome_de) == ["Wasserstoffbusse für Musterstadt"]
    assert titles(outcome_en) == ["Hydrogen buses for Musterstadt"]
    assert outcome_en.page_obj.object_list[0].url == "/en/hydrogen-buses/"


def test_unpublished_pages_are_not_found(client, search_backend, make_page):
    page = make_page("Entwurf zur Breitbandstrategie")
    page.unpublish()
    search_backend.refresh()

    _, outcome = search(client, "Breitbandstrategie")

    assert outcome.total == 0


def test_unpublished_changes_are_not_found(client, search_backend, make_page):
    page = make_page("Breitband für alle", intro="Glasfaser bis 2030.")
    page.intro = "Geheimer Zeitplan der Ausschreibung."
    page.save_revision()
    search_backend.refresh()

    _, draft = search(client, "Ausschreibung")
    _, published = search(client, "Glasfaser")

    assert draft.total == 0
    assert titles(published) == ["Breitband für alle"]


def test_results_are_paginated(client, search_backend, make_page):
    for number in range(23):
        make_page(f"Radverkehr Teil {number}", intro="Radwege in Beispielhausen.")
    search_backend.refresh()

    _, first = search(client, "Radwege")
    _, third = search(client, "Radwege", page="3")

    assert first.total == 23
    assert len(first.page_obj.object_list) == 10
    assert len(third.page_obj.object_list) == 3
    assert third.page_obj.number == 3
    assert not set(titles(first)) & set(titles(third))


def test_pagination_links_keep_query_and_filters(client, search_backend, make_page):
    for number in range(12):
        make_page(f"Radverkehr Teil {number}", intro="Radwege in Beispielhausen.")
    search_backend.refresh()

    response, _ = search(client, "Radwege", type="home.standardpage")

    assert "?q=Radwege&amp;type=home.standardpage&amp;page=2" in response.content.decode()


def test_misspelt_query_offers_a_correction(client, search_backend, make_page):
    make_page("Innovationswerkstatt in Musterstadt", intro="Ideen für die Verwaltung.")
    search_backend.refresh()

    # A typo in the first letter: closer ones find the page at once (search.expansion).
    response, outcome = search(client, "Unnovationswerkstatt")

    assert outcome.total == 0
    assert outcome.suggestion == "innovationswerkstatt"
    assert "Meinten Sie:" in response.content.decode()
    _, corrected = search(client, outcome.suggestion)
    assert titles(corrected) == ["Innovationswerkstatt in Musterstadt"]


def test_empty_result_explains_what_to_try(client, search_backend, topics):
    response, outcome = search(client, "Quantenteleportation")

    html = response.content.decode()
    assert outcome.total == 0
    assert outcome.suggestion == ""
    assert "Keine Treffer." in html
    assert "Prüfen Sie die Schreibweise." in html
    assert '?topic=mobilitaet">Mobilität</a>' in html


def test_search_without_query_invites_to_browse_topics(client, search_backend, topics):
    response, outcome = search(client, "")

    assert response.status_code == 200
    assert outcome.page_obj is None
    assert "Nach Themen stöbern" in response.content.decode()


def test_editors_picks_come_first(client, search_backend, make_page):
    make_page("Wasser im Wald", intro="Forst und Wasser.")
    pick = make_page("Unser Wasserschwerpunkt", intro="Alles zum Thema.")
    SearchPromotion.objects.create(
        query=Query.get("Wasser"), page=pick, sort_order=0, description="Empfohlen."
    )
    search_backend.refresh()

    response, outcome = search(client, "wasser")

    assert [p.title for p in outcome.promotions] == ["Unser Wasserschwerpunkt"]
    html = response.content.decode()
    assert html.index("Empfehlungen der Redaktion") < html.index("Wasser im Wald")


def test_queries_are_counted_for_editors_once_per_search(client, search_backend, make_page):
    for number in range(12):
        make_page(f"Wasser {number}")
    search_backend.refresh()

    search(client, "Wasser")
    search(client, "  wasser ")
    search(client, "Wasser", page="2")
    search(client, "Wasser", type="home.standardpage")

    assert Query.get("wasser").hits == 2


def test_documents_are_found_and_listed_on_their_own(client, search_backend, make_page):
    make_document("Satzung des Wasserverbands")
    make_page("Wasserverband gegründet", intro="Die Satzung liegt bei.")
    search_backend.refresh()

    _, mixed = search(client, "Satzung")
    _, documents_only = search(client, "Satzung", type="document")

    assert titles(mixed) == ["Wasserverband gegründet"]
    assert [d.title for d in mixed.documents] == ["Satzung des Wasserverbands"]
    assert mixed.documents[0].url.startswith("/documents/")
    assert {o.key: o.count for o in mixed.type_facet}["document"] == 1
    assert titles(documents_only) == ["Satzung des Wasserverbands"]


def test_matching_topics_are_offered_as_filters(client, search_backend, topics, make_article):
    make_article("Neue Buslinien", topics=[topics["mobilitaet"]])
    search_backend.refresh()

    response, outcome = search(client, "Mobilität")

    assert [topic.slug for topic in outcome.topic_suggestions] == ["mobilitaet"]
    assert '?topic=mobilitaet">Mobilität</a>' in response.content.decode()


def test_a_topic_can_be_browsed_without_a_query(client, search_backend, topics, make_article):
    older = make_article("Ältere Buslinie", topics=[topics["mobilitaet"]])
    newer = make_article("Neuere Buslinie", topics=[topics["mobilitaet"]])
    make_article("Wasserwerk", topics=[topics["wasser"]])
    search_backend.refresh()

    _, outcome = search(client, "", topic="mobilitaet")

    assert titles(outcome) == [newer.title, older.title]


def test_correction_may_be_the_beginning_of_a_compound(client, search_backend, make_page):
    make_page("Innovationspartnerschaften", intro="Gemeinsam mit Start-ups entwickeln.")
    make_page("Innovationen für Städte", intro="Ein Sammelband.")
    search_backend.refresh()

    _, outcome = search(client, "Innvoation")

    assert outcome.suggestion == "innovation"

"""Demo content and bulk volumes of the community app."""

import io

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from wagtail.models import Page

from community.models import (
    MemberIndexPage,
    MemberPage,
    Organisation,
    OrganisationType,
    ProjectPage,
    SolutionIndexPage,
    SolutionPage,
)
from home.models import NavigationSettings
from portal.caching.pages import generation
from portal.membership import is_member

pytestmark = pytest.mark.django_db


def test_demo_has_members_organisations_solutions_and_projects(demo_content):
    german = {"locale__language_code": "de"}
    assert MemberPage.objects.live().filter(**german).count() >= 25
    assert set(Organisation.objects.values_list("organisation_type", flat=True)) == set(
        OrganisationType.values
    )
    solutions = SolutionPage.objects.live().filter(**german)
    assert solutions.count() >= 12
    assert sum(1 for s in solutions if s.references.exists()) >= 10
    assert ProjectPage.objects.live().filter(**german).count() >= 3
    assert MemberPage.objects.filter(locale__language_code="en").exists()
    assert SolutionPage.objects.filter(locale__language_code="en").exists()


def test_demo_index_pages_are_in_the_main_menu_in_both_languages(client, demo_content):
    menu_ids = {block.value.id for block in NavigationSettings.for_site(demo_content).main_menu}
    for model in (MemberIndexPage, SolutionIndexPage):
        assert model.objects.get(locale__language_code="de").pk in menu_ids
    html = client.get("/en/").content.decode()
    assert ">Members</a>" in html and ">Marketplace</a>" in html and ">Projects</a>" in html


def test_demo_member_accounts_sign_in(client, demo_content):
    user = get_user_model().objects.get(email="demo-mitglied-1@example.org")
    assert is_member(user)
    response = client.post(
        "/accounts/login/", {"login": "demo-mitglied-1@example.org", "password": "demo1234"}
    )
    assert response.status_code == 302
    assert client.get("/de/konto/").status_code == 200


def test_second_demo_run_adds_no_organisations_or_accounts(demo_content):
    counts = (Organisation.objects.count(), get_user_model().objects.count())
    call_command("load_demo_content", stdout=io.StringIO())
    assert (Organisation.objects.count(), get_user_model().objects.count()) == counts


def test_demo_listings_show_exactly_what_their_filters_match(client, demo_content):
    """Each filtered listing shows the demo items that match every filter and nothing else
    (near misses named), with the number of results."""
    import re

    def listed(url):
        response = client.get(url)
        assert response.status_code == 200, url
        html = response.content.decode()
        titles = re.findall(r'<h3 class="card__title"><a href="[^"]+"[^>]*>([^<]+)</a>', html)
        count = re.search(r'<p class="result-count" role="status">([^<]+)</p>', html)
        return set(titles), count.group(1)

    # In Hessen and working on mobility: not Hannah Hartmann (mobility, Bayern) nor Aylin
    # Demir (Hessen, energy and water).
    assert listed("/de/mitglieder/?state=hessen&topic=mobilitaet") == (
        {"Erika Beispiel", "Miriam Zimmermann"},
        "2 Mitglieder",
    )
    # In regular operation with a reference in Hessen: not "Bürgerservice online" (regular
    # operation, no reference in Hessen) nor "Adaptive Ampelsteuerung" (Hessen, pilot).
    assert listed("/de/marktplatz/?maturity=regelbetrieb&reference_state=hessen") == (
        {
            "Energiemonitoring für Liegenschaften",
            "Sensorgestütztes Parkleitsystem",
            "Urbane Datenplattform",
        },
        "3 Lösungen",
    )
    # The one project in regular operation (the others are in research and testing).
    assert listed("/de/projekte/?phase=regelbetrieb") == (
        {"Parkleitsystem für die Altstadt von Beispielhausen"},
        "1 Projekt",
    )
    # Suitable for small towns, in English where a translation exists (German otherwise):
    # not the urban data platform, the adaptive traffic lights, the appointment assistant
    # or the forest fire warning.
    assert listed("/en/marketplace/?size=klein") == (
        {
            "Beteiligungsplattform",
            "Bürgerservice online",
            "Digitale Leerstandsbörse",
            "Energiemonitoring für Liegenschaften",
            "Environmental sensors on LoRaWAN",
            "Funkwasserzähler mit Leckerkennung",
            "Pegel- und Starkregenwarnung",
            "Sensor-based parking guidance",
        },
        "8 solutions",
    )


def test_seed_bulk_adds_reachable_pages_to_a_consistent_tree(client, site):
    call_command("seed_bulk", "--scale", "0.01", stdout=io.StringIO())
    directory = MemberIndexPage.objects.get(locale__language_code="de")
    bulk_members = MemberPage.objects.filter(slug__startswith="mitglied-")
    assert bulk_members.count() == 50
    assert SolutionPage.objects.filter(slug__startswith="loesung-").count() == 20
    assert all(problems == [] for problems in Page.find_problems())
    assert client.get(bulk_members.first().url).status_code == 200
    html = client.get(directory.url).content.decode()
    assert "75 Mitglieder" in html  # 25 demo members and 50 bulk profiles
    # A second run continues the numbering instead of colliding, and readers see it at once
    # (bulk inserts send no signals; the command starts a new cache generation).
    before = generation()
    call_command("seed_bulk", "--scale", "0.01", stdout=io.StringIO())
    assert generation() != before
    assert MemberPage.objects.filter(slug__startswith="mitglied-").count() == 100
    assert all(problems == [] for problems in Page.find_problems())


def test_demo_member_count_agrees_with_the_articles(client, demo_content):
    from blog.models import BlogPage
    from community.templatetags.community_tags import club_member_count

    count = club_member_count()
    # "Mehr als 100 Mitglieder" (article), "mehr als 100" (about us, press release)
    assert BlogPage.objects.live().filter(title__startswith="Mehr als 100 Mitglieder").exists()
    assert count > 100
    html = client.get("/de/").content.decode()
    assert f'<span class="stat__number">{count}</span>' in html

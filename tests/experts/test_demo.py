"""Demo content of the expert database."""

import re

import pytest

from experts.models import ExpertIndexPage, ExpertPage
from home.models import NavigationSettings

pytestmark = pytest.mark.django_db


def names_listed(html):
    return re.findall(r'<h3 class="card__title"><a href="[^"]+"[^>]*>([^<]+)</a>', html)


def test_demo_has_firms_and_persons_with_references(demo_content):
    experts = ExpertPage.objects.live().filter(locale__language_code="de")
    assert experts.count() >= 8
    assert set(experts.values_list("kind", flat=True)) == {"person", "firma"}
    assert sum(1 for page in experts if page.reference_projects.exists()) >= 3
    assert ExpertPage.objects.filter(locale__language_code="en").exists()


def test_demo_expert_database_is_in_the_menu_and_lists_alphabetically(client, demo_content):
    index = ExpertIndexPage.objects.get(locale__language_code="de")
    assert index.url == "/de/beraterdatenbank/"
    menu_ids = {block.value.id for block in NavigationSettings.for_site(demo_content).main_menu}
    assert index.pk in menu_ids
    names = names_listed(client.get("/de/beraterdatenbank/").content.decode())
    assert len(names) >= 8
    assert names == sorted(names, key=str.lower)
    html = client.get("/en/experts/").content.decode()
    assert ">Experts</a>" in html
    assert "Sort order: relevance, then alphabetical" in html


def test_demo_filters_find_nationwide_firms_in_every_region(client, demo_content):
    html = client.get("/de/beraterdatenbank/?region=saarland").content.decode()
    assert set(names_listed(html)) == {
        "Kommunalkompass Beratung GmbH",
        "Netzwerk Glasfaser Land GmbH",
    }


def test_demo_expert_account_edits_its_profile(client, demo_content):
    client.post("/accounts/login/", {"login": "demo-berater@example.org", "password": "demo1234"})
    html = client.get("/de/konto/beraterprofil/").content.decode()
    assert 'value="Dr. Miriam Roth"' in html

"""Editors' search desk: searches are counted per term, language and day (with those that
found nothing), the admin report lists the most frequent terms and the terms without results
of the last 30 days, exports them and links to a prefilled "add editor's pick" form; old rows
are purged; only people with the permission see it."""

import csv
import datetime
import io

import pytest
from django.contrib.auth.models import Group, Permission
from django.core.management import call_command
from django.utils import timezone

from search.models import SearchTermStatistic
from search.statistics import frequent_terms, record_search, terms_without_results
from tests.factories import UserFactory
from tests.search.conftest import search

pytestmark = pytest.mark.django_db

REPORT = "/admin/reports/suchanfragen/"


def stat(term, language="de", days_ago=0, searches=1, without_results=0):
    return SearchTermStatistic.objects.create(
        query_string=term,
        language_code=language,
        date=timezone.localdate() - datetime.timedelta(days=days_ago),
        searches=searches,
        searches_without_results=without_results,
    )


@pytest.fixture
def report_reader(db):
    group = Group.objects.create(name="Suchauswertung")
    group.permissions.add(
        Permission.objects.get(codename="access_admin"),
        Permission.objects.get(codename="view_searchtermstatistic"),
    )
    person = UserFactory(email="auswertung@example.org")
    person.groups.add(group)
    return person


def test_searches_are_counted_per_term_and_language_with_those_without_results(
    client, search_backend, make_page, home_en
):
    make_page("Wasser im Wald")
    search_backend.refresh()

    search(client, "Wasser")
    search(client, " wasser ")
    search(client, "Quantenteleportation")
    search(client, "Quantenteleportation", language="en")

    rows = {
        (row.query_string, row.language_code): (row.searches, row.searches_without_results)
        for row in SearchTermStatistic.objects.all()
    }
    assert rows == {
        ("wasser", "de"): (2, 0),
        ("quantenteleportation", "de"): (1, 1),
        ("quantenteleportation", "en"): (1, 1),
    }


def test_filtered_searches_are_not_counted(client, search_backend, make_page):
    make_page("Wasser im Wald")
    search_backend.refresh()

    search(client, "Wasser", type="home.standardpage")

    assert not SearchTermStatistic.objects.exists()


def test_nothing_about_the_reader_is_stored():
    fields = {field.name for field in SearchTermStatistic._meta.get_fields()}

    assert fields == {
        "id",
        "query_string",
        "language_code",
        "date",
        "searches",
        "searches_without_results",
    }


def test_a_second_search_on_the_same_day_adds_to_the_row(db):
    record_search("Wärmeplanung", "de", found=True)
    record_search("WÄRMEPLANUNG", "de", found=False)

    row = SearchTermStatistic.objects.get()
    assert (row.query_string, row.searches, row.searches_without_results) == (
        "wärmeplanung",
        2,
        1,
    )


def test_frequent_terms_sum_the_last_30_days_only(db):
    stat("wasser", days_ago=0, searches=3)
    stat("wasser", days_ago=29, searches=2)
    stat("wasser", days_ago=30, searches=50)
    stat("energie", days_ago=1, searches=4)

    assert [(t["query_string"], t["total_searches"]) for t in frequent_terms()] == [
        ("wasser", 5),
        ("energie", 4),
    ]


def test_terms_without_results_list_only_terms_that_found_nothing(db):
    stat("wasser", searches=9)
    stat("quanten", searches=2, without_results=2)
    stat("quanten", language="en", searches=1, without_results=1)
    stat("altes", days_ago=40, searches=5, without_results=5)

    assert [(t["query_string"], t["language_code"]) for t in terms_without_results()] == [
        ("quanten", "de"),
        ("quanten", "en"),
    ]


def test_the_report_shows_both_tables_with_promotion_links(client, report_reader):
    stat("wasser", searches=7)
    stat("quantenteleportation", searches=2, without_results=2)
    client.force_login(report_reader)

    response = client.get(REPORT)

    html = response.content.decode()
    assert response.status_code == 200
    assert "Häufigste Suchbegriffe" in html
    assert "Suchbegriffe ohne Treffer" in html
    empty_table = html[html.index("Suchbegriffe ohne Treffer") :]
    assert "quantenteleportation" in empty_table
    assert "wasser" not in empty_table
    assert "/admin/reports/suchanfragen/empfehlung/?q=quantenteleportation" in html


def test_the_report_exports_each_table_as_csv(client, report_reader):
    stat("wasser", searches=7)
    stat("quanten", searches=2, without_results=2)
    client.force_login(report_reader)

    response = client.get(REPORT, {"export": "csv", "table": "empty"})

    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert response.status_code == 200
    assert rows == [
        ["Suchbegriff", "Sprache", "Suchen", "Davon ohne Treffer"],
        ["quanten", "de", "2", "2"],
    ]


def test_the_report_exports_xlsx(client, report_reader):
    stat("wasser", searches=7)
    client.force_login(report_reader)

    response = client.get(REPORT, {"export": "xlsx", "table": "frequent"})

    assert response.status_code == 200
    assert response["Content-Type"].startswith(
        "application/vnd.openxmlformats-officedocument.spreadsheetml"
    )


def test_an_unknown_export_table_is_a_bad_request(client, report_reader):
    client.force_login(report_reader)

    response = client.get(REPORT, {"export": "csv", "table": "<script>"})

    assert response.status_code == 400


def test_people_without_the_permission_do_not_see_the_report(client, db):
    group = Group.objects.create(name="Nur Admin")
    group.permissions.add(Permission.objects.get(codename="access_admin"))
    person = UserFactory(email="ohne-recht@example.org")
    person.groups.add(group)
    client.force_login(person)

    response = client.get(REPORT)
    menu = client.get("/admin/").content.decode()

    assert response.status_code in (302, 403)
    assert REPORT not in menu


def test_the_editors_group_may_see_the_report(client, db):
    editor = UserFactory(email="redaktion@example.org")
    editor.groups.add(Group.objects.get(name="Editors"))
    client.force_login(editor)

    assert client.get(REPORT).status_code == 200


def test_the_promotion_form_comes_with_the_term_filled_in(client, admin_user):
    client.force_login(admin_user)

    response = client.get("/admin/reports/suchanfragen/empfehlung/", {"q": "quanten"})

    html = response.content.decode()
    assert response.status_code == 200
    assert 'value="quanten"' in html
    assert 'action="/admin/searchpicks/add/"' in html


def test_old_statistics_are_purged_by_the_periodic_job(db, settings):
    stat("frisch", days_ago=89)
    stat("alt", days_ago=91)

    call_command("purge_search_statistics", stdout=io.StringIO())

    assert ("purge_search_statistics", 24 * 60 * 60) in settings.PORTAL_PERIODIC_JOBS
    assert list(SearchTermStatistic.objects.values_list("query_string", flat=True)) == ["frisch"]

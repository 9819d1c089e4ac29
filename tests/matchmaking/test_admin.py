"""The office's admin: the cases with filters and export, the case screen (status changes
logged), proposing partners, the report with counts and durations per status - and that
nobody else reaches any of it."""

import codecs
import csv
import io
import re
from datetime import timedelta

import pytest
from django.contrib.auth.models import Group, Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook
from wagtail.users.models import UserProfile

from matchmaking import cases
from matchmaking.models import CaseEvent, CaseStatus, MatchRequest
from matchmaking.reports import status_report
from tests.factories import UserFactory
from tests.matchmaking.conftest import REQUEST_DATA

pytestmark = pytest.mark.django_db

INDEX = "/admin/matchmaking_cases/"
REPORT = "/admin/reports/bedarfsmeldungen/"


def edit_url(case):
    return reverse("matchmaking_cases:edit", args=[case.pk])


def propose_url(case):
    return reverse("matchmaking_cases:propose", args=[case.pk])


def csv_rows(response):
    data = b"".join(response.streaming_content)
    assert data.startswith(codecs.BOM_UTF8)
    return list(csv.DictReader(io.StringIO(data.decode("utf-8-sig")), delimiter=";"))


@pytest.fixture
def plain_editor(db):
    """Has the admin, but not the office's permissions."""
    user = UserFactory(is_staff=True)
    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    return user


def test_the_migration_creates_the_office_group_with_its_permissions(db):
    group = Group.objects.get(name="Geschäftsstelle")
    codenames = set(group.permissions.values_list("codename", flat=True))
    assert {"access_admin", "view_matchrequest", "change_matchrequest"} <= codenames
    assert "delete_matchrequest" not in codenames


def test_the_office_lists_and_filters_cases(client, office, case, other_member):
    cases.submit_request(other_member, {**REQUEST_DATA, "title": "Zweiter Bedarf"})
    cases.set_status(case, CaseStatus.IN_REVIEW, actor=office)
    client.force_login(office)
    page = client.get(INDEX).content.decode()
    assert case.title in page and "Zweiter Bedarf" in page
    page = client.get(INDEX, {"status": "in_pruefung"}).content.decode()
    assert case.title in page and "Zweiter Bedarf" not in page
    assert client.get(INDEX, {"status": "<script>"}).status_code == 200
    assert client.get(INDEX, {"topic": "abc"}).status_code == 200


def test_the_case_list_exports_as_german_csv_and_xlsx(client, office, case, expert):
    cases.propose(case, expert, "Gut.", actor=office)
    client.force_login(office)
    [row] = csv_rows(client.get(INDEX, {"export": "csv"}))
    assert row["Kurztitel"] == case.title
    assert row["Status"] == "Partner vorgeschlagen"
    assert row["Vorschläge"] == "1"
    assert row["Budgetrahmen"] == "10.000 bis 50.000 €"
    response = client.get(INDEX, {"export": "xlsx"})
    rows = list(load_workbook(io.BytesIO(b"".join(response.streaming_content))).active.values)
    assert rows[1][0] == case.title


def test_nobody_adds_or_copies_cases_in_the_admin(client, office):
    client.force_login(UserFactory(is_superuser=True, is_staff=True))
    response = client.get("/admin/matchmaking_cases/new/")
    assert response.status_code in (302, 403)
    assert not MatchRequest.objects.exists()


def test_the_case_screen_shows_the_need_proposals_and_log(client, office, case, expert):
    cases.propose(case, expert, "Erfahrung mit Parkraum.", actor=office)
    client.force_login(office)
    page = client.get(edit_url(case)).content.decode()
    assert "zugeparkt" in page
    assert "Erfahrung mit Parkraum." in page
    assert "Bedarfsmeldung eingegangen" in page
    assert propose_url(case) in page


def form_data(case, **changes):
    return {
        "status": case.status,
        "outcome": case.outcome,
        "outcome_note": case.outcome_note,
        "office_note": case.office_note,
        **changes,
    }


def test_a_status_change_in_the_admin_is_logged(client, office, case):
    client.force_login(office)
    response = client.post(
        edit_url(case), form_data(case, status="in_pruefung", office_note="Anrufen")
    )
    assert response.status_code == 302
    case.refresh_from_db()
    assert (case.status, case.office_note) == ("in_pruefung", "Anrufen")
    event = case.events.last()
    assert (event.kind, event.status, event.actor) == ("status", "in_pruefung", office)


def test_closing_in_the_admin_needs_an_outcome(client, office, case):
    client.force_login(office)
    response = client.post(edit_url(case), form_data(case, status="abgeschlossen"))
    assert response.status_code == 200
    case.refresh_from_db()
    assert case.status == CaseStatus.NEW
    response = client.post(
        edit_url(case), form_data(case, status="abgeschlossen", outcome="zusammenarbeit")
    )
    assert response.status_code == 302
    case.refresh_from_db()
    assert (case.status, case.outcome) == ("abgeschlossen", "zusammenarbeit")
    assert case.events.last().kind == CaseEvent.Kind.CLOSED


@pytest.mark.parametrize("status", ["erfunden", "", "<b>"])
def test_a_bad_status_is_a_form_error(client, office, case, status):
    client.force_login(office)
    response = client.post(edit_url(case), form_data(case, status=status))
    assert response.status_code == 200
    case.refresh_from_db()
    assert case.status == CaseStatus.NEW


def test_the_office_proposes_with_a_reason(client, office, case, solution):
    client.force_login(office)
    assert client.get(propose_url(case)).status_code == 200
    response = client.post(propose_url(case), {"target": solution.pk, "reason": "Sensorik."})
    assert response.status_code == 302
    proposal = case.proposals.get()
    assert (proposal.target_id, proposal.reason, proposal.kind) == (
        solution.pk,
        "Sensorik.",
        "loesung",
    )


@pytest.mark.parametrize(
    "data",
    [
        {"target": "", "reason": "Gut."},
        {"target": "abc", "reason": "Gut."},
        {"target": "999999", "reason": "Gut."},
        {"target": "ROOT", "reason": "Gut."},
        {"target": "EXPERT", "reason": ""},
        {"target": "EXPERT", "reason": "x" * 2001},
    ],
)
def test_bad_proposals_are_form_errors(client, office, case, expert, home_de, data):
    data = dict(data)
    data["target"] = {"ROOT": str(home_de.pk), "EXPERT": str(expert.pk)}.get(
        data["target"], data["target"]
    )
    client.force_login(office)
    response = client.post(propose_url(case), data)
    assert response.status_code == 200
    assert not case.proposals.exists()


def test_the_limit_of_proposals_is_a_form_error(client, office, case, expert, solution, settings):
    settings.MATCHMAKING_MAX_PROPOSALS = 1
    cases.propose(case, expert, "Gut.", actor=office)
    client.force_login(office)
    response = client.post(propose_url(case), {"target": solution.pk, "reason": "Auch gut."})
    assert response.status_code == 200
    assert "höchstens 1" in response.content.decode()
    assert case.proposals.count() == 1


def test_an_unknown_case_is_404_in_the_admin(client, office):
    client.force_login(office)
    for url in (
        "/admin/matchmaking_cases/edit/999999/",
        "/admin/matchmaking_cases/propose/999999/",
    ):
        assert client.get(url, follow=True).status_code == 404


def test_admins_without_the_permission_see_nothing(client, plain_editor, case, expert):
    client.force_login(plain_editor)
    for url in (
        INDEX,
        edit_url(case),
        propose_url(case),
        REPORT,
        f"{INDEX}?export=csv",
        f"{REPORT}?export=csv",
    ):
        response = client.get(url)
        assert response.status_code in (302, 403), url
        assert case.title.encode() not in b"".join(
            getattr(response, "streaming_content", [response.content])
        )
    response = client.post(propose_url(case), {"target": expert.pk, "reason": "Gut."})
    assert response.status_code in (302, 403)
    assert not case.proposals.exists()
    menu = client.get("/admin/").content.decode()
    assert "matchmaking_cases" not in menu
    assert "bedarfsmeldungen" not in menu


def test_members_and_anonymous_never_reach_the_admin(client, requester, case):
    for login in (None, requester):
        if login:
            client.force_login(login)
        for url in (INDEX, edit_url(case), REPORT):
            response = client.get(url)
            assert response.status_code in (302, 403)
            assert "/admin/login/" in response.get("Location", "/admin/login/")


def test_the_report_counts_cases_and_durations_per_status(office, case, other_member):
    second = cases.submit_request(other_member, dict(REQUEST_DATA))
    now = timezone.now()
    # the first case: 2 days new, then 4 days in review, then closed
    CaseEvent.objects.filter(request=case).update(created_at=now - timedelta(days=6))
    cases.set_status(case, CaseStatus.IN_REVIEW, actor=office)
    cases.set_status(case, CaseStatus.CLOSED, actor=office, outcome="sonstiges")
    events = list(case.events.order_by("pk"))
    CaseEvent.objects.filter(pk=events[1].pk).update(created_at=now - timedelta(days=4))
    CaseEvent.objects.filter(pk=events[2].pk).update(created_at=now)
    # the second case: new for 1 day up to now
    CaseEvent.objects.filter(request=second).update(created_at=now - timedelta(days=1))
    rows = {row["key"]: row for row in status_report(now=now)}
    assert rows["neu"]["current"] == 1
    assert rows["neu"]["entered"] == 2
    assert rows["neu"]["average_days"] == 1.5  # (2 + 1) / 2
    assert rows["in_pruefung"]["average_days"] == 4.0
    assert rows["abgeschlossen"]["current"] == 1
    assert rows["vorgestellt"] == {
        **rows["vorgestellt"],
        "current": 0,
        "entered": 0,
        "average_days": 0,
    }


def test_the_office_reads_and_exports_the_report(client, office, case):
    client.force_login(office)
    page = client.get(REPORT).content.decode()
    assert "Durchschnittliche Dauer (Tage)" in page
    rows = {row["Status"]: row for row in csv_rows(client.get(REPORT, {"export": "csv"}))}
    assert rows["Neu"]["Fälle jetzt"] == "1"
    assert rows["Neu"]["Durchschnittliche Dauer (Tage)"] == "0,0"  # German Excel's decimal
    response = client.get(REPORT, {"export": "xlsx"})
    assert (
        load_workbook(io.BytesIO(b"".join(response.streaming_content))).active["A1"].value
        == "Status"
    )
    assert client.get(REPORT, {"export": "pdf"}).status_code == 200  # unknown: the page
    menu = client.get("/admin/reports/bedarfsmeldungen/").content.decode()
    assert "Bedarfsmeldungen" in menu


def test_the_office_searches_cases_by_title_and_organisation(client, office, case, other_member):
    cases.submit_request(
        other_member,
        {**REQUEST_DATA, "title": "Wärmeplanung", "organisation_name": "Gemeinde Beispielhausen"},
    )
    client.force_login(office)
    page = client.get(INDEX, {"q": "Wärme"}).content.decode()
    assert "Wärmeplanung" in page and case.title not in page
    page = client.get(INDEX, {"q": "Beispielhausen"}).content.decode()
    assert "Wärmeplanung" in page
    assert client.get(INDEX, {"q": "' OR 1=1 --"}).status_code == 200


def test_cases_are_not_in_the_search_index():
    from wagtail.search.index import Indexed

    assert not issubclass(MatchRequest, Indexed)


def topic_choices(response):
    """The topic filter's choices as the office sees them: (value, label)."""
    field = response.context["filters"].form.fields["topic"]
    return [(str(value), str(label)) for value, label in field.choices if value != ""]


def test_the_topic_filter_offers_each_topic_once_and_finds_both_translations(
    client, office, case, other_member, topics, locale_en
):
    german = topics["energie"]
    english = german.copy_for_translation(locale_en)
    english.name = "Energy"
    english.save()
    MatchRequest.objects.filter(pk=case.pk).update(topic=english)  # e.g. from an import
    cases.submit_request(other_member, {**REQUEST_DATA, "title": "Wärmenetz", "topic": german})
    cases.submit_request(
        other_member, {**REQUEST_DATA, "title": "Pegelmessung", "topic": topics["wasser"]}
    )
    client.force_login(office)
    response = client.get(INDEX)
    choices = topic_choices(response)
    labels = [label for _value, label in choices]
    assert labels.count("Energie") == 1
    assert "Energy" not in labels
    assert (str(german.pk), "Energie") in choices
    page = client.get(INDEX, {"topic": german.pk}).text
    assert case.title in page and "Wärmenetz" in page
    assert "Pegelmessung" not in page
    # The English topic is no choice of its own (a stale link filters nothing away).
    assert client.get(INDEX, {"topic": english.pk}).status_code == 200


def test_the_topic_filter_speaks_the_admin_language_of_the_editor(
    client, office, case, topics, locale_en
):
    english = topics["energie"].copy_for_translation(locale_en)
    english.name = "Energy"
    english.save()
    profile = UserProfile.get_for_user(office)
    profile.preferred_language = "en"
    profile.save()
    client.force_login(office)
    response = client.get(INDEX)
    labels = [label for _value, label in topic_choices(response)]
    assert "Energy" in labels and "Energie" not in labels
    select = response.text.split('name="topic"', 1)[1].split("</select>", 1)[0]
    assert re.search(r'<option value=""[^>]*>All</option>', select)
    assert "Wasser" in labels  # no English name yet: the German one


def test_the_report_page_writes_every_average_with_one_decimal(client, office, case):
    client.force_login(office)
    html = client.get(REPORT).text
    rows = re.findall(r"<tr><td>([^<]*)</td><td>\d+</td><td>\d+</td><td>([^<]*)</td></tr>", html)
    averages = dict(rows)
    assert averages["Neu"] == "0,0"
    assert averages["In Prüfung"] == "0,0"  # no case yet: not a bare "0"
    assert set(averages.values()) == {"0,0"}


def test_the_case_export_counts_proposals_without_a_query_per_case(
    client, office, case, other_member, expert, solution
):
    cases.propose(case, expert, "Gut.", actor=office)
    cases.propose(case, solution, "Auch gut.", actor=office)
    client.force_login(office)

    def export():
        with CaptureQueriesContext(connection) as queries:
            rows = csv_rows(client.get(INDEX, {"export": "csv"}))
        return rows, len(queries)

    rows, one_case = export()
    assert [row["Vorschläge"] for row in rows] == ["2"]
    for number in range(3):
        cases.submit_request(other_member, {**REQUEST_DATA, "title": f"Bedarf {number}"})
    rows, four_cases = export()
    assert sorted(row["Vorschläge"] for row in rows) == ["0", "0", "0", "2"]
    assert four_cases == one_case


def test_the_topic_filter_says_alle_for_no_choice(client, office, case, topics):
    client.force_login(office)
    field = client.get(INDEX).context["filters"].form.fields["topic"]
    assert [str(label) for value, label in field.choices if value == ""] == ["Alle"]

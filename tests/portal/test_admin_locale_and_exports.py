"""The admin speaks German and Berlin time: detail views and exports show local times
without microseconds and nothing as "None", labels and the workflow are German, moderators
get one e-mail per submission, and exports open in German Excel (CSV: UTF-8 with BOM, ";")."""

import codecs
import csv
import datetime
import io
from collections import Counter

import pytest
from django.contrib.auth.models import Group
from django.core import mail
from django.urls import reverse
from openpyxl import load_workbook
from wagtail.admin.viewsets import viewsets as admin_viewsets
from wagtail.admin.viewsets.base import ViewSet
from wagtail.models import Task, Workflow

from blog.models import PortalComment
from community.models import MembershipApplication
from events.models import Registration
from events.registration import register_member
from portal.admin_views import LocalInspectMixin, OfficeExportMixin
from portal.membership import grant_membership
from tests.blog.conftest import make_comment
from tests.conftest import refreshed
from tests.factories import (
    BlogIndexPageFactory,
    BlogPageFactory,
    EventIndexPageFactory,
    EventPageFactory,
    MemberPageFactory,
    MembershipApplicationFactory,
    OrganisationFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

# 10:15:42.123456 UTC on a summer day is 12:15 in Berlin (CEST).
MOMENT = datetime.datetime(2026, 7, 1, 10, 15, 42, 123456, tzinfo=datetime.UTC)
BERLIN_TEXT = "01.07.2026 12:15"
BERLIN_NAIVE = datetime.datetime(2026, 7, 1, 12, 15)


@pytest.fixture
def admin_client(client):
    client.force_login(UserFactory(is_staff=True, is_superuser=True, email="chefin@example.org"))
    return client


def csv_rows(response):
    """The rows of a CSV export, read as German Excel would: BOM first, ";" between."""
    assert response["Content-Type"].startswith("text/csv")
    data = b"".join(response.streaming_content)
    assert data.startswith(codecs.BOM_UTF8)
    text = data.decode("utf-8-sig")
    assert csv.Sniffer().sniff(text.splitlines()[0], delimiters=";,").delimiter == ";"
    return list(csv.DictReader(io.StringIO(text), delimiter=";"))


def details(response):
    """The field list of an inspect view (the rest of the page is Wagtail's)."""
    html = response.content.decode()
    return html[html.index("<dl>") : html.index("</dl>")]


def xlsx_rows(response):
    workbook = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    rows = list(workbook.active.values)
    return [dict(zip(rows[0], row, strict=True)) for row in rows[1:]]


# --- Registrations ---------------------------------------------------------------------


@pytest.fixture
def registrations(home_de, member_directory):
    event = EventPageFactory(parent=EventIndexPageFactory(parent=refreshed(home_de)), title="Forum")
    with_profile = UserFactory(first_name="Paula", last_name="Profil")
    grant_membership(with_profile)
    MemberPageFactory(
        parent=refreshed(member_directory),
        user=with_profile,
        organisation=OrganisationFactory(name="Landkreis Beispiel"),
    )
    without = UserFactory(first_name="Otto", last_name="Ohne")
    grant_membership(without)
    typed = UserFactory(first_name="Tina", last_name="Tipp")
    grant_membership(typed)
    register_member(event, with_profile)
    register_member(event, without)
    register_member(event, typed, organisation="Stadt Musterstadt", notes="Rampe")
    Registration.objects.update(created_at=MOMENT)
    return event


def test_registration_csv_opens_in_german_excel_with_berlin_time_and_organisation(
    admin_client, registrations
):
    response = admin_client.get(
        reverse("events_registration:index"), {"event": registrations.pk, "export": "csv"}
    )
    rows = {row["Name"]: row for row in csv_rows(response)}
    assert rows["Paula Profil"]["Organisation"] == "Landkreis Beispiel"  # from the profile
    assert rows["Tina Tipp"]["Organisation"] == "Stadt Musterstadt"  # as typed
    assert rows["Otto Ohne"]["Organisation"] == ""
    assert rows["Otto Ohne"]["Hinweise"] == ""  # not "None"
    assert {row["Angemeldet am"] for row in rows.values()} == {BERLIN_TEXT}


def test_registration_xlsx_has_berlin_time_without_microseconds_and_organisation(
    admin_client, registrations
):
    response = admin_client.get(
        reverse("events_registration:index"), {"event": registrations.pk, "export": "xlsx"}
    )
    rows = {row["Name"]: row for row in xlsx_rows(response)}
    assert rows["Paula Profil"]["Organisation"] == "Landkreis Beispiel"
    assert rows["Paula Profil"]["Angemeldet am"] == BERLIN_NAIVE
    assert rows["Otto Ohne"]["Hinweise"] in ("", None)


def test_registration_detail_shows_berlin_time_and_no_none(admin_client, registrations):
    registration = Registration.objects.get(name="Otto Ohne")
    html = details(admin_client.get(reverse("events_registration:inspect", args=[registration.pk])))
    assert BERLIN_TEXT in html
    assert "10:15" not in html
    assert "None" not in html


# --- Membership applications -----------------------------------------------------------


@pytest.fixture
def application(db):
    application = MembershipApplicationFactory(
        user=UserFactory(first_name="Anton", last_name="Antrag", email="anton@example.org")
    )
    MembershipApplication.objects.filter(pk=application.pk).update(created_at=MOMENT)
    return application


def test_application_detail_is_german_in_berlin_time_without_none(admin_client, application):
    html = details(
        admin_client.get(reverse("community_applications:inspect", args=[application.pk]))
    )
    assert BERLIN_TEXT in html
    assert "Applicant name" not in html
    assert "None" not in html
    assert "Eingegangen am" in html
    assert "Offen" in html


def test_application_csv_is_german_with_berlin_time(admin_client, application):
    response = admin_client.get(reverse("community_applications:index"), {"export": "csv"})
    (row,) = csv_rows(response)
    assert row["Name"] == "Anton Antrag"
    assert row["E-Mail-Adresse"] == "anton@example.org"
    assert row["Organisation"] == "Stadt Musterstadt"
    assert row["Status"] == "Offen"
    assert row["Eingegangen am"] == BERLIN_TEXT
    assert row["Entschieden am"] == ""
    assert row["Entschieden von"] == ""
    assert "Applicant name" not in row


def test_application_xlsx_has_berlin_time(admin_client, application):
    response = admin_client.get(reverse("community_applications:index"), {"export": "xlsx"})
    (row,) = xlsx_rows(response)
    assert row["Eingegangen am"] == BERLIN_NAIVE
    assert row["Status"] == "Offen"


# --- Comments --------------------------------------------------------------------------


def test_comment_export_and_detail_use_berlin_time(admin_client, home_de):
    article = BlogPageFactory(parent=BlogIndexPageFactory(parent=refreshed(home_de)))
    comment = make_comment(article, text="=1+1", submit_date=MOMENT)
    PortalComment.objects.filter(pk=comment.pk).update(submit_date=MOMENT)
    (row,) = csv_rows(admin_client.get("/admin/blog_comments/", {"export": "csv"}))
    assert row["Geschrieben"] == BERLIN_TEXT
    assert row["Status"] == "Veröffentlicht"
    assert row["Kommentar"] == "'=1+1"  # no formula
    html = details(admin_client.get(f"/admin/blog_comments/inspect/{comment.pk}/"))
    assert BERLIN_TEXT in html
    assert "None" not in html


# --- Workflow and moderators' e-mails --------------------------------------------------


def test_the_default_workflow_and_its_task_have_german_names(db):
    assert Workflow.objects.filter(name="Freigabe durch die Moderation").exists()
    assert Task.objects.filter(name="Freigabe durch die Moderation").exists()
    assert not Workflow.objects.filter(name="Moderators approval").exists()
    assert not Task.objects.filter(name="Moderators approval").exists()


def test_each_moderator_gets_one_mail_per_submission_in_their_language(
    client, member_directory, club_member, django_capture_on_commit_callbacks
):
    moderators = Group.objects.get(name="Moderators")
    german = UserFactory(email="moderation@example.org", language="de")
    english = UserFactory(email="moderation-en@example.org", language="en")
    # A moderator who is a superuser as well heard of it twice from Wagtail.
    both = UserFactory(email="chefin@example.org", is_superuser=True, language="de")
    for person in (german, english, both):
        person.groups.add(moderators)
    MemberPageFactory(
        parent=refreshed(member_directory), user=club_member, first_name="Erika", last_name="B"
    )
    client.force_login(club_member)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/de/konto/profil/",
            {
                "first_name": "Erika",
                "last_name": "B",
                "role": "Kämmerin",
                "contact_permission": "members",
            },
        )
    assert response.status_code == 302
    counts = Counter(address for message in mail.outbox for address in message.to)
    assert counts["moderation@example.org"] == 1
    assert counts["moderation-en@example.org"] == 1
    assert counts["chefin@example.org"] == 1
    assert counts[club_member.email] == 0  # not the submitter
    by_address = {message.to[0]: message for message in mail.outbox}
    assert by_address["moderation@example.org"].subject.startswith("Freigabe erbeten")
    assert "Freigabe durch die Moderation" in by_address["moderation@example.org"].body
    assert by_address["moderation-en@example.org"].subject.startswith("Approval requested")
    assert "/admin/pages/" in by_address["moderation-en@example.org"].body


# --- Every admin screen of the portal --------------------------------------------------


def test_every_export_and_detail_view_of_the_portal_uses_the_shared_rules():
    """A new viewset with an export or a detail view gets Berlin time, no "None" and the
    German Excel CSV by building on the mixins of ``portal.admin_views``."""
    reverse("wagtailadmin_home")  # the admin's URLs register every viewset
    own = (
        "blog.",
        "community.",
        "events.",
        "experts.",
        "home.",
        "ideas.",
        "library.",
        "matchmaking.",
        "portal.",
        "search.",
        "subscriptions.",
        "workinggroups.",
    )
    checked = 0
    for viewset in admin_viewsets.viewsets:
        if not type(viewset).__module__.startswith(own):
            continue
        list_export = getattr(viewset, "list_export", None)
        if list_export and list_export is not ViewSet.UNDEFINED:
            assert issubclass(viewset.index_view_class, OfficeExportMixin), viewset
            checked += 1
        if getattr(viewset, "inspect_view_enabled", False):
            assert issubclass(viewset.inspect_view_class, LocalInspectMixin), viewset
            checked += 1
    assert checked >= 8


def test_a_csv_export_is_in_the_editors_admin_language(client, application):
    """Wagtail switches to an editor's admin language only while the view runs; the CSV is
    written afterwards, as it downloads, and must still be in that language."""
    from wagtail.users.models import UserProfile

    editor = UserFactory(is_staff=True, is_superuser=True, email="editor@example.org")
    profile = UserProfile.get_for_user(editor)
    profile.preferred_language = "en"
    profile.save()
    client.force_login(editor)
    response = client.get(reverse("community_applications:index"), {"export": "csv"})
    (row,) = csv_rows(response)
    assert row["E-mail address"] == "anton@example.org"
    assert row["Status"] == "Open"
    assert row["Received on"] == BERLIN_TEXT
    assert "Eingegangen am" not in row

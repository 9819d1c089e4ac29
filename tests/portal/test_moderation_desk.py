"""The editors' desk: dashboard panels of what waits for a decision (comments, membership
applications, profile and solution changes, events with seats left), each shown only to
those who may act on it, at a fixed number of queries; and the moderators' e-mail when a
comment is reported for the first time."""

import datetime

import pytest
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.core import mail
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from wagtail.models import Page

from blog import comments as rules
from blog.admin_views import CommentDeskPanel
from blog.models import BlogSettings, PortalComment
from community.admin_views import ApplicationDeskPanel, PendingChangesDeskPanel
from community.models import MembershipApplication
from community.moderation import submit_for_moderation
from events.admin_views import SeatsDeskPanel
from events.models import Registration
from tests.conftest import refreshed
from tests.factories import (
    BlogIndexPageFactory,
    BlogPageFactory,
    EventIndexPageFactory,
    EventPageFactory,
    MemberPageFactory,
    MembershipApplicationFactory,
    OrganisationFactory,
    SolutionPageFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

Status = PortalComment.Status
PANEL_IDS = {
    "comments": 'id="desk-comments-section"',
    "applications": 'id="desk-applications-section"',
    "changes": 'id="desk-changes-section"',
    "seats": 'id="desk-seats-section"',
}


# --- The world ---------------------------------------------------------------------------


def group_with(name, *codenames):
    group = Group.objects.create(name=name)
    for codename in ("wagtailadmin.access_admin", *codenames):
        app_label, code = codename.split(".")
        group.permissions.add(
            Permission.objects.get(content_type__app_label=app_label, codename=code)
        )
    return group


def person_in(group, email, language="de"):
    person = UserFactory(email=email, language=language)
    person.groups.add(group if isinstance(group, Group) else Group.objects.get(name=group))
    return person


@pytest.fixture
def people(db, admin_user):
    comment_group = group_with(
        "Kommentarmoderation", "blog.view_portalcomment", "blog.change_portalcomment"
    )
    registration_group = group_with(
        "Anmeldungen", "events.view_registration", "events.change_registration"
    )
    return {
        "administrator": admin_user,
        "moderator": person_in("Moderators", "moderatorin@example.org"),
        "editor": person_in("Editors", "redakteurin@example.org"),
        "comment_moderator": person_in(comment_group, "kommentare@example.org", "en"),
        "registration_manager": person_in(registration_group, "anmeldungen@example.org"),
        "member": UserFactory(email="mitglied@example.org"),
    }


@pytest.fixture
def article(home_de):
    index = BlogIndexPageFactory(parent=refreshed(home_de))
    return BlogPageFactory(parent=refreshed(index), title="Werkstatt 8", slug="werkstatt-8")


def make_comment(page, text, status=Status.PUBLISHED, open_reports=0, minutes_ago=0):
    comment = PortalComment(
        content_type=ContentType.objects.get_for_model(Page),
        object_pk=str(page.pk),
        site_id=1,
        comment=text,
        user_name="Erika Beispiel",
        user_email="erika@example.org",
        submit_date=timezone.now() - datetime.timedelta(minutes=minutes_ago),
        status=status,
        is_public=status == Status.PUBLISHED,
        open_reports=open_reports,
    )
    comment.save()
    return comment


def add_comments(article, number):
    """``number`` comments of each kind an editor acts on, and some they do not."""
    made = []
    for n in range(number):
        made.append(make_comment(article, f"Wartet {n}", Status.AWAITING_MODERATION, 0, 50 - n))
        made.append(make_comment(article, f"Gemeldet {n}", Status.PUBLISHED, 1, 40 - n))
        made.append(make_comment(article, f"Versteckt {n}", Status.HIDDEN, 3, 30 - n))
        make_comment(article, f"Unauffällig {n}")
        make_comment(article, f"Unbestätigt {n}", Status.AWAITING_CONFIRMATION)
        make_comment(article, f"Entfernt {n}", Status.REMOVED, 2)
    return made


def add_applications(number):
    pending = [
        MembershipApplicationFactory(
            user=UserFactory(first_name="Antje", last_name=f"Antrag{n}"),
            organisation=f"Gemeinde {n}",
        )
        for n in range(number)
    ]
    MembershipApplicationFactory(status=MembershipApplication.Status.APPROVED)
    return pending


def add_pending_changes(home_de, number):
    from tests.factories import MemberIndexPageFactory, SolutionIndexPageFactory

    directory = Page.objects.filter(slug="mitglieder").first() or MemberIndexPageFactory(
        parent=refreshed(home_de), slug="mitglieder"
    )
    marketplace = Page.objects.filter(slug="marktplatz").first() or SolutionIndexPageFactory(
        parent=refreshed(home_de)
    )
    changed = []
    for _ in range(number):
        member = UserFactory()
        profile = MemberPageFactory(parent=refreshed(directory), user=member)
        profile.role = "Neue Funktion"
        submit_for_moderation(profile, member)
        provider = UserFactory()
        organisation = OrganisationFactory()
        organisation.representatives.add(provider)
        solution = SolutionPageFactory(parent=refreshed(marketplace), provider=organisation)
        solution.teaser = "Neuer Anreißer"
        submit_for_moderation(solution, provider)
        changed += [profile, solution]
    return changed


def add_events(home_de, number):
    index = Page.objects.filter(slug="veranstaltungen").first() or EventIndexPageFactory(
        parent=refreshed(home_de)
    )
    with_seats = []
    for n in range(number):
        event = EventPageFactory(parent=refreshed(index), title=f"Forum {n}", capacity=10)
        for seat in range(3):
            Registration.objects.create(
                event=event, name=f"Gast {seat}", email=f"gast{n}-{seat}@example.org"
            )
        with_seats.append(event)
        full = EventPageFactory(parent=refreshed(index), title=f"Ausgebucht {n}", capacity=1)
        Registration.objects.create(event=full, name="Gast", email=f"voll{n}@example.org")
        EventPageFactory(parent=refreshed(index), title=f"Abgesagt {n}", cancelled=True)
        EventPageFactory(
            parent=refreshed(index),
            title=f"Vorbei {n}",
            start=timezone.now() - datetime.timedelta(days=3),
            end=timezone.now() - datetime.timedelta(days=2),
        )
    return with_seats


@pytest.fixture
def desk_world(home_de, article):
    return {
        "comments": add_comments(article, 1),
        "applications": add_applications(2),
        "changes": add_pending_changes(home_de, 1),
        "events": add_events(home_de, 1),
    }


def dashboard(client, user):
    client.force_login(user)
    response = client.get("/admin/")
    assert response.status_code == 200
    return response.content.decode()


# --- Who sees which panel ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("role", "panels"),
    [
        ("administrator", {"comments", "applications", "changes", "seats"}),
        ("moderator", {"applications", "changes"}),
        ("editor", set()),  # reads applications and drafts, decides nothing
        ("comment_moderator", {"comments"}),
        ("registration_manager", {"seats"}),
    ],
)
def test_each_role_sees_the_panels_it_may_act_on_and_no_other(
    client, people, desk_world, role, panels
):
    html = dashboard(client, people[role])
    shown = {name for name, marker in PANEL_IDS.items() if marker in html}
    assert shown == panels


def test_a_blog_moderator_learns_nothing_of_membership_applications(client, people, desk_world):
    html = dashboard(client, people["comment_moderator"])
    assert "Antrag0" not in html
    assert "Gemeinde 0" not in html
    assert "/admin/community/applications/" not in html


def test_the_desk_is_not_reachable_without_admin_access(client, people, desk_world):
    client.force_login(people["member"])
    response = client.get("/admin/")
    assert response.status_code == 302
    assert "Wartet 0" not in response.content.decode()


# --- What the panels say -------------------------------------------------------------------


def test_the_comments_panel_counts_and_links_what_waits(client, people, desk_world):
    html = dashboard(client, people["administrator"])
    pending, reported, hidden = desk_world["comments"]
    assert '<a href="/admin/blog_comments/?state=moderation"><strong>1</strong>' in html
    assert '<a href="/admin/blog_comments/?state=reported"><strong>2</strong>' in html
    for comment in (pending, reported, hidden):
        assert f'href="/admin/blog_comments/inspect/{comment.pk}/"' in html
    assert "Unauffällig" not in html and "Unbestätigt" not in html and "Entfernt 0" not in html


def test_the_moderation_filter_lists_the_comments_waiting_for_approval(client, people, desk_world):
    client.force_login(people["administrator"])
    html = client.get("/admin/blog_comments/?state=moderation").content.decode()
    assert "Wartet 0" in html
    assert "Gemeldet 0" not in html and "Unbestätigt 0" not in html


def test_the_applications_panel_lists_open_applications_oldest_first(client, people, desk_world):
    html = dashboard(client, people["moderator"])
    first, second = desk_world["applications"]
    assert "<strong>2</strong> offen" in html
    assert f'href="/admin/community/applications/inspect/{first.pk}/"' in html
    assert html.index(f"inspect/{first.pk}/") < html.index(f"inspect/{second.pk}/")
    assert "Gemeinde 0" in html


def test_the_changes_panel_links_each_pending_change_to_its_editor(client, people, desk_world):
    html = dashboard(client, people["moderator"])
    profile, solution = desk_world["changes"]
    assert "<strong>1</strong> Profiländerung" in html
    assert "<strong>1</strong> Lösungsänderung" in html
    for page in (profile, solution):
        assert f'href="/admin/pages/{page.pk}/edit/"' in html


def test_the_seats_panel_lists_upcoming_events_with_free_seats_only(client, people, desk_world):
    html = dashboard(client, people["registration_manager"])
    (event,) = desk_world["events"]
    assert "7 von 10 Plätzen frei" in html
    assert f'href="/admin/events/registrations/?event={event.pk}"' in html
    for title in ("Ausgebucht 0", "Abgesagt 0", "Vorbei 0"):
        assert title not in html


def test_the_panels_speak_english_to_an_english_admin(client, people, desk_world):
    admin = people["administrator"]
    admin.wagtail_userprofile.preferred_language = "en"
    admin.wagtail_userprofile.save()
    html = dashboard(client, admin)
    assert "Membership applications" in html
    assert "of 10 seats free" in html
    assert "awaiting approval" in html


# --- A fixed number of queries -------------------------------------------------------------


def panel_queries(panel_class, user):
    request = RequestFactory().get("/admin/")
    request.user = user
    with CaptureQueriesContext(connection) as queries:
        html = panel_class().render_html({"request": request, "csrf_token": "x"})
    assert html.strip()
    return len(queries)


PANELS = (CommentDeskPanel, ApplicationDeskPanel, PendingChangesDeskPanel, SeatsDeskPanel)


def test_each_panel_costs_the_same_queries_however_much_waits(people, home_de, article):
    admin = people["administrator"]
    add_comments(article, 1), add_applications(1), add_pending_changes(home_de, 1)
    add_events(home_de, 1)
    for panel in PANELS:  # fills the per-process caches (content types, default locale)
        panel_queries(panel, admin)
    few = {panel: panel_queries(panel, admin) for panel in PANELS}
    add_comments(article, 6), add_applications(6), add_pending_changes(home_de, 6)
    add_events(home_de, 6)
    many = {panel: panel_queries(panel, admin) for panel in PANELS}
    assert many == few


def test_the_dashboard_stays_within_its_query_budget_as_the_desk_fills(
    client, people, home_de, article, django_assert_max_num_queries
):
    admin = people["administrator"]
    add_comments(article, 1), add_applications(1), add_events(home_de, 1)
    client.force_login(admin)
    with CaptureQueriesContext(connection) as baseline:
        assert client.get("/admin/").status_code == 200
    add_comments(article, 8), add_applications(8), add_events(home_de, 8)
    with django_assert_max_num_queries(len(baseline)):
        html = client.get("/admin/").content.decode()
    assert "<strong>9</strong> offen" in html


# --- The moderators hear of a reported comment once ------------------------------------------


def report(comment, key, site):
    return rules.report_comment(
        comment, reporter_key=key, blog_settings=BlogSettings.for_site(site)
    )


def test_the_first_report_of_a_comment_mails_each_comment_moderator_once(
    people, article, site, django_capture_on_commit_callbacks
):
    comment = make_comment(article, "Unfreundlicher Ton")
    with django_capture_on_commit_callbacks(execute=True):
        report(comment, "addr:a", site)
    recipients = sorted(address for message in mail.outbox for address in message.to)
    assert recipients == sorted([people["administrator"].email, "kommentare@example.org"])
    german = next(m for m in mail.outbox if people["administrator"].email in m.to)
    english = next(m for m in mail.outbox if "kommentare@example.org" in m.to)
    assert german.subject == "Kommentar gemeldet: „Werkstatt 8“"
    assert english.subject == "Comment reported: “Werkstatt 8”"
    assert "Unfreundlicher Ton" in german.body
    assert f"/admin/blog_comments/inspect/{comment.pk}/" in german.body


def test_later_reports_of_the_same_comment_send_nothing(
    people, article, site, django_capture_on_commit_callbacks
):
    comment = make_comment(article, "Unfreundlicher Ton")
    with django_capture_on_commit_callbacks(execute=True):
        report(comment, "addr:a", site)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert report(comment, "addr:b", site) == (True, False)
        assert report(comment, "user:7", site) == (True, True)  # hidden now
        rules.approve_comment(PortalComment.objects.get(pk=comment.pk), people["administrator"])
        assert report(PortalComment.objects.get(pk=comment.pk), "addr:c", site)[0] is True
    assert mail.outbox == []


def test_a_report_through_the_site_mails_the_moderators(
    client, people, article, django_capture_on_commit_callbacks
):
    comment = make_comment(article, "Werbung für Pillen")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/de/kommentare/{comment.pk}/melden/", {"reason": "Spam", "website": ""}
        )
    assert response.status_code == 302
    message = next(m for m in mail.outbox if people["administrator"].email in m.to)
    assert "Spam" in message.body
    assert not any("redakteurin@example.org" in m.to for m in mail.outbox)

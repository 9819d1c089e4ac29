"""One public address (``PORTAL_BASE_URL``): every e-mail the portal sends, the sitemap,
``robots.txt``, the feeds, the calendar files, the hreflang links and "download my data" link
to it, whatever host a request came in on; ``migrate`` writes it into the Site record, which
Wagtail's own links (``full_url``, the admin's workflow e-mails) use."""

import json
import re
import xml.etree.ElementTree as ET
from datetime import timedelta
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.core import mail
from django.core.management.sql import emit_post_migrate_signal
from django.test.signals import template_rendered
from django.utils import timezone
from wagtail.models import Site

from blog.comments import report_comment
from blog.emails import notify_reply_subscribers, send_confirmation_request
from blog.models import BlogSettings
from community.contact import send_member_message, send_solution_request
from community.emails import (
    send_application_decision,
    send_application_received,
    send_invitation,
    send_profile_decision,
    send_solution_decision,
)
from community.models import MembershipApplication
from events import emails as event_emails
from events.models import Registration
from events.registration import cancel_registration, register_guest, register_member
from experts.emails import send_expert_decision
from home.models import SiteSettings
from ideas.rules import confirm_support, submit_idea, support_idea
from matchmaking import cases as matchmaking_cases
from portal.canonical import sync_default_site
from portal.membership import grant_membership
from subscriptions.digests import send_digests
from subscriptions.filter_alerts import save_filter, send_filter_alerts
from subscriptions.models import NewsletterIssue
from subscriptions.newsletter import send_issue, send_test
from subscriptions.subscribing import confirm_subscription, request_subscription
from tests.blog.conftest import make_comment
from tests.conftest import refreshed
from tests.factories import (
    BlogIndexPageFactory,
    BlogPageFactory,
    EventIndexPageFactory,
    EventPageFactory,
    ExpertIndexPageFactory,
    ExpertPageFactory,
    IdeaIndexPageFactory,
    IdeaPageFactory,
    MemberIndexPageFactory,
    MemberPageFactory,
    MembershipApplicationFactory,
    OrganisationFactory,
    SolutionIndexPageFactory,
    SolutionPageFactory,
    StandardPageFactory,
    UserFactory,
)
from tests.workinggroups.factories import (
    MembershipFactory,
    WorkingGroupIndexPageFactory,
    WorkingGroupPageFactory,
)
from workinggroups.rules import decide as decide_working_group_request
from workinggroups.rules import request_membership as ask_to_join_working_group

pytestmark = pytest.mark.django_db

BASE = "https://portal.example.org"
# A request that reached the portal under another name (a proxy's upstream, an IP address).
OTHER_HOST = {"HTTP_HOST": "backend.internal:8080"}
URL = re.compile(r"https?://[^\s\"'<>]+")
NAMESPACES = {
    "s": "http://www.sitemaps.org/schemas/sitemap/0.9",
    "x": "http://www.w3.org/1999/xhtml",
    "a": "http://www.w3.org/2005/Atom",
}


@pytest.fixture
def public(settings, site):
    """The portal runs at ``BASE``; ``migrate`` has brought the Site record along."""
    settings.PORTAL_BASE_URL = settings.WAGTAILADMIN_BASE_URL = BASE  # as settings/base.py
    sync_default_site()
    return BASE


def assert_on_base(urls, where, required=True):
    urls = list(urls)
    assert urls or not required, f"no links in {where}"
    for url in urls:
        assert url == BASE or url.startswith(f"{BASE}/"), f"{url} in {where}"


def assert_no_other_host(text, where):
    assert "localhost" not in text, where
    assert "testserver" not in text, where
    assert "backend.internal" not in text, where


# --- The Site record -----------------------------------------------------------------------


def test_migrate_gives_the_default_site_the_public_address(settings, site):
    settings.PORTAL_BASE_URL = BASE
    emit_post_migrate_signal(verbosity=0, interactive=False, db="default")
    site = Site.objects.get(is_default_site=True)
    assert (site.hostname, site.port, site.root_url) == ("portal.example.org", 443, BASE)
    assert StandardPageFactory(parent=refreshed(site.root_page)).full_url.startswith(f"{BASE}/")

    settings.PORTAL_BASE_URL = "http://127.0.0.1:8000"
    emit_post_migrate_signal(verbosity=0, interactive=False, db="default")
    site.refresh_from_db()
    assert (site.hostname, site.port) == ("127.0.0.1", 8000)


# --- E-mails -------------------------------------------------------------------------------


def email_templates():
    """Every e-mail of the portal's apps: ``<app>/templates/<app>/email/<name>.txt`` (not the
    subjects, not the partials)."""
    root = Path(django_settings.BASE_DIR)
    return {
        str(path.relative_to(path.parents[2]))
        for path in root.glob("*/templates/*/email/*.txt")
        if not path.name.endswith("_subject.txt") and not path.name.startswith("_")
    }


@pytest.fixture
def rendered_templates():
    names = set()

    def remember(sender, template, context, **kwargs):
        names.add(template.name)

    template_rendered.connect(remember)
    yield names
    template_rendered.disconnect(remember)


def every_link_in(message):
    parts = [message.body, *(content for content, _type in message.alternatives)]
    parts += [str(value) for value in message.extra_headers.values()]
    for _name, content, _mimetype in message.attachments:  # the .ics files
        parts.append(content.decode() if isinstance(content, bytes) else str(content))
    # iCalendar folds long lines (RFC 5545): unfold before looking for links.
    text = "\n".join(parts).replace("\r\n ", "")
    return text, URL.findall(text)


def test_every_e_mail_links_to_the_public_address_only(
    public, home_de, client, admin_user, rendered_templates, django_capture_on_commit_callbacks
):
    home = refreshed(home_de)
    member = UserFactory(email="erika@example.org", first_name="Erika", last_name="Beispiel")
    grant_membership(member)
    other = UserFactory(email="max@example.org")
    grant_membership(other)
    SiteSettings.objects.update_or_create(
        site=Site.objects.get(is_default_site=True),
        defaults={"contact_email": "kontakt@example.org"},
    )
    article = BlogPageFactory(parent=BlogIndexPageFactory(parent=home))
    directory = MemberIndexPageFactory(parent=refreshed(home))
    profile = MemberPageFactory(parent=directory, user=other, contact_permission="members")
    solution = SolutionPageFactory(
        parent=SolutionIndexPageFactory(parent=refreshed(home)),
        provider=OrganisationFactory(contact_email="anbieter@example.org"),
    )
    event = EventPageFactory(parent=EventIndexPageFactory(parent=refreshed(home)), capacity=1)
    public_event = EventPageFactory(
        parent=refreshed(event.get_parent()), audience="public", slug="offen"
    )

    with django_capture_on_commit_callbacks(execute=True):
        # Blog: the confirmation request and a reply notification.
        first = make_comment(article, followup=True, user_email="anna@example.org")
        send_confirmation_request(make_comment(article, status="pending"), article)
        notify_reply_subscribers(make_comment(article, parent=first), article)
        # A reader reports a comment: the moderators hear of it.
        report_comment(
            first,
            reporter_key="leserin",
            reason="Beleidigend",
            blog_settings=BlogSettings.for_site(Site.objects.get(is_default_site=True)),
        )
        # Community: invitation, membership application, contact requests.
        send_invitation(member)
        application = MembershipApplicationFactory(user=UserFactory())
        send_application_received(application)
        for status in (
            MembershipApplication.Status.APPROVED,
            MembershipApplication.Status.DECLINED,
        ):
            application.status = status
            send_application_decision(application)
        send_member_message(member, profile, "Frage", "Hallo!", allow_reply=True)
        send_solution_request(member, solution, "Anfrage", "Guten Tag!", allow_reply=False)
        # The member hears of the editors' decisions on their profile change.
        for approved in (True, False):
            send_profile_decision(profile, other, approved=approved, comment="Bitte kürzen.")
        # A provider hears of the editors' decisions on their solution change.
        for approved in (True, False):
            send_solution_decision(solution, other, approved=approved, comment="Bitte kürzen.")
        # An expert hears of the editors' decisions on their profile change.
        expert_profile = ExpertPageFactory(
            parent=ExpertIndexPageFactory(parent=refreshed(home)), user=other
        )
        for approved in (True, False):
            send_expert_decision(expert_profile, other, approved=approved, comment="Bitte kürzen.")
    # allauth's e-mails (relayed through the outbox), asked for on another host name.
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/accounts/password/reset/", {"email": member.email}, **OTHER_HOST)
    # Events: every registration e-mail.
    with django_capture_on_commit_callbacks(execute=True):
        confirmed = register_member(event, member).registration
    with django_capture_on_commit_callbacks(execute=True):
        register_member(event, other)  # waitlisted
    with django_capture_on_commit_callbacks(execute=True):
        cancel_registration(confirmed)  # cancelled; the waitlisted one is promoted
    with django_capture_on_commit_callbacks(execute=True):
        register_guest(public_event, "Gast", "gast@example.org")  # pending
    promoted = Registration.objects.get(event=event, user=other)
    with django_capture_on_commit_callbacks(execute=True):
        event_emails.send_already_registered(promoted)
        event_emails.send_reminder(promoted)
    # Subscriptions: the confirmation request, the notice to a subscribed address, a digest.
    with django_capture_on_commit_callbacks(execute=True):
        choice = {"content_types": ["articles"]}
        an_hour_ago = timezone.now() - timedelta(hours=1)
        type(article).objects.filter(pk=article.pk).update(first_published_at=an_hour_ago)
        subscription = request_subscription("leserin@example.org", "de", choice)
        confirm_subscription(subscription, now=an_hour_ago - timedelta(hours=1))
        request_subscription("leserin@example.org", "de", choice)
        send_digests()
    # Saved searches: the alert of a new solution in the marketplace.
    with django_capture_on_commit_callbacks(execute=True):
        type(solution).objects.filter(pk=solution.pk).update(first_published_at=an_hour_ago)
        save_filter(member, solution.get_parent(), "", now=an_hour_ago - timedelta(hours=1))
        send_filter_alerts()
    # The newsletter: an editor's test copy, then the issue to the subscriber.
    with django_capture_on_commit_callbacks(execute=True):
        subscription.refresh_from_db()
        subscription.newsletter = True
        subscription.save(update_fields=["newsletter"])
        issue = NewsletterIssue.objects.create(
            subject="Neues aus dem Portal",
            language="de",
            introduction=f'<p>Lesen Sie <a linktype="page" id="{article.pk}">den Artikel</a>.</p>',
            body=[("article", {"page": article, "title": "", "summary": "Kurz gesagt."})],
        )
        send_test(issue, admin_user)
        send_issue(issue, admin_user)
    # Ideas: a guest confirms an idea and a support; a new status is announced.
    ideas_index = IdeaIndexPageFactory(parent=refreshed(home))
    idea = IdeaPageFactory(parent=refreshed(ideas_index), slug="buergerbus")
    idea_fields = {"title": "Bürgerbus", "description": "Ein Bus.", "submitter_type": "buerger"}
    with django_capture_on_commit_callbacks(execute=True):
        submit_idea(ideas_index, {**idea_fields, "topics": [], "email": "idee@example.org"})
        support, _created = support_idea(idea, email="fan@example.org", notify=True)
    confirm_support(support)
    idea.status, idea.status_reason = "in_pruefung", "Wir prüfen."
    with django_capture_on_commit_callbacks(execute=True):
        idea.save_revision().publish()
    # Matchmaking: the office hears of a request, the requester of proposals, a refusal and
    # the closing; a chosen party is asked; on acceptance both sides are introduced.
    need = {
        "title": "Parkraum",
        "problem": "Zugeparkt.",
        "municipality_size": "mittel",
        "time_frame": "offen",
        "organisation_name": "Stadt Musterstadt",
    }
    office = UserFactory(email="geschaeftsstelle@example.org", is_superuser=True)
    expert_page = ExpertPageFactory(
        parent=refreshed(expert_profile.get_parent()),
        contact_email="beraterin@example.org",
        slug="beraterin",
    )
    with django_capture_on_commit_callbacks(execute=True):
        need_case = matchmaking_cases.submit_request(member, need)
        accepted = matchmaking_cases.propose(need_case, expert_page, "Passt.", actor=office)
        declined = matchmaking_cases.propose(need_case, solution, "Passt.", actor=office)
        for proposal in (accepted, declined):
            matchmaking_cases.choose(need_case, proposal.pk, user=member)
        matchmaking_cases.respond(declined, accept=False)
        matchmaking_cases.respond(accepted, accept=True)
        matchmaking_cases.set_status(need_case, "abgeschlossen", actor=office, outcome="kontakt")
        # A second need that the member withdraws (the office hears of it).
        withdrawn = matchmaking_cases.submit_request(member, {**need, "title": "Ladesäulen"})
        matchmaking_cases.withdraw(withdrawn, user=member, reason="Erledigt.")
    # Working groups: a member asks to join (the lead hears of it); the lead decides.
    groups_index = WorkingGroupIndexPageFactory(parent=refreshed(home))
    working_group = WorkingGroupPageFactory(parent=refreshed(groups_index))
    MembershipFactory(group=working_group, user=member, role="leitung")
    with django_capture_on_commit_callbacks(execute=True):
        join_request = ask_to_join_working_group(working_group, other, message="Gern.")
    with django_capture_on_commit_callbacks(execute=True):
        decide_working_group_request(join_request, member, approve=True)
    # Moderation: the portal's request to the moderators, Wagtail's approval notice (which
    # links with the Site record's full_url).
    admin_user.email = "redaktion@example.org"
    admin_user.save()
    submitter = UserFactory(email="autorin@example.org", is_staff=True, is_superuser=True)
    draft = StandardPageFactory(parent=refreshed(home), slug="zur-freigabe")
    with django_capture_on_commit_callbacks(execute=True):
        draft.save_revision(user=submitter)
        task_state = draft.get_workflow().start(draft, submitter).current_task_state
    with django_capture_on_commit_callbacks(execute=True):
        task_state.task.specific.on_action(task_state, admin_user, "approve")

    missing = email_templates() - rendered_templates
    assert not missing, f"e-mails this test does not send: {sorted(missing)}"
    assert len(mail.outbox) >= 18
    all_links = set()
    for message in mail.outbox:
        text, links = every_link_in(message)
        assert_no_other_host(text, message.subject)
        assert_on_base(links, message.subject, required=False)  # a refusal may have none
        all_links.update(links)
    for page in (article, solution, event, public_event, draft, idea, working_group):
        assert any(link.startswith(f"{BASE}{page.url}") for link in all_links), page.url
    assert any("/accounts/password/reset/key/" in link for link in all_links)
    assert f"{BASE}/de/konto/profil/" in all_links
    assert f"{BASE}/de/konto/arbeitskreise/" in all_links
    assert f"{BASE}/admin/pages/{draft.pk}/edit/" in all_links


# --- Sitemap, robots.txt, feeds, calendars, hreflang ---------------------------------------


def test_the_sitemap_and_robots_txt_name_the_public_address_on_any_host(public, client, home_de):
    StandardPageFactory(parent=refreshed(home_de), slug="ueber-uns")
    response = client.get("/sitemap.xml", **OTHER_HOST)
    assert response.status_code == 200
    assert_no_other_host(response.content.decode(), "sitemap")
    root = ET.fromstring(response.content)
    locations = [loc.text for loc in root.findall("s:url/s:loc", NAMESPACES)]
    assert f"{BASE}/de/ueber-uns/" in locations
    assert_on_base(locations, "sitemap <loc>")
    assert_on_base(
        (link.get("href") for link in root.findall("s:url/x:link", NAMESPACES)), "sitemap"
    )

    robots = client.get("/robots.txt", **OTHER_HOST).content.decode()
    assert f"Sitemap: {BASE}/sitemap.xml" in robots


def test_the_feeds_name_the_public_address_on_any_host(public, client, home_de):
    index = BlogIndexPageFactory(parent=refreshed(home_de))
    article = BlogPageFactory(parent=refreshed(index))

    rss = client.get(f"{index.url}feed/", **OTHER_HOST)
    assert rss.status_code == 200
    assert_no_other_host(rss.content.decode(), "RSS")
    channel = ET.fromstring(rss.content).find("channel")
    links = [channel.findtext("link"), channel.find("a:link", NAMESPACES).get("href")]
    links += [item.findtext(tag) for item in channel.findall("item") for tag in ("link", "guid")]
    assert f"{BASE}{article.url}" in links
    assert_on_base(links, "RSS")

    atom = client.get(f"{index.url}feed/atom/", **OTHER_HOST)
    assert atom.status_code == 200
    assert_no_other_host(atom.content.decode(), "Atom")
    feed = ET.fromstring(atom.content)
    links = [link.get("href") for link in feed.iter("{http://www.w3.org/2005/Atom}link")]
    links += [element.text for element in feed.iter("{http://www.w3.org/2005/Atom}id")]
    assert f"{BASE}{article.url}" in links
    assert_on_base(links, "Atom")


def test_calendar_files_and_hreflang_links_name_the_public_address(public, client, home_de):
    event = EventPageFactory(parent=EventIndexPageFactory(parent=refreshed(home_de)))

    ics = client.get(event.calendar_url, **OTHER_HOST)
    assert ics.status_code == 200
    text = ics.content.decode().replace("\r\n ", "")
    assert_no_other_host(text, "calendar")
    assert f"URL:{BASE}{event.url}" in text
    assert "@portal.example.org" in text  # the UIDs

    html = client.get(event.url, **OTHER_HOST).content.decode()
    alternates = re.findall(r'<link rel="alternate" hreflang="[^"]+" href="([^"]+)"', html)
    assert f"{BASE}{event.url}" in alternates
    assert_on_base(alternates, "hreflang")


# --- "Download my data" -------------------------------------------------------------------


def test_my_data_links_to_the_public_address(public, client, home_de, club_member):
    home = refreshed(home_de)
    profile = MemberPageFactory(parent=MemberIndexPageFactory(parent=home), user=club_member)
    article = BlogPageFactory(parent=BlogIndexPageFactory(parent=refreshed(home)))
    make_comment(article, user_email=club_member.email)
    client.force_login(club_member)

    response = client.get("/de/konto/meine-daten/", **OTHER_HOST)
    assert response.status_code == 200
    text = response.content.decode()
    assert_no_other_host(text, "my data")
    data = json.loads(text)
    assert data["profile"]["url"] == f"{BASE}{profile.url}"
    assert data["comments"][0]["page_url"] == f"{BASE}{article.url}"
    assert_on_base(URL.findall(text), "my data")

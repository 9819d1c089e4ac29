"""axe-core finds no WCAG 2.2 A/AA violation (target size included) on any page type, in
German and English.

Each page is also photographed at 1280 px and 375 px (test-artifacts/screenshots/).
"""

from django.apps import apps
from wagtail.models import Page

from demo.management.commands.load_demo_content import DEMO_APPS
from tests.browser.conftest import (
    JOURNEY_PASSWORD,
    run_axe,
    save_screenshot,
    sign_in,
    small_targets,
)

LANGUAGES = ("de", "en")

# Views that are not Wagtail pages, per language.
OTHER_VIEWS = {
    "search-results": {"de": "/de/suche/?q=Kommune", "en": "/en/search/?q=municipality"},
    "search-empty": {"de": "/de/suche/?q=xyzzyunbekannt", "en": "/en/search/?q=xyzzyunknown"},
    "not-found": {"de": "/de/gibt-es-nicht/", "en": "/en/does-not-exist/"},
}

# Every app with demo content (the demo command's list): a new app is checked at once.
PROJECT_APPS = tuple(DEMO_APPS)


def test_demo_content_has_an_example_of_every_page_type(portal_server):
    """The accessibility checks below cover every page type because the demo has each one
    (public, or members-only like a working group's area)."""
    examples = {
        **portal_server.page_type_examples(members_only=True),
        **portal_server.page_type_examples(),
    }
    page_types = {
        f"{model._meta.app_label}.{model.__name__}"
        for model in apps.get_models()
        if issubclass(model, Page) and model._meta.app_label in PROJECT_APPS
    }
    missing = sorted(page_types - set(examples))
    assert missing == []


def test_every_page_type_has_no_wcag_violations_in_both_languages(portal_server, page):
    """axe (WCAG 2.2 AA) at 1280 and at 375 px, in German and English, on every page type."""
    targets = {**portal_server.page_type_examples(), **OTHER_VIEWS}
    failures = {}
    checked = 0
    for label, by_language in sorted(targets.items()):
        for language in LANGUAGES:
            path = by_language.get(language)
            if path is None:
                continue
            page.set_viewport_size({"width": 1280, "height": 900})
            page.goto(portal_server.url(path))
            assert page.locator("html").get_attribute("lang") == language, path
            violations = run_axe(page)
            if violations:
                failures[f"{label} [{language}] {path}"] = violations
            checked += 1
            save_screenshot(page, f"{label}-{language}-1280")
            page.set_viewport_size({"width": 375, "height": 800})
            save_screenshot(page, f"{label}-{language}-375")
            # The compact layout of a phone is checked too (the menu, stacked cards, target
            # sizes of WCAG 2.2).
            violations = run_axe(page)
            if violations:
                failures[f"{label} [{language}] {path} at 375 px"] = violations
            # Nothing may need horizontal scrolling at 375 px (WCAG 1.4.10 reflow).
            overflow = page.evaluate(
                "document.documentElement.scrollWidth - document.documentElement.clientWidth"
            )
            if overflow > 1:
                failures.setdefault(f"{label} [{language}] {path}", []).append(
                    f"horizontal scrolling at 375 px ({overflow} px)"
                )
    assert checked >= 2 * len(OTHER_VIEWS)
    assert failures == {}


def test_members_only_page_types_have_no_wcag_violations(portal_server, browser):
    """axe on every page type that is only behind a privacy restriction (a working group's
    area), read by someone allowed in (a club member approved in every working group), in
    German and English, at 1280 and 375 px."""
    public = portal_server.page_type_examples()
    restricted = {
        label: by_language
        for label, by_language in portal_server.page_type_examples(members_only=True).items()
        if label not in public
    }
    assert "workinggroups.WorkingGroupAreaPage" in restricted
    email = "arbeitskreis.mitglied@example.org"
    portal_server.shell(
        f"""
from allauth.account.models import EmailAddress
from community.models import User
from portal.membership import grant_membership
from workinggroups import rules
from workinggroups.models import MembershipStatus, WorkingGroupMembership, WorkingGroupPage
user = User.objects.filter(email={email!r}).first() or User.objects.create_user(
    email={email!r}, password={JOURNEY_PASSWORD!r}, first_name="Alma", last_name="Kreis"
)
EmailAddress.objects.get_or_create(
    user=user, email={email!r}, defaults={{"verified": True, "primary": True}}
)
grant_membership(user)
for group in WorkingGroupPage.objects.filter(alias_of__isnull=True):
    group = rules.source_group(group)
    WorkingGroupMembership.objects.update_or_create(
        group=group, user=user, defaults={{"status": MembershipStatus.APPROVED}}
    )
    rules.sync_person(group, user)
"""
    )
    context = browser.new_context(locale="de-DE")
    page = context.new_page()
    sign_in(portal_server, page, email)
    failures = {}
    checked = 0
    for label, by_language in sorted(restricted.items()):
        for language in LANGUAGES:
            path = by_language.get(language)
            if path is None:
                continue
            for width, height in ((1280, 900), (375, 800)):
                page.set_viewport_size({"width": width, "height": height})
                response = page.goto(portal_server.url(path))
                assert response.status == 200, f"{label} [{language}] {path}: {response.status}"
                assert page.locator("html").get_attribute("lang") == language, path
                violations = run_axe(page)
                if violations:
                    failures[f"{label} [{language}] {path} at {width} px"] = violations
                save_screenshot(page, f"{label}-{language}-{width}")
                checked += 1
    context.close()
    assert checked >= 2
    assert failures == {}


def check_views(page, portal_server, views, failures, prefix):
    for label, path in views.items():
        page.goto(portal_server.url(path))
        violations = run_axe(page)
        if violations:
            failures[f"{prefix} {label} {path}"] = violations
        save_screenshot(page, f"{prefix}-{label}-1280")


def test_account_pages_and_filtered_listings_have_no_wcag_violations(
    portal_server, page, browser, member_state, accounts
):
    from tests.browser.conftest import sign_in

    examples = portal_server.page_type_examples()
    blog = examples["blog.BlogIndexPage"]
    market = examples["community.SolutionIndexPage"]
    members = examples["community.MemberIndexPage"]
    failures = {}
    anonymous = {
        "sign-in": "/accounts/login/",
        "sign-up": "/accounts/signup/",
        "password-reset": "/accounts/password/reset/",
        "blog-filtered-de": blog["de"] + "?type=werkstattbericht&page=1",
        "blog-filtered-en": blog["en"] + "?type=werkstattbericht",
        "marketplace-filtered-de": market["de"] + "?maturity=regelbetrieb&maturity=pilotbetrieb",
        "marketplace-filtered-en": market["en"] + "?maturity=regelbetrieb",
        "directory-filtered": members["de"] + "?state=hessen",
        "blog-unknown-filter": blog["de"] + "?topic=gibt-es-nicht&page=999",
    }
    check_views(page, portal_server, anonymous, failures, "anonymous")

    # The comment form with errors (sent empty).
    page.goto(portal_server.url(examples["blog.BlogPage"]["de"]))
    with page.expect_navigation():
        page.locator("form[action*='/kommentare/'] button[type='submit']").click()
    assert page.locator("[aria-invalid='true']").count() >= 2
    violations = run_axe(page)
    if violations:
        failures["comment form with errors"] = violations

    member = browser.new_context(locale="de-DE", storage_state=member_state)
    member_page = member.new_page()
    signed_in = {
        "account-de": "/de/konto/",
        "account-en": "/en/account/",
        "notifications": "/de/konto/benachrichtigungen/",
        "profile": "/de/konto/profil/",
        "delete-account": "/de/konto/loeschen/",
        "propose-solution": "/de/konto/loesungen/neu/",
        "forum-registration": examples["events.EventPage"]["de"],
    }
    check_views(member_page, portal_server, signed_in, failures, "member")
    member.close()

    guest = browser.new_context(locale="de-DE")
    guest_page = guest.new_page()
    sign_in(portal_server, guest_page, accounts["guest"])
    check_views(
        guest_page,
        portal_server,
        {"membership-application": "/de/konto/mitgliedschaft/"},
        failures,
        "registered",
    )
    guest.close()
    assert failures == {}


def small_header_targets(page):
    return small_targets(page, ".site-header")


def test_header_links_and_buttons_are_44_px_touch_targets(
    portal_server, page, browser, member_state
):
    failures = {}
    for width in (1280, 375):
        page.set_viewport_size({"width": width, "height": 900})
        for path in ("/de/", "/en/"):
            page.goto(portal_server.url(path))
            if small := small_header_targets(page):
                failures[f"anonymous {path} at {width} px"] = small
    member = browser.new_context(locale="de-DE", storage_state=member_state)
    member_page = member.new_page()
    member_page.goto(portal_server.url("/de/"))
    assert member_page.get_by_role("button", name="Abmelden").is_visible()
    if small := small_header_targets(member_page):
        failures["member /de/ at 1280 px"] = small
    member.close()
    assert failures == {}

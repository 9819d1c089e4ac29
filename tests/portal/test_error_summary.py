"""A form that comes back with errors starts with an error summary (the GOV.UK and KERN
pattern): a heading, every error linked to its field, the focus there (portal.js; see
tests/browser/test_error_summary.py) and "Fehler:" in front of the page title. Long pages
send the reader back to the form (a fragment in the form's action)."""

import html as html_lib
import re

import pytest
from allauth.account.models import EmailAddress

from tests.conftest import refreshed
from tests.factories import (
    BlogIndexPageFactory,
    BlogPageFactory,
    EventIndexPageFactory,
    EventPageFactory,
    MemberPageFactory,
    OrganisationFactory,
    SolutionPageFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

SUMMARY = re.compile(r'<div class="error-summary"[^>]*>(.*?)</div>', re.S)


def page_title(html):
    return html_lib.unescape(re.search(r"<title>(.*?)</title>", html, re.S).group(1)).strip()


def error_summary(response, title_prefix="Fehler: ", heading="Es gibt ein Problem"):
    """The summary of a form with errors, checked the same way on every page: one summary,
    focusable and announced, heading, "Fehler:" in the title, every link leading to an
    element of the page. Returns the ids it links to and its text."""
    html = response.content.decode()
    summaries = SUMMARY.findall(html)
    assert len(summaries) == 1, "exactly one error summary"
    opening = re.search(r'<div class="error-summary"[^>]*>', html).group(0)
    assert 'role="alert"' in opening and 'tabindex="-1"' in opening
    assert 'id="error-summary"' in opening  # forms far down a page post to #error-summary
    assert "data-error-summary" in opening
    summary = summaries[0]
    assert heading in summary
    title = page_title(html)
    assert title.startswith(title_prefix)
    assert not title[len(title_prefix) :].startswith(title_prefix.strip()), "prefix twice"
    targets = re.findall(r'<a href="#([^"]+)"', summary)
    for target in targets:
        assert html.count(f'id="{target}"') == 1, f"#{target} is not an element of the page"
    text = html_lib.unescape(re.sub(r"<[^>]+>", " ", summary))
    return targets, " ".join(text.split())


def assert_no_summary(response):
    html = response.content.decode()
    assert 'class="error-summary"' not in html and 'id="error-summary"' not in html
    assert not page_title(html).startswith("Fehler")


# --- Blog: comments and reports ---------------------------------------------------------


@pytest.fixture
def article(home_de):
    index = BlogIndexPageFactory(parent=refreshed(home_de))
    return BlogPageFactory(parent=refreshed(index), title="Werkstatt 8", slug="werkstatt-8")


def test_incomplete_comment_gets_the_summary_with_links_to_its_fields(client, article):
    response = client.post(
        f"/de/kommentare/{article.pk}/", {"name": "", "email": "kein", "comment": ""}
    )
    assert response.status_code == 400
    targets, text = error_summary(response)
    assert set(targets) >= {"id_email", "id_comment"}
    assert "Kommentar:" in text  # the field's label in front of its error
    # Errors next to the fields stay.
    assert 'id="id_comment_error"' in response.content.decode()


def test_comment_form_sends_the_reader_back_to_the_form_without_javascript(client, article):
    html = client.get(article.url).content.decode()
    assert re.search(r'<form method="post" action="/de/kommentare/\d+/#error-summary"', html)
    assert_no_summary(client.get(article.url))


def test_comment_errors_are_never_cached_for_the_next_reader(client, article):
    client.get(article.url)  # the blank form is cached now
    response = client.post(f"/de/kommentare/{article.pk}/", {"comment": ""})
    error_summary(response)
    assert 'id="id_comment_error"' in response.content.decode()
    assert_no_summary(client.get(article.url))


def test_comment_summary_in_english(client, article, home_en):
    english = article.copy_for_translation(home_en.locale, copy_parents=True)
    english.save_revision().publish()
    response = client.post(f"/en/comments/{english.pk}/", {"comment": ""})
    assert response.status_code == 400
    error_summary(response, title_prefix="Error: ", heading="There is a problem")


def test_comment_form_whose_message_waits_leads_to_the_message_not_the_form(client, article):
    response = client.post(
        f"/de/kommentare/{article.pk}/",
        {"name": "Erika", "email": "erika@example.org", "comment": "Gut!", "website": ""},
    )
    assert response.status_code == 302
    # An explicit fragment: the browser would otherwise keep the form's #error-summary.
    assert response["Location"] == f"{article.url}#main"


def test_report_form_with_errors(client, article):
    from tests.blog.conftest import make_comment

    comment = make_comment(article)
    response = client.post(f"/de/kommentare/{comment.pk}/melden/", {"reason": "x" * 501})
    assert response.status_code == 400
    targets, _ = error_summary(response)
    assert targets == ["id_reason"]


# --- Events: registration ---------------------------------------------------------------


@pytest.fixture
def public_event(home_de):
    index = EventIndexPageFactory(parent=refreshed(home_de))
    return EventPageFactory(parent=refreshed(index), audience="public", title="Offenes Forum")


def test_incomplete_guest_registration_gets_the_summary(client, public_event):
    response = client.post(f"{public_event.url}register/", {"name": "", "email": "kein"})
    targets, _ = error_summary(response)
    assert {"id_name", "id_email"} <= set(targets)
    html = response.content.decode()
    assert f'action="{public_event.url}register/#error-summary"' in html


def test_registration_form_on_the_event_page_points_to_itself(client, public_event):
    html = client.get(public_event.url).content.decode()
    assert f'action="{public_event.url}register/#error-summary"' in html


# --- Community: contact, profile, membership, solutions -----------------------------------


@pytest.fixture
def member_client(client):
    from portal.membership import grant_membership

    user = UserFactory(first_name="Jonas", last_name="Muster")
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    grant_membership(user)
    client.force_login(user)
    client.user = user
    return client


def test_member_contact_with_errors(member_client, member_directory):
    profile = MemberPageFactory(
        parent=refreshed(member_directory), user=UserFactory(), first_name="Erika"
    )
    response = member_client.post(profile.url + "contact/", {"subject": "", "message": ""})
    targets, _ = error_summary(response)
    assert {"id_subject", "id_message"} <= set(targets)


def test_solution_contact_with_errors(member_client, marketplace):
    solution = SolutionPageFactory(parent=refreshed(marketplace), title="Parkleitsystem")
    response = member_client.post(solution.url + "contact/", {"subject": "", "message": ""})
    targets, _ = error_summary(response)
    assert {"id_subject", "id_message"} <= set(targets)


def test_honeypot_error_is_listed_without_a_link(member_client, marketplace):
    solution = SolutionPageFactory(parent=refreshed(marketplace), title="Parkleitsystem")
    response = member_client.post(
        solution.url + "contact/", {"subject": "Hallo", "message": "Text", "website": "x"}
    )
    targets, text = error_summary(response)
    assert "id_website" not in targets
    assert "automatisiert" in text


def test_profile_form_with_errors(member_client, member_directory):
    MemberPageFactory(
        parent=refreshed(member_directory), user=member_client.user, first_name="Jonas"
    )
    response = member_client.post(
        "/de/konto/profil/",
        {"first_name": "", "last_name": "Muster", "state": "mars", "website": "kein link"},
    )
    targets, _ = error_summary(response)
    assert {"id_first_name", "id_state", "id_website"} <= set(targets)


def test_membership_application_with_errors(client, verified_user):
    client.force_login(verified_user)
    response = client.post("/de/konto/mitgliedschaft/", {})
    targets, _ = error_summary(response)
    assert targets


def test_solution_form_links_a_group_of_radio_buttons_to_its_first_one(client, verified_user):
    organisation = OrganisationFactory(name="ParkPilot GmbH")
    verified_user.represented_organisations.add(organisation)
    client.force_login(verified_user)
    response = client.post("/de/konto/loesungen/neu/", {"provider": organisation.pk})
    targets, _ = error_summary(response)
    assert {"id_title", "id_teaser"} <= set(targets)
    assert "id_maturity_0" in targets  # a group of radio buttons: the first, under its legend


# --- Account pages: expert profile, notifications, deleting the account ------------------


def test_expert_profile_form_with_errors(client, verified_user):
    client.force_login(verified_user)
    response = client.post("/de/konto/beraterprofil/", {"name": "", "website": "kein link"})
    targets, text = error_summary(response)
    assert {"id_name", "id_teaser", "id_website"} <= set(targets)
    # Groups of radio buttons and checkboxes: the first option, under its legend.
    assert {"id_kind_0", "id_regions_0", "id_languages_0", "id_availability_0"} <= set(targets)
    assert "Kurzprofil:" in text


def test_notification_settings_with_errors(client, verified_user):
    client.force_login(verified_user)
    response = client.post("/de/konto/benachrichtigungen/", {"language": "klingonisch"})
    targets, _ = error_summary(response)
    assert targets == ["id_language_0"]


def test_deleting_the_account_with_a_wrong_password(client, verified_user):
    client.force_login(verified_user)
    response = client.post("/de/konto/loeschen/", {"password": "falsch"})
    targets, text = error_summary(response)
    assert targets == ["id_password"]
    assert "Das Passwort ist nicht richtig." in text
    assert type(verified_user).objects.filter(pk=verified_user.pk, is_active=True).exists()


def test_deleting_an_account_without_password_needs_the_confirmation_word(client):
    user = UserFactory()
    user.set_unusable_password()
    user.save()
    client.force_login(user)
    response = client.post("/de/konto/loeschen/", {"confirmation": "ja"})
    targets, _ = error_summary(response)
    assert targets == ["id_confirmation"]


def test_account_forms_without_errors_have_no_summary(client, verified_user):
    client.force_login(verified_user)
    for path in (
        "/de/konto/beraterprofil/",
        "/de/konto/benachrichtigungen/",
        "/de/konto/loeschen/",
    ):
        assert_no_summary(client.get(path))


# --- Accounts (django-allauth) ------------------------------------------------------------


def test_failed_sign_in_lists_the_form_error(client, verified_user):
    response = client.post(
        "/accounts/login/", {"login": verified_user.email, "password": "falsch-falsch"}
    )
    _, text = error_summary(response)
    assert "Passwort" in text or "password" in text.lower()


def test_incomplete_sign_up_gets_the_summary(client):
    response = client.post("/accounts/signup/", {"email": "kein", "password1": ""})
    targets, _ = error_summary(response)
    assert {"id_email", "id_password1"} <= set(targets)


def test_password_reset_with_errors(client):
    response = client.post("/accounts/password/reset/", {"email": ""})
    targets, _ = error_summary(response)
    assert targets == ["id_email"]


def test_password_change_with_errors(client, verified_user):
    client.force_login(verified_user)
    response = client.post("/accounts/password/change/", {"oldpassword": "falsch"})
    targets, _ = error_summary(response)
    assert "id_oldpassword" in targets


def test_pages_without_errors_have_no_summary_and_a_plain_title(client, verified_user):
    assert_no_summary(client.get("/accounts/login/"))
    assert_no_summary(client.get("/accounts/signup/"))

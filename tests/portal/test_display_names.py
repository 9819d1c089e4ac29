"""One display-name rule for the whole portal: a person's name, else a neutral label, never
the e-mail address. Accounts created in the admin or with ``createsuperuser`` have no name;
every place that shows a person is tried with such an account."""

import pytest
from django.contrib.auth import get_user_model
from django.core import mail

from blog.comments import post_comment
from community.contact import send_member_message, send_solution_request
from events.registration import cancel_registration, register_member
from portal.membership import grant_membership
from portal.people import person_name
from tests.conftest import refreshed
from tests.factories import (
    BlogIndexPageFactory,
    BlogPageFactory,
    EventIndexPageFactory,
    EventPageFactory,
    MemberPageFactory,
    OrganisationFactory,
    SolutionPageFactory,
)

pytestmark = pytest.mark.django_db

ADDRESS = "nameless.admin@example.org"


@pytest.fixture
def nameless(db):
    """An account as `createsuperuser` makes it: an address and a password, no name."""
    user = get_user_model().objects.create_user(email=ADDRESS, password="secret-enough-123")
    grant_membership(user)
    return user


def test_rule_never_falls_back_to_the_address(nameless):
    assert nameless.display_name == "Person ohne Namensangabe"
    assert str(nameless) == "Person ohne Namensangabe"
    assert ADDRESS not in nameless.display_name
    assert person_name("  ") == "Person ohne Namensangabe"
    assert person_name(" Erika Beispiel ") == "Erika Beispiel"


def test_rule_speaks_the_readers_language(nameless):
    from django.utils import translation

    with translation.override("en"):
        assert nameless.display_name == "Person without a name"


def test_named_account_is_shown_by_its_name(db):
    user = get_user_model().objects.create_user(
        email="erika@example.org", first_name="Erika", last_name="Beispiel"
    )
    assert str(user) == user.display_name == "Erika Beispiel"


def test_member_message_from_a_nameless_sender_hides_the_address(
    nameless, member_directory, club_member, django_capture_on_commit_callbacks
):
    profile = MemberPageFactory(parent=refreshed(member_directory), user=club_member)
    with django_capture_on_commit_callbacks(execute=True):
        send_member_message(nameless, profile, "Hallo", "Eine Frage", allow_reply=False)
    to_member = next(message for message in mail.outbox if message.to == [club_member.email])
    assert ADDRESS not in to_member.body + to_member.subject
    assert ADDRESS not in str(to_member.extra_headers) and not to_member.reply_to
    assert "Person ohne Namensangabe" in to_member.body


def test_solution_request_from_a_nameless_sender_hides_the_address(
    nameless, marketplace, django_capture_on_commit_callbacks
):
    provider = OrganisationFactory(contact_email="vertrieb@example.org")
    solution = SolutionPageFactory(parent=refreshed(marketplace), provider=provider)
    with django_capture_on_commit_callbacks(execute=True):
        send_solution_request(nameless, solution, "Angebot", "Was kostet das?", allow_reply=False)
    to_provider = next(m for m in mail.outbox if m.to == ["vertrieb@example.org"])
    assert ADDRESS not in to_provider.body + to_provider.subject
    assert not to_provider.reply_to


def test_participant_list_shows_no_address_for_a_nameless_member(
    client, nameless, home_de, club_member
):
    index = EventIndexPageFactory(parent=refreshed(home_de))
    event = EventPageFactory(parent=refreshed(index), publish_participant_list=True)
    register_member(
        event, nameless, organisation="Stadt Musterstadt", show_in_participant_list=True
    )
    client.force_login(club_member)
    html = client.get(event.url).content.decode()
    assert ADDRESS not in html
    assert "Person ohne Namensangabe (Stadt Musterstadt)" in html


def test_registration_mails_and_cancel_page_greet_without_the_address(
    nameless, home_de, django_capture_on_commit_callbacks
):
    index = EventIndexPageFactory(parent=refreshed(home_de))
    event = EventPageFactory(parent=refreshed(index))
    with django_capture_on_commit_callbacks(execute=True):
        outcome = register_member(event, nameless)
        cancel_registration(outcome.registration)
    assert len(mail.outbox) == 2
    for message in mail.outbox:
        assert message.to == [ADDRESS]  # the address is only where the mail goes
        assert ADDRESS not in message.body
        assert "Person ohne Namensangabe" in message.body
    assert outcome.registration.name == ""
    assert str(outcome.registration).startswith("Person ohne Namensangabe")


def test_comment_of_a_nameless_account_shows_no_address(client, nameless, home_de):
    index = BlogIndexPageFactory(parent=refreshed(home_de))
    article = BlogPageFactory(parent=refreshed(index))
    post_comment(article, text="Ein Kommentar", language="de", user=nameless)
    html = client.get(article.url).content.decode()
    assert "Ein Kommentar" in html
    assert ADDRESS not in html

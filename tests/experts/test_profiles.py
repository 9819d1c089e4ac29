"""Experts create and change their own profile on the site; every change waits for an
editor's approval (the page's workflow), the expert hears of the decision by e-mail in
their language, only the owner edits, and the contact data are shown only as the expert
chose."""

import json

import pytest
from django.contrib.auth.models import Group
from django.core import mail
from wagtail.models import Page, WorkflowState

from experts.models import ExpertPage
from experts.profiles import can_edit_expert_profile, contact_visible_to
from portal.caching.pages import invalidate_page_cache
from portal.membership import grant_membership
from tests.conftest import refreshed
from tests.factories import ProjectPageFactory, UserFactory

pytestmark = pytest.mark.django_db

FORM = "/de/konto/beraterprofil/"


def profile_post(**changes):
    return {
        "kind": "firma",
        "name": "Kommunalberatung Muster GmbH",
        "teaser": "Wir begleiten Kommunen bei Digitalprojekten.",
        "description": "Seit 2015 in Hessen und Thüringen unterwegs.",
        "regions": ["hessen", "thueringen"],
        "sizes": ["klein", "mittel"],
        "languages": ["de", "en"],
        "availability": "begrenzt",
        "availability_note": "Ab März wieder frei.",
        "website": "https://muster-beratung.example.org/",
        "contact_email": "kontakt@muster-beratung.example.org",
        "contact_phone": "069 123456",
        "contact_visibility": "mitglieder",
        **changes,
    }


@pytest.fixture
def moderator(db):
    person = UserFactory(email="moderatorin@example.org")
    person.groups.add(Group.objects.get(name="Moderators"))
    return person


@pytest.fixture
def expert(verified_user):
    return verified_user


@pytest.fixture
def own_profile(make_expert, expert):
    return make_expert(name="Erika Beraterin", user=expert, regions=["hessen"])


def decide(page, moderator, action, **kwargs):
    task_state = Page.objects.get(pk=page.pk).specific.current_workflow_state.current_task_state
    task_state.task.specific.on_action(task_state, moderator, action, **kwargs)


def mails_to(address):
    return [message for message in mail.outbox if address in message.to]


def submit(client, user, capture, **changes):
    client.force_login(user)
    with capture(execute=True):
        response = client.post(FORM, profile_post(**changes))
    assert response.status_code == 302
    mail.outbox.clear()  # the moderators' notice
    return ExpertPage.objects.get(user=user)


def test_new_profile_waits_for_approval_and_is_not_public(
    client, expert_index, expert, topics, django_capture_on_commit_callbacks
):
    page = submit(client, expert, django_capture_on_commit_callbacks, topics=[topics["wasser"].pk])
    assert not page.live
    assert page.get_parent().pk == expert_index.pk
    assert page.current_workflow_state.status == WorkflowState.STATUS_IN_PROGRESS
    client.logout()
    assert "Kommunalberatung Muster" not in client.get(expert_index.url).content.decode()
    assert client.get(f"/de/beraterdatenbank/{page.slug}/").status_code == 404


def test_moderators_are_told_of_a_new_profile(
    client, expert_index, expert, moderator, django_capture_on_commit_callbacks
):
    client.force_login(expert)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(FORM, profile_post())
    assert len(mails_to(moderator.email)) == 1


def test_approved_profile_is_public_with_every_detail(
    client,
    expert_index,
    expert,
    moderator,
    topics,
    project_index,
    django_capture_on_commit_callbacks,
):
    project = ProjectPageFactory(parent=refreshed(project_index), title="Parkleitsystem")
    page = submit(
        client,
        expert,
        django_capture_on_commit_callbacks,
        topics=[topics["wasser"].pk],
        projects=[project.pk],
    )
    with django_capture_on_commit_callbacks(execute=True):
        decide(page, moderator, "approve")
    page = ExpertPage.objects.get(pk=page.pk)
    assert page.live and page.kind == "firma"
    assert [item.region for item in page.regions.all()] == ["hessen", "thueringen"]
    assert page.for_small_towns and page.for_medium_towns and not page.for_districts
    html = client.get(page.url).content.decode()
    for text in (
        "Kommunalberatung Muster GmbH",
        "Wasser",
        "Thüringen",
        "Englisch",
        "Parkleitsystem",
    ):
        assert text in html
    invalidate_page_cache()
    assert "Kommunalberatung Muster GmbH" in client.get(expert_index.url).content.decode()
    (message,) = mails_to(expert.email)
    assert message.subject == "Ihr Beraterprofil ist freigegeben"
    assert page.full_url in message.body
    assert "/admin/" not in message.body


def test_a_change_waits_and_the_public_profile_stays_as_it_was(
    client, own_profile, expert, django_capture_on_commit_callbacks
):
    submit(client, expert, django_capture_on_commit_callbacks, teaser="Neue Fassung")
    page = ExpertPage.objects.get(pk=own_profile.pk)
    assert page.teaser == "Berät Kommunen bei der Digitalisierung."
    assert page.get_latest_revision_as_object().teaser == "Neue Fassung"
    assert "Neue Fassung" not in client.get(page.url).content.decode()
    assert "Neue Fassung" in client.get(FORM).content.decode()  # the form shows the draft


def test_rejected_change_is_announced_with_the_note_and_changes_nothing_public(
    client, settings, own_profile, expert, moderator, django_capture_on_commit_callbacks
):
    submit(client, expert, django_capture_on_commit_callbacks, name="Erika Umbenannt")
    with django_capture_on_commit_callbacks(execute=True):
        decide(own_profile, moderator, "reject", comment="Bitte Referenzen ergänzen.")
    assert ExpertPage.objects.get(pk=own_profile.pk).name == "Erika Beraterin"
    (message,) = mails_to(expert.email)
    assert message.subject == "Ihr Beraterprofil wurde nicht freigegeben"
    assert "Bitte Referenzen ergänzen." in message.body
    assert f"{settings.WAGTAILADMIN_BASE_URL}{FORM}\n" in message.body


def test_decision_mail_is_in_the_experts_language(
    client, own_profile, expert, moderator, django_capture_on_commit_callbacks
):
    expert.language = "en"
    expert.save()
    submit(client, expert, django_capture_on_commit_callbacks)
    with django_capture_on_commit_callbacks(execute=True):
        decide(own_profile, moderator, "approve")
    (message,) = mails_to(expert.email)
    assert message.subject == "Your expert profile has been approved"
    assert "/en/account/expert-profile/" in message.body


def test_only_the_owner_edits_the_profile(client, own_profile, expert):
    intruder = UserFactory()
    client.force_login(intruder)
    assert client.get(own_profile.url + "edit/").status_code == 403
    assert can_edit_expert_profile(intruder, own_profile) is False
    client.force_login(expert)
    response = client.get(own_profile.url + "edit/")
    assert response.status_code == 302 and response["Location"] == FORM


def test_someone_elses_post_creates_their_own_profile_and_leaves_this_one_alone(
    client, own_profile, expert_index, django_capture_on_commit_callbacks
):
    other = UserFactory()
    submit(client, other, django_capture_on_commit_callbacks, name="Zweite Beratung")
    assert ExpertPage.objects.get(pk=own_profile.pk).get_latest_revision_as_object().name == (
        "Erika Beraterin"
    )
    assert ExpertPage.objects.get(user=other).name == "Zweite Beratung"


def test_anonymous_readers_are_sent_to_sign_in(client, own_profile, expert_index):
    assert client.get(own_profile.url + "edit/").status_code == 302
    response = client.post(FORM, profile_post())
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert ExpertPage.objects.count() == 1


def test_form_errors_are_tied_to_their_fields_and_nothing_is_saved(client, expert_index, expert):
    client.force_login(expert)
    response = client.post(
        FORM,
        profile_post(
            name="", contact_email="kein-link", regions=["atlantis"], kind="robot", languages=[]
        ),
    )
    html = response.content.decode()
    assert response.status_code == 200
    for field in ("name", "contact_email", "regions", "kind", "languages"):
        assert f'id="id_{field}_error"' in html
    assert not ExpertPage.objects.exists()


def test_unknown_reference_pages_are_a_form_error(client, expert_index, expert):
    client.force_login(expert)
    response = client.post(FORM, profile_post(projects=["999999"], solutions=["x"]))
    assert response.status_code == 200
    assert 'id="id_projects_error"' in response.content.decode()


# Contact data as the expert chose


@pytest.mark.parametrize(
    ("visibility", "anonymous", "signed_in", "member"),
    [
        ("oeffentlich", True, True, True),
        ("angemeldet", False, True, True),
        ("mitglieder", False, False, True),
        ("niemand", False, False, False),
    ],
)
def test_contact_data_are_shown_only_as_the_expert_chose(
    client, make_expert, expert, visibility, anonymous, signed_in, member
):
    page = make_expert(
        name="Kontakt Test",
        user=expert,
        contact_email="geheim@example.org",
        contact_phone="030 1234",
        contact_visibility=visibility,
    )
    club_member = UserFactory()
    grant_membership(club_member)
    for reader, expected in ((None, anonymous), (UserFactory(), signed_in), (club_member, member)):
        client.logout()
        if reader is not None:
            client.force_login(reader)
        html = client.get(page.url).content.decode()
        assert ("geheim@example.org" in html) is expected, (visibility, reader)
        assert ("030 1234" in html) is expected
    # The expert always sees their own.
    client.force_login(expert)
    assert "geheim@example.org" in client.get(page.url).content.decode()
    assert contact_visible_to(expert, page)


def test_readers_who_cannot_see_the_contact_data_are_told_why(client, make_expert):
    page = make_expert(contact_email="a@example.org", contact_visibility="angemeldet")
    assert "sehen angemeldete Nutzer:innen" in client.get(page.url).content.decode()
    office = make_expert(contact_email="b@example.org", contact_visibility="niemand")
    assert "vermittelt die Geschäftsstelle" in client.get(office.url).content.decode()


def test_contact_data_are_never_in_the_listing_or_the_search_index(
    client, make_expert, expert_index
):
    make_expert(contact_email="geheim@example.org", contact_visibility="oeffentlich")
    assert "geheim@example.org" not in client.get(expert_index.url).content.decode()
    fields = {field.field_name for field in ExpertPage.get_search_fields()}
    assert not fields & {"contact_email", "contact_phone"}


# Account area


def test_account_page_offers_to_create_and_then_to_edit_the_profile(
    client, expert_index, expert, django_capture_on_commit_callbacks
):
    client.force_login(expert)
    html = client.get("/de/konto/").content.decode()
    assert "Mein Beraterprofil" in html and "Beraterprofil anlegen" in html
    submit(client, expert, django_capture_on_commit_callbacks)
    html = client.get("/de/konto/").content.decode()
    assert "noch nicht veröffentlicht" in html
    assert "warten auf die Freigabe" in html


def test_my_data_contains_the_expert_profile(client, own_profile, expert):
    client.force_login(expert)
    data = json.loads(client.get("/de/konto/meine-daten/").content)
    assert data["expert_profile"]["profile"]["name"] == "Erika Beraterin"


def test_deleting_the_account_deletes_the_expert_profile(own_profile, expert):
    expert.delete()
    assert not ExpertPage.objects.filter(pk=own_profile.pk).exists()

"""Members edit their own profiles on the site (moderated), and others write to them
through a relayed contact form."""

import pytest
from django.core import mail
from wagtail.models import WorkflowState

from community.models import ContactRequest, MemberPage
from community.profiles import can_edit_profile
from tests.conftest import refreshed
from tests.factories import MemberPageFactory, OrganisationFactory, UserFactory

pytestmark = pytest.mark.django_db


def profile_data(**changes):
    return {
        "first_name": "Erika",
        "last_name": "Beispiel",
        "role": "Bürgermeisterin",
        "state": "hessen",
        "bio": "Ich leite die Gemeinde Beispielhausen.",
        "contact_permission": "members",
        "public_phone": "",
        "website": "",
        **changes,
    }


@pytest.fixture
def own_profile(member_directory, club_member):
    return MemberPageFactory(
        parent=refreshed(member_directory),
        user=club_member,
        first_name="Erika",
        last_name="Beispiel",
        role="Bürgermeisterin",
    )


def approve(page, editor):
    task_state = MemberPage.objects.get(pk=page.pk).current_workflow_state.current_task_state
    task_state.task.specific.on_action(task_state, editor, "approve")


def test_member_changes_own_profile_and_it_waits_for_approval(client, own_profile, club_member):
    client.force_login(club_member)
    response = client.post("/de/konto/profil/", profile_data(role="Bürgermeisterin a. D."))
    assert response.status_code == 302
    page = MemberPage.objects.get(pk=own_profile.pk)
    assert page.role == "Bürgermeisterin"  # the live version is unchanged
    assert page.get_latest_revision_as_object().role == "Bürgermeisterin a. D."
    assert page.current_workflow_state.status == WorkflowState.STATUS_IN_PROGRESS
    assert "Bürgermeisterin a. D." not in client.get(page.url).content.decode()


def test_approved_profile_change_goes_live(client, own_profile, club_member, admin_user, topics):
    client.force_login(club_member)
    client.post(
        "/de/konto/profil/",
        profile_data(role="Landrätin", topics=[topics["wasser"].pk], state="bayern"),
    )
    approve(own_profile, admin_user)
    page = MemberPage.objects.get(pk=own_profile.pk)
    assert (page.role, page.state) == ("Landrätin", "bayern")
    assert list(page.topics.all()) == [topics["wasser"]]
    assert "Landrätin" in client.get(page.url).content.decode()


def test_second_change_replaces_the_one_waiting_for_approval(client, own_profile, club_member):
    client.force_login(club_member)
    client.post("/de/konto/profil/", profile_data(role="Erste Fassung"))
    form = client.get("/de/konto/profil/").content.decode()
    assert 'value="Erste Fassung"' in form  # the form shows the pending draft
    client.post("/de/konto/profil/", profile_data(role="Zweite Fassung"))
    page = MemberPage.objects.get(pk=own_profile.pk)
    assert page.get_latest_revision_as_object().role == "Zweite Fassung"
    states = WorkflowState.objects.filter(object_id=str(page.pk))
    # The draft under review is updated; the workflow is not restarted.
    assert states.filter(status=WorkflowState.STATUS_IN_PROGRESS).count() == 1
    assert states.count() == 1


def test_member_without_profile_creates_one_that_is_published_after_approval(
    client, member_directory, club_member, admin_user
):
    client.force_login(club_member)
    organisation = OrganisationFactory(name="Stadt Musterstadt")
    client.post("/de/konto/profil/", profile_data(organisation=organisation.pk))
    page = MemberPage.objects.get(user=club_member)
    assert not page.live
    assert page.get_parent().pk == member_directory.pk
    approve(page, admin_user)
    page = MemberPage.objects.get(pk=page.pk)
    assert page.live and page.organisation == organisation


def test_editing_someone_elses_profile_is_forbidden(client, own_profile, member_directory):
    intruder = UserFactory()
    client.force_login(intruder)
    assert client.get(own_profile.url + "edit/").status_code == 403
    assert can_edit_profile(intruder, own_profile) is False


def test_writing_to_oneself_is_not_offered(client, own_profile, club_member):
    client.force_login(club_member)
    response = client.get(own_profile.url + "contact/")
    assert response.status_code == 403
    assert "Ihr eigenes Profil" in response.content.decode()


def test_own_profile_edit_link_leads_to_the_profile_form(client, own_profile, club_member):
    client.force_login(club_member)
    response = client.get(own_profile.url + "edit/")
    assert response.status_code == 302 and response["Location"] == "/de/konto/profil/"


def test_profile_without_account_cannot_be_edited_on_the_site(member_directory, club_member):
    page = MemberPageFactory(parent=refreshed(member_directory), user=None)
    assert can_edit_profile(club_member, page) is False


def test_non_members_cannot_create_a_profile(client, verified_user):
    client.force_login(verified_user)
    response = client.post("/de/konto/profil/", profile_data())
    assert response.status_code == 302
    assert response["Location"] == "/de/konto/mitgliedschaft/"
    assert not MemberPage.objects.filter(user=verified_user).exists()


def test_profile_form_errors_are_tied_to_their_fields(client, own_profile, club_member):
    client.force_login(club_member)
    response = client.post(
        "/de/konto/profil/", profile_data(first_name="", website="kein link", state="mars")
    )
    html = response.content.decode()
    assert response.status_code == 200
    for field in ("first_name", "website", "state"):
        assert f'id="id_{field}_error"' in html
    assert MemberPage.objects.get(pk=own_profile.pk).latest_revision_id is None


def test_contact_options_use_fieldsets_with_legends(client, own_profile, club_member):
    client.force_login(club_member)
    html = client.get("/de/konto/profil/").content.decode()
    assert "<legend>Wer darf Ihnen über das Kontaktformular schreiben?" in html


# The contact form on a profile


def test_member_message_is_relayed_without_revealing_addresses(
    client, own_profile, django_capture_on_commit_callbacks
):
    sender = UserFactory(first_name="Jonas", last_name="Muster")
    from portal.membership import grant_membership

    grant_membership(sender)
    client.force_login(sender)
    page_html = client.get(own_profile.url).content.decode()
    assert own_profile.user.email not in page_html
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            own_profile.url + "contact/",
            {"subject": "Austausch Parkraum", "message": "Hallo Erika!", "allow_reply": "on"},
        )
    assert response.status_code == 302
    to_member, copy = mail.outbox
    assert to_member.to == [own_profile.user.email]
    assert "Jonas Muster" in to_member.body
    assert copy.to == [sender.email]
    assert own_profile.user.email not in copy.body
    assert ContactRequest.objects.get().member_id == own_profile.pk


def test_member_message_goes_out_in_the_recipients_language(
    client, own_profile, club_member, django_capture_on_commit_callbacks
):
    club_member.language = "en"
    club_member.save()
    sender = UserFactory()
    from portal.membership import grant_membership

    grant_membership(sender)
    client.force_login(sender)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(own_profile.url + "contact/", {"subject": "Hi", "message": "Hallo"})
    assert mail.outbox[0].subject.startswith("Message through the portal")
    assert mail.outbox[1].subject.startswith("Kopie Ihrer Nachricht")


def test_member_who_allows_no_messages_gets_none(client, own_profile):
    MemberPage.objects.filter(pk=own_profile.pk).update(contact_permission="nobody")
    sender = UserFactory()
    client.force_login(sender)
    response = client.post(own_profile.url + "contact/", {"subject": "Hi", "message": "Hallo"})
    assert response.status_code == 403
    assert ContactRequest.objects.count() == 0


def test_members_only_contact_refuses_registered_non_members(client, own_profile):
    client.force_login(UserFactory())
    response = client.post(own_profile.url + "contact/", {"subject": "Hi", "message": "Hallo"})
    assert response.status_code == 403
    assert "nur Mitglieder" in response.content.decode()


def test_signed_in_contact_permission_lets_registered_people_write(client, own_profile):
    MemberPage.objects.filter(pk=own_profile.pk).update(contact_permission="signed_in")
    client.force_login(UserFactory())
    response = client.post(own_profile.url + "contact/", {"subject": "Hi", "message": "Hallo"})
    assert response.status_code == 302
    assert ContactRequest.objects.count() == 1


def test_member_contact_is_rate_limited(client, own_profile, settings):
    settings.COMMUNITY_CONTACT_RATE = "1/h"
    MemberPage.objects.filter(pk=own_profile.pk).update(contact_permission="signed_in")
    client.force_login(UserFactory())
    data = {"subject": "Hi", "message": "Hallo"}
    assert client.post(own_profile.url + "contact/", data).status_code == 302
    assert client.post(own_profile.url + "contact/", data).status_code == 429


def test_organisation_page_lists_its_people(client, own_profile, member_directory):
    organisation = OrganisationFactory(name="Gemeinde Beispielhausen", slug="beispielhausen")
    MemberPage.objects.filter(pk=own_profile.pk).update(organisation=organisation)
    response = client.get(member_directory.url + "organisation/beispielhausen/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "<h1>Gemeinde Beispielhausen</h1>" in html
    assert "Erika Beispiel" in html
    assert client.get(member_directory.url + "organisation/gibt-es-nicht/").status_code == 404


def test_member_uploads_a_photo_with_the_profile_change(client, own_profile, club_member):
    import io

    from django.core.files.uploadedfile import SimpleUploadedFile
    from PIL import Image as PILImage

    buffer = io.BytesIO()
    PILImage.new("RGB", (80, 80), (11, 79, 138)).save(buffer, format="PNG")
    upload = SimpleUploadedFile("portrait.png", buffer.getvalue(), content_type="image/png")
    client.force_login(club_member)
    response = client.post("/de/konto/profil/", {**profile_data(), "photo": upload})
    assert response.status_code == 302
    draft = MemberPage.objects.get(pk=own_profile.pk).get_latest_revision_as_object()
    assert draft.photo is not None and draft.photo.uploaded_by_user == club_member


def test_a_file_that_is_no_image_is_a_form_error(client, own_profile, club_member):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(club_member)
    upload = SimpleUploadedFile("portrait.png", b"not an image", content_type="image/png")
    response = client.post("/de/konto/profil/", {**profile_data(), "photo": upload})
    assert response.status_code == 200
    assert 'id="id_photo_error"' in response.content.decode()

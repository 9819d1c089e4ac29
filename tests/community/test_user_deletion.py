"""However an account is deleted (Wagtail's user admin, a Django admin, ``user.delete()``, a
queryset's ``delete()``, "delete my account"), the same clean-up runs once: comments
anonymised, the profile with its translations, drafts, revisions and photos deleted,
registrations cancelled so the waitlist moves up, the outbox rid of the person's address."""

import io
import json

import pytest
from allauth.account.models import EmailAddress
from django.contrib import admin as django_admin
from django.contrib.admin.models import DELETION, LogEntry
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import path
from PIL import Image as PILImage
from wagtail import hooks
from wagtail.images import get_image_model
from wagtail.log_actions import log
from wagtail.models import ModelLogEntry, PageLogEntry, Revision, WorkflowState
from wagtail_factories import ImageFactory

import portal.urls
from blog.comments import post_comment
from blog.models import BlogPageAuthor, PortalComment
from community.accounts import delete_account, delete_profile_of
from community.models import MemberPage
from community.profiles import save_profile
from events.models import Registration
from events.registration import register_member
from portal.membership import grant_membership
from portal.models import OutgoingEmail
from tests.conftest import refreshed
from tests.factories import (
    BlogIndexPageFactory,
    BlogPageFactory,
    EventIndexPageFactory,
    EventPageFactory,
    MemberPageFactory,
    PersonFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

User = get_user_model()

NAME = "Henrike Austrittsfeld"
EMAIL = "henrike.austritt@example.org"
SECOND_EMAIL = "h.austritt@example.net"
LIVE_BIO = "Henrike leitet das Bürgerbüro in Beispielhausen."
DRAFT_BIO = "Entwurf: Henrike wechselt im Frühjahr nach Musterstadt."
PASSWORD = "correct-horse-battery"

# The portal's Django admin has no user screen; a stock ModelAdmin on a site of its own shows
# that a Django admin deleting users (one or with "delete selected") runs the clean-up too.
user_admin_site = django_admin.AdminSite(name="user_deletion_admin")
user_admin_site.register(User)
urlpatterns = [path("user-admin/", user_admin_site.urls), *portal.urls.urlpatterns]


def png(name="portrait.png"):
    buffer = io.BytesIO()
    PILImage.new("RGB", (60, 60), (11, 79, 138)).save(buffer, format="PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


@pytest.fixture
def media_on_disk(settings, tmp_path):
    """Files on disk, as in production: Wagtail deletes image files through a task that
    rebuilds the storage from its settings (an in-memory storage would be a new, empty one)."""
    settings.MEDIA_ROOT = str(tmp_path)
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path)},
        },
    }


@pytest.fixture
def english_directory(member_directory, home_en):
    page = member_directory.copy_for_translation(home_en.locale)
    page.slug = "members"
    page.save_revision().publish()
    return page


@pytest.fixture
def leaving(db):
    """A member about to be deleted: two addresses, a name on comments."""
    first, last = NAME.split()
    user = UserFactory(email=EMAIL, first_name=first, last_name=last, password=PASSWORD)
    EmailAddress.objects.create(user=user, email=EMAIL, verified=True, primary=True)
    EmailAddress.objects.create(user=user, email=SECOND_EMAIL, verified=True, primary=False)
    grant_membership(user)
    return user


@pytest.fixture
def profile(leaving, member_directory, english_directory, media_on_disk):
    """The member's live profile with a photo, its English translation, and a change with
    a new photo waiting for approval (a draft revision in the moderation workflow)."""
    first, last = NAME.split()
    page = MemberPageFactory(
        parent=refreshed(member_directory),
        user=leaving,
        owner=leaving,
        first_name=first,
        last_name=last,
        title=NAME,
        bio=LIVE_BIO,
        public_phone="0611 123456",
        photo=ImageFactory(title=NAME, uploaded_by_user=leaving),
    )
    page.save_revision(user=leaving).publish()
    translation = page.copy_for_translation(english_directory.locale)
    translation.save_revision().publish()
    draft_photo = ImageFactory(title=f"{NAME} neu", uploaded_by_user=leaving)
    data = {"first_name": first, "last_name": last, "bio": DRAFT_BIO, "role": "Amtsleiterin"}
    save_profile(leaving, data, topics=[], photo=draft_photo)
    return MemberPage.objects.get(pk=page.pk)


@pytest.fixture
def article(home_de):
    index = BlogIndexPageFactory(parent=refreshed(home_de))
    return BlogPageFactory(parent=refreshed(index), title="Bürgerbüro digital", slug="buero")


@pytest.fixture
def small_event(home_de):
    index = EventIndexPageFactory(parent=refreshed(home_de))
    return EventPageFactory(parent=refreshed(index), capacity=1, title="Werkstatt Ehrenamt")


@pytest.fixture
def waiting(db):
    user = UserFactory(email="wartend@example.org")
    grant_membership(user)
    return user


@pytest.fixture
def leaving_member(leaving, profile, article, small_event, waiting):
    """Everything the portal holds about the leaving member, as the site would store it."""
    comments = [
        post_comment(article, text="Sehr hilfreicher Bericht.", language="de", user=leaving),
        # Written before signing up, with the same address (awaits confirmation).
        post_comment(
            article, text="Frage dazu.", language="de", name="Henrike A.", email=SECOND_EMAIL
        ),
    ]
    mine = register_member(small_event, leaving).registration
    theirs = register_member(small_event, waiting).registration
    assert (mine.status, theirs.status) == ("confirmed", "waitlisted")
    photo_ids = {profile.photo_id, profile.get_latest_revision_as_object().photo_id}
    images = list(get_image_model().objects.filter(pk__in=photo_ids))
    for image in images:
        image.get_rendition("fill-20x20")
    files = [image.file.name for image in images]
    files += [r.file.name for image in images for r in image.renditions.all()]
    assert len(images) == 2 and all(default_storage.exists(name) for name in files)
    assert any(EMAIL in email.to for email in OutgoingEmail.objects.all())  # confirmation
    translations = list(MemberPage.objects.filter(translation_key=profile.translation_key))
    assert len(translations) == 2
    assert DRAFT_BIO in json.dumps(profile.latest_revision.content, ensure_ascii=False)
    assert profile.current_workflow_state.status == WorkflowState.STATUS_IN_PROGRESS
    return {
        "user": leaving,
        "comments": comments,
        "profile_urls": [page.url for page in translations],
        "profile_ids": [page.pk for page in translations],
        "photo_ids": photo_ids,
        "files": files,
        "waiting_registration": theirs,
    }


# --- Every way of deleting an account ------------------------------------------------


def delete_in_wagtail_admin(client, user, admin_user, settings):
    user_id = user.pk
    client.force_login(admin_user)
    response = client.post(f"/admin/users/delete/{user.pk}/")
    assert response.status_code == 302, response
    deletion = ModelLogEntry.objects.get(action="wagtail.delete", object_id=str(user_id))
    assert deletion.label == "Gelöschtes Konto"  # logged, without the name


def delete_in_a_django_admin(client, user, admin_user, settings):
    user_id = user.pk
    settings.ROOT_URLCONF = __name__
    client.force_login(admin_user)
    url = f"/user-admin/community/user/{user.pk}/delete/"
    assert NAME in client.get(url).content.decode()  # the stock confirmation page
    response = client.post(url, {"post": "yes"})
    assert response.status_code == 302, response
    deletion = LogEntry.objects.get(action_flag=DELETION, object_id=str(user_id))
    assert deletion.object_repr == "Gelöschtes Konto"  # logged, without the name
    settings.ROOT_URLCONF = "portal.urls"


def delete_the_instance(client, user, admin_user, settings):
    User.objects.get(pk=user.pk).delete()


def delete_with_a_queryset(client, user, admin_user, settings):
    User.objects.filter(email__in=[user.email, "nobody@example.org"]).delete()


def delete_my_account(client, user, admin_user, settings):
    client.force_login(user)
    response = client.post("/de/konto/loeschen/", {"password": PASSWORD})
    assert response.status_code == 302


@pytest.mark.parametrize(
    "delete",
    [
        delete_in_wagtail_admin,
        delete_in_a_django_admin,
        delete_the_instance,
        delete_with_a_queryset,
        delete_my_account,
    ],
)
def test_every_way_of_deleting_an_account_removes_the_persons_data(
    delete,
    leaving_member,
    client,
    admin_user,
    settings,
    django_capture_on_commit_callbacks,
):
    settings.PAGE_CACHE_ENABLED = True
    data = leaving_member
    user = data["user"]
    user_id = user.pk
    article_url = refreshed(PortalComment.objects.first().content_object).url
    reader = Client()
    assert NAME in reader.get(article_url).content.decode()  # now in the page cache
    for url in data["profile_urls"]:
        assert reader.get(url).status_code == 200
    calls = []

    with (
        hooks.register_temporarily("portal_before_delete_user", lambda u: calls.append(u.pk)),
        django_capture_on_commit_callbacks(execute=True),
    ):
        delete(client, user, admin_user, settings)

    assert not User.objects.filter(pk=user_id).exists()
    assert calls == [user_id]  # every hook ran, and once
    # Comments: the thread stays readable, the person is gone from page and rows.
    html = reader.get(article_url).content.decode()
    assert "Sehr hilfreicher Bericht." in html and NAME not in html
    for comment in PortalComment.objects.filter(pk__in=[c.pk for c in data["comments"]]):
        assert (comment.user_id, comment.user_name, comment.user_email) == (None, "", "")
    # The profile: gone in both languages, with every draft and revision, photo and file.
    for url in data["profile_urls"]:
        assert reader.get(url).status_code == 404
    assert not MemberPage.objects.filter(pk__in=data["profile_ids"]).exists()
    revisions = [json.dumps(r.content, ensure_ascii=False) for r in Revision.objects.all()]
    assert not any(LIVE_BIO in content or DRAFT_BIO in content for content in revisions)
    assert not WorkflowState.objects.filter(
        base_content_type__model="page", object_id__in=[str(pk) for pk in data["profile_ids"]]
    ).exists()
    # The admins' history keeps its entries (who deleted whom, when) without the name.
    assert not PageLogEntry.objects.filter(label__contains="Austrittsfeld").exists()
    assert not ModelLogEntry.objects.filter(label__contains="Austrittsfeld").exists()
    assert not LogEntry.objects.filter(object_repr__contains="Austrittsfeld").exists()
    assert not get_image_model().objects.filter(pk__in=data["photo_ids"]).exists()
    assert not any(default_storage.exists(name) for name in data["files"])
    # Events: the seat went to the waitlist, whose person was told.
    waiting = Registration.objects.get(pk=data["waiting_registration"].pk)
    assert waiting.status == Registration.Status.CONFIRMED
    assert [message.subject for message in mail.outbox if waiting.email in message.to] == [
        "Ein Platz ist frei: Sie sind angemeldet für Werkstatt Ehrenamt"
    ]
    # The outbox: nothing for the deleted addresses is kept or sent.
    for email in OutgoingEmail.objects.all():
        assert EMAIL not in email.to and SECOND_EMAIL not in email.to
    assert not [m for m in mail.outbox if EMAIL in m.to or SECOND_EMAIL in m.to]


def test_deleting_several_accounts_at_once_cleans_up_each_once(member_directory):
    first, second = UserFactory(), UserFactory()
    for user in (first, second):
        MemberPageFactory(parent=refreshed(member_directory), user=user, bio=f"Bio {user.pk}")
    calls = []
    with hooks.register_temporarily("portal_before_delete_user", lambda u: calls.append(u.pk)):
        User.objects.filter(pk__in=[first.pk, second.pk]).delete()
    assert sorted(calls) == sorted([first.pk, second.pk])
    assert not MemberPage.objects.exists()


def test_deleting_an_account_that_is_gone_already_does_nothing(leaving):
    stale = User.objects.get(pk=leaving.pk)
    delete_account(leaving)
    delete_account(stale)  # a second click
    assert not User.objects.filter(pk=leaving.pk).exists()


# --- The profile -----------------------------------------------------------------------


def test_articles_and_sessions_of_a_deleted_member_stay_without_them(
    client, admin_user, profile, article, small_event
):
    from events.models import SessionSpeaker
    from tests.factories import SessionFactory

    guest = PersonFactory(name="Gerd Gastautor")
    article.authors.create(member=profile)
    article.authors.create(person=guest)
    article.save_revision().publish()
    session = SessionFactory(page=small_event)
    SessionSpeaker.objects.create(session=session, member=profile)
    small_event.save_revision().publish()

    profile.user.delete()

    html = client.get(refreshed(article).url).content.decode()
    assert "Gerd Gastautor" in html and NAME not in html
    assert list(BlogPageAuthor.objects.values_list("person__name", flat=True)) == ["Gerd Gastautor"]
    assert not SessionSpeaker.objects.exists()
    assert client.get(refreshed(small_event).url).status_code == 200
    # Editors can still open the article: its revision drops the missing author.
    client.force_login(admin_user)
    response = client.get(f"/admin/pages/{article.pk}/edit/")
    assert response.status_code == 200
    assert [
        a.person_id for a in refreshed(article).get_latest_revision_as_object().authors.all()
    ] == [guest.pk]


def test_a_photo_used_elsewhere_is_kept(profile, article):
    article.lead_image = profile.photo
    article.save_revision().publish()
    photo_id = profile.photo_id

    delete_profile_of(profile.user)

    assert get_image_model().objects.filter(pk=photo_id).exists()
    assert not MemberPage.objects.filter(pk=profile.pk).exists()


def test_translation_sources_and_their_texts_go_with_the_profile(profile, locale_en):
    from wagtail_localize.models import String, TranslatableObject, TranslationSource

    source, _created = TranslationSource.get_or_create_from_instance(profile)
    assert String.objects.filter(data=LIVE_BIO).exists()

    delete_profile_of(profile.user)

    assert not TranslatableObject.objects.filter(translation_key=profile.translation_key).exists()
    assert not TranslationSource.objects.filter(pk=source.pk).exists()
    assert not String.objects.filter(data__in=[LIVE_BIO, DRAFT_BIO, NAME]).exists()


def test_history_keeps_what_happened_but_not_the_name(profile, admin_user):
    user = profile.user
    user_id = user.pk
    log(instance=user, action="wagtail.edit", user=admin_user)
    profile_ids = list(
        MemberPage.objects.filter(translation_key=profile.translation_key).values_list(
            "pk", flat=True
        )
    )
    assert PageLogEntry.objects.filter(page_id__in=profile_ids, label=NAME).exists()

    user.delete()

    entries = PageLogEntry.objects.filter(page_id__in=profile_ids)
    assert {"wagtail.publish", "wagtail.delete"} <= set(entries.values_list("action", flat=True))
    assert set(entries.values_list("label", flat=True)) == {"Gelöschtes Mitgliederprofil"}
    account_entry = ModelLogEntry.objects.get(object_id=str(user_id), action="wagtail.edit")
    assert account_entry.label == "Gelöschtes Konto"


def test_the_admin_avatar_file_is_deleted(
    leaving, media_on_disk, django_capture_on_commit_callbacks
):
    from wagtail.users.models import UserProfile

    profile = UserProfile.get_for_user(leaving)
    profile.avatar = png("avatar.png")
    profile.save()
    name = profile.avatar.name
    assert default_storage.exists(name)

    with django_capture_on_commit_callbacks(execute=True):
        leaving.delete()

    assert not default_storage.exists(name)

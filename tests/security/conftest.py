"""A small portal with one person per role and something private of each kind, each marked
with a unique string (``tests/security/roles.py``), for the permission table and the crawl.

What people do on the site is done the way they do it: the guest's comments are posted
through the comment form and one is confirmed through the link in its e-mail, the member's
pending profile change and photo come through the profile form. What editors do in the admin
is created with the models, as the admin stores it. Uploads are files on disk under a
``MEDIA_ROOT`` of the test, as in production, so that ``/media/`` serves what it would serve
there. The page cache is on.
"""

import io
import re
from dataclasses import dataclass, field
from pathlib import PurePosixPath

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth.models import Group
from django.core import mail
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone
from PIL import Image as PillowImage
from wagtail.documents import get_document_model
from wagtail.models import Collection, CollectionViewRestriction, PageViewRestriction

from blog.models import BlogPage, BlogPageAuthor, PortalComment
from community.models import (
    ContactRequest,
    MemberPage,
    MembershipApplication,
    PartnerRole,
    ProjectPage,
    ProjectPartner,
    SolutionPage,
)
from community.moderation import submit_for_moderation
from events.models import EventPage, Registration
from home.models import StandardPage
from portal.membership import grant_membership, members_group
from subscriptions.models import NewsletterIssue, Subscription
from tests.conftest import refreshed
from tests.factories import (
    BlogIndexPageFactory,
    BlogPageFactory,
    EventIndexPageFactory,
    EventPageFactory,
    MemberIndexPageFactory,
    MemberPageFactory,
    OrganisationFactory,
    ProjectIndexPageFactory,
    ProjectPageFactory,
    SolutionIndexPageFactory,
    SolutionPageFactory,
    StandardPageFactory,
    UserFactory,
)
from tests.library.factories import LibraryIndexPageFactory, ResourcePageFactory
from tests.security.roles import MARKERS


@dataclass
class World:
    """The accounts (``users``), one test client per role (``clients``) and the objects,
    reachable as attributes (``world.article``)."""

    users: dict = field(default_factory=dict)
    clients: dict = field(default_factory=dict)
    objects: dict = field(default_factory=dict)

    def __getattr__(self, name):
        try:
            return self.__dict__["objects"][name]
        except KeyError as error:
            raise AttributeError(name) from error

    def client(self, role):
        return self.clients[role]


def png_bytes(color=(200, 30, 30)):
    buffer = io.BytesIO()
    PillowImage.new("RGB", (40, 40), color).save(buffer, "PNG")
    return buffer.getvalue()


def account(email, first_name, last_name, **extra):
    """A registered person who can sign in (verified address)."""
    user = UserFactory(email=email, first_name=first_name, last_name=last_name, **extra)
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    return user


def signed_in_client(user):
    client = Client()
    client.force_login(user)
    return client


def restricted_collection(name, kind, groups=()):
    collection = Collection.get_first_root_node().add_child(name=name)
    restriction = CollectionViewRestriction.objects.create(
        collection=collection, restriction_type=kind
    )
    restriction.groups.set(groups)
    return collection


def document(title, collection, filename, text):
    doc = get_document_model()(title=title, collection=collection)
    doc.file.save(filename, ContentFile(text.encode()), save=False)
    doc.save()
    return doc


def mail_link(pattern):
    """The newest link matching ``pattern`` in the e-mails sent so far."""
    for message in reversed(mail.outbox):
        found = re.search(pattern, message.body)
        if found:
            return found.group(0)
    raise AssertionError(f"no e-mail with a link like {pattern!r}")


def published(page):
    page.save_revision().publish()
    return refreshed(page)


@pytest.fixture
def files_on_disk(settings, tmp_path):
    """Uploads on the file system, as in production (the test settings keep them in memory,
    where ``/media/`` could never find them)."""
    media_root = tmp_path / "media"
    settings.MEDIA_ROOT = str(media_root)
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(media_root)},
        },
    }
    return media_root


@pytest.fixture
def page_cache_on(settings):
    """The page cache as in production (here on local memory; ``tests/portal/
    test_page_cache.py`` shows that Redis behaves the same)."""
    settings.PAGE_CACHE_ENABLED = True
    # Room for every entry, so that what the tests look for in the cache is never culled.
    settings.CACHES = {
        "default": {**settings.CACHES["default"], "OPTIONS": {"MAX_ENTRIES": 1_000_000}}
    }
    # Several roles post from one address here; the rate limits have tests of their own.
    settings.BLOG_COMMENT_RATE = "1000/m"
    settings.EVENTS_GUEST_REGISTRATION_RATE = "1000/m"
    settings.EVENTS_MEMBER_REGISTRATION_RATE = "1000/m"
    settings.COMMUNITY_CONTACT_RATE = "1000/m"


@pytest.fixture
def world(
    site,
    home_de,
    home_en,
    locale_en,
    files_on_disk,
    page_cache_on,
    django_capture_on_commit_callbacks,
):
    w = World()
    m = MARKERS
    members = members_group()

    # --- People -------------------------------------------------------------------------
    admin = account(m["admin_email"], *m["admin_name"].split(), is_staff=True, is_superuser=True)
    moderator = account(m["moderator_email"], *m["moderator_name"].split())
    moderator.groups.add(Group.objects.get(name="Moderators"))  # created by Wagtail
    editor = account(m["editor_email"], *m["editor_name"].split())
    editor.groups.add(Group.objects.get(name="Editors"))
    provider = account(m["provider_email"], "Paula", "Anbieterin")
    member = account(m["member_email"], "Mira", "Mitglied")
    grant_membership(member)
    non_member = account(m["non_member_email"], *m["non_member_name"].split())
    other_member = account(m["other_member_email"], "Otto", "Andermitglied")
    grant_membership(other_member)
    # A member without a public profile who agreed to be on an event's participant list.
    participant = account(m["participant_email"], *m["participant_name"].split())
    grant_membership(participant)
    # An account without a name (created in the admin or with createsuperuser).
    nameless = account(m["nameless_email"], "", "")
    w.users = {
        "administrator": admin,
        "moderator": moderator,
        "editor": editor,
        "provider": provider,
        "member": member,
        "non_member": non_member,
    }

    # --- Pages ----------------------------------------------------------------------------
    blog_index = published(BlogIndexPageFactory(parent=refreshed(home_de)))
    article = published(
        BlogPageFactory(
            parent=refreshed(blog_index),
            title="Zq7 Werkstattbericht",
            slug="werkstattbericht",
            body=[("paragraph", f"<p>{m['article_text']}</p>")],
        )
    )

    members_only = published(
        StandardPageFactory(
            parent=refreshed(home_de),
            title=m["members_only_title"],
            slug="mitgliederbereich",
            intro=m["members_only_text"],
        )
    )
    restriction = PageViewRestriction.objects.create(
        page=members_only, restriction_type=PageViewRestriction.GROUPS
    )
    restriction.groups.set([members])

    draft = StandardPageFactory(
        parent=refreshed(home_de),
        title=m["draft_title"],
        slug="entwurf",
        intro=m["draft_text"],
        live=False,
    )
    draft.save_revision()
    # A live page with a newer draft: the draft's text stays in the admin.
    public_page = published(
        StandardPageFactory(
            parent=refreshed(home_de),
            title="Zq7 Ueber uns",
            slug="ueber-uns",
            intro="Wer wir sind.",
        )
    )
    public_page = StandardPage.objects.get(pk=public_page.pk)
    public_page.intro = m["draft_text"]
    public_page.save_revision()

    # --- Organisation, profiles, marketplace, projects ------------------------------------
    organisation = OrganisationFactory(
        name="Zq7 Anbieter GmbH",
        slug="zq7-anbieter",
        organisation_type="loesungsanbieter",
        contact_email=m["organisation_contact_email"],
    )
    organisation.representatives.add(provider)

    directory = published(MemberIndexPageFactory(parent=refreshed(home_de)))
    profile = published(
        MemberPageFactory(
            parent=refreshed(directory),
            user=member,
            first_name="Mira",
            last_name="Mitglied",
            slug="mira-mitglied",
            bio=m["profile_live_text"],
            organisation=organisation,
        )
    )
    other_profile = published(
        MemberPageFactory(
            parent=refreshed(directory),
            user=other_member,
            first_name="Otto",
            last_name="Andermitglied",
            slug="otto-andermitglied",
            organisation=organisation,
            contact_permission=MemberPage.ContactPermission.MEMBERS,
        )
    )
    # The member wrote the article (a blog author is a member profile).
    BlogPageAuthor.objects.create(page=article, member=profile, sort_order=0)
    article = published(BlogPage.objects.get(pk=article.pk))

    marketplace = published(SolutionIndexPageFactory(parent=refreshed(home_de)))
    solution = published(
        SolutionPageFactory(
            parent=refreshed(marketplace),
            title="Zq7 Parkraumsensorik",
            slug="parkraumsensorik",
            teaser=m["solution_text"],
            provider=organisation,
            contact_name="Paula Anbieterin",
            contact_email=m["solution_contact_email"],
        )
    )
    # The representative's change waits for approval.
    solution_draft = SolutionPage.objects.get(pk=solution.pk)
    solution_draft.teaser = m["solution_draft_text"]
    submit_for_moderation(solution_draft, provider)

    project_index = published(ProjectIndexPageFactory(parent=refreshed(home_de)))
    project = ProjectPageFactory(
        parent=refreshed(project_index), title="Zq7 Smarte Parkplaetze", slug="smarte-parkplaetze"
    )
    ProjectPartner.objects.create(
        project=project, organisation=organisation, role=PartnerRole.INNOVATOR
    )
    project = published(ProjectPage.objects.get(pk=project.pk))

    # English translations, so that the sitemap has both languages.
    blog_index_en = blog_index.copy_for_translation(locale_en)
    blog_index_en.title, blog_index_en.slug = "News", "news"
    blog_index_en = published(blog_index_en)
    article_en = article.copy_for_translation(locale_en)
    article_en.title = "Zq7 Workshop report"
    article_en = published(article_en)

    # --- Events ---------------------------------------------------------------------------
    event_index = published(EventIndexPageFactory(parent=refreshed(home_de)))
    forum = published(
        EventPageFactory(
            parent=refreshed(event_index),
            title="Zq7 Deutschlandforum",
            slug="deutschlandforum",
            audience=EventPage.Audience.MEMBERS,
            publish_participant_list=True,
        )
    )
    open_workshop = published(
        EventPageFactory(
            parent=refreshed(event_index),
            title="Zq7 Offene Werkstatt",
            slug="offene-werkstatt",
            audience=EventPage.Audience.PUBLIC,
        )
    )
    # --- Documents ------------------------------------------------------------------------
    login_collection = restricted_collection("Zq7 Intern", CollectionViewRestriction.LOGIN)
    members_collection = restricted_collection(
        "Zq7 Mitglieder", CollectionViewRestriction.GROUPS, [members]
    )
    login_document = document(
        "Zq7 Protokoll intern", login_collection, "protokoll-intern.txt", m["login_document_text"]
    )
    members_document = document(
        m["members_document_title"],
        members_collection,
        "haushalt-mitglieder.txt",
        m["members_document_text"],
    )

    # A members-only library resource whose slides sit in the open root collection: the
    # file is as private as the page that shows it (portal.document_privacy).
    library = published(LibraryIndexPageFactory(parent=refreshed(home_de)))
    library_file = document(
        m["library_file_title"],
        Collection.get_first_root_node(),
        "klausur-folien.txt",
        m["library_file_text"],
    )
    resource = published(
        ResourcePageFactory(
            parent=refreshed(library),
            title="Zq7 Klausur des Lenkungskreises",
            resource_type="folien",
            document=library_file,
        )
    )
    resource_restriction = PageViewRestriction.objects.create(
        page=resource, restriction_type=PageViewRestriction.GROUPS
    )
    resource_restriction.groups.set([members])

    # --- Applications and contact requests (as the site stores them) ----------------------
    application = MembershipApplication.objects.create(
        user=non_member, organisation="Stadt Zq7", role="Kaemmerin", reason=m["application_reason"]
    )
    contact_request = ContactRequest.objects.create(
        sender=member, member=other_profile, subject="Zq7 Austausch", message=m["contact_message"]
    )

    # --- One client per role; what people do on the site goes through its forms ----------
    for role, user in w.users.items():
        w.clients[role] = signed_in_client(user)
    w.clients["anonymous"] = Client()
    guest = w.clients["guest"] = Client()

    def send(client, path, data, expected=(302,)):
        """POST like a browser: deliver the after-commit e-mails, read the next page."""
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(path, data)
        assert response.status_code in expected, (path, response.status_code)
        if response.status_code == 302:
            client.get(response["Location"])
        return response

    send(
        w.clients["member"],
        forum.register_url,
        {"organisation": "Stadt Zq7", "notes": m["member_registration_notes"]},
    )
    send(
        signed_in_client(participant),
        forum.register_url,
        {
            "organisation": "Gemeinde Zq7",
            "notes": m["participant_registration_notes"],
            "show_in_participant_list": "on",
        },
    )
    send(
        Client(),
        open_workshop.register_url,
        {
            "name": "Greta Gastteilnehmerin",
            "email": m["guest_participant_email"],
            "notes": m["guest_registration_notes"],
        },
        expected=(200, 302),  # a page or a redirect saying what happens next
    )
    # Comments of accounts are published at once; one account has no name.
    comment_url = f"/de/kommentare/{article.pk}/"
    send(signed_in_client(nameless), comment_url, {"comment": "Zq7 Kommentar ohne Namen"})
    send(w.clients["member"], comment_url, {"comment": "Zq7 Kommentar des Mitglieds"})
    # The guest comments twice with name and e-mail and confirms the first comment.
    guest_comment = {"name": "Gerd Gast", "email": m["guest_email"]}
    send(guest, comment_url, {**guest_comment, "comment": m["comment_text"]})
    send(guest, mail_link(r"/de/kommentare/bestaetigen/[^/\s]+/"), {})
    send(guest, comment_url, {**guest_comment, "comment": m["unconfirmed_comment_text"]})
    published_comment = PortalComment.objects.get(comment=m["comment_text"])
    assert published_comment.status == PortalComment.Status.PUBLISHED
    unconfirmed_comment = PortalComment.objects.get(comment=m["unconfirmed_comment_text"])

    # The member changes the profile, with a new photo; the change waits for approval.
    send(
        w.clients["member"],
        "/de/konto/profil/",
        {
            "first_name": "Mira",
            "last_name": "Mitglied",
            "role": "Buergermeisterin",
            "state": "hessen",
            "bio": m["profile_draft_text"],
            "contact_permission": "members",
            "public_phone": "",
            "website": "",
            "photo": SimpleUploadedFile("zq7-neues-foto.png", png_bytes(), "image/png"),
        },
    )
    profile = MemberPage.objects.get(pk=profile.pk)
    pending_photo = profile.get_latest_revision_as_object().photo
    assert pending_photo is not None and profile.photo_id is None
    rendition = pending_photo.renditions.order_by("pk").first()
    stem = PurePosixPath(pending_photo.file.name).stem
    pending_rendition_url = rendition.url if rendition else f"/media/images/{stem}.max-240x120.png"

    # The newsletter: an issue not sent yet, and a reader who subscribes to it.
    Subscription.objects.create(
        email=m["newsletter_email"], language="de", newsletter=True, confirmed_at=timezone.now()
    )
    newsletter_issue = NewsletterIssue.objects.create(
        subject="Zq7 Neues aus dem Portal", language="de", introduction="<p>Guten Tag,</p>"
    )

    w.objects.update(
        home=refreshed(home_de),
        home_en=home_en,
        blog_index=blog_index,
        blog_index_en=blog_index_en,
        article=article,
        article_en=article_en,
        members_only=members_only,
        draft=draft,
        public_page=public_page,
        organisation=organisation,
        directory=directory,
        profile=profile,
        other_member=other_member,
        other_profile=other_profile,
        participant=participant,
        nameless=nameless,
        marketplace=marketplace,
        solution=SolutionPage.objects.get(pk=solution.pk),
        project_index=project_index,
        project=project,
        event_index=event_index,
        forum=forum,
        open_workshop=open_workshop,
        own_registration=Registration.objects.get(event=forum, user=member),
        participant_registration=Registration.objects.get(event=forum, user=participant),
        login_document=login_document,
        members_document=members_document,
        library_file=library_file,
        application=application,
        contact_request=contact_request,
        published_comment=published_comment,
        unconfirmed_comment=unconfirmed_comment,
        pending_photo=pending_photo,
        pending_rendition_url=pending_rendition_url,
        newsletter_issue=newsletter_issue,
    )
    return w

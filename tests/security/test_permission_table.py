"""The permission model as one table: every role × every object type and action, each cell
an HTTP request through the Django test client (admin URLs included) with the expected
answer. ``docs/security.md`` prints the same table (``markdown_table()``); a test fails when
the two differ. Regenerate the docs' copy with

    DJANGO_SETTINGS_MODULE=portal.settings.test .venv/bin/python -m \
        tests.security.test_permission_table --write-docs

The page cache is on, and each URL is requested by the roles in order of privilege (most
privileged first), so a response rendered for one reader and handed to the next by the cache
would show in the cells after it. Anonymous GETs are asked twice (the second answer comes
from the cache where the page is cacheable). The world the table runs against is built in
``tests/security/conftest.py``; its private data carry the markers of
``tests/security/roles.py``.
"""

import sys
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from tests.security.roles import MARKERS, PRIVATE_MARKERS, ROLE_HEADINGS, ROLES, SIGNED_IN_ROLES

DOCS = Path(__file__).resolve().parents[2] / "docs" / "security.md"
TABLE_START = (
    "<!-- permission-table:start (generated from tests/security/test_permission_table.py) -->"
)
TABLE_END = "<!-- permission-table:end -->"


# --- Answers ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Answer:
    """What one role gets: a status, for a redirect where it leads, and whether the row's
    checked text is in the body (``shows``: True must, False must not, None not asserted)."""

    token: str
    label: str
    status: int
    shows: bool | None = False
    location: str = ""

    def problems(self, response, body, checked, location_path):
        found = []
        if response.status_code != self.status:
            found.append(f"status {response.status_code}, expected {self.status}")
        if self.location:
            actual = urlsplit(response.get("Location", "")).path
            if actual != location_path:
                found.append(f"redirect to {actual!r}, expected {location_path!r}")
        if self.shows is True:
            found += [f"does not show {text!r}" for text in checked if text not in body]
        elif self.shows is False:
            found += [f"shows {text!r}" for text in checked if text in body]
        return found


BACK = "<the row's back address>"

ANSWERS = {
    "see": Answer("see", "✔", 200, shows=True),
    "ok": Answer("ok", "200", 200),
    "may": Answer("may", "(✔)", 200, shows=None),
    "login": Answer("login", "login", 302, location="/accounts/login/"),
    "admin-login": Answer("admin-login", "admin login", 302, location="/admin/login/"),
    "no-perm": Answer("no-perm", "no perm.", 302, location="/admin/"),
    "django-login": Answer("django-login", "login (Django)", 302, location="/django-admin/login/"),
    "done": Answer("done", "→ back", 302, location=BACK),
    "400": Answer("400", "400", 400),
    "403": Answer("403", "403", 403),
    "404": Answer("404", "404", 404),
}

LEGEND = {
    "✔": "200, and the checked text is in the answer",
    "200": "200, without the checked text",
    "(✔)": "200; the role may see the checked text (not asserted either way)",
    "login": "302 to the site's sign-in page (`/accounts/login/`), nothing shown",
    "admin login": "302 to the admin's sign-in page (`/admin/login/`)",
    "no perm.": "302 to the admin's dashboard with Wagtail's “no permission” message",
    "login (Django)": "302 to the Django admin's sign-in page",
    "→ back": "302 back to the page the form belongs to (the action was carried out)",
    "→ …": "302 to the address named",
    "400, 403, 404": "that status; the checked text is never in such an answer",
}


def answer(token):
    if token.startswith("to:"):
        return Answer(token, f"→ `{token[3:]}`", 302, location=token[3:])
    return ANSWERS[token]


# --- Rows ---------------------------------------------------------------------------------

# Texts a row checks besides the markers: {role} is replaced by the role's name.
PHRASES = {
    "already_registered": "Sie sind bereits angemeldet",
    "already_waiting": "bereits auf der Warteliste",
    "redirect_address": "umleitung.{role}@zq7.example.org",
    "own_registration": "Sie sind für diese Veranstaltung angemeldet",
    "own_cancel_button": "Anmeldung für „Zq7 Deutschlandforum“ stornieren",
}

LABELS = {
    "article_text": "article text",
    "comment_text": "published guest comment",
    "unconfirmed_comment_text": "unconfirmed guest comment",
    "guest_email": "guest commenter's e-mail",
    "newsletter_email": "a newsletter subscriber's e-mail",
    "members_only_text": "members-only text",
    "members_only_title": "members-only title",
    "draft_text": "draft text",
    "draft_title": "draft title",
    "profile_live_text": "live profile text",
    "profile_draft_text": "pending profile text",
    "member_email": "member's e-mail",
    "other_member_email": "other member's e-mail",
    "non_member_name": "a non-member's name (account chooser)",
    "nameless_email": "e-mail of an account without a name",
    "solution_text": "solution text",
    "solution_draft_text": "pending solution text",
    "solution_contact_email": "solution's contact e-mail",
    "organisation_contact_email": "organisation's contact e-mail",
    "provider_email": "representative's e-mail",
    "participant_name": "a participant's name",
    "participant_email": "a participant's e-mail",
    "member_registration_notes": "the member's registration notes",
    "participant_registration_notes": "another participant's notes",
    "guest_participant_email": "a guest participant's e-mail",
    "guest_registration_notes": "a guest participant's notes",
    "already_registered": "“bereits angemeldet”",
    "already_waiting": "“bereits auf der Warteliste”",
    "login_document_text": "document content",
    "members_document_text": "document content",
    "members_document_title": "members' document title",
    "library_file_text": "file content",
    "library_file_title": "file's title",
    "application_reason": "application's reason",
    "contact_message": "relayed message",
    "redirect_address": "the address the role set",
    "own_registration": "“Sie sind … angemeldet”",
    "own_cancel_button": "own registration with its cancel button",
}


@dataclass(frozen=True)
class Row:
    """One object type and action. ``request`` is "METHOD /path" with ``{placeholders}``
    filled from the world (``{article.url}``); ``answers`` has one token per role in the
    order of ``ROLES``; ``checks`` are the texts the answers speak of (``see``: shown),
    ``never`` texts nobody may get here. A POST sends ``POST_DATA[data]``; ``then`` is a
    request made right after it whose answer the cells describe; ``follow`` follows
    redirects."""

    subject: str
    action: str
    request: str
    answers: str
    checks: tuple = ()
    never: tuple = ()
    data: str = ""
    then: str = ""
    back: str = ""
    follow: bool = False

    @property
    def method(self):
        return self.request.split()[0]

    @property
    def path(self):
        return self.request.split()[1]

    @property
    def cells(self):
        return tuple(answer(token) for token in self.answers.split())


ADMIN_ONLY = "{} no-perm no-perm admin-login admin-login admin-login admin-login admin-login"
PUBLISHERS = "{0} {0} no-perm admin-login admin-login admin-login admin-login admin-login"
STAFF = "{0} {0} {0} admin-login admin-login admin-login admin-login admin-login"
EVERYONE = " ".join(["{0}"] * 8)
SIGNED_IN = "{0} {0} {0} {0} {0} {0} login login"

TABLE = (
    # --- A public article --------------------------------------------------------------
    Row(
        "public article",
        "view (with comments)",
        "GET {article.url}",
        EVERYONE.format("see"),
        checks=("article_text", "comment_text"),
        never=("guest_email", "unconfirmed_comment_text", "member_email", "nameless_email"),
    ),
    Row(
        "public article",
        "create (admin)",
        "GET /admin/pages/add/blog/blogpage/{blog_index.pk}/",
        STAFF.format("ok"),
    ),
    Row(
        "public article",
        "edit (admin)",
        "GET /admin/pages/{article.pk}/edit/",
        STAFF.format("see"),
        checks=("article_text",),
    ),
    Row(
        "public article",
        "delete (admin)",
        "GET /admin/pages/{article.pk}/delete/",
        PUBLISHERS.format("ok"),
    ),
    # --- A members-only page (Wagtail privacy: group "Mitglieder") ------------------------
    Row(
        "members-only page",
        "view",
        "GET {members_only.url}",
        "see 403 403 403 see 403 login login",
        checks=("members_only_text",),
    ),
    Row(
        "members-only page",
        "search results",
        "GET /de/suche/?q=Haushaltsentwurf",
        "see ok ok ok see ok ok ok",
        checks=("members_only_title",),
    ),
    Row(
        "members-only page",
        "autocomplete",
        "GET /de/suche/autocomplete/?q=Zq7Mitgliederpro",
        "see ok ok ok see ok ok ok",
        checks=("members_only_title",),
    ),
    Row(
        "members-only page",
        "edit (admin)",
        "GET /admin/pages/{members_only.pk}/edit/",
        STAFF.format("see"),
        checks=("members_only_text",),
    ),
    Row(
        "members-only page",
        "change privacy (admin)",
        "GET /admin/pages/{members_only.pk}/privacy/",
        PUBLISHERS.format("ok"),
    ),
    # --- Unpublished drafts --------------------------------------------------------------
    Row(
        "unpublished page",
        "view",
        "GET /de/entwurf/",
        EVERYONE.format("404"),
        checks=("draft_text", "draft_title"),
    ),
    Row(
        "unpublished page",
        "preview (admin)",
        "GET /admin/pages/{draft.pk}/view_draft/",
        STAFF.format("see"),
        checks=("draft_text",),
    ),
    Row(
        "unpublished page",
        "search results",
        "GET /de/suche/?q=unveroeffentlichter",
        EVERYONE.format("ok"),
        checks=("draft_text", "draft_title"),
    ),
    Row(
        "unpublished page",
        "autocomplete",
        "GET /de/suche/autocomplete/?q=Zq7Entwurf",
        EVERYONE.format("ok"),
        checks=("draft_title",),
    ),
    Row(
        "live page with a newer draft",
        "view",
        "GET {public_page.url}",
        EVERYONE.format("ok"),
        checks=("draft_text",),
    ),
    # --- Comments ------------------------------------------------------------------------
    Row(
        "comment",
        "create (name + e-mail, or as account)",
        "POST /de/kommentare/{article.pk}/",
        EVERYONE.format("done"),
        data="comment",
        back="{article.url}",
    ),
    Row(
        "comment",
        "list (admin moderation)",
        "GET /admin/blog_comments/",
        ADMIN_ONLY.format("see"),
        checks=("unconfirmed_comment_text",),
    ),
    Row(
        "comment",
        "inspect with author's e-mail (admin)",
        "GET /admin/blog_comments/inspect/{published_comment.pk}/",
        ADMIN_ONLY.format("see"),
        checks=("guest_email",),
    ),
    Row(
        "comment",
        "export (admin, without addresses)",
        "GET /admin/blog_comments/?export=csv",
        ADMIN_ONLY.format("ok"),
        checks=("guest_email",),
    ),
    Row(
        "comment",
        "remove (admin)",
        "GET /admin/blog_comments/remove/{published_comment.pk}/",
        ADMIN_ONLY.format("ok"),
    ),
    # --- Member profiles -----------------------------------------------------------------
    Row(
        "member profile",
        "view the live version",
        "GET {profile.url}",
        EVERYONE.format("see"),
        checks=("profile_live_text",),
        never=("profile_draft_text", "member_email"),
    ),
    Row(
        "member profile",
        "view the pending change (own form)",
        "GET /de/konto/profil/",
        " ".join(["to:/de/konto/mitgliedschaft/"] * 4)
        + " see to:/de/konto/mitgliedschaft/ login login",
        checks=("profile_draft_text",),
    ),
    Row(
        "member profile",
        "preview the pending change (admin)",
        "GET /admin/pages/{profile.pk}/view_draft/",
        STAFF.format("see"),
        checks=("profile_draft_text",),
    ),
    Row(
        "member profile",
        "edit (admin; account chooser)",
        "GET /admin/pages/{profile.pk}/edit/",
        "may may ok admin-login admin-login admin-login admin-login admin-login",
        checks=("non_member_name",),
        never=("nameless_email",),
    ),
    Row(
        "member profile",
        "edit on the site",
        "GET {profile.url}edit/",
        "403 403 403 403 to:/de/konto/profil/ 403 login login",
    ),
    Row(
        "member profile",
        "delete (admin)",
        "GET /admin/pages/{profile.pk}/delete/",
        PUBLISHERS.format("ok"),
    ),
    Row(
        "member profile",
        "contact another member (form)",
        "GET {other_profile.url}contact/",
        "403 403 403 403 ok 403 login login",
        never=("other_member_email",),
    ),
    Row(
        "member profile",
        "contact another member (send)",
        "POST {other_profile.url}contact/",
        "403 403 403 403 done 403 login login",
        data="contact",
        back="{other_profile.url}",
    ),
    Row(
        "member profile",
        "pending photo at /media/ (original)",
        "GET /media/{pending_photo.file.name}",
        EVERYONE.format("404"),
    ),
    Row(
        "member profile",
        "pending photo at /media/ (rendition)",
        "GET {pending_rendition_url}",
        EVERYONE.format("404"),
    ),
    # --- Solutions -----------------------------------------------------------------------
    Row(
        "solution",
        "view",
        "GET {solution.url}",
        EVERYONE.format("see"),
        checks=("solution_text",),
        never=(
            "solution_contact_email",
            "organisation_contact_email",
            "provider_email",
            "solution_draft_text",
        ),
    ),
    Row(
        "solution",
        "contact the provider (form)",
        "GET {solution.url}contact/",
        "403 403 403 403 ok 403 login login",
        never=("solution_contact_email", "organisation_contact_email"),
    ),
    Row(
        "solution",
        "edit on the site (with contact e-mail)",
        "GET /de/konto/loesungen/{solution.pk}/",
        "403 403 403 see 403 403 login login",
        checks=("solution_contact_email",),
    ),
    Row(
        "solution",
        "propose on the site",
        "GET /de/konto/loesungen/neu/",
        "403 403 403 ok 403 403 login login",
    ),
    Row(
        "solution",
        "edit (admin; pending change)",
        "GET /admin/pages/{solution.pk}/edit/",
        STAFF.format("see"),
        checks=("solution_draft_text",),
    ),
    # --- Events and registrations --------------------------------------------------------
    Row(
        "event registration",
        "participant list on the event page",
        "GET {forum.url}",
        "ok ok ok ok see ok ok ok",
        checks=("participant_name",),
        never=(
            "member_registration_notes",
            "participant_registration_notes",
            "participant_email",
            "member_email",
        ),
    ),
    Row(
        "event registration",
        "own registration on the event page",
        "GET {forum.url}",
        "ok ok ok ok see ok ok ok",
        checks=("own_registration",),
    ),
    Row(
        "event registration",
        "a guest's registration on the public event page",
        "GET {open_workshop.url}",
        EVERYONE.format("ok"),
        checks=("guest_participant_email", "guest_registration_notes"),
    ),
    Row(
        "event registration",
        "register (members-only event)",
        "POST {forum.url}register/",
        "403 403 403 403 done 403 403 403",
        data="registration",
        back="{forum.url}",
    ),
    Row(
        "event registration",
        "register with an address already registered",
        "POST {open_workshop.url}register/",
        EVERYONE.format("ok"),
        checks=("already_registered", "already_waiting"),
        data="guest_registration",
        follow=True,
    ),
    Row(
        "event registration",
        "cancel someone else's (without the link)",
        "GET {forum.url}cancel/zq7-not-a-token/",
        EVERYONE.format("400"),
    ),
    Row(
        "event registration",
        "list (admin)",
        "GET /admin/events/registrations/",
        ADMIN_ONLY.format("see"),
        checks=("participant_name",),
    ),
    Row(
        "event registration",
        "inspect someone else's (admin)",
        "GET /admin/events/registrations/inspect/{participant_registration.pk}/",
        ADMIN_ONLY.format("see"),
        checks=("participant_registration_notes",),
    ),
    Row(
        "event registration",
        "export the participant list (admin)",
        "GET /admin/events/registrations/?export=csv",
        ADMIN_ONLY.format("see"),
        checks=("member_registration_notes", "participant_email"),
    ),
    Row(
        "event registration",
        "cancel someone else's (admin)",
        "GET /admin/events/registrations/cancel/{participant_registration.pk}/",
        ADMIN_ONLY.format("ok"),
    ),
    # --- Private documents ---------------------------------------------------------------
    Row(
        "private document (login)",
        "download",
        "GET /documents/{login_document.pk}/{login_document.filename}",
        SIGNED_IN.format("see"),
        checks=("login_document_text",),
    ),
    Row(
        "private document (login)",
        "download from /media/",
        "GET /media/{login_document.file.name}",
        EVERYONE.format("404"),
        checks=("login_document_text",),
    ),
    Row(
        "private document (members)",
        "download",
        "GET /documents/{members_document.pk}/{members_document.filename}",
        "see login login login see login login login",
        checks=("members_document_text",),
    ),
    Row(
        "private document (members)",
        "download from /media/",
        "GET /media/{members_document.file.name}",
        EVERYONE.format("404"),
        checks=("members_document_text",),
    ),
    Row(
        "private document (members)",
        "search results",
        "GET /de/suche/?q=Zq7Haushaltsplan",
        "see ok ok ok see ok ok ok",
        checks=("members_document_title",),
    ),
    Row(
        "private document (members)",
        "edit (admin)",
        "GET /admin/documents/edit/{members_document.pk}/",
        STAFF.format("ok"),
    ),
    Row(
        "members-only library file (open collection)",
        "download",
        "GET /documents/{library_file.pk}/{library_file.filename}",
        "see 403 403 403 see 403 login login",
        checks=("library_file_text",),
    ),
    Row(
        "members-only library file (open collection)",
        "search results",
        "GET /de/suche/?q=Zq7Klausurfolien",
        "see ok ok ok see ok ok ok",
        checks=("library_file_title",),
    ),
    # --- Organisations -------------------------------------------------------------------
    Row(
        "organisation",
        "view (public page)",
        "GET {directory.url}organisation/{organisation.slug}/",
        EVERYONE.format("ok"),
        checks=("organisation_contact_email", "provider_email", "solution_contact_email"),
    ),
    Row(
        "organisation",
        "create (admin; account chooser)",
        "GET /admin/snippets/community/organisation/add/",
        "may may ok admin-login admin-login admin-login admin-login admin-login",
        checks=("non_member_name",),
    ),
    Row(
        "organisation",
        "edit (admin; account chooser)",
        "GET /admin/snippets/community/organisation/edit/{organisation.pk}/",
        "may may ok admin-login admin-login admin-login admin-login admin-login",
        checks=("non_member_name",),
    ),
    Row(
        "organisation",
        "export (admin, without contact e-mail)",
        "GET /admin/snippets/community/organisation/?export=csv",
        STAFF.format("ok"),
        checks=("organisation_contact_email",),
    ),
    Row(
        "organisation",
        "delete (admin)",
        "GET /admin/snippets/community/organisation/delete/{organisation.pk}/",
        PUBLISHERS.format("ok"),
    ),
    Row(
        "organisation",
        "add oneself to `representatives`, then propose a solution",
        "POST /admin/snippets/community/organisation/edit/{organisation.pk}/",
        # Nobody adds themselves, administrators included: a second person has to.
        "403 403 403 ok 403 403 login login",
        data="representative",
        then="GET /de/konto/loesungen/neu/",
    ),
    Row(
        "organisation",
        "redirect `contact_email`, then look at the organisation",
        "POST /admin/snippets/community/organisation/edit/{organisation.pk}/",
        "see see ok admin-login admin-login admin-login admin-login admin-login",
        checks=("redirect_address",),
        data="contact_email",
        then="GET /admin/snippets/community/organisation/edit/{organisation.pk}/",
    ),
    # --- Membership applications ---------------------------------------------------------
    Row("membership application", "apply", "GET /de/konto/mitgliedschaft/", SIGNED_IN.format("ok")),
    Row(
        "membership application",
        "list (admin)",
        "GET /admin/community/applications/",
        STAFF.format("see"),
        checks=("non_member_name",),
    ),
    Row(
        "membership application",
        "inspect (admin)",
        "GET /admin/community/applications/inspect/{application.pk}/",
        STAFF.format("see"),
        checks=("application_reason",),
    ),
    Row(
        "membership application",
        "export (admin)",
        "GET /admin/community/applications/?export=csv",
        STAFF.format("see"),
        checks=("application_reason",),
    ),
    Row(
        "membership application",
        "decide (admin)",
        "GET /admin/community/applications/approve/{application.pk}/",
        PUBLISHERS.format("see"),
        checks=("application_reason",),
    ),
    Row(
        "membership application",
        "delete (admin)",
        "GET /admin/community/applications/delete/{application.pk}/",
        ADMIN_ONLY.format("ok"),
    ),
    # --- Contact requests ----------------------------------------------------------------
    Row(
        "contact request",
        "list (admin)",
        "GET /admin/community/contact-requests/",
        PUBLISHERS.format("ok"),
        checks=("contact_message",),
    ),
    Row(
        "contact request",
        "inspect (admin)",
        "GET /admin/community/contact-requests/inspect/{contact_request.pk}/",
        PUBLISHERS.format("see"),
        checks=("contact_message",),
    ),
    Row(
        "contact request",
        "delete (admin)",
        "GET /admin/community/contact-requests/delete/{contact_request.pk}/",
        PUBLISHERS.format("ok"),
    ),
    # --- Newsletter issues ---------------------------------------------------------------
    Row(
        "newsletter issue",
        "list (admin)",
        "GET /admin/snippets/subscriptions/newsletterissue/",
        STAFF.format("ok"),
    ),
    Row(
        "newsletter issue",
        "edit (admin)",
        "GET /admin/snippets/subscriptions/newsletterissue/edit/{newsletter_issue.pk}/",
        STAFF.format("ok"),
    ),
    Row(
        "newsletter issue",
        "preview the e-mail (admin)",
        "GET /admin/snippets/subscriptions/newsletterissue/preview-email/{newsletter_issue.pk}/",
        STAFF.format("ok"),
        never=("newsletter_email",),
    ),
    Row(
        "newsletter issue",
        "send: the confirmation with the number of recipients (admin; GET sends nothing)",
        "GET /admin/snippets/subscriptions/newsletterissue/send/{newsletter_issue.pk}/",
        "ok ok 403 admin-login admin-login admin-login admin-login admin-login",
        never=("newsletter_email",),
    ),
    Row(
        "newsletter issue",
        "send a test to oneself (admin)",
        "POST /admin/snippets/subscriptions/newsletterissue/send-test/{newsletter_issue.pk}/",
        "to:/admin/snippets/subscriptions/newsletterissue/preview-email/{newsletter_issue.pk}/ "
        "to:/admin/snippets/subscriptions/newsletterissue/preview-email/{newsletter_issue.pk}/ "
        "403 admin-login admin-login admin-login admin-login admin-login",
        data="nothing",
    ),
    # --- Accounts ------------------------------------------------------------------------
    Row(
        "account",
        "account page",
        "GET /de/konto/",
        "ok ok ok ok see ok login login",
        checks=("member_email", "own_cancel_button"),
    ),
    Row(
        "account",
        "export “meine Daten”",
        "GET /de/konto/meine-daten/",
        "ok ok ok ok see ok login login",
        checks=("member_registration_notes", "profile_draft_text", "contact_message"),
        never=("participant_registration_notes", "participant_email", "guest_email"),
    ),
    Row(
        "account",
        "e-mail addresses (allauth)",
        "GET /accounts/email/",
        "ok ok ok ok see ok login login",
        checks=("member_email",),
    ),
    Row("account", "change password", "GET /accounts/password/change/", SIGNED_IN.format("ok")),
    Row("account", "delete own account", "GET /de/konto/loeschen/", SIGNED_IN.format("ok")),
    Row(
        "account",
        "list all accounts (admin)",
        "GET /admin/users/",
        ADMIN_ONLY.format("see"),
        checks=("member_email",),
    ),
    Row(
        "account",
        "edit someone's account (admin)",
        "GET /admin/users/edit/{member.pk}/",
        ADMIN_ONLY.format("see"),
        checks=("member_email",),
    ),
    Row("account", "Django admin", "GET /django-admin/", "ok " + " ".join(["django-login"] * 7)),
)


# --- POST data ----------------------------------------------------------------------------


def _organisation_form(world, **changes):
    organisation = world.organisation
    data = {
        "name": organisation.name,
        "slug": organisation.slug,
        "organisation_type": organisation.organisation_type,
        "city": organisation.city,
        "state": organisation.state,
        "website": organisation.website,
        "description": organisation.description,
        "logo": "",
        "contact_email": organisation.contact_email,
        "representatives": [str(world.users["provider"].pk)],
    }
    data.update(changes)
    return data


def _representative(world, role):
    provider = str(world.users["provider"].pk)
    own = [str(world.users[role].pk)] if role in world.users else []
    return _organisation_form(world, representatives=[provider, *own])


POST_DATA = {
    "nothing": lambda world, role: {},
    "comment": lambda world, role: {
        "name": "Zq7 Leserin",
        "email": "leserin.zq7@example.org",
        "comment": f"Zq7 Kommentar ({role})",
    },
    "contact": lambda world, role: {
        "subject": "Zq7 Frage",
        "message": f"Zq7 Nachricht ({role})",
        "allow_reply": "on",
    },
    "registration": lambda world, role: {"organisation": "", "notes": ""},
    "guest_registration": lambda world, role: {
        "name": "Greta Gastteilnehmerin",
        "email": MARKERS["guest_participant_email"],
        "organisation": "",
        "notes": "",
    },
    "representative": _representative,
    "contact_email": lambda world, role: _organisation_form(
        world, contact_email=PHRASES["redirect_address"].format(role=role)
    ),
}


# --- Running the table --------------------------------------------------------------------


class Placeholders(dict):
    """``{article.url}`` and friends: objects of the world, and ``{member.pk}`` for accounts."""

    def __init__(self, world):
        super().__init__(world.objects)
        self.update(world.users)


def fill(template, world):
    return template.format_map(Placeholders(world))


def text_of(key, role):
    if key in MARKERS:
        return MARKERS[key]
    return PHRASES[key].format(role=role)


def body_of(response):
    content = b"".join(response.streaming_content) if response.streaming else response.content
    return content.decode("utf-8", errors="replace")


def ask(world, row, role):
    """Make the row's request(s) as ``role``; returns the response the cell describes."""
    client = world.client(role)
    url = fill(row.path, world)
    if row.method == "POST":
        response = client.post(url, POST_DATA[row.data](world, role), follow=row.follow)
    else:
        response = client.get(url, follow=row.follow)
    if row.then:
        response = client.get(fill(row.then.split()[1], world))
    return response


def check(world, row, role, cell, response):
    body = body_of(response)
    problems = cell.problems(
        response,
        body,
        [text_of(key, role) for key in row.checks],
        fill(row.back if cell.location == BACK else cell.location, world),
    )
    problems += [f"shows {text_of(key, role)!r}" for key in row.never if text_of(key, role) in body]
    if role in SIGNED_IN_ROLES and response.get("X-Page-Cache") == "HIT":
        problems.append("a signed-in reader got a page from the shared cache")
    return problems


def run_table(world, rows):
    """Every row, every role, in the given order; returns ``(failures, cache_hits)``."""
    failures = []
    cache_hits = 0
    for row in rows:
        for role, cell in zip(ROLES, row.cells, strict=True):
            response = ask(world, row, role)
            problems = check(world, row, role, cell, response)
            if role == "anonymous" and row.method == "GET" and not row.follow:
                again = ask(world, row, role)  # from the page cache where cacheable
                cache_hits += again.get("X-Page-Cache") == "HIT"
                problems += [
                    f"{problem} (second, cached request)"
                    for problem in check(world, row, role, cell, again)
                ]
            if problems:
                failures.append((row, role, cell, problems))
            if row.method == "POST" and response.status_code == 302:
                # Like a browser: read the page the form leads to (and its message).
                world.client(role).get(response["Location"])
    return failures, cache_hits


def describe(failures):
    lines = [f"{len(failures)} cell(s) of the permission table do not hold:"]
    for row, role, cell, problems in failures:
        lines.append(
            f"- {row.subject} / {row.action} [{row.request}] as {role} "
            f"(expected {cell.label}): {'; '.join(problems)}"
        )
    return "\n".join(lines)


def private_data_in_the_shared_cache():
    """``["<cache key>: <marker>", ...]`` for every private marker in any entry of the test's
    local-memory cache (pickled bytes in a dict; the fixture makes room for every entry)."""
    from django.core.cache import caches
    from django.core.cache.backends.locmem import LocMemCache

    backend = caches["default"]
    assert isinstance(backend, LocMemCache), backend
    return [
        f"shared cache entry {key.rsplit(':', 1)[0]}: holds {MARKERS[marker]!r}"
        for key, value in list(backend._cache.items())
        for marker in PRIVATE_MARKERS
        if MARKERS[marker].encode() in value
    ]


@pytest.mark.django_db
def test_every_role_gets_exactly_what_the_permission_table_says(world):
    reading = [row for row in TABLE if row.method == "GET"]
    writing = [row for row in TABLE if row.method != "GET"]  # change data: last

    failures, cache_hits = run_table(world, reading)
    # The shared cache, after every role has been served, holds nothing that an anonymous
    # reader may not see (it may be shared by several portals: CACHE_KEY_PREFIX).
    in_cache = private_data_in_the_shared_cache()
    failures += run_table(world, writing)[0]

    assert not failures and not in_cache, "\n".join([describe(failures), *in_cache])
    # The page cache was on: repeated anonymous requests were answered from it.
    assert cache_hits >= 5, cache_hits


# --- The table in the docs ------------------------------------------------------------------


def _checks_text(row):
    parts = []
    if row.checks:
        parts.append(", ".join(LABELS[key] for key in row.checks))
    if row.never:
        parts.append(
            "never: " + ", ".join(LABELS.get(key, key.replace("_", " ")) for key in row.never)
        )
    return "; ".join(parts) or "–"


def _request_text(row):
    text = f"`{row.request}`"
    if row.then:
        text += f", then `{row.then}`"
    if row.follow:
        text += " (following the redirect)"
    return text


def markdown_table(rows=TABLE):
    """The permission table as Markdown, between the markers that ``docs/security.md``
    keeps it in."""
    headings = [ROLE_HEADINGS[role] for role in ROLES]
    lines = [
        TABLE_START,
        "",
        "| object | action | request | checked text | " + " | ".join(headings) + " |",
        "| --- | --- | --- | --- | " + " | ".join(":-:" for _ in headings) + " |",
    ]
    for row in rows:
        cells = " | ".join(cell.label for cell in row.cells)
        described = f"{row.subject} | {row.action} | {_request_text(row)} | {_checks_text(row)}"
        lines.append(f"| {described} | {cells} |")
    lines += ["", "Legend:", ""]
    lines += [f"* **{label}**: {meaning}" for label, meaning in LEGEND.items()]
    lines += ["", TABLE_END]
    return "\n".join(lines)


def documented_table(text):
    start, end = text.index(TABLE_START), text.index(TABLE_END) + len(TABLE_END)
    return text[start:end]


def test_the_docs_print_the_same_table():
    assert documented_table(DOCS.read_text(encoding="utf-8")) == markdown_table(), (
        "docs/security.md differs from the table in tests/security/test_permission_table.py; "
        "regenerate it with `python -m tests.security.test_permission_table --write-docs`"
    )


def test_every_row_names_an_answer_for_every_role():
    for row in TABLE:
        assert len(row.cells) == len(ROLES), row
        assert all(key in MARKERS or key in PHRASES for key in row.checks + row.never), row
        if any(cell.shows for cell in row.cells):
            assert row.checks, row


def write_docs():
    text = DOCS.read_text(encoding="utf-8")
    DOCS.write_text(text.replace(documented_table(text), markdown_table()), encoding="utf-8")


if __name__ == "__main__":
    if "--write-docs" in sys.argv:
        write_docs()
    else:
        print(markdown_table())

"""A crawl as every signed-in role, then the same addresses anonymously: nothing of anyone's
private data (names, e-mail addresses, drafts, notes, members-only content; the markers of
``tests/security/roles.py``) reaches an anonymous reader, with the page cache on.

Each role visits every address of ``/sitemap.xml``, every account view (``/de/konto/...``,
``/en/account/...`` and allauth's pages), the private objects' own addresses (members-only
page, unpublished page, documents and their files under ``/media/``) and every link on those
pages that stays on the site. Signed-in readers go first, so a response rendered for one of
them that the page cache kept would be what the anonymous reader gets.
"""

import re
from collections import defaultdict
from urllib.parse import urlsplit
from xml.etree import ElementTree

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from tests.security.roles import MARKERS, PRIVATE_MARKERS, SIGNED_IN_ROLES

pytestmark = pytest.mark.django_db

SITEMAP_NAMESPACE = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
LINK = re.compile(r'(?:href|src)="(/[^"#]*)')
CRAWLED_PREFIXES = ("/de/", "/en/", "/documents/", "/media/", "/accounts/")
# Not followed: the admin (it has its own rows in the permission table), signing out, and
# links that carry a personal token (a cancel link stands for the person it was sent to,
# like the e-mail that holds it).
SKIPPED = re.compile(r"^/(admin|django-admin)/|^/accounts/logout/|/cancel/[^/]+/$")
ALLAUTH_VIEWS = (
    "account_login",
    "account_signup",
    "account_email",
    "account_change_password",
    "account_set_password",
    "account_reset_password",
    "account_reset_password_done",
    "account_email_verification_sent",
    "account_inactive",
    "account_reauthenticate",
)
COMMUNITY_VIEWS = (
    "account",
    "profile",
    "membership",
    "notifications",
    "export",
    "delete",
    "solution_propose",
)

# What the signed-in crawl must have met (so the anonymous check could have caught it).
MET_WHILE_SIGNED_IN = {
    "member": (
        "member_email",
        "profile_draft_text",
        "member_registration_notes",
        "members_only_text",
        "participant_name",
        "members_document_text",
        "contact_message",
        "members_only_title",  # in the search results
        "members_document_title",
        "library_file_text",
        "library_file_title",
    ),
    "provider": ("solution_contact_email", "solution_draft_text"),
    "non_member": ("application_reason", "login_document_text", "non_member_name"),
    "editor": ("editor_name",),
    "moderator": ("moderator_name",),
    "administrator": ("admin_name", "members_only_text"),
}


def body_of(response):
    content = b"".join(response.streaming_content) if response.streaming else response.content
    return content.decode("utf-8", errors="replace")


def sitemap_paths(client):
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    root = ElementTree.fromstring(response.content)
    return [urlsplit(loc.text).path for loc in root.iter(f"{SITEMAP_NAMESPACE}loc")]


def account_paths(world):
    paths = [reverse(name) for name in ALLAUTH_VIEWS]
    for language in ("de", "en"):
        with translation.override(language):
            paths += [reverse(f"community:{name}") for name in COMMUNITY_VIEWS]
            paths.append(reverse("community:solution_edit", args=[world.solution.pk]))
    return paths


def private_paths(world):
    """The private objects' own addresses, the event forms and searches for everything."""
    return [
        world.members_only.url,
        "/de/entwurf/",
        world.public_page.url,
        world.login_document.url,
        world.members_document.url,
        world.library_file.url,
        f"/media/{world.login_document.file.name}",
        f"/media/{world.members_document.file.name}",
        f"/media/{world.pending_photo.file.name}",
        world.pending_rendition_url,
        world.forum.register_url,
        world.open_workshop.register_url,
        "/de/suche/?q=Zq7",
        "/de/suche/?q=Zq7Haushaltsplan",
        "/de/suche/?q=Zq7Klausurfolien",
        "/en/search/?q=Zq7",
        "/de/suche/autocomplete/?q=Zq7",
    ]


def links(body):
    found = set()
    for path in LINK.findall(body):
        path = path.replace("&amp;", "&")
        if path.startswith(CRAWLED_PREFIXES) and not SKIPPED.search(path):
            found.add(path)
    return found


def crawl(client, seeds):
    """GET every seed and every link found on the seeds; returns ``{path: body}``."""
    bodies = {}
    discovered = set()
    for path in dict.fromkeys(seeds):
        response = client.get(path)
        body = body_of(response)
        bodies[path] = body
        if path in seeds and response.get("Content-Type", "").startswith("text/html"):
            discovered |= links(body)
    for path in sorted(discovered - set(bodies)):
        bodies[path] = body_of(client.get(path))
    return bodies


def markers_in(body, keys):
    return [key for key in keys if MARKERS[key] in body]


def test_no_private_data_of_anyone_reaches_an_anonymous_reader(world):
    visited = set()
    met = defaultdict(set)
    for role in SIGNED_IN_ROLES:
        client = world.client(role)
        seeds = sitemap_paths(client) + account_paths(world) + private_paths(world)
        for path, body in crawl(client, seeds).items():
            visited.add(path)
            met[role].update(markers_in(body, PRIVATE_MARKERS))

    anonymous = Client()
    leaks = []
    for path in sorted(visited):
        for attempt in ("first", "second (cached)"):
            body = body_of(anonymous.get(path))
            leaks += [
                f"{path} ({attempt} request): {MARKERS[key]!r}"
                for key in markers_in(body, PRIVATE_MARKERS)
            ]

    # The crawl met the private data while signed in, so it would have caught a leak.
    assert len(visited) > 60, len(visited)
    for role, keys in MET_WHILE_SIGNED_IN.items():
        assert set(keys) <= met[role], (role, set(keys) - met[role])
    assert leaks == [], "private data in anonymous responses:\n" + "\n".join(leaks)

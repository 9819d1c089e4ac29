"""Public-sector basics: no third-party requests, strict CSP, only necessary cookies."""

import re

import pytest
from wagtail.models import Page

pytestmark = pytest.mark.django_db

EXTERNAL_RESOURCE = re.compile(
    r'<(?:script|link|img|iframe|source|video|audio)\b[^>]*\b(?:src|href)="(?:https?:)?//(?!testserver)',
    re.I,
)


def test_pages_load_nothing_from_third_party_hosts(client, demo_content):
    for page in Page.objects.live().filter(depth__gt=1):
        html = client.get(page.url).content.decode()
        # hreflang alternates are links, not resources; anything else must be local.
        resources = [
            m for m in EXTERNAL_RESOURCE.finditer(html) if 'rel="alternate"' not in m.group(0)
        ]
        assert resources == [], page.url


def test_content_security_policy_forbids_inline_scripts(client, home_de):
    response = client.get("/de/")
    policy = response["Content-Security-Policy"]
    directives = dict(part.strip().split(" ", 1) for part in policy.split(";") if part.strip())
    assert directives["script-src"] == "'self'"
    assert "unsafe-inline" not in policy
    assert directives["frame-ancestors"] == "'none'"
    html = response.content.decode()
    assert re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html) is None, "inline script found"
    assert " style=" not in html


def test_security_headers_are_set(client, home_de):
    response = client.get("/de/")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert "camera=()" in response["Permissions-Policy"]
    assert response["X-Frame-Options"] == "DENY"


def test_anonymous_page_view_sets_no_cookie(client, demo_content):
    response = client.get("/de/ueber-uns/")
    assert response.status_code == 200
    assert response.cookies == {}


def test_footer_has_a_privacy_notice_instead_of_a_consent_wall(client, demo_content):
    html = client.get("/de/").content.decode()
    assert "nur technisch notwendige Cookies" in html
    assert "cookie-banner" not in html and "consent" not in html.lower()


@pytest.mark.parametrize("path", ["/admin/", "/admin/account/", "/admin/users/"])
def test_the_admin_loads_no_avatar_from_a_third_party(client, home_de, admin_user, path):
    """Gravatar would receive a hash of every editor's e-mail address."""
    client.force_login(admin_user)
    html = client.get(path).content.decode()
    assert "gravatar" not in html.lower()
    resources = [m.group(0) for m in EXTERNAL_RESOURCE.finditer(html)]
    assert resources == [], path

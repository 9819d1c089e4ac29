"""A corpus of hostile input against every public form and query parameter.

For each target: no 500, nothing rendered unescaped, nothing stored that should not be.
The listings and forms of the demo portal get the same corpus in
``test_hostile_input_everywhere.py``.
"""

from html.parser import HTMLParser

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db

XSS = [
    '<script>alert("xss")</script>',
    '"><img src=x onerror=alert(1)>',
    "<svg/onload=alert(1)>",
    "javascript:alert(1)",
    "<a href=\"javascript:alert('x')\">klick</a>",
    "'-alert(1)-'",
    "<iframe src=//evil.example></iframe>",
    "{{ 7*7 }}{% debug %}",
]
SQL_LIKE = [
    "' OR '1'='1",
    "1; DROP TABLE wagtailcore_page; --",
    "\\'; SELECT pg_sleep(5); --",
    "%' AND 1=1 --",
]
ODD = [
    "",
    " ",
    "\x00",
    "\u202e\u0645\u0631\u062d\u0628\u0627",
    "😀" * 50,
    "ä" * 5000,
    "a" * 100_000,
]
NUMBERS = ["0", "-1", "99999999999999999999999", "1e9", "NaN", "1.5", "abc", "[]", "1%00"]
CORPUS = XSS + SQL_LIKE + ODD


class ActiveContent(HTMLParser):
    """What a browser would execute: inline scripts, event-handler attributes, javascript:
    links, frames and SVG - none of which the portal's own templates contain."""

    def __init__(self):
        super().__init__()
        self.found = []
        self._in_script = False

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "script":
            if not attributes.get("src"):
                self.found.append("inline <script>")
        if tag in ("iframe", "svg", "object", "embed"):
            self.found.append(f"<{tag}>")
        for name, value in attrs:
            if name.startswith("on"):
                self.found.append(f"<{tag} {name}=...>")
            if name in ("href", "src", "action") and (value or "").strip().lower().startswith(
                "javascript:"
            ):
                self.found.append(f"<{tag} {name}=javascript:...>")


def active_content(html):
    parser = ActiveContent()
    parser.feed(html)
    return parser.found


# (path, parameters) - each parameter gets every value of the corpus (and numbers for "page").
GET_TARGETS = [
    ("/de/suche/", ["q", "page"]),
    ("/en/search/", ["q", "page"]),
]
PATHS = [
    "/de/../../etc/passwd",
    "/de/%2e%2e/%2e%2e/etc/passwd",
    "/static/../portal/settings/base.py",
    "/static/..%2f..%2fportal/settings/base.py",
    "/media/../db.sqlite3",
    "/documents/1/..%2f..%2fsettings.py",
    "/de/%ff%fe/",
    "/de/" + "a" * 3000 + "/",
    "/de/<script>alert(1)</script>/",
    "/de/suche/%00",
]


def assert_safe(response, context):
    assert response.status_code < 500, f"{context}: {response.status_code}"
    if response.get("Content-Type", "").startswith("text/html") and not response.streaming:
        html = response.content.decode("utf-8", "replace")
        assert active_content(html) == [], f"{context}: unescaped active content"


@pytest.mark.parametrize(("path", "parameters"), GET_TARGETS)
def test_query_parameters_survive_the_corpus(client, home_de, home_en, path, parameters):
    for parameter in parameters:
        values = CORPUS + (NUMBERS if parameter == "page" else [])
        for value in values:
            response = client.get(path, {parameter: value})
            assert_safe(response, f"{path}?{parameter}={value[:40]!r}")


@pytest.mark.parametrize(("path", "parameters"), GET_TARGETS)
def test_invalid_utf8_in_query_strings_is_harmless(client, home_de, home_en, path, parameters):
    for parameter in parameters:
        response = client.get(path, QUERY_STRING=f"{parameter}=%ff%fe%fd&{parameter}=%c3%28")
        assert_safe(response, f"{path} invalid UTF-8 in {parameter}")


@pytest.mark.parametrize("path", PATHS)
def test_path_traversal_and_odd_paths_are_refused(client, home_de, path):
    response = client.get(path)
    assert_safe(response, path)
    assert response.status_code in (400, 404), f"{path}: {response.status_code}"
    body = response.content.decode("utf-8", "replace") if not response.streaming else ""
    assert "SECRET_KEY" not in body and "SQLite format" not in body


def test_oversized_request_body_is_refused_with_413(home_de):
    client = Client(enforce_csrf_checks=True)  # as in production: the body is read
    client.get("/admin/login/")  # sets the CSRF cookie, so the form body gets parsed
    response = client.post(
        "/admin/login/",
        data=b"x" * (6 * 1024 * 1024),
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code == 413  # portal.uploads: "too large" page, never a 500


def test_unknown_http_methods_do_not_crash(client, home_de):
    for method in ("put", "patch", "delete", "options", "trace"):
        response = getattr(client, method)("/de/")
        assert response.status_code < 500, method

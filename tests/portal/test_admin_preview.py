"""The admin's live preview: every page type renders in the side panel's frame, which only
the portal itself may embed; public pages stay unframeable. The admin contacts no third
party (no Gravatar)."""

import re
from html.parser import HTMLParser

import pytest
from django.urls import reverse
from wagtail.fields import StreamField
from wagtail.models import Page, get_page_models

from home.models import StandardPage
from tests import factories
from tests.library.factories import LibraryIndexPageFactory, ResourcePageFactory
from tests.workinggroups.factories import (
    WorkingGroupAreaPageFactory,
    WorkingGroupIndexPageFactory,
    WorkingGroupPageFactory,
)

pytestmark = pytest.mark.django_db

PAGE_TYPES = [model for model in get_page_models() if model is not Page]


class EditFormFields(HTMLParser):
    """What a browser would submit from the editor's form (the one posting to ``action``):
    inputs, selects and textareas as the server rendered them."""

    def __init__(self, action):
        super().__init__(convert_charrefs=True)
        self.action = action
        self.in_form = False
        self.fields = []
        self._select = None
        self._textarea = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.in_form = attrs.get("action") == self.action
        if not self.in_form or "name" not in attrs and tag != "option":
            return
        if tag == "input":
            kind = attrs.get("type", "text")
            if kind in ("checkbox", "radio") and "checked" not in attrs:
                return
            if kind in ("submit", "button", "file", "image"):
                return
            self.fields.append((attrs["name"], attrs.get("value") or ""))
        elif tag == "select":
            self._select = [attrs["name"], None, "multiple" in attrs]
        elif tag == "option" and self._select:
            if "selected" in attrs:
                self.fields.append((self._select[0], attrs.get("value", "")))
                self._select[1] = True
        elif tag == "textarea":
            self._textarea = [attrs["name"], ""]

    def handle_data(self, data):
        if self._textarea:
            self._textarea[1] += data

    def handle_endtag(self, tag):
        if tag == "form":
            self.in_form = False
        elif tag == "select":
            self._select = None
        elif tag == "textarea" and self._textarea:
            self.fields.append(tuple(self._textarea))
            self._textarea = None


def editor_form_data(client, url, model):
    response = client.get(url)
    assert response.status_code == 200, url
    parser = EditFormFields(url)
    parser.feed(response.content.decode())
    assert parser.fields, f"no editor form posting to {url}"
    data = {}
    for name, value in parser.fields:
        data.setdefault(name, []).append(value)
    # StreamFields are built by the admin's JavaScript; an empty one is enough here.
    for field in model._meta.get_fields():
        if isinstance(field, StreamField):
            data.setdefault(f"{field.name}-count", ["0"])
    return data


def frame_ancestors(response):
    policy = response["Content-Security-Policy"]
    directives = dict(part.strip().split(" ", 1) for part in policy.split(";") if part.strip())
    return directives["frame-ancestors"]


def assert_framable_by_the_portal_only(response):
    assert frame_ancestors(response) == "'self'"
    assert response["X-Frame-Options"] == "SAMEORIGIN"


def preview_in_panel(client, preview_url, data):
    posted = client.post(preview_url, data)
    assert posted.status_code == 200
    assert posted.json() == {"is_valid": True, "is_available": True}, preview_url
    return client.get(preview_url, {"in_preview_panel": "true"})


@pytest.fixture
def editor(client, admin_user):
    client.force_login(admin_user)
    return client


@pytest.fixture
def one_page_of_each_type(home_de):
    """A German page of every page type (the index pages with one child each)."""
    blog = factories.BlogIndexPageFactory(parent=home_de)
    events = factories.EventIndexPageFactory(parent=home_de)
    members = factories.MemberIndexPageFactory(parent=home_de)
    market = factories.SolutionIndexPageFactory(parent=home_de)
    projects = factories.ProjectIndexPageFactory(parent=home_de)
    experts = factories.ExpertIndexPageFactory(parent=home_de)
    ideas = factories.IdeaIndexPageFactory(parent=home_de)
    library = LibraryIndexPageFactory(parent=home_de)
    groups = WorkingGroupIndexPageFactory(parent=home_de)
    group = WorkingGroupPageFactory(parent=groups)
    pages = [
        home_de,
        factories.StandardPageFactory(parent=home_de),
        blog,
        factories.BlogPageFactory(parent=blog),
        events,
        factories.EventPageFactory(parent=events),
        members,
        factories.MemberPageFactory(parent=members),
        market,
        factories.SolutionPageFactory(parent=market),
        projects,
        factories.ProjectPageFactory(parent=projects),
        experts,
        factories.ExpertPageFactory(parent=experts),
        ideas,
        factories.IdeaPageFactory(parent=ideas),
        library,
        ResourcePageFactory(parent=library),
        groups,
        group,
        WorkingGroupAreaPageFactory(parent=group),
    ]
    by_type = {type(page.specific): page.specific for page in pages}
    missing = [model._meta.label for model in PAGE_TYPES if model not in by_type]
    assert not missing, f"add a page of these types to the fixture: {missing}"
    return by_type


def shown_title(model):
    """The form field whose value the page shows as its heading."""
    return "hero_title" if model._meta.label == "home.HomePage" else "title"


@pytest.mark.parametrize("model", PAGE_TYPES, ids=lambda model: model._meta.label)
def test_the_preview_of_every_page_type_may_be_framed_by_the_admin(
    editor, one_page_of_each_type, model
):
    page = one_page_of_each_type[model]
    edit_url = reverse("wagtailadmin_pages:edit", args=[page.pk])
    data = editor_form_data(editor, edit_url, model)
    data[shown_title(model)] = ["Vorschau-Titel für die Redaktion"]

    response = preview_in_panel(
        editor, reverse("wagtailadmin_pages:preview_on_edit", args=[page.pk]), data
    )

    assert response.status_code == 200
    assert "Vorschau-Titel für die Redaktion" in response.content.decode()
    assert_framable_by_the_portal_only(response)
    # A link clicked in the panel opens a new tab instead of a page that refuses the frame.
    assert '<base target="_blank">' in response.content.decode()


def test_the_preview_of_a_new_page_may_be_framed_by_the_admin(editor, home_de):
    args = ["home", "standardpage", home_de.pk]
    data = editor_form_data(editor, reverse("wagtailadmin_pages:add", args=args), StandardPage)
    data["title"] = ["Neue Seite in der Vorschau"]

    response = preview_in_panel(
        editor, reverse("wagtailadmin_pages:preview_on_add", args=args), data
    )

    assert response.status_code == 200
    assert "Neue Seite in der Vorschau" in response.content.decode()
    assert_framable_by_the_portal_only(response)


def test_public_pages_stay_unframeable(client, one_page_of_each_type, admin_user):
    for signed_in in (False, True):
        if signed_in:
            client.force_login(admin_user)
        for page in one_page_of_each_type.values():
            if not signed_in and page.get_view_restrictions().exists():
                continue  # a members' area sends guests to the sign-in page
            response = client.get(page.url)
            assert response.status_code == 200, page.url
            assert frame_ancestors(response) == "'none'", page.url
            assert response["X-Frame-Options"] == "DENY", page.url
            assert "<base " not in response.content.decode(), page.url


class Addresses(HTMLParser):
    """Every address in a src, srcset, href or action attribute, with its tag and rel."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        for name in ("src", "srcset", "href", "action", "data", "poster"):
            for address in (attrs.get(name) or "").split(","):
                address = address.strip().split(" ")[0]
                if address:
                    self.found.append((tag, address, attrs.get("rel") or ""))


def is_external(address):
    return re.match(r"(?:[a-z]+:)?//(?!testserver[/:]|testserver$)", address, re.I) is not None


def test_the_admin_loads_nothing_from_another_host(editor, home_de, settings):
    """No avatars from Gravatar (it would receive a hash of every editor's e-mail address)
    and no other file from a third party: every src/href that the browser fetches by itself
    stays on the portal. Plain links to Wagtail's editor guide remain (followed only when
    an editor clicks them)."""
    assert settings.WAGTAIL_GRAVATAR_PROVIDER_URL is None
    page = factories.StandardPageFactory(parent=home_de)
    for path in (
        reverse("wagtailadmin_home"),
        reverse("wagtailadmin_pages:edit", args=[page.pk]),
        reverse("wagtailadmin_account"),
    ):
        response = editor.get(path)
        assert response.status_code == 200, path
        html = response.content.decode()
        assert "gravatar" not in html.lower(), path
        parser = Addresses()
        parser.feed(html)
        fetched = [a for tag, a, _ in parser.found if tag != "a" and is_external(a)]
        assert fetched == [], path

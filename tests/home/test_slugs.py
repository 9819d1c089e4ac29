"""Slugs write out umlauts (ä → ae, ß → ss) in the admin and on the server, and an
abandoned "add page" form leaves nothing behind that blocks its slug."""

import json
import re
from html.parser import HTMLParser

import pytest
from django.urls import reverse

from home.models import StandardPage
from portal.slugs import german_slugify
from tests.portal.test_admin_preview import editor_form_data

pytestmark = pytest.mark.django_db


class FormTags(HTMLParser):
    """The Stimulus controllers of each form, by its action."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.controllers = {}

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.controllers[attrs.get("action")] = (attrs.get("data-controller") or "").split()


@pytest.fixture
def editor(client, admin_user):
    client.force_login(admin_user)
    return client


def add_url(parent):
    return reverse("wagtailadmin_pages:add", args=["home", "standardpage", parent.pk])


def test_german_slugify_writes_out_umlauts_and_sharp_s():
    assert german_slugify("Über Größe und Äußeres") == "ueber-groesse-und-aeusseres"
    assert german_slugify("ÖFFENTLICHE STRAẞE") == "oeffentliche-strasse"
    assert german_slugify("Café Müller") == "cafe-mueller"


def test_a_page_without_slug_gets_one_with_written_out_umlauts(home_de):
    page = home_de.add_child(instance=StandardPage(title="Übergrößen für Ärztinnen"))
    twin = home_de.add_child(instance=StandardPage(title="Übergrößen für Ärztinnen"))
    assert page.slug == "uebergroessen-fuer-aerztinnen"
    assert twin.slug == "uebergroessen-fuer-aerztinnen-2"


def test_the_admin_slug_field_writes_out_umlauts(editor, home_de):
    html = editor.get(add_url(home_de)).content.decode()
    tag = re.search(r'<input[^>]*name="slug"[^>]*>', html).group(0)
    # Django leaves out a False attribute; the controller's default is "no Unicode".
    assert "allow-unicode" not in tag
    formatters = json.loads(
        re.search(r'data-w-slug-formatters-value="([^"]*)"', tag).group(1).replace("&quot;", '"')
    )
    # What the w-slug controller does with them, before it slugifies: replace every match.
    title = "Schöne Grüße aus Äpfelbach, Straße Übermaß"
    for (pattern, _flags), replacement in formatters:
        title = re.sub(pattern, replacement, title)
    assert title == "Schoene Gruesse aus Aepfelbach, Strasse Uebermass"


def test_the_add_form_does_not_save_a_draft_by_itself(editor, home_de):
    """Wagtail's autosave would create the page (a draft holding the slug) while the editor
    is still typing; the add form only saves when the editor says so."""
    html = editor.get(add_url(home_de)).content.decode()
    forms = FormTags()
    forms.feed(html)
    controllers = forms.controllers[add_url(home_de)]
    assert "w-unsaved" in controllers  # the form we mean
    assert "w-autosave" not in controllers


def test_adding_a_page_again_after_abandoning_the_form_works(editor, home_de):
    args = ["home", "standardpage", home_de.pk]
    data = editor_form_data(editor, add_url(home_de), StandardPage)
    data.update(title=["Schöne Grüße"], slug=["schoene-gruesse"])
    # The editor fills in the form and looks at the preview, then leaves.
    preview = editor.post(reverse("wagtailadmin_pages:preview_on_add", args=args), data)
    assert preview.json()["is_valid"] is True
    assert not StandardPage.objects.filter(slug="schoene-gruesse").exists()

    # Later the editor adds the page again, with the same title and slug.
    data = editor_form_data(editor, add_url(home_de), StandardPage)
    data.update(title=["Schöne Grüße"], slug=["schoene-gruesse"])
    response = editor.post(add_url(home_de), data)

    assert response.status_code == 302, response.content.decode()[:2000]
    page = StandardPage.objects.get(slug="schoene-gruesse")
    assert page.get_parent().pk == home_de.pk
    assert page.title == "Schöne Grüße"

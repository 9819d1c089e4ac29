"""The pattern page (/de/styleguide/, /en/styleguide/) and the KERN UX files the portal serves."""

import json
from pathlib import Path

import pytest
from django.conf import settings

from home import pictures

pytestmark = pytest.mark.django_db

STATIC = Path(settings.BASE_DIR) / "portal" / "static"


@pytest.mark.parametrize(
    ("path", "language", "heading"),
    [("/de/styleguide/", "de", "Gestaltungsmuster"), ("/en/styleguide/", "en", "Pattern library")],
)
def test_pattern_page_renders_in_both_languages(client, home_en, path, language, heading):
    response = client.get(path)
    assert response.status_code == 200
    html = response.content.decode()
    assert f'<html lang="{language}"' in html
    assert f"<h1>{heading}</h1>" in html


def test_pattern_page_is_kept_out_of_search_engines(client, home_de):
    html = client.get("/de/styleguide/").content.decode()
    assert '<meta name="robots" content="noindex">' in html


def test_pattern_page_is_not_in_the_sitemap(client, home_en):
    sitemap = client.get("/sitemap.xml").content.decode()
    assert "/de/" in sitemap
    assert "styleguide" not in sitemap


def test_pattern_page_shows_the_error_summary_without_an_error_title_or_focus(client, home_de):
    html = client.get("/de/styleguide/").content.decode()
    assert 'class="error-summary"' in html
    assert "Es gibt ein Problem" in html
    assert 'href="#id_example-email"' in html
    assert 'value="Erika Mustermann"' in html  # a field without error keeps its value
    assert "data-error-summary" not in html  # portal.js would move the focus down to it
    assert "<title>Fehler:" not in html


def test_pattern_page_shows_every_colour_token_of_the_stylesheet(client, home_de):
    html = client.get("/de/styleguide/").content.decode()
    stylesheet = (STATIC / "css" / "portal.css").read_text()
    for token in ("--color-primary", "--color-error", "--color-focus"):
        assert f'<code class="swatch__token">{token}</code>' in html
        assert f".swatch__colour{token.removeprefix('--color')} " in stylesheet


def test_kern_files_are_those_of_the_pinned_package_version():
    pinned = json.loads((Path(settings.BASE_DIR) / "package.json").read_text())["dependencies"]
    lock = json.loads((Path(settings.BASE_DIR) / "package-lock.json").read_text())
    version = pinned["@kern-ux/native"]
    assert lock["packages"]["node_modules/@kern-ux/native"]["version"] == version
    assert (STATIC / "kern" / "VERSION").read_text().strip() == version
    for weight in ("Regular", "SemiBold", "Bold"):
        assert (STATIC / "kern" / "fonts" / f"FiraSans-{weight}.woff2").stat().st_size > 50_000
    assert (STATIC / "kern" / "fonts" / "OFL-1.1.txt").exists()
    assert (STATIC / "kern" / "LICENSE-EUPL-1.2.md").exists()


def test_stylesheet_loads_the_fonts_from_the_portal_itself():
    stylesheet = (STATIC / "css" / "portal.css").read_text()
    assert 'url("../kern/fonts/FiraSans-Regular.woff2")' in stylesheet
    assert "http" not in stylesheet.split("*/", 1)[1].split(":root", 1)[0]


def test_pattern_page_shows_the_generated_pictures(client, home_de):
    html = client.get("/de/styleguide/").content.decode()
    # Every content type, an organisation's and a person's monogram.
    expected = len(pictures.CONTENT_TYPE_PICTOGRAMS) + 2
    assert html.count('<img class="generated-picture"') == expected


@pytest.mark.parametrize(
    ("language", "path"), [("de", "/de/styleguide/"), ("en", "/en/styleguide/")]
)
def test_editors_find_the_pattern_page_in_the_admins_help_menu(client, home_en, language, path):
    """Not only developers: an editor opens it from the admin, in the admin's language."""
    from django.contrib.auth.models import Group
    from wagtail.users.models import UserProfile

    from tests.factories import UserFactory

    editor = UserFactory(is_staff=True)
    editor.groups.add(Group.objects.get(name="Editors"))
    profile = UserProfile.get_for_user(editor)
    profile.preferred_language = language
    profile.save()
    client.force_login(editor)
    html = client.get("/admin/").content.decode()
    label = {"de": "Gestaltungsmuster der Website", "en": "The website's pattern library"}
    assert label[language] in html.replace("\\u0027", "'")
    assert path in html
    assert client.get(path).status_code == 200

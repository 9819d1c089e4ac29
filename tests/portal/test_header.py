"""The header's menu is a <details> with a "Menü" button (<summary>): it opens without
JavaScript on phones (tests/browser/test_mobile_header.py drives it in a browser)."""

import re

import pytest

pytestmark = pytest.mark.django_db


def header(client, path):
    html = client.get(path).content.decode()
    return re.search(r'<header class="site-header">.*?</header>', html, re.S).group(0)


@pytest.mark.parametrize(("path", "label"), [("/de/", "Menü"), ("/en/", "Menu")])
def test_menu_button_is_a_summary_named_in_the_reader_s_language(client, home_en, path, label):
    html = header(client, path)
    assert re.search(rf'<summary class="site-menu__button">.*{label}</span></summary>', html)


def test_search_account_and_main_navigation_are_inside_the_menu(client, home_de):
    html = header(client, "/de/")
    menu = html[html.index('<details class="site-menu"') :]
    assert 'role="search"' in menu
    assert 'class="account-menu"' in menu
    assert 'class="language-switcher"' in menu
    logo = html.index('class="site-logo"')
    assert logo < html.index("<details")  # the logo stays outside, always visible


def test_menu_is_closed_in_the_html(client, home_de):
    """Opened by portal.js on wide screens only; the stylesheet shows it there anyway."""
    assert '<details class="site-menu" data-site-menu>' in header(client, "/de/")

"""``load_demo_content`` builds a bilingual portal and is idempotent, and its content tells
one consistent story: nothing in the past is told as if it were still to come, English pages
have English bodies, announcements fit the event calendar."""

import io
import re

import pytest
from django.core.management import call_command
from django.utils import timezone
from django.utils.html import strip_tags
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Locale, Page
from wagtail_localize.fields import TranslatableField

from blog.models import BlogPage
from events.models import EventPage
from home.models import NavigationSettings, StandardPage, Topic

pytestmark = pytest.mark.django_db


def test_demo_content_twice_leaves_the_same_pages_and_topics(demo_content):
    pages, topics = Page.objects.count(), Topic.objects.count()
    call_command("load_demo_content", stdout=io.StringIO())
    assert Page.objects.count() == pages
    assert Topic.objects.count() == topics


def test_demo_content_has_the_legal_pages_in_both_languages(demo_content, locale_en):
    for slug in ("impressum", "datenschutz", "barrierefreiheit", "ueber-uns"):
        page = StandardPage.objects.get(slug=slug, locale__language_code="de")
        assert page.live
        translation = page.get_translation(locale_en)
        assert translation.live
        assert translation.title != page.title


def test_demo_accessibility_statement_names_the_tested_standard_and_date(
    client, demo_content, locale_en
):
    """The statement says which standard the portal was tested against, and when."""
    page = StandardPage.objects.get(slug="barrierefreiheit", locale__language_code="de")
    german = strip_tags(client.get(page.url).content.decode())
    for text in ("WCAG 2.2", "Konformitätsstufe AA", "BITV 2.0", "EN 301 549"):
        assert text in german
    assert "WCAG 2.1" not in german
    assert re.search(r"Prüfung fand am \d{1,2}\. [A-ZÄÖÜ][a-zä]+ 20\d\d statt", german)
    english = strip_tags(client.get(page.get_translation(locale_en).url).content.decode())
    for text in ("WCAG 2.2", "level AA", "BITV 2.0", "EN 301 549"):
        assert text in english
    assert re.search(r"test took place on \d{1,2} [A-Z][a-z]+ 20\d\d", english)


def test_demo_navigation_links_about_and_legal_pages(client, demo_content):
    nav = NavigationSettings.for_site(demo_content)
    assert len(nav.main_menu) >= 1
    assert len(nav.footer_menu) == 3
    html = client.get("/en/").content.decode()
    assert "Legal notice" in html and "Privacy policy" in html and "Accessibility statement" in html
    assert "Impressum" not in html


def test_demo_pages_all_render_in_both_languages(client, demo_content):
    from tests.factories import UserFactory

    public = set(Page.objects.live().public().values_list("pk", flat=True))
    for page in Page.objects.live().filter(depth__gt=1, pk__in=public):
        response = client.get(page.url)
        assert response.status_code == 200, page.url
    # Members-only pages (a working group's area) for someone who may open them.
    client.force_login(UserFactory(email="alle-seiten@example.org", is_superuser=True))
    for page in Page.objects.live().filter(depth__gt=1).exclude(pk__in=public):
        response = client.get(page.url)
        assert response.status_code == 200, page.url


# --- One consistent story ---

# Words that tell of something still to come, in German and English.
FUTURE_WORDS = re.compile(
    r"\b(läuft noch|noch bis|bis Ende|nächste[nrs]?|kommende[nrs]?|demnächst|geplant|"
    r"erwartet|wird|werden|will|next|upcoming|is planned|runs until)\b",
    re.IGNORECASE,
)
YEAR = re.compile(r"\b(?:19|20)\d\d\b")


def text_of(page, field):
    """The plain text of a text field of ``page``."""
    value = getattr(page, field.name)
    if isinstance(field, StreamField):
        return strip_tags(str(value.render_as_block())).strip() if value else ""
    return strip_tags(str(value or "")).strip()


def is_text(field):
    return isinstance(field, (RichTextField, StreamField)) or (
        getattr(field, "concrete", False)
        and not field.is_relation
        and field.get_internal_type() in ("TextField", "CharField")
    )


def test_demo_tells_nothing_in_the_past_as_if_it_were_to_come(demo_content):
    this_year = timezone.localdate().year
    problems = []
    for page in Page.objects.live().filter(depth__gt=1).specific():
        for field in filter(is_text, page._meta.get_fields()):
            for sentence in re.split(r"(?<=[.!?])\s+", text_of(page, field)):
                past_years = [int(year) for year in YEAR.findall(sentence) if int(year) < this_year]
                if past_years and FUTURE_WORDS.search(sentence):
                    problems.append(f"{page.url} {field.name}: {sentence}")
    assert problems == [], "\n".join(problems)


def test_demo_articles_are_not_dated_in_the_future(demo_content):
    assert not BlogPage.objects.filter(date__gt=timezone.localdate()).exists()


def test_demo_announcement_of_the_next_forum_fits_the_event_calendar(demo_content):
    upcoming = EventPage.objects.get(slug="deutschlandforum-23", locale__language_code="de")
    assert upcoming.start > timezone.now()
    last_forum = (
        EventPage.objects.filter(
            locale__language_code="de", event_type="forum", end__lt=timezone.now()
        )
        .order_by("-start")
        .first()
    )
    announcements = [
        article
        for article in BlogPage.objects.live().filter(locale__language_code="de")
        if "nächste Deutschlandforum" in article.teaser
    ]
    assert announcements
    for article in announcements:
        # Published after the last forum took place, with the theme its event page has.
        assert article.date > timezone.localtime(last_forum.end).date(), article.title
        assert upcoming.theme.split(":")[0] in article.title, article.title


def test_demo_english_pages_have_english_bodies(demo_content):
    """No English page shows the German text of a body field (rich text, stream fields,
    longer texts): each is translated or left empty."""
    german = Locale.get_default()
    copies = []
    for page in Page.objects.live().filter(locale__language_code="en").specific():
        source = page.get_translation_or_none(german)
        if source is None:
            continue
        source = source.specific
        translated = {
            field.field_name
            for field in getattr(page, "translatable_fields", [])
            if isinstance(field, TranslatableField)
        }
        for name in sorted(translated):
            field = page._meta.get_field(name)
            if not is_text(field) or field.get_internal_type() == "CharField":
                continue
            text = text_of(source, field)
            # Short texts (an address, a name) may well be the same in both languages.
            if len(text) > 60 and text_of(page, field) == text:
                copies.append(f"{page.url} {name}")
    assert copies == [], "\n".join(copies)


def test_demo_slugs_write_out_umlauts(demo_content):
    """Demo pages get the slugs the admin would give them: "Jürgen Müller" →
    "juergen-mueller", never "jurgen-muller"."""
    from community.models import MemberPage
    from portal.slugs import german_slugify

    members = MemberPage.objects.filter(locale__language_code="de")
    with_umlauts = [page for page in members if re.search("[äöüßÄÖÜ]", page.title)]
    assert with_umlauts, "the demo should have members with umlauts in their names"
    for page in with_umlauts:
        assert page.slug == german_slugify(page.title), page.title

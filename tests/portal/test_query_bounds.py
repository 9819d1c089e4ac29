"""A listing needs the same number of SQL queries for a few items as for many.

That is what the design promises (listings are paginated, and what a card shows is loaded
for the whole page at once: ``select_related``, ``prefetch_related``, prefetched
renditions), so each listing is viewed here with 3 items and again with 30, every item
with what its card shows (an image, topics, an organisation, authors, comments, references,
partners), and the two counts must be equal: one query per item would add 9 to 27 queries.
Each listing also stays within a budget that names what every query is for.

The counts are those of a view in a new cache generation (as after the publish that added
the items): nothing of the page comes from the cache, every per-generation lookup is made
afresh. Within a generation most views need no query at all (the last test).

The apps' own tests check the same for filtered listings (``tests/blog/test_index.py``,
``tests/community/test_directory.py``, ...); this module covers every listing and, with the
demo content, every page type, present and future.
"""

import datetime
import io
import json
import re
from dataclasses import dataclass

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from wagtail_factories import ImageFactory

from blog.models import BlogPageAuthor
from community.models import ProjectPartner, SolutionReference
from portal.caching.pages import invalidate_page_cache
from tests.blog.conftest import make_comment
from tests.conftest import refreshed
from tests.factories import (
    BlogIndexPageFactory,
    BlogPageFactory,
    EventIndexPageFactory,
    EventPageFactory,
    ExpertIndexPageFactory,
    ExpertPageFactory,
    IdeaIndexPageFactory,
    IdeaPageFactory,
    MemberIndexPageFactory,
    MemberPageFactory,
    OrganisationFactory,
    PersonFactory,
    ProjectIndexPageFactory,
    ProjectPageFactory,
    SolutionIndexPageFactory,
    SolutionPageFactory,
    StandardPageFactory,
)
from tests.library.conftest import restrict_to_members
from tests.library.factories import LibraryIndexPageFactory, ResourcePageFactory

pytestmark = pytest.mark.django_db

FEW, MANY = 3, 30

# What every page needs in a new cache generation, besides its own parts (here: a German
# home page, the page below it, an English locale without translations, no menus):
#   router:   1 the site for the host, 2 which page has the path (and the pages above it
#             with their own routing), 3 the live page;
#   privacy:  4 the paths under a view restriction, 5 the paths of aliases;
#   header:   the language switcher: 6 the page's translations, 7 its ancestors and 8
#             their English translations (the closest translated page above), 9 the
#             English locale and 10 the English home page (the last resort); 11 the
#             navigation settings; 12 the ancestors (breadcrumbs);
#   footer:   13 the site settings.
FRAME = 13


# The addresses of the people, solutions and projects an organisation page lists
# (``MemberPageFactory``, ``SolutionPageFactory``, ``ProjectPageFactory``).
LISTED_BY_ORGANISATION = ("mitglieder/mitglied-", "marktplatz/loesung-", "projekte/projekt-")


def cards(html, css_class):
    return len(re.findall(rf'class="card {css_class}"', html))


@dataclass
class Listing:
    """A listing under test: ``setup(home, topic)`` builds its pages and returns
    ``(url, add)``; ``add(first, count)`` adds ``count`` items; ``shown(html, volume)``
    checks that the page lists what it should (so that the counts compare real work)."""

    name: str
    setup: object
    shown: object
    budget: int


# --- Builders ----------------------------------------------------------------------------


def _articles(home, topic):
    index = BlogIndexPageFactory(parent=refreshed(home))
    directory = MemberIndexPageFactory(parent=refreshed(home))
    member = MemberPageFactory(parent=refreshed(directory))

    def add(first, count):
        for number in range(first, first + count):
            article = BlogPageFactory(
                parent=refreshed(index),
                title=f"Artikel {number}",
                lead_image=ImageFactory(),
                topics=[topic],
                authors=[BlogPageAuthor(member=member), BlogPageAuthor(person=PersonFactory())],
            )
            make_comment(article)

    return index, add


def blog_index(home, topic):
    index, add = _articles(home, topic)
    return index.url, add


def blog_topic(home, topic):
    index, add = _articles(home, topic)
    return f"{index.url}?topic={topic.slug}", add


def blog_feed(home, topic):
    index, add = _articles(home, topic)
    return f"{index.url}feed/", add


def _events(home):
    index = EventIndexPageFactory(parent=refreshed(home))

    def add(first, count):
        """Every other event has ended (10, 30, ... days ago), the others are to come."""
        for number in range(first, first + count):
            days = 10 * (number + 1) * (1 if number % 2 else -1)
            start = timezone.now() + datetime.timedelta(days=days)
            EventPageFactory(
                parent=refreshed(index),
                title=f"Veranstaltung {number}",
                lead_image=ImageFactory(),
                start=start,
                end=start + datetime.timedelta(hours=6),
            )

    return index, add


def event_index(home, topic):
    index, add = _events(home)
    return index.url, add


def home_page(home, topic):
    _index, add_articles = _articles(home, topic)
    _index, add_events = _events(home)

    def add(first, count):
        add_articles(first, count)
        add_events(first, count)

    return "/de/", add


def member_directory(home, topic):
    directory = MemberIndexPageFactory(parent=refreshed(home))

    def add(first, count):
        for number in range(first, first + count):
            MemberPageFactory(
                parent=refreshed(directory),
                last_name=f"Mitglied {number}",
                photo=ImageFactory(),
                organisation=OrganisationFactory(),
                topics=[topic],
            )

    return directory.url, add


def organisation_page(home, topic):
    """An organisation's people, solutions and projects (all of them, not paginated)."""
    directory = MemberIndexPageFactory(parent=refreshed(home))
    marketplace = SolutionIndexPageFactory(parent=refreshed(home))
    projects = ProjectIndexPageFactory(parent=refreshed(home))
    organisation = OrganisationFactory(slug="stadt-musterstadt")

    def add(first, count):
        for _ in range(count):
            MemberPageFactory(
                parent=refreshed(directory), photo=ImageFactory(), organisation=organisation
            )
            SolutionPageFactory(
                parent=refreshed(marketplace), image=ImageFactory(), provider=organisation
            )
            project = ProjectPageFactory(parent=refreshed(projects), image=ImageFactory())
            ProjectPartner.objects.create(
                project=project, organisation=organisation, role="kommune"
            )

    return f"{directory.url}organisation/{organisation.slug}/", add


def marketplace(home, topic):
    index = SolutionIndexPageFactory(parent=refreshed(home))

    def add(first, count):
        for _ in range(count):
            solution = SolutionPageFactory(
                parent=refreshed(index), image=ImageFactory(), topics=[topic]
            )
            SolutionReference.objects.create(solution=solution, name="Musterstadt", state="hessen")

    return index.url, add


def project_index(home, topic):
    index = ProjectIndexPageFactory(parent=refreshed(home))

    def add(first, count):
        for _ in range(count):
            project = ProjectPageFactory(
                parent=refreshed(index), image=ImageFactory(), topics=[topic]
            )
            ProjectPartner.objects.create(
                project=project, organisation=OrganisationFactory(), role="kommune"
            )

    return index.url, add


def expert_index(home, topic):
    index = ExpertIndexPageFactory(parent=refreshed(home))

    def add(first, count):
        for number in range(first, first + count):
            ExpertPageFactory(
                parent=refreshed(index),
                name=f"Beratung {number}",
                topics=[topic],
                regions=["hessen", "bayern"],
                languages=["de", "en"],
            )

    return index.url, add


def idea_index(home, topic):
    from ideas.models import IdeaSupport

    index = IdeaIndexPageFactory(parent=refreshed(home))

    def add(first, count):
        for number in range(first, first + count):
            idea = IdeaPageFactory(parent=refreshed(index), image=ImageFactory())
            idea.topics.set([topic])
            idea.save()
            IdeaSupport.objects.create(
                idea=idea, email=f"person-{number}@example.org", confirmed_at=timezone.now()
            )

    return index.url, add


def library_index(home, topic):
    index = LibraryIndexPageFactory(parent=refreshed(home))

    def add(first, count):
        for number in range(first, first + count):
            resource = ResourcePageFactory(parent=refreshed(index), topics=[topic])
            if number % 3 == 0:
                restrict_to_members(resource)

    return index.url, add


def search_page(home, topic):
    _index, add = _articles(home, topic)
    return "/de/suche/?q=Artikel", add


# --- The listings and their budgets ------------------------------------------------------
#
# Each budget is FRAME plus the listing's own queries, named in order.

LISTINGS = [
    Listing(
        "blog index",
        blog_index,
        lambda html, volume: cards(html, "article-card") == min(volume, 12),
        # 1 the view restrictions (``public()``), 2 the topics of the filter, 3 the number
        # of articles, 4 the index's locale, 5 the articles of the page, 6 their topics,
        # 7 their lead images, 8 the renditions, 9 the topics in the reader's language,
        # 10 the comment counts.
        FRAME + 10,
    ),
    Listing(
        "blog index by topic",
        blog_topic,
        lambda html, volume: cards(html, "article-card") == min(volume, 12),
        FRAME + 10,  # as the blog index: the topic narrows the same queries
    ),
    Listing(
        "article feed",
        blog_feed,
        lambda html, volume: html.count("<item>") == volume,
        # Routed by Wagtail (a sub-route): 1 the site, 2 the path lookup, 3 the home page,
        # 4 its child with the slug, 5 the index; 6, 7 the privacy paths; 8 the index's
        # locale, 9 its site (absolute links), 10 the view restrictions, 11 the
        # articles, 12 their topics, 13 their authors, 14 the members and 15 the people
        # among them, 16 the topics in the feed's language. No header or footer.
        16,
    ),
    Listing(
        "event index",
        event_index,
        lambda html, volume: (
            cards(html, "event-card") == (volume // 2) + min(volume - volume // 2, 12)
        ),
        # 1 the view restrictions, 2 the upcoming events, 3 their images, 4 the renditions,
        # 5 the number of past events, 6 the past events of the page, 7 their images,
        # 8 the renditions, 9 the topics of all cards (the pictures of those without one).
        FRAME + 9,
    ),
    Listing(
        "home page",
        home_page,
        lambda html, volume: (
            cards(html, "article-card") == 3
            and len(re.findall(r">Veranstaltung \d+</a>", html)) == min(volume // 2, 3)
        ),
        # The frame less two (no pages above the home page: no breadcrumbs, no English
        # translations of its ancestors to look up); 1 the number of members and 2 of
        # their profiles (the introduction), 3 the view restrictions, 4 the three latest
        # articles, 5 their topics, 6 their lead images, 7 the renditions, 8 the topics in
        # the reader's language, 9 the comment counts, 10 the articles' index (the link to
        # all articles), 11 the view restrictions, 12 the next three events.
        FRAME - 2 + 12,
    ),
    Listing(
        "member directory",
        member_directory,
        lambda html, volume: cards(html, "member-card") == min(volume, 24),
        # 1 the view restrictions, 2 the topics of the filter, 3 the number of members,
        # 4 the ids of the page, 5 their profiles (with organisation and locale), 6 their
        # topics, 7 their photos, 8 the renditions, 9-11 the facet counts (state, topic,
        # organisation type).
        FRAME + 11,
    ),
    Listing(
        "organisation page",
        organisation_page,
        lambda html, volume: (
            [html.count(f'href="/de/{path}') for path in LISTED_BY_ORGANISATION] == [volume] * 3
        ),
        # A sub-route of the directory, routed by Wagtail: the home page and its child
        # with the slug as well; no breadcrumbs (the template writes its own). 1 the
        # organisation, 2-4 the view restrictions of its three lists, 5 its people, 6 their
        # photos, 7 the renditions, 8 its solutions, 9 its projects.
        FRAME + 2 - 1 + 9,
    ),
    Listing(
        "marketplace",
        marketplace,
        lambda html, volume: cards(html, "solution-card") == min(volume, 20),
        # 1 the view restrictions, 2 the topics of the filter, 3 the number of solutions,
        # 4 the ids of the page, 5 the solutions (with provider and locale), 6 their topics,
        # 7 their references, 8 their images, 9 the renditions, 10-14 the facet counts
        # (topic, maturity, size, reference state, provider type).
        FRAME + 14,
    ),
    Listing(
        "project index",
        project_index,
        lambda html, volume: cards(html, "project-card") == min(volume, 12),
        # 1 the view restrictions, 2 the topics of the filter, 3 the number of projects,
        # 4 the ids of the page, 5 the projects (with locale), 6 their topics, 7 their
        # partners, 8 the partners' organisations, 9 their images, 10 the renditions,
        # 11-12 the facet counts (phase, topic).
        FRAME + 12,
    ),
    Listing(
        "expert database",
        expert_index,
        lambda html, volume: cards(html, "expert-card") == min(volume, 20),
        # 1 the view restrictions, 2 the topics of the filter, 3 the number of experts,
        # 4 the ids of the page, 5 their profiles (with locale), 6 their topics, 7 their
        # regions, 8 their languages, 9-13 the facet counts (topic, region, size, language,
        # availability).
        FRAME + 13,
    ),
    Listing(
        "ideas index",
        idea_index,
        lambda html, volume: cards(html, "idea-card") == min(volume, 12),
        # 1 the view restrictions, 2 the topics of the filter, 3 the number of ideas, 4 the
        # ids of the page, 5 the ideas (with locale), 6 their topics, 7 their images, 8 the
        # renditions, 9 the support counts, 10-11 the facet counts (topic, status).
        FRAME + 11,
    ),
    Listing(
        "knowledge library",
        library_index,
        lambda html, volume: len(re.findall(r'class="card resource-card', html)) == min(volume, 20),
        # 1 the restricted paths and their kinds (members-only resources are listed, marked),
        # 2 the topics of the filter, 3 the number of resources, 4 the ids of the page, 5 the
        # resources (with locale and document), 6 their topics, 7-8 the facet counts (type,
        # topic).
        FRAME + 8,
    ),
    Listing(
        "search",
        search_page,
        lambda html, volume: html.count('<li class="search-result">') == min(volume, 10),
        # No page: no router, privacy paths, language switcher or breadcrumbs. 1 the
        # restricted pages, 2 the synonyms of the language (cached per generation) and
        # 3 collections (what the reader may see), 4 the type facet (also the number of
        # results), 5 the search, 6 the pages found and 7 their specific rows, 8 the site
        # (their URLs), 9 the number of documents and 10 the first of them, 11 the topic
        # facet (articles), 12 its topics' slugs and 13 names, 14 the topic suggestions,
        # 15 the editor's picks, 16 the query and 17-18 its daily hits (read, count up),
        # 19 the search term statistic (count up), 20 the navigation settings, 21 the site
        # settings. On PostgreSQL 5 comes in 4's statement, which runs in a savepoint of its
        # own with ``SET LOCAL enable_nestloop`` and its reset (four statements that do no
        # work of their own: search.grouped_facets): 23.
        23,
    ),
]


def cold_view(client, url, django_assert_max_num_queries, budget):
    """``(queries, html)`` of a view of ``url`` in a new cache generation."""
    client.get(url)  # renditions are made on the first view, once
    invalidate_page_cache()
    with django_assert_max_num_queries(budget) as captured:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(captured), response.content.decode()


@pytest.mark.parametrize("listing", LISTINGS, ids=[listing.name for listing in LISTINGS])
def test_a_listing_needs_as_many_queries_for_30_items_as_for_3(
    listing, client, home_de, topics, django_assert_max_num_queries
):
    url, add = listing.setup(home_de, topics["wasser"])
    add(0, FEW)
    few, html = cold_view(client, url, django_assert_max_num_queries, listing.budget)
    assert listing.shown(html, FEW)

    add(FEW, MANY - FEW)
    many, html = cold_view(client, url, django_assert_max_num_queries, listing.budget)
    assert listing.shown(html, MANY)
    assert many == few


def test_a_page_without_a_listing_needs_only_the_frame(
    client, home_de, django_assert_max_num_queries
):
    page = StandardPageFactory(parent=refreshed(home_de), title="Über uns", slug="ueber-uns")
    _queries, html = cold_view(client, page.url, django_assert_max_num_queries, FRAME)
    assert "<h1>Über uns</h1>" in html


# --- Every page type, at the demo's volume and after seed_bulk ---------------------------

# The article cards' lead images and their renditions are two queries that are not made
# when no card on the page has an image: the seeded articles, the newest after seeding,
# have none, so pages that show the newest articles (the German blog index, home page and
# articles' related articles) may need up to two queries fewer at the larger volume.
CARD_IMAGE_QUERIES = 2
# Within a generation a view needs no query, except for what depends on the reader and is
# read per request: how they may contact a member (from the German profile, which holds
# the contact settings: no query on the German page itself), a provider or an expert (the
# contact addresses, which are kept out of the shared cache).
WARM_QUERIES = {
    "community.MemberPage [en]": 1,
    "community.SolutionPage [de]": 1,
    "community.SolutionPage [en]": 1,
    "experts.ExpertPage [de]": 1,
    "experts.ExpertPage [en]": 1,
}


def page_type_examples():
    out = io.StringIO()
    call_command("page_type_examples", stdout=out)
    return {
        f"{label} [{language}]": path
        for label, by_language in json.loads(out.getvalue()).items()
        for language, path in by_language.items()
    }


def queries_for(client, path):
    """Queries of a view in a new cache generation."""
    client.get(path)
    invalidate_page_cache()
    with CaptureQueriesContext(connection) as captured:
        response = client.get(path)
    assert response.status_code == 200, path
    return len(captured)


def warm_queries_for(client, path):
    """Queries of a second view in the same generation (what most views cost)."""
    client.get(path)
    with CaptureQueriesContext(connection) as captured:
        client.get(path)
    return len(captured)


def test_no_page_type_needs_more_queries_at_a_larger_volume(demo_content, client):
    examples = page_type_examples()
    # Every project page type is covered in both languages.
    page_types = {label.split(" ")[0] for label in examples}
    assert {"home.HomePage", "blog.BlogPage", "events.EventPage", "community.MemberPage"} <= (
        page_types
    )
    assert len(examples) >= 2 * 10
    small = {label: queries_for(client, path) for label, path in examples.items()}

    call_command("seed_bulk", "--scale", "0.02", stdout=io.StringIO())
    large = {label: queries_for(client, path) for label, path in examples.items()}

    changed = {
        label: (small[label], large[label])
        for label in examples
        if not small[label] - CARD_IMAGE_QUERIES <= large[label] <= small[label]
    }
    assert changed == {}, "(demo, seeded) queries of a view in a new cache generation"

    warm = {label: warm_queries_for(client, path) for label, path in examples.items()}
    assert warm == {label: WARM_QUERIES.get(label, 0) for label in examples}

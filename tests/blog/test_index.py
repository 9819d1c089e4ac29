"""The article index: newest first, paginated, filtered by topic, tag, type and year through
plain query parameters; the home page's "latest articles"."""

import datetime

import pytest
from django.template import Context, Template
from django.test import RequestFactory

from blog.models import ArticleType
from tests.blog.conftest import make_article, make_comment
from tests.factories import TopicFactory

pytestmark = pytest.mark.django_db


def titles(html):
    return [
        part.split(">", 1)[1].split("</a>", 1)[0]
        for part in html.split('<h3 class="card__title"><a href=')[1:]
    ]


@pytest.fixture
def three_articles(blog_index, water, locale_de):
    mobility = TopicFactory(name="Mobilität", slug="mobilitaet", locale=locale_de)
    old = make_article(blog_index, title="Alt", date=datetime.date(2021, 3, 1))
    middle = make_article(
        blog_index,
        title="Mitte",
        date=datetime.date(2023, 6, 1),
        article_type=ArticleType.INTERVIEW,
    )
    new = make_article(
        blog_index,
        title="Neu",
        date=datetime.date(2024, 9, 1),
        article_type=ArticleType.WORKSHOP_REPORT,
    )
    for page, topics, tags in (
        (old, [water], ["LoRaWAN"]),
        (middle, [mobility], ["Open Data"]),
        (new, [water, mobility], ["LoRaWAN", "Werkstatt"]),
    ):
        page.topics = topics
        page.tags.set(tags)
        page.save_revision().publish()
    return old, middle, new


def test_index_lists_articles_newest_first(client, blog_index, three_articles):
    assert titles(client.get(blog_index.url).content.decode()) == ["Neu", "Mitte", "Alt"]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("topic=wasser", ["Neu", "Alt"]),
        ("topic=mobilitaet", ["Neu", "Mitte"]),
        ("tag=lorawan", ["Neu", "Alt"]),
        ("tag=Open+Data", ["Mitte"]),
        ("type=interview", ["Mitte"]),
        ("year=2021", ["Alt"]),
        ("topic=wasser&type=workshop_report", ["Neu"]),
        ("topic=&tag=&type=&year=", ["Neu", "Mitte", "Alt"]),
    ],
)
def test_index_filters_by_query_parameters(client, blog_index, three_articles, query, expected):
    response = client.get(f"{blog_index.url}?{query}")
    assert response.status_code == 200
    assert titles(response.content.decode()) == expected


@pytest.mark.parametrize(
    "query",
    [
        "topic=gibt-es-nicht",
        "type=roman",
        "year=99999",
        "year=abc",
        "year=-1",
        "tag=" + "x" * 300,
        # A NUL character gets the 400 page first (tests/portal/test_request_guard.py).
    ],
)
def test_unknown_filter_value_gives_an_empty_result_with_an_explanation(
    client, blog_index, three_articles, query
):
    response = client.get(f"{blog_index.url}?{query}")
    assert response.status_code == 200
    html = response.content.decode()
    assert titles(html) == []
    assert "Mindestens ein Filterwert ist unbekannt" in html


def test_unknown_tag_gives_an_empty_result(client, blog_index, three_articles):
    html = client.get(f"{blog_index.url}?tag=gibt-es-nicht").content.decode()
    assert titles(html) == []
    assert "Keine Beiträge gefunden." in html


def test_filter_form_works_without_javascript(client, blog_index, three_articles):
    html = client.get(blog_index.url).content.decode()
    assert f'<form class="article-filter" method="get" action="{blog_index.url}"' in html
    for name in ("topic", "tag", "type", "year"):
        assert f'name="{name}"' in html
        assert f'<label for="id_{name}">' in html
    assert '<option value="wasser">Wasser</option>' in html
    assert '<option value="2024">2024</option>' in html


def test_filter_form_shows_the_active_filter(client, blog_index, three_articles):
    html = client.get(f"{blog_index.url}?topic=wasser").content.decode()
    assert '<option value="wasser" selected>Wasser</option>' in html
    assert "Alle Filter zurücksetzen" in html


def test_index_is_paginated_and_keeps_the_filters(client, blog_index, water, settings):
    settings.BLOG_ARTICLES_PER_PAGE = 2
    for number in range(5):
        page = make_article(blog_index, title=f"Artikel {number}")
        page.topics = [water]
        page.save_revision().publish()
    html = client.get(f"{blog_index.url}?topic=wasser&page=2").content.decode()
    assert len(titles(html)) == 2
    assert 'href="?topic=wasser&amp;page=3"' in html


@pytest.mark.parametrize(("page", "expected"), [("999", 3), ("abc", 1), ("-5", 3), ("0", 3)])
def test_unknown_page_number_shows_a_valid_page(client, blog_index, settings, page, expected):
    settings.BLOG_ARTICLES_PER_PAGE = 2
    for number in range(5):
        make_article(blog_index, title=f"Artikel {number}")
    response = client.get(f"{blog_index.url}?page={page}")
    assert response.status_code == 200
    assert f'<span aria-current="page">Seite {expected}</span>' in response.content.decode()


def test_index_shows_the_comment_count_of_each_article(client, blog_index, article):
    make_comment(article)
    make_comment(article)
    html = client.get(blog_index.url).content.decode()
    assert '<span class="article-card__comments">2 Kommentare</span>' in html


def test_index_lists_only_articles_of_its_language(
    client, blog_index, blog_index_en, article, locale_en
):
    translation = article.copy_for_translation(locale_en)
    translation.title = "Workshop 8"
    translation.save_revision().publish()
    german = titles(client.get(blog_index.url).content.decode())
    english = titles(client.get(blog_index_en.url).content.decode())
    assert german == [article.title]
    assert english == ["Workshop 8"]


def test_english_index_shows_english_topic_names(
    client, blog_index, blog_index_en, water, locale_en
):
    english_water = water.copy_for_translation(locale_en)
    english_water.name = "Water"
    english_water.save()
    page = make_article(blog_index, title="Wasserbericht")
    page.topics = [water]
    page.save_revision().publish()
    translation = page.copy_for_translation(locale_en)
    translation.save_revision().publish()
    html = client.get(blog_index_en.url).content.decode()
    assert '<span class="tag">Water</span>' in html
    assert '<option value="wasser">Water</option>' in html


def test_index_needs_the_same_number_of_queries_for_many_articles(
    client, blog_index, water, django_assert_max_num_queries
):
    def add(first, count):
        for number in range(first, first + count):
            page = make_article(blog_index, title=f"Artikel {number}")
            page.topics = [water]
            page.tags.set(["eins", "zwei"])
            page.save_revision().publish()
            make_comment(page)

    add(0, 3)
    client.get(blog_index.url)
    with django_assert_max_num_queries(40) as few:
        client.get(blog_index.url)
    few_queries = len(few)
    add(3, 12)
    client.get(blog_index.url)
    with django_assert_max_num_queries(few_queries):
        client.get(blog_index.url)


def render_latest(language, count=3):
    from django.utils import translation

    request = RequestFactory().get(f"/{language}/")
    with translation.override(language):
        return Template("{% load blog_tags %}{% latest_articles " + str(count) + " %}").render(
            Context({"request": request})
        )


def test_latest_articles_shows_the_newest_in_the_readers_language(
    blog_index, blog_index_en, locale_en
):
    for number, day in enumerate([1, 3, 2, 4]):
        make_article(blog_index, title=f"Deutsch {number}", date=datetime.date(2024, 1, day))
    english = make_article(blog_index_en, title="English news", date=datetime.date(2024, 1, 1))
    html = render_latest("de")
    assert titles(html) == ["Deutsch 3", "Deutsch 1", "Deutsch 2"]
    assert "English news" not in html
    assert titles(render_latest("en")) == [english.title]


def test_latest_articles_needs_a_bounded_number_of_queries(
    blog_index, water, django_assert_max_num_queries
):
    for number in range(8):
        page = make_article(blog_index, title=f"Artikel {number}")
        page.topics = [water]
        page.save_revision().publish()
    render_latest("de")
    with django_assert_max_num_queries(8):
        render_latest("de", count=6)


def test_home_page_shows_the_latest_articles(client, blog_index, article):
    html = client.get("/de/").content.decode()
    assert "Neueste Beiträge" in html
    assert article.title in html

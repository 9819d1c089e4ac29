"""RSS 2.0 and Atom feeds per language and per topic, checked with a real feed parser."""

import datetime

import feedparser
import pytest

from tests.blog.conftest import make_article, make_comment

pytestmark = pytest.mark.django_db


@pytest.fixture
def articles(blog_index, water):
    old = make_article(blog_index, title="Ältere Nachricht", date=datetime.date(2023, 1, 5))
    new = make_article(
        blog_index,
        title="Wasser im Modellkreis",
        date=datetime.date(2024, 5, 6),
        teaser="Sensoren am Dorfbach.",
    )
    new.topics = [water]
    new.save_revision().publish()
    return old, new


def parse(client, url):
    response = client.get(url)
    assert response.status_code == 200
    feed = feedparser.parse(response.content)
    assert not feed.bozo, feed.bozo_exception
    return response, feed


def test_rss_feed_lists_articles_newest_first(client, blog_index, articles):
    response, feed = parse(client, f"{blog_index.url}feed/")
    assert response["Content-Type"].startswith("application/rss+xml")
    assert feed.version == "rss20"
    assert [entry.title for entry in feed.entries] == ["Wasser im Modellkreis", "Ältere Nachricht"]
    first = feed.entries[0]
    assert first.link == f"http://testserver{articles[1].url}"
    assert first.summary == "Sensoren am Dorfbach."
    assert first.published_parsed[:3] == (2024, 5, 6)
    assert [tag.term for tag in first.tags] == ["Wasser"]
    assert feed.feed.language == "de"


def test_atom_feed_parses(client, blog_index, articles):
    response, feed = parse(client, f"{blog_index.url}feed/atom/")
    assert response["Content-Type"].startswith("application/atom+xml")
    assert feed.version == "atom10"
    assert len(feed.entries) == 2
    assert feed.entries[0].updated_parsed is not None


@pytest.mark.parametrize("path", ["feed/", "feed/atom/"])
def test_feeds_can_be_narrowed_to_a_topic(client, blog_index, articles, path):
    _, feed = parse(client, f"{blog_index.url}{path}?topic=wasser")
    assert [entry.title for entry in feed.entries] == ["Wasser im Modellkreis"]
    assert "Wasser" in feed.feed.title


@pytest.mark.parametrize("path", ["feed/", "feed/atom/"])
def test_unknown_topic_in_a_feed_is_404_in_the_readers_language(client, blog_index_en, path):
    response = client.get(f"{blog_index_en.url}{path}?topic=gibt-es-nicht")
    assert response.status_code == 404
    assert "Page not found" in response.content.decode()


@pytest.mark.parametrize("path", ["feed/", "feed/atom/"])
@pytest.mark.parametrize("value", ["<b>", "wasser/../x", "a b", "x" * 300])
def test_a_malformed_topic_in_a_feed_is_404(client, blog_index, articles, path, value):
    response = client.get(f"{blog_index.url}{path}", {"topic": value})
    assert response.status_code == 404


def test_each_language_has_its_own_feed(client, blog_index, blog_index_en, articles, locale_en):
    english = articles[1].copy_for_translation(locale_en)
    english.title = "Water in the model district"
    english.save_revision().publish()
    _, feed = parse(client, f"{blog_index_en.url}feed/")
    assert [entry.title for entry in feed.entries] == ["Water in the model district"]
    assert feed.feed.language == "en"
    assert feed.entries[0].link.startswith("http://testserver/en/")


def test_english_topic_feed_uses_the_shared_slug(
    client, blog_index, blog_index_en, articles, water, locale_en
):
    english_water = water.copy_for_translation(locale_en)
    english_water.name = "Water"
    english_water.save()
    english = articles[1].copy_for_translation(locale_en)
    english.save_revision().publish()
    _, feed = parse(client, f"{blog_index_en.url}feed/?topic=wasser")
    assert len(feed.entries) == 1
    assert "Water" in feed.feed.title
    assert [tag.term for tag in feed.entries[0].tags] == ["Water"]


def test_index_and_article_advertise_the_feeds(client, blog_index, article):
    for url in (blog_index.url, article.url):
        head = client.get(url).content.decode().split("</head>", 1)[0]
        assert (
            f'<link rel="alternate" type="application/rss+xml" title="Aktuelles (RSS)" '
            f'href="{blog_index.url}feed/">' in head
        )
        atom = f'title="Aktuelles (Atom)" href="{blog_index.url}feed/atom/">'
        assert f'type="application/atom+xml" {atom}' in head


def test_filtered_index_advertises_the_topic_feed(client, blog_index, articles):
    head = client.get(f"{blog_index.url}?topic=wasser").content.decode().split("</head>", 1)[0]
    assert f'href="{blog_index.url}feed/?topic=wasser"' in head


def test_feeds_never_contain_commenter_email_addresses(client, blog_index, article):
    make_comment(article, user_email="geheim@example.org")
    for path in ("feed/", "feed/atom/"):
        assert b"geheim@example.org" not in client.get(f"{blog_index.url}{path}").content


def test_unpublished_articles_are_not_in_the_feed(client, blog_index, articles):
    articles[0].unpublish()
    _, feed = parse(client, f"{blog_index.url}feed/")
    assert [entry.title for entry in feed.entries] == ["Wasser im Modellkreis"]

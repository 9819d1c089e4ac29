"""Demo content, bulk volumes and the clean-up of unconfirmed comments."""

import io
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone
from wagtail.models import Page

from blog.models import BlogIndexPage, BlogPage, PortalComment
from demo.blog import seed_bulk
from tests.blog.conftest import make_comment

pytestmark = pytest.mark.django_db

Status = PortalComment.Status


def german_articles():
    return BlogPage.objects.filter(locale__language_code="de")


def test_demo_has_a_dozen_german_articles_of_every_type(demo_content):
    articles = german_articles()
    assert articles.count() == 12
    assert set(articles.values_list("article_type", flat=True)) == {
        "news",
        "workshop_report",
        "interview",
        "press_release",
    }
    assert all(article.authors.exists() for article in articles)
    assert all(article.topics.exists() for article in articles)


def test_demo_has_the_workshop_8_report(demo_content):
    report = german_articles().get(slug="werkstatt-8-in-silos-oder-innovativ")
    assert report.title.startswith("Werkstatt 8: In Silos oder innovativ?")
    assert report.article_type == "workshop_report"
    text = " ".join(str(block.value) for block in report.body)
    assert "Metaplanwand" in text and "Einzelhandel" in text and "Plenum" in text


def test_demo_index_exists_in_both_languages_and_in_the_menu(client, demo_content, locale_en):
    index = BlogIndexPage.objects.get(locale__language_code="de")
    assert index.title == "Aktuelles"
    assert index.get_translation(locale_en).title == "News"
    assert ">Aktuelles</a>" in client.get("/de/").content.decode()


def test_demo_translates_some_articles_into_english(demo_content):
    english = BlogPage.objects.filter(locale__language_code="en", live=True)
    assert 4 <= english.count() < 12
    assert english.filter(slug="workshop-8-silos-or-innovation").exists()


def test_demo_comments_include_nested_threads_and_one_awaiting_confirmation(demo_content):
    assert PortalComment.objects.filter(level__gte=2, status=Status.PUBLISHED).exists()
    assert PortalComment.objects.filter(status=Status.AWAITING_CONFIRMATION).count() == 1


def test_demo_twice_adds_nothing(demo_content):
    counts = (BlogPage.objects.count(), PortalComment.objects.count())
    call_command("load_demo_content", stdout=io.StringIO())
    assert (BlogPage.objects.count(), PortalComment.objects.count()) == counts


def test_demo_blog_pages_render_in_both_languages(client, demo_content):
    for page in Page.objects.live().type(BlogIndexPage, BlogPage):
        assert client.get(page.url).status_code == 200, page.url
    assert client.get("/de/aktuelles/feed/").status_code == 200
    assert client.get("/en/news/feed/atom/").status_code == 200


def test_seed_bulk_adds_articles_and_comments_that_render(client, demo_content):
    before_pages, before_comments = BlogPage.objects.count(), PortalComment.objects.count()
    seed_bulk(scale=0.02)
    assert BlogPage.objects.count() - before_pages == 50
    assert PortalComment.objects.count() - before_comments == 500
    assert Page.find_problems() == ([], [], [], [], [])
    long_discussion = german_articles().get(title__startswith="Lange Diskussion")
    assert PortalComment.objects.for_page(long_discussion).count() == 200
    html = client.get(long_discussion.url).content.decode()
    assert html.count('class="comment comment--') >= 190
    index = BlogIndexPage.objects.get(locale__language_code="de")
    assert client.get(f"{index.url}?page=3").status_code == 200


def test_bulk_comments_thread_like_real_ones(demo_content):
    seed_bulk(scale=0.01)
    for reply in PortalComment.objects.filter(level__gt=0)[:50]:
        parent = PortalComment.objects.get(pk=reply.parent_id)
        assert parent.thread_id == reply.thread_id
        assert parent.level == reply.level - 1
        assert parent.order < reply.order


def test_unconfirmed_comments_are_purged_when_their_link_expires(article, settings):
    old = make_comment(
        article,
        status=Status.AWAITING_CONFIRMATION,
        submit_date=timezone.now()
        - timedelta(seconds=settings.BLOG_COMMENT_CONFIRMATION_MAX_AGE + 60),
    )
    fresh = make_comment(article, status=Status.AWAITING_CONFIRMATION)
    published = make_comment(article, submit_date=timezone.now() - timedelta(days=365))
    out = io.StringIO()
    call_command("purge_unconfirmed_comments", stdout=out)
    assert "Unconfirmed comments deleted: 1." in out.getvalue()
    remaining = set(PortalComment.objects.values_list("pk", flat=True))
    assert remaining == {fresh.pk, published.pk}
    assert old.pk not in remaining


def test_deleting_an_article_deletes_its_comments(article, blog_index):
    from tests.blog.conftest import make_article

    make_comment(article)
    other = make_comment(make_article(blog_index))
    BlogPage.objects.get(pk=article.pk).delete()
    assert list(PortalComment.objects.values_list("pk", flat=True)) == [other.pk]

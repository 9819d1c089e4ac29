"""Articles are ready for the search page; comments expose no API; editors' settings are
validated."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import NoReverseMatch, reverse

from blog.models import BlogPage, BlogSettings
from tests.blog.conftest import make_article

pytestmark = pytest.mark.django_db


def test_articles_are_found_by_teaser_body_and_tag(blog_index):
    page = make_article(
        blog_index,
        title="Pegelsensoren",
        teaser="Frühwarnung vor Starkregen",
        body=[("paragraph", "<p>Ein Metaplan voller Ideen.</p>")],
    )
    page.tags.set(["LoRaWAN"])
    page.save_revision().publish()
    for word in ("Starkregen", "Metaplan", "LoRaWAN"):
        assert list(BlogPage.objects.live().search(word)) == [page], word


def test_articles_can_be_filtered_by_type_in_search(blog_index):
    make_article(blog_index, title="Ein Interview", teaser="Gespräch", article_type="interview")
    results = BlogPage.objects.live().filter(article_type="interview").search("Gespräch")
    assert [p.title for p in results] == ["Ein Interview"]


@pytest.mark.parametrize(
    "name", ["comments-xtd-api-list", "comments-xtd-api-create", "comments-post-comment"]
)
def test_comment_apis_of_the_library_are_not_exposed(name):
    with pytest.raises(NoReverseMatch):
        reverse(name)


def test_unknown_comment_urls_are_404(client, db):
    assert client.get("/de/kommentare/api/comments/", follow=True).status_code == 404


@pytest.mark.parametrize("depth", [0, 11])
def test_thread_depth_outside_one_to_ten_is_refused(site, depth):
    settings = BlogSettings(site=site, comment_max_depth=depth)
    with pytest.raises(ValidationError):
        settings.full_clean()

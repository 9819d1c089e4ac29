"""An article: metadata, authors, topics and tags, the event of a workshop report, related
articles, previous/next and reading time."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone
from wagtail_factories import ImageFactory

from blog.models import ArticleType, BlogIndexPage, BlogPage, BlogPageAuthor
from tests.blog.conftest import make_article
from tests.conftest import refreshed
from tests.factories import PersonFactory, TopicFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def member(home_de):
    from community.models import MemberIndexPage, MemberPage

    directory = MemberIndexPage(title="Mitglieder", slug="mitglieder")
    refreshed(home_de).add_child(instance=directory)
    profile = MemberPage(
        title="Maria Muster",
        slug="maria-muster",
        first_name="Maria",
        last_name="Muster",
        role="Bürgermeisterin",
    )
    directory.add_child(instance=profile)
    profile.save_revision().publish()
    return profile


@pytest.fixture
def event(home_de):
    from events.models import EventIndexPage, EventPage

    index = EventIndexPage(title="Veranstaltungen", slug="veranstaltungen")
    refreshed(home_de).add_child(instance=index)
    start = timezone.make_aware(datetime.datetime(2019, 10, 30, 10))
    workshop = EventPage(
        title="Werkstatt 8",
        slug="werkstatt-8",
        event_type="workshop",
        start=start,
        end=start + datetime.timedelta(hours=6),
    )
    index.add_child(instance=workshop)
    workshop.save_revision().publish()
    return workshop


def test_article_shows_type_date_teaser_and_reading_time(client, article):
    html = client.get(article.url).content.decode()
    assert '<p class="article__type">Nachricht</p>' in html
    assert '<time datetime="2019-11-04">4. November 2019</time>' in html
    assert article.teaser in html
    assert "Lesezeit: 1 Minute" in html


def test_reading_time_counts_teaser_and_body_at_200_words_a_minute(blog_index):
    words = " ".join(["Wort"] * 590)
    page = make_article(blog_index, teaser="eins zwei", body=[("paragraph", f"<p>{words}</p>")])
    assert page.reading_time == 3


def test_article_names_member_and_external_authors(client, article, member):
    person = PersonFactory(name="Leonie Modell", role="Professorin")
    BlogPageAuthor.objects.create(page=article, member=member, sort_order=0)
    BlogPageAuthor.objects.create(page=article, person=person, sort_order=1)
    html = client.get(article.url).content.decode()
    assert f'<a href="{member.url}">Maria Muster</a> (Bürgermeisterin)' in html
    assert "Leonie Modell (Professorin)" in html
    assert html.index("Maria Muster") < html.index("Leonie Modell")


@pytest.mark.parametrize("who", ["both", "neither"])
def test_an_author_is_either_a_member_or_an_external_person(article, member, who):
    person = PersonFactory()
    author = BlogPageAuthor(
        page=article,
        member=member if who == "both" else None,
        person=person if who == "both" else None,
    )
    with pytest.raises(ValidationError) as error:
        author.full_clean()
    assert "entweder ein Mitglied oder eine externe Person" in str(error.value)


def test_an_author_with_one_of_both_is_valid(article, member):
    BlogPageAuthor(page=article, member=member, sort_order=0).full_clean()


def test_workshop_report_links_the_event_it_reports_on(client, blog_index, event):
    report = make_article(
        blog_index, title="Bericht", article_type=ArticleType.WORKSHOP_REPORT, event=event
    )
    assert list(event.workshop_reports.all()) == [report]
    html = client.get(report.url).content.decode()
    assert f'<a href="{event.url}">Werkstatt 8</a>' in html


def test_only_workshop_reports_may_name_an_event(blog_index, event):
    page = BlogPage(title="Nachricht", slug="n", teaser="t", body=[], event=event)
    with pytest.raises(ValidationError) as error:
        page.clean()
    assert "event" in error.value.message_dict


def test_related_articles_share_a_topic_and_the_language(client, blog_index, water, locale_de):
    other_topic = TopicFactory(name="Forst", slug="forst", locale=locale_de)
    main = make_article(blog_index, title="Hauptbeitrag")
    related = make_article(blog_index, title="Auch Wasser")
    unrelated = make_article(blog_index, title="Nur Forst")
    for page, topics in ((main, [water]), (related, [water]), (unrelated, [other_topic])):
        page.topics = topics
        page.save_revision().publish()
    assert [p.title for p in BlogPage.objects.get(pk=main.pk).related_articles()] == ["Auch Wasser"]
    html = client.get(main.url).content.decode()
    assert "Mehr zu diesen Themen" in html


def test_previous_and_next_follow_the_publication_date(client, blog_index):
    old = make_article(blog_index, title="Alt", date=datetime.date(2020, 1, 1))
    middle = make_article(blog_index, title="Mitte", date=datetime.date(2021, 1, 1))
    new = make_article(blog_index, title="Neu", date=datetime.date(2022, 1, 1))
    middle = BlogPage.objects.get(pk=middle.pk)
    assert middle.previous_article().pk == old.pk
    assert middle.next_article().pk == new.pk
    html = client.get(middle.url).content.decode()
    assert f'<a href="{old.url}" rel="prev">' in html
    assert f'<a href="{new.url}" rel="next">' in html


def test_newest_article_has_no_next(blog_index):
    make_article(blog_index, title="Alt", date=datetime.date(2020, 1, 1))
    new = make_article(blog_index, title="Neu", date=datetime.date(2022, 1, 1))
    assert BlogPage.objects.get(pk=new.pk).next_article() is None


def test_lead_image_carries_the_alt_text(client, blog_index):
    page = make_article(
        blog_index,
        lead_image=ImageFactory(title="Testbild", file__width=400, file__height=200),
        lead_image_alt="Menschen an einer Metaplanwand",
    )
    html = client.get(page.url).content.decode()
    assert 'alt="Menschen an einer Metaplanwand"' in html


def test_topics_and_tags_link_to_the_filtered_index(client, blog_index, article, water):
    article.topics = [water]
    article.tags.set(["Co-Creation"])
    article.save_revision().publish()
    html = client.get(article.url).content.decode()
    assert f'href="{blog_index.url}?topic=wasser">Wasser</a>' in html
    assert f'href="{blog_index.url}?tag=co-creation">Co-Creation</a>' in html


def test_translated_article_keeps_topics_tags_and_authors(article, water, locale_en, home_en):
    index_en = article.get_parent().specific.copy_for_translation(locale_en)
    index_en.save_revision().publish()
    article.topics = [water]
    article.tags.set(["LoRaWAN"])
    BlogPageAuthor.objects.create(page=article, person=PersonFactory(), sort_order=0)
    article.save_revision().publish()
    translation = BlogPage.objects.get(pk=article.pk).copy_for_translation(locale_en)
    translation.save_revision().publish()
    translation = BlogPage.objects.get(pk=translation.pk)
    assert [t.slug for t in translation.topics.all()] == ["wasser"]
    assert [t.name for t in translation.tags.all()] == ["LoRaWAN"]
    assert translation.authors.count() == 1


def test_page_types_say_where_they_live():
    assert BlogIndexPage.parent_page_types == ["home.HomePage"]
    assert BlogIndexPage.subpage_types == ["blog.BlogPage"]
    assert BlogPage.parent_page_types == ["blog.BlogIndexPage"]
    assert BlogPage.subpage_types == []


def test_article_summary_and_date_for_listings_and_search(article):
    assert article.listing_summary == article.teaser
    assert article.listing_date == datetime.date(2019, 11, 4)


def test_article_page_queries_stay_bounded_with_authors_and_topics(
    client, article, water, django_assert_max_num_queries
):
    article.topics = [water]
    article.save_revision().publish()
    BlogPageAuthor.objects.create(page=article, person=PersonFactory(), sort_order=0)
    client.get(article.url)
    with django_assert_max_num_queries(45):
        assert client.get(article.url).status_code == 200


def test_preview_of_a_new_article_renders(blog_index):
    page = BlogPage(
        title="Entwurf",
        slug="entwurf",
        teaser="Noch nicht gespeichert.",
        body=[("paragraph", "<p>Text</p>")],
        locale=blog_index.locale,
    )
    # What the admin's preview does for a page that is not saved yet.
    page.depth = blog_index.depth + 1
    page.path = BlogPage._get_children_path_interval(blog_index.path)[1]
    page.set_url_path(blog_index)
    response = page.make_preview_request()
    assert response.status_code == 200
    assert "Noch nicht gespeichert." in response.content.decode()

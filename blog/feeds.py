"""RSS 2.0 and Atom feeds of an article index, optionally narrowed to one topic.

Served by ``BlogIndexPage`` at ``feed/`` and ``feed/atom/`` (``?topic=<slug>``); each
language tree's index serves the articles of its own language. Every link names the
portal's public address (``PORTAL_BASE_URL``), whatever host the feed was fetched on.
"""

from datetime import datetime, time

from django.contrib.syndication.views import Feed
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed
from django.utils.translation import gettext as _
from django.utils.translation import override

from blog.listing import localized_topics
from blog.models import BlogPage
from portal.canonical import absolute_url, page_url

FEED_LENGTH = 30


class ArticleRssFeed(Feed):
    feed_type = Rss201rev2Feed

    def __init__(self, index, topic=None):
        super().__init__()
        self.index = index
        self.topic = topic
        self.language = index.locale.language_code
        self.request = None

    def __call__(self, request, *args, **kwargs):
        with override(self.index.locale.language_code):
            return super().__call__(request, *args, **kwargs)

    def get_object(self, request, *args, **kwargs):
        self.request = request
        return self.index

    def title(self, index):
        title = f"{index.title} · {index.get_site().site_name or ''}".strip(" ·")
        if self.topic:
            return _("%(title)s – Thema: %(topic)s") % {"title": title, "topic": self.topic.name}
        return title

    def link(self, index):
        return page_url(index)

    def feed_url(self, index):
        return absolute_url(self.request.get_full_path())

    def description(self, index):
        return index.intro or _("Nachrichten und Werkstattberichte aus dem Innovatorenclub.")

    def items(self, index):
        articles = index.articles()
        if self.topic:
            tagged = BlogPage.topics.through.objects.filter(topic__slug=self.topic.slug)
            articles = articles.filter(pk__in=tagged.values("blogpage_id"))
        articles = list(
            articles.prefetch_related("topics", "authors__member", "authors__person")[:FEED_LENGTH]
        )
        all_topics = {t.pk: t for a in articles for t in a.topics.all()}
        names = {
            t.translation_key: t.name
            for t in localized_topics(list(all_topics.values()), index.locale)
        }
        for article in articles:
            article.feed_categories = [names[t.translation_key] for t in article.topics.all()]
        return articles

    def item_title(self, article):
        return article.title

    def item_description(self, article):
        return article.listing_summary

    def item_link(self, article):
        return page_url(article)

    def item_guid(self, article):
        return self.item_link(article)

    def item_pubdate(self, article):
        published = article.first_published_at
        if published and timezone.localdate(published) == article.date:
            return published
        return timezone.make_aware(datetime.combine(article.date, time(hour=9)))

    def item_updateddate(self, article):
        return article.last_published_at or self.item_pubdate(article)

    def item_author_name(self, article):
        names = [author.name for author in article.authors.all() if author.is_valid]
        return ", ".join(names) or None

    def item_categories(self, article):
        return article.feed_categories


class ArticleAtomFeed(ArticleRssFeed):
    feed_type = Atom1Feed

    def subtitle(self, index):
        return self.description(index)

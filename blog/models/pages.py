"""Articles and the article index: news, workshop reports, interviews, press releases."""

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import slug_unicode_re
from django.db import models
from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.functional import SimpleLazyObject, cached_property
from django.utils.translation import gettext_lazy as _
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from taggit.models import TaggedItemBase
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import path
from wagtail.fields import StreamField
from wagtail.search import index
from wagtail_localize.fields import SynchronizedField, TranslatableField

from blog.listing import localized_topics, prepare_cards
from home.blocks import BodyStreamBlock
from home.models import BasePage, ListingIndexPage, PersonRelation, Topic

from .comments import CommentsMixin

WORDS_PER_MINUTE = 200


class ArticleType(models.TextChoices):
    NEWS = "news", _("Nachricht")
    WORKSHOP_REPORT = "workshop_report", _("Werkstattbericht")
    INTERVIEW = "interview", _("Interview")
    PRESS_RELEASE = "press_release", _("Pressemitteilung")


def default_locale_topics():
    """Editors tag articles with the German topics; translations keep the same ones and
    show their names in the reader's language."""
    return {"locale__language_code": settings.LANGUAGE_CODE}


class BlogIndexPage(ListingIndexPage):
    """The articles of one language ("Aktuelles" / "News"): newest first, filterable by
    topic, tag, type and year, with RSS and Atom feeds (``feed/``, ``feed/atom/``)."""

    search_fields = BasePage.search_fields + [index.SearchField("intro", boost=2)]

    subpage_types = ["blog.BlogPage"]

    listing_builder = "blog.views.article_listing"
    listing_templates = {
        "head": "blog/includes/article_index_head.html",
        "body": "blog/includes/article_index_body.html",
    }
    listing_name = "article-index"

    class Meta:
        verbose_name = _("Beitragsübersicht")
        verbose_name_plural = _("Beitragsübersichten")

    def articles(self):
        """Live, public articles below this index, newest first."""
        return BlogPage.objects.child_of(self).live().public().order_by("-date", "-pk")

    @path("feed/", name="feed")
    def rss_feed(self, request):
        from blog.feeds import ArticleRssFeed  # it imports these models

        return ArticleRssFeed(self, self._feed_topic(request))(request)

    @path("feed/atom/", name="atom_feed")
    def atom_feed(self, request):
        from blog.feeds import ArticleAtomFeed  # it imports these models

        return ArticleAtomFeed(self, self._feed_topic(request))(request)

    def _feed_topic(self, request):
        """The topic named by ``?topic=<slug>`` (in this index's language), or None.
        An unknown slug is a 404."""
        slug = request.GET.get("topic")
        if not slug:
            return None
        if not slug_unicode_re.match(slug):
            raise Http404("unknown topic")
        topics = Topic.objects.filter(slug=slug)
        return topics.filter(locale=self.locale).first() or get_object_or_404(
            topics.filter(locale__language_code=settings.LANGUAGE_CODE)
        )


class BlogPageTag(TaggedItemBase):
    """A free tag on an article (django-taggit through modelcluster)."""

    content_object = ParentalKey(
        "blog.BlogPage", related_name="tagged_items", on_delete=models.CASCADE
    )


class BlogPage(CommentsMixin, BasePage):
    """An article: news, a workshop report (linked to its event), an interview or a press
    release, with authors, topics, tags, a lead image and threaded reader comments."""

    teaser = models.TextField(
        _("Anreißer"),
        max_length=600,
        help_text=_("Zwei, drei Sätze, die in Listen, Feeds und Suchergebnissen erscheinen."),
    )
    date = models.DateField(
        _("Veröffentlichungsdatum"),
        default=timezone.localdate,
        db_index=True,
        help_text=_("Bestimmt die Reihenfolge in der Übersicht und in den Feeds."),
    )
    article_type = models.CharField(
        _("Art des Beitrags"),
        max_length=20,
        choices=ArticleType.choices,
        default=ArticleType.NEWS,
    )
    lead_image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("Aufmacherbild"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    lead_image_alt = models.CharField(
        _("Alternativtext des Aufmacherbilds"),
        max_length=250,
        blank=True,
        help_text=_(
            "Beschreibt, was auf dem Bild zu sehen ist. Leer lassen, wenn das Bild rein "
            "dekorativ ist."
        ),
    )
    body = StreamField(BodyStreamBlock(), verbose_name=_("Inhalt"))
    topics = ParentalManyToManyField(
        "home.Topic",
        verbose_name=_("Themen"),
        blank=True,
        related_name="articles",
        limit_choices_to=default_locale_topics,
    )
    tags = ClusterTaggableManager(verbose_name=_("Schlagwörter"), through=BlogPageTag, blank=True)
    event = models.ForeignKey(
        "events.EventPage",
        verbose_name=_("Veranstaltung"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="workshop_reports",
        help_text=_("Nur für Werkstattberichte: die Veranstaltung, über die berichtet wird."),
    )

    content_panels = BasePage.content_panels + [
        FieldPanel("teaser"),
        MultiFieldPanel(
            [FieldPanel("date"), FieldPanel("article_type"), FieldPanel("event")],
            heading=_("Einordnung"),
        ),
        InlinePanel("authors", label=_("Autorinnen und Autoren"), heading=_("Autorschaft")),
        MultiFieldPanel(
            [FieldPanel("lead_image"), FieldPanel("lead_image_alt")],
            heading=_("Aufmacherbild"),
        ),
        FieldPanel("body"),
        MultiFieldPanel(
            [FieldPanel("topics", widget=forms.CheckboxSelectMultiple), FieldPanel("tags")],
            heading=_("Themen und Schlagwörter"),
        ),
    ]
    settings_panels = BasePage.settings_panels + CommentsMixin.comment_panels

    search_fields = BasePage.search_fields + [
        index.SearchField("teaser", boost=2),
        index.SearchField("body"),
        index.AutocompleteField("title"),
        index.FilterField("article_type"),
        index.FilterField("date"),
        index.RelatedFields("topics", [index.SearchField("name"), index.FilterField("slug")]),
        index.FilterField("topics"),
        index.RelatedFields("tags", [index.SearchField("name")]),
    ]

    translatable_fields = BasePage.translatable_fields + [
        TranslatableField("teaser"),
        TranslatableField("body"),
        TranslatableField("lead_image_alt"),
        TranslatableField("event"),
        SynchronizedField("date"),
        SynchronizedField("article_type"),
        SynchronizedField("lead_image"),
        SynchronizedField("topics"),
        SynchronizedField("tagged_items"),
        SynchronizedField("authors"),
        SynchronizedField("comments_open"),
    ]

    parent_page_types = ["blog.BlogIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("Beitrag")
        verbose_name_plural = _("Beiträge")

    def clean(self):
        super().clean()
        if self.event_id and self.article_type != ArticleType.WORKSHOP_REPORT:
            raise ValidationError(
                {"event": _("Eine Veranstaltung lässt sich nur bei Werkstattberichten angeben.")}
            )

    @property
    def listing_date(self):
        return self.date

    @cached_property
    def reading_time(self):
        """Minutes a reader needs for teaser and body (200 words a minute, at least 1)."""
        texts = [self.teaser, *self.body.stream_block.get_searchable_content(self.body)]
        words = sum(len(str(text).split()) for text in texts)
        return max(1, round(words / WORDS_PER_MINUTE))

    def siblings(self):
        return (
            BlogPage.objects.sibling_of(self, inclusive=False).live().public().defer_streamfields()
        )

    def previous_article(self):
        """The next older article in the same index."""
        if self.pk is None:  # preview of a page not saved yet
            return None
        older = Q(date__lt=self.date) | Q(date=self.date, pk__lt=self.pk)
        return self.siblings().filter(older).order_by("-date", "-pk").first()

    def next_article(self):
        """The next newer article in the same index."""
        if self.pk is None:
            return None
        newer = Q(date__gt=self.date) | Q(date=self.date, pk__gt=self.pk)
        return self.siblings().filter(newer).order_by("date", "pk").first()

    def related_articles(self, count=3):
        """Newest articles in the same language sharing a topic with this one."""
        topic_slugs = [topic.slug for topic in self.topics.all()]
        if not topic_slugs:
            return []
        # A semi-join instead of DISTINCT over whole page rows: fast with thousands of pages.
        sharing = BlogPage.topics.through.objects.filter(topic__slug__in=topic_slugs).values(
            "blogpage_id"
        )
        return list(
            BlogPage.objects.live()
            .public()
            .defer_streamfields()
            .filter(locale_id=self.locale_id, pk__in=sharing)
            .exclude(pk=self.pk)
            .order_by("-date", "-pk")[:count]
        )

    def get_context(self, request, *args, **kwargs):
        def related_cards():
            related = self.related_articles()
            prepare_cards(related, self.locale)
            return related

        context = super().get_context(request, *args, **kwargs)
        # Lazy: the article template caches its fragment (``{% cache %}``), and a cache
        # hit must not pay for these queries.
        context.update(
            blog_index=SimpleLazyObject(lambda: self.get_parent().specific),
            authors=SimpleLazyObject(
                lambda: [author for author in self.authors.all() if author.is_valid]
            ),
            topics=SimpleLazyObject(lambda: localized_topics(list(self.topics.all()), self.locale)),
            tags=SimpleLazyObject(lambda: list(self.tags.all())),
            related_articles=SimpleLazyObject(related_cards),
            previous_article=SimpleLazyObject(self.previous_article),
            next_article=SimpleLazyObject(self.next_article),
            event=SimpleLazyObject(lambda: self.event.localized if self.event_id else None),
            # A comment posted with errors (blog.views.page_with_form): the page title says
            # so ("Fehler:"); the form itself is rendered by {% page_comments %}.
            comment_form=getattr(request, "blog_comment_form", None),
        )
        return context


class BlogPageAuthor(PersonRelation):
    """An author of an article: a member's profile page or an external person."""

    page = ParentalKey(BlogPage, related_name="authors", on_delete=models.CASCADE)

    class Meta(PersonRelation.Meta):
        verbose_name = _("Autorin oder Autor")
        verbose_name_plural = _("Autorinnen und Autoren")
        default_related_name = "article_authorships"
        constraints = [PersonRelation.exactly_one("blog_author_member_xor_person")]

"""The filters of the article index: topic, tag, type and year as plain GET parameters."""

import django_filters
from django import forms
from django.core.cache import cache
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from blog.models import ArticleType, BlogPage, BlogPageTag
from home.models import Topic

YEARS_CACHE_SECONDS = 600


def article_years(queryset, index):
    """Years with articles, newest first; cached for ten minutes per index (a new year shows
    up in the filter a little later, the query is a scan over all articles)."""
    key = f"blog:article-years:{index.pk}"
    years = cache.get(key)
    if years is None:
        years = [day.year for day in queryset.order_by().dates("date", "year", order="DESC")]
        cache.set(key, years, YEARS_CACHE_SECONDS)
    return years


class ArticleFilterSet(django_filters.FilterSet):
    """Filters bookmarkable as ``?topic=wasser&tag=lorawan&type=interview&year=2024``.

    An unknown value makes the form invalid; ``result()`` is then empty and the form shows
    the error next to its field, so a wrong link never shows unfiltered articles as if they
    matched.
    """

    topic = django_filters.ChoiceFilter(
        label=_("Thema"), empty_label=_("Alle Themen"), method="filter_topic"
    )
    tag = django_filters.CharFilter(label=_("Schlagwort"), method="filter_tag", max_length=100)
    type = django_filters.ChoiceFilter(
        label=_("Art des Beitrags"),
        field_name="article_type",
        choices=ArticleType.choices,
        empty_label=_("Alle Arten"),
    )
    year = django_filters.ChoiceFilter(
        label=_("Jahr"), empty_label=_("Alle Jahre"), method="filter_year"
    )

    def __init__(self, data=None, queryset=None, *, index, **kwargs):
        super().__init__(data, queryset=queryset, **kwargs)
        self.index = index
        self.topics = list(Topic.objects.filter(locale_id=index.locale_id).order_by("name"))
        self.filters["topic"].extra["choices"] = [(t.slug, t.name) for t in self.topics]
        self.filters["year"].extra["choices"] = [
            (str(y), str(y)) for y in article_years(queryset, index)
        ]
        self.form.fields["tag"].widget = forms.TextInput(attrs={"maxlength": 100})

    # Semi-joins (pk__in a subquery) rather than joins with DISTINCT: the count and the page
    # of results stay cheap with thousands of articles.
    def filter_topic(self, queryset, name, value):
        tagged = BlogPage.topics.through.objects.filter(topic__slug=value)
        return queryset.filter(pk__in=tagged.values("blogpage_id"))

    def filter_tag(self, queryset, name, value):
        tagged = BlogPageTag.objects.filter(Q(tag__slug=value) | Q(tag__name__iexact=value))
        return queryset.filter(pk__in=tagged.values("content_object_id"))

    def filter_year(self, queryset, name, value):
        return queryset.filter(date__year=int(value))

    def result(self):
        if self.is_bound and not self.is_valid():
            return self.queryset.none()
        return self.qs

    @property
    def is_filtered(self):
        return self.is_bound and any(self.form.data.get(name) for name in self.filters)

    def active_topic(self):
        if not self.is_bound or not self.is_valid():
            return None
        slug = self.form.cleaned_data.get("topic")
        return next((topic for topic in self.topics if topic.slug == slug), None)

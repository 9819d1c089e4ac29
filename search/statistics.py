"""Search term statistics for editors: how often each term was searched in the last days and
which terms found nothing (``search.SearchTermStatistic``, one row per term, language and
day; nothing about who searched)."""

import datetime

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F, Sum
from django.utils import timezone
from wagtail.search.utils import normalise_query_string

from search.models import SearchTermStatistic

REPORT_DAYS = 30
MAX_QUERY_LENGTH = 255


def normalised(query):
    """The term as Wagtail's search promotions store it (lower case, single spaces)."""
    return normalise_query_string(query)[:MAX_QUERY_LENGTH]


def record_search(query, language_code, found):
    """Count one search for ``query`` today; ``found`` says whether it had results."""
    term = normalised(query)
    if not term:
        return
    key = {"query_string": term, "language_code": language_code, "date": timezone.localdate()}
    increments = {"searches": F("searches") + 1}
    if not found:
        increments["searches_without_results"] = F("searches_without_results") + 1
    if SearchTermStatistic.objects.filter(**key).update(**increments):
        return
    try:
        with transaction.atomic():
            SearchTermStatistic.objects.create(
                **key, searches=1, searches_without_results=0 if found else 1
            )
    except IntegrityError:
        # Another request created today's row first.
        SearchTermStatistic.objects.filter(**key).update(**increments)


def _recent(days):
    since = timezone.localdate() - datetime.timedelta(days=days - 1)
    return (
        SearchTermStatistic.objects.filter(date__gte=since)
        .values("query_string", "language_code")
        .annotate(
            total_searches=Sum("searches"),
            total_without_results=Sum("searches_without_results"),
        )
    )


def frequent_terms(days=REPORT_DAYS):
    """Terms of the last ``days`` days (today included), most searched first."""
    return _recent(days).order_by("-total_searches", "query_string", "language_code")


def terms_without_results(days=REPORT_DAYS):
    """Terms of the last ``days`` days that found nothing at least once, most often first."""
    return (
        _recent(days)
        .filter(total_without_results__gt=0)
        .order_by("-total_without_results", "query_string", "language_code")
    )


def purge_statistics(max_age=None):
    """Delete rows older than ``max_age`` days (``SEARCH_STATISTICS_MAX_AGE``); returns the
    number deleted."""
    max_age = max_age or settings.SEARCH_STATISTICS_MAX_AGE
    cutoff = timezone.localdate() - datetime.timedelta(days=max_age)
    deleted, _ = SearchTermStatistic.objects.filter(date__lt=cutoff).delete()
    return deleted

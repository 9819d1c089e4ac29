"""Template tags the events app offers to its own and other apps' templates.

``{% upcoming_events 3 %}`` (used by the home page) and ``{% event_dates event %}``.
"""

from django import template
from django.utils import formats, timezone
from django.utils.html import format_html
from wagtail.models import Locale

from events.models import EventPage
from portal.caching.pages import cached_value, model_signature, page_cache_seconds

register = template.Library()


@register.inclusion_tag("events/tags/upcoming_events.html", takes_context=True)
def upcoming_events(context, count=3):
    """The next events in the reader's language, soonest first (cancelled ones marked).

    Looked up once per cache generation (a publish shows at once), and at least every
    ``PAGE_CACHE_SECONDS``: an event that has ended leaves the list as soon as it leaves
    cached pages."""
    locale = Locale.get_active()

    def compute():
        return list(
            EventPage.objects.live()
            .public()
            .filter(locale=locale, end__gte=timezone.now())
            .order_by("start")[:count]
        )

    events = cached_value(
        "upcoming-events",
        locale.pk,
        count,
        model_signature(EventPage),
        compute=compute,
        timeout=page_cache_seconds(),
    )
    return {"events": events, "request": context.get("request")}


def _date(value):
    return formats.date_format(value, "DATE_FORMAT")


def _time(value):
    return formats.time_format(value, "TIME_FORMAT")


@register.simple_tag
def event_dates(start, end):
    """``<time>`` elements for a date range in Berlin time: one day with two times, or two
    days with their times."""
    start, end = timezone.localtime(start), timezone.localtime(end)
    if start.date() == end.date():
        return format_html(
            '<time datetime="{}">{}, {}</time>–<time datetime="{}">{}</time>',
            start.isoformat(),
            _date(start),
            _time(start),
            end.isoformat(),
            _time(end),
        )
    return format_html(
        '<time datetime="{}">{}, {}</time> – <time datetime="{}">{}, {}</time>',
        start.isoformat(),
        _date(start),
        _time(start),
        end.isoformat(),
        _date(end),
        _time(end),
    )


@register.simple_tag
def session_times(start, end):
    start, end = timezone.localtime(start), timezone.localtime(end)
    return format_html(
        '<time datetime="{}">{}</time>–<time datetime="{}">{}</time>',
        start.isoformat(),
        _time(start),
        end.isoformat(),
        _time(end),
    )


@register.filter
def weekday_date(value):
    """ "Freitag, 12. Juni 2026" / "Friday, June 12, 2026"."""
    return f"{formats.date_format(value, 'l')}, {_date(value)}"

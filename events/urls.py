"""URLs that Wagtail's page-serving pattern does not accept, routed to page serving.

Wagtail serves pages at paths made of ``[\\w-]+/`` segments. The event routes
``calendar.ics`` (a dot, no trailing slash), ``cancel/<token>/`` and ``confirm/<token>/``
(signed tokens contain colons) do not fit that pattern, so they are matched here and handed
to Wagtail's own ``serve`` view: routing, privacy and the page's ``RoutablePageMixin``
routes apply as usual.
"""

from django.urls import re_path
from wagtail import views as wagtail_views

urlpatterns = [
    re_path(
        r"^(?P<path>(?:[\w\-]+/)*calendar\.ics)$",
        wagtail_views.serve,
        name="events_calendar",
    ),
    re_path(
        r"^(?P<path>(?:[\w\-]+/)+cancel/[\w\-:]+/)$",
        wagtail_views.serve,
        name="events_cancel",
    ),
    re_path(
        r"^(?P<path>(?:[\w\-]+/)+confirm/[\w\-:]+/)$",
        wagtail_views.serve,
        name="events_confirm",
    ),
]

from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path, re_path
from django.utils.translation import pgettext_lazy
from django.views.generic import TemplateView
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from portal import routing
from portal.health import healthz
from portal.media_views import serve_private_media, serve_public_media
from portal.sitemap import MultilingualSitemap
from portal.styleguide import styleguide

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("sitemap.xml", sitemap, {"sitemaps": {"pages": MultilingualSitemap}}, name="sitemap"),
    path(
        "robots.txt",
        TemplateView.as_view(template_name="robots.txt", content_type="text/plain"),
        name="robots_txt",
    ),
    path("django-admin/", admin.site.urls),
    path("admin/", include(wagtailadmin_urls)),
    # Documents leave only through Wagtail's view, which checks the collection's privacy.
    path("documents/", include(wagtaildocs_urls)),
    # Images that wait for approval: for their uploader and editors only (portal.storage).
    path("private-media/<path:name>", serve_private_media, name="private_media"),
    path("accounts/", include("allauth.urls")),
]

if settings.DEBUG:
    from django.contrib.staticfiles.urls import staticfiles_urlpatterns

    urlpatterns += staticfiles_urlpatterns()
if settings.DEBUG or settings.SERVE_MEDIA:
    # Approved images and their renditions, nothing else. Behind a proxy that serves them
    # itself, set SERVE_MEDIA=false (README: Deployment).
    urlpatterns += [
        re_path(rf"^{settings.MEDIA_URL.lstrip('/')}(?P<path>.*)$", serve_public_media),
    ]

# Everything readers see lives under /de/ or /en/; "/" redirects by the browser's language.
urlpatterns += i18n_patterns(
    path(pgettext_lazy("URL path", "suche/"), include("search.urls")),
    # The pattern page of the stylesheet's components (not in the sitemap, noindex).
    path("styleguide/", styleguide, name="styleguide"),
    path("", include("blog.urls")),  # /de/kommentare/..., /en/comments/...
    path("", include("community.urls")),
    path("", include("experts.urls")),
    path("", include("events.urls")),
    path("", include("subscriptions.urls")),  # /de/abonnieren/, /en/subscribe/
    path("", include("ideas.urls")),  # /de/idee/..., /en/idea/...
    path("", include("matchmaking.urls")),  # /de/konto/bedarfsmeldungen/...
    path("", include("workinggroups.urls")),  # /de/konto/arbeitskreise/...
    # Wagtail's page serving with faster routing (portal/routing.py); Wagtail's own URLs
    # below stay for its utility views and for reversing "wagtail_serve".
    re_path(r"^(?!_util/)((?:[\w\-]+/)*)$", routing.serve, name="portal_serve"),
    path("", include(wagtail_urls)),
    prefix_default_language=True,
)

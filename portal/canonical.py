"""The portal's one public address, ``settings.PORTAL_BASE_URL``, and absolute links on it.

Every absolute link the portal writes comes from here: the e-mails (``portal.mail`` puts
``base_url`` into each e-mail's context), the article feeds, the sitemap and ``robots.txt``,
the calendar files, the hreflang links and "download my data". They name this address
whatever host a request came in on (a proxy's internal name, an IP address, ``localhost``),
so a link copied from a feed or a crawler's index never points to a host readers cannot
reach, and cached pages are the same for every host.

Wagtail's own absolute links (``page.full_url``, which the admin's workflow e-mails use)
come from the default ``Site`` record: ``sync_default_site`` sets its host name and port
from the same setting after every ``migrate`` (``portal.signals``).
"""

from urllib.parse import urljoin, urlsplit, urlunsplit

from django.conf import settings


def base_url():
    """``PORTAL_BASE_URL`` without a trailing slash, e.g. ``https://portal.example.org``."""
    return settings.PORTAL_BASE_URL.rstrip("/")


def host_name():
    """The host name of the public address (for iCalendar UIDs and the like)."""
    return urlsplit(base_url()).hostname


def absolute_url(url):
    """``url`` (a path such as ``/de/termine/``, or ``""`` for the home) on the public
    address; an absolute URL stays as it is."""
    return urljoin(base_url() + "/", url or "/")


def rebase(url):
    """``url`` with its scheme and host replaced by the public address's (for links a
    library built from the request, e.g. allauth's)."""
    parts = urlsplit(url)
    base = urlsplit(base_url())
    return urlunsplit((base.scheme, base.netloc, parts.path or "/", parts.query, parts.fragment))


def page_url(page, request=None):
    """The page's absolute URL on the public address, or None if it has no URL (outside
    every site). ``request`` only lets Wagtail reuse the site paths it looked up for it."""
    parts = page.get_url_parts(request)
    if parts is None or parts[2] is None:
        return None
    return absolute_url(parts[2])


def site_address():
    """``(hostname, port)`` for Wagtail's Site record, from ``PORTAL_BASE_URL``."""
    parts = urlsplit(base_url())
    return parts.hostname, parts.port or (443 if parts.scheme == "https" else 80)


def sync_default_site(using="default"):
    """Give the default Site record the public address's host name and port, so that
    Wagtail's ``full_url`` (the admin's e-mails, ``Site.root_url``) names it too. Returns
    True when the record changed."""
    from wagtail.models import Site

    site = Site.objects.using(using).filter(is_default_site=True).first()
    if site is None:
        return False
    hostname, port = site_address()
    if (site.hostname, site.port) == (hostname, port):
        return False
    if Site.objects.using(using).filter(hostname=hostname, port=port).exists():
        return False  # another site has this address (a multi-site setup set up by hand)
    site.hostname, site.port = hostname, port
    site.save(using=using, update_fields=["hostname", "port"])
    return True

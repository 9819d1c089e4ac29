"""The reader's IP address, for rate limits: one rule for the whole portal.

Behind reverse proxies, ``REMOTE_ADDR`` is the nearest proxy, and every proxy appends the
address it saw to ``X-Forwarded-For``. Only the last ``TRUSTED_PROXY_COUNT`` entries were
written by our own proxies; anything before them came from the client and may be forged. So
the client is the entry our outermost proxy wrote: ``X-Forwarded-For[-TRUSTED_PROXY_COUNT]``.
With ``TRUSTED_PROXY_COUNT = 0`` (no proxy, development) the header is ignored.

django-ratelimit (``RATELIMIT_IP_META_KEY``), django-allauth's rate limits (the account
adapter) and the portal's own per-address limits all use this function, so sign-in lockouts
hit one client, never everyone behind the proxy's address.
"""

import ipaddress

from django.conf import settings


def _clean(value):
    value = (value or "").strip()
    if value.startswith("[") and "]" in value:  # "[2001:db8::1]:443"
        value = value[1 : value.index("]")]
    elif value.count(":") == 1:  # "203.0.113.7:51234"
        value = value.split(":", 1)[0]
    try:
        return str(ipaddress.ip_address(value))
    except ValueError:
        return None


def client_ip(request):
    """The client's address as our outermost trusted proxy saw it (see the module)."""
    count = getattr(settings, "TRUSTED_PROXY_COUNT", 0)
    remote = _clean(request.META.get("REMOTE_ADDR")) or "0.0.0.0"
    if count <= 0:
        return remote
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
    if len(forwarded) < count or not forwarded[0].strip():
        # The request did not pass through all our proxies (e.g. a health check on the
        # app server's own port): the direct peer is all we know.
        return remote
    return _clean(forwarded[-count]) or remote

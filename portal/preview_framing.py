"""Let the Wagtail admin show previews in its side panel, and nothing else in a frame.

The portal forbids framing everywhere (``frame-ancestors 'none'``, ``X-Frame-Options:
DENY``). Wagtail renders a preview by sending a simulated request for the page's public
address through the whole middleware stack and shows the result in an iframe of the admin
(same origin); the CSP middleware sees a public address and forbids the frame, so the panel
stays blank. Wagtail marks exactly these simulated requests with ``request.is_preview``
(pages, snippets, revisions, moderation), an attribute no client can set. For them this
middleware relaxes the policy to the portal's own origin; every real request keeps 'none'.

It sits below ``csp.middleware.CSPMiddleware`` and the clickjacking middleware in
``MIDDLEWARE`` so that it sees the response first.
"""

from csp.constants import SELF

SAME_ORIGIN_ONLY = {"frame-ancestors": [SELF]}


class AllowPreviewFramingMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if getattr(request, "is_preview", False) is True:
            # django-csp's csp_replace decorator stores its changes in the same place.
            response._csp_replace = {
                **(getattr(response, "_csp_replace", None) or {}),
                **SAME_ORIGIN_ONLY,
            }
            response["X-Frame-Options"] = "SAMEORIGIN"
        return response

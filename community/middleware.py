"""The language of the account pages under ``/accounts/`` (django-allauth).

Those URLs have no /de/ or /en/ prefix (the portal's contract). Without any cookie, the
language is chosen, in this order, from:

1. ``?lang=de|en`` in the address: every link from the portal to the account pages carries
   it, as do the links in allauth's e-mails; redirects between account pages keep it;
2. the address of the page the reader came from (the ``Referer`` of a same-site link,
   e.g. ``/en/...`` or ``/accounts/login/?lang=en``), so links inside the account pages
   and form submissions keep the language;
3. the signed-in person's language setting;
4. the browser's ``Accept-Language`` (Django's LocaleMiddleware, which runs before this).
"""

from urllib.parse import parse_qs, urlencode, urlsplit, urlunsplit

from django.conf import settings
from django.utils import translation
from django.utils.cache import patch_vary_headers

ACCOUNT_PREFIXES = ("/accounts/",)
LANGUAGE_PARAMETER = "lang"


def _supported(code):
    code = (code or "").strip().lower()
    return code if code in dict(settings.LANGUAGES) else None


def language_from_url(url, host):
    """The language a same-site URL names (``/en/...`` or ``?lang=en``), or None."""
    parts = urlsplit(url or "")
    if parts.netloc and parts.netloc != host:
        return None
    from_query = parse_qs(parts.query).get(LANGUAGE_PARAMETER, [None])[0]
    if _supported(from_query):
        return _supported(from_query)
    first_segment = parts.path.lstrip("/").split("/", 1)[0]
    return _supported(first_segment)


def with_language(url, language):
    """``url`` with ``?lang=<language>`` (replacing any other value)."""
    parts = urlsplit(url)
    query = [
        (key, value)
        for key, values in parse_qs(parts.query, keep_blank_values=True).items()
        for value in values
        if key != LANGUAGE_PARAMETER
    ]
    query.append((LANGUAGE_PARAMETER, language))
    return urlunsplit(parts._replace(query=urlencode(query)))


class AccountLanguageMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not request.path_info.startswith(ACCOUNT_PREFIXES):
            return self.get_response(request)
        explicit = _supported(request.GET.get(LANGUAGE_PARAMETER))
        language = (
            explicit
            or language_from_url(request.headers.get("Referer"), request.get_host())
            or self._user_language(request)
        )
        if language:
            translation.activate(language)
            request.LANGUAGE_CODE = language
        response = self.get_response(request)
        location = response.get("Location") if response.status_code in (301, 302, 303) else None
        if explicit and location and urlsplit(location).path.startswith(ACCOUNT_PREFIXES):
            response["Location"] = with_language(location, explicit)
        patch_vary_headers(response, ("Referer",))
        return response

    @staticmethod
    def _user_language(request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            return _supported(getattr(user, "language", ""))
        return None

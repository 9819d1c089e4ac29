"""Navigation, language switcher and hreflang links for every page of the portal."""

from urllib.parse import urlencode, urlsplit

from django import template
from django.conf import settings
from django.urls import translate_url
from django.utils.translation import get_language, get_language_from_path
from wagtail.models import Locale, Page, Site

from home.models import NavigationSettings
from portal.caching.pages import cached_value
from portal.canonical import absolute_url, page_url
from portal.templatetags.portal_tags import UNTRANSLATED_PARAMETER

register = template.Library()

# The account pages (``/accounts/``, no language prefix) take their language from ``?lang=``
# (``community.middleware``).
ACCOUNT_LANGUAGE_PARAMETER = "lang"


def absolute_page_url(page, request):
    """The page's absolute URL on the portal's public address (``PORTAL_BASE_URL``), whatever
    host the reader used."""
    return page_url(page, request)


def _site(request):
    return Site.find_for_request(request) if request else None


def _localized_pages(page_ids, language_code):
    """The pages with these ids, each in the given language where a live translation
    exists (otherwise the page itself), keeping the order of ``page_ids``."""
    if not page_ids:
        return []
    originals = {
        p.id: p for p in Page.objects.filter(id__in=page_ids).live().select_related("locale")
    }
    keys = [p.translation_key for p in originals.values()]
    localized = {
        p.translation_key: p
        for p in Page.objects.filter(
            translation_key__in=keys, locale__language_code=language_code
        ).live()
    }
    result = []
    for page_id in page_ids:
        page = originals.get(page_id)
        if page is not None:
            result.append(localized.get(page.translation_key, page))
    return result


def _menu(context, field_name):
    """The menu's entries as ``{"title", "url", "path"}`` in the reader's language, computed
    once per cache generation (publishing or editing the navigation starts a new one)."""
    request = context.get("request")
    site = _site(request)
    if site is None:
        return []
    language = get_language()

    def compute():
        menu = getattr(NavigationSettings.for_site(site), field_name)
        page_ids = [block.value.id for block in menu if block.value is not None]
        return [
            {"title": page.title, "url": page.get_url(request), "path": page.path}
            for page in _localized_pages(page_ids, language)
        ]

    return cached_value("menu", site.pk, field_name, language, compute=compute)


@register.inclusion_tag("components/main_menu.html", takes_context=True)
def main_menu(context):
    current_path = getattr(context.get("page"), "path", "")
    return {
        "items": [
            {**item, "active": bool(current_path) and current_path.startswith(item["path"])}
            for item in _menu(context, "main_menu")
        ],
    }


@register.inclusion_tag("components/footer_menu.html", takes_context=True)
def footer_menu(context):
    return {"items": _menu(context, "footer_menu")}


def page_translations(page):
    """Live translations of ``page`` (itself included), keyed by language code."""
    return {
        translation.locale.language_code: translation
        for translation in page.get_translations(inclusive=True).live().select_related("locale")
    }


def _translated_ancestor(page, language_code):
    """The closest ancestor of ``page`` that is live in ``language_code``."""
    ancestors = list(page.get_ancestors().filter(depth__gt=1))
    candidates = {
        p.translation_key: p
        for p in Page.objects.filter(
            translation_key__in=[a.translation_key for a in ancestors],
            locale__language_code=language_code,
        ).live()
    }
    for ancestor in reversed(ancestors):
        if ancestor.translation_key in candidates:
            return candidates[ancestor.translation_key]
    return None


def _language_home(request, language_code):
    site = _site(request)
    if site is not None:
        try:
            locale = Locale.objects.get(language_code=language_code)
            home = site.root_page.get_translation(locale)
        except (Locale.DoesNotExist, Page.DoesNotExist):
            home = None
        if home is not None and home.live:
            return home.get_url(request)
    return f"/{language_code}/"


def page_language_links(page, request):
    """For each language: ``{"url", "exact"}`` - the live translation of ``page``
    (exact), else its closest translated parent, else that language's home page.
    Computed once per cache generation and page."""

    def compute():
        translations = page_translations(page)
        links = {}
        for code, _name in settings.LANGUAGES:
            if code in translations:
                links[code] = {"url": translations[code].get_url(request), "exact": True}
            else:
                ancestor = _translated_ancestor(page, code)
                url = ancestor.get_url(request) if ancestor else _language_home(request, code)
                links[code] = {"url": url, "exact": False}
        return links

    return cached_value("language-links", page.pk, compute=compute)


def _view_language_links(request):
    """For views that are not pages: the same URL in each language (translated routes),
    else that language's home page."""
    path = request.get_full_path()
    links = {}
    for code, _name in settings.LANGUAGES:
        url = translate_url(path, code)
        exact = url != path or code == get_language()
        links[code] = {"url": url if exact else _language_home(request, code), "exact": exact}
    return links


def _is_page(page):
    return isinstance(page, Page) and page.id is not None


def _page_subpath(links, request):
    """The part of the address below the page itself: the sub-route of a routable page
    (``organisation/<slug>/`` of the member directory, ``feed/`` of the news), or ``""``.
    Routes are the same in every language."""
    if request is None:
        return ""
    own_paths = [urlsplit(link["url"]).path for link in links.values() if link["exact"]]
    own_paths = [path for path in own_paths if request.path.startswith(path)]
    return request.path[len(max(own_paths, key=len)) :] if own_paths else ""


def _with_query(url, params):
    """``url`` with the query ``params`` (a ``QueryDict`` or a list of pairs) appended."""
    query = params.urlencode() if hasattr(params, "urlencode") else urlencode(params)
    if not query:
        return url
    return f"{url}{'&' if '?' in url else '?'}{query}"


def _reader_query(request):
    """The reader's query string (filters, search terms, the page number), without the
    switcher's own flags."""
    params = request.GET.copy()
    for name in (UNTRANSLATED_PARAMETER, ACCOUNT_LANGUAGE_PARAMETER):
        params.pop(name, None)
    return params


def _is_language_neutral(request):
    """Addresses without a language prefix (the account pages under ``/accounts/``), whose
    language comes from ``?lang=``."""
    return get_language_from_path(request.path_info) is None


def switcher_links(context):
    """``{code: {"url", "exact"}}`` for the reader's place: the same page (and sub-route,
    filters and search terms) in each language; where that does not exist, the closest
    translated page above it with the ``untranslated`` flag, which shows a notice there."""
    request = context.get("request")
    page = context.get("page")
    if _is_page(page):
        links = page_language_links(page, request)
        subpath = _page_subpath(links, request)
        query = _reader_query(request) if request is not None else []
    elif request is not None and _is_language_neutral(request):
        query = _reader_query(request)
        return {
            code: {
                "url": _with_query(
                    _with_query(request.path, query), [(ACCOUNT_LANGUAGE_PARAMETER, code)]
                ),
                "exact": True,
            }
            for code, _name in settings.LANGUAGES
        }
    elif request is not None:
        links = _view_language_links(request)
        subpath, query = "", []
    else:
        return {code: {"url": f"/{code}/", "exact": False} for code, _ in settings.LANGUAGES}
    result = {}
    for code, link in links.items():
        if link["exact"]:
            url = _with_query(link["url"] + subpath, query)
        else:
            url = _with_query(link["url"], [(UNTRANSLATED_PARAMETER, "1")])
        result[code] = {"url": url, "exact": link["exact"]}
    return result


@register.inclusion_tag("components/language_switcher.html", takes_context=True)
def language_switcher(context):
    """One link per language that keeps the reader's place: the translated page with the
    same sub-route and query string; else its closest translated parent, else the home page
    of that language (both say so with a notice). For views that are not pages, the same
    URL in the other language. Not cached as a fragment: the links depend on the query
    string; what needs the database is cached per page (``page_language_links``)."""
    links = switcher_links(context)
    current = get_language()
    return {
        "languages": [
            {
                "code": code,
                "name": settings.LANGUAGE_NATIVE_NAMES.get(code, code),
                "current": code == current,
                **links[code],
            }
            for code, _name in settings.LANGUAGES
        ]
    }


@register.inclusion_tag("components/untranslated_notice.html", takes_context=True)
def untranslated_notice(context):
    """The notice on the page the language switcher led to because the reader's page does
    not exist in this language."""
    request = context.get("request")
    return {"show": request is not None and UNTRANSLATED_PARAMETER in request.GET}


@register.inclusion_tag("components/hreflang_links.html", takes_context=True)
def hreflang_links(context):
    """``<link rel="alternate" hreflang>`` for each live translation of the current page
    (and ``x-default`` for the German one); for other views, the same URL per language."""
    request = context.get("request")
    page = context.get("page")
    if _is_page(page):
        links = page_language_links(page, request)
        subpath = _page_subpath(links, request)
        links = {code: {**link, "url": link["url"] + subpath} for code, link in links.items()}
    elif request is not None and getattr(request, "resolver_match", None) is not None:
        links = _view_language_links(request)
        links = {
            code: {**link, "url": translate_url(request.path, code)} for code, link in links.items()
        }
    else:
        links = {}
    alternates = [
        {"code": code, "url": absolute_url(link["url"])}
        for code, link in links.items()
        if link["exact"]
    ]
    default = next((link for link in alternates if link["code"] == settings.LANGUAGE_CODE), None)
    return {"links": alternates, "default": default}


@register.inclusion_tag("components/breadcrumbs.html", takes_context=True)
def breadcrumbs(context):
    page = context.get("page")
    if not isinstance(page, Page) or page.depth <= 2:
        return {"ancestors": []}
    request = context.get("request")
    if page.pk is None or request is None:  # the preview of a page not saved yet
        return {"ancestors": []}

    def compute():
        ancestors = page.get_ancestors().filter(depth__gt=1)
        return [{"title": a.title, "url": a.get_url(request)} for a in ancestors]

    # Titles and URLs of the pages above change only when pages are published or moved,
    # which starts a new cache generation.
    links = cached_value("breadcrumbs", page.pk, request.get_host(), compute=compute)
    return {"ancestors": links, "page": page}

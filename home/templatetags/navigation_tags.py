"""Navigation, language switcher and hreflang links for every page of the portal."""

from django import template
from django.conf import settings
from django.urls import translate_url
from django.utils.translation import get_language
from wagtail.models import Locale, Page, Site

from home.models import NavigationSettings
from portal.caching.pages import cached_value
from portal.canonical import absolute_url, page_url

register = template.Library()


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


@register.inclusion_tag("components/language_switcher.html", takes_context=True)
def language_switcher(context):
    """One link per language: the translated page, else its closest translated parent,
    else the home page of that language. For views that are not pages, the same URL
    in the other language."""
    request = context.get("request")
    page = context.get("page")
    if _is_page(page):
        links = page_language_links(page, request)
    elif request is not None:
        links = _view_language_links(request)
    else:
        links = {code: {"url": f"/{code}/", "exact": False} for code, _ in settings.LANGUAGES}
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


@register.inclusion_tag("components/hreflang_links.html", takes_context=True)
def hreflang_links(context):
    """``<link rel="alternate" hreflang>`` for each live translation of the current page
    (and ``x-default`` for the German one); for other views, the same URL per language."""
    request = context.get("request")
    page = context.get("page")
    if _is_page(page):
        links = page_language_links(page, request)
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

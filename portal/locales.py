"""A per-process cache of Wagtail's locales.

Wagtail looks locales up by language code many times per request (routing, translations,
every listing filtered by the reader's language): each a query, about ten per article view.
Locales change only when an administrator adds or removes a language, so each process keeps
them for a few minutes, and forgets them at once when a locale is saved or deleted there
(``clear_locale_cache``, connected in ``portal.signals``).
"""

import time

from wagtail.models.i18n import LocaleManager

LOCALE_CACHE_SECONDS = 300
_cache = {}


def clear_locale_cache(**kwargs):
    _cache.clear()


def install_locale_cache():
    original = LocaleManager.get_for_language
    if getattr(original, "_portal_cached", False):
        return

    def get_for_language(self, language_code):
        key = (self.db, language_code)
        entry = _cache.get(key)
        now = time.monotonic()
        if entry is not None and entry[1] > now:
            return entry[0]
        locale = original(self, language_code)
        _cache[key] = (locale, now + LOCALE_CACHE_SECONDS)
        return locale

    get_for_language._portal_cached = True
    LocaleManager.get_for_language = get_for_language

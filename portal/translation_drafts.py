"""A page in another language is public only once an editor has published it translated.

"Translate this page" (wagtail-localize) creates the translation as a draft
(``WAGTAILLOCALIZE_SYNC_LIVE_STATUS_ON_TRANSLATE = False`` in the settings). When the parent
of the page has no translation yet, the library creates the parent in the other language as
an *alias* of the source page: the German text under ``/en/``, live whenever the source is,
and published again with every new revision of the source. Such an alias is a placeholder
for editors ("Translate this page" converts it into a translation); readers never see it.
"""

from wagtail.models import Page


def is_untranslated_alias(page):
    """An alias of a page in another language: the source's text under this language."""
    if not isinstance(page, Page) or page.alias_of_id is None:
        return False
    return Page.objects.filter(pk=page.alias_of_id).exclude(locale_id=page.locale_id).exists()


def _unpublish_untranslated_alias(page):
    if is_untranslated_alias(page) and page.live:
        page.unpublish()


def on_copied_for_translation(sender, source_obj=None, target_obj=None, **kwargs):
    """Wagtail's ``copy_for_translation_done``: a parent copied as an alias stays hidden."""
    _unpublish_untranslated_alias(target_obj)


def on_page_published(sender, instance=None, **kwargs):
    """Wagtail publishes every alias again with its source; one in another language is
    taken offline again at once."""
    if getattr(instance, "alias_of_id", None):
        _unpublish_untranslated_alias(instance)

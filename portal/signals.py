"""Signal receivers of the portal, connected in ``PortalConfig.ready`` (``connect_receivers``).

* What invalidates the page cache: Wagtail's publishing signals, and every saved, deleted or
  related row as ``portal.caching.registry`` declares its model (see
  ``portal.caching.pages``). Queryset updates send no signals: shown models use
  ``portal.caching.querysets``. An invalidation lost while Redis was down must not bring
  back the pages stored before it: a new generation for everything once Redis answers again.
* A new or replaced image gets its renditions in the background (``portal.renditions``).
* Images awaiting approval follow their page: published, rejected, deleted
  (``portal.unapproved_images``).
* The per-process locale cache forgets a saved or deleted locale (``portal.locales``).
* A parent page that wagtail-localize copies into another language as an alias of the source
  (the source's text) is not public (``portal.translation_drafts``).
* After every ``migrate`` the default Site record takes its host name and port from
  ``PORTAL_BASE_URL`` (``portal.canonical``).
"""

from django.apps import apps
from django.db import connections, transaction
from django.db.models.signals import (
    m2m_changed,
    post_delete,
    post_migrate,
    post_save,
    pre_delete,
)
from wagtail.images import get_image_model
from wagtail.models import Locale, get_page_models
from wagtail.signals import (
    copy_for_translation_done,
    page_published,
    page_unpublished,
    post_page_move,
    workflow_rejected,
)

from portal import translation_drafts, unapproved_images
from portal.caching.backends import cache_reconnected
from portal.caching.pages import invalidate, invalidate_page_cache
from portal.caching.registry import PUBLISHED, SITE, concrete_scopes, scope_for
from portal.canonical import sync_default_site
from portal.locales import clear_locale_cache
from portal.tasks import pregenerate_renditions_task


def _on_saved(sender, instance=None, created=False, update_fields=None, raw=False, **kwargs):
    """A saved row invalidates what the registry says (portal.caching.registry)."""
    if raw:
        return  # fixtures and migrations
    fields = set(update_fields) if update_fields else None
    scope = scope_for(sender, instance, fields, created)
    if scope == PUBLISHED:
        # A saved draft changes nothing readers see (page_published does), but a new alias
        # changes which privacy rules apply where (portal.caching.lookups).
        if getattr(instance, "alias_of_id", None):
            invalidate(SITE)
        return
    if scope is not None:
        _invalidate_all(concrete_scopes(scope, instance=instance))


def _invalidate_all(scopes):
    for scope in sorted(scopes):
        invalidate(scope)


def _on_deleted(sender, instance=None, **kwargs):
    scope = scope_for(sender, instance)
    if scope == PUBLISHED:
        scope = SITE  # a deleted page leaves menus, listings and the tree
    if scope is not None:
        _invalidate_all(concrete_scopes(scope, instance=instance))


def _on_relations_changed(sender, action=None, instance=None, **kwargs):
    """Many-to-many rows (``sender`` is the through model): membership, privacy groups,
    topics, workshop choices."""
    if action not in ("post_add", "post_remove", "post_clear"):
        return
    scope = scope_for(sender)
    if scope not in (None, PUBLISHED):
        # ``instance`` is the row whose relations changed (e.g. a registration and its
        # workshops); when it does not name the object, the whole site.
        _invalidate_all(concrete_scopes(scope, instance=instance))


def _on_image_saved(sender, instance=None, created=False, update_fields=None, **kwargs):
    """A new or replaced image gets its renditions in the background (see portal.renditions)."""
    if update_fields and "file" not in update_fields:
        return
    transaction.on_commit(lambda: pregenerate_renditions_task.enqueue(instance.pk))


def connect_receivers():
    """Receivers run in the order they are connected: a saved locale leaves the locale cache
    before anything else reacts to it."""
    connect_locale_cache_clearing()
    connect_page_cache_invalidation()
    connect_rendition_pregeneration()
    connect_unapproved_images()
    connect_translation_drafts()
    post_migrate.connect(
        _on_migrated, sender=apps.get_app_config("portal"), dispatch_uid="portal-site-address"
    )
    cache_reconnected.connect(invalidate_page_cache, dispatch_uid="portal-cache-reconnected")


def _on_migrated(sender, using="default", **kwargs):
    """The default Site record names the public address (``PORTAL_BASE_URL``)."""
    if "wagtailcore_site" in connections[using].introspection.table_names():
        sync_default_site(using)


def connect_locale_cache_clearing():
    post_save.connect(clear_locale_cache, sender=Locale, dispatch_uid="portal-locale-cache-save")
    post_delete.connect(
        clear_locale_cache, sender=Locale, dispatch_uid="portal-locale-cache-delete"
    )


def connect_rendition_pregeneration():
    post_save.connect(_on_image_saved, sender=get_image_model(), dispatch_uid="portal-renditions")


def connect_page_cache_invalidation():
    page_published.connect(invalidate_page_cache, dispatch_uid="portal-cache-published")
    page_unpublished.connect(invalidate_page_cache, dispatch_uid="portal-cache-unpublished")
    post_page_move.connect(invalidate_page_cache, dispatch_uid="portal-cache-moved")
    post_save.connect(_on_saved, dispatch_uid="portal-cache-model-saved")
    post_delete.connect(_on_deleted, dispatch_uid="portal-cache-model-deleted")
    m2m_changed.connect(_on_relations_changed, dispatch_uid="portal-cache-relations")


def connect_translation_drafts():
    uid = "portal-translation-drafts"
    copy_for_translation_done.connect(
        translation_drafts.on_copied_for_translation, dispatch_uid=f"{uid}-copied"
    )
    page_published.connect(translation_drafts.on_page_published, dispatch_uid=f"{uid}-published")


def connect_unapproved_images():
    uid = "portal-unapproved-images"
    page_published.connect(unapproved_images.on_page_published, dispatch_uid=f"{uid}-published")
    workflow_rejected.connect(
        unapproved_images.on_workflow_rejected, dispatch_uid=f"{uid}-rejected"
    )
    for model in get_page_models():
        if unapproved_images.image_field_names(model):
            pre_delete.connect(
                unapproved_images.on_page_deleted,
                sender=model,
                dispatch_uid=f"{uid}-deleted-{model._meta.label}",
            )

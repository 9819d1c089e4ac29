"""What invalidates the anonymous page cache (see ``portal.page_cache``)."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db.models.signals import m2m_changed, post_delete, post_save
from wagtail.contrib.settings.models import BaseSiteSetting
from wagtail.models import Page, PageViewRestriction, Site
from wagtail.signals import page_published, page_unpublished, post_page_move

from portal.page_cache import invalidate_page_cache

# Changes to any model of these apps can show on public pages (topics, people, comments,
# registrations and seats left, organisations, site settings, navigation).
INVALIDATING_APPS = (
    "home",
    "blog",
    "events",
    "community",
    "django_comments_xtd",
    "django_comments",
)


def _on_model_change(sender, instance=None, **kwargs):
    if sender._meta.app_label in getattr(
        settings, "PAGE_CACHE_INVALIDATING_APPS", INVALIDATING_APPS
    ):
        if isinstance(instance, Page) and kwargs.get("signal") is post_save:
            return  # drafts do not change what readers see; page_published does
        if kwargs.get("created") and isinstance(instance, BaseSiteSetting):
            return  # created with its defaults on first use, while a page renders with them
        invalidate_page_cache()


def _on_page_deleted(sender, instance=None, **kwargs):
    if isinstance(instance, Page):
        invalidate_page_cache()


def _on_alias_saved(sender, instance=None, **kwargs):
    """A new alias page changes which privacy rules apply where (portal.cached_lookups)."""
    if isinstance(instance, Page) and instance.alias_of_id:
        invalidate_page_cache()


def _on_groups_changed(sender, action=None, **kwargs):
    if action in ("post_add", "post_remove", "post_clear"):
        invalidate_page_cache()


def _on_image_saved(sender, instance=None, created=False, update_fields=None, **kwargs):
    """A new or replaced image gets its renditions in the background (see portal.renditions)."""
    from django.db import transaction

    from portal.tasks import pregenerate_renditions_task

    if update_fields and "file" not in update_fields:
        return
    transaction.on_commit(lambda: pregenerate_renditions_task.enqueue(instance.pk))


def connect_rendition_pregeneration():
    from wagtail.images import get_image_model

    post_save.connect(_on_image_saved, sender=get_image_model(), dispatch_uid="portal-renditions")


def connect_page_cache_invalidation():
    page_published.connect(invalidate_page_cache, dispatch_uid="portal-cache-published")
    page_unpublished.connect(invalidate_page_cache, dispatch_uid="portal-cache-unpublished")
    post_page_move.connect(invalidate_page_cache, dispatch_uid="portal-cache-moved")
    post_delete.connect(_on_page_deleted, dispatch_uid="portal-cache-page-deleted")
    post_save.connect(_on_model_change, dispatch_uid="portal-cache-model-saved")
    post_delete.connect(_on_model_change, dispatch_uid="portal-cache-model-deleted")
    post_save.connect(invalidate_page_cache, sender=Site, dispatch_uid="portal-cache-site")
    post_save.connect(_on_alias_saved, dispatch_uid="portal-cache-alias-saved")
    # Group changes (membership granted or revoked) change counts and who may see what.
    m2m_changed.connect(
        _on_groups_changed,
        sender=get_user_model().groups.through,
        dispatch_uid="portal-cache-user-groups",
    )
    # Page privacy (Wagtail's view restrictions): what is cached for whom changes.
    for signal, name in ((post_save, "saved"), (post_delete, "deleted")):
        signal.connect(
            invalidate_page_cache,
            sender=PageViewRestriction,
            dispatch_uid=f"portal-cache-restriction-{name}",
        )

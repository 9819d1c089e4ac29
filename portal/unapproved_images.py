"""Images uploaded with a change that no editor has approved yet (a member's new photo).

Such an image is an ordinary Wagtail image whose file name starts with
``portal.storage.UNAPPROVED_PREFIX``: the storage keeps it and its renditions under
``PRIVATE_MEDIA_ROOT``, ``/media/`` never serves it, and ``/private-media/`` shows it only to
the person who uploaded it and to editors (``may_view``). The rules for pages:

* publishing a page makes the images its image fields point to public (``approve_image``):
  approval is publication, whoever publishes;
* rejecting the change (the workflow asks for changes) takes the photo out of the draft and
  deletes it; so does publishing another image instead or deleting the page;
* the image chooser does not offer unapproved images (``portal.wagtail_hooks``), so editors
  cannot put one on another page before its own page is approved.
"""

import posixpath
import secrets
from functools import cache

from django.db import transaction
from wagtail.images import get_image_model
from wagtail.images.models import AbstractImage
from wagtail.models import Page

from portal.storage import ORIGINALS_FOLDER, UNAPPROVED_PREFIX, is_unapproved_name


def is_unapproved(image):
    return image is not None and is_unapproved_name(image.file.name)


def unapproved_images():
    return get_image_model().objects.filter(
        file__startswith=f"{ORIGINALS_FOLDER}/{UNAPPROVED_PREFIX}"
    )


def store_unapproved_image(upload, *, user, title):
    """Save ``upload`` (already validated as an image) as an unapproved image of ``user``."""
    Image = get_image_model()
    storage = Image._meta.get_field("file").storage
    extension = posixpath.splitext(upload.name or "")[1].lower()
    name = storage.save(
        f"{ORIGINALS_FOLDER}/{UNAPPROVED_PREFIX}{secrets.token_hex(16)}{extension}", upload
    )
    image = Image(title=title[:255], uploaded_by_user=user, file=name, file_size=upload.size)
    image.save()
    return image


@transaction.atomic
def approve_image(image):
    """Make an unapproved image public: its original moves to ``MEDIA_ROOT`` under a name
    without the prefix, its private renditions are deleted (the public ones are made anew).
    Returns True if the image was unapproved."""
    old_name = image.file.name
    if not is_unapproved_name(old_name):
        return False
    storage = image.file.storage
    public_base = posixpath.basename(old_name)[len(UNAPPROVED_PREFIX) :]
    with storage.open(old_name, "rb") as source:
        public_name = storage.save(posixpath.join(ORIGINALS_FOLDER, public_base), source)
    # Deleting the rows removes their files after the commit (Wagtail's clean-up).
    image.renditions.all().delete()
    image.file = public_name
    image.save(update_fields=["file"])
    transaction.on_commit(lambda: storage.delete(old_name))
    return True


def discard_images(image_ids):
    """Delete the unapproved images among ``image_ids`` (files follow after the commit)."""
    ids = {image_id for image_id in image_ids if image_id}
    if ids:
        for image in unapproved_images().filter(pk__in=ids):
            image.delete()


def may_view(user, image):
    """The uploader and editors (everyone who may use the admin) see an unapproved image."""
    if not user.is_authenticated:
        return False
    return image.uploaded_by_user_id == user.pk or user.has_perm("wagtailadmin.access_admin")


# Pages: which image fields they have, which images their revisions point to.


@cache
def image_field_names(model):
    return tuple(
        field.name
        for field in model._meta.get_fields()
        if field.many_to_one
        and field.concrete
        and field.related_model is not None
        and issubclass(field.related_model, AbstractImage)
    )


def image_ids_of(instance, field_names):
    return {getattr(instance, f"{name}_id", None) for name in field_names} - {None}


def image_ids_in_revisions(page, field_names):
    ids = set()
    for content in page.revisions.values_list("content", flat=True):
        if isinstance(content, dict):
            ids.update(content.get(name) for name in field_names)
    return ids - {None}


def on_page_published(sender, instance, revision=None, **kwargs):
    """Publication approves the images the page shows now; unapproved images that only
    older drafts of the page used are deleted."""
    fields = image_field_names(type(instance))
    if not fields:
        return
    for name in fields:
        image = getattr(instance, name)
        if is_unapproved(image):
            approve_image(image)
    if not unapproved_images().exists():
        return
    latest = instance.get_latest_revision()
    keep = image_ids_of(instance, fields)
    if latest is not None:
        keep |= {latest.content.get(name) for name in fields}
    discard_images(image_ids_in_revisions(instance, fields) - keep)


def on_workflow_rejected(sender, instance, user=None, **kwargs):
    """An editor asked for changes: unapproved images leave the draft (it shows the
    published image again, or none) and are deleted."""
    page = instance.content_object
    if not isinstance(page, Page):
        return
    page = page.specific
    fields = image_field_names(type(page))
    draft = page.get_latest_revision_as_object()
    pending = {name: getattr(draft, name) for name in fields}
    pending = {name: image for name, image in pending.items() if is_unapproved(image)}
    if not pending:
        return
    for name, image in pending.items():
        published = getattr(page, f"{name}_id") if page.live else None
        setattr(draft, f"{name}_id", None if published == image.pk else published)
    draft.save_revision(user=user, log_action=False, clean=False)
    discard_images(image.pk for image in pending.values())


def on_page_deleted(sender, instance, **kwargs):
    """Deleting a page deletes the unapproved images of its drafts."""
    fields = image_field_names(type(instance))
    if fields and unapproved_images().exists():
        discard_images(image_ids_in_revisions(instance, fields) | image_ids_of(instance, fields))

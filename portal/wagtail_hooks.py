"""Wagtail admin hooks of the portal (registrations only)."""

from wagtail import hooks

from portal.storage import ORIGINALS_FOLDER, UNAPPROVED_PREFIX


@hooks.register("construct_image_chooser_queryset")
def hide_unapproved_images(images, request):
    """Images waiting for approval (portal.unapproved_images) cannot be put on other pages."""
    return images.exclude(file__startswith=f"{ORIGINALS_FOLDER}/{UNAPPROVED_PREFIX}")

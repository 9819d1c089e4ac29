"""Wagtail admin hooks of the portal (registrations only)."""

from django.db import models
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.forms.models import register_form_field_override
from wagtail.admin.menu import MenuItem

from portal.document_privacy import document_refusal
from portal.forms import UmlautSlugInput
from portal.storage import ORIGINALS_FOLDER, UNAPPROVED_PREFIX

# Every slug field of the admin writes out umlauts (replaces Wagtail's own SlugInput override).
register_form_field_override(models.SlugField, override={"widget": UmlautSlugInput})


@hooks.register("construct_image_chooser_queryset")
def hide_unapproved_images(images, request):
    """Images waiting for approval (portal.unapproved_images) cannot be put on other pages."""
    return images.exclude(file__startswith=f"{ORIGINALS_FOLDER}/{UNAPPROVED_PREFIX}")


# Documents are as private as the pages that show them (portal.document_privacy).
hooks.register("before_serve_document", document_refusal)


@hooks.register("register_help_menu_item")
def pattern_page_menu_item():
    """Editors find the pattern page (``portal.styleguide``) under "Hilfe" in the admin, in
    the language of their admin."""
    return MenuItem(
        _("Gestaltungsmuster der Website"),
        reverse_lazy("styleguide"),
        icon_name="doc-full",
        order=900,
        name="pattern-page",
    )

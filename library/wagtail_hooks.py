"""The library's registrations with Wagtail (registrations only): its admin listing
(``library.admin_views``) and the guards that keep videos and interviews without a
transcript unpublished (``library.rules``)."""

from wagtail import hooks

from .admin_views import resource_viewset
from .rules import (
    document_pages,
    refuse_untranscribed_bulk_publishing,
    refuse_untranscribed_publishing,
)

hooks.register("before_publish_page", refuse_untranscribed_publishing)
hooks.register("portal_document_pages", document_pages)
hooks.register("before_bulk_action", refuse_untranscribed_bulk_publishing)


@hooks.register("register_admin_viewset")
def register_resource_viewset():
    return resource_viewset

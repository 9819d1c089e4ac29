"""The library in the admin: a flat listing of every resource (Wagtail's
``PageListingViewSet``) with filters by type, language and status. Resources are edited
in the page editor below the library page."""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.viewsets.pages import PageListingViewSet

from .models import ResourcePage


class ResourceViewSet(PageListingViewSet):
    model = ResourcePage
    icon = "doc-full-inverse"
    menu_label = _("Wissensplattform")
    menu_order = 270
    add_to_admin_menu = True
    name = "library_resources"
    # The language filter is Wagtail's own ("Alle", "Deutsch", "Englisch"), not "locale"
    # here, which would offer Locale rows under "---------".
    list_filter = ["resource_type", "live"]


resource_viewset = ResourceViewSet()

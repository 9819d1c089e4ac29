"""The ideas' admin screens: a flat listing of every idea (drafts included) with filters by
status and topic, search and a spreadsheet export (Wagtail's ``PageListingViewSet``).
Editing, moderation and publishing are Wagtail's page editor and workflows."""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.ui.tables import Column, DateColumn
from wagtail.admin.views.pages.listing import IndexView
from wagtail.admin.viewsets.pages import PageListingViewSet

from home.admin_filters import TranslationPageFilterSet
from portal.admin_views import OfficeExportMixin

from .models import IdeaPage


class IdeaIndexView(OfficeExportMixin, IndexView):
    """CSV and XLSX as German Excel reads them (``portal.admin_views``); the topic filter
    offers each topic once (``home.admin_filters``)."""

    base_filterset_class = TranslationPageFilterSet


class IdeaListingViewSet(PageListingViewSet):
    model = IdeaPage
    icon = "pick"
    menu_label = _("Ideen")
    menu_order = 260
    add_to_admin_menu = True
    name = "idea_listing"
    index_view_class = IdeaIndexView
    # The language filter is Wagtail's own ("Alle", "Deutsch", "Englisch"), not "locale"
    # here, which would offer Locale rows under "---------".
    list_filter = ["status", "topics"]
    columns = PageListingViewSet.columns + [
        Column("status", label=_("Status"), accessor="get_status_display", sort_key="status"),
        Column("municipality", label=_("Kommune")),
        DateColumn("first_published_at", label=_("Veröffentlicht am")),
    ]
    # Choices by their labels ("Aufgegriffen"), not their stored values ("aufgegriffen").
    list_export = [
        "title",
        "get_status_display",
        "status_reason",
        "municipality",
        "get_submitter_type_display",
        "live",
        "first_published_at",
    ]
    export_headings = {
        "title": _("Titel"),
        "get_status_display": _("Status"),
        "status_reason": _("Begründung"),
        "municipality": _("Kommune"),
        "get_submitter_type_display": _("Eingereicht von"),
        "live": _("Veröffentlicht"),
        "first_published_at": _("Veröffentlicht am"),
    }


idea_listing_viewset = IdeaListingViewSet("idea_listing")

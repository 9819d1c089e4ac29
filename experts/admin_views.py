"""The expert database in the admin: a flat listing of every expert profile (Wagtail's
``PageListingViewSet``) with filters and a spreadsheet export for the office
(``portal.admin_views.OfficeExportMixin``). Profiles are edited in the page editor; the
experts' own changes arrive through the moderation workflow."""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.views.pages.listing import IndexView
from wagtail.admin.viewsets.pages import PageListingViewSet

from portal.admin_views import OfficeExportMixin

from .models import ExpertPage


class ExpertIndexView(OfficeExportMixin, IndexView):
    def get_base_queryset(self):
        return super().get_base_queryset().prefetch_related("regions", "languages", "topics")


class ExpertViewSet(PageListingViewSet):
    model = ExpertPage
    icon = "user"
    menu_label = _("Beraterdatenbank")
    menu_order = 260
    add_to_admin_menu = True
    name = "expert_profiles"
    index_view_class = ExpertIndexView
    # The language filter is Wagtail's own ("Alle", "Deutsch", "Englisch"), not "locale"
    # here, which would offer Locale rows under "---------".
    list_filter = ["kind", "availability", "contact_visibility", "live"]
    list_export = [
        "name",
        "get_kind_display",
        "teaser",
        "topic_names",
        "region_names",
        "municipality_sizes",
        "language_names",
        "get_availability_display",
        "availability_note",
        "website",
        "contact_email",
        "contact_phone",
        "get_contact_visibility_display",
        "live",
        "last_published_at",
    ]
    export_headings = {
        "get_kind_display": _("Art"),
        "topic_names": _("Kompetenzen (Themen)"),
        "region_names": _("Regionen"),
        "municipality_sizes": _("Erfahrung mit Kommunen"),
        "language_names": _("Sprachen"),
        "get_availability_display": _("Verfügbarkeit"),
        "get_contact_visibility_display": _("Kontaktdaten sichtbar für"),
        "live": _("Veröffentlicht"),
        "last_published_at": _("Zuletzt veröffentlicht"),
    }
    export_filename = "beraterdatenbank"


expert_viewset = ExpertViewSet()

"""The editors' search desk in the Wagtail admin: the most frequent search terms and the
terms that found nothing in the last 30 days (*Reports → Suchanfragen*), with links to add an
editor's pick for a term (Wagtail's search promotions, prefilled), and the synonyms editors
manage (*Settings → Synonyme der Suche*)."""

from urllib.parse import urlencode

from django.core.exceptions import PermissionDenied
from django.http import HttpResponseBadRequest
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView
from wagtail.admin.menu import MenuItem
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.views.mixins import SpreadsheetExportMixin
from wagtail.contrib.search_promotions.views.settings import CreateView as PromotionCreateView
from wagtail.snippets.models import get_snippet_models
from wagtail.snippets.views import snippets as snippet_views
from wagtail.snippets.views.snippets import SnippetViewSet

from portal.admin_views import OfficeExportMixin
from search.models import SearchSynonym
from search.statistics import (
    MAX_QUERY_LENGTH,
    REPORT_DAYS,
    frequent_terms,
    terms_without_results,
)

VIEW_PERMISSION = "search.view_searchtermstatistic"
ROWS_SHOWN = 100


def can_view_search_terms(user):
    return user.has_perm(VIEW_PERMISSION)


def synonym_add_url(user):
    """The admin's "add" view of the search app's synonyms snippet, when there is one and
    ``user`` may add synonyms, else ``""``."""
    for model in get_snippet_models():
        if model._meta.app_label == "search" and "synonym" in model._meta.model_name:
            if user.has_perm(f"search.add_{model._meta.model_name}"):
                return reverse(model.snippet_viewset.get_url_name("add"))
    return ""


class SearchTermsMenuItem(MenuItem):
    """The report's menu item, shown only to those who may open the report."""

    def is_shown(self, request):
        return can_view_search_terms(request.user)


class SearchTermsReportView(SpreadsheetExportMixin, WagtailAdminTemplateMixin, TemplateView):
    """Two tables in one report; ``?export=csv|xlsx&table=frequent|empty`` downloads one of
    them in full (all terms of the period, not only the first ``ROWS_SHOWN``)."""

    template_name = "search/admin/search_terms_report.html"
    page_title = _("Suchanfragen")
    header_icon = "search"
    TABLES = {"frequent": frequent_terms, "empty": terms_without_results}
    list_export = ["query_string", "language_code", "total_searches", "total_without_results"]
    export_headings = {
        "query_string": _("Suchbegriff"),
        "language_code": _("Sprache"),
        "total_searches": _("Suchen"),
        "total_without_results": _("Davon ohne Treffer"),
    }

    def dispatch(self, request, *args, **kwargs):
        if not can_view_search_terms(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": "", "label": self.page_title}]

    def to_row_dict(self, item):
        return {field: item[field] for field in self.list_export}

    def get_heading(self, queryset, field):
        return str(self.export_headings[field])

    def get_filename(self):
        table = self.request.GET.get("table")
        return "suchbegriffe-ohne-treffer" if table == "empty" else "suchbegriffe-haeufig"

    def get(self, request, *args, **kwargs):
        if self.is_export:
            table = self.TABLES.get(request.GET.get("table", "frequent"))
            if table is None:
                return HttpResponseBadRequest()
            return self.as_spreadsheet(table(), request.GET["export"])
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["days"] = REPORT_DAYS
        context["synonym_url"] = synonym_add_url(self.request.user)
        context["tables"] = [
            {
                "key": key,
                "title": title,
                "rows": [self.row(item) for item in self.TABLES[key]()[:ROWS_SHOWN]],
                "csv_url": self.export_url(key, self.FORMAT_CSV),
                "xlsx_url": self.export_url(key, self.FORMAT_XLSX),
            }
            for key, title in (
                ("frequent", _("Häufigste Suchbegriffe")),
                ("empty", _("Suchbegriffe ohne Treffer")),
            )
        ]
        return context

    def export_url(self, table, export_format):
        return f"{self.request.path}?{urlencode({'table': table, 'export': export_format})}"

    @staticmethod
    def row(item):
        return {
            **item,
            "promotion_url": (
                f"{reverse('search_terms_add_promotion')}?{urlencode({'q': item['query_string']})}"
            ),
        }


class PrefilledPromotionCreateView(PromotionCreateView):
    """Wagtail's "add editor's picks" form with the search term filled in from ``?q=``; the
    form is sent to Wagtail's own add view."""

    def get_initial(self):
        initial = super().get_initial()
        term = self.request.GET.get("q", "")
        if isinstance(term, str) and term.strip():
            initial["query_string"] = term.strip()[:MAX_QUERY_LENGTH]
        return initial


class SynonymIndexView(OfficeExportMixin, snippet_views.IndexView):
    """The synonyms list; its export in the office format (Berlin time, German Excel)."""


class SearchSynonymViewSet(SnippetViewSet):
    model = SearchSynonym
    index_view_class = SynonymIndexView
    icon = "search"
    menu_label = _("Synonyme der Suche")
    menu_name = "search-synonyms"
    add_to_settings_menu = True
    list_display = ["__str__", "language", "updated_at"]
    list_filter = ["language"]
    list_export = ["terms", "language", "updated_at"]
    export_filename = "suchsynonyme"
    search_fields = ["terms"]
    form_fields = ["language", "terms"]
    copy_view_enabled = False

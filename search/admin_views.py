"""Admin screens of the search: the synonyms editors manage."""

from django.utils.translation import gettext_lazy as _
from wagtail.snippets.views.snippets import SnippetViewSet

from search.models import SearchSynonym


class SearchSynonymViewSet(SnippetViewSet):
    model = SearchSynonym
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

"""Admin screens for the shared snippets: topics and external people ("Stammdaten")."""

from django.utils.translation import gettext_lazy as _
from wagtail.snippets.views import snippets as snippet_views
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from home.models import Person, Topic
from portal.admin_views import OfficeExportMixin


class ExportingIndexView(OfficeExportMixin, snippet_views.IndexView):
    pass


class TopicViewSet(SnippetViewSet):
    model = Topic
    icon = "tag"
    menu_label = _("Themen")
    index_view_class = ExportingIndexView
    export_filename = "themen"
    list_display = ["name", "slug"]
    list_filter = ["locale"]
    search_fields = ["name"]
    list_export = ["name", "slug", "description"]


class PersonViewSet(SnippetViewSet):
    model = Person
    icon = "user"
    menu_label = _("Personen (extern)")
    index_view_class = ExportingIndexView
    export_filename = "personen"
    list_display = ["name", "role", "organisation"]
    list_filter = ["locale"]
    search_fields = ["name", "organisation"]
    list_export = ["name", "role", "organisation"]


class SharedContentGroup(SnippetViewSetGroup):
    items = (TopicViewSet, PersonViewSet)
    menu_icon = "folder-open-inverse"
    menu_label = _("Stammdaten")
    menu_name = "shared-content"

from wagtail.snippets.models import register_snippet

from search.admin_views import SearchSynonymViewSet

register_snippet(SearchSynonymViewSet)

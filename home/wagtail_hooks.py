"""The home app's registrations with Wagtail (registrations only): the shared snippets'
admin screens (``home.admin_views``)."""

from wagtail.snippets.models import register_snippet

from home.admin_views import SharedContentGroup

register_snippet(SharedContentGroup)

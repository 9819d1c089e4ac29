from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WorkingGroupsConfig(AppConfig):
    """Working groups (Arbeitskreise) of the club: a public page per group, memberships that
    members request and leads decide, and a members-only area per group behind Wagtail's
    privacy."""

    name = "workinggroups"
    verbose_name = _("Arbeitskreise")

    def ready(self):
        from workinggroups import signals  # noqa: F401 - connects the receivers

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LibraryConfig(AppConfig):
    """The knowledge library (Wissensplattform): recordings, interviews, slides, documents
    and links by topic and type, some of them for club members only."""

    name = "library"
    verbose_name = _("Wissensplattform")

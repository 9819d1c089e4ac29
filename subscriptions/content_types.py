"""The content types a digest can list, as a small registry.

Each entry names a page model by its label ("blog.BlogPage"); a digest lists its live,
public pages in the subscriber's language that were first published since the last digest
and carry one of the chosen topics (through the page's ``topics`` field). Entries whose app
is not installed are left out of the form and the digests. A new app adds its pages with
one call in its ``wagtail_hooks.py`` (where the project keeps registrations)::

    from subscriptions.content_types import register_content_type
    register_content_type("ideas", _("Ideen"), "ideas.IdeaPage", order=40)

(or by adding an entry to ``BUILT_IN`` below, naming the model by string, so that nothing
is imported from the app).
"""

from dataclasses import dataclass

from django.apps import apps
from django.utils.translation import gettext_lazy as _


def app_installed(model_label):
    """True when the app of ``model_label`` ("blog.BlogPage") is installed."""
    app_label = model_label.split(".")[0]
    return any(config.label == app_label for config in apps.get_app_configs())


@dataclass(frozen=True)
class DigestContentType:
    key: str
    label: str
    model_label: str
    order: int = 100
    topics_field: str = "topics"

    @property
    def available(self):
        return app_installed(self.model_label)

    @property
    def model(self):
        return apps.get_model(self.model_label)


BUILT_IN = (
    DigestContentType("articles", _("Artikel"), "blog.BlogPage", order=10),
    DigestContentType("events", _("Veranstaltungen"), "events.EventPage", order=20),
    DigestContentType("solutions", _("Lösungen im Marktplatz"), "community.SolutionPage", order=30),
    DigestContentType("ideas", _("Ideen"), "ideas.IdeaPage", order=40),
    DigestContentType("library", _("Wissensplattform"), "library.ResourcePage", order=50),
)
_REGISTRY = {entry.key: entry for entry in BUILT_IN}


def register_content_type(key, label, model_label, order=100, topics_field="topics"):
    _REGISTRY[key] = DigestContentType(key, label, model_label, order, topics_field)


def content_types():
    """The registered content types whose app is installed, in their order."""
    return sorted((entry for entry in _REGISTRY.values() if entry.available), key=lambda e: e.order)


def content_type_choices():
    return [(entry.key, entry.label) for entry in content_types()]


def content_type(key):
    entry = _REGISTRY.get(key)
    return entry if entry is not None and entry.available else None

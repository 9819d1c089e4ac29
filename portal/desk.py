"""The editors' desk: panels on the Wagtail dashboard that say what waits for a decision.

Each app puts its own panels on the dashboard (``construct_homepage_panels`` in its
``wagtail_hooks.py``; the panel classes live in its ``admin_views.py``): comments to approve
or reported (blog), membership applications and pending profile and solution changes
(community), upcoming events with seats left (events). A panel is shown only to people who
may act on what it lists, and costs a fixed number of queries however much waits.
"""

from dataclasses import dataclass

from wagtail.admin.ui.components import Component


@dataclass(frozen=True)
class DeskCount:
    """One count of a panel ("3 waiting for approval"), linked to where they are listed."""

    label: str
    number: int
    url: str = ""


@dataclass(frozen=True)
class DeskItem:
    """One of the first few things that wait, linked to where an editor acts on it."""

    title: str
    url: str
    details: tuple = ()


class DeskPanel(Component):
    """A dashboard panel of the desk. Subclasses say who sees it (``is_shown_to``) and what
    it lists (``get_counts``, ``get_items``, optionally ``get_more_url``)."""

    template_name = "portal/admin/desk_panel.html"
    name = "desk"
    heading = ""
    icon = "tasks"
    empty_text = ""
    more_label = ""
    order = 150  # before Wagtail's own panels (210 and up)
    item_limit = 5

    @classmethod
    def is_shown_to(cls, user):
        raise NotImplementedError

    @classmethod
    def add_to(cls, request, panels):
        """The ``construct_homepage_panels`` hook: add the panel for those who may act."""
        if cls.is_shown_to(request.user):
            panels.append(cls())

    def get_counts(self, request):
        return []

    def get_items(self, request):
        return []

    def get_more_url(self, request):
        return ""

    def get_context_data(self, parent_context):
        request = parent_context["request"]
        counts = self.get_counts(request)
        return {
            "panel": self,
            "counts": counts,
            "total": sum(count.number for count in counts),
            "items": self.get_items(request),
            "more_url": self.get_more_url(request),
        }

"""The subscriptions in the Wagtail admin.

* "Abonnements nach Thema" (Reports menu): the number of confirmed subscribers per topic,
  per content type and of the newsletter, for everyone who may use the admin (counts only,
  nobody's address).
* "Abonnements" (Settings menu): the list of subscribers, for those with the view permission
  (superusers, or a group it is given to); editors do not have it. Its spreadsheet export is
  only for administrators: superusers or holders of ``subscriptions.export_subscription``
  (``can_export_subscribers``); anyone else asking for the export gets 403. Nobody adds or
  edits subscriptions in the admin: they come from the double opt-in.
"""

from collections import Counter

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.generic import IndexView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.models import Locale
from wagtail.permission_policies import ModelPermissionPolicy

from home.models import Topic
from portal.admin_views import OfficeExportMixin
from subscriptions.content_types import content_types
from subscriptions.models import Subscription

EXPORT_PERMISSION = "subscriptions.export_subscription"


def can_export_subscribers(user):
    """Only administrators export the subscriber list (addresses are personal data)."""
    return bool(user.is_active and (user.is_superuser or user.has_perm(EXPORT_PERMISSION)))


class SubscriptionPermissionPolicy(ModelPermissionPolicy):
    """Subscriptions come from the double opt-in only: never added or edited here."""

    locked_actions = ("add", "change")

    def user_has_permission(self, user, action):
        if action in self.locked_actions:
            return False
        return super().user_has_permission(user, action)

    def users_with_any_permission(self, actions):
        actions = [action for action in actions if action not in self.locked_actions]
        if not actions:
            return get_user_model().objects.none()
        return super().users_with_any_permission(actions)


subscription_permission_policy = SubscriptionPermissionPolicy(Subscription)


class SubscriptionIndexView(OfficeExportMixin, IndexView):
    def dispatch(self, request, *args, **kwargs):
        if self.is_export and not can_export_subscribers(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    @cached_property
    def show_export_buttons(self):
        return can_export_subscribers(self.request.user)

    def get_filename(self):
        return "abonnements"


class SubscriptionViewSet(ModelViewSet):
    model = Subscription
    icon = "mail"
    menu_label = gettext_lazy("Abonnements")
    add_to_settings_menu = True
    name = "subscriptions_subscription"
    url_prefix = "subscriptions"
    index_view_class = SubscriptionIndexView
    add_to_reference_index = False
    copy_view_enabled = False
    inspect_view_enabled = True
    list_display = [
        "email",
        "language",
        Column("frequency", label=gettext_lazy("Häufigkeit")),
        "newsletter",
        "confirmed_at",
    ]
    list_filter = ["language", "frequency", "newsletter"]
    search_fields = ["email"]
    ordering = ["email"]
    list_export = [
        "email",
        "language",
        "newsletter",
        "content_types",
        "frequency",
        "created_at",
        "confirmed_at",
    ]
    export_headings = {
        "email": gettext_lazy("E-Mail-Adresse"),
        "language": gettext_lazy("Sprache"),
        "newsletter": gettext_lazy("Newsletter"),
        "content_types": gettext_lazy("Inhaltsarten"),
        "frequency": gettext_lazy("Häufigkeit"),
        "created_at": gettext_lazy("Angelegt"),
        "confirmed_at": gettext_lazy("Bestätigt"),
    }
    form_fields = ["newsletter", "frequency"]

    @cached_property
    def permission_policy(self):
        return subscription_permission_policy


subscription_viewset = SubscriptionViewSet()


def subscriber_counts():
    """Confirmed subscribers per topic (a topic and its translations count as one), per
    content type, of the newsletter, and in all; unconfirmed ones apart."""
    confirmed = Subscription.objects.confirmed()
    through = Subscription.topics.through
    per_key = dict(
        through.objects.filter(subscription__confirmed_at__isnull=False)
        .values_list("topic__translation_key")
        .annotate(count=Count("subscription", distinct=True))
    )
    topics = [
        (topic, per_key.get(topic.translation_key, 0))
        for topic in Topic.objects.filter(locale=Locale.get_default()).order_by("name")
    ]
    by_type = Counter()
    for chosen in confirmed.values_list("content_types", flat=True).iterator():
        by_type.update(set(chosen or []))
    return {
        "topics": topics,
        "all_topics": sum(
            1
            for chosen in confirmed.filter(topics=None).values_list("content_types", flat=True)
            if chosen
        ),
        "content_types": [(entry.label, by_type.get(entry.key, 0)) for entry in content_types()],
        "newsletter": confirmed.filter(newsletter=True).count(),
        "confirmed": confirmed.count(),
        "unconfirmed": Subscription.objects.unconfirmed().count(),
    }


class SubscriberReportView(WagtailAdminTemplateMixin, TemplateView):
    """The number of subscribers per topic (everyone with admin access; no addresses)."""

    template_name = "subscriptions/admin/report.html"
    page_title = gettext_lazy("Abonnements nach Thema")
    header_icon = "mail"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["counts"] = subscriber_counts()
        return context

"""The subscriptions in the Wagtail admin.

* "Abonnements nach Thema" (Reports menu): the number of confirmed subscribers per topic,
  per content type and of the newsletter, for everyone who may use the admin (counts only,
  nobody's address).
* "Abonnements" (Settings menu): the list of subscribers, for those with the view permission
  (superusers, or a group it is given to); editors do not have it. Its spreadsheet export is
  only for administrators: superusers or holders of ``subscriptions.export_subscription``
  (``can_export_subscribers``); anyone else asking for the export gets 403. Nobody adds or
  edits subscriptions in the admin: they come from the double opt-in.
* "Newsletter" (main menu): the newsletter issues (``NewsletterIssue``, a snippet). Editors
  write them; with ``subscriptions.send_newsletterissue`` (Moderators) an editor previews the
  e-mail (``preview-email/<pk>/``, text and HTML), sends a test to their own address
  (``send-test/<pk>/``, POST) and sends the issue after a confirmation that states the number
  of recipients (``send/<pk>/``: GET asks, POST sends, through
  ``subscriptions.newsletter.send_issue``). A sent issue is shown, not edited.
"""

from collections import Counter

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Count
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils.decorators import method_decorator
from django.utils.formats import number_format
from django.utils.functional import cached_property
from django.utils.translation import gettext, gettext_lazy, ngettext
from django.views.decorators.clickjacking import xframe_options_sameorigin
from django.views.defaults import permission_denied
from django.views.generic import TemplateView, View
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.generic import IndexView, InspectView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.widgets.button import Button, ListingButton
from wagtail.models import Locale
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.snippets.views import snippets as snippet_views
from wagtail.snippets.views.snippets import SnippetViewSet
from wagtail.templatetags.wagtailcore_tags import richtext

from home.models import Topic
from portal.admin_views import EMPTY_DISPLAY, LocalInspectMixin, OfficeExportMixin
from subscriptions.content_types import content_types
from subscriptions.emails import newsletter_preview
from subscriptions.models import NewsletterIssue, Subscription
from subscriptions.newsletter import (
    AlreadySent,
    NewsletterError,
    already_sent_message,
    issue_content,
    recipients,
    send_issue,
    send_test,
)

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


class SubscriptionInspectView(LocalInspectMixin, InspectView):
    """One subscription: times in Berlin time, the content types by their names."""

    def get_content_types_display_value(self):
        labels = {entry.key: str(entry.label) for entry in content_types()}
        chosen = self.object.content_types or []
        return ", ".join(labels.get(key, key) for key in chosen) or EMPTY_DISPLAY


class SubscriptionViewSet(ModelViewSet):
    model = Subscription
    icon = "mail"
    menu_label = gettext_lazy("Abonnements")
    add_to_settings_menu = True
    name = "subscriptions_subscription"
    url_prefix = "subscriptions"
    index_view_class = SubscriptionIndexView
    inspect_view_class = SubscriptionInspectView
    add_to_reference_index = False
    copy_view_enabled = False
    inspect_view_enabled = True
    # Not the ``key`` of the signed links: nobody needs to see it.
    inspect_view_fields = [
        "email",
        "user",
        "language",
        "newsletter",
        "content_types",
        "topics",
        "frequency",
        "created_at",
        "confirmed_at",
        "digest_since",
    ]
    list_display = [
        "email",
        "language",
        Column(
            "frequency",
            label=gettext_lazy("Häufigkeit"),
            accessor="get_frequency_display",
            sort_key="frequency",
        ),
        # "Ja"/"Nein" in words (Wagtail's BooleanColumn titles its icons "True"/"False").
        Column(
            "newsletter",
            label=gettext_lazy("Newsletter"),
            accessor=lambda subscription: (
                gettext("Ja") if subscription.newsletter else gettext("Nein")
            ),
            sort_key="newsletter",
        ),
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


# --- Newsletter issues ---------------------------------------------------------------------


class NewsletterIssueViewMixin:
    """The issue of the URL, for the views of a ``NewsletterIssueViewSet``; ``permission``:
    the action the user needs. Without it: a plain 403 (not Wagtail's redirect to the
    dashboard, which a script would take for success)."""

    permission = "send"
    viewset = None

    def dispatch(self, request, pk):
        policy = self.viewset.permission_policy
        if self.permission == "view":
            allowed = policy.user_has_any_permission(request.user, ["add", "change", "view"])
        else:
            allowed = policy.user_has_permission(request.user, self.permission)
        if not allowed:
            return permission_denied(request, PermissionDenied())
        self.issue = get_object_or_404(NewsletterIssue, pk=pk)
        return super().dispatch(request, pk)

    def url(self, name):
        return reverse(self.viewset.get_url_name(name), args=[self.issue.pk])


class NewsletterPreviewView(NewsletterIssueViewMixin, WagtailAdminTemplateMixin, TemplateView):
    """The e-mail as subscribers get it: subject, text, and the HTML part in a frame."""

    permission = "view"
    template_name = "subscriptions/admin/newsletter_preview.html"
    page_title = gettext_lazy("Vorschau der E-Mail")
    header_icon = "mail"

    def get_page_subtitle(self):
        return self.issue.subject

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        subject, text, _html = newsletter_preview(issue_content(self.issue))
        may_send = self.viewset.permission_policy.user_has_permission(self.request.user, "send")
        context.update(
            issue=self.issue,
            subject=subject,
            text=text,
            html_url=self.url("preview_email_html"),
            test_url=self.url("send_test") if may_send and self.request.user.email else "",
            send_url=self.url("send") if may_send and not self.issue.is_sent else "",
        )
        return context


class NewsletterPreviewHtmlView(NewsletterIssueViewMixin, View):
    """The HTML part alone, for the preview's frame (same origin only)."""

    permission = "view"

    @method_decorator(xframe_options_sameorigin)
    def get(self, request, pk):
        _subject, _text, html = newsletter_preview(issue_content(self.issue))
        return HttpResponse(html)


class NewsletterSendTestView(NewsletterIssueViewMixin, View):
    """POST: one copy to the editor's own address, nothing else."""

    http_method_names = ["post"]

    def post(self, request, pk):
        try:
            with transaction.atomic():
                send_test(self.issue, request.user)
        except NewsletterError as error:
            messages.error(request, str(error))
        else:
            messages.success(
                request,
                gettext("Ein Test wurde an %(email)s gesendet.") % {"email": request.user.email},
            )
        return redirect(self.url("preview_email"))


class NewsletterSendView(NewsletterIssueViewMixin, WagtailAdminTemplateMixin, TemplateView):
    """GET asks, stating the number of recipients; POST sends (once)."""

    template_name = "subscriptions/admin/newsletter_send.html"
    page_title = gettext_lazy("Newsletter-Ausgabe versenden")
    header_icon = "mail"

    def get_page_subtitle(self):
        return self.issue.subject

    def get(self, request, pk):
        if self.issue.is_sent:
            messages.error(request, already_sent_message(self.issue))
            return redirect(self.url("inspect"))
        return super().get(request, pk)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        count = recipients(self.issue).count()
        context.update(
            issue=self.issue,
            count=count,
            question=ngettext(
                "An %(count)s Abonnentin oder Abonnenten senden?",
                "An %(count)s Abonnentinnen und Abonnenten senden?",
                count,
            )
            % {"count": number_format(count, force_grouping=True)},
            language=self.issue.get_language_display(),
            preview_url=self.url("preview_email"),
        )
        return context

    def post(self, request, pk):
        try:
            sent = send_issue(self.issue, request.user)
        except AlreadySent as error:
            messages.error(request, str(error))
            return redirect(self.url("inspect"))
        except NewsletterError as error:
            messages.error(request, str(error))
            return redirect(self.url("preview_email"))
        messages.success(
            request,
            ngettext(
                "„%(subject)s“ geht an %(count)s Abonnentin oder Abonnenten.",
                "„%(subject)s“ geht an %(count)s Abonnentinnen und Abonnenten.",
                sent,
            )
            % {"subject": self.issue.subject, "count": number_format(sent, force_grouping=True)},
        )
        return redirect(self.viewset.menu_url)


class NewsletterIssueIndexView(snippet_views.IndexView):
    def get_list_more_buttons(self, instance):
        buttons = super().get_list_more_buttons(instance)
        policy = self.permission_policy
        if policy.user_has_any_permission(self.request.user, ["add", "change", "view"]):
            buttons.append(
                ListingButton(
                    gettext_lazy("Vorschau der E-Mail"),
                    url=reverse(
                        "wagtailsnippets_subscriptions_newsletterissue:preview_email",
                        args=[instance.pk],
                    ),
                    icon_name="view",
                    priority=5,
                )
            )
        if not instance.is_sent and policy.user_has_permission(self.request.user, "send"):
            buttons.append(
                ListingButton(
                    gettext_lazy("Versenden"),
                    url=reverse(
                        "wagtailsnippets_subscriptions_newsletterissue:send", args=[instance.pk]
                    ),
                    icon_name="mail",
                    priority=6,
                )
            )
        return buttons


class NewsletterIssueInspectView(LocalInspectMixin, snippet_views.InspectView):
    """An issue: times in Berlin time, "–" for what has not happened yet, the introduction
    as formatted text (not its HTML source)."""

    def get_introduction_display_value(self):
        return richtext(self.object.introduction) if self.object.introduction else None


class NewsletterIssueCreateView(snippet_views.CreateView):
    def save_instance(self):
        self.form.instance.created_by = self.request.user
        return super().save_instance()


class NewsletterIssueEditView(snippet_views.EditView):
    """A sent issue is not edited: GET and POST lead to its inspect view. Saving re-checks
    under a row lock, so an issue sent while the form was open is not overwritten."""

    def dispatch(self, request, *args, **kwargs):
        if self.object.is_sent and self.user_has_permission("change"):
            messages.warning(
                request, gettext("Eine versandte Ausgabe kann nicht mehr bearbeitet werden.")
            )
            return redirect("wagtailsnippets_subscriptions_newsletterissue:inspect", self.object.pk)
        return super().dispatch(request, *args, **kwargs)

    def save_instance(self):
        sent_at = (
            NewsletterIssue.objects.select_for_update()
            .filter(pk=self.object.pk)
            .values_list("sent_at", flat=True)
            .first()
        )
        if sent_at is not None:
            raise PermissionDenied(
                gettext("Eine versandte Ausgabe kann nicht mehr bearbeitet werden.")
            )
        return super().save_instance()

    @cached_property
    def header_more_buttons(self):
        return [
            *super().header_more_buttons,
            Button(
                gettext_lazy("Vorschau der E-Mail"),
                url=reverse(
                    "wagtailsnippets_subscriptions_newsletterissue:preview_email",
                    args=[self.object.pk],
                ),
                icon_name="view",
                priority=40,
            ),
        ]


class NewsletterIssueViewSet(SnippetViewSet):
    model = NewsletterIssue
    icon = "mail"
    menu_label = gettext_lazy("Newsletter")
    menu_name = "newsletter"
    add_to_admin_menu = True
    menu_order = 280
    index_view_class = NewsletterIssueIndexView
    add_view_class = NewsletterIssueCreateView
    edit_view_class = NewsletterIssueEditView
    inspect_view_class = NewsletterIssueInspectView
    copy_view_enabled = False
    inspect_view_enabled = True
    inspect_view_fields = [
        "subject",
        "language",
        "introduction",
        "created_by",
        "created_at",
        "sent_at",
        "sent_by",
        "recipients",
    ]
    list_display = ["subject", "language", "created_at", "sent_at", "recipients"]
    list_filter = ["language"]
    ordering = ["-created_at", "-pk"]

    def get_urlpatterns(self):
        def view(view_class):
            return view_class.as_view(viewset=self)

        return super().get_urlpatterns() + [
            path("preview-email/<int:pk>/", view(NewsletterPreviewView), name="preview_email"),
            path(
                "preview-email/<int:pk>/html/",
                view(NewsletterPreviewHtmlView),
                name="preview_email_html",
            ),
            path("send-test/<int:pk>/", view(NewsletterSendTestView), name="send_test"),
            path("send/<int:pk>/", view(NewsletterSendView), name="send"),
        ]


newsletter_issue_viewset = NewsletterIssueViewSet()

"""The subscriptions app's registrations with Wagtail (registrations only).

* "Abonnements" in the settings menu and its permission policy; the report "Abonnements
  nach Thema" in the reports menu (``subscriptions.admin_views``).
* "Newsletter" in the main menu: the newsletter issues, a snippet with its preview, test and
  send views (``subscriptions.admin_views.NewsletterIssueViewSet``).
* Account hooks (``subscriptions.account``): the member's subscription and saved searches
  on the account page, their data export, and the subscription's deletion with the account
  (saved searches go by their foreign key). Saved searches are not in the admin: what
  members look for is theirs alone.
"""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet

from subscriptions.account import (
    account_saved_filters,
    account_subscription,
    delete_subscriptions_before_account_deletion,
    export_saved_filters,
    export_subscriptions,
)
from subscriptions.admin_views import (
    SubscriberReportView,
    newsletter_issue_viewset,
    subscription_permission_policy,
    subscription_viewset,
)
from subscriptions.models import Subscription

register_permission_policy(Subscription, subscription_permission_policy, exact_class=True)
register_snippet(newsletter_issue_viewset)


@hooks.register("register_admin_viewset")
def register_subscription_viewset():
    return subscription_viewset


@hooks.register("register_admin_urls")
def register_report_url():
    return [
        path(
            "reports/subscribers/",
            SubscriberReportView.as_view(),
            name="subscriptions_report",
        )
    ]


@hooks.register("register_reports_menu_item")
def register_report_menu_item():
    return MenuItem(
        _("Abonnements nach Thema"),
        reverse("subscriptions_report"),
        icon_name="mail",
        order=800,
    )


hooks.register("portal_account_sections", account_subscription)
hooks.register("portal_account_sections", account_saved_filters)
hooks.register("portal_export_user_data", export_subscriptions)
hooks.register("portal_export_user_data", export_saved_filters)
hooks.register("portal_before_delete_user", delete_subscriptions_before_account_deletion)

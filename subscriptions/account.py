"""The subscriptions app's part of the member's account page, data export and account
deletion (Wagtail hooks ``portal_account_sections``, ``portal_export_user_data`` and
``portal_before_delete_user``, registered in ``subscriptions/wagtail_hooks.py``): the
subscription, and the saved searches (deleted with the account by their foreign key)."""

from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from subscriptions.emails import SAVED_FILTERS_ANCHOR
from subscriptions.filter_alerts import saved_filters_of
from subscriptions.models import MAX_SAVED_FILTERS, Subscription
from subscriptions.tokens import make_manage_token


def subscriptions_of(user):
    """The subscriptions of the account, or of its e-mail address."""
    return Subscription.objects.filter(Q(user=user) | Q(email=user.email.strip().lower()))


def account_subscription(request):
    if not request.user.is_authenticated:
        return None
    subscription = subscriptions_of(request.user).order_by("-confirmed_at").first()
    return {
        "title": _("Newsletter und Übersichten"),
        "template": "subscriptions/account/section.html",
        "context": {
            "subscription": subscription,
            "manage_url": reverse(
                "subscriptions:manage", kwargs={"token": make_manage_token(subscription)}
            )
            if subscription is not None
            else None,
            "subscribe_url": reverse("subscriptions:subscribe"),
        },
        "order": 70,
    }


def export_subscriptions(user):
    data = []
    for subscription in subscriptions_of(user).prefetch_related("topics"):
        data.append(
            {
                "email": subscription.email,
                "language": subscription.language,
                "newsletter": subscription.newsletter,
                "content_types": list(subscription.content_types),
                "topics": [topic.name for topic in subscription.topics.all()],
                "frequency": subscription.frequency,
                "created_at": subscription.created_at.isoformat(),
                "confirmed_at": subscription.confirmed_at.isoformat()
                if subscription.confirmed_at
                else None,
            }
        )
    return ("subscriptions", data)


def delete_subscriptions_before_account_deletion(user):
    subscriptions_of(user).delete()


def account_saved_filters(request):
    """The section "Gespeicherte Suchen": each with a link to the listing with its filter, and a
    delete button."""
    if not request.user.is_authenticated:
        return None
    return {
        "title": _("Gespeicherte Suchen"),
        "template": "subscriptions/account/saved_filters.html",
        "context": {
            "saved_filters": list(saved_filters_of(request.user)),
            "anchor": SAVED_FILTERS_ANCHOR,
            "max_saved_filters": MAX_SAVED_FILTERS,
        },
        "order": 71,
    }


def export_saved_filters(user):
    return (
        "saved_searches",
        [
            {
                "listing": saved.page.title,
                "url": saved.listing_path,
                "description": saved.description,
                "language": saved.language,
                "created_at": saved.created_at.isoformat(),
                "new_since": saved.since.isoformat(),
            }
            for saved in saved_filters_of(user)
        ],
    )

"""The rules of subscribing: ask (double opt-in), confirm, change, unsubscribe, expire.

The answer to a request never tells whether an address is subscribed: a new address gets
the confirmation request, an unconfirmed one gets it again with the new choice, and a
confirmed one gets a notice with its manage link (only the owner of the address learns
that it is subscribed). The views, the account page and the commands call these functions.
"""

from datetime import timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from subscriptions import emails
from subscriptions.models import Subscription


def normalized(email):
    return email.strip().lower()


def _apply_choice(subscription, choice):
    subscription.newsletter = bool(choice.get("newsletter"))
    subscription.content_types = list(choice.get("content_types") or [])
    subscription.frequency = choice.get("frequency") or Subscription.Frequency.WEEKLY


def request_subscription(email, language, choice, user=None, now=None):
    """Ask to subscribe ``email`` with ``choice`` (newsletter, content_types, topics,
    frequency). Sends one e-mail; returns the subscription (callers must not show whether
    it existed)."""
    now = now or timezone.now()
    email = normalized(email)
    try:
        with transaction.atomic():
            subscription = Subscription.objects.select_for_update().filter(email=email).first()
            if subscription is not None and subscription.is_confirmed:
                emails.send_already_subscribed(subscription)
                return subscription
            if subscription is None:
                subscription = Subscription(email=email)
            _apply_choice(subscription, choice)
            subscription.language = language
            subscription.created_at = now
            if user is not None and user.is_authenticated and normalized(user.email) == email:
                subscription.user = user
            subscription.save()
            subscription.topics.set(choice.get("topics") or [])
            emails.send_confirmation_request(subscription)
            return subscription
    except IntegrityError:  # the same address, asked for at the same moment: one is enough
        return Subscription.objects.get(email=email)


def confirm_subscription(subscription, now=None):
    """Confirm the address (the link in the e-mail). The first digest lists what is new
    from now on. Confirming twice changes nothing."""
    if subscription.is_confirmed:
        return False
    now = now or timezone.now()
    updated = Subscription.objects.filter(pk=subscription.pk, confirmed_at=None).update(
        confirmed_at=now, digest_since=now
    )
    subscription.confirmed_at = subscription.digest_since = now
    return bool(updated)


def change_subscription(subscription, choice, language=None):
    _apply_choice(subscription, choice)
    if language:
        subscription.language = language
    with transaction.atomic():
        subscription.save()
        subscription.topics.set(choice.get("topics") or [])
    return subscription


def unsubscribe(subscription):
    """Forget the subscription entirely (its digests' records go with it)."""
    Subscription.objects.filter(pk=subscription.pk).delete()


def expiry_cutoff(now=None):
    return (now or timezone.now()) - timedelta(days=settings.SUBSCRIPTIONS_CONFIRMATION_DAYS)


def purge_unconfirmed(now=None):
    """Delete subscriptions whose address was not confirmed in time. Returns how many."""
    _deleted, _by_model = (
        Subscription.objects.unconfirmed().filter(created_at__lt=expiry_cutoff(now)).delete()
    )
    return _by_model.get(Subscription._meta.label, 0)

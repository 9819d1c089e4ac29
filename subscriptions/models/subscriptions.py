"""A reader's subscription (newsletter and topic digests) and the digests it was sent.

One subscription per e-mail address (stored in lower case). It counts only once the address
is confirmed (double opt-in, ``confirmed_at``); unconfirmed ones are deleted after
``SUBSCRIPTIONS_CONFIRMATION_DAYS`` (``manage.py purge_unconfirmed_subscriptions``).
Unsubscribing deletes the subscription: nothing about the address stays.
"""

import secrets

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


def new_key():
    return secrets.token_urlsafe(16)


class SubscriptionQuerySet(models.QuerySet):
    def confirmed(self):
        return self.exclude(confirmed_at=None)

    def unconfirmed(self):
        return self.filter(confirmed_at=None)


class Subscription(models.Model):
    """What one address wants to hear about: the newsletter, and a digest of new pages of
    the chosen content types (``subscriptions.content_types``) and topics (none chosen:
    every topic), weekly or daily, in one language."""

    class Frequency(models.TextChoices):
        WEEKLY = "weekly", _("Wöchentlich")
        DAILY = "daily", _("Täglich")

    email = models.EmailField(_("E-Mail-Adresse"), unique=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("Konto"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="subscriptions",
    )
    language = models.CharField(_("Sprache"), max_length=10, choices=settings.LANGUAGES)
    newsletter = models.BooleanField(_("Newsletter"), default=False)
    content_types = models.JSONField(_("Inhaltsarten"), default=list, blank=True)
    topics = models.ManyToManyField(
        "home.Topic", verbose_name=_("Themen"), blank=True, related_name="+"
    )
    frequency = models.CharField(
        _("Häufigkeit"), max_length=10, choices=Frequency.choices, default=Frequency.WEEKLY
    )
    created_at = models.DateTimeField(_("Angelegt"), default=timezone.now, db_index=True)
    confirmed_at = models.DateTimeField(_("Bestätigt"), null=True, blank=True)
    # The next digest lists what was published after this moment.
    digest_since = models.DateTimeField(_("Neues seit"), null=True, blank=True)
    # Part of every signed link: a new subscription of the same address gets new links.
    key = models.CharField(max_length=32, default=new_key, editable=False)

    objects = SubscriptionQuerySet.as_manager()

    class Meta:
        verbose_name = _("Abonnement")
        verbose_name_plural = _("Abonnements")
        ordering = ["email"]
        permissions = [("export_subscription", _("Kann die Liste der Abonnements exportieren"))]

    def __str__(self):
        return self.email

    @property
    def is_confirmed(self):
        return self.confirmed_at is not None


class DigestDelivery(models.Model):
    """One digest period of one subscription, done: sent (``items`` > 0) or skipped because
    nothing was new. The unique pair makes a second run, or a concurrent one, send nothing
    twice."""

    subscription = models.ForeignKey(
        Subscription, on_delete=models.CASCADE, related_name="deliveries"
    )
    period = models.CharField(max_length=20)  # "2026-W49" or "2026-12-04"
    items = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("Versandter Digest")
        verbose_name_plural = _("Versandte Digests")
        constraints = [
            models.UniqueConstraint(
                fields=["subscription", "period"], name="subscriptions_one_digest_per_period"
            )
        ]

    def __str__(self):
        return f"{self.subscription_id} {self.period}"

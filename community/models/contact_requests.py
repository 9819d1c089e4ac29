"""Messages relayed by the portal to a member or a solution provider."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ContactRequest(models.Model):
    """A message sent through a contact form. The portal relays it by e-mail; neither
    address is shown on the site. Kept so that senders can download what they sent and
    editors can spot abuse; deleted with the sender's account."""

    sender = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("Absender:in"),
        on_delete=models.CASCADE,
        related_name="contact_requests",
    )
    solution = models.ForeignKey(
        "community.SolutionPage",
        verbose_name=_("Lösung"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    member = models.ForeignKey(
        "community.MemberPage",
        verbose_name=_("Mitglied"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    subject = models.CharField(_("Betreff"), max_length=200)
    message = models.TextField(_("Nachricht"), max_length=5000)
    allow_reply = models.BooleanField(_("Antwort an die E-Mail-Adresse erlaubt"), default=True)
    created_at = models.DateTimeField(_("Gesendet am"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("Kontaktanfrage")
        verbose_name_plural = _("Kontaktanfragen")
        ordering = ["-created_at"]

    def __str__(self):
        return self.subject

    @property
    def recipient_title(self):
        target = self.solution or self.member
        return target.title if target is not None else "–"

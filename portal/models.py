"""The e-mail outbox: every e-mail the portal sends is stored first, then delivered.

Writing the e-mail in the same transaction as the change it reports (a registration, a
comment) means a failing mail server can neither lose the e-mail nor roll the change back:
delivery happens after the commit, and what failed is retried by ``send_queued_emails``.
Delivered and finally failed e-mails are kept only ``PORTAL_OUTBOX_RETENTION_DAYS``
(``purge_outbox``); an account's deletion removes its address at once
(``portal.mail.discard_emails_to``).
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class OutgoingEmail(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("Wartet auf Versand")
        SENT = "sent", _("Versendet")
        FAILED = "failed", _("Endgültig fehlgeschlagen")

    created_at = models.DateTimeField(_("Erstellt"), auto_now_add=True)
    to = models.JSONField(_("Empfänger"), default=list)
    reply_to = models.JSONField(_("Antwort an"), default=list, blank=True)
    subject = models.CharField(_("Betreff"), max_length=300)
    body = models.TextField(_("Text"))
    html_body = models.TextField(_("HTML"), blank=True)
    attachments = models.JSONField(
        _("Anhänge"), default=list, blank=True, help_text="[{filename, mimetype, content_b64}]"
    )
    headers = models.JSONField(_("Kopfzeilen"), default=dict, blank=True)
    status = models.CharField(
        _("Status"), max_length=10, choices=Status.choices, default=Status.PENDING, db_index=True
    )
    attempts = models.PositiveSmallIntegerField(_("Versuche"), default=0)
    last_attempt_at = models.DateTimeField(_("Letzter Versuch"), null=True, blank=True)
    sent_at = models.DateTimeField(_("Versendet am"), null=True, blank=True)
    last_error = models.TextField(_("Letzter Fehler"), blank=True)

    class Meta:
        verbose_name = _("Ausgehende E-Mail")
        verbose_name_plural = _("Ausgehende E-Mails")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.subject} → {', '.join(self.to)}"

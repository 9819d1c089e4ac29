"""Index updates the search engine did not take, kept until a retry succeeds."""

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class PendingIndexUpdate(models.Model):
    """An object whose index update (or removal) failed because the search engine was down,
    slow or refused it. ``manage.py sync_search_index`` retries these (run it from cron or a
    worker); one row per backend and object, the latest action wins."""

    class Action(models.TextChoices):
        INDEX = "index", _("Indexieren")
        DELETE = "delete", _("Aus dem Index entfernen")

    backend = models.CharField(_("Suchbackend"), max_length=100)
    content_type = models.ForeignKey(
        ContentType, verbose_name=_("Inhaltstyp"), on_delete=models.CASCADE, related_name="+"
    )
    object_id = models.CharField(_("Objekt-ID"), max_length=64)
    action = models.CharField(_("Aktion"), max_length=10, choices=Action.choices)
    attempts = models.PositiveIntegerField(_("Versuche"), default=1)
    last_error = models.TextField(_("Letzter Fehler"), blank=True)
    created_at = models.DateTimeField(_("Zuerst fehlgeschlagen"), auto_now_add=True)
    updated_at = models.DateTimeField(_("Zuletzt fehlgeschlagen"), auto_now=True)

    class Meta:
        verbose_name = _("Ausstehende Indexaktualisierung")
        verbose_name_plural = _("Ausstehende Indexaktualisierungen")
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["backend", "content_type", "object_id"],
                name="unique_pending_index_update",
            ),
        ]

    def __str__(self):
        content_type = self.content_type
        return f"{self.action} {content_type.app_label}.{content_type.model} {self.object_id}"

    @classmethod
    def record(cls, backend, action, obj, error):
        """Remember that ``obj`` still needs ``action`` on ``backend``."""
        content_type = ContentType.objects.get_for_model(type(obj), for_concrete_model=True)
        entry, created = cls.objects.get_or_create(
            backend=backend,
            content_type=content_type,
            object_id=str(obj.pk),
            defaults={"action": action, "last_error": str(error)[:2000]},
        )
        if not created:
            cls.objects.filter(pk=entry.pk).update(
                action=action,
                last_error=str(error)[:2000],
                attempts=F("attempts") + 1,
                updated_at=timezone.now(),
            )
        return entry

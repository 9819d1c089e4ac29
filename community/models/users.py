"""The portal's user: signs in with an e-mail address, has no username."""

from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models
from django.utils.translation import gettext_lazy as _

from portal.people import person_name


class PortalUserManager(UserManager):
    """Creates users from an e-mail address instead of a username."""

    use_in_migrations = True

    def _create_user(self, email, password, **extra_fields):
        if not email:
            raise ValueError("An e-mail address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email=None, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email=None, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", True)
        extra_fields.setdefault("is_superuser", True)
        if extra_fields.get("is_staff") is not True or extra_fields.get("is_superuser") is not True:
            raise ValueError("A superuser needs is_staff=True and is_superuser=True.")
        return self._create_user(email, password, **extra_fields)


class User(AbstractUser):
    """A registered person. Club membership is a group granted by editors (community)."""

    class Language(models.TextChoices):
        GERMAN = "de", _("Deutsch")
        ENGLISH = "en", _("Englisch")

    username = None
    email = models.EmailField(_("E-Mail-Adresse"), unique=True)

    # Notification settings, changed by the person on the account page. Other apps read
    # them before sending optional e-mails (reminders, replies, news).
    language = models.CharField(
        _("Sprache für E-Mails"),
        max_length=5,
        choices=Language.choices,
        default=Language.GERMAN,
        help_text=_("In dieser Sprache schickt das Portal E-Mails."),
    )
    email_event_reminders = models.BooleanField(
        _("Erinnerungen an Veranstaltungen, zu denen ich angemeldet bin"), default=True
    )
    email_comment_replies = models.BooleanField(
        _("Benachrichtigung, wenn jemand auf meinen Kommentar antwortet"), default=True
    )
    email_club_news = models.BooleanField(_("Neuigkeiten und Einladungen des Clubs"), default=False)

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS = []

    objects = PortalUserManager()

    class Meta(AbstractUser.Meta):
        verbose_name = _("Benutzer:in")
        verbose_name_plural = _("Benutzer:innen")
        ordering = ["last_name", "first_name", "email"]

    def __str__(self):
        return self.display_name

    @property
    def full_name(self):
        """First and last name as the person gave them; empty when they gave none."""
        return self.get_full_name().strip()

    @property
    def display_name(self):
        """How the portal names this person wherever it shows them: the full name, else a
        neutral label, never the e-mail address (``portal.people``)."""
        return person_name(self.full_name)

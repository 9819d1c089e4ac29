"""The abstract base of the ordered links from content to people: the authors of an
article, the speakers of a session. Each link names a member (their profile page) or an
external person (a ``home.Person`` snippet), exactly one of both."""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.models import Orderable

EXACTLY_ONE_MESSAGE = _(
    "Bitte entweder ein Mitglied oder eine externe Person angeben, nicht beides und nicht keines."
)

DUPLICATE_MESSAGE = _("Diese Person ist hier bereits eingetragen.")


class PersonRelation(Orderable):
    """A member's profile page or an external person, in the order editors gave.

    Subclasses add the ``ParentalKey`` to what the people belong to, their verbose names
    and, in their ``Meta``, ``constraints = [PersonRelation.exactly_one(name)]`` and the
    reverse name of both links (``default_related_name``; ``"+"`` for none).
    """

    member = models.ForeignKey(
        "community.MemberPage",
        verbose_name=_("Mitglied"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        help_text=_("Ein Mitglied mit Profilseite ..."),
    )
    person = models.ForeignKey(
        "home.Person",
        verbose_name=_("Externe Person"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        help_text=_("... oder eine Person ohne Profil. Bitte genau eines von beiden angeben."),
    )

    panels = [FieldPanel("member"), FieldPanel("person")]

    class Meta(Orderable.Meta):
        abstract = True

    @staticmethod
    def exactly_one(name):
        """The database's guarantee that a link names a member or a person, not both and
        not neither (``clean`` says so to editors first)."""
        return models.CheckConstraint(
            condition=Q(member__isnull=True, person__isnull=False)
            | Q(member__isnull=False, person__isnull=True),
            name=name,
            violation_error_message=EXACTLY_ONE_MESSAGE,
        )

    @staticmethod
    def once_per(parent, prefix):
        """The database's guarantee that a member or a person is linked at most once to
        the same ``parent`` (e.g. a speaker once per session). Without a condition, so that
        Django validates them in the admin's inline forms as well (empty links are
        distinct to the database)."""
        return [
            models.UniqueConstraint(
                fields=[parent, field],
                name=f"{prefix}_{field}_once",
                violation_error_message=DUPLICATE_MESSAGE,
            )
            for field in ("member", "person")
        ]

    def __str__(self):
        return self.name

    def clean(self):
        super().clean()
        if not self.is_valid:
            # On a field, so that the constraint (which reads it) is not reported again.
            raise ValidationError({"member": EXACTLY_ONE_MESSAGE})

    @property
    def is_valid(self):
        return bool(self.member_id) != bool(self.person_id)

    @property
    def localized_person(self):
        """The member's profile or the person in the reader's language (None without
        either)."""
        if self.member_id:
            return self.member.localized
        return self.person.localized if self.person_id else None

    @property
    def name(self):
        if self.member_id:
            return self.member.full_name
        return self.person.name if self.person_id else ""

    @property
    def role(self):
        shown = self.localized_person
        return shown.role if shown is not None else ""

    @property
    def bio(self):
        shown = self.localized_person
        return shown.bio if shown is not None else ""

    @property
    def photo(self):
        if self.member_id:
            return self.member.photo
        return self.person.photo if self.person_id else None

    @property
    def url(self):
        """The member's profile in the reader's language; external people have none."""
        return self.member.localized.url if self.member_id else ""

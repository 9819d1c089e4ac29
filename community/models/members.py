"""Member profile pages and the member directory.

The foundation defined the fields other apps link to (blog authors, event speakers:
``user``, ``first_name``, ``last_name``, ``role``, ``photo``, ``bio``, ``full_name``); the
community app adds the organisation, state, topics and the contact options.
"""

from django import forms
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import models
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.search import index
from wagtail_localize.fields import SynchronizedField, TranslatableField

from home.models import BasePage, ListingIndexPage

from ..access import MemberPageForm
from .choices import State, topics_field
from .organisations import Organisation


class MemberIndexPage(ListingIndexPage):
    """The member directory: every published profile, filtered by state, topic and
    organisation type (with counts), and a page per organisation with its people."""

    subpage_types = ["community.MemberPage"]

    listing_builder = "community.listings.member_directory"
    listing_templates = {"body": "community/includes/member_listing.html"}
    listing_name = "member-directory"

    class Meta:
        verbose_name = _("Mitgliederverzeichnis")

    @path("organisation/<slug:slug>/", name="organisation")
    def organisation(self, request, slug):
        from community.listings import organisation_detail  # it imports these models

        organisation = get_object_or_404(Organisation, slug=slug)
        return self.render(
            request,
            template="community/organisation_page.html",
            context_overrides=organisation_detail(request, self, organisation),
        )


class MemberPage(RoutablePageMixin, BasePage):
    """The public profile of a club member. Members edit their own profile on the site;
    the change goes live after an editor approves it (Wagtail's moderation workflow)."""

    class ContactPermission(models.TextChoices):
        NOBODY = "nobody", _("Niemand (kein Kontaktformular)")
        MEMBERS = "members", _("Nur Mitglieder des Clubs")
        SIGNED_IN = "signed_in", _("Alle angemeldeten Nutzer:innen")

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("Benutzerkonto"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_(
            "Das Konto, mit dem das Mitglied sein Profil bearbeitet. Zur Auswahl stehen "
            "Mitglieder ohne Profil."
        ),
    )
    first_name = models.CharField(_("Vorname"), max_length=100)
    last_name = models.CharField(_("Nachname"), max_length=100)
    role = models.CharField(_("Funktion"), max_length=150, blank=True)
    photo = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("Foto"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    bio = models.TextField(_("Kurzbiografie"), blank=True, max_length=2000)
    organisation = models.ForeignKey(
        "community.Organisation",
        verbose_name=_("Organisation"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="members",
    )
    state = models.CharField(
        _("Bundesland"), max_length=30, choices=State.choices, blank=True, db_index=True
    )
    topics = topics_field()
    contact_permission = models.CharField(
        _("Wer darf Nachrichten über das Kontaktformular schicken?"),
        max_length=20,
        choices=ContactPermission.choices,
        default=ContactPermission.MEMBERS,
        help_text=_("Die E-Mail-Adresse wird nie angezeigt; das Portal leitet Nachrichten weiter."),
    )
    public_phone = models.CharField(_("Telefon (öffentlich)"), max_length=50, blank=True)
    website = models.URLField(_("Website (öffentlich)"), blank=True)

    # The account chooser lists only club members without a profile (community.access).
    base_form_class = MemberPageForm

    content_panels = BasePage.content_panels + [
        FieldPanel("user"),
        MultiFieldPanel(
            [FieldPanel("first_name"), FieldPanel("last_name"), FieldPanel("photo")],
            heading=_("Person"),
        ),
        MultiFieldPanel(
            [FieldPanel("role"), FieldPanel("organisation"), FieldPanel("state")],
            heading=_("Funktion und Organisation"),
        ),
        FieldPanel("topics", widget=forms.CheckboxSelectMultiple),
        FieldPanel("bio"),
        MultiFieldPanel(
            [
                FieldPanel("contact_permission"),
                FieldPanel("public_phone"),
                FieldPanel("website"),
            ],
            heading=_("Kontakt"),
        ),
    ]

    search_fields = BasePage.search_fields + [
        index.SearchField("first_name", boost=3),
        index.SearchField("last_name", boost=3),
        index.SearchField("role"),
        index.SearchField("bio"),
        index.AutocompleteField("first_name"),
        index.AutocompleteField("last_name"),
        index.RelatedFields("organisation", [index.SearchField("name")]),
        index.RelatedFields("topics", [index.SearchField("name"), index.FilterField("slug")]),
        index.FilterField("topics"),
        index.FilterField("state"),
        index.FilterField("organisation"),
    ]

    # The account belongs to the default-language profile only (it is unique); translations
    # are linked to it through their source page.
    translatable_fields = BasePage.translatable_fields + [
        SynchronizedField("first_name"),
        SynchronizedField("last_name"),
        TranslatableField("role"),
        SynchronizedField("photo"),
        TranslatableField("bio"),
        SynchronizedField("organisation"),
        SynchronizedField("state"),
        SynchronizedField("topics"),
        SynchronizedField("contact_permission"),
        SynchronizedField("public_phone"),
        SynchronizedField("website"),
    ]

    parent_page_types = ["community.MemberIndexPage"]
    subpage_types = []
    exclude_fields_in_copy = ["user"]

    class Meta:
        verbose_name = _("Mitgliederprofil")
        verbose_name_plural = _("Mitgliederprofile")

    @property
    def full_name(self):
        return f"{self.first_name} {self.last_name}".strip()

    @property
    def listing_summary(self):
        parts = [self.role, self.organisation.name if self.organisation_id else ""]
        return self.search_description or " · ".join(part for part in parts if part)

    def get_context(self, request, *args, **kwargs):
        # These modules import the models of this app.
        from community.contact import member_contact_status
        from community.listings import source_of
        from community.profiles import can_edit_profile

        context = super().get_context(request, *args, **kwargs)
        source = source_of(self)
        context["contact_status"] = member_contact_status(request.user, source)
        context["can_edit"] = can_edit_profile(request.user, source)
        return context

    @path("contact/", name="contact")
    def contact(self, request):
        from community.views import member_contact  # it imports these models

        return member_contact(request, self)

    @path("edit/", name="edit")
    def edit(self, request):
        """Only the member edits this profile on the site (editors use the admin)."""
        # These modules import the models of this app (and auth's views the user model).
        from django.contrib.auth.views import redirect_to_login

        from community.listings import source_of
        from community.profiles import can_edit_profile

        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not can_edit_profile(request.user, source_of(self)):
            raise PermissionDenied
        return redirect(reverse("community:profile"))

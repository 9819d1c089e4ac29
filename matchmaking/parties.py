"""Who a proposal reaches, and the contact data both sides receive at the introduction
(the only moment contact data leave the portal).

* an expert profile: the profile's contact e-mail, else its owner's address;
* a solution: the solution's contact address, else its provider's (as contact requests);
* a pilot project: the municipality among its partners with a contact address, else the
  first partner that has one.
"""

from dataclasses import dataclass, field

from django.conf import settings

from community.models import PartnerRole, ProjectPage, SolutionPage
from experts.models import ExpertPage

from .models import TargetKind

KIND_OF_MODEL = {
    ExpertPage: TargetKind.EXPERT,
    SolutionPage: TargetKind.SOLUTION,
    ProjectPage: TargetKind.PROJECT,
}
TARGET_MODELS = tuple(KIND_OF_MODEL)


@dataclass
class Party:
    """The contact data of one side of an introduction."""

    name: str
    email: str
    language: str = settings.LANGUAGE_CODE
    organisation: str = ""
    role: str = ""
    phone: str = ""
    website: str = ""
    lines: list = field(default_factory=list)


def kind_of(page):
    """The ``TargetKind`` of a page (or None for a page that cannot be proposed)."""
    return KIND_OF_MODEL.get(type(page.specific)) if page is not None else None


def party_of(proposal):
    """The proposed party's contact data, or None when the portal cannot reach it."""
    page = proposal.target.specific if proposal.target_id else None
    if page is None:
        return None
    if isinstance(page, ExpertPage):
        return _expert(page)
    if isinstance(page, SolutionPage):
        return _solution(page)
    if isinstance(page, ProjectPage):
        return _project(page)
    return None


def _expert(page):
    page = ExpertPage.objects.select_related("user").get(pk=page.pk)
    email = page.contact_email or (page.user.email if page.user_id else "")
    if not email:
        return None
    return Party(
        name=page.name,
        email=email,
        language=page.user.language if page.user_id else settings.LANGUAGE_CODE,
        phone=page.contact_phone,
        website=page.website,
    )


def _solution(page):
    page = SolutionPage.objects.select_related("provider").get(pk=page.pk)
    email = page.recipient_email
    if not email:
        return None
    provider = page.provider
    return Party(
        name=page.contact_name or (provider.name if provider else page.title),
        email=email,
        organisation=provider.name if provider else "",
        role=page.contact_role,
        website=provider.website if provider else "",
    )


def _project(page):
    partners = list(
        page.partners.select_related("organisation").exclude(organisation__contact_email="")
    )
    partners.sort(key=lambda partner: partner.role != PartnerRole.MUNICIPALITY)
    if not partners:
        return None
    organisation = partners[0].organisation
    return Party(
        name=organisation.name,
        email=organisation.contact_email,
        organisation=organisation.name,
        website=organisation.website,
    )


def requester_party(case):
    user = case.requester
    return Party(
        name=user.display_name,
        email=user.email,
        language=user.language or settings.LANGUAGE_CODE,
        organisation=case.organisation_label,
    )

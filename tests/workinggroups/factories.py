"""Factories of the working groups' tests (kept apart from the shared tests/factories.py)."""

import factory
import wagtail_factories

from workinggroups.models import (
    MembershipRole,
    MembershipStatus,
    WorkingGroupAreaPage,
    WorkingGroupIndexPage,
    WorkingGroupMembership,
    WorkingGroupPage,
)


class WorkingGroupIndexPageFactory(wagtail_factories.PageFactory):
    title = "Arbeitskreise"
    slug = "arbeitskreise"

    class Meta:
        model = WorkingGroupIndexPage


class WorkingGroupPageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"Arbeitskreis {n}")
    slug = factory.Sequence(lambda n: f"arbeitskreis-{n}")
    teaser = "Wir arbeiten an einem Thema."
    purpose = "<p>Wir treffen uns viermal im Jahr.</p>"

    class Meta:
        model = WorkingGroupPage
        skip_postgeneration_save = True

    @factory.post_generation
    def meetings(self, create, extracted, **kwargs):
        if extracted:
            self.meetings.set(extracted)
            self.save_revision().publish()


class WorkingGroupAreaPageFactory(wagtail_factories.PageFactory):
    title = "Mitgliederbereich"
    slug = "mitgliederbereich"
    intro = "Dokumente und Protokolle."

    class Meta:
        model = WorkingGroupAreaPage


class MembershipFactory(factory.django.DjangoModelFactory):
    status = MembershipStatus.APPROVED
    role = MembershipRole.MEMBER

    class Meta:
        model = WorkingGroupMembership

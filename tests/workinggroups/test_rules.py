"""The rules of working groups, tested directly: who may ask to join (once at a time), who
decides, leaving, the Django group that follows the approved memberships, what the public
page shows and in which order the meetings come."""

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone
from wagtail.models import CollectionViewRestriction, PageViewRestriction

from tests.conftest import refreshed
from tests.factories import (
    EventIndexPageFactory,
    EventPageFactory,
    MemberIndexPageFactory,
    MemberPageFactory,
    UserFactory,
)
from tests.workinggroups.conftest import club_person
from tests.workinggroups.factories import MembershipFactory, WorkingGroupPageFactory
from workinggroups import rules
from workinggroups.models import MembershipRole, MembershipStatus, WorkingGroupMembership

pytestmark = pytest.mark.django_db


def in_django_group(user, group):
    return user.groups.filter(pk=rules.access_for(group).group.pk).exists()


def test_a_club_member_asks_to_join_and_the_lead_hears_of_it(
    group, lead, outsider, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        membership = rules.request_membership(group, outsider, message="Ich helfe gern.")
    assert membership.status == MembershipStatus.REQUESTED
    assert [message.to for message in mail.outbox] == [[lead.email]]
    assert "Ich helfe gern." in mail.outbox[0].body
    assert "/de/konto/arbeitskreise/" in mail.outbox[0].body
    assert not in_django_group(outsider, group)


def test_without_a_lead_the_moderators_hear_of_a_request(
    group, outsider, django_capture_on_commit_callbacks
):
    from django.contrib.auth.models import Group

    moderator = UserFactory(email="moderation@example.org")
    moderator.groups.add(Group.objects.get(name="Moderators"))
    with django_capture_on_commit_callbacks(execute=True):
        rules.request_membership(group, outsider)
    assert [message.to for message in mail.outbox] == [["moderation@example.org"]]


def test_only_club_members_may_ask_to_join(group, non_member):
    with pytest.raises(rules.MembershipRefused) as refused:
        rules.request_membership(group, non_member)
    assert "nur Mitglieder des Clubs" in refused.value.message
    assert not WorkingGroupMembership.objects.exists()


def test_one_open_request_per_member(group, outsider):
    rules.request_membership(group, outsider)
    with pytest.raises(rules.MembershipRefused):
        rules.request_membership(group, outsider)
    assert WorkingGroupMembership.objects.filter(user=outsider).count() == 1


def test_a_member_of_the_group_cannot_ask_again(group, in_group):
    with pytest.raises(rules.MembershipRefused) as refused:
        rules.request_membership(group, in_group)
    assert "bereits an" in refused.value.message


def test_a_closed_group_takes_no_requests(group, outsider):
    group.accepts_requests = False
    group.save_revision().publish()
    with pytest.raises(rules.MembershipRefused):
        rules.request_membership(refreshed(group), outsider)


def test_a_request_after_a_refusal_reopens_the_same_row(group, lead, outsider):
    membership = rules.request_membership(group, outsider)
    rules.decide(membership, lead, approve=False)
    again = rules.request_membership(group, outsider, message="Neuer Versuch")
    assert again.pk == membership.pk
    assert again.status == MembershipStatus.REQUESTED
    assert again.decided_at is None and again.message == "Neuer Versuch"


def test_the_lead_approves_and_the_person_joins_the_groups_django_group(
    group, lead, outsider, django_capture_on_commit_callbacks
):
    membership = rules.request_membership(group, outsider)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        rules.decide(membership, lead, approve=True)
    membership.refresh_from_db()
    assert membership.status == MembershipStatus.APPROVED
    assert membership.decided_by == lead
    assert in_django_group(outsider, group)
    assert [message.to for message in mail.outbox] == [[outsider.email]]
    assert "aufgenommen" in mail.outbox[0].body


def test_the_decision_reaches_the_person_in_their_language(
    group, lead, outsider, django_capture_on_commit_callbacks
):
    outsider.language = "en"
    outsider.save()
    membership = rules.request_membership(group, outsider)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        rules.decide(membership, lead, approve=False)
    assert mail.outbox[0].subject.startswith("Your request")
    assert "/en/account/working-groups/" in mail.outbox[0].body
    assert not in_django_group(outsider, group)


def test_only_a_lead_of_this_group_or_an_editor_decides(groups_index, group, lead, outsider):
    other_group = WorkingGroupPageFactory(parent=refreshed(groups_index))
    other_lead = club_person("andere-leitung@example.org")
    MembershipFactory(group=other_group, user=other_lead, role=MembershipRole.LEAD)
    ordinary = club_person("einfach@example.org")
    MembershipFactory(group=group, user=ordinary)
    membership = rules.request_membership(group, outsider)
    for person in (other_lead, ordinary, outsider):
        with pytest.raises(rules.MembershipRefused):
            rules.decide(membership, person, approve=True)
    membership.refresh_from_db()
    assert membership.status == MembershipStatus.REQUESTED


def test_an_editor_may_decide(group, outsider, editor):
    membership = rules.request_membership(group, outsider)
    rules.decide(membership, editor, approve=True)
    membership.refresh_from_db()
    assert membership.status == MembershipStatus.APPROVED


def test_a_request_is_decided_once(group, lead, outsider):
    membership = rules.request_membership(group, outsider)
    rules.decide(membership, lead, approve=True)
    with pytest.raises(rules.MembershipRefused):
        rules.decide(membership, lead, approve=False)


def test_a_lead_who_left_no_longer_decides(group, lead, outsider):
    membership = rules.request_membership(group, outsider)
    rules.leave(group, lead)
    with pytest.raises(rules.MembershipRefused):
        rules.decide(membership, lead, approve=True)


def test_leaving_takes_the_person_out_of_the_django_group(group, in_group):
    assert in_django_group(in_group, group)
    rules.leave(group, in_group)
    assert not in_django_group(in_group, group)
    assert WorkingGroupMembership.objects.get(user=in_group).left_at is not None


def test_leaving_a_group_one_is_not_in_is_refused(group, outsider):
    with pytest.raises(rules.MembershipRefused):
        rules.leave(group, outsider)


def test_a_change_in_the_admin_also_syncs_the_django_group(group, in_group):
    membership = WorkingGroupMembership.objects.get(user=in_group)
    membership.status = MembershipStatus.LEFT
    membership.save()
    assert not in_django_group(in_group, group)
    membership.status = MembershipStatus.APPROVED
    membership.save()
    assert in_django_group(in_group, group)
    membership.delete()
    assert not in_django_group(in_group, group)


def test_the_area_and_the_collection_are_restricted_to_the_group_and_editors(group, area):
    restriction = PageViewRestriction.objects.get(page=area)
    assert restriction.restriction_type == PageViewRestriction.GROUPS
    names = set(restriction.groups.values_list("name", flat=True))
    access = rules.access_for(group)
    assert names == {access.group.name, "Editors", "Moderators"}
    collection_restriction = CollectionViewRestriction.objects.get(collection=access.collection)
    assert set(collection_restriction.groups.values_list("name", flat=True)) == names


def test_publishing_the_area_restores_a_loosened_restriction(group, area):
    PageViewRestriction.objects.filter(page=area).update(restriction_type="login")
    refreshed(area).save_revision().publish()
    assert PageViewRestriction.objects.get(page=area).restriction_type == "groups"
    PageViewRestriction.objects.filter(page=area).delete()
    refreshed(area).save_revision().publish()
    assert PageViewRestriction.objects.filter(page=area, restriction_type="groups").count() == 1


def test_may_view_area(group, lead, in_group, outsider, non_member, editor, admin_user):
    from django.contrib.auth.models import AnonymousUser

    allowed = {
        person: rules.may_view_area(person, group)
        for person in (lead, in_group, outsider, non_member, editor, admin_user)
    }
    assert allowed == {
        lead: True,
        in_group: True,
        outsider: False,
        non_member: False,
        editor: True,
        admin_user: True,
    }
    assert not rules.may_view_area(AnonymousUser(), group)


def test_the_public_page_shows_only_consenting_approved_members(group, home_de):
    directory = MemberIndexPageFactory(parent=refreshed(home_de))
    shown = club_person("gezeigt@example.org", first_name="Gisela", last_name="Gezeigt")
    profile = MemberPageFactory(parent=directory, user=shown, title="Gisela Gezeigt")
    MembershipFactory(group=group, user=shown, show_publicly=True)
    hidden = club_person("verborgen@example.org", first_name="Vera", last_name="Verborgen")
    MembershipFactory(group=group, user=hidden, show_publicly=False)
    asking = club_person("fragt@example.org", first_name="Frieda", last_name="Fragt")
    MembershipFactory(
        group=group, user=asking, show_publicly=True, status=MembershipStatus.REQUESTED
    )
    gone = club_person("weg@example.org", first_name="Walter", last_name="Weg")
    MembershipFactory(group=group, user=gone, show_publicly=True, status=MembershipStatus.LEFT)
    no_profile = club_person("ohne@example.org", first_name="Olaf", last_name="Ohne")
    MembershipFactory(group=group, user=no_profile, show_publicly=True)

    members = rules.public_members(group, "de")
    assert [(entry["name"], entry["profile"]) for entry in members] == [
        ("Gisela Gezeigt", profile.specific),
        ("Olaf Ohne", None),
    ]


def test_meetings_upcoming_soonest_first_then_past_latest_first(group, home_de):
    index = EventIndexPageFactory(parent=refreshed(home_de))
    now = timezone.now()

    def event(days, slug):
        start = now + timedelta(days=days)
        return EventPageFactory(
            parent=refreshed(index), slug=slug, start=start, end=start + timedelta(hours=2)
        )

    later, sooner, old, older = event(40, "a"), event(10, "b"), event(-10, "c"), event(-40, "d")
    page = refreshed(group)
    page.meetings.set([later, old, sooner, older])
    page.save_revision().publish()
    upcoming, past = rules.meetings(refreshed(group), "de")
    assert [e.pk for e in upcoming] == [sooner.pk, later.pk]
    assert [e.pk for e in past] == [old.pk, older.pk]


def test_loosening_the_areas_privacy_in_the_admin_is_undone(
    group, area, django_capture_on_commit_callbacks
):
    # The privacy dialog's "public" deletes the restriction; "signed in" changes its type.
    with django_capture_on_commit_callbacks(execute=True):
        PageViewRestriction.objects.filter(page=area).delete()
    assert PageViewRestriction.objects.get(page=area).restriction_type == "groups"
    with django_capture_on_commit_callbacks(execute=True):
        restriction = PageViewRestriction.objects.get(page=area)
        restriction.restriction_type = "login"
        restriction.save()
    assert PageViewRestriction.objects.get(page=area).restriction_type == "groups"
    with django_capture_on_commit_callbacks(execute=True):
        PageViewRestriction.objects.get(page=area).groups.clear()
    assert PageViewRestriction.objects.get(page=area).groups.count() == 3


def test_deleting_an_area_leaves_no_restriction_behind(
    group, area, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        refreshed(area).delete()
    assert not PageViewRestriction.objects.filter(page_id=area.pk).exists()

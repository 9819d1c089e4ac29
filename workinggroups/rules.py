"""The rules of working groups, one function each, called by the views, the admin, the
signal receivers and the demo alike.

* Only club members (``portal.membership.is_member``) ask to join, once at a time: one row
  per person and group; a new request after a refusal or after leaving reopens that row.
* Leads (approved members with the role "Leitung") decide on the requests of their own
  groups; editors (``change`` permission on memberships) on all of them.
* Access to a group's area follows the approved memberships: a Django group per working
  group holds exactly its approved members and leads (``sync_person``), and the area page
  and the group's document collection carry a privacy restriction for that group and the
  editors' groups (``protect_area``). Wagtail's page serving, the document view, the search
  (``search.visibility``) and the page cache (signed-in readers are never cached) all read
  these restrictions.
* The public page shows approved members who agreed to be shown, each by name and, where
  one is live, a link to their public member profile; nothing else.
"""

from django.conf import settings
from django.contrib.auth.models import Group
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.models import (
    BaseViewRestriction,
    Collection,
    CollectionViewRestriction,
    Locale,
    PageViewRestriction,
)

from portal.membership import is_member

from .models import (
    MembershipRole,
    MembershipStatus,
    WorkingGroupAccess,
    WorkingGroupAreaPage,
    WorkingGroupMembership,
    WorkingGroupPage,
)

# Wagtail's editor groups: they open every area (to look after its content).
STAFF_GROUPS = ("Editors", "Moderators")
COLLECTION_PARENT = "Arbeitskreise"
DECIDE_PERMISSION = "workinggroups.change_workinggroupmembership"


class MembershipRefused(Exception):
    """A request, decision or departure the rules do not allow; ``message`` says why, in
    the reader's language."""

    def __init__(self, message):
        super().__init__(message)
        self.message = message


# --- Groups and their access -------------------------------------------------------------


def source_group(page):
    """The German (default-language) version of a working group page."""
    page = page.specific
    default = Locale.get_default()
    if page.locale_id == default.id:
        return page
    source = WorkingGroupPage.objects.filter(
        translation_key=page.translation_key, locale=default
    ).first()
    return source or page


def _collection_parent():
    root = Collection.get_first_root_node()
    parent = root.get_children().filter(name=COLLECTION_PARENT).first()
    return parent or root.add_child(name=COLLECTION_PARENT)


def staff_groups():
    return list(Group.objects.filter(name__in=STAFF_GROUPS))


def access_for(group_page):
    """The Django group and document collection of a working group (created on first use,
    with the collection's privacy restriction)."""
    group_page = source_group(group_page)
    access = (
        WorkingGroupAccess.objects.select_related("group", "collection")
        .filter(group_page=group_page)
        .first()
    )
    if access is not None:
        return access
    name = f"Arbeitskreis {group_page.pk}: {group_page.title}"[:150]
    group = Group.objects.get_or_create(name=name)[0]
    collection = _collection_parent().add_child(name=f"Arbeitskreis: {group_page.title}"[:255])
    access = WorkingGroupAccess.objects.create(
        group_page=group_page, group=group, collection=collection
    )
    restriction = CollectionViewRestriction.objects.create(
        collection=collection, restriction_type=BaseViewRestriction.GROUPS
    )
    restriction.groups.set([group, *staff_groups()])
    sync_access(group_page)
    return access


def protect_area(area_page):
    """Keep ``area_page`` (any language) behind a restriction for its group and the
    editors, whatever was set in the admin's privacy dialog."""
    group = group_of_area(area_page)
    if group is None or area_page.alias_of_id:
        return None  # an alias is served with its source's restrictions
    access = access_for(group)
    wanted = {access.group.pk, *(group.pk for group in staff_groups())}
    restrictions = PageViewRestriction.objects.filter(page=area_page)
    restriction = restrictions.first()
    if restriction is None:
        restriction = PageViewRestriction.objects.create(
            page=area_page, restriction_type=BaseViewRestriction.GROUPS
        )
    else:
        restrictions.exclude(pk=restriction.pk).delete()
        if restriction.restriction_type != BaseViewRestriction.GROUPS:
            restriction.restriction_type = BaseViewRestriction.GROUPS
            restriction.password = ""
            restriction.save()
    if set(restriction.groups.values_list("pk", flat=True)) != wanted:
        restriction.groups.set(wanted)
    return restriction


def sync_person(group_page, user):
    """Put ``user`` into the group's Django group exactly while their membership is
    approved."""
    access = access_for(group_page)
    approved = WorkingGroupMembership.objects.filter(
        group=access.group_page, user=user, status=MembershipStatus.APPROVED
    ).exists()
    inside = user.groups.filter(pk=access.group.pk).exists()
    # Only real changes: a membership change is a site-wide change for the page cache.
    if approved and not inside:
        user.groups.add(access.group)
    elif inside and not approved:
        user.groups.remove(access.group)
    if hasattr(user, "_search_group_ids"):
        del user._search_group_ids


def sync_access(group_page):
    """The group's Django group holds exactly the approved members (after bulk changes)."""
    access = WorkingGroupAccess.objects.filter(group_page=source_group(group_page)).first()
    if access is None:
        return
    approved = WorkingGroupMembership.objects.filter(
        group=access.group_page, status=MembershipStatus.APPROVED
    ).values_list("user_id", flat=True)
    access.group.user_set.set(list(approved))


# --- Who is who ----------------------------------------------------------------------------


def membership_of(group_page, user):
    if not user.is_authenticated:
        return None
    return WorkingGroupMembership.objects.filter(group=source_group(group_page), user=user).first()


def is_lead(user, group_page):
    return bool(
        user.is_authenticated
        and user.is_active
        and WorkingGroupMembership.objects.filter(
            group=source_group(group_page),
            user=user,
            role=MembershipRole.LEAD,
            status=MembershipStatus.APPROVED,
        ).exists()
    )


def is_editor(user):
    return bool(user.is_authenticated and user.is_active and user.has_perm(DECIDE_PERMISSION))


def may_decide(user, membership):
    """Leads decide on the requests of their own groups, editors on all."""
    return is_editor(user) or is_lead(user, membership.group)


def led_group_ids(user):
    if not user.is_authenticated or not user.is_active:
        return []
    return list(
        WorkingGroupMembership.objects.filter(
            user=user, role=MembershipRole.LEAD, status=MembershipStatus.APPROVED
        ).values_list("group_id", flat=True)
    )


def may_view_area(user, group_page):
    """The group's approved members and leads, editors and administrators."""
    if not user.is_authenticated or not user.is_active:
        return False
    if user.is_superuser or user.groups.filter(name__in=STAFF_GROUPS).exists():
        return True
    return WorkingGroupMembership.objects.filter(
        group=source_group(group_page), user=user, status=MembershipStatus.APPROVED
    ).exists()


def join_refusal(user, group_page):
    """Why ``user`` cannot ask to join (a message), or None when they can."""
    group_page = source_group(group_page)
    if not user.is_authenticated:
        return _("Bitte melden Sie sich an, um einem Arbeitskreis beizutreten.")
    if not is_member(user):
        return _(
            "Arbeitskreisen beitreten können nur Mitglieder des Clubs. Sie können die "
            "Mitgliedschaft in Ihrem Konto beantragen."
        )
    membership = membership_of(group_page, user)
    if membership is not None and membership.status == MembershipStatus.APPROVED:
        return _("Sie gehören diesem Arbeitskreis bereits an.")
    if membership is not None and membership.status == MembershipStatus.REQUESTED:
        return _("Ihre Anfrage liegt der Leitung des Arbeitskreises bereits vor.")
    if not group_page.accepts_requests:
        return _("Dieser Arbeitskreis nimmt derzeit keine neuen Mitglieder auf.")
    return None


# --- Requests, decisions, leaving -----------------------------------------------------------


def request_membership(group_page, user, message="", show_publicly=False):
    """Ask to join; the leads hear of it by e-mail (after the commit)."""
    from .emails import send_join_request  # it imports this module

    group_page = source_group(group_page)
    refusal = join_refusal(user, group_page)
    if refusal:
        raise MembershipRefused(refusal)
    try:
        with transaction.atomic():
            membership, created = WorkingGroupMembership.objects.select_for_update().get_or_create(
                group=group_page,
                user=user,
                defaults={"message": message, "show_publicly": show_publicly},
            )
            if not created:
                if membership.status in (MembershipStatus.APPROVED, MembershipStatus.REQUESTED):
                    raise MembershipRefused(join_refusal(user, group_page))
                membership.status = MembershipStatus.REQUESTED
                membership.role = MembershipRole.MEMBER
                membership.message = message
                membership.show_publicly = show_publicly
                membership.requested_at = timezone.now()
                membership.decided_at = membership.decided_by = membership.left_at = None
                membership.save()
            send_join_request(membership)
    except IntegrityError as error:  # a second request at the same moment
        raise MembershipRefused(
            _("Ihre Anfrage liegt der Leitung des Arbeitskreises bereits vor.")
        ) from error
    return membership


@transaction.atomic
def decide(membership, by, approve):
    """A lead (or an editor) approves or declines an open request; the person hears of
    it by e-mail in their language."""
    from .emails import send_decision  # it imports this module

    membership = WorkingGroupMembership.objects.select_for_update().get(pk=membership.pk)
    if not may_decide(by, membership):
        raise MembershipRefused(_("Sie leiten diesen Arbeitskreis nicht."))
    if membership.status != MembershipStatus.REQUESTED:
        raise MembershipRefused(_("Über diese Anfrage wurde bereits entschieden."))
    membership.status = MembershipStatus.APPROVED if approve else MembershipStatus.DECLINED
    membership.decided_at = timezone.now()
    membership.decided_by = by
    membership.save()
    send_decision(membership)
    return membership


@transaction.atomic
def leave(group_page, user):
    """A member leaves the group (or withdraws an open request)."""
    membership = (
        WorkingGroupMembership.objects.select_for_update()
        .filter(group=source_group(group_page), user=user)
        .first()
    )
    if membership is None or membership.status not in (
        MembershipStatus.APPROVED,
        MembershipStatus.REQUESTED,
    ):
        raise MembershipRefused(_("Sie gehören diesem Arbeitskreis nicht an."))
    membership.previous_status = membership.status
    membership.status = MembershipStatus.LEFT
    membership.left_at = timezone.now()
    membership.save()
    return membership


def set_shown(membership, show_publicly):
    membership.show_publicly = bool(show_publicly)
    membership.save(update_fields=["show_publicly", "updated_at"])
    return membership


# --- What the pages show -----------------------------------------------------------------


def public_members(group_page, language=None):
    """(name, profile page or None) of the approved members who agreed to be shown, leads
    first; a profile is linked where a live, public one exists (in ``language`` if
    translated)."""
    from community.models import MemberPage

    memberships = list(
        WorkingGroupMembership.objects.filter(
            group=source_group(group_page),
            status=MembershipStatus.APPROVED,
            show_publicly=True,
        )
        .select_related("user")
        .order_by("-role", "user__last_name", "user__first_name", "pk")
    )
    user_ids = [membership.user_id for membership in memberships]
    profiles = {}
    for profile in MemberPage.objects.live().public().filter(user_id__in=user_ids):
        profiles.setdefault(profile.user_id, {})[profile.locale.language_code] = profile
    language = language or settings.LANGUAGE_CODE
    shown = []
    for membership in memberships:
        by_language = profiles.get(membership.user_id, {})
        profile = by_language.get(language) or by_language.get(settings.LANGUAGE_CODE)
        shown.append(
            {
                "name": profile.title if profile else membership.user.display_name,
                "profile": profile,
                "is_lead": membership.role == MembershipRole.LEAD,
            }
        )
    return shown


def meetings(group_page, language=None, now=None):
    """(upcoming, past): the group's live meetings in ``language`` where translated,
    upcoming ones soonest first, past ones latest first."""
    from events.models import EventPage

    now = now or timezone.now()
    source = source_group(group_page)
    events = list(source.meetings.all())
    keys = [event.translation_key for event in events]
    language = language or settings.LANGUAGE_CODE
    shown = {}
    for event in (
        EventPage.objects.live().public().filter(translation_key__in=keys).select_related("locale")
    ):
        current = shown.get(event.translation_key)
        if current is None or event.locale.language_code == language:
            shown[event.translation_key] = event
    listed = list(shown.values())
    upcoming = sorted((e for e in listed if e.end >= now), key=lambda e: e.start)
    past = sorted((e for e in listed if e.end < now), key=lambda e: e.start, reverse=True)
    return upcoming, past


def group_of_area(area_page):
    """The working group an area belongs to (through the source of an alias), or None."""
    source = area_page.alias_of if area_page.alias_of_id else area_page
    parent = source.get_parent()
    parent = parent.specific if parent is not None else None
    return parent if isinstance(parent, WorkingGroupPage) else None


def area_of(group_page):
    """The group's area page in the group page's language (published or not), or None."""
    return WorkingGroupAreaPage.objects.child_of(group_page).first()


def pending_requests(user):
    """The open requests of the groups ``user`` leads (editors decide the others in the
    admin)."""
    requests = WorkingGroupMembership.objects.filter(
        status=MembershipStatus.REQUESTED, group_id__in=led_group_ids(user)
    )
    return requests.select_related("group", "user").order_by("requested_at", "pk")

"""Reader-facing views of working groups: the per-reader part of a group page, asking to
join and leaving (POST), the account page "Meine Arbeitskreise" where leads decide on
requests, and the check in front of every members-only area.

Every bad input ends in a form error, a message or a 4xx page, never in a stored change.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.functional import SimpleLazyObject
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST
from wagtail.models import Page

from community.filters import topic_choices
from portal.membership import is_member

from . import rules
from .emails import localized
from .forms import DecisionForm, JoinForm, VisibilityForm
from .models import MembershipStatus, WorkingGroupAreaPage, WorkingGroupMembership, WorkingGroupPage


def group_context(request, page):
    """What a group page shows besides its content. The public part (topics, meetings,
    members who agreed to be shown, whether there is an area) is read lazily, only when
    the page's cached fragment is rendered; the reader's own state is read per request,
    and not at all for guests."""
    language = get_language()
    user = request.user
    signed_in = user.is_authenticated
    meetings = SimpleLazyObject(lambda: rules.meetings(page, language))
    return {
        "topic_names": SimpleLazyObject(lambda: _topic_names(page)),
        "shown_members": SimpleLazyObject(lambda: rules.public_members(page, language)),
        "upcoming_meetings": SimpleLazyObject(lambda: meetings[0]),
        "past_meetings": SimpleLazyObject(lambda: meetings[1][:5]),
        "has_area": SimpleLazyObject(lambda: _live_area(page) is not None),
        "membership": rules.membership_of(page, user) if signed_in else None,
        "is_club_member": is_member(user),
        "join_form": getattr(request, "workinggroups_join_form", None) or JoinForm(),
        "area": _live_area(page) if signed_in and rules.may_view_area(user, page) else None,
        "is_lead": signed_in and rules.is_lead(user, page),
    }


def _topic_names(page):
    labels = dict(topic_choices())
    return [labels.get(topic.slug, topic.name) for topic in rules.source_group(page).topics.all()]


def _live_area(page):
    area = rules.area_of(page)
    return area if area is not None and area.live else None


def _group_or_404(page_id):
    page = Page.objects.live().public().filter(pk=page_id).first()
    if page is None or page.specific_class is not WorkingGroupPage:
        raise Http404
    return page.specific


def _back(page):
    return redirect(f"{localized(page, get_language()).url}#mitarbeit")


@require_POST
def join(request, page_id):
    page = _group_or_404(page_id)
    if not request.user.is_authenticated:
        return redirect_to_login(localized(page, get_language()).url)
    form = JoinForm(request.POST)
    if not form.is_valid():
        refusal = rules.join_refusal(request.user, page)
        if refusal:  # the page shows no form to this reader: say why instead
            messages.error(request, refusal)
            return _back(page)
        # The group page again, with the form's error summary ("#error-summary" in the
        # form's action brings the reader there).
        request.workinggroups_join_form = form
        response = localized(page, get_language()).serve(request)
        response.status_code = 400
        return response
    try:
        rules.request_membership(
            page,
            request.user,
            message=form.cleaned_data["message"],
            show_publicly=form.cleaned_data["show_publicly"],
        )
    except rules.MembershipRefused as refused:
        messages.error(request, refused.message)
    else:
        messages.success(
            request,
            _("Vielen Dank! Die Leitung des Arbeitskreises entscheidet über Ihre Anfrage."),
        )
    return _back(page)


@require_POST
def leave(request, page_id):
    page = _group_or_404(page_id)
    if not request.user.is_authenticated:
        return redirect_to_login(localized(page, get_language()).url)
    try:
        membership = rules.leave(page, request.user)
    except rules.MembershipRefused as refused:
        messages.error(request, refused.message)
    else:
        if membership.previous_status == MembershipStatus.REQUESTED:
            messages.success(request, _("Sie haben Ihre Anfrage zurückgezogen."))
        else:
            messages.success(request, _("Sie sind aus dem Arbeitskreis ausgetreten."))
    return _back(page)


@login_required
@require_http_methods(["GET"])
def account(request):
    """My working groups, and for leads the open requests of their groups."""
    own = (
        WorkingGroupMembership.objects.filter(user=request.user)
        .exclude(status=MembershipStatus.DECLINED)
        .select_related("group")
        .order_by("group__title")
    )
    language = get_language()
    return render(
        request,
        "workinggroups/account/groups.html",
        {
            "memberships": [
                (membership, localized(membership.group, language)) for membership in own
            ],
            "requests": [
                (item, localized(item.group, language))
                for item in rules.pending_requests(request.user)
            ],
            "is_lead": bool(rules.led_group_ids(request.user)),
        },
    )


@login_required
@require_POST
def decide(request, pk):
    """A lead approves or declines one request of their own group; 404 for anyone else."""
    membership = get_object_or_404(WorkingGroupMembership.objects.select_related("group"), pk=pk)
    if not rules.is_lead(request.user, membership.group):
        raise Http404
    form = DecisionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Bitte wählen Sie „Aufnehmen“ oder „Ablehnen“."))
        return redirect("workinggroups:account")
    approve = form.cleaned_data["decision"] == "approve"
    try:
        rules.decide(membership, request.user, approve)
    except rules.MembershipRefused as refused:
        messages.error(request, refused.message)
    else:
        name = membership.user.display_name
        if approve:
            messages.success(request, _("%(name)s ist aufgenommen.") % {"name": name})
        else:
            messages.success(request, _("Die Anfrage von %(name)s ist abgelehnt.") % {"name": name})
    return redirect("workinggroups:account")


@login_required
@require_POST
def visibility(request, pk):
    """The member decides whether the group page shows them."""
    membership = get_object_or_404(WorkingGroupMembership, pk=pk, user=request.user)
    form = VisibilityForm(request.POST)
    if form.is_valid():
        rules.set_shown(membership, form.cleaned_data["show_publicly"])
        messages.success(request, _("Ihre Auswahl ist gespeichert."))
    return redirect("workinggroups:account")


def area_access(page, request, serve_args, serve_kwargs):
    """In front of a members-only area (hook ``before_serve_page``, before the community's
    general members-only check): guests sign in first, signed-in people outside the group
    get a 403 that says how to join. Wagtail's privacy restriction holds as well."""
    if not isinstance(page.specific, WorkingGroupAreaPage):
        return None
    group = rules.group_of_area(page)
    if group is not None and rules.may_view_area(request.user, group):
        return None
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if group is None:
        raise Http404
    return render(
        request,
        "workinggroups/area_forbidden.html",
        {"page": page, "group": group},
        status=403,
    )

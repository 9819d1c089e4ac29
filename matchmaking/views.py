"""The requester's pages under the account (``/de/konto/bedarfsmeldungen/``) and the
proposed party's answer (from the signed link in its e-mail).

A case is shown only to its requester, the office and superusers; every other address of
a case answers 404, whoever asks (``matchmaking.access``)."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from community.views import edits_exhausted
from portal.membership import is_member

from . import cases
from .access import can_see_case, can_submit_request, cases_of, members_visible_requests
from .forms import MatchRequestForm, ResponseForm, WithdrawForm
from .models import MatchRequest, Proposal, ProposalState
from .tokens import BadToken, ExpiredToken, proposal_id_from_token

LIST_LIMIT = 100


@login_required
@require_http_methods(["GET"])
def request_list(request):
    own = cases_of(request.user).select_related("topic")[:LIST_LIMIT]
    return render(
        request,
        "matchmaking/account/request_list.html",
        {"cases": own, "may_submit": can_submit_request(request.user)},
    )


@login_required
@require_http_methods(["GET", "POST"])
def request_create(request):
    if not can_submit_request(request.user):
        return render(request, "community/members_only.html", status=403)
    organisation = cases.organisation_of(request.user)
    if request.method == "POST":
        form = MatchRequestForm(request.POST, organisation=organisation)
        if edits_exhausted(request, "matchmaking.submit", settings.MATCHMAKING_SUBMIT_RATE):
            return render(
                request,
                "matchmaking/account/request_form.html",
                {"form": form, "organisation": organisation, "rate_limited": True},
                status=429,
            )
        if form.is_valid():
            case = cases.submit_request(
                request.user, form.request_data(), language=get_language() or "de"
            )
            messages.success(
                request,
                _(
                    "Vielen Dank! Ihre Bedarfsmeldung ist bei der Geschäftsstelle eingegangen. "
                    "Sie sehen hier jeden weiteren Schritt."
                ),
            )
            return redirect("matchmaking:detail", pk=case.pk)
    else:
        form = MatchRequestForm(organisation=organisation)
    return render(
        request,
        "matchmaking/account/request_form.html",
        {"form": form, "organisation": organisation},
    )


def _case_for(request, pk):
    case = MatchRequest.objects.select_related("topic", "organisation").filter(pk=pk).first()
    if case is None or not can_see_case(request.user, case):
        raise Http404
    return case


@login_required
@require_http_methods(["GET"])
def request_detail(request, pk):
    return _detail(request, _case_for(request, pk))


def _detail(request, case, withdraw_form=None, status=200):
    is_requester = case.requester_id == request.user.pk
    if withdraw_form is None and is_requester and case.is_open:
        withdraw_form = WithdrawForm()
    return render(
        request,
        "matchmaking/account/request_detail.html",
        {
            "case": case,
            "proposals": case.proposals.all(),
            "events": case.events.select_related("proposal"),
            "is_requester": is_requester,
            "withdraw_form": withdraw_form,
        },
        status=status,
    )


@login_required
@require_POST
def withdraw(request, pk):
    """The requester withdraws the request (confirmed in the form on the case's page)."""
    case = _case_for(request, pk)
    if case.requester_id != request.user.pk:
        raise Http404
    form = WithdrawForm(request.POST)
    if not form.is_valid():
        return _detail(request, case, withdraw_form=form, status=400)
    try:
        cases.withdraw(case, user=request.user, reason=form.cleaned_data["reason"])
    except cases.CaseError as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request,
            _(
                "Sie haben die Bedarfsmeldung zurückgezogen. Der Fall ist abgeschlossen; "
                "niemand hat Ihre Kontaktdaten erhalten, dem Sie nicht zugestimmt haben."
            ),
        )
    return redirect("matchmaking:detail", pk=case.pk)


@login_required
@require_POST
def choose_proposal(request, pk, proposal_pk):
    case = _case_for(request, pk)
    if case.requester_id != request.user.pk:
        raise Http404
    try:
        proposal = cases.choose(case, proposal_pk, user=request.user)
    except cases.CaseError as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request,
            _(
                "Wir haben „%(target)s“ gefragt, ob ein Gespräch gewünscht ist. Sobald die "
                "Antwort da ist, sehen Sie sie hier."
            )
            % {"target": proposal.target_title},
        )
    return redirect("matchmaking:detail", pk=case.pk)


@login_required
@require_http_methods(["GET"])
def members_board(request):
    """Open needs other member organisations share with members (no names)."""
    if not is_member(request.user):
        return render(request, "community/members_only.html", status=403)
    visible = members_visible_requests(request.user).select_related("topic")[:LIST_LIMIT]
    return render(request, "matchmaking/account/members_board.html", {"cases": visible})


@require_http_methods(["GET", "POST"])
def respond(request, token):
    """The proposed party agrees to a conversation or declines (GET shows the choice)."""
    template = "matchmaking/respond.html"
    try:
        proposal_id = proposal_id_from_token(token)
    except ExpiredToken:
        return render(request, template, {"expired": True}, status=410)
    except BadToken:
        raise Http404 from None
    proposal = (
        Proposal.objects.select_related("request", "request__topic").filter(pk=proposal_id).first()
    )
    if proposal is None:
        raise Http404
    context = {"proposal": proposal, "case": proposal.request}
    if proposal.state != ProposalState.CHOSEN or not proposal.request.is_open:
        context["answered"] = True
        return render(request, template, context)
    form = ResponseForm(request.POST if request.method == "POST" else None)  # even if empty
    if request.method == "POST" and form.is_valid():
        try:
            cases.respond(
                proposal,
                accept=form.cleaned_data["decision"] == "accept",
                note=form.cleaned_data["note"],
            )
        except cases.CaseError as error:
            context.update(form=form, error=str(error))
            return render(request, template, context, status=409)
        proposal.refresh_from_db()
        context.update(done=True, proposal=proposal)
        return render(request, template, context)
    context["form"] = form
    return render(request, template, context, status=400 if request.method == "POST" else 200)

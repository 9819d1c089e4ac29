"""Views of the account area (``/de/konto/``, ``/en/account/``) and the contact forms."""

import json

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.core.serializers.json import DjangoJSONEncoder
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods
from django_ratelimit.core import is_ratelimited

from portal.membership import is_member
from portal.unapproved_images import store_unapproved_image

from . import accounts, contact
from .forms.site import (
    ContactForm,
    DeleteAccountForm,
    MembershipApplicationForm,
    NotificationSettingsForm,
    ProfileForm,
    SolutionForm,
)
from .listings import source_of
from .membership_applications import ApplicationError, pending_application, submit_application
from .models import SolutionPage
from .moderation import awaiting_moderation
from .profiles import draft_of, profile_of, save_profile
from .solutions import (
    can_edit_solution,
    can_propose_solution,
    represented_organisations,
    save_solution,
)


def too_many_requests(request):
    return render(request, "429.html", status=429)


def edits_exhausted(request, group, rate):
    """Counts a submitted change of ``request.user`` (profile, solution); True once the
    account has used up ``rate``. Checked before the form is validated, so a refused post
    stores nothing (not even an uploaded photo) and what was submitted before stays as it is."""
    return is_ratelimited(request, group=group, key="user", rate=rate, increment=True)


@login_required
def account(request):
    """My account: the sections of every app (``portal_account_sections`` hooks)."""
    sections = accounts.account_sections(request)
    for number, section in enumerate(sections, start=1):
        section["id"] = f"account-section-{number}"
        section["html"] = render_to_string(section["template"], section["context"], request)
    return render(request, "community/account/account.html", {"sections": sections})


@login_required
@require_http_methods(["GET", "POST"])
def profile_edit(request):
    """The member's own profile: create it or change it; changes wait for approval."""
    page = profile_of(request.user)
    if page is None and not is_member(request.user):
        messages.info(
            request,
            _("Ein Profil im Mitgliederverzeichnis können Mitglieder des Clubs anlegen."),
        )
        return redirect("community:membership")
    draft = draft_of(page) if page is not None else None
    context = {
        "profile": page,
        "draft": draft,
        "awaiting_moderation": page is not None and awaiting_moderation(page),
    }
    if request.method == "POST":
        form = ProfileForm(request.POST, request.FILES)
        if edits_exhausted(request, "community.profile_edit", settings.COMMUNITY_PROFILE_EDIT_RATE):
            context.update(form=form, rate_limited=True)
            return render(request, "community/account/profile_form.html", context, status=429)
        if form.is_valid():
            data = dict(form.cleaned_data)
            photo = _store_photo(data.pop("photo", None), request.user, data)
            save_profile(
                request.user,
                data,
                data.pop("topics"),
                photo=photo,
                remove_photo=data.pop("remove_photo", False),
            )
            messages.success(
                request,
                _(
                    "Vielen Dank! Ihre Änderungen sind gespeichert und erscheinen, sobald "
                    "die Redaktion sie freigegeben hat."
                ),
            )
            return redirect("community:account")
    else:
        form = ProfileForm(initial=ProfileForm.initial_from(draft, request.user))
    context["form"] = form
    return render(request, "community/account/profile_form.html", context)


def _store_photo(upload, user, data):
    """The new photo waits, private, until an editor approves the change."""
    if not upload:
        return None
    title = f"{data['first_name']} {data['last_name']}".strip()
    return store_unapproved_image(upload, user=user, title=title)


@login_required
@require_http_methods(["GET", "POST"])
def membership(request):
    """Apply for membership (organisation, role, reason), or see the application's state."""
    pending = pending_application(request.user)
    if is_member(request.user) or pending is not None:
        return render(
            request,
            "community/account/membership.html",
            {"pending": pending, "member": is_member(request.user)},
        )
    if request.method == "POST":
        form = MembershipApplicationForm(request.POST)
        if form.is_valid():
            try:
                submit_application(request.user, language=get_language(), **form.cleaned_data)
            except ApplicationError as error:
                messages.error(request, str(error))
            else:
                messages.success(
                    request,
                    _(
                        "Ihr Antrag ist eingegangen. Die Geschäftsstelle meldet sich per E-Mail "
                        "bei Ihnen."
                    ),
                )
            return redirect("community:account")
    else:
        form = MembershipApplicationForm()
    return render(request, "community/account/membership.html", {"form": form})


@login_required
@require_http_methods(["GET", "POST"])
def notification_settings(request):
    if request.method == "POST":
        form = NotificationSettingsForm(request.POST, instance=request.user)
        if form.is_valid():
            form.save()
            messages.success(request, _("Ihre Einstellungen sind gespeichert."))
            return redirect("community:account")
    else:
        form = NotificationSettingsForm(instance=request.user)
    return render(request, "community/account/notifications.html", {"form": form})


@login_required
def export_data(request):
    """Download everything stored about the signed-in person as a JSON file."""
    data = accounts.export_user_data(request.user)
    response = HttpResponse(
        json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2),
        content_type="application/json; charset=utf-8",
    )
    filename = f"innovationsportal-meine-daten-{timezone.localdate().isoformat()}.json"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-store"
    return response


@login_required
@require_http_methods(["GET", "POST"])
def delete_account(request):
    if request.method == "POST":
        form = DeleteAccountForm(request.POST, user=request.user)
        if form.is_valid():
            accounts.delete_account(request.user)
            logout(request)
            messages.success(request, _("Ihr Konto wurde gelöscht."))
            return redirect(f"/{get_language()}/")
    else:
        form = DeleteAccountForm(user=request.user)
    return render(request, "community/account/delete.html", {"form": form})


@login_required
@require_http_methods(["GET", "POST"])
def solution_propose(request):
    if not can_propose_solution(request.user):
        return render(request, "community/account/solution_not_allowed.html", status=403)
    return _solution_form(request, None)


@login_required
@require_http_methods(["GET", "POST"])
def solution_edit(request, page_id):
    page = SolutionPage.objects.filter(pk=page_id).first()
    if page is None:
        raise Http404
    if not can_edit_solution(request.user, page):
        raise PermissionDenied
    return _solution_form(request, page)


def _solution_form(request, page):
    organisations = represented_organisations(request.user)
    if page is not None and page.provider_id:
        # Keep the current provider selectable even if it is not represented by the user.
        organisations = organisations | organisations.model.objects.filter(pk=page.provider_id)
    organisations = organisations.distinct().order_by("name")
    context = {
        "solution": page,
        "awaiting_moderation": page is not None and awaiting_moderation(page),
    }
    if request.method == "POST":
        form = SolutionForm(request.POST, organisations=organisations)
        if edits_exhausted(
            request, "community.solution_edit", settings.COMMUNITY_SOLUTION_EDIT_RATE
        ):
            context.update(form=form, rate_limited=True)
            return render(request, "community/account/solution_form.html", context, status=429)
        if form.is_valid():
            save_solution(
                request.user,
                form.page_data(),
                form.cleaned_data["topics"],
                form.cleaned_data["application_fields"],
                page=page,
            )
            messages.success(
                request,
                _(
                    "Vielen Dank! Die Lösung ist gespeichert und erscheint im Marktplatz, "
                    "sobald die Redaktion sie freigegeben hat."
                ),
            )
            return redirect("community:account")
    else:
        initial = SolutionForm.initial_from(draft_of(page)) if page is not None else {}
        form = SolutionForm(initial=initial, organisations=organisations)
    context["form"] = form
    return render(request, "community/account/solution_form.html", context)


# Contact forms (served as sub-routes of MemberPage and SolutionPage: ``contact/``)


def member_contact(request, page):
    return _contact(
        request,
        page,
        contact.member_contact_status(request.user, source_of(page)),
        contact.send_member_message,
        "community/member_contact.html",
    )


def solution_contact(request, page):
    return _contact(
        request,
        page,
        contact.solution_contact_status(request.user, page),
        contact.send_solution_request,
        "community/solution_contact.html",
    )


def _contact(request, page, status, send, template):
    if request.method not in ("GET", "POST"):
        return HttpResponse(status=405, headers={"Allow": "GET, POST"})
    if status == contact.LOGIN_REQUIRED:
        return redirect_to_login(request.get_full_path())
    context = {"page": page, "self": page, "status": status}
    if status != contact.ALLOWED:
        context["status_message"] = contact.STATUS_MESSAGES[status]
        return render(request, template, context, status=403)
    if request.method == "POST":
        if is_ratelimited(
            request,
            group="community.contact",
            key="user",
            rate=settings.COMMUNITY_CONTACT_RATE,
            increment=True,
        ):
            return too_many_requests(request)
        form = ContactForm(request.POST)
        if form.is_valid():
            try:
                send(request.user, page, **form.message_data())
            except contact.ContactNotAllowed as error:
                context["status_message"] = str(error)
                return render(request, template, context, status=403)
            messages.success(
                request,
                _("Ihre Nachricht wurde weitergeleitet. Eine Kopie geht an Ihre E-Mail-Adresse."),
            )
            return redirect(page.get_url(request))
    else:
        form = ContactForm()
    context["form"] = form
    return render(request, template, context)

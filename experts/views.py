"""The expert's own profile form in the account area (``/de/konto/beraterprofil/``)."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from community.moderation import awaiting_moderation
from community.profiles import draft_of
from community.views import edits_exhausted

from .forms import ExpertProfileForm
from .profiles import expert_profile_of, save_expert_profile

TEMPLATE = "experts/account/profile_form.html"


@login_required
@require_http_methods(["GET", "POST"])
def profile_edit(request):
    """Create or change one's expert profile; every change waits for approval."""
    page = expert_profile_of(request.user)
    draft = draft_of(page) if page is not None else None
    context = {
        "profile": page,
        "awaiting_moderation": page is not None and awaiting_moderation(page),
    }
    if request.method == "POST":
        form = ExpertProfileForm(request.POST)
        if edits_exhausted(request, "experts.profile_edit", settings.COMMUNITY_PROFILE_EDIT_RATE):
            context.update(form=form, rate_limited=True)
            return render(request, TEMPLATE, context, status=429)
        if form.is_valid():
            data, relations = form.profile_data()
            save_expert_profile(request.user, data, **relations)
            messages.success(
                request,
                _(
                    "Vielen Dank! Ihr Beraterprofil ist gespeichert und erscheint, sobald die "
                    "Redaktion es freigegeben hat."
                ),
            )
            return redirect("community:account")
    else:
        form = ExpertProfileForm(initial=ExpertProfileForm.initial_from(draft, request.user))
    context["form"] = form
    return render(request, TEMPLATE, context)

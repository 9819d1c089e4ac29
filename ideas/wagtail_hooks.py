"""The ideas app's registrations with Wagtail (registrations only): the admin's idea
listing (``ideas.admin_views``), the check that keeps unconfirmed ideas unpublished, and
the account hooks (``ideas.account``)."""

from django.contrib import messages
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from wagtail import hooks

from .account import account_ideas_section, export_ideas, forget_idea_people
from .admin_views import idea_listing_viewset
from .models import IdeaPage, IdeaSubmission


@hooks.register("register_admin_viewset")
def register_idea_listing():
    return idea_listing_viewset


@hooks.register("before_publish_page")
def refuse_unconfirmed_ideas(request, page):
    """An idea whose submitter has not confirmed the address is never published."""
    if (
        isinstance(page.specific, IdeaPage)
        and IdeaSubmission.objects.filter(idea_id=page.pk, confirmed_at__isnull=True).exists()
    ):
        messages.error(
            request,
            _(
                "Diese Idee kann erst veröffentlicht werden, wenn die Person ihre "
                "E-Mail-Adresse bestätigt hat."
            ),
        )
        return redirect("wagtailadmin_pages:edit", page.pk)
    return None


hooks.register("portal_account_sections", account_ideas_section)
hooks.register("portal_export_user_data", export_ideas)
hooks.register("portal_before_delete_user", forget_idea_people)

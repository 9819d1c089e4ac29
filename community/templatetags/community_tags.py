"""Template tags the community app offers to other templates: the member count (home
page) and the sign-in / account links (site header)."""

from urllib.parse import urlencode

from django import template
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import get_language
from wagtail.models import Locale

from community.models import MemberPage
from portal.caching.pages import cached_value

register = template.Library()


def club_member_count():
    """People in the club: active accounts in the members group, plus published profiles
    (default language) of members without such an account (e.g. imported without
    invitation). Two COUNT queries."""
    members = Q(groups__name=settings.PORTAL_MEMBERS_GROUP, is_active=True)
    with_account = get_user_model().objects.filter(members).count()
    member_ids = get_user_model().objects.filter(members).values("pk")
    profiles_only = (
        MemberPage.objects.live()
        .filter(locale=Locale.get_default())
        .exclude(user__in=member_ids)
        .count()
    )
    return with_account + profiles_only


@register.inclusion_tag("community/tags/member_count.html", takes_context=True)
def member_count(context):
    """How many members the club has (counted once per cache generation: new accounts,
    membership changes and published profiles start a new one)."""
    count = cached_value("club-member-count", compute=club_member_count)
    return {"member_count": count, "request": context.get("request")}


@register.inclusion_tag("community/tags/account_menu.html", takes_context=True)
def account_menu(context):
    """Sign in / register, or "my account" and sign out; links to the account pages under
    /accounts/ carry the reader's language and the current page to return to."""
    request = context.get("request")
    language = get_language()
    here = request.get_full_path() if request is not None else "/"
    query = urlencode({"lang": language, "next": here})
    # After signing out, the home page: the current page may be for signed-in people.
    logout_query = urlencode({"lang": language, "next": f"/{language}/"})
    return {
        "user": getattr(request, "user", None),
        "login_url": f"{reverse('account_login')}?{query}",
        "signup_url": f"{reverse('account_signup')}?{query}",
        "logout_url": f"{reverse('account_logout')}?{logout_query}",
        "request": request,
        "csrf_token": context.get("csrf_token"),
    }


@register.simple_tag
def password_link_days():
    """How many days a link to set a password is valid (``PASSWORD_RESET_TIMEOUT``)."""
    return max(1, round(settings.PASSWORD_RESET_TIMEOUT / 86400))

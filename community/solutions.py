"""Providers propose and edit their solutions on the site; editors approve them."""

from django.db import transaction
from django.utils.html import escape
from django.utils.html import strip_tags as html_strip_tags
from wagtail.models import Locale

from .models import SIZE_FIELDS, Organisation, SolutionIndexPage, SolutionPage
from .moderation import submit_for_moderation
from .profiles import draft_of, unique_slug

EDITABLE_FIELDS = (
    "title",
    "provider",
    "teaser",
    "maturity",
    "price_model",
    "price_note",
    "contact_name",
    "contact_role",
    "contact_email",
    *SIZE_FIELDS.values(),
)


def represented_organisations(user):
    """The organisations ``user`` may propose solutions for."""
    if not user.is_authenticated:
        return Organisation.objects.none()
    return user.represented_organisations.all()


def can_propose_solution(user):
    return represented_organisations(user).exists()


def can_edit_solution(user, page):
    """The person who proposed the solution and the provider's representatives."""
    if not user.is_authenticated:
        return False
    page = source_page(page)
    if page.owner_id == user.pk:
        return True
    return bool(
        page.provider_id and represented_organisations(user).filter(pk=page.provider_id).exists()
    )


def solution_change_of(workflow_state):
    """(solution page, provider) when ``workflow_state`` moderates a change that someone
    who edits the solution on the site (``can_edit_solution``) submitted, and who does not
    work in the admin (the portal tells them of the decision itself), else None. A change an
    editor submitted in the admin, even to a solution they created there, gets Wagtail's
    own e-mails."""
    page = workflow_state.content_object
    page = getattr(page, "specific", page)
    provider = workflow_state.requested_by
    if not isinstance(page, SolutionPage) or provider is None:
        return None
    if provider.has_perm("wagtailadmin.access_admin") or not can_edit_solution(provider, page):
        return None
    return page, provider


def source_page(page):
    """Providers edit the default-language version; translations follow via editors."""
    default = Locale.get_default()
    if page.locale_id == default.id:
        return page
    return page.get_translation_or_none(default) or page


def solutions_of(user):
    """Solutions ``user`` may edit: proposed by them or offered by their organisations."""
    if not user.is_authenticated:
        return SolutionPage.objects.none()
    # Two indexed lookups: one query with "owner or provider" read every solution (3.5 ms
    # at seed_bulk volume, on every account page).
    ids = set(SolutionPage.objects.filter(owner=user).values_list("pk", flat=True))
    organisations = list(represented_organisations(user).values_list("pk", flat=True))
    if organisations:
        ids.update(
            SolutionPage.objects.filter(provider__in=organisations).values_list("pk", flat=True)
        )
    return SolutionPage.objects.filter(locale=Locale.get_default(), pk__in=ids).order_by("title")


def marketplace_page():
    return SolutionIndexPage.objects.filter(locale=Locale.get_default()).first()


def text_to_html(text):
    """Plain text from the site's form as rich-text paragraphs (nothing else allowed)."""
    paragraphs = [part.strip() for part in (text or "").replace("\r\n", "\n").split("\n\n")]
    return "".join(
        f"<p>{escape(part).replace(chr(10), '<br/>')}</p>" for part in paragraphs if part
    )


def html_to_text(html):
    """Rich text as plain paragraphs for the site's form."""
    text = (html or "").replace("</p>", "\n\n").replace("<br/>", "\n").replace("<br>", "\n")
    return html_strip_tags(text).strip()


@transaction.atomic
def save_solution(user, data, topics, application_fields, page=None):
    """Create (``page`` None) or change a solution as a revision by ``user`` and submit it
    for approval. Returns the page."""
    if page is None:
        parent = marketplace_page()
        page = SolutionPage(
            title=data["title"],
            slug=unique_slug(parent, data["title"]),
            teaser=data["teaser"],
            provider=data["provider"],
            owner=user,
            live=False,
        )
        parent.add_child(instance=page)
        page = SolutionPage.objects.get(pk=page.pk)
    page = draft_of(source_page(page))
    for name in EDITABLE_FIELDS:
        if name in data:
            setattr(page, name, data[name])
    if "description" in data:
        page.description = text_to_html(data["description"])
    page.topics = list(topics)
    page.application_fields = list(application_fields)
    submit_for_moderation(page, user)
    return page

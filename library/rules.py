"""The library's rules that are not a model's own: who may see what a listing shows of a
resource (``restriction_label``), and the guards that keep a video or an interview
without transcript from going live however an editor publishes it (the page editor, bulk
publishing). The rules on a single resource are ``ResourcePage.content_errors`` and
``ResourcePage.publishing_errors``."""

from django.contrib import messages
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.models import BaseViewRestriction, PageViewRestriction

from portal.caching.pages import cached_value

from .models import ResourcePage

MEMBERS_ONLY = gettext_lazy("Für Mitglieder")
SIGNED_IN_ONLY = gettext_lazy("Nach Anmeldung")

# --- Privacy ----------------------------------------------------------------------------


def _restrictions():
    return list(PageViewRestriction.objects.values_list("page__path", "restriction_type"))


def view_restrictions():
    """``[(tree path, restriction type)]`` of every page restriction, read once per cache
    generation (every privacy change starts a new one)."""
    return cached_value("library-restrictions", compute=_restrictions)


DOCUMENT_FIELDS = ("video_file", "captions", "document")


def document_pages():
    """``(document id, page id)`` for every document a live resource shows (hook
    ``portal_document_pages``: a members-only resource makes its files members-only,
    whatever their collection; ``portal.document_privacy``)."""
    pairs = []
    columns = [f"{name}_id" for name in DOCUMENT_FIELDS]
    for page_id, *document_ids in ResourcePage.objects.live().values_list("pk", *columns):
        pairs.extend((document_id, page_id) for document_id in document_ids if document_id)
    return pairs


def restriction_of(page, restrictions):
    """The strictest restriction type that applies to ``page`` (its own or an ancestor's),
    or ``None`` for a public page. Password beats groups beats login."""
    kinds = {kind for path, kind in restrictions if page.path.startswith(path)}
    for kind in (
        BaseViewRestriction.PASSWORD,
        BaseViewRestriction.GROUPS,
        BaseViewRestriction.LOGIN,
    ):
        if kind in kinds:
            return kind
    return None


def restriction_label(kind):
    """What the listing says of a restricted resource, the same for every reader: "Für
    Mitglieder" (the club's privacy setting) or "Nach Anmeldung"; ``None`` when public."""
    if kind is None:
        return None
    return SIGNED_IN_ONLY if kind == BaseViewRestriction.LOGIN else MEMBERS_ONLY


# --- Publishing ---------------------------------------------------------------------------

REFUSED = _  # marker for the message below (translated per request)


def _refusal_message(titles):
    return _(
        "Nicht veröffentlicht: Videos und Interviews brauchen ein Transkript (%(titles)s)."
    ) % {"titles": ", ".join(f"„{title}“" for title in titles)}


def untranscribed(pages):
    """The titles of the resources among ``pages`` (as they would be published) that may
    not go live for want of a transcript."""
    titles = []
    for page in pages:
        if isinstance(page, ResourcePage) and page.publishing_errors():
            titles.append(page.title)
    return titles


def refuse_untranscribed_publishing(request, page):
    """``before_publish_page``: the editor's form already says so on the transcript
    field; this is the guard for any other way into Wagtail's publish action."""
    page = page.specific if not isinstance(page, ResourcePage) else page
    titles = untranscribed([page])
    if not titles:
        return None
    messages.error(request, _refusal_message(titles))
    return redirect("wagtailadmin_pages:edit", page.pk)


def _latest_versions(pages):
    for page in pages:
        page = page.specific
        if isinstance(page, ResourcePage):
            yield page.get_latest_revision_as_object()
        # Publishing "with its subpages" publishes the drafts below the page as well.
        for draft in ResourcePage.objects.descendant_of(page).not_live():
            yield draft.get_latest_revision_as_object()


def refuse_untranscribed_bulk_publishing(request, action_type, objects, action):
    """``before_bulk_action``: bulk publishing refuses the whole selection when it holds
    a video or an interview without transcript (nothing is published)."""
    if action_type != "publish":
        return None
    titles = untranscribed(_latest_versions(objects))
    if not titles:
        return None
    messages.error(request, _refusal_message(titles))
    return redirect(action.next_url)

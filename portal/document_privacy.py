"""Documents are as private as the pages that show them.

Wagtail guards a document by its *collection*'s privacy. A members-only page of the
knowledge library may still show slides, a video or captions from an open collection, and
then anyone with the document's address (or the site search's document list) could fetch
what only members may see. So every app whose pages show documents says which documents
each of its live pages uses (hook ``portal_document_pages``: ``fn()`` returns pairs
``(document id, page id)``), and

* ``/documents/<id>/<name>`` (``document_refusal``, Wagtail's ``before_serve_document``
  hook) serves a document that live pages use only to a reader who may open at least one
  of those pages: guests are sent to sign in, signed-in readers without the right get 403;
  a document that an open page shows, or that no live page uses, is left to its
  collection's privacy as before;
* the site search (``search.visibility.Visibility.documents_q``) leaves out documents whose
  every page is hidden from the reader.

The pairs are read once per cache generation (publishing, privacy and documents all start a
new one); they are ids only.
"""

from django.core.exceptions import PermissionDenied
from wagtail import hooks
from wagtail.models import Page

from portal.caching.pages import cached_value


def _document_pages():
    pages = {}
    for fn in hooks.get_hooks("portal_document_pages"):
        for document_id, page_id in fn():
            pages.setdefault(document_id, set()).add(page_id)
    return pages


def document_pages():
    """``{document id: {ids of the live pages that show it}}``."""
    return cached_value("document-pages", compute=_document_pages)


def document_refusal(document, request):
    """``None`` when ``request`` may fetch ``document`` as far as the pages that show it are
    concerned, else the answer: a sign-in redirect for guests, 403 for others."""
    from wagtail.wagtail_hooks import require_wagtail_login

    page_ids = document_pages().get(document.pk)
    if not page_ids:
        return None
    for page in Page.objects.filter(pk__in=page_ids).specific(defer=True):
        if all(r.accept_request(request) for r in page.get_view_restrictions()):
            return None
    if not request.user.is_authenticated:
        return require_wagtail_login(next=request.get_full_path())
    raise PermissionDenied

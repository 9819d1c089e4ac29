"""Upload limits, enforced while the request body comes in.

Django reads a multipart body completely (files into memory or a temporary file) before a
form can say that a file is too large. ``UploadLimitHandler``, first in
``FILE_UPLOAD_HANDLERS``, refuses a body whose ``Content-Length`` is over the limit for its
path before reading a byte, and stops reading a file as soon as it passes the limit.
``UploadLimitMiddleware`` (before the CSRF middleware, the first to read a form) turns the
refusal into a 413 page in the reader's language.

Limits (settings): files in the admin ``WAGTAILDOCS_MAX_UPLOAD_SIZE`` (documents), files
everywhere else ``WAGTAILIMAGES_MAX_UPLOAD_SIZE`` (photos); a whole body may carry
``UPLOAD_FORM_FIELDS_ALLOWANCE`` more for the form's other fields. Form fields on their own
stay within ``DATA_UPLOAD_MAX_MEMORY_SIZE`` (Django).
"""

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.core.files.uploadhandler import FileUploadHandler
from django.shortcuts import render

ADMIN_PREFIXES = ("/admin/", "/django-admin/")


class UploadTooLarge(RequestDataTooBig):
    """A body or file over the limit (a ``SuspiciousOperation``, so never a 500)."""

    def __init__(self, limit):
        super().__init__(f"Upload larger than {limit} bytes.")
        self.limit = limit


def file_size_limit(path):
    """The largest file a request to ``path`` may carry."""
    if path.startswith(ADMIN_PREFIXES):
        return settings.WAGTAILDOCS_MAX_UPLOAD_SIZE
    return settings.WAGTAILIMAGES_MAX_UPLOAD_SIZE


def body_size_limit(path):
    """The largest multipart body for ``path``: one file and the form around it."""
    return file_size_limit(path) + settings.UPLOAD_FORM_FIELDS_ALLOWANCE


class UploadLimitHandler(FileUploadHandler):
    def handle_raw_input(self, input_data, META, content_length, boundary, encoding=None):
        path = self.request.path_info
        self.file_limit = file_size_limit(path)
        self.body_limit = body_size_limit(path)
        self.files_received = 0
        if content_length > self.body_limit:
            raise UploadTooLarge(self.file_limit)

    def receive_data_chunk(self, raw_data, start):
        self.files_received += len(raw_data)
        if start + len(raw_data) > self.file_limit or self.files_received > self.body_limit:
            raise UploadTooLarge(self.file_limit)
        return raw_data

    def file_complete(self, file_size):
        return None  # the next handlers keep the file


def too_large(request, limit, per_file=True):
    megabytes = max(1, round(limit / (1024 * 1024)))
    return render(request, "413.html", {"limit_mb": megabytes, "per_file": per_file}, status=413)


class UploadLimitMiddleware:
    """Reads a posted form before anything else does and answers 413 when it is too large
    (Django's own limit for form fields included)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if request.method != "POST" or request.content_type not in (
            "multipart/form-data",
            "application/x-www-form-urlencoded",
        ):
            return None
        try:
            request.POST  # noqa: B018 - parses the body through the upload handlers
        except UploadTooLarge as error:
            return too_large(request, error.limit)
        except RequestDataTooBig:
            return too_large(request, settings.DATA_UPLOAD_MAX_MEMORY_SIZE, per_file=False)
        return None

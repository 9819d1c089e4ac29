"""Serving uploaded files: public images at ``/media/``, unapproved images at
``/private-media/`` (see ``portal.storage`` for which file lives where)."""

import os
import posixpath
import re
from importlib import import_module

from django.conf import settings
from django.http import FileResponse, Http404
from django.utils.cache import patch_cache_control
from django.views.static import serve
from wagtail.images import get_image_model
from wagtail.images.utils import get_allowed_image_extensions
from wagtail.utils import sendfile_streaming_backend
from wagtail.utils.sendfile import sendfile

from portal.storage import ORIGINALS_FOLDER, RENDITIONS_FOLDER, is_unapproved_name
from portal.unapproved_images import may_view

IMAGE_PATH = re.compile(rf"^(?:{ORIGINALS_FOLDER}|{RENDITIONS_FOLDER})/[^/\\]+$")


def is_image_path(path):
    """An original or a rendition in one of the image formats the portal accepts (no SVG)."""
    if not IMAGE_PATH.match(path):
        return False
    extension = posixpath.splitext(path)[1].lower().lstrip(".")
    return extension in set(get_allowed_image_extensions()) - {"svg"}


def is_public_image_path(path):
    """What ``/media/`` serves: approved images and their renditions, nothing else that may
    lie in MEDIA_ROOT."""
    return is_image_path(path) and not is_unapproved_name(path)


def serve_public_media(request, path):
    """``/media/`` when Django serves it (``SERVE_MEDIA``): images only."""
    if not is_public_image_path(path):
        raise Http404
    return serve(request, path, document_root=settings.MEDIA_ROOT)


def _image_of_file(name):
    Image = get_image_model()
    image = Image.objects.filter(file=name).first()
    if image is None:
        rendition = (
            Image.get_rendition_model().objects.filter(file=name).select_related("image").first()
        )
        image = rendition.image if rendition is not None else None
    return image


def send_private_file(request, storage, name, content_type=None):
    """The file through the configured sendfile backend (``X-Accel-Redirect`` behind nginx),
    or streamed by Django."""
    try:
        local_path = storage.path(name)
    except NotImplementedError:
        local_path = None
    if local_path is None or not os.path.exists(local_path):  # storages without files
        return FileResponse(storage.open(name), content_type=content_type)
    backend = getattr(settings, "SENDFILE_BACKEND", None)
    return sendfile(
        request,
        local_path,
        mimetype=content_type,
        backend=import_module(backend).sendfile if backend else sendfile_streaming_backend.sendfile,
    )


def serve_private_media(request, name):
    """An unapproved image (original or rendition) for its uploader and for editors; 404 for
    everyone else and for every other file (documents go through ``/documents/``)."""
    if not (is_image_path(name) and is_unapproved_name(name)):
        raise Http404
    image = _image_of_file(name)
    if image is None or not may_view(request.user, image):
        raise Http404
    storage = image.file.storage
    if not storage.exists(name):
        raise Http404
    response = send_private_file(request, storage, name)
    patch_cache_control(response, private=True, no_store=True)
    return response

"""Where uploaded files live, and which of them are public.

Two roots (settings ``MEDIA_ROOT`` and ``PRIVATE_MEDIA_ROOT``, never one inside the other):

* ``MEDIA_ROOT`` holds what every reader may fetch at ``MEDIA_URL``: approved images
  (``original_images/``) and their renditions (``images/``). Django's ``/media/`` view or the
  reverse proxy serve it without asking who wants it.
* ``PRIVATE_MEDIA_ROOT`` holds Wagtail documents (``documents/``) and images that wait for an
  editor's approval (base names starting with ``UNAPPROVED_PREFIX``, originals and their
  renditions alike). Nothing serves that root directly: documents leave through Wagtail's
  document view (collection privacy), unapproved images through ``portal.media_views``
  (the uploader and editors); both hand the file to the proxy with ``X-Accel-Redirect`` when
  ``PRIVATE_MEDIA_SERVE`` says so.

``PortalFileStorage`` is the default storage and routes each name to its root, so Wagtail's
own models (documents, images, renditions) need no change.

With ``MEDIA_STORAGE=s3`` (several application servers, none keeping files of its own)
``PortalS3Storage`` routes the same names to two buckets of S3-compatible object storage
instead: a public one whose objects every reader may fetch by URL (bucket policy or CDN;
unsigned, stable URLs, so cached pages stay valid) and a private one that nobody can read
without credentials. The private bucket's objects leave only through the same views as
above, which stream them after the permission check; ``url()`` of a private name is that
view's address, never a bucket URL or a signed one.
"""

import posixpath

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.files.storage import FileSystemStorage, Storage
from django.urls import reverse
from django.utils.deconstruct import deconstructible

# Wagtail's folders: documents, original images, renditions.
DOCUMENTS_FOLDER = "documents"
ORIGINALS_FOLDER = "original_images"
RENDITIONS_FOLDER = "images"

# The base name of a file that waits for approval starts with this; the renditions Wagtail
# makes of it keep the prefix (their names start with the original's base name, cut to
# length from the end), so they are private too. Ordinary uploads never get it (see
# PortalFileStorage.generate_filename).
UNAPPROVED_PREFIX = "unapproved-"


def is_unapproved_name(name):
    """True for an image (original or rendition) that waits for approval."""
    return posixpath.basename(str(name).replace("\\", "/")).startswith(UNAPPROVED_PREFIX)


def is_private_name(name):
    """True for every file that must never be served from ``MEDIA_ROOT``."""
    name = str(name).replace("\\", "/").lstrip("/")
    in_documents = name == DOCUMENTS_FOLDER or name.startswith(f"{DOCUMENTS_FOLDER}/")
    return in_documents or is_unapproved_name(name)


def private_media_url(name):
    """Where an unapproved image is fetched (the view checks who asks)."""
    return reverse("private_media", kwargs={"name": str(name).replace("\\", "/")})


class RoutingStorage(Storage):
    """Sends every name to ``public_storage`` or ``private_storage``, as ``is_private_name``
    says; subclasses provide the two."""

    public_storage = None
    private_storage = None

    def storage_for(self, name):
        return self.private_storage if is_private_name(name) else self.public_storage

    def _open(self, name, mode="rb"):
        return self.storage_for(name)._open(name, mode)

    def _save(self, name, content):
        return self.storage_for(name)._save(name, content)

    def delete(self, name):
        return self.storage_for(name).delete(name)

    def exists(self, name):
        return self.storage_for(name).exists(name)

    def listdir(self, path):
        return self.storage_for(path).listdir(path)

    def size(self, name):
        return self.storage_for(name).size(name)

    def path(self, name):
        return self.storage_for(name).path(name)

    def url(self, name):
        if is_private_name(name):
            return private_media_url(name)
        return self.public_storage.url(name)

    def get_accessed_time(self, name):
        return self.storage_for(name).get_accessed_time(name)

    def get_created_time(self, name):
        return self.storage_for(name).get_created_time(name)

    def get_modified_time(self, name):
        return self.storage_for(name).get_modified_time(name)

    def generate_filename(self, filename):
        """Names for files saved through a model field. Only renditions may start with
        ``UNAPPROVED_PREFIX`` (inherited from their unapproved original); an ordinary upload
        called ``unapproved-....jpg`` loses the prefix and stays public."""
        name = super().generate_filename(filename).replace("\\", "/")
        folder, base = posixpath.split(name)
        if folder != RENDITIONS_FOLDER:
            while base.startswith(UNAPPROVED_PREFIX):
                base = base[len(UNAPPROVED_PREFIX) :]
            name = posixpath.join(folder, base or "file")
        return name


@deconstructible(path="portal.storage.PortalFileStorage")
class PortalFileStorage(RoutingStorage):
    """The default storage: two file system storages, one per root, and every name goes to
    the one ``is_private_name`` says. Arguments default to the settings, as Django's
    ``FileSystemStorage`` does (and follow them when tests change them)."""

    def __init__(self, location=None, base_url=None, private_location=None):
        self._location = location
        self._base_url = base_url
        self._private_location = private_location
        self.public_storage = FileSystemStorage(location=location, base_url=base_url)

    @property
    def private_storage(self):
        return FileSystemStorage(
            location=self._private_location or settings.PRIVATE_MEDIA_ROOT, base_url=None
        )

    @property
    def location(self):
        return self.public_storage.location

    @property
    def private_location(self):
        return self.private_storage.location


# Larger objects read from a bucket (a document being streamed, an original being resized)
# go to a temporary file instead of memory.
S3_MAX_MEMORY_SIZE = 2 * 1024 * 1024


@deconstructible(path="portal.storage.PortalS3Storage")
class PortalS3Storage(RoutingStorage):
    """Two buckets of S3-compatible object storage (django-storages), one per kind of file.

    Only where the buckets are and how to reach them is configurable (the settings build the
    arguments from ``AWS_*`` environment variables; credentials come from the environment or
    the machine's role as boto3 finds them). What keeps private files private is fixed here,
    whatever global ``AWS_*`` settings say: the private bucket gets no ACL, no custom domain
    and no object parameters of the public one, and its URLs are never handed out.
    Objects are never overwritten: a second upload of ``rathaus.jpg`` gets a name of its own.
    """

    def __init__(
        self,
        public_bucket,
        private_bucket,
        *,
        endpoint_url=None,
        region_name=None,
        addressing_style=None,
        custom_domain=None,
        url_protocol="https:",
        public_cache_control="max-age=2592000",
        access_key=None,
        secret_key=None,
    ):
        # Only with MEDIA_STORAGE=s3: django-storages and boto3 are needed for it alone.
        from storages.backends.s3 import S3Storage

        if not public_bucket or not private_bucket:
            raise ImproperlyConfigured(
                "MEDIA_STORAGE=s3 needs AWS_STORAGE_BUCKET_NAME (public files) and "
                "AWS_PRIVATE_STORAGE_BUCKET_NAME (documents, images awaiting approval)."
            )
        if public_bucket == private_bucket:
            raise ImproperlyConfigured(
                "AWS_PRIVATE_STORAGE_BUCKET_NAME must name another bucket than "
                "AWS_STORAGE_BUCKET_NAME: every reader may fetch the public bucket's files."
            )
        connection = {
            "endpoint_url": endpoint_url or None,
            "region_name": region_name or None,
            "addressing_style": addressing_style or None,
            "signature_version": "s3v4",
            "access_key": access_key or None,
            "secret_key": secret_key or None,
            "file_overwrite": False,
            "location": "",
            "max_memory_size": S3_MAX_MEMORY_SIZE,
            "gzip": False,
        }
        self.public_storage = S3Storage(
            **connection,
            bucket_name=public_bucket,
            # Stable URLs without a signature: pages that show images are cached.
            querystring_auth=False,
            custom_domain=custom_domain or None,
            url_protocol=url_protocol,
            default_acl=None,  # readable through the bucket's policy (README: Deployment)
            object_parameters={"CacheControl": public_cache_control}
            if public_cache_control
            else {},
        )
        self.private_storage = S3Storage(
            **connection,
            bucket_name=private_bucket,
            querystring_auth=True,
            querystring_expire=60,
            custom_domain=None,
            cloudfront_key_id=None,
            cloudfront_key=None,
            default_acl=None,
            object_parameters={},
        )

"""Settings shared by every environment.

Everything that differs between machines comes from environment variables (see
``.env.example``); the defaults here are safe for development. ``dev``, ``test`` and
``production`` build on this module.
"""

from pathlib import Path
from urllib.parse import urlsplit

import environ
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

PROJECT_DIR = Path(__file__).resolve().parent.parent
BASE_DIR = PROJECT_DIR.parent

env = environ.Env()

# --- Core -------------------------------------------------------------------------------

DEBUG = env.bool("DEBUG", default=False)
# Development-only default; production.py refuses to start without a real one.
SECRET_KEY = env("SECRET_KEY", default="dev-only-insecure-key-do-not-use-in-production")
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["localhost", "127.0.0.1", "[::1]"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

# Which environment this process runs in; development-only commands check it.
PORTAL_ENVIRONMENT = "base"

INSTALLED_APPS = [
    # Project apps first so their templates and translations win.
    "portal",
    "home",
    "blog",
    "events",
    "community",
    "subscriptions",
    "experts",
    "ideas",
    "library",
    "matchmaking",
    "workinggroups",
    "search",
    "demo",  # demo content and bulk seeding, apart from the product apps
    # Wagtail and its contrib modules
    "wagtail_localize",
    "wagtail_localize.locales",  # replaces wagtail.locales
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.contrib.sitemaps",
    "wagtail.contrib.routable_page",
    "wagtail.contrib.search_promotions",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    # Background tasks: e-mails, search index updates (django-tasks with a database queue)
    "django_tasks",
    "django_tasks_db",
    # Comments (blog)
    "django_comments_xtd",
    "django_comments",
    # Accounts (community)
    "allauth",
    "allauth.account",
    # Django
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django.contrib.sites",
    "django.forms",  # its widget templates, for the form renderer below
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django_permissions_policy.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    # Before any view queries the database with a value from the address.
    "portal.request_guard.RejectNulCharactersMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    # Below the language and CSRF middleware (the cache key has the language; every cache
    # hit with a form gets the reader's own token), above everything a cache hit can skip:
    # cached pages are only for readers without a session, and the headers that the
    # middleware below adds (CSP, X-Frame-Options) are stored with the page. Whether a
    # response may be stored is decided on its way back, when authentication and messages
    # have run.
    "portal.caching.pages.AnonymousPageCacheMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    # Wagtail's previews (shown in a frame of the admin) may be framed by the portal itself.
    "portal.preview_framing.AllowPreviewFramingMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
]

ROOT_URLCONF = "portal.urls"
WSGI_APPLICATION = "portal.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PROJECT_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
                "portal.context_processors.portal",
                "portal.caching.fragments.fragment_context",
            ],
        },
    },
]

# Every field of the site renders with one template (label with required marker, help text,
# errors tied to the field): components/form_field.html.
FORM_RENDERER = "portal.forms.PortalFormRenderer"

# --- Database ---------------------------------------------------------------------------

# DATABASE_URL, e.g. postgres://user:pass@host:5432/portal; default: a SQLite file here.
DATABASES = {
    "default": env.db_url("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
}
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=0)
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Wait for a write lock instead of failing at once when two requests write together.
    DATABASES["default"].setdefault("OPTIONS", {})["timeout"] = 20

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Accounts ---------------------------------------------------------------------------

AUTH_USER_MODEL = "community.User"
AUTHENTICATION_BACKENDS = [
    # Django's and allauth's, loading a signed-in person's club membership with the user
    # row (one query less on every signed-in request that asks for it).
    "portal.auth_backends.ModelBackend",
    "portal.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "/"

# django-allauth: e-mail is the login, there is no username.
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_UNIQUE_EMAIL = True

SITE_ID = 1

# The Django group whose users are club members (granted by editors; see portal.membership).
PORTAL_MEMBERS_GROUP = "Mitglieder"

# --- Internationalisation ---------------------------------------------------------------

LANGUAGE_CODE = "de"
LANGUAGES = [
    ("de", _("Deutsch")),
    ("en", _("Englisch")),
]
# Names shown in the language switcher, always in their own language.
LANGUAGE_NATIVE_NAMES = {"de": "Deutsch", "en": "English"}
WAGTAIL_I18N_ENABLED = True
WAGTAIL_CONTENT_LANGUAGES = LANGUAGES
# "Translate this page" (wagtail-localize) creates the translation as a draft: it goes live
# only when an editor publishes it translated. The library's default publishes a copy of a
# live source at once, with the German text under /en/.
WAGTAILLOCALIZE_SYNC_LIVE_STATUS_ON_TRANSLATE = False
TIME_ZONE = "Europe/Berlin"
USE_I18N = True
USE_TZ = True
# The second: django-allauth's texts in German with "Sie" (allauth's own catalogue says "du");
# catalogues here win over every app's.
LOCALE_PATHS = [PROJECT_DIR / "locale", BASE_DIR / "community" / "locale_allauth"]

# --- Static and media files -------------------------------------------------------------

STATICFILES_FINDERS = [
    "django.contrib.staticfiles.finders.FileSystemFinder",
    "django.contrib.staticfiles.finders.AppDirectoriesFinder",
]
STATICFILES_DIRS = [PROJECT_DIR / "static"]
STATIC_ROOT = env.path("STATIC_ROOT", default=str(BASE_DIR / "static_collected"))
STATIC_URL = "/static/"
# Where uploaded files live: "filesystem" (MEDIA_ROOT and PRIVATE_MEDIA_ROOT below, on this
# host) or "s3" (two buckets of S3-compatible object storage, shared by every application
# server; see "Object storage" below and portal.storage).
MEDIA_STORAGE = env("MEDIA_STORAGE", default="filesystem").lower()
if MEDIA_STORAGE not in ("filesystem", "s3"):
    from django.core.exceptions import ImproperlyConfigured

    raise ImproperlyConfigured("MEDIA_STORAGE must be one of filesystem, s3.")
# Public files: approved images and their renditions, served at MEDIA_URL to everyone.
MEDIA_ROOT = env.path("MEDIA_ROOT", default=str(BASE_DIR / "media"))
MEDIA_URL = "/media/"
# Serve MEDIA_URL from Django (images and their renditions only). Set false when the reverse
# proxy serves them itself, which is faster (README: Deployment). With object storage the
# images have the bucket's URLs and nothing is served at MEDIA_URL.
SERVE_MEDIA = env.bool("SERVE_MEDIA", default=MEDIA_STORAGE == "filesystem")
# Private files: documents and images waiting for approval (portal.storage). They leave only
# through views that check who asks (Wagtail's document view, /private-media/), so this must
# not lie inside MEDIA_ROOT or anything else a web server serves. Default: beside MEDIA_ROOT.
PRIVATE_MEDIA_ROOT = env.path(
    "PRIVATE_MEDIA_ROOT", default=str(Path(str(MEDIA_ROOT)).parent / "private_media")
)
if Path(str(PRIVATE_MEDIA_ROOT)).resolve().is_relative_to(Path(str(MEDIA_ROOT)).resolve()):
    from django.core.exceptions import ImproperlyConfigured

    raise ImproperlyConfigured("PRIVATE_MEDIA_ROOT must not lie inside MEDIA_ROOT.")
# How a private file leaves once the view has checked the reader: "django" streams it;
# "nginx" answers with X-Accel-Redirect to PRIVATE_MEDIA_INTERNAL_URL, an `internal` proxy
# location for PRIVATE_MEDIA_ROOT; "apache" with X-Sendfile (django-sendfile2 backends).
PRIVATE_MEDIA_SERVE = env("PRIVATE_MEDIA_SERVE", default="django").lower()
PRIVATE_MEDIA_INTERNAL_URL = env("PRIVATE_MEDIA_INTERNAL_URL", default="/internal/private-media/")
_SENDFILE_BACKENDS = {
    "nginx": "django_sendfile.backends.nginx",
    "apache": "django_sendfile.backends.xsendfile",
}
if PRIVATE_MEDIA_SERVE in _SENDFILE_BACKENDS:
    SENDFILE_BACKEND = _SENDFILE_BACKENDS[PRIVATE_MEDIA_SERVE]
    SENDFILE_ROOT = str(PRIVATE_MEDIA_ROOT)
    SENDFILE_URL = PRIVATE_MEDIA_INTERNAL_URL.rstrip("/")
elif PRIVATE_MEDIA_SERVE != "django":
    from django.core.exceptions import ImproperlyConfigured

    raise ImproperlyConfigured("PRIVATE_MEDIA_SERVE must be one of django, nginx, apache.")
if MEDIA_STORAGE == "s3" and PRIVATE_MEDIA_SERVE != "django":
    from django.core.exceptions import ImproperlyConfigured

    raise ImproperlyConfigured(
        "With MEDIA_STORAGE=s3 private files are streamed by Django (PRIVATE_MEDIA_SERVE="
        "django): the proxy has no files to send."
    )
# Documents never redirect to a file URL: Wagtail's view checks the collection's privacy.
WAGTAILDOCS_SERVE_METHOD = "serve_view"

STORAGES = {
    "default": {"BACKEND": "portal.storage.PortalFileStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# Object storage (MEDIA_STORAGE=s3, django-storages): approved images and renditions in
# AWS_STORAGE_BUCKET_NAME, which readers fetch directly (a bucket policy allows GetObject to
# everyone, or a CDN at AWS_S3_CUSTOM_DOMAIN serves it); documents and images awaiting
# approval in AWS_PRIVATE_STORAGE_BUCKET_NAME, readable with the portal's credentials only
# and streamed by the portal after its permission check. Credentials: AWS_ACCESS_KEY_ID and
# AWS_SECRET_ACCESS_KEY, or whatever boto3 finds (instance role, profile). An S3-compatible
# server (MinIO, Ceph, a provider's) is named by AWS_S3_ENDPOINT_URL and addressed by path
# (https://host/bucket/key) unless AWS_S3_ADDRESSING_STYLE says "virtual".
MEDIA_PUBLIC_ORIGINS = []  # where readers' browsers fetch images from (CSP img-src)
if MEDIA_STORAGE == "s3":
    from urllib.parse import urlsplit

    AWS_S3_ENDPOINT_URL = env("AWS_S3_ENDPOINT_URL", default="")
    AWS_S3_REGION_NAME = env("AWS_S3_REGION_NAME", default="")
    AWS_S3_ADDRESSING_STYLE = env(
        "AWS_S3_ADDRESSING_STYLE", default="path" if AWS_S3_ENDPOINT_URL else "virtual"
    ).lower()
    AWS_S3_CUSTOM_DOMAIN = env("AWS_S3_CUSTOM_DOMAIN", default="")
    AWS_S3_URL_PROTOCOL = env("AWS_S3_URL_PROTOCOL", default="https:")
    _public_bucket = env("AWS_STORAGE_BUCKET_NAME", default="")
    STORAGES["default"] = {
        "BACKEND": "portal.storage.PortalS3Storage",
        "OPTIONS": {
            "public_bucket": _public_bucket,
            "private_bucket": env("AWS_PRIVATE_STORAGE_BUCKET_NAME", default=""),
            "endpoint_url": AWS_S3_ENDPOINT_URL,
            "region_name": AWS_S3_REGION_NAME,
            "addressing_style": AWS_S3_ADDRESSING_STYLE,
            "custom_domain": AWS_S3_CUSTOM_DOMAIN,
            "url_protocol": AWS_S3_URL_PROTOCOL,
        },
    }
    if not _public_bucket or not STORAGES["default"]["OPTIONS"]["private_bucket"]:
        from django.core.exceptions import ImproperlyConfigured

        raise ImproperlyConfigured(
            "MEDIA_STORAGE=s3 needs AWS_STORAGE_BUCKET_NAME (public files) and "
            "AWS_PRIVATE_STORAGE_BUCKET_NAME (documents, images awaiting approval)."
        )
    if AWS_S3_CUSTOM_DOMAIN:
        MEDIA_PUBLIC_ORIGINS = [f"{AWS_S3_URL_PROTOCOL}//{AWS_S3_CUSTOM_DOMAIN.split('/')[0]}"]
    elif AWS_S3_ENDPOINT_URL:
        _endpoint = urlsplit(AWS_S3_ENDPOINT_URL)
        _host = _endpoint.netloc
        if AWS_S3_ADDRESSING_STYLE == "virtual":
            _host = f"{_public_bucket}.{_host}"
        MEDIA_PUBLIC_ORIGINS = [f"{_endpoint.scheme}://{_host}"]
    else:
        MEDIA_PUBLIC_ORIGINS = [f"https://{_public_bucket}.s3.amazonaws.com"]
        if AWS_S3_REGION_NAME:
            MEDIA_PUBLIC_ORIGINS.append(
                f"https://{_public_bucket}.s3.{AWS_S3_REGION_NAME}.amazonaws.com"
            )

# Upload limits: requests, images and documents. portal.uploads enforces the file limits
# while the body comes in (413 page): documents in the admin, images on the public forms,
# plus UPLOAD_FORM_FIELDS_ALLOWANCE for the other fields of the form.
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000  # the page editor posts many fields
WAGTAILIMAGES_MAX_UPLOAD_SIZE = 10 * 1024 * 1024
WAGTAILIMAGES_MAX_IMAGE_PIXELS = 40_000_000
WAGTAILDOCS_MAX_UPLOAD_SIZE = 20 * 1024 * 1024
UPLOAD_FORM_FIELDS_ALLOWANCE = 1024 * 1024
FILE_UPLOAD_HANDLERS = [
    "portal.uploads.UploadLimitHandler",
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "django.core.files.uploadhandler.TemporaryFileUploadHandler",
]
MIDDLEWARE.insert(
    MIDDLEWARE.index("django.middleware.csrf.CsrfViewMiddleware"),
    "portal.uploads.UploadLimitMiddleware",
)
# mp4/webm: videos of the knowledge library; vtt: their captions (WebVTT).
WAGTAILDOCS_EXTENSIONS = [
    "csv",
    "docx",
    "mp4",
    "odp",
    "ods",
    "odt",
    "pdf",
    "pptx",
    "txt",
    "vtt",
    "webm",
    "xlsx",
    "zip",
]

# --- Cache ------------------------------------------------------------------------------

# Redis (REDIS_URL, e.g. redis://127.0.0.1:6379/0) is required in production: the page
# cache, its generation and the rate limits are shared by every process and server. Without
# it (development, tests) each process has a local-memory cache of its own.
REDIS_URL = env("REDIS_URL", default="")
# A Redis that is down or hanging is a cache miss, never an error (portal.caching.backends):
# a request waits at most REDIS_TIMEOUT seconds for it, then the process leaves it alone
# for REDIS_RETRY_AFTER seconds and renders pages uncached.
REDIS_TIMEOUT = env.float("REDIS_TIMEOUT", default=0.5)
REDIS_RETRY_AFTER = env.float("REDIS_RETRY_AFTER", default=5)
# django-ratelimit's keys (its default prefix, named here for the list below).
RATELIMIT_CACHE_PREFIX = "rl:"
# While Redis is down these keys live in each process's memory instead of nowhere: rate
# limits (django-ratelimit, allauth's sign-in and sign-up limits) keep counting, per
# process, and the search page keeps remembering that its engine is down.
CACHE_OUTAGE_LOCAL_KEY_PREFIXES = (RATELIMIT_CACHE_PREFIX, "allauth:rl:", "search:engine-down:")
# `make run` and the tests: one visit of every page of the demo portal in both languages
# writes about 1,040 entries with the page cache on (940 without; 2 MB): room for the
# current cache generation and a few older ones, which go first (least recently used) when
# the cache is full. Django's default of 300 entries evicted pages before they were read
# again (tests/portal/test_local_memory_cache.py).
LOCAL_MEMORY_CACHE = {
    "BACKEND": "portal.caching.backends.PortalLocMemCache",
    "LOCATION": "portal",
    "TIMEOUT": 600,
    "OPTIONS": {"MAX_ENTRIES": 5_000},
}
REDIS_CACHE_OPTIONS = {
    "socket_timeout": REDIS_TIMEOUT,
    "socket_connect_timeout": REDIS_TIMEOUT,
    "RETRY_AFTER": REDIS_RETRY_AFTER,
    "OUTAGE_LOCAL_KEY_PREFIXES": CACHE_OUTAGE_LOCAL_KEY_PREFIXES,
}
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "portal.caching.backends.ResilientRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": env("CACHE_KEY_PREFIX", default="portal"),
            "TIMEOUT": 600,
            "OPTIONS": REDIS_CACHE_OPTIONS,
        }
    }
else:
    CACHES = {"default": LOCAL_MEMORY_CACHE}

# Anonymous page views come from the cache for this long (published changes invalidate at once).
PAGE_CACHE_ENABLED = env.bool("PAGE_CACHE_ENABLED", default=True)
PAGE_CACHE_SECONDS = env.int("PAGE_CACHE_SECONDS", default=300)
# With the per-process local-memory cache (development), processes learn of a publish through
# this file (default: in the temporary directory, named after the database). Redis needs no
# file.
PAGE_CACHE_GENERATION_FILE = env("PAGE_CACHE_GENERATION_FILE", default="")

# --- Search -----------------------------------------------------------------------------

# SEARCH_BACKEND=database (default): Wagtail's database backend (SQLite FTS5 or PostgreSQL full
# text with the German configuration), matching word beginnings (search/backends/database.py);
# `make run` needs nothing else.
# SEARCH_BACKEND=elasticsearch / opensearch with SEARCH_URL: Elasticsearch 8 (elasticsearch
# client) or OpenSearch 3 (opensearch-py), through the search app's subclasses of Wagtail's
# backends (German and English analysers, highlighting, failure queue; see search/backends/).
# The database index is then kept current as well ("database" below): the search page answers
# from it when the engine is down or slow.
SEARCH_BACKEND = env("SEARCH_BACKEND", default="database").lower()
SEARCH_URL = env("SEARCH_URL", default="")
SEARCH_TIMEOUT = env.float("SEARCH_TIMEOUT", default=5)  # seconds per request to the engine
SEARCH_INDEX_PREFIX = env("SEARCH_INDEX_PREFIX", default="portal")
# After a failed request the search page skips the engine for this many seconds.
SEARCH_ENGINE_RETRY_AFTER = env.int("SEARCH_ENGINE_RETRY_AFTER", default=30)

_SEARCH_BACKEND_MODULES = {
    "database": "search.backends.database",
    "elasticsearch": "search.backends.elasticsearch8",
    "opensearch": "search.backends.opensearch3",
}
if SEARCH_BACKEND not in _SEARCH_BACKEND_MODULES:
    from django.core.exceptions import ImproperlyConfigured

    raise ImproperlyConfigured(
        f"SEARCH_BACKEND must be one of {', '.join(_SEARCH_BACKEND_MODULES)}, "
        f"not {SEARCH_BACKEND!r}."
    )
_DATABASE_SEARCH = {
    "BACKEND": _SEARCH_BACKEND_MODULES["database"],
    # PostgreSQL: German stemming and umlaut/ß folding (SQLite ignores this option).
    "SEARCH_CONFIG": "german",
}
if SEARCH_BACKEND == "database":
    WAGTAILSEARCH_BACKENDS = {"default": _DATABASE_SEARCH}
else:
    if not SEARCH_URL:
        from django.core.exceptions import ImproperlyConfigured

        raise ImproperlyConfigured(f"SEARCH_BACKEND={SEARCH_BACKEND} needs SEARCH_URL.")
    WAGTAILSEARCH_BACKENDS = {
        "default": {
            "BACKEND": _SEARCH_BACKEND_MODULES[SEARCH_BACKEND],
            "ALIAS": "default",
            "URLS": [SEARCH_URL],
            "INDEX_PREFIX": f"{SEARCH_INDEX_PREFIX}_",
            "TIMEOUT": SEARCH_TIMEOUT,
            "ATOMIC_REBUILD": True,
            "OPTIONS": {"max_retries": 1},
            "INDEX_SETTINGS": {},
        },
        # Updated by the same signals; the search page's fallback.
        "database": _DATABASE_SEARCH,
    }

# --- E-mail -----------------------------------------------------------------------------

# EMAIL_URL, e.g. smtp+tls://user:password@mail.example.org:587 ; default: print to console.
_email = env.email_url("EMAIL_URL", default="consolemail://")
# django-environ drops the leading "/" of filemail:///absolute/path; keep it absolute.
if env("EMAIL_URL", default="").startswith("filemail:///") and "EMAIL_FILE_PATH" in _email:
    _email["EMAIL_FILE_PATH"] = "/" + _email["EMAIL_FILE_PATH"].lstrip("/")
vars().update(_email)
DEFAULT_FROM_EMAIL = env(
    "DEFAULT_FROM_EMAIL", default="Kommunales Innovationsportal <noreply@localhost>"
)
SERVER_EMAIL = env("SERVER_EMAIL", default=DEFAULT_FROM_EMAIL)
EMAIL_TIMEOUT = env.int("EMAIL_TIMEOUT", default=10)
EMAIL_SUBJECT_PREFIX = "[Innovationsportal] "
# Days the outbox keeps an e-mail after it was sent (or finally failed); then
# `manage.py purge_outbox` deletes it (bodies hold names, addresses and personal links).
PORTAL_OUTBOX_RETENTION_DAYS = env.int("PORTAL_OUTBOX_RETENTION_DAYS", default=30)

# --- Background tasks -------------------------------------------------------------------

# "immediate": run tasks in the request (development, tests); "database": queue them in the
# database for the worker (`manage.py db_worker`), the production default.
TASK_BACKEND_CLASSES = {
    "immediate": "django_tasks.backends.immediate.ImmediateBackend",
    "database": "django_tasks_db.DatabaseBackend",
}


def task_settings(name):
    if name not in TASK_BACKEND_CLASSES:
        raise ImproperlyConfigured(
            f"TASKS_BACKEND must be one of {', '.join(TASK_BACKEND_CLASSES)}."
        )
    return {"default": {"BACKEND": TASK_BACKEND_CLASSES[name]}}


TASKS_BACKEND = env("TASKS_BACKEND", default="immediate").lower()
TASKS = task_settings(TASKS_BACKEND)

# Jobs of `manage.py run_periodic_jobs` (command name, interval in seconds). Commands that an
# installation does not have are skipped.
PORTAL_PERIODIC_JOBS = [
    ("send_queued_emails", 5 * 60),
    ("publish_scheduled", 60),
    ("send_event_reminders", 60 * 60),
    ("expire_registration_holds", 5 * 60),
    ("purge_registration_notes", 24 * 60 * 60),
    ("purge_outbox", 24 * 60 * 60),
    ("prune_db_task_results", 24 * 60 * 60),
    ("send_digests", 60 * 60),
    ("purge_unconfirmed_subscriptions", 24 * 60 * 60),
    ("send_filter_alerts", 24 * 60 * 60),
    ("purge_search_statistics", 24 * 60 * 60),
]

# --- Security headers (Content-Security-Policy via django-csp) ---------------------------

SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"

# Two-click video embeds load their player only after the reader asks for it; these are the
# only third-party origins a page may ever contact, and only then.
VIDEO_EMBED_ORIGINS = ["https://www.youtube-nocookie.com", "https://player.vimeo.com"]

from csp.constants import NONE, SELF  # noqa: E402

CONTENT_SECURITY_POLICY = {
    # The Wagtail admin relies on inline scripts; the public site does not.
    "EXCLUDE_URL_PREFIXES": ("/admin/", "/django-admin/"),
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:", *MEDIA_PUBLIC_ORIGINS],
        "font-src": [SELF],
        "connect-src": [SELF],
        "frame-src": VIDEO_EMBED_ORIGINS,
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    },
}
# django-permissions-policy: switch off browser features the portal never uses.
PERMISSIONS_POLICY = {
    "camera": [],
    "microphone": [],
    "geolocation": [],
    "payment": [],
    "usb": [],
    "browsing-topics": [],
    "fullscreen": ["self", *VIDEO_EMBED_ORIGINS],
}

# --- Wagtail ----------------------------------------------------------------------------

WAGTAIL_SITE_NAME = "Kommunales Innovationsportal"
# The portal's one public address (scheme, host, port; no path): every absolute link the portal
# writes - e-mails, feeds, sitemap, calendar files, "download my data", the admin's workflow
# e-mails - starts with it, whatever host a request came in on (portal.canonical). The
# default Site record follows it on every `migrate`. Default: the address of `make run`.
PORTAL_BASE_URL = env("PORTAL_BASE_URL", default="http://127.0.0.1:8000").strip().rstrip("/")


def _check_base_url(url):
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 - raises ValueError for a port that is no number
    except ValueError:
        parts = None
    if (
        parts is None
        or parts.scheme not in ("http", "https")
        or not parts.hostname
        or parts.username
        or parts.path
        or parts.query
        or parts.fragment
    ):
        raise ImproperlyConfigured(
            f"PORTAL_BASE_URL must be an http:// or https:// address without a path, "
            f"e.g. https://innovationsportal.example.org (got {url!r})."
        )


_check_base_url(PORTAL_BASE_URL)
WAGTAILADMIN_BASE_URL = PORTAL_BASE_URL  # the admin's e-mails use the same address
WAGTAIL_ENABLE_UPDATE_CHECK = False  # no calls home from the admin
# No avatars from Gravatar: the admin would send a hash of every editor's address to it.
WAGTAIL_GRAVATAR_PROVIDER_URL = None
WAGTAIL_MODERATION_ENABLED = True
# ASCII slugs with written-out umlauts (portal.slugs), never "über-uns".
WAGTAIL_ALLOW_UNICODE_SLUGS = False
# No autosave: on the "add page" form it creates the page (a draft holding its slug) as soon
# as an editor types, and an abandoned form would leave that draft behind.
WAGTAIL_AUTOSAVE_INTERVAL = 0
WAGTAILEMBEDS_RESPONSIVE_HTML = True
WAGTAILSEARCH_HITS_MAX_AGE = 30  # days of search query statistics kept for editors
# Days of the portal's search term statistics (with zero-result counts), see search.statistics.
SEARCH_STATISTICS_MAX_AGE = 90
WAGTAILIMAGES_FORMAT_CONVERSIONS = {"avif": "webp", "heic": "webp"}
WAGTAILADMIN_PERMITTED_LANGUAGES = [("de", "Deutsch"), ("en", "English")]

# --- Logging: everything to stdout, the process manager collects it ----------------------

LOG_LEVEL = env("LOG_LEVEL", default="INFO")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"},
    },
    "handlers": {
        "stdout": {
            "class": "logging.StreamHandler",
            "stream": "ext://sys.stdout",
            "formatter": "plain",
        },
    },
    "root": {"handlers": ["stdout"], "level": LOG_LEVEL},
    "loggers": {
        "django": {"handlers": ["stdout"], "level": LOG_LEVEL, "propagate": False},
        "django.request": {"handlers": ["stdout"], "level": "WARNING", "propagate": False},
        "wagtail": {"handlers": ["stdout"], "level": LOG_LEVEL, "propagate": False},
        "portal": {"handlers": ["stdout"], "level": LOG_LEVEL, "propagate": False},
        # One line per background task is noise at INFO.
        "django_tasks": {"handlers": ["stdout"], "level": "WARNING", "propagate": False},
    },
}

# --- Blog -------------------------------------------------------------------------------

# Comments are django-comments-xtd objects (threading, ordering); the blog's PortalComment
# subclass adds the moderation state. The blog's own views post, confirm and report comments
# and send every e-mail through the outbox (portal.mail), so xtd's URLs are not included.
COMMENTS_APP = "django_comments_xtd"
COMMENTS_XTD_MODEL = "blog.models.PortalComment"
# Upper bound for threading; editors choose the depth actually allowed (BlogSettings, 1-10).
COMMENTS_XTD_MAX_THREAD_LEVEL = 9
COMMENTS_XTD_LIST_ORDER = ("thread_id", "order")
COMMENTS_XTD_CONFIRM_EMAIL = True
COMMENTS_XTD_THREADED_EMAILS = False
COMMENTS_XTD_FROM_EMAIL = DEFAULT_FROM_EMAIL
COMMENTS_XTD_APP_MODEL_OPTIONS = {
    "default": {
        "who_can_post": "all",
        "allow_flagging": False,  # reports go through the blog's own "Beitrag melden"
        "allow_feedback": False,
        "show_feedback": False,
    }
}
# Characters per comment.
BLOG_COMMENT_MAX_LENGTH = env.int("BLOG_COMMENT_MAX_LENGTH", default=3000)
# Seconds a confirmation link stays valid (default three days); unconfirmed comments older
# than this are deleted by `manage.py purge_unconfirmed_comments`.
BLOG_COMMENT_CONFIRMATION_MAX_AGE = env.int(
    "BLOG_COMMENT_CONFIRMATION_MAX_AGE", default=3 * 24 * 60 * 60
)
# django-ratelimit rates (counted in the default cache): comments per IP address and per
# e-mail address, and reports per IP address.
BLOG_COMMENT_RATE = env("BLOG_COMMENT_RATE", default="5/10m")
BLOG_REPORT_RATE = env("BLOG_REPORT_RATE", default="20/h")
# The reader's address for every rate limit (portal.client_ip): the number of reverse
# proxies in front of the portal that append to X-Forwarded-For (0: none, use REMOTE_ADDR).
TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0)
RATELIMIT_IP_META_KEY = "portal.client_ip.client_ip"
ALLAUTH_TRUSTED_PROXY_COUNT = TRUSTED_PROXY_COUNT
BLOG_ARTICLES_PER_PAGE = 12

# --- Community ---------------------------------------------------------------------------

# django-allauth: the portal's look and outbox, sign-up asks for the name (and has a honeypot).
ACCOUNT_ADAPTER = "community.adapters.PortalAccountAdapter"
ACCOUNT_SIGNUP_FORM_CLASS = "community.forms.site.SignupForm"
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[Innovationsportal] "
ACCOUNT_LOGOUT_REDIRECT_URL = "/"
ACCOUNT_DEFAULT_HTTP_PROTOCOL = env("ACCOUNT_DEFAULT_HTTP_PROTOCOL", default="http")
# Rate limits (allauth counts in the cache; "5/m/ip" = 5 per minute and address).
ACCOUNT_RATE_LIMITS = {
    "login": "30/m/ip",
    "login_failed": "10/m/ip,5/5m/key",
    "signup": "10/h/ip",
    "reset_password": "10/h/ip,3/h/key",
    "reset_password_from_key": "20/h/ip",
    "change_password": "5/m/user",
    "manage_email": "10/m/user",
    "reauthenticate": "10/m/user",
    "confirm_email": "1/3m/key",
}
# Members-only pages (Wagtail page privacy) send anonymous readers to allauth's sign-in.
WAGTAIL_FRONTEND_LOGIN_URL = "/accounts/login/"
# The /accounts/ pages have no language prefix: ?lang=, the referring page or the user's
# setting choose the language (community/middleware.py), else Accept-Language.
MIDDLEWARE.insert(
    MIDDLEWARE.index("allauth.account.middleware.AccountMiddleware"),
    "community.middleware.AccountLanguageMiddleware",
)
# Contact forms (to members and solution providers): messages per person and hour.
COMMUNITY_CONTACT_RATE = env("COMMUNITY_CONTACT_RATE", default="5/h")
# Profile changes and solution proposals/changes submitted on the site, per account
# (django-ratelimit; each goes to the moderators).
COMMUNITY_PROFILE_EDIT_RATE = env("COMMUNITY_PROFILE_EDIT_RATE", default="10/h")
COMMUNITY_SOLUTION_EDIT_RATE = env("COMMUNITY_SOLUTION_EDIT_RATE", default="10/h")

# --- Subscriptions ----------------------------------------------------------------------

# Days a confirmation link of a subscription stays valid; unconfirmed subscriptions older
# than this are deleted (`manage.py purge_unconfirmed_subscriptions`).
SUBSCRIPTIONS_CONFIRMATION_DAYS = env.int("SUBSCRIPTIONS_CONFIRMATION_DAYS", default=7)
# Subscribe requests per IP address (guests) or account, and per e-mail address.
SUBSCRIPTIONS_RATE = env("SUBSCRIPTIONS_RATE", default="10/h")
SUBSCRIPTIONS_ADDRESS_RATE = env("SUBSCRIPTIONS_ADDRESS_RATE", default="3/h")
# Local hour from which a day's (or Monday's, for weekly) digests go out.
SUBSCRIPTIONS_DIGEST_HOUR = 6

# --- Events -----------------------------------------------------------------------------

# Days after an event ends until `manage.py purge_registration_notes` deletes the notes
# (accessibility needs, diet) people gave when registering; the form tells them.
EVENTS_NOTES_RETENTION_DAYS = 30
# `manage.py send_event_reminders` reminds confirmed participants of events starting
# within this many hours (run it hourly from cron or the task worker).
EVENTS_REMINDER_HOURS = 24
# Registrations without an account (public events) per IP address (django-ratelimit).
EVENTS_GUEST_REGISTRATION_RATE = env("EVENTS_GUEST_REGISTRATION_RATE", default="10/h")
# Registration attempts (register or change) per signed-in account.
EVENTS_MEMBER_REGISTRATION_RATE = env("EVENTS_MEMBER_REGISTRATION_RATE", default="30/h")
# Minutes a guest (public event, no account) has to confirm the e-mail address through the
# link we send; until then a free seat is held for them (the form and the e-mail say how
# long), afterwards the registration lapses (`manage.py expire_registration_holds`).
EVENTS_GUEST_CONFIRMATION_MINUTES = env.int("EVENTS_GUEST_CONFIRMATION_MINUTES", default=60)
if EVENTS_GUEST_CONFIRMATION_MINUTES < 1:
    from django.core.exceptions import ImproperlyConfigured

    raise ImproperlyConfigured("EVENTS_GUEST_CONFIRMATION_MINUTES must be at least 1.")

# Matchmaking requests (matchmaking): at most this many proposed partners per case; a
# member submits at most this many requests; a party's answer link is valid this many days.
MATCHMAKING_MAX_PROPOSALS = 5
MATCHMAKING_SUBMIT_RATE = "5/h"
MATCHMAKING_RESPONSE_DAYS = 30

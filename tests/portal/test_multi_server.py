"""Two application servers behave as one portal.

Two gunicorn instances with production settings, on two free ports, share this test's
PostgreSQL database, one Redis (page cache, rate limits) and a local S3-compatible server
for uploaded files (moto), as several machines behind a load balancer would. The tests
talk to them like browsers behind a TLS-terminating proxy (the ``Host`` and
``X-Forwarded-Proto`` it sends), choosing the server for each request: what one server
writes (a publication, a confirmed comment, registrations, a sign-in, an upload) the other
shows at once.

The servers read the rows this test writes, so the test database is used without a test
transaction (``transaction=True``). SQLite cannot take part: the SQLite test database lives
in this process's memory, where no server process reaches it.
"""

import os
import re
import secrets
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import quote

import pytest
import redis
import requests
from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth.hashers import PBKDF2PasswordHasher
from django.db import connection
from django.test import Client
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Collection

from blog.models import PortalComment
from events.models import Registration
from portal.membership import grant_membership
from portal.models import OutgoingEmail
from tests.conftest import refreshed
from tests.factories import (
    BlogIndexPageFactory,
    BlogPageFactory,
    EventIndexPageFactory,
    EventPageFactory,
    UserFactory,
)
from tests.portal.object_storage import (
    create_media_buckets,
    fetch_anonymously,
    files_under,
    keys_in,
    png_bytes,
    server_environment,
    start_s3_server,
)

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="needs PostgreSQL: two server processes share the test database, and the "
        "SQLite test database lives in this process's memory",
    ),
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

TEST_REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/0")
HOST = "portal.test"  # the name readers use; the proxy passes it on to every server
PASSWORD = "correct-horse-battery"  # tests.factories.UserFactory


def _free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _database_url():
    """The test database (this xdist worker's) as a URL for the servers."""
    db = connection.settings_dict
    credentials = quote(db["USER"] or "", safe="")
    if db["PASSWORD"]:
        credentials += ":" + quote(db["PASSWORD"], safe="")
    address = db["HOST"] or ""
    if db["PORT"]:
        address += f":{db['PORT']}"
    return f"postgres://{credentials}@{address}/{db['NAME']}"


class AppServer:
    def __init__(self, name, port, workdir):
        self.name = name
        self.port = port
        self.base_url = f"http://127.0.0.1:{port}"
        self.media_root = workdir / name / "media"
        self.private_media_root = workdir / name / "private_media"
        self.log_path = workdir / f"{name}.log"
        self.process = None

    def log(self):
        return self.log_path.read_text() if self.log_path.exists() else ""

    def local_files(self):
        return files_under(self.media_root, self.private_media_root)


class Cluster:
    """Two application servers and what they share."""

    def __init__(self, servers, cache_prefix, s3_endpoint, public_bucket, private_bucket):
        self.a, self.b = servers
        self.cache_prefix = cache_prefix
        self.s3_endpoint = s3_endpoint
        self.public_bucket = public_bucket
        self.private_bucket = private_bucket

    def forget_cached(self):
        """Empty the servers' shared cache: the rows of the previous test are gone (the test
        database is emptied and refilled between tests), what they cached must go too."""
        client = redis.Redis.from_url(TEST_REDIS_URL)
        try:
            for key in client.scan_iter(match=f"{self.cache_prefix}:*"):
                client.delete(key)
        finally:
            client.close()

    def logs(self):
        return "\n".join(f"--- {s.name} ---\n{s.log()[-4000:]}" for s in (self.a, self.b))


def _wait_until_healthy(server, deadline):
    while True:
        try:
            with urllib.request.urlopen(f"{server.base_url}/healthz", timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            pass
        if server.process.poll() is not None or time.monotonic() > deadline:
            raise RuntimeError(f"server {server.name} did not start:\n{server.log()}")
        time.sleep(0.2)


def _restore_migrated_rows(django_db_blocker):
    """Put back the rows the migrations made if an earlier transactional test emptied the
    database. The servers start (and answer ``/healthz``) before this module's first test
    restores them, and a query from a server into an empty database would create content
    types under new ids, which the restore of the first test then collides with."""
    from django.contrib.contenttypes.models import ContentType

    with django_db_blocker.unblock():
        if not ContentType.objects.exists():
            connection.creation.deserialize_db_from_string(connection._test_serialized_contents)


@pytest.fixture(scope="module")
def cluster(django_db_setup, django_db_blocker, tmp_path_factory):
    _restore_migrated_rows(django_db_blocker)
    workdir = tmp_path_factory.mktemp("two-servers")
    s3_server, s3_endpoint = start_s3_server()
    public_bucket, private_bucket = create_media_buckets(s3_endpoint)
    cache_prefix = f"portal-multi-{secrets.token_hex(8)}"
    environment = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "portal.settings.production",
        # The test's key: the sessions and signed links it makes are valid on the servers.
        "SECRET_KEY": settings.SECRET_KEY,
        "ALLOWED_HOSTS": f"{HOST},127.0.0.1",
        "SECURE_SSL_REDIRECT": "false",
        "TRUSTED_PROXY_COUNT": "0",
        "DATABASE_URL": _database_url(),
        "REDIS_URL": TEST_REDIS_URL,
        "CACHE_KEY_PREFIX": cache_prefix,
        "STATIC_ROOT": str(workdir / "static"),
        "EMAIL_URL": "memorymail://",  # the outbox rows in the database hold every e-mail
        "TASKS_BACKEND": "immediate",
        "PORTAL_BASE_URL": f"https://{HOST}",
        "LOG_LEVEL": "WARNING",
        **server_environment(s3_endpoint, public_bucket, private_bucket),
    }
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"],
        cwd=settings.BASE_DIR,
        env=environment,
        check=True,
        timeout=900,
    )
    servers = [AppServer(name, _free_port(), workdir) for name in ("a", "b")]
    gunicorn = str(Path(sys.executable).parent / "gunicorn")
    for server in servers:
        log = server.log_path.open("w")
        server.process = subprocess.Popen(
            [gunicorn, "portal.wsgi:application", "--bind", f"127.0.0.1:{server.port}"]
            + ["--workers", "2", "--timeout", "60"]
            # (the control socket path would be shared by every gunicorn of this user)
            + ["--no-control-socket"],
            cwd=settings.BASE_DIR,
            env={
                **environment,
                # Each server has folders of its own, which must stay empty.
                "MEDIA_ROOT": str(server.media_root),
                "PRIVATE_MEDIA_ROOT": str(server.private_media_root),
            },
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        log.close()
    cluster = Cluster(servers, cache_prefix, s3_endpoint, public_bucket, private_bucket)
    try:
        deadline = time.monotonic() + 90
        for server in servers:
            _wait_until_healthy(server, deadline)
        yield cluster
    finally:
        for server in servers:
            server.process.send_signal(signal.SIGINT)  # quick shutdown
        for server in servers:
            try:
                server.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                server.process.kill()
                server.process.wait()
        cluster.forget_cached()
        s3_server.stop()


@pytest.fixture
def portal(cluster, home_de):
    """The two servers, with nothing cached from earlier tests (whose rows are gone)."""
    cluster.forget_cached()
    return cluster


class Browser:
    """One person's browser behind the load balancer: its cookies go with every request,
    whichever server the test sends it to."""

    def __init__(self, cookies=None):
        self.cookies = dict(cookies or {})

    @classmethod
    def signed_in(cls, user):
        """A browser with a session of ``user`` (stored in the shared database)."""
        client = Client()
        client.force_login(user)
        return cls(
            {settings.SESSION_COOKIE_NAME: client.cookies[settings.SESSION_COOKIE_NAME].value}
        )

    def csrf_token(self):
        """The CSRF cookie's value (made up here, as Django accepts any well-formed one)."""
        return self.cookies.setdefault(settings.CSRF_COOKIE_NAME, secrets.token_hex(16))

    def request(self, server, method, path, data=None, files=None):
        headers = {"Host": HOST, "X-Forwarded-Proto": "https"}
        if method != "GET":
            headers["Origin"] = f"https://{HOST}"
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{name}={value}" for name, value in self.cookies.items())
        response = requests.request(
            method,
            server.base_url + path,
            data=data,
            files=files,
            headers=headers,
            allow_redirects=False,
            timeout=60,
        )
        for header in response.raw.headers.getlist("Set-Cookie"):
            cookie = SimpleCookie()
            cookie.load(header)
            for name, morsel in cookie.items():
                if morsel["max-age"] == "0" or "1970" in morsel["expires"]:
                    self.cookies.pop(name, None)
                else:
                    self.cookies[name] = morsel.value
        return response

    def get(self, server, path):
        return self.request(server, "GET", path)

    def post(self, server, path, data=None, files=None):
        return self.request(
            server, "POST", path, {"csrfmiddlewaretoken": self.csrf_token(), **(data or {})}, files
        )


def editor():
    return UserFactory(is_superuser=True, is_staff=True)


def members(count):
    users = [UserFactory() for _ in range(count)]
    for user in users:
        grant_membership(user)
    return users


def test_a_page_published_through_one_server_shows_at_once_on_the_other(portal, home_de):
    index = BlogIndexPageFactory(parent=refreshed(home_de))
    draft = BlogPageFactory(parent=refreshed(index), title="Neu veröffentlicht", live=False)
    draft.save_revision()
    reader = Browser()

    # One cache: what server A stored, server B serves.
    assert reader.get(portal.a, index.url).headers["X-Page-Cache"] == "MISS"
    listing = reader.get(portal.b, index.url)
    assert listing.headers["X-Page-Cache"] == "HIT"
    assert "Neu veröffentlicht" not in listing.text

    response = Browser.signed_in(editor()).post(
        portal.a, f"/admin/bulk/wagtailcore/page/publish/?id={draft.pk}"
    )
    assert response.status_code == 302, portal.logs()

    listing = Browser().get(portal.b, index.url)
    assert listing.status_code == 200
    assert "Neu veröffentlicht" in listing.text
    assert Browser().get(portal.b, refreshed(draft).url).status_code == 200


def test_a_comment_posted_and_confirmed_through_one_server_shows_at_once_on_the_other(
    portal, home_de
):
    index = BlogIndexPageFactory(parent=refreshed(home_de))
    article = BlogPageFactory(parent=refreshed(index), title="Werkstatt 9")
    assert Browser().get(portal.b, article.url).headers["X-Page-Cache"] == "MISS"
    assert Browser().get(portal.b, article.url).headers["X-Page-Cache"] == "HIT"

    author = Browser()
    response = author.post(
        portal.a,
        f"/de/kommentare/{article.pk}/",
        {
            "name": "Erika Beispiel",
            "email": "erika@example.org",
            "comment": "Grüße über Server A",
            "website": "",
        },
    )
    assert response.status_code == 302, portal.logs()
    (mail,) = OutgoingEmail.objects.filter(to=["erika@example.org"])
    link = re.search(r"https?://[^/\s]+(/de/kommentare/[^\s]+/)", mail.body).group(1)
    assert author.get(portal.a, link).status_code == 200  # asks before publishing
    assert author.post(portal.a, link).status_code == 302
    assert PortalComment.objects.get().status == PortalComment.Status.PUBLISHED

    page = Browser().get(portal.b, article.url)
    assert page.status_code == 200
    assert "Grüße über Server A" in page.text


def test_rate_limits_count_requests_to_both_servers(portal, home_de):
    index = BlogIndexPageFactory(parent=refreshed(home_de))
    article = BlogPageFactory(parent=refreshed(index))
    allowed = int(settings.BLOG_COMMENT_RATE.split("/")[0])  # 5 per 10 minutes
    reader = Browser()

    def comment(server, number):
        return reader.post(
            server,
            f"/de/kommentare/{article.pk}/",
            {"name": "Erika", "email": "erika@example.org", "comment": f"Nummer {number}"},
        ).status_code

    sent = [comment(portal.a if n % 2 else portal.b, n) for n in range(allowed)]
    assert sent == [302] * allowed
    # Half of them went to each server; the limit counts them together.
    assert comment(portal.a, allowed) == 429
    assert comment(portal.b, allowed + 1) == 429


def test_a_registration_rush_split_across_both_servers_fills_the_seats_exactly(portal, home_de):
    index = EventIndexPageFactory(parent=refreshed(home_de))
    event = EventPageFactory(parent=refreshed(index), capacity=10)
    users = members(40)
    browsers = [Browser.signed_in(user) for user in users]
    for browser in browsers:
        browser.csrf_token()
    register_url = event.register_url  # (the threads below touch no database)

    barrier = threading.Barrier(len(browsers))
    statuses = [None] * len(browsers)

    def register(number, browser):
        server = portal.a if number % 2 else portal.b
        barrier.wait()
        try:
            statuses[number] = browser.post(server, register_url).status_code
        except requests.RequestException as error:
            statuses[number] = repr(error)

    threads = [
        threading.Thread(target=register, args=(number, browser))
        for number, browser in enumerate(browsers)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)

    assert statuses == [302] * len(browsers), portal.logs()
    registrations = list(Registration.objects.filter(event=event))
    assert sorted(r.user_id for r in registrations) == sorted(user.pk for user in users)
    confirmed = [r for r in registrations if r.status == Registration.Status.CONFIRMED]
    waiting = [r for r in registrations if r.status == Registration.Status.WAITLISTED]
    assert (len(confirmed), len(waiting)) == (10, 30)
    waiting.sort(key=lambda r: (r.created_at, r.pk))
    assert [r.waitlist_position() for r in waiting] == list(range(1, 31))


def test_a_sign_in_on_one_server_is_valid_on_the_other(portal):
    person = UserFactory(first_name="Jana", last_name="Reise")
    # Hashed as the servers hash (Django's default hashers; the test settings' is faster).
    hasher = PBKDF2PasswordHasher()
    person.password = hasher.encode(PASSWORD, hasher.salt())
    person.save(update_fields=["password"])
    EmailAddress.objects.create(user=person, email=person.email, verified=True, primary=True)
    browser = Browser()
    assert browser.get(portal.b, "/de/konto/").status_code == 302  # to the sign-in

    response = browser.post(
        portal.a, "/accounts/login/", {"login": person.email, "password": PASSWORD}
    )
    assert response.status_code == 302, response.text
    session = browser.cookies[settings.SESSION_COOKIE_NAME]
    account = browser.get(portal.b, "/de/konto/")
    assert account.status_code == 200
    assert "Jana" in account.text

    # Signing out on B ends the session everywhere.
    assert browser.post(portal.b, "/accounts/logout/").status_code == 302
    stale = Browser({settings.SESSION_COOKIE_NAME: session})
    assert stale.get(portal.a, "/de/konto/").status_code == 302


def test_files_uploaded_through_one_server_are_served_by_the_other(portal):
    editor_browser = Browser.signed_in(editor())
    root = Collection.get_first_root_node()
    response = editor_browser.post(
        portal.a,
        "/admin/documents/add/",
        {"title": "Satzung", "collection": str(root.pk)},
        files={"file": ("satzung.pdf", b"%PDF-1.4 Satzung des Vereins", "application/pdf")},
    )
    assert response.status_code == 302, portal.logs()
    document = get_document_model().objects.get(title="Satzung")

    response = editor_browser.post(
        portal.a,
        "/admin/images/add/",
        {"title": "Rathaus", "collection": str(root.pk)},
        files={"file": ("rathaus.png", png_bytes(), "image/png")},
    )
    assert response.status_code == 302, portal.logs()
    image = get_image_model().objects.get(title="Rathaus")

    # Documents: in the private bucket, delivered by the other server.
    assert document.file.name in keys_in(portal.s3_endpoint, portal.private_bucket)
    download = Browser().get(portal.b, document.url)
    assert download.status_code == 200
    assert download.content == b"%PDF-1.4 Satzung des Vereins"
    # Images: in the public bucket, which readers fetch from directly; the other server
    # makes renditions from the same original.
    public_keys = keys_in(portal.s3_endpoint, portal.public_bucket)
    assert image.file.name in public_keys
    original_url = f"{portal.s3_endpoint}/{portal.public_bucket}/{image.file.name}"
    assert fetch_anonymously(original_url) == (200, png_bytes())
    edit = editor_browser.get(portal.b, f"/admin/images/{image.pk}/")
    assert edit.status_code == 200
    assert f"{portal.s3_endpoint}/{portal.public_bucket}/images/" in edit.text
    # No server keeps files of its own.
    assert portal.a.local_files() == [] and portal.b.local_files() == []

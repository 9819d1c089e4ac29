"""Browser tests: a production-like portal under gunicorn, driven by Debian's Chromium.

The session starts the portal once (production settings, demo content, collected static
files, SQLite in a temporary folder, the machine's Redis at ``TEST_REDIS_URL`` under a key
prefix of its own) on a free port, and one headless Chromium through Playwright
(``executable_path=/usr/bin/chromium``: no browser download). Screenshots go to
``test-artifacts/screenshots/``.
"""

import json
import os
import secrets
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from django.conf import settings

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
TEST_REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/0")
ARTIFACTS = Path(settings.BASE_DIR) / "test-artifacts"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/browser/" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


def _delete_cache_entries(prefix):
    import redis

    client = redis.Redis.from_url(TEST_REDIS_URL)
    for key in client.scan_iter(match=f"{prefix}:*"):
        client.delete(key)
    client.close()


def _free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class PortalServer:
    def __init__(self, base_url, env, workdir):
        self.base_url = base_url
        self.env = env
        self.workdir = workdir
        self.mail_dir = workdir / "mail"

    def url(self, path):
        return f"{self.base_url}{path}"

    def manage(self, *args, check=True):
        return subprocess.run(
            [sys.executable, "manage.py", *args],
            cwd=settings.BASE_DIR,
            env=self.env,
            capture_output=True,
            text=True,
            check=check,
            timeout=600,
        )

    def shell(self, code):
        """Run Python in the server's database (for setup and checks), return its stdout."""
        return self.manage("shell", "--no-imports", "-c", code).stdout

    def page_type_examples(self, members_only=False):
        flags = ["--members-only"] if members_only else []
        return json.loads(self.manage("page_type_examples", *flags).stdout)

    def mails(self):
        """The e-mails the portal has written so far (file-based e-mail backend)."""
        if not self.mail_dir.exists():
            return []
        return [path.read_text() for path in sorted(self.mail_dir.iterdir())]


@pytest.fixture(scope="session")
def portal_server(tmp_path_factory):
    if not Path(CHROMIUM).exists():
        pytest.fail(
            f"Chromium not found at {CHROMIUM}; run `make test-browser`, which installs it."
        )
    workdir = tmp_path_factory.mktemp("portal-e2e")
    port = _free_port()
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "portal.settings.production",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "localhost,127.0.0.1",
        "SECURE_SSL_REDIRECT": "false",
        "DATABASE_URL": f"sqlite:///{workdir / 'portal.sqlite3'}",
        "STATIC_ROOT": str(workdir / "static"),
        "MEDIA_ROOT": str(workdir / "media"),
        "EMAIL_URL": f"filemail://{workdir / 'mail'}",
        "TASKS_BACKEND": "immediate",
        "PORTAL_BASE_URL": f"http://localhost:{port}",
        "LOG_LEVEL": "WARNING",
        # Production settings need Redis: the machine's, under a key prefix of this session
        # (deleted afterwards).
        "REDIS_URL": TEST_REDIS_URL,
        "CACHE_KEY_PREFIX": f"portal-e2e-{secrets.token_hex(8)}",
    }
    server = PortalServer(f"http://localhost:{port}", env, workdir)
    server.manage("migrate", "--noinput")
    server.manage("load_demo_content")
    server.manage("collectstatic", "--noinput")
    log = (workdir / "gunicorn.log").open("w")
    process = subprocess.Popen(
        [
            str(Path(sys.executable).parent / "gunicorn"),
            "portal.wsgi:application",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            "2",
            "--timeout",
            "60",
        ],
        cwd=settings.BASE_DIR,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    deadline = time.monotonic() + 60
    while True:
        try:
            with urllib.request.urlopen(server.url("/healthz"), timeout=2) as response:
                if response.status == 200:
                    break
        except OSError:
            pass
        if process.poll() is not None or time.monotonic() > deadline:
            log.close()
            raise RuntimeError("portal did not start:\n" + (workdir / "gunicorn.log").read_text())
        time.sleep(0.3)
    yield server
    process.terminate()
    process.wait(timeout=20)
    log.close()
    _delete_cache_entries(env["CACHE_KEY_PREFIX"])
    shutil.copy(workdir / "gunicorn.log", _artifacts_dir() / "gunicorn.log")


def _artifacts_dir():
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS


@pytest.fixture(scope="session")
def playwright_instance():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        yield playwright


@pytest.fixture(scope="session")
def browser(playwright_instance):
    browser = playwright_instance.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
    yield browser
    browser.close()


@pytest.fixture
def context(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="de-DE")
    yield context
    context.close()


@pytest.fixture
def page(context):
    page = context.new_page()
    page.set_default_timeout(15_000)
    return page


def run_axe(page):
    """axe-core (bundled locally with axe-playwright-python) on the current page:
    the list of WCAG 2.2 A/AA violations (2.0, 2.1 and 2.2 rules) as readable strings."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page, options={"runOnly": {"type": "tag", "values": WCAG_TAGS}})
    violations = results.response.get("violations", [])
    return [
        f"{v['id']} ({v['impact']}): {v['help']} -> "
        + "; ".join(node["target"][0] if node["target"] else "?" for node in v["nodes"][:5])
        for v in violations
    ]


def save_screenshot(page, name):
    folder = _artifacts_dir() / "screenshots"
    folder.mkdir(exist_ok=True)
    page.screenshot(path=str(folder / f"{name}.png"), full_page=True)


# Links, buttons (a <summary> is one) and fields are comfortable touch targets: 44 x 44 CSS px,
# more than the 24 x 24 px WCAG 2.2 asks for (2.5.8). axe's target-size rule accepts smaller
# targets when they are spaced apart, so the size is measured here. Hidden ones (no box, or
# inside a closed <details>) are left out.
TARGETS = """
(scope) => Array.from(document.querySelectorAll(
    `${scope} a, ${scope} button, ${scope} input, ${scope} summary`
)).filter((el) => el.checkVisibility() && el.getClientRects().length > 0).map((el) => {
    const box = el.getBoundingClientRect();
    return {name: el.textContent.trim() || el.name || el.className,
            width: Math.round(box.width), height: Math.round(box.height)};
})
"""
TARGET_SIZE = 44


def small_targets(page, scope):
    """The links, buttons and fields in `scope` smaller than 44 x 44 px, as readable strings."""
    return [
        f"{target['name']} ({target['width']} x {target['height']} px)"
        for target in page.evaluate(TARGETS, scope)
        if min(target["width"], target["height"]) < TARGET_SIZE
    ]


JOURNEY_PASSWORD = "Reise-durch-das-Portal-2026"


@pytest.fixture(scope="session")
def accounts(portal_server):
    """A club member and a registered non-member who can sign in (created in the server's
    database once per session)."""
    code = f"""
from allauth.account.models import EmailAddress
from community.models import User
from portal.membership import grant_membership
for email, first, member in (
    ("jana.reise@example.org", "Jana", True),
    ("gerd.gast@example.org", "Gerd", False),
):
    user = User.objects.filter(email=email).first() or User.objects.create_user(
        email=email, password={JOURNEY_PASSWORD!r}, first_name=first, last_name="Beispiel"
    )
    EmailAddress.objects.get_or_create(
        user=user, email=email, defaults={{"verified": True, "primary": True}}
    )
    if member:
        grant_membership(user)
"""
    portal_server.shell(code)
    return {"member": "jana.reise@example.org", "guest": "gerd.gast@example.org"}


def sign_in(portal_server, page, email, password=JOURNEY_PASSWORD):
    page.goto(portal_server.url("/accounts/login/"))
    page.locator('input[name="login"]').fill(email)
    page.locator('input[name="password"]').fill(password)
    with page.expect_navigation():
        page.locator('form button[type="submit"]').last.click()
    assert "/accounts/login/" not in page.url, "sign-in failed"


@pytest.fixture(scope="session")
def member_state(browser, portal_server, accounts, tmp_path_factory):
    """The storage state (cookies) of a signed-in member, shared by tests."""
    context = browser.new_context(locale="de-DE")
    page = context.new_page()
    sign_in(portal_server, page, accounts["member"])
    path = tmp_path_factory.mktemp("member") / "state.json"
    context.storage_state(path=str(path))
    context.close()
    return str(path)


@pytest.fixture
def member_page(browser, member_state):
    context = browser.new_context(
        viewport={"width": 1280, "height": 900}, locale="de-DE", storage_state=member_state
    )
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()

"""``/healthz`` reports database, cache and search; a broken database gives 503."""

import json
import os
import subprocess
import sys

import pytest
from django.conf import settings
from django.db import connection

pytestmark = pytest.mark.django_db


def test_healthz_reports_everything_ok(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"database": "ok", "cache": "ok", "search": "ok"}
    directives = {part.strip() for part in response["Cache-Control"].split(",")}
    assert directives == {"max-age=0", "no-cache", "no-store", "must-revalidate", "private"}


def broken_database_url():
    """A database URL of the same kind as the test database that cannot be reached."""
    if connection.vendor == "postgresql":
        return "postgres://postgres@127.0.0.1:1/unreachable"  # nothing listens on port 1
    return "sqlite:////nonexistent-directory/portal.sqlite3"


def test_healthz_reports_a_broken_database_as_503():
    """A real process with a database it cannot reach answers 503 and says which part failed."""
    script = (
        "import django, json; django.setup();"
        "from django.test import Client;"
        "r = Client().get('/healthz');"
        "print(json.dumps({'status': r.status_code, 'body': r.json()}))"
    )
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "portal.settings.test",
        "DATABASE_URL": broken_database_url(),
    }
    result = subprocess.run(
        [sys.executable, "-c", script],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout.strip().splitlines()[-1])
    assert report["status"] == 503
    assert report["body"]["database"] == "error"
    assert report["body"]["cache"] == "ok"

"""SQLite never overbooks either: 40 threads register for 10 seats in a file database.

SQLite has no row locks; ``events.registration.lock_seats`` writes first, which takes
the database write lock at the start of the transaction, so concurrent registrations wait
for each other instead of failing halfway (and so do their e-mails, written after them).
The in-memory test database cannot show this (threads share it with table locks), so this
test migrates a temporary SQLite file and runs the registrations in a separate process
with real connections per thread.
"""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

pytestmark = pytest.mark.skipif(
    connection.vendor != "sqlite", reason="checks SQLite's write lock; PostgreSQL has its own test"
)

SCRIPT = r"""
import datetime, json, threading
import django
django.setup()
from django.db import close_old_connections, connection
from django.utils import timezone
from wagtail.models import Page
from community.models import User
from events.models import EventIndexPage, EventPage, Registration
from events.registration import register_member
from portal.membership import grant_membership
from portal.models import OutgoingEmail

home = Page.objects.get(depth=2).specific
index = home.add_child(instance=EventIndexPage(title="Veranstaltungen", slug="veranstaltungen"))
start = timezone.now() + datetime.timedelta(days=10)
event = index.add_child(instance=EventPage(
    title="Forum", slug="forum", start=start, end=start + datetime.timedelta(hours=8), capacity=10
))
users = [User.objects.create_user(email=f"m{n}@example.org") for n in range(40)]
for user in users:
    grant_membership(user)
barrier, errors = threading.Barrier(40), []

def register(user):
    close_old_connections()
    try:
        barrier.wait()
        register_member(event, user)
    except Exception as error:
        errors.append(repr(error))
    finally:
        connection.close()

threads = [threading.Thread(target=register, args=(user,)) for user in users]
for thread in threads:
    thread.start()
for thread in threads:
    thread.join()
print(json.dumps({
    "errors": errors,
    "confirmed": Registration.objects.filter(event=event, status="confirmed").count(),
    "waitlisted": Registration.objects.filter(event=event, status="waitlisted").count(),
    "emails": OutgoingEmail.objects.count(),
}))
"""


def test_forty_threads_fill_ten_seats_exactly_on_a_sqlite_file(tmp_path):
    environment = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "portal.settings.test",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'concurrency.sqlite3'}",
        "PYTHONPATH": str(settings.BASE_DIR),
    }
    manage = Path(settings.BASE_DIR) / "manage.py"
    subprocess.run(
        [sys.executable, str(manage), "migrate", "--noinput", "-v0"],
        env=environment,
        check=True,
        cwd=settings.BASE_DIR,
        timeout=900,
    )
    result = subprocess.run(
        [sys.executable, "-c", SCRIPT],
        env=environment,
        check=True,
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
        timeout=900,
    )
    outcome = json.loads(result.stdout.strip().splitlines()[-1])
    assert outcome == {"errors": [], "confirmed": 10, "waitlisted": 30, "emails": 40}

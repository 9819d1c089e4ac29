"""In production, background work (e-mails, search index updates, renditions) goes into the
database-backed queue of django-tasks, and ``manage.py db_worker`` (the compose file's
``worker`` service) runs it. Here the queue is the real database backend and the worker the
real command, in batch mode."""

import io

import pytest
from django.core import mail
from django.core.management import call_command
from wagtail.models import Page

from portal.models import OutgoingEmail
from tests.conftest import refreshed
from tests.factories import StandardPageFactory

# Committed transactions, as in production: the worker closes its connection between tasks
# (``close_old_connections``), which a test wrapped in one transaction would not survive.
# serialized_rollback: later transactional tests still find the migrated site and locales.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture
def database_queue(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def run_worker():
    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", stdout=io.StringIO())


def search_titles(text):
    return [page.title for page in Page.objects.live().search(text)]


def test_worker_delivers_queued_e_mails_and_updates_the_search_index(
    database_queue, client, verified_user, home_de
):
    from django_tasks_db.models import DBTaskResult

    from home.models import SiteSettings

    SiteSettings.objects.update_or_create(
        site=home_de.get_site(), defaults={"contact_email": "geschaeftsstelle@example.org"}
    )
    client.force_login(verified_user)
    response = client.post(
        "/de/konto/mitgliedschaft/",
        {"organisation": "Stadt Musterstadt", "role": "Bürgermeisterin", "reason": "Austausch"},
    )
    page = StandardPageFactory(
        parent=refreshed(home_de), title="Wasserstoffbusse im Linienverkehr", slug="busse"
    )
    page.save_revision().publish()
    assert response.status_code == 302

    # Queued, not yet done: the request did not wait for the mail server or the index.
    assert DBTaskResult.objects.filter(status="READY").exists()
    assert mail.outbox == []
    assert OutgoingEmail.objects.filter(status=OutgoingEmail.Status.PENDING).exists()
    assert search_titles("Wasserstoffbusse") == []

    run_worker()

    assert not DBTaskResult.objects.exclude(status="SUCCESSFUL").exists()
    assert [message.to for message in mail.outbox] == [["geschaeftsstelle@example.org"]]
    assert not OutgoingEmail.objects.filter(status=OutgoingEmail.Status.PENDING).exists()
    assert "Wasserstoffbusse im Linienverkehr" in search_titles("Wasserstoffbusse")

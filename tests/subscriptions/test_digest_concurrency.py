"""Concurrent digest runs (two servers' periodic jobs at once) send each digest once,
against PostgreSQL with one real connection per thread (SQLite cannot: its test database
is shared by threads with table locks)."""

import threading

import pytest
from django.db import close_old_connections, connection

from portal.models import OutgoingEmail
from subscriptions.digests import send_digests
from subscriptions.models import DigestDelivery
from tests.factories import BlogIndexPageFactory
from tests.subscriptions.conftest import make_subscription, publish_article

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="needs PostgreSQL: row locks and one real connection per thread",
    ),
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_concurrent_runs_send_every_digest_once(site):
    index = BlogIndexPageFactory(parent=site.root_page)
    publish_article(index, "Neu für alle")
    for n in range(40):
        make_subscription(f"p{n}@example.org")
    barrier = threading.Barrier(3)
    results, errors = [], []

    def run():
        close_old_connections()
        try:
            barrier.wait()
            results.append(send_digests(batch_size=5))
        except Exception as error:  # noqa: BLE001 - reported by the assertion below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not errors
    assert sum(sent for sent, _empty in results) == 40
    assert DigestDelivery.objects.count() == 40
    assert OutgoingEmail.objects.count() == 40

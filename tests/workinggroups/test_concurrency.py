"""Double submits of "Beitritt anfragen" at the same moment store one request and e-mail
the lead once (real PostgreSQL: row lock and unique constraint)."""

import threading

import pytest
from django.db import connection

from portal.models import OutgoingEmail
from workinggroups import rules
from workinggroups.models import WorkingGroupMembership


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_concurrent_requests_of_one_member_store_one(group, lead, outsider):
    if connection.vendor != "postgresql":
        pytest.skip("concurrency needs PostgreSQL")
    barrier = threading.Barrier(4)
    outcomes = []

    def worker():
        from django.db import connection as thread_connection

        try:
            barrier.wait()
            try:
                rules.request_membership(group, outsider)
                outcomes.append("stored")
            except rules.MembershipRefused:
                outcomes.append("refused")
        finally:
            thread_connection.close()

    threads = [threading.Thread(target=worker) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["refused", "refused", "refused", "stored"]
    assert WorkingGroupMembership.objects.filter(user=outsider).count() == 1
    assert OutgoingEmail.objects.filter(to__contains=[lead.email]).count() == 1

"""Double clicks and parallel requests on PostgreSQL: an answer introduces once, and the
limit of proposals holds (each step locks the case row)."""

import threading

import pytest
from django.db import connection

from matchmaking import cases
from matchmaking.models import CaseEvent, Proposal

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def in_parallel(function, count=4):
    barrier = threading.Barrier(count)
    results = []

    def worker(number):
        from django.db import connection as thread_connection

        try:
            barrier.wait()
            results.append(function(number))
        except cases.CaseError:
            results.append(None)
        finally:
            thread_connection.close()

    threads = [threading.Thread(target=worker, args=(number,)) for number in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


def test_parallel_answers_introduce_once(case, office, expert):
    if connection.vendor != "postgresql":
        pytest.skip("concurrency needs PostgreSQL")
    proposal = cases.propose(case, expert, "Gut.", actor=office)
    cases.choose(case, proposal.pk, user=case.requester)
    results = in_parallel(lambda number: cases.respond(proposal, accept=number % 2 == 0))
    assert len([result for result in results if result is not None]) == 1
    answers = case.events.filter(kind__in=[CaseEvent.Kind.ACCEPTED, CaseEvent.Kind.DECLINED])
    assert answers.count() == 1


def test_parallel_proposals_respect_the_limit(case, office, expert, solution, project, settings):
    if connection.vendor != "postgresql":
        pytest.skip("concurrency needs PostgreSQL")
    settings.MATCHMAKING_MAX_PROPOSALS = 1
    pages = [expert, solution, project, expert]
    in_parallel(lambda number: cases.propose(case, pages[number], "Gut.", actor=office))
    assert Proposal.objects.filter(request=case).count() == 1

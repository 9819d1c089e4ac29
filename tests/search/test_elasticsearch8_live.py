"""The core search checks against a real Elasticsearch 8, through the Elasticsearch 8 backend.

Skipped unless ``ELASTICSEARCH_URL`` is set. With Docker (the compose file's ``search``
service listens on 127.0.0.1:9200)::

    docker compose up -d search
    export ELASTICSEARCH_URL=http://127.0.0.1:9200
    .venv/bin/pytest tests/search/test_elasticsearch8_live.py

Every test gets its own index prefix and removes its indexes afterwards, so a shared
development cluster stays clean. The same tests run on every ``make test`` against the
database backend and the OpenSearch-compatible test server (osmem); the elasticsearch client
refuses to talk to anything but Elasticsearch, so this module is the only ES 8 check.
"""

import os
import uuid

import pytest
from django.core.management import call_command

from search import fallback
from tests.search.conftest import DATABASE_BACKEND, SearchBackendUnderTest, use_backends
from tests.search.test_autocomplete import *  # noqa: F403
from tests.search.test_bad_input import *  # noqa: F403
from tests.search.test_engine_requests import *  # noqa: F403
from tests.search.test_facets import *  # noqa: F403
from tests.search.test_language import *  # noqa: F403
from tests.search.test_privacy import *  # noqa: F403
from tests.search.test_resilience import (
    test_healthz_reports_a_working_engine,
    test_healthz_reports_an_engine_that_is_down,
    test_rebuild_serves_the_old_index_until_the_new_one_is_complete,
    test_search_answers_from_the_database_when_the_engine_is_down,
    test_update_index_keeps_answering_while_it_rebuilds,
)
from tests.search.test_search_page import *  # noqa: F403

ELASTICSEARCH_URL = os.environ.get("ELASTICSEARCH_URL", "")
if not ELASTICSEARCH_URL:
    pytest.skip(
        "set ELASTICSEARCH_URL to run the core search checks against a real Elasticsearch 8 "
        "(docker compose up -d search; see the README's Search section)",
        allow_module_level=True,
    )

pytestmark = pytest.mark.django_db

RESILIENCE_CHECKS = (
    test_healthz_reports_a_working_engine,
    test_healthz_reports_an_engine_that_is_down,
    test_rebuild_serves_the_old_index_until_the_new_one_is_complete,
    test_search_answers_from_the_database_when_the_engine_is_down,
    test_update_index_keeps_answering_while_it_rebuilds,
)


@pytest.fixture
def search_backend(settings, site):
    prefix = f"test_{uuid.uuid4().hex[:10]}_"
    use_backends(
        settings,
        {
            "default": {
                "BACKEND": "search.backends.elasticsearch8",
                "ALIAS": "default",
                "URLS": [ELASTICSEARCH_URL],
                "INDEX_PREFIX": prefix,
                "TIMEOUT": 30,
                "ATOMIC_REBUILD": True,
                "OPTIONS": {"max_retries": 0},
            },
            "database": DATABASE_BACKEND,
        },
    )
    call_command("update_index", verbosity=0)
    client = fallback.get_backend("default").es  # kept: some tests break "default"
    yield SearchBackendUnderTest("elasticsearch", ELASTICSEARCH_URL)
    client.indices.delete(index=f"{prefix}*", ignore_unavailable=True, allow_no_indices=True)
    fallback.clear_backend_cache()


@pytest.fixture
def engine(search_backend):
    return search_backend

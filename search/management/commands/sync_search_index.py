"""Retry the index updates the search engine did not take (``search.PendingIndexUpdate``).

Run it from cron or a worker, e.g. every five minutes::

    python manage.py sync_search_index

It exits with an error while updates are still pending (so cron reports a lasting outage).
A full, zero-downtime rebuild of every index is ``python manage.py update_index``.
"""

from django.core.management.base import BaseCommand, CommandError
from modelsearch.index import get_indexed_instance
from wagtail.search.backends import get_search_backend

from search.backends.base import clear_engine_down, mark_engine_down
from search.models import PendingIndexUpdate


def retry(entry, backend):
    """Send one pending update to ``backend`` (raises when the engine still refuses)."""
    model = entry.content_type.model_class()
    if model is None:  # the model is gone: nothing left to index
        return
    obj = model._default_manager.filter(pk=entry.object_id).first()
    indexed = get_indexed_instance(obj) if obj is not None else None
    if indexed is not None:
        backend.get_index_for_object(indexed).add_item(indexed)
    else:
        # Deleted (or no longer indexed): remove it from the index by its id.
        stand_in = model(pk=entry.object_id)
        backend.get_index_for_model(model).delete_item(stand_in)


class Command(BaseCommand):
    help = "Retry search index updates that failed while the search engine was unavailable."

    def add_arguments(self, parser):
        parser.add_argument(
            "--limit", type=int, default=10_000, help="at most this many updates per run"
        )

    def handle(self, *args, limit, **options):
        entries = list(PendingIndexUpdate.objects.select_related("content_type")[:limit])
        if not entries:
            self.stdout.write("No pending search index updates.")
            return
        backends = {}
        done = failed = 0
        for entry in entries:
            backend = backends.get(entry.backend)
            if backend is None:
                backend = backends[entry.backend] = get_search_backend(entry.backend)
            try:
                retry(entry, backend)
            except Exception as error:  # noqa: BLE001 - the entry stays queued with the error
                failed += 1
                PendingIndexUpdate.objects.filter(pk=entry.pk).update(
                    attempts=entry.attempts + 1, last_error=str(error)[:2000]
                )
                mark_engine_down(entry.backend)
            else:
                done += 1
                PendingIndexUpdate.objects.filter(pk=entry.pk, updated_at=entry.updated_at).delete()
        for name, backend in backends.items():
            if failed == 0:
                clear_engine_down(name)
            refresh = getattr(backend, "refresh_indexes", None)
            if refresh is not None and failed == 0:
                refresh()
        self.stdout.write(f"Search index updates retried: {done} done, {failed} still pending.")
        if failed:
            raise CommandError(f"{failed} search index update(s) still pending.")

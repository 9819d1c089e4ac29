"""Signal receivers of the search app (connected in ``SearchConfig.ready``).

Keeping the engine's copy of a page complete: Wagtail indexes a page from ``post_save``,
which fires before modelcluster writes the page's ``ParentalManyToManyField`` values
(``topics``) and child relations; the indexing task then reads the old values from the
database. So the engine would keep a page's previous topics until its next save.
Re-indexing once the publication is complete (``page_published``) gives the engine the
topics the page was published with. The database backend is not affected (it filters on
the real tables) but is updated by the same call.

Backend clients are cached per process (``search.fallback``); a changed setting (tests)
starts afresh.
"""

from django.core.signals import setting_changed
from modelsearch.tasks import insert_or_update_object_task
from wagtail.signals import page_published

from search.fallback import clear_backend_cache


def reindex_published_page(sender, instance, **kwargs):
    insert_or_update_object_task.enqueue(
        instance._meta.app_label, instance._meta.model_name, str(instance.pk)
    )


def connect_receivers():
    page_published.connect(reindex_published_page, dispatch_uid="search-reindex-published")
    setting_changed.connect(clear_backend_cache)

"""Querysets of models shown to readers: writes that send no signals invalidate too.

``QuerySet.update()``, ``bulk_create()`` and ``bulk_update()`` bypass Django's signals, so
``portal.signals`` never hears of them. A model that is shown to readers and written this
way uses ``InvalidatingQuerySet`` (or a subclass) as its manager's queryset, and each such
write invalidates the scope the registry gives for the written fields (writing only fields
readers never see, such as a reminder's timestamp, invalidates nothing).
``tests/portal/test_cache_registry.py`` checks every such call in the portal's code.
"""

from django.db import models

from portal.caching.registry import PUBLISHED, SITE, scope_for


def invalidate_for(model, fields=None, created=False):
    from portal.page_cache import invalidate

    scope = scope_for(model, None, set(fields) if fields is not None else None, created)
    if scope == PUBLISHED:
        scope = SITE
    if scope is not None:
        invalidate(scope)


class InvalidatingQuerySet(models.QuerySet):
    def update(self, **kwargs):
        count = super().update(**kwargs)
        if count:
            invalidate_for(self.model, kwargs)
        return count

    def bulk_update(self, objs, fields, *args, **kwargs):
        count = super().bulk_update(objs, fields, *args, **kwargs)
        if count:
            invalidate_for(self.model, fields)
        return count

    def bulk_create(self, objs, *args, **kwargs):
        created = super().bulk_create(objs, *args, **kwargs)
        if created:
            invalidate_for(self.model, created=True)
        return created

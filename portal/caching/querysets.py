"""Querysets of models shown to readers: writes that send no signals invalidate too.

``QuerySet.update()``, ``bulk_create()`` and ``bulk_update()`` bypass Django's signals, so
``portal.signals`` never hears of them. A model that is shown to readers and written this
way uses ``InvalidatingQuerySet`` (or a subclass) as its manager's queryset, and each such
write invalidates the scope the registry gives for the written fields (writing only fields
readers never see, such as a reminder's timestamp, invalidates nothing).
``tests/portal/test_cache_registry.py`` checks every such call in the portal's code.
"""

from django.db import models

from portal.caching.pages import invalidate
from portal.caching.registry import PER_OBJECT, PUBLISHED, SITE, concrete_scopes, scope_for


def _family(model, fields=None, created=False):
    scope = scope_for(model, None, set(fields) if fields is not None else None, created)
    return SITE if scope == PUBLISHED else scope


def _invalidate(scopes):
    for scope in sorted(scopes):
        invalidate(scope)


def _scopes_of_objects(family, objs):
    scopes = set()
    for obj in objs:
        scopes |= concrete_scopes(family, instance=obj)
    return scopes


class InvalidatingQuerySet(models.QuerySet):
    def update(self, **kwargs):
        family = _family(self.model, kwargs)
        if family is None:
            return super().update(**kwargs)
        # The objects the rows belong to, read before the update may change the filter.
        scopes = concrete_scopes(family, queryset=self) if family in PER_OBJECT else {family}
        count = super().update(**kwargs)
        if count:
            _invalidate(scopes)
        return count

    def bulk_update(self, objs, fields, *args, **kwargs):
        objs = list(objs)
        count = super().bulk_update(objs, fields, *args, **kwargs)
        family = _family(self.model, fields)
        if count and family is not None:
            _invalidate(_scopes_of_objects(family, objs))
        return count

    def bulk_create(self, objs, *args, **kwargs):
        created = super().bulk_create(objs, *args, **kwargs)
        family = _family(self.model, created=True)
        if created and family is not None:
            _invalidate(_scopes_of_objects(family, created))
        return created

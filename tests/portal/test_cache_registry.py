"""Every model is declared shown to readers or not (portal.caching.registry), and no write
that bypasses Django's signals can skip invalidation unnoticed."""

import ast
import importlib
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings
from django.db import models

from portal.caching.querysets import InvalidatingQuerySet
from portal.caching.registry import NOT_SHOWN, SHOWN, scope_for

APP_PACKAGES = ("portal", "home", "blog", "events", "community", "search", "demo")
WRITES_WITHOUT_SIGNALS = {"update", "bulk_update", "bulk_create"}

# Writes through update()/bulk_*() on shown models whose manager cannot invalidate itself,
# each with the reason it needs no invalidation (or where it invalidates).
ALLOWED_WRITES = set()


def all_labels():
    return {model._meta.label_lower for model in apps.get_models(include_auto_created=True)}


def test_every_installed_model_is_declared_shown_or_not_shown():
    undeclared = sorted(all_labels() - set(SHOWN) - NOT_SHOWN)
    assert undeclared == [], (
        "declare these models in portal/caching/registry.py as SHOWN (with the scope their "
        f"changes invalidate) or NOT_SHOWN: {undeclared}"
    )


# Installed only on some databases (Wagtail's SQLite full-text index).
DATABASE_SPECIFIC = {"wagtailsearch.sqliteftsindexentry"}


def test_no_model_is_declared_twice_or_unknown():
    assert set(SHOWN) & NOT_SHOWN == set()
    assert sorted((set(SHOWN) | NOT_SHOWN) - all_labels() - DATABASE_SPECIFIC) == []


@pytest.mark.parametrize(
    ("label", "expected"),
    [
        ("community.user", None),  # sign-ins (last_login)
        ("portal.outgoingemail", None),
        ("community.contactrequest", None),
        ("community.membershipapplication", None),
        ("wagtailcore.revision", None),  # drafts
        ("wagtailimages.image", "site"),
        ("wagtaildocs.document", "site"),
        ("taggit.tag", "site"),
        ("wagtailcore.collection", "site"),
        ("wagtailredirects.redirect", "site"),
        ("blog.portalcomment", "comments"),
        ("events.registration", "registrations"),
    ],
)
def test_what_a_change_invalidates(label, expected):
    assert scope_for(apps.get_model(label)) == expected


def test_reminders_notes_and_unseen_comments_invalidate_nothing():
    registration = apps.get_model("events.registration")
    comment = apps.get_model("blog.portalcomment")
    assert scope_for(registration, None, {"reminder_sent_at"}) is None
    assert scope_for(registration, None, {"notes", "notes_purged_at"}) is None
    assert scope_for(registration, None, {"status", "status_changed_at"}) == "registrations"
    assert scope_for(comment, comment(status="unconfirmed"), None, created=True) is None
    assert scope_for(comment, comment(status="pending"), None) is None
    assert scope_for(comment, comment(status="published"), None) == "comments"
    assert scope_for(comment, None, {"followup"}) is None


def _is_bulk_seeding(path):
    """The demo app's ``seed_bulk`` inserts in bulk; the ``seed_bulk`` command starts a
    new site generation when it is done (tests/community/test_demo.py)."""
    return Path(path).parts[0] == "demo"


def _write_calls():
    """(path, line, module name, receiver name) of every update()/bulk_*() call whose
    receiver chain starts with a name (``Model.objects.filter(...).update(...)``)."""
    root = Path(settings.BASE_DIR)
    for package in APP_PACKAGES:
        for path in sorted((root / package).rglob("*.py")):
            relative = path.relative_to(root)
            if "migrations" in relative.parts:
                continue
            tree = ast.parse(path.read_text(), filename=str(path))
            module = ".".join(relative.with_suffix("").parts)
            for node in ast.walk(tree):
                if not (
                    isinstance(node, ast.Call)
                    and isinstance(node.func, ast.Attribute)
                    and node.func.attr in WRITES_WITHOUT_SIGNALS
                ):
                    continue
                receiver = node.func.value
                while isinstance(receiver, ast.Attribute | ast.Call | ast.Subscript):
                    receiver = receiver.func if isinstance(receiver, ast.Call) else receiver.value
                if isinstance(receiver, ast.Name):
                    yield str(relative), node.lineno, module, receiver.id


def test_writes_that_send_no_signals_invalidate_what_they_change():
    """``update()``, ``bulk_update()`` and ``bulk_create()`` on a model shown to readers must
    go through an ``InvalidatingQuerySet`` (portal.caching.querysets)."""
    unguarded = []
    for path, line, module_name, name in _write_calls():
        target = getattr(importlib.import_module(module_name), name, None)
        if not (isinstance(target, type) and issubclass(target, models.Model)):
            continue  # a dict, a set, a hash, a local queryset variable
        if target._meta.label_lower in NOT_SHOWN or (path, name) in ALLOWED_WRITES:
            continue
        if _is_bulk_seeding(path):
            continue
        if isinstance(target._default_manager.get_queryset(), InvalidatingQuerySet):
            continue
        unguarded.append(f"{path}:{line} {name}")
    assert unguarded == []


def test_the_scan_finds_the_writes_it_guards():
    found = {(path, name) for path, _line, _module, name in _write_calls()}
    assert ("blog/comments.py", "PortalComment") in found
    assert ("events/management/commands/purge_registration_notes.py", "Registration") in found

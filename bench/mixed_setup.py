"""The Django side of ``bench/mixed_bench.py``: accounts and facts the traffic needs.

Run by the harness with the server's environment (same database, same SECRET_KEY):

    python bench/mixed_setup.py MEMBERS PASSWORD

Creates (once; later runs reuse them) ``MEMBERS`` club members ``mixbench-<n>@example.org``
with a verified address and ``PASSWORD``, makes a fresh signed-in session for each, and
prints one JSON object with what the traffic needs: the sessions, the bench members'
existing registrations, the events open for registration, articles that take comments,
the listing pages, the account and search paths per language and search terms.
"""

import json
import os
import random
import re
import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.production")

import django  # noqa: E402

django.setup()

from allauth.account.models import EmailAddress  # noqa: E402
from django.contrib.auth import (  # noqa: E402
    BACKEND_SESSION_KEY,
    HASH_SESSION_KEY,
    SESSION_KEY,
)
from django.contrib.auth.hashers import make_password  # noqa: E402
from django.contrib.sessions.backends.db import SessionStore  # noqa: E402
from django.db import transaction  # noqa: E402
from django.urls import reverse  # noqa: E402
from django.utils import timezone, translation  # noqa: E402
from wagtail.models import Page, PageViewRestriction  # noqa: E402

from blog.models import BlogPage  # noqa: E402
from community.models import User  # noqa: E402
from events.models import EventPage, Registration  # noqa: E402
from events.registration import registration_refusal  # noqa: E402
from home.models import Topic  # noqa: E402
from portal.membership import grant_membership  # noqa: E402

LISTING_TYPES = {
    "blog": "blog.BlogIndexPage",
    "directory": "community.MemberIndexPage",
    "marketplace": "community.SolutionIndexPage",
    "projects": "community.ProjectIndexPage",
    "events": "events.EventIndexPage",
}
EMAIL = "mixbench-{}@example.org"


def bench_members(count, password):
    """The bench's club members (created once, with one password hash for all: hashing a
    few hundred passwords at production cost would take minutes)."""
    emails = [EMAIL.format(number) for number in range(count)]
    existing = {user.email: user for user in User.objects.filter(email__in=emails)}
    password_hash = make_password(password)
    for number, email in enumerate(emails):
        if email not in existing:
            with transaction.atomic():
                user = User.objects.create_user(
                    email=email, password=None, first_name="Bench", last_name=f"Mitglied {number}"
                )
                EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
                grant_membership(user)
    # This run's password (sessions made afterwards carry the matching hash).
    User.objects.filter(email__in=emails).update(password=password_hash)
    return list(User.objects.filter(email__in=emails).order_by("pk"))


def new_session(user):
    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "portal.auth_backends.ModelBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.create()
    return session.session_key


def restricted(page, restricted_paths):
    return any(page.path.startswith(path) for path in restricted_paths)


def main():
    count, password = int(sys.argv[1]), sys.argv[2]
    rng = random.Random(1)
    members = bench_members(count, password)
    restricted_paths = [r.page.path for r in PageViewRestriction.objects.select_related("page")]

    now = timezone.now()
    events = []
    for event in EventPage.objects.live().filter(start__gt=now).order_by("start"):
        if restricted(event, restricted_paths) or event.registration_event().pk != event.pk:
            continue  # translations share the seats of the German event: listed with it
        if registration_refusal(event, members[0]) is not None:
            continue
        urls = [event.url] + [
            page.url
            for page in EventPage.objects.live().filter(translation_key=event.translation_key)
            if page.pk != event.pk
        ]
        events.append({"id": event.pk, "register_urls": [f"{url}register/" for url in urls]})

    registered = {}
    for user_id, event_id in Registration.objects.filter(user__in=members).values_list(
        "user_id", "event_id"
    ):
        registered.setdefault(str(user_id), []).append(event_id)

    articles = [
        page.url
        for page in BlogPage.objects.live().filter(comments_open=True).order_by("pk")
        if not restricted(page, restricted_paths)
    ]
    articles = rng.sample(articles, min(len(articles), 500))

    listings = {}
    for kind, label in LISTING_TYPES.items():
        app_label, model = label.split(".")
        pages = Page.objects.live().filter(
            content_type__app_label=app_label, content_type__model=model.lower()
        )
        listings[kind] = [page.url for page in pages if not restricted(page, restricted_paths)]

    paths = {}
    for language in ("de", "en"):
        with translation.override(language):
            paths[language] = {
                "account": reverse("community:account"),
                "profile": reverse("community:profile"),
                "search": reverse("search"),
            }
    paths["login"] = reverse("account_login")

    # Search terms as readers type them: topic names and frequent words of article titles.
    terms = {topic.name for topic in Topic.objects.all()}
    words = Counter()
    for title in BlogPage.objects.live().values_list("title", flat=True):
        words.update(word for word in re.findall(r"\w{6,}", title) if not word.isdigit())
    terms.update(word for word, _ in words.most_common(120))

    print(
        json.dumps(
            {
                "members": [
                    {"id": user.pk, "email": user.email, "session": new_session(user)}
                    for user in members
                ],
                "registered": registered,
                "events": events,
                "articles": articles,
                "listings": listings,
                "paths": paths,
                "search_terms": sorted(terms),
            }
        )
    )


if __name__ == "__main__":
    main()

"""``seed_bulk`` volumes of the experts, ideas, library and subscriptions apps: the bulk
pages are live, in a consistent tree, listed and reachable; the rows the apps' rules rely
on exist; a second run continues the numbering."""

import io
import re

import pytest
from django.core.management import call_command
from wagtail.models import Page, PageViewRestriction

from demo.management.commands.load_demo_content import demo_modules
from experts.models import ExpertIndexPage, ExpertPage
from ideas.models import IdeaIndexPage, IdeaPage, IdeaStatus, IdeaSupport
from ideas.rules import announced_status, is_public
from library.models import LibraryIndexPage, ResourcePage
from portal.membership import members_group
from subscriptions.content_types import content_type_choices
from subscriptions.models import Subscription

pytestmark = pytest.mark.django_db

SCALE = "0.01"  # 10 experts, 10 ideas with about 50 supports, 10 resources, 100 subscribers


def seed():
    call_command("seed_bulk", "--scale", SCALE, stdout=io.StringIO())


def result_count(client, url):
    """The number in the listing's result count ("12 Ideen")."""
    response = client.get(url)
    assert response.status_code == 200, url
    found = re.search(r'<p class="result-count" role="status">(\d+)', response.text)
    assert found, url
    return int(found.group(1))


def bulk(model, prefix):
    return model.objects.filter(slug__startswith=prefix, locale__language_code="de")


def test_the_subscriptions_demo_module_is_loaded(demo_content):
    assert "subscriptions" in dict(demo_modules())
    assert Subscription.objects.confirmed().filter(email="demo-gast@example.org").exists()


def test_seed_bulk_adds_listed_reachable_pages_and_continues_numbering(demo_content, client):
    indexes = {
        "berater-": ExpertIndexPage.objects.get(locale__language_code="de").url,
        "idee-": IdeaIndexPage.objects.get(locale__language_code="de").url,
        "ressource-": LibraryIndexPage.objects.get(locale__language_code="de").url,
    }
    models = {"berater-": ExpertPage, "idee-": IdeaPage, "ressource-": ResourcePage}
    listed = {prefix: result_count(client, url) for prefix, url in indexes.items()}
    subscribers = Subscription.objects.confirmed().count()

    seed()
    for prefix, model in models.items():
        pages = bulk(model, prefix)
        assert pages.count() == 10, prefix
        assert pages.live().count() == 10
        assert result_count(client, indexes[prefix]) == listed[prefix] + 10, prefix
    assert Subscription.objects.confirmed().count() == subscribers + 100
    assert all(problems == [] for problems in Page.find_problems())

    # Every bulk page is reachable at its address (members-only resources: for members).
    public = ResourcePage.objects.filter(slug__startswith="ressource-").public()
    for page in [
        bulk(ExpertPage, "berater-").first(),
        bulk(IdeaPage, "idee-").first(),
        public.first(),
    ]:
        assert client.get(page.url).status_code == 200, page.url

    seed()
    for prefix, model in models.items():
        slugs = set(bulk(model, prefix).values_list("slug", flat=True))
        assert slugs == {f"{prefix}{number}" for number in range(1, 21)}, prefix
        assert result_count(client, indexes[prefix]) == listed[prefix] + 20, prefix
    assert Subscription.objects.confirmed().count() == subscribers + 200
    assert all(problems == [] for problems in Page.find_problems())


def test_bulk_pages_have_a_parent_with_the_right_child_count_and_locale(demo_content):
    seed()
    for model, prefix in (
        (ExpertPage, "berater-"),
        (IdeaPage, "idee-"),
        (ResourcePage, "ressource-"),
    ):
        page = bulk(model, prefix).first()
        parent = page.get_parent()
        assert parent.numchild == parent.get_children().count()
        assert page.locale_id == parent.locale_id
        assert page.url_path == f"{parent.url_path}{page.slug}/"
        assert page.translation_key is not None
        assert bulk(model, prefix).values("translation_key").distinct().count() == 10


def test_bulk_experts_have_topics_regions_and_languages(demo_content):
    seed()
    for expert in bulk(ExpertPage, "berater-").prefetch_related("topics", "regions", "languages"):
        assert expert.topics.all() and expert.regions.all() and expert.languages.all()
        assert expert.name == expert.title


def test_bulk_ideas_are_public_with_their_status_announced_and_supports(demo_content):
    seed()
    ideas = list(bulk(IdeaPage, "idee-"))
    assert all(is_public(idea) for idea in ideas)
    for idea in ideas:
        assert idea.submission.is_confirmed
        assert not idea.submission.notify
        assert announced_status(idea) == idea.status  # publishing it again e-mails nobody
        assert idea.topics.exists()
        if idea.status != IdeaStatus.NEW:
            assert idea.status_reason
        if idea.status == IdeaStatus.PILOT:
            assert idea.pilot_project_id
        idea.full_clean()  # the model's own rules (status reason, pilot project)
    supports = IdeaSupport.objects.filter(idea__in=ideas)
    assert 40 <= supports.count() <= 60
    assert not supports.filter(confirmed_at=None).exists()


def test_bulk_resources_fit_their_type_and_members_only_ones_are_for_members(demo_content):
    seed()
    for resource in bulk(ResourcePage, "ressource-"):
        assert resource.content_errors() == {}, resource.slug
        assert resource.publishing_errors() == {}, resource.slug
        assert resource.topics.exists()
    restrictions = PageViewRestriction.objects.filter(page__slug__startswith="ressource-")
    for restriction in restrictions:
        assert restriction.restriction_type == PageViewRestriction.GROUPS
        assert list(restriction.groups.all()) == [members_group()]


def test_bulk_subscriptions_are_confirmed_with_known_content_types(demo_content):
    seed()
    subscriptions = Subscription.objects.filter(email__endswith="@bulk.example.org")
    assert subscriptions.count() == 100
    assert not subscriptions.filter(confirmed_at=None).exists()
    known = {key for key, _label in content_type_choices()}
    for subscription in subscriptions:
        assert subscription.content_types and set(subscription.content_types) <= known
        assert subscription.digest_since is not None
        assert {topic.locale.language_code for topic in subscription.topics.all()} <= {
            subscription.language
        }


def test_seed_bulk_adds_matchmaking_cases_with_consistent_logs(demo_content):
    from matchmaking.models import CaseEvent, CaseStatus, MatchRequest
    from matchmaking.reports import status_report

    before = MatchRequest.objects.count()
    seed()
    cases = MatchRequest.objects.filter(title__startswith="Bulk-Bedarf")
    assert cases.count() == 20  # 2,000 at scale 1
    assert MatchRequest.objects.count() == before + 20
    order = [s.value for s in CaseStatus]
    for case in cases.prefetch_related("events"):
        steps = sorted(case.events.all(), key=lambda event: (event.created_at, event.pk))
        assert steps[0].kind == CaseEvent.Kind.SUBMITTED
        statuses = [event.status for event in steps]
        assert statuses == order[: order.index(case.status) + 1]  # one step after another
        assert case.status_changed_at == steps[-1].created_at
        assert bool(case.outcome) == (case.status == CaseStatus.CLOSED)
        assert case.requester.groups.filter(pk=members_group().pk).exists()

    report = {row["key"]: row for row in status_report()}
    assert sum(row["current"] for row in report.values()) == MatchRequest.objects.count()
    assert report[CaseStatus.NEW]["entered"] == MatchRequest.objects.count()

    seed()
    assert cases.count() == 40
    assert cases.filter(title__startswith="Bulk-Bedarf 21:").exists()

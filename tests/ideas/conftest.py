import pytest
from django.contrib.auth.models import Group
from django.core import mail
from wagtail.models import Page

from tests.conftest import refreshed
from tests.factories import IdeaIndexPageFactory, IdeaPageFactory, UserFactory
from tests.search.conftest import search_backend  # noqa: F401 - the search tests' fixture


@pytest.fixture
def ideas_index(home_de):
    return IdeaIndexPageFactory(parent=refreshed(home_de))


@pytest.fixture
def idea(ideas_index, topics):
    return IdeaPageFactory(
        parent=refreshed(ideas_index), title="Bürgerbus", topics=[topics["mobilitaet"]]
    )


@pytest.fixture
def moderator(db):
    person = UserFactory(email="moderatorin@example.org")
    person.groups.add(Group.objects.get(name="Moderators"))
    return person


def approve(page, moderator):
    """A moderator approves the idea's pending workflow (which publishes it)."""
    task_state = Page.objects.get(pk=page.pk).specific.current_workflow_state.current_task_state
    task_state.task.specific.on_action(task_state, moderator, "approve")


def mails_to(address):
    return [message for message in mail.outbox if address in message.to]


def link_in(message, marker):
    for word in message.body.split():
        if marker in word:
            return word
    raise AssertionError(f"no link with {marker!r} in {message.body}")


def publish_with_status(idea, status, reason="", **fields):
    page = Page.objects.get(pk=idea.pk).specific
    page.status = status
    page.status_reason = reason
    for name, value in fields.items():
        setattr(page, name, value)
    page.save_revision().publish()
    return Page.objects.get(pk=idea.pk).specific

"""Editors manage memberships in the admin (filters, German export); members see their
working groups on the account page and in "download my data"; a deleted account leaves no
membership and no access behind."""

import json
import re

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from community.accounts import delete_account
from tests.workinggroups.factories import MembershipFactory, WorkingGroupPageFactory
from workinggroups import rules
from workinggroups.models import MembershipStatus, WorkingGroupMembership

pytestmark = pytest.mark.django_db


def test_editors_list_and_filter_memberships(client, editor, group, lead, in_group, outsider):
    rules.request_membership(group, outsider)
    client.force_login(editor)
    url = reverse("working_group_memberships:index")
    response = client.get(url)
    assert response.status_code == 200
    assert "Lena Leitung" in response.text and "Otto Außen" in response.text
    filtered = client.get(url, {"status": MembershipStatus.REQUESTED}).text
    assert "Otto Außen" in filtered and "Dora Drin" not in filtered


def test_the_membership_list_says_yes_or_no_in_words(client, editor, group, lead, in_group):
    WorkingGroupMembership.objects.filter(user=lead).update(show_publicly=True)
    WorkingGroupMembership.objects.filter(user=in_group).update(show_publicly=False)
    client.force_login(editor)
    html = client.get(reverse("working_group_memberships:index")).text
    cells = [cell.strip() for cell in re.findall(r"<td[^>]*>([^<]*)</td>", html)]
    assert "Ja" in cells and "Nein" in cells
    assert "True" not in cells and "False" not in cells


def test_editors_export_memberships_as_german_csv(client, editor, group, lead):
    client.force_login(editor)
    response = client.get(reverse("working_group_memberships:index"), {"export": "csv"})
    assert response.status_code == 200
    data = b"".join(response.streaming_content).decode("utf-8-sig")
    header = data.splitlines()[0]
    assert header.startswith("Arbeitskreis;Person;E-Mail-Adresse;Rolle;Status")
    assert "Lenkungskreis;Lena Leitung;leitung@example.org;Leitung;Aufgenommen" in data


def test_an_editor_changes_a_membership_and_the_access_follows(client, editor, group, outsider):
    membership = rules.request_membership(group, outsider)
    client.force_login(editor)
    url = reverse("working_group_memberships:edit", args=[membership.pk])
    response = client.post(
        url,
        {
            "group": group.pk,
            "user": outsider.pk,
            "role": "leitung",
            "status": MembershipStatus.APPROVED,
            "show_publicly": "on",
            "message": "",
        },
    )
    assert response.status_code == 302
    assert rules.is_lead(outsider, group)
    assert outsider.groups.filter(pk=rules.access_for(group).group.pk).exists()


def test_the_membership_admin_is_for_editors_only(client, in_group, lead):
    client.force_login(in_group)
    response = client.get(reverse("working_group_memberships:index"))
    assert response.status_code in (302, 403)


def test_moderators_may_manage_memberships():
    moderators = Group.objects.get(name="Moderators")
    codenames = set(
        moderators.permissions.filter(content_type__app_label="workinggroups").values_list(
            "codename", flat=True
        )
    )
    assert "change_workinggroupmembership" in codenames


def test_the_account_page_has_a_working_groups_section(client, group, in_group):
    client.force_login(in_group)
    html = client.get(reverse("community:account")).text
    assert "Meine Arbeitskreise" in html
    assert "Lenkungskreis" in html
    assert reverse("workinggroups:account") in html


def test_the_lead_sees_the_number_of_open_requests(client, group, lead, outsider):
    rules.request_membership(group, outsider)
    client.force_login(lead)
    html = client.get(reverse("community:account")).text
    assert "1 Beitrittsanfrage wartet auf Ihre Entscheidung." in html


def test_my_data_contains_the_memberships(client, group, in_group):
    client.force_login(in_group)
    response = client.get(reverse("community:export"))
    data = json.loads(b"".join(getattr(response, "streaming_content", [response.content])))
    [entry] = data["working_groups"]
    assert entry["group"] == "Lenkungskreis"
    assert entry["status"] == MembershipStatus.APPROVED


def test_deleting_the_account_removes_memberships_and_access(group, area, in_group, lead):
    access_group = rules.access_for(group).group
    assert access_group.user_set.filter(pk=in_group.pk).exists()
    MembershipFactory(group=group, user=in_group.__class__.objects.create(email="x@example.org"))
    delete_account(in_group)
    assert not WorkingGroupMembership.objects.filter(user_id=in_group.pk).exists()
    assert not access_group.user_set.filter(pk=in_group.pk).exists()
    assert WorkingGroupMembership.objects.filter(user=lead).exists()


def test_editors_decide_requests_in_the_admin_and_the_person_hears_of_it(
    client, editor, group, outsider, django_capture_on_commit_callbacks
):
    from django.core import mail

    membership = rules.request_membership(group, outsider)
    client.force_login(editor)
    index = client.get(reverse("working_group_memberships:index")).text
    url = reverse("working_group_memberships:decide", args=[membership.pk, "approve"])
    assert url in index
    assert client.get(url).status_code == 200
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(url).status_code == 302
    membership.refresh_from_db()
    assert membership.status == MembershipStatus.APPROVED
    assert mail.outbox[0].to == [outsider.email]
    # A second decision is refused with a message, unknown decisions and requests are not found.
    decline = reverse("working_group_memberships:decide", args=[membership.pk, "decline"])
    assert client.post(decline, follow=True).status_code == 200
    membership.refresh_from_db()
    assert membership.status == MembershipStatus.APPROVED
    bad = reverse("working_group_memberships:decide", args=[membership.pk, "vielleicht"])
    # (The admin's 404 ends in the locale middleware's redirect to /de/admin/...: no page.)
    assert client.post(bad).status_code in (302, 404)
    missing = reverse("working_group_memberships:decide", args=[999999, "approve"])
    assert client.post(missing).status_code in (302, 404)
    membership.refresh_from_db()
    assert membership.status == MembershipStatus.APPROVED


def test_members_cannot_decide_in_the_admin(client, group, in_group, outsider):
    membership = rules.request_membership(group, outsider)
    client.force_login(in_group)
    url = reverse("working_group_memberships:decide", args=[membership.pk, "approve"])
    assert client.post(url).status_code in (302, 403)
    membership.refresh_from_db()
    assert membership.status == MembershipStatus.REQUESTED


def test_the_group_filter_offers_each_group_once_and_finds_both_translations(
    client, editor, group, lead, in_group, outsider, locale_en
):
    english = group.copy_for_translation(locale_en, copy_parents=True)
    english.title = "Steering circle"
    english.save_revision().publish()
    other = WorkingGroupPageFactory(parent=group.get_parent(), title="Arbeitskreis Wasser")
    MembershipFactory(group=other, user=outsider)
    # A membership recorded on the English page (e.g. chosen so in the admin form).
    WorkingGroupMembership.objects.filter(user=in_group).update(group=english)
    client.force_login(editor)
    url = reverse("working_group_memberships:index")
    field = client.get(url).context["filters"].form.fields["group"]
    labels = [str(label) for value, label in field.choices if value != ""]
    assert labels.count("Lenkungskreis") == 1
    assert "Steering circle" not in labels
    assert "Arbeitskreis Wasser" in labels
    filtered = client.get(url, {"group": group.pk}).text
    assert "Lena Leitung" in filtered and "Dora Drin" in filtered
    assert "Otto Außen" not in filtered

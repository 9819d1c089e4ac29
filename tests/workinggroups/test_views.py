"""Working groups through the site: the group page for every kind of reader, asking to
join, leaving, the leads' account page, the members-only area, its documents and the
search, and bad input (never a 500, never a stored change)."""

import pytest
from django.core import mail
from django.core.files.base import ContentFile
from django.urls import reverse
from wagtail.documents import get_document_model
from wagtail.models import Collection
from wagtail.test.utils.form_data import nested_form_data, querydict_from_html, streamfield

from tests.conftest import refreshed
from tests.portal.test_error_summary import assert_no_summary, error_summary
from tests.search.conftest import search, titles
from tests.workinggroups.conftest import club_person
from tests.workinggroups.factories import MembershipFactory, WorkingGroupPageFactory
from workinggroups import rules
from workinggroups.models import MembershipRole, MembershipStatus, WorkingGroupMembership

pytestmark = pytest.mark.django_db


def join_url(group):
    return reverse("workinggroups:join", args=[group.pk])


def leave_url(group):
    return reverse("workinggroups:leave", args=[group.pk])


def decide_url(membership):
    return reverse("workinggroups:decide", args=[membership.pk])


# --- The group page ------------------------------------------------------------------------


@pytest.fixture
def page_cache(settings):
    settings.PAGE_CACHE_ENABLED = True


def test_guests_see_the_group_and_how_to_join(client, group, page_cache):
    response = client.get(group.url)
    assert response.status_code == 200
    html = response.text
    assert "<h1" in html and "Lenkungskreis" in html
    assert "Mitglieder des Clubs können beitreten." in html
    assert "Beitritt anfragen" not in html
    assert client.get(group.url)["X-Page-Cache"] == "HIT"


def test_signed_in_non_members_are_told_to_become_club_members(client, group, non_member):
    client.force_login(non_member)
    html = client.get(group.url).text
    assert "Arbeitskreisen beitreten können nur Mitglieder des Clubs." in html
    assert "Beitritt anfragen" not in html


def test_club_members_outside_the_group_get_the_join_form(client, group, area, outsider):
    client.force_login(outsider)
    html = client.get(group.url).text
    assert "Beitritt anfragen" in html
    assert 'name="csrfmiddlewaretoken"' in html
    assert area.url not in html


def test_members_of_the_group_get_the_area_link_and_can_leave(client, group, area, in_group):
    client.force_login(in_group)
    html = client.get(group.url).text
    assert area.url in html
    assert "Austreten" in html and "Beitritt anfragen" not in html


def test_leads_are_pointed_to_their_requests(client, group, lead):
    client.force_login(lead)
    html = client.get(group.url).text
    assert "Sie leiten diesen Arbeitskreis." in html
    assert reverse("workinggroups:account") in html


def test_the_page_lists_consenting_members_only(client, group, lead, in_group):
    WorkingGroupMembership.objects.filter(user=lead).update(show_publicly=True)
    html = client.get(group.url).text
    assert "Lena Leitung" in html
    assert "Dora Drin" not in html
    assert "leitung@example.org" not in html


def test_the_index_lists_the_groups(client, groups_index, group):
    response = client.get(groups_index.url)
    assert response.status_code == 200
    assert group.url in response.text


# --- Joining and leaving -------------------------------------------------------------------


def test_a_member_asks_to_join(client, group, lead, outsider, django_capture_on_commit_callbacks):
    client.force_login(outsider)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(join_url(group), {"message": "Gern dabei", "show_publicly": "on"})
    assert response.status_code == 302
    membership = WorkingGroupMembership.objects.get(user=outsider)
    assert (membership.status, membership.show_publicly) == (MembershipStatus.REQUESTED, True)
    assert mail.outbox[0].to == [lead.email]
    html = client.get(response["Location"]).text
    assert "Ihre Anfrage liegt der Leitung des Arbeitskreises vor." in html


def test_a_second_request_is_refused_with_a_message(client, group, outsider):
    client.force_login(outsider)
    client.post(join_url(group), {})
    response = client.post(join_url(group), {}, follow=True)
    assert "bereits vor" in response.text
    assert WorkingGroupMembership.objects.filter(user=outsider).count() == 1


def test_guests_are_sent_to_sign_in_and_nothing_is_stored(client, group):
    response = client.post(join_url(group), {})
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]
    assert not WorkingGroupMembership.objects.exists()


def test_non_members_get_a_clear_message(client, group, non_member):
    client.force_login(non_member)
    response = client.post(join_url(group), {}, follow=True)
    assert "nur Mitglieder des Clubs" in response.text
    assert not WorkingGroupMembership.objects.exists()


def test_joining_needs_post_and_csrf(group, outsider, client):
    from django.test import Client

    client.force_login(outsider)
    assert client.get(join_url(group)).status_code == 405
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(outsider)
    assert strict.post(join_url(group), {}).status_code == 403
    assert not WorkingGroupMembership.objects.exists()


@pytest.mark.parametrize("page_id", [0, 999999])
def test_joining_an_unknown_group_is_404(client, outsider, page_id):
    client.force_login(outsider)
    assert client.post(reverse("workinggroups:join", args=[page_id]), {}).status_code == 404


def test_joining_a_page_that_is_no_group_is_404(client, outsider, home_de):
    client.force_login(outsider)
    assert client.post(reverse("workinggroups:join", args=[home_de.pk]), {}).status_code == 404


def test_joining_an_unpublished_group_is_404(client, group, outsider):
    refreshed(group).unpublish()
    client.force_login(outsider)
    assert client.post(join_url(group), {}).status_code == 404


@pytest.mark.parametrize(
    "data",
    [
        {"message": "<script>alert(1)</script>", "show_publicly": "\x00"},
        {"show_publicly": ["a", "b"]},
    ],
)
def test_hostile_join_input_never_breaks(client, group, outsider, data):
    client.force_login(outsider)
    response = client.post(join_url(group), data)
    assert response.status_code == 302
    assert WorkingGroupMembership.objects.filter(user=outsider).count() <= 1


def test_a_too_long_message_comes_back_with_the_error_summary(client, group, outsider):
    client.force_login(outsider)
    response = client.post(join_url(group), {"message": "x" * 1001, "show_publicly": "on"})
    assert response.status_code == 400
    targets, text = error_summary(response)
    assert targets == ["id_message"]
    assert "höchstens 1000 Zeichen" in text
    html = response.text
    assert '<h3 class="error-summary__title">' in html  # under "Mitarbeiten" (h2)
    assert "x" * 1001 in html  # what the reader wrote is still there
    assert f'action="{join_url(group)}#error-summary"' in html
    assert not WorkingGroupMembership.objects.exists()


def test_the_join_form_brings_the_reader_back_to_it(client, group, outsider):
    client.force_login(outsider)
    response = client.get(group.url)
    assert f'action="{join_url(group)}#error-summary"' in response.text
    assert_no_summary(response)
    # A request that went through: an explicit fragment, not the form's #error-summary.
    assert client.post(join_url(group), {})["Location"] == f"{group.url}#mitarbeit"


def test_who_may_not_join_hears_why_even_with_a_too_long_message(client, group, non_member):
    client.force_login(non_member)
    response = client.post(join_url(group), {"message": "x" * 1001})
    assert response.status_code == 302
    page = client.get(response["Location"])
    assert "nur Mitglieder des Clubs" in page.text
    assert_no_summary(page)


def test_a_member_leaves(client, group, in_group):
    client.force_login(in_group)
    response = client.post(leave_url(group), follow=True)
    assert "ausgetreten" in response.text
    assert WorkingGroupMembership.objects.get(user=in_group).status == MembershipStatus.LEFT


def test_leaving_without_membership_is_a_message(client, group, outsider):
    client.force_login(outsider)
    response = client.post(leave_url(group), follow=True)
    assert response.status_code == 200
    assert "nicht an" in response.text


def test_guests_cannot_leave(client, group):
    response = client.post(leave_url(group))
    assert "/accounts/login/" in response["Location"]


# --- The leads' account page ---------------------------------------------------------------


def test_the_account_page_needs_a_sign_in(client):
    response = client.get(reverse("workinggroups:account"))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_the_lead_sees_and_approves_a_request(
    client, group, lead, outsider, django_capture_on_commit_callbacks
):
    membership = rules.request_membership(group, outsider, message="Hallo <b>Team</b>")
    mail.outbox.clear()
    client.force_login(lead)
    html = client.get(reverse("workinggroups:account")).text
    assert "Otto Außen" in html and "Hallo &lt;b&gt;Team&lt;/b&gt;" in html
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(decide_url(membership), {"decision": "approve"})
    assert response.status_code == 302
    membership.refresh_from_db()
    assert membership.status == MembershipStatus.APPROVED
    assert mail.outbox[0].to == [outsider.email]


def test_the_lead_declines_a_request(client, group, lead, outsider):
    membership = rules.request_membership(group, outsider)
    client.force_login(lead)
    client.post(decide_url(membership), {"decision": "decline"})
    membership.refresh_from_db()
    assert membership.status == MembershipStatus.DECLINED


def test_members_see_no_requests(client, group, lead, in_group, outsider):
    rules.request_membership(group, outsider)
    client.force_login(in_group)
    html = client.get(reverse("workinggroups:account")).text
    assert "Otto Außen" not in html
    assert "Lenkungskreis" in html


@pytest.mark.parametrize("who", ["in_group", "outsider", "non_member", "other_lead", "editor"])
def test_nobody_but_the_groups_lead_decides_on_the_account_page(
    client, groups_index, group, lead, outsider, who, request
):
    membership = rules.request_membership(group, outsider)
    if who == "other_lead":
        other = WorkingGroupPageFactory(parent=refreshed(groups_index))
        person = club_person("andere@example.org")
        MembershipFactory(group=other, user=person, role=MembershipRole.LEAD)
    else:
        person = request.getfixturevalue(who)
    client.force_login(person)
    assert client.post(decide_url(membership), {"decision": "approve"}).status_code == 404
    membership.refresh_from_db()
    assert membership.status == MembershipStatus.REQUESTED


def test_deciding_needs_a_sign_in(client, group, outsider):
    membership = rules.request_membership(group, outsider)
    response = client.post(decide_url(membership), {"decision": "approve"})
    assert "/accounts/login/" in response["Location"]


@pytest.mark.parametrize("decision", ["", "ja", "<script>", "\x00", "approve" * 100])
def test_a_bad_decision_changes_nothing(client, group, lead, outsider, decision):
    membership = rules.request_membership(group, outsider)
    client.force_login(lead)
    response = client.post(decide_url(membership), {"decision": decision})
    assert response.status_code == 302
    membership.refresh_from_db()
    assert membership.status == MembershipStatus.REQUESTED


def test_deciding_twice_or_on_unknown_requests(client, group, lead, outsider):
    membership = rules.request_membership(group, outsider)
    client.force_login(lead)
    client.post(decide_url(membership), {"decision": "approve"})
    response = client.post(decide_url(membership), {"decision": "decline"}, follow=True)
    assert "bereits entschieden" in response.text
    membership.refresh_from_db()
    assert membership.status == MembershipStatus.APPROVED
    assert client.post("/de/konto/arbeitskreise/anfrage/999999/", {}).status_code == 404
    assert client.get(decide_url(membership)).status_code == 405


def test_a_member_chooses_to_be_shown(client, group, in_group, outsider):
    membership = WorkingGroupMembership.objects.get(user=in_group)
    url = reverse("workinggroups:visibility", args=[membership.pk])
    client.force_login(outsider)
    assert client.post(url, {"show_publicly": "on"}).status_code == 404
    client.force_login(in_group)
    client.post(url, {"show_publicly": "on"})
    membership.refresh_from_db()
    assert membership.show_publicly
    assert "Dora Drin" in client.get(group.url).text
    client.post(url, {})
    membership.refresh_from_db()
    assert not membership.show_publicly


def test_english_urls_and_texts(client, group, outsider):
    client.force_login(outsider)
    response = client.get("/en/account/working-groups/")
    assert response.status_code == 200
    assert "My working groups" in response.text


# --- The members-only area -----------------------------------------------------------------


def test_guests_are_sent_to_sign_in(client, area):
    response = client.get(area.url)
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]
    assert "Quantenzisterne" not in response.content.decode()


@pytest.mark.parametrize("who", ["non_member", "outsider"])
def test_people_outside_the_group_get_a_403(client, area, who, request):
    client.force_login(request.getfixturevalue(who))
    response = client.get(area.url)
    assert response.status_code == 403
    assert "Quantenzisterne" not in response.text
    assert "Nur für Mitglieder des Arbeitskreises" in response.text


@pytest.mark.parametrize("who", ["in_group", "lead", "editor", "admin_user"])
def test_the_group_and_the_editors_open_the_area(client, area, who, request):
    client.force_login(request.getfixturevalue(who))
    response = client.get(area.url)
    assert response.status_code == 200
    html = response.text
    assert "Quantenzisterne" in html
    assert html.index("Herbst") < html.index("Frühjahr")  # newest minutes first


def test_a_member_who_left_loses_access(client, group, area, in_group):
    client.force_login(in_group)
    assert client.get(area.url).status_code == 200
    rules.leave(group, in_group)
    assert client.get(area.url).status_code == 403


def test_the_cached_group_page_shows_a_newly_admitted_member(
    client, group, lead, outsider, page_cache
):
    assert "Otto Außen" not in client.get(group.url).text
    assert client.get(group.url)["X-Page-Cache"] == "HIT"
    membership = rules.request_membership(group, outsider, show_publicly=True)
    assert client.get(group.url)["X-Page-Cache"] == "HIT"  # an open request changes nothing
    rules.decide(membership, lead, approve=True)
    response = client.get(group.url)
    assert response["X-Page-Cache"] == "MISS"
    assert "Otto Außen" in response.text


def test_the_area_never_enters_the_shared_cache(client, area, in_group, page_cache):
    client.force_login(in_group)
    assert client.get(area.url).status_code == 200
    client.logout()
    response = client.get(area.url)
    assert response.status_code == 302
    assert response.get("X-Page-Cache") != "HIT"


def test_the_search_shows_the_area_to_the_group_only(client, area, in_group, outsider):
    _, outcome = search(client, "Quantenzisterne")
    assert titles(outcome) == []
    client.force_login(outsider)
    _, outcome = search(client, "Quantenzisterne")
    assert titles(outcome) == []
    client.force_login(in_group)
    _, outcome = search(client, "Quantenzisterne")
    assert titles(outcome) == ["Mitgliederbereich"]


@pytest.fixture
def group_document(group, settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    settings.PRIVATE_MEDIA_ROOT = str(tmp_path / "private")
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "portal.storage.PortalFileStorage"},
    }
    document = get_document_model()(title="Haushaltsentwurf")
    document.collection = rules.access_for(group).collection
    document.file.save("entwurf.pdf", ContentFile(b"%PDF-1.4 intern"), save=False)
    document.save()
    return document


def content_of(response):
    if response.streaming:
        return b"".join(response.streaming_content)
    return response.content


@pytest.mark.parametrize("who", [None, "non_member", "outsider"])
def test_the_groups_documents_do_not_download_for_others(client, group_document, who, request):
    if who:
        client.force_login(request.getfixturevalue(who))
    response = client.get(group_document.url)
    assert response.status_code in (302, 403, 404)
    assert b"intern" not in content_of(response)
    for path in (
        f"/media/{group_document.file.name}",
        f"/private-media/{group_document.file.name}",
    ):
        response = client.get(path)
        assert b"intern" not in content_of(response)


@pytest.mark.parametrize("who", ["in_group", "lead", "editor"])
def test_the_group_downloads_its_documents(client, group_document, who, request):
    client.force_login(request.getfixturevalue(who))
    response = client.get(group_document.url)
    assert response.status_code == 200
    assert content_of(response) == b"%PDF-1.4 intern"


def test_the_area_refuses_documents_from_outside_the_groups_collection(client, group, admin_user):
    public = get_document_model().objects.create(
        title="Öffentliches Papier",
        file=ContentFile(b"x", name="papier.pdf"),
        collection=Collection.get_first_root_node(),
    )
    client.force_login(admin_user)
    add_url = f"/admin/pages/add/workinggroups/workinggroupareapage/{group.pk}/"
    data = querydict_from_html(client.get(add_url).content.decode(), form_id="page-edit-form")
    data["title"] = "Bereich"
    data["slug"] = "bereich"
    data.update(
        nested_form_data(
            {
                "documents": streamfield(
                    [("document", {"document": public.pk, "description": ""})]
                ),
                "minutes": streamfield([]),
            }
        )
    )
    data["action-publish"] = "action-publish"
    response = client.post(add_url, data)
    assert response.status_code == 200
    errors = " ".join(response.context["form"].errors["documents"])
    assert "Öffentliches Papier" in errors and "Arbeitskreis: Lenkungskreis" in errors
    assert not group.get_children().exists()

    inside = get_document_model().objects.create(
        title="Internes Papier",
        file=ContentFile(b"y", name="intern.pdf"),
        collection=rules.access_for(group).collection,
    )
    data.update(
        nested_form_data(
            {"documents": streamfield([("document", {"document": inside.pk, "description": ""})])}
        )
    )
    response = client.post(add_url, data)
    assert response.status_code == 302
    area = refreshed(group).get_children().get().specific
    assert area.live
    assert area.get_view_restrictions().get().restriction_type == "groups"


def test_an_alias_of_the_area_elsewhere_opens_for_the_group_only(
    client, home_de, area, in_group, outsider
):
    alias = area.create_alias(parent=refreshed(home_de), update_slug="bereich-alias")
    url = alias.url
    assert client.get(url).status_code == 302
    client.force_login(outsider)
    response = client.get(url)
    assert response.status_code in (403, 404)
    assert "Quantenzisterne" not in response.content.decode()
    client.force_login(in_group)
    assert client.get(url).status_code == 200

"""The search's building blocks on their own: excerpt marking, query reading, the visibility
rule, the page's parameters and the discovery of searchable types."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.http import QueryDict
from modelsearch.query import And, Phrase, PlainText
from wagtail.models import Page, PageViewRestriction

from blog.models import BlogPage
from community.models import MemberPage, ProjectPage, SolutionPage
from events.models import EventPage
from home.models import StandardPage
from portal.membership import grant_membership, members_group
from search import content_types
from search.checks import check_topic_filter_fields
from search.excerpts import MARK_END, MARK_START, mark_terms, render_marked, summary_excerpt
from search.outcome import SearchParams
from search.query import MAX_QUERY_LENGTH, build_query, clean_query, cut_query
from search.visibility import may_view_restricted
from tests.factories import TopicFactory, UserFactory


def marked(text):
    return text.replace("[", MARK_START).replace("]", MARK_END)


# --- Excerpts -------------------------------------------------------------------------------


def test_marks_become_mark_elements_and_everything_else_is_escaped():
    html = render_marked(marked('<b>fett</b> & [Wasser] "zitiert"'))

    assert html == "&lt;b&gt;fett&lt;/b&gt; &amp; <mark>Wasser</mark> &quot;zitiert&quot;"


def test_unbalanced_marks_never_leave_an_element_open():
    assert render_marked(marked("a ] b [c")) == "a  b <mark>c</mark>"
    assert render_marked(marked("[[a]]")) == "<mark>a</mark>"


def test_mark_terms_marks_words_starting_with_a_query_term():
    assert mark_terms("Innovationen in der Stadt", ["innovation"]) == marked(
        "[Innovationen] in der Stadt"
    )


def test_mark_terms_ignores_marks_hidden_in_the_content():
    assert mark_terms(marked("x[y]z Wasser"), ["wasser"]) == marked("xyz [Wasser]")


def test_summary_excerpt_is_plain_text_of_limited_length():
    text = summary_excerpt("<p>Wasser " + "und Wald " * 100 + "</p>", "Wasser")

    assert text.startswith(marked("[Wasser] und Wald"))
    assert "<p>" not in text
    assert text.endswith("…")
    assert len(text.split()) <= 42


# --- Reading the query ----------------------------------------------------------------------


def test_query_is_cut_to_the_maximum_length():
    assert len(cut_query("x" * 5000)) == MAX_QUERY_LENGTH


def test_control_characters_are_removed():
    assert cut_query("Wasser\x00\x1b Wald") == "Wasser Wald"


@pytest.mark.parametrize(
    ("typed", "cleaned"),
    [
        ("Wasser AND( Wald", "Wasser AND Wald"),
        ("title:Wasser* ~2 [1 TO 5] \\ /x/", "title Wasser 2 1 TO 5 x"),
        ("E-Government -Papier", "E-Government Papier"),
        ("Bürger_innen", "Bürger innen"),
    ],
)
def test_engine_syntax_is_reduced_to_words(typed, cleaned):
    assert clean_query(typed) == cleaned


def test_words_must_all_match():
    query = build_query("Wasser Wald")

    assert isinstance(query, PlainText)
    assert query.query_string == "Wasser Wald"
    assert query.operator == "and"


def test_quoted_words_become_a_phrase():
    query = build_query('Klima "offene Daten" Stadt')

    assert isinstance(query, And)
    kinds = [(type(q).__name__, q.query_string) for q in query.subqueries]
    assert kinds == [("PlainText", "Klima"), ("Phrase", "offene Daten"), ("PlainText", "Stadt")]


def test_an_unclosed_quote_searches_plain_words():
    query = build_query('Klima "offene Daten')

    assert isinstance(query, PlainText)
    assert query.query_string == "Klima offene Daten"


def test_operators_in_capitals_are_dropped():
    assert build_query("Wasser OR Wald NOT Feuer").query_string == "Wasser Wald Feuer"


def test_nothing_searchable_gives_no_query():
    assert build_query('*** "" ~ AND(') is None


def test_a_one_word_phrase_is_a_plain_word():
    assert not isinstance(build_query('"Wasser"'), Phrase)


# --- Who may see restricted pages -----------------------------------------------------------


@pytest.fixture
def restriction_of_kind(home_de):
    def make(kind, groups=()):
        restriction = PageViewRestriction.objects.create(
            page=home_de, restriction_type=kind, password="x" if kind == "password" else ""
        )
        restriction.groups.set(groups)
        return restriction

    return make


@pytest.mark.django_db
def test_members_group_restriction_admits_members_only(restriction_of_kind):
    restriction = restriction_of_kind(PageViewRestriction.GROUPS, [members_group()])
    member = UserFactory(email="m@example.org")
    grant_membership(member)
    other = UserFactory(email="o@example.org")

    assert may_view_restricted(member, restriction)
    assert not may_view_restricted(other, restriction)
    assert not may_view_restricted(AnonymousUser(), restriction)


@pytest.mark.django_db
def test_inactive_members_are_not_admitted(restriction_of_kind):
    restriction = restriction_of_kind(PageViewRestriction.GROUPS, [members_group()])
    member = UserFactory(email="m@example.org", is_active=False)
    grant_membership(member)

    assert not may_view_restricted(member, restriction)


@pytest.mark.django_db
def test_login_restriction_admits_any_signed_in_user(restriction_of_kind):
    restriction = restriction_of_kind(PageViewRestriction.LOGIN)

    assert may_view_restricted(UserFactory(email="x@example.org"), restriction)
    assert not may_view_restricted(AnonymousUser(), restriction)


@pytest.mark.django_db
def test_password_restriction_admits_nobody_in_search(restriction_of_kind):
    restriction = restriction_of_kind(PageViewRestriction.PASSWORD)
    admin = UserFactory(email="a@example.org", is_superuser=True)

    assert not may_view_restricted(admin, restriction)


# --- The page's parameters ------------------------------------------------------------------


@pytest.mark.django_db
def test_parameters_keep_known_types_and_existing_topics_only():
    TopicFactory(name="Wasser", slug="wasser")
    data = QueryDict(mutable=True)
    data.setlist("type", ["home.standardpage", "nonsense", "document", "home.standardpage"])
    data.setlist("topic", ["wasser", "gibt-es-nicht"])
    data["q"] = "  Wasser  "

    params = SearchParams.from_querydict(data)

    assert params.types == ["home.standardpage", "document"]
    assert params.topics == ["wasser"]
    assert params.query == "Wasser"


# --- Discovery ------------------------------------------------------------------------------


def test_every_page_type_but_the_base_page_is_searchable():
    models = content_types.searchable_page_models()

    assert StandardPage in models
    assert EventPage in models
    assert Page not in models


def test_page_types_with_topics_are_discovered():
    models = content_types.topic_page_models()

    assert {BlogPage, EventPage, MemberPage, SolutionPage, ProjectPage} <= set(models)
    assert StandardPage not in models
    assert all(content_types.filters_on_topics(model) for model in models)


def test_system_check_passes_when_topic_types_declare_the_filter_field():
    assert check_topic_filter_fields() == []

"""The comments of one person (account page, "my data", account deletion) can be found
through an index on PostgreSQL, not only by reading every comment (migration blog 0003;
25 ms per lookup at 25,000 comments without it)."""

import pytest
from django.db import connection

from blog.models import PortalComment
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the expression index exists on PostgreSQL only"
)
def test_the_address_lookup_of_a_persons_comments_has_an_index():
    user = UserFactory(email="Leser@Example.org")
    sql, _params = PortalComment.objects.of_user(user).query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexdef FROM pg_indexes WHERE indexname = 'blog_comment_user_email_upper'"
        )
        (definition,) = cursor.fetchone()

    # The index is on the expression Django's case-insensitive lookup compares.
    assert 'UPPER("django_comments"."user_email"::text)' in sql
    assert "ON public.django_comments" in definition
    assert "upper((user_email)::text)" in definition

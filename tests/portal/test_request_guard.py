"""A NUL character in the address is refused with the 400 page before any view runs
(PostgreSQL text cannot hold it; without the guard a lookup would end in a 500)."""

import pytest

from tests.blog.conftest import make_article
from tests.conftest import refreshed
from tests.factories import BlogIndexPageFactory


@pytest.fixture
def blog_index(home_de):
    return BlogIndexPageFactory(parent=refreshed(home_de))


@pytest.mark.parametrize(
    "query",
    [
        {"topic": "\x00"},
        {"topic": "wasser\x00"},
        {"page": "1\x00"},
        {"year": ["2025", "\x00"]},
        {"\x00": "1"},
    ],
)
@pytest.mark.parametrize("suffix", ["", "feed/", "feed/atom/"])
def test_nul_in_the_query_string_is_a_bad_request(client, blog_index, query, suffix):
    make_article(blog_index, title="Wasser im Modellkreis")

    response = client.get(f"{blog_index.url}{suffix}", query)

    assert response.status_code == 400
    assert "Ungültige Anfrage" in response.content.decode()


def test_nul_in_the_path_is_a_bad_request(client, blog_index):
    response = client.get(f"{blog_index.url}%00/")

    assert response.status_code == 400


def test_ordinary_addresses_pass_the_guard(client, blog_index):
    make_article(blog_index, title="Wasser im Modellkreis")

    assert client.get(blog_index.url, {"topic": "wasser", "page": "1"}).status_code == 200
    assert client.get(f"{blog_index.url}feed/").status_code == 200

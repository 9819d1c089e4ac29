"""Full-text search within a listing (``?q=`` on the marketplace, the event index, ...).

The listings of the content apps narrow their pages to those matching ``?q=`` with the
portal's search (the same backend, query language and fallback as the search page). The
search app provides it through the hook ``portal_full_text_matches``, so that content apps
need not import it (apps depend downwards only); without the hook ``q`` is ignored.
"""

from wagtail import hooks

MAX_QUERY_LENGTH = 200


def listing_query(value):
    """The text searched for in a listing: printable characters, whitespace collapsed, at
    most ``MAX_QUERY_LENGTH`` characters; "" for none."""
    text = "".join(char for char in str(value or "") if char.isprintable() or char.isspace())
    return " ".join(text.split())[:MAX_QUERY_LENGTH].strip()


def full_text_matches(queryset, query):
    """The translation keys of the pages of ``queryset`` that match ``query``, or ``None``
    when there is nothing to search for (no query, only punctuation, no search app)."""
    if not query:
        return None
    for matches in hooks.get_hooks("portal_full_text_matches"):
        return matches(queryset, query)
    return None

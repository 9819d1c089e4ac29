"""Reader-facing views of the library: none of its own. The index page's listing is the
shared listing view (``home.listing.render_listing`` with ``library.listings``), and a
resource page is served by Wagtail, whose privacy check answers members-only resources
(sign-in page for guests, a 403 page offering membership to signed-in non-members)."""

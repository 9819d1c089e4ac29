"""The view behind every listing index page (``home.models.ListingIndexPage``): the page
with its listing, whose filters and results ``portal.caching.listings`` renders once for
all readers."""

from portal.caching.listings import shared_listing


def render_listing(index_page, request):
    """The index page with its listing; the response has the listing's status code
    (``ListingIndexPage.listing_status``)."""
    listing = shared_listing(
        request,
        index_page,
        index_page.listing_name,
        lambda: index_page.listing_context(request),
        index_page.listing_templates,
        status=index_page.listing_status,
        timeout=index_page.listing_timeout(),
    )
    response = index_page.render(request, context_overrides={"listing": listing})
    response.status_code = listing["status"]
    return response

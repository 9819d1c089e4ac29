"""``{% save_search page %}``: the "Suche speichern" section of a listing whose searches can
be saved (``subscriptions.filter_alerts``), rendered per request outside the listing's
shared cache: signed-in readers get the button (a POST form with the listing's current
query string), guests a link to sign in and come back, and the digest subscription."""

from django import template
from django.urls import reverse
from django.utils.translation import get_language

from subscriptions.emails import SAVED_FILTERS_ANCHOR
from subscriptions.filter_alerts import filterable_listing

register = template.Library()


@register.inclusion_tag("subscriptions/includes/save_search.html", takes_context=True)
def save_search(context, page):
    request = context.get("request")
    if request is None or filterable_listing(page) is None:
        return {"shown": False}
    user = getattr(request, "user", None)
    return {
        "shown": True,
        "LANGUAGE_CODE": get_language(),
        "page": page,
        "user": user,
        "query": request.GET.urlencode(),
        "next": request.get_full_path(),
        "saved_filters_url": f"{reverse('community:account')}#{SAVED_FILTERS_ANCHOR}",
    }

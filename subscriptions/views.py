"""Reader-facing views: subscribe, confirm, manage, unsubscribe (RFC 8058 one-click);
save a search of a listing, delete it (account page), unsubscribe from its alerts.

The answer to a subscribe request is the same whether or not the address is subscribed.
Every bad input ends in a form error or a 4xx page in the reader's language; a damaged or
forged link gets 404, an expired confirmation link 410.
"""

from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST
from django_ratelimit.core import is_ratelimited
from wagtail.models import Page

from subscriptions import filter_alerts, subscribing
from subscriptions.emails import SAVED_FILTERS_ANCHOR
from subscriptions.forms import ManageForm, SaveFilterForm, SubscribeForm
from subscriptions.models import SavedFilter
from subscriptions.tokens import (
    ExpiredToken,
    InvalidToken,
    make_unsubscribe_token,
    saved_filter_from_unsubscribe_token,
    subscription_from_confirm_token,
    subscription_from_manage_token,
    subscription_from_unsubscribe_token,
)


def message_page(request, status, title, text):
    return TemplateResponse(
        request, "subscriptions/message.html", {"title": title, "text": text}, status=status
    )


def invalid_link(request):
    return message_page(
        request,
        404,
        _("Link ungültig"),
        _(
            "Dieser Link ist unvollständig oder ungültig. Bitte kopieren Sie ihn ganz aus der "
            "E-Mail."
        ),
    )


def _too_many(request, address):
    """Guests per IP address, signed-in people per account, and every address on its own
    (nobody fills a stranger's mailbox with confirmation requests)."""
    if request.user.is_authenticated:
        group, key = "subscriptions.member", "user"
    else:
        group, key = "subscriptions.guest", "ip"
    rate = settings.SUBSCRIPTIONS_RATE
    if is_ratelimited(request, group=group, key=key, rate=rate, increment=True):
        return True
    return is_ratelimited(
        request,
        group="subscriptions.address",
        key=lambda group, request: address.casefold(),
        rate=settings.SUBSCRIPTIONS_ADDRESS_RATE,
        increment=True,
    )


@require_http_methods(["GET", "POST"])
def subscribe(request):
    language = get_language()
    form = SubscribeForm(request.POST or None, user=request.user, language=language)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            address = (
                request.user.email if request.user.is_authenticated else form.cleaned_data["email"]
            )
            if _too_many(request, address):
                form.add_error(
                    None,
                    _(
                        "Von Ihnen sind in kurzer Zeit viele Anfragen gekommen. Bitte warten "
                        "Sie eine Stunde und senden Sie dann erneut."
                    ),
                )
                status = 429
            else:
                subscribing.request_subscription(
                    address, language, form.cleaned_data, user=request.user
                )
                messages.info(
                    request,
                    _(
                        "Fast geschafft: Wir haben Ihnen eine E-Mail geschickt. Bitte "
                        "bestätigen Sie das Abonnement mit dem Link darin."
                    ),
                )
                return redirect(reverse("subscriptions:subscribe"))
        else:
            status = 400
    return TemplateResponse(request, "subscriptions/subscribe.html", {"form": form}, status=status)


@require_http_methods(["GET", "POST"])
def confirm(request, token):
    try:
        subscription = subscription_from_confirm_token(token)
    except InvalidToken:
        return invalid_link(request)
    except ExpiredToken:
        subscription = None
    if subscription is None:
        return message_page(
            request,
            410,
            _("Link abgelaufen"),
            _(
                "Dieser Bestätigungslink ist abgelaufen. Bitte abonnieren Sie erneut; wir "
                "schicken Ihnen einen neuen Link."
            ),
        )
    if request.method == "POST" or subscription.is_confirmed:
        subscribing.confirm_subscription(subscription)
        return message_page(
            request,
            200,
            _("Abonnement bestätigt"),
            _(
                "Danke! Ihr Abonnement ist bestätigt. Jede E-Mail enthält einen Link, mit dem "
                "Sie es ändern oder abbestellen."
            ),
        )
    # A button rather than the GET itself: mail scanners open links, only people press it.
    return TemplateResponse(request, "subscriptions/confirm.html", {"subscription": subscription})


@require_http_methods(["GET", "POST"])
def manage(request, token):
    try:
        subscription = subscription_from_manage_token(token)
    except (InvalidToken, ExpiredToken):
        return invalid_link(request)
    if subscription is None:
        return message_page(
            request,
            404,
            _("Kein Abonnement"),
            _("Zu diesem Link gibt es kein Abonnement (mehr)."),
        )
    form = ManageForm(
        request.POST or None,
        language=subscription.language,
        initial=ManageForm.initial_for(subscription),
    )
    status = 200
    if request.method == "POST":
        if form.is_valid():
            subscribing.change_subscription(subscription, form.cleaned_data)
            messages.success(request, _("Ihre Auswahl ist gespeichert."))
            return redirect(request.path)
        status = 400
    unsubscribe_url = reverse(
        "subscriptions:unsubscribe", kwargs={"token": make_unsubscribe_token(subscription)}
    )
    return TemplateResponse(
        request,
        "subscriptions/manage.html",
        {"form": form, "subscription": subscription, "unsubscribe_url": unsubscribe_url},
        status=status,
    )


def one_click_unsubscribe(request, token, load, remove, template, done_title, done_text):
    """RFC 8058: a POST to the link in ``List-Unsubscribe`` removes what the signed
    ``token`` names (``load(token)``, ``remove(it)``) without a CSRF token (the signature is
    the proof); a GET shows ``template`` with a button, so mail scanners remove nothing. A
    link of something removed already answers as done; a forged one 404."""
    try:
        target = load(token)
    except (InvalidToken, ExpiredToken):
        return invalid_link(request)
    if request.method == "POST" or target is None:
        if target is not None:
            remove(target)
        return message_page(request, 200, done_title, done_text)
    return TemplateResponse(request, template, {"target": target})


@csrf_exempt  # the signed token is the proof; mail clients post here (RFC 8058 one-click)
@require_http_methods(["GET", "POST"])
def unsubscribe(request, token):
    return one_click_unsubscribe(
        request,
        token,
        subscription_from_unsubscribe_token,
        subscribing.unsubscribe,
        "subscriptions/unsubscribe.html",
        _("Abgemeldet"),
        _("Sie bekommen von uns keinen Newsletter und keine Übersichten mehr."),
    )


# --- Saved searches -----------------------------------------------------------------------


def _login_url(next_url):
    return f"{reverse('account_login')}?{urlencode({'next': next_url})}"


def saved_filters_url():
    return f"{reverse('community:account')}#{SAVED_FILTERS_ANCHOR}"


@require_POST
def save_filter(request):
    """The "Suche speichern" button of the marketplace and the library (signed-in
    accounts only; guests are sent to sign in and back to the listing)."""
    form = SaveFilterForm(request.POST)
    if not form.is_valid():
        raise Http404
    page = Page.objects.live().filter(pk=form.cleaned_data["page"]).first()
    if page is None or filter_alerts.filterable_listing(page) is None:
        raise Http404
    query = form.cleaned_data["query"]
    if not request.user.is_authenticated:
        messages.info(
            request,
            _(
                "Bitte melden Sie sich an, um Suchen zu speichern. Ohne Konto können Sie "
                "Neuigkeiten per E-Mail abonnieren."
            ),
        )
        return redirect(_login_url(f"{page.url}?{query}" if query else page.url))
    try:
        saved, created = filter_alerts.save_filter(request.user, page, query)
    except filter_alerts.SavedFilterRefused as refusal:
        messages.error(request, str(refusal))
        return redirect(f"{page.url}?{query}" if query else page.url)
    if created:
        messages.success(
            request,
            _(
                "Ihre Suche „%(description)s“ ist gespeichert. Wir schicken Ihnen eine "
                "E-Mail, wenn etwas Neues dazu passt."
            )
            % {"description": saved.description},
        )
    else:
        messages.info(
            request,
            _("Diese Suche haben Sie bereits gespeichert („%(description)s“).")
            % {"description": saved.description},
        )
    return redirect(saved.listing_path)


@login_required
@require_POST
def delete_saved_filter(request, pk):
    """Delete one of the account's saved searches (anyone else's: 404)."""
    saved = get_object_or_404(SavedFilter, pk=pk, user=request.user)
    filter_alerts.delete_saved_filter(saved)
    messages.success(
        request,
        _("Die gespeicherte Suche „%(description)s“ ist gelöscht.")
        % {"description": saved.description},
    )
    return redirect(saved_filters_url())


@csrf_exempt  # the signed token is the proof; mail clients post here (RFC 8058 one-click)
@require_http_methods(["GET", "POST"])
def saved_filter_unsubscribe(request, token):
    """The one-click link of a saved search's alerts: deletes just that saved search."""
    return one_click_unsubscribe(
        request,
        token,
        saved_filter_from_unsubscribe_token,
        filter_alerts.delete_saved_filter,
        "subscriptions/saved_filter_unsubscribe.html",
        _("Gespeicherte Suche gelöscht"),
        _("Sie bekommen zu dieser Suche keine E-Mails mehr."),
    )

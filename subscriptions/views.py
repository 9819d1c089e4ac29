"""Reader-facing views: subscribe, confirm, manage, unsubscribe (RFC 8058 one-click).

The answer to a subscribe request is the same whether or not the address is subscribed.
Every bad input ends in a form error or a 4xx page in the reader's language; a damaged or
forged link gets 404, an expired confirmation link 410.
"""

from django.conf import settings
from django.contrib import messages
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods
from django_ratelimit.core import is_ratelimited

from subscriptions import subscribing
from subscriptions.forms import ManageForm, SubscribeForm
from subscriptions.tokens import (
    ExpiredToken,
    InvalidToken,
    make_unsubscribe_token,
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


@csrf_exempt  # the signed token is the proof; mail clients post here (RFC 8058 one-click)
@require_http_methods(["GET", "POST"])
def unsubscribe(request, token):
    try:
        subscription = subscription_from_unsubscribe_token(token)
    except (InvalidToken, ExpiredToken):
        return invalid_link(request)
    if request.method == "POST" or subscription is None:
        if subscription is not None:
            subscribing.unsubscribe(subscription)
        return message_page(
            request,
            200,
            _("Abgemeldet"),
            _("Sie bekommen von uns keinen Newsletter und keine Übersichten mehr."),
        )
    return TemplateResponse(
        request, "subscriptions/unsubscribe.html", {"subscription": subscription}
    )

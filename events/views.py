"""Views behind the routes of the event pages (``events.models.pages``).

Every rule is in ``events.registration``; these views turn requests into calls and the
outcome (or a refusal) into a page, a message, a redirect or a clear 4xx answer.
"""

from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Prefetch, prefetch_related_objects
from django.http import HttpResponse, HttpResponseNotAllowed
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _
from django_ratelimit.core import is_ratelimited
from wagtail.images import get_image_model

from events.calendar import build_calendar, event_calendar
from events.forms import GuestRegistrationForm, RegistrationForm
from events.models import EventPage, Registration, Session
from events.programme import build_programme
from events.registration import (
    HoldExpired,
    InvalidWorkshopChoice,
    RegistrationRefused,
    WorkshopFull,
    cancel_registration,
    cancellation_refusal,
    confirm_guest_registration,
    confirmation_minutes,
    register_guest,
    register_member,
    registration_is_open,
    registration_refusal,
    registration_summary,
)
from events.tokens import (
    ExpiredToken,
    InvalidToken,
    make_cancel_token,
    registration_from_confirm_token,
    registration_from_token,
)
from home.listing_search import full_text_matches, listing_query
from portal.caching.pages import (
    cached_value,
    depends_on,
    model_signature,
    never_cache_page,
)
from portal.caching.registry import REGISTRATIONS, object_scope
from portal.membership import is_member
from portal.people import person_name

CARD_IMAGE = "fill-640x360|format-webp"


def login_url(next_url):
    try:
        url = reverse(settings.LOGIN_URL)
    except NoReverseMatch:
        url = "/accounts/login/"
    return f"{url}?{urlencode({'next': next_url})}"


# --- The index ---------------------------------------------------------------------------


def event_listing(request, index):
    """The event index's listing (``EventIndexPage.listing_builder``): upcoming events
    (soonest first) and a page of past ones, by type."""
    now = timezone.now()
    events = index.events().prefetch_related(
        Prefetch("lead_image", queryset=get_image_model().objects.prefetch_renditions(CARD_IMAGE))
    )
    event_type = request.GET.get("type", "")
    if event_type in EventPage.EventType.values:
        events = events.filter(event_type=event_type)
    else:
        event_type = ""  # unknown values are ignored: all events
    query = listing_query(request.GET.get("q"))
    # Only with a query: ``index.events()`` reads the view restrictions at once.
    keys = full_text_matches(index.events(), query) if query else None
    if keys is not None:
        events = events.filter(translation_key__in=keys)
    upcoming = list(events.filter(end__gte=now).order_by("start")[:100])
    past_page = Paginator(
        events.filter(end__lt=now).order_by("-start"), index.past_per_page
    ).get_page(request.GET.get("page"))
    past_page.object_list = list(past_page.object_list)
    # A card without an image shows its first topic's pictogram: one query for all cards.
    prefetch_related_objects([*upcoming, *past_page.object_list], "topics")
    return {
        "upcoming": upcoming,
        "past_page": past_page,
        "event_types": EventPage.EventType.choices,
        "event_type": event_type,
        "query": query,
        "card_image": CARD_IMAGE,
    }


def index_calendar(request, index):
    events = index.events().filter(end__gte=timezone.now()).order_by("start")
    content = build_calendar(
        events,
        name=f"{index.title} · {settings.WAGTAIL_SITE_NAME}",
    )
    return _ics_response(content, f"{index.slug}.ics")


def event_calendar_view(request, page):
    content = event_calendar(
        page,
        with_sessions=request.GET.get("sessions") == "1",
    )
    return _ics_response(content, f"{page.slug}.ics")


def _ics_response(content, filename):
    response = HttpResponse(content, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


# --- One event ---------------------------------------------------------------------------


def _own_registration(request, event):
    if not request.user.is_authenticated:
        return None
    return (
        Registration.objects.filter(event=event, user=request.user)
        .exclude(status=Registration.Status.CANCELLED)
        .first()
    )


def _registration_form(request, page, event, data=None):
    form_class = RegistrationForm if request.user.is_authenticated else GuestRegistrationForm
    initial = {}
    if data is None and request.user.is_authenticated:  # a posted form shows what was sent
        initial["organisation"] = (
            Registration.objects.filter(user=request.user)
            .exclude(organisation="")
            .order_by("-created_at")
            .values_list("organisation", flat=True)
            .first()
            or ""
        )
    # A preview shows the draft's workshops; they never enter the shared cache.
    workshops = None if getattr(request, "is_preview", False) else event_workshops(event)
    return form_class(data=data, event=event, page=page, initial=initial, workshops=workshops)


def event_workshops(event):
    """The workshop sessions of ``event`` (the registration event), read once per cache
    generation: sessions change only when they are saved (the event is published), and
    every save or deletion of one starts a new generation (``portal.caching.registry``).
    The rules read them afresh when they decide (``validated_workshops``)."""
    return cached_value(
        "event-workshops",
        event.pk,
        model_signature(Session),
        compute=lambda: list(event.workshop_sessions()),
    )


def registration_context(request, page, event, form=None, summary=None):
    """What the registration box on the event page and on ``register/`` shows."""
    depends_on(object_scope(REGISTRATIONS, event.pk))  # seats and workshop places
    own = _own_registration(request, event)
    refusal = None if own else registration_refusal(event, request.user)
    anonymous_members_only = not request.user.is_authenticated and event.is_members_only
    if form is None and own is None and refusal is None:
        form = _registration_form(request, page, event)
    context = {
        "event": event,
        # Seats held for unconfirmed guests are not shown as taken (see registration_summary).
        "summary": summary or registration_summary(event, include_holds=False),
        "own_registration": own,
        "refusal": refusal,
        "needs_login": anonymous_members_only and refusal is not None and not event.is_past,
        "login_url": login_url(page.register_url),
        "form": form,
        "confirmation_minutes": None if request.user.is_authenticated else confirmation_minutes(),
        # The "register now" link at the top: while registration is open, to anyone not yet
        # registered (members-only events too: the box says how to sign in).
        "registration_open": own is None and registration_is_open(event),
    }
    if own is not None:
        context["own_position"] = own.waitlist_position()
        context["own_workshops"] = list(own.workshops.all())
        if cancellation_refusal(own) is None:
            context["own_cancel_url"] = page.cancel_url(make_cancel_token(own))
    return context


def public_event_parts(page, in_memory=False):
    """What the event page shows every reader alike: the registration event (the German
    page, which holds the seats), seat counts, the programme with its speakers and the
    workshop reports."""
    event = page.registration_event()
    depends_on(object_scope(REGISTRATIONS, event.pk))
    summary = registration_summary(event, include_holds=False)
    free_seats = {item["session"].translation_key: item["free"] for item in summary["workshops"]}
    days, speakers = build_programme(page, free_seats, in_memory=in_memory)
    return {
        "event": event,
        "summary": summary,
        "programme_days": days,
        "speakers": speakers,
        "reports": workshop_reports(page, event),
    }


def event_detail(request, page):
    context = page.get_context(request)
    if getattr(request, "is_preview", False):
        parts = public_event_parts(page, in_memory=True)
    else:
        # Once per cache generation: a registration, a cancellation, a publish (programme,
        # capacity) or a new report starts a new one, so seats and programme are current.
        # The decisions themselves never use these counts (events.registration).
        parts = cached_value(
            "event-page-parts",
            page.pk,
            get_language(),
            *(model_signature(model) for model in (EventPage, Session, Registration)),
            compute=lambda: public_event_parts(page),
        )
    event, summary = parts["event"], parts["summary"]
    context.update(
        {
            "event": event,
            "programme_days": parts["programme_days"],
            "speakers": parts["speakers"],
            "reports": parts["reports"],
            "participants": participant_list(request, event),
        }
    )
    if event.registration_enabled and not page.is_past:
        context.update(registration_context(request, page, event, summary=summary))
    return TemplateResponse(request, page.get_template(request), context)


def participant_list(request, event):
    """Names and organisations of those who agreed, for members, if the event publishes a
    list; otherwise None (members never see who else registered)."""
    depends_on(object_scope(REGISTRATIONS, event.pk))
    if not event.publish_participant_list or not is_member(request.user):
        return None
    rows = (
        Registration.objects.filter(
            event=event, status=Registration.Status.CONFIRMED, show_in_participant_list=True
        )
        .order_by("name")
        .values_list("name", "organisation")
    )
    return [{"name": person_name(name), "organisation": org} for name, org in rows]


def workshop_reports(page, event):
    """Workshop reports (blog pages pointing to this event, ``related_name``
    ``workshop_reports``) in the reader's language where translated. Empty while the blog
    app does not provide them."""
    reports = {}
    for target in {page.pk: page, event.pk: event}.values():
        related = getattr(target, "workshop_reports", None)
        if related is None:
            continue
        for report in related.live().public():
            reports.setdefault(report.translation_key, report)
    if not reports:
        return []
    localized = {
        report.translation_key: report
        for report in type(next(iter(reports.values())))
        .objects.live()
        .public()
        .filter(translation_key__in=list(reports), locale=page.locale)
    }
    return [localized.get(key, report) for key, report in reports.items()]


# --- register/ ---------------------------------------------------------------------------


def register(request, page):
    if request.method not in ("GET", "POST"):
        return HttpResponseNotAllowed(["GET", "POST"])
    event = page.registration_event()
    template = "events/register.html"
    if request.method == "GET":
        context = page.get_context(request)
        context.update(registration_context(request, page, event))
        return TemplateResponse(request, template, context)

    # A double submit (second tab, second click) is answered by ``register_member`` itself
    # ("already registered", under the seat lock): a signed-in person's own registration is
    # looked up here only where a refusal or a form error would be shown instead.
    refusal = registration_refusal(event, request.user)
    if refusal is not None:
        if already := _already_registered(request, page, event):
            return already
        context = page.get_context(request)
        context.update(registration_context(request, page, event))
        return TemplateResponse(request, template, context, status=403)
    # Guests are counted per IP address, signed-in people per account (registering and
    # cancelling in a loop would flood the waitlist with e-mails).
    if request.user.is_authenticated:
        group, key = "events.registration", "user"
        rate = settings.EVENTS_MEMBER_REGISTRATION_RATE
    else:
        group, key = "events.guest_registration", "ip"
        rate = settings.EVENTS_GUEST_REGISTRATION_RATE
    if is_ratelimited(request, group=group, key=key, rate=rate, increment=True):
        if already := _already_registered(request, page, event):
            return already
        context = page.get_context(request)
        context.update(registration_context(request, page, event))
        context["form"] = None
        if request.user.is_authenticated:
            context["refusal"] = _(
                "Sie haben sich gerade sehr oft an- oder umgemeldet. Bitte versuchen Sie es in "
                "einer Stunde noch einmal."
            )
        else:
            context["refusal"] = _(
                "Von Ihrem Anschluss kamen gerade sehr viele Anmeldungen. Bitte versuchen Sie es "
                "später noch einmal."
            )
        return TemplateResponse(request, template, context, status=429)

    form = _registration_form(request, page, event, data=request.POST)
    if form.is_valid():
        data = form.cleaned_data
        arguments = {
            "workshops": form.chosen_workshops(),
            "notes": data["notes"],
            "organisation": data["organisation"],
            "show_in_participant_list": data.get("show_in_participant_list", False),
        }
        try:
            if request.user.is_authenticated:
                outcome = register_member(event, request.user, **arguments)
            else:
                outcome = register_guest(event, data["name"], data["email"], **arguments)
        except WorkshopFull as refused:
            form.add_error(form.field_for_session(refused.session), refused.message)
        except InvalidWorkshopChoice as refused:
            form.add_error(None, refused.message)
        except RegistrationRefused as refused:
            if already := _already_registered(request, page, event):
                return already
            context = page.get_context(request)
            context.update(registration_context(request, page, event))
            context["refusal"] = refused.message
            return TemplateResponse(request, template, context, status=403)
        else:
            if request.user.is_authenticated:
                _report_outcome(request, outcome)
            else:
                # The same answer whether or not the address was known: only its owner
                # learns from the e-mail whether it was registered.
                messages.info(request, guest_registration_message())
            return redirect(f"{page.url}#anmeldung")
    if already := _already_registered(request, page, event):
        return already
    context = page.get_context(request)
    context.update(registration_context(request, page, event, form=form))
    return TemplateResponse(request, template, context)


def _already_registered(request, page, event):
    """For someone already registered (a double submit, a second tab) the redirect to the
    event page that says so, instead of a refusal or a form they need not fill in; None
    for anyone else."""
    own = _own_registration(request, event)
    if own is None:
        return None
    messages.info(request, _already_registered_message(own))
    return redirect(f"{page.url}#anmeldung")


def guest_registration_message():
    """What a guest sees after registering, whatever the address (no position, no "already
    registered")."""
    minutes = confirmation_minutes()
    return ngettext(
        "Bitte bestätigen Sie Ihre Anmeldung über den Link, den wir Ihnen gerade per E-Mail "
        "geschickt haben. Erst dann ist sie gültig; der Link gilt %(minutes)s Minute.",
        "Bitte bestätigen Sie Ihre Anmeldung über den Link, den wir Ihnen gerade per E-Mail "
        "geschickt haben. Erst dann ist sie gültig; der Link gilt %(minutes)s Minuten.",
        minutes,
    ) % {"minutes": minutes}


def _already_registered_message(registration):
    if registration.status == Registration.Status.WAITLISTED:
        return _("Sie stehen bereits auf der Warteliste (Platz %(position)s).") % {
            "position": registration.waitlist_position()
        }
    return _("Sie sind bereits angemeldet.")


def _report_outcome(request, outcome):
    registration = outcome.registration
    if not outcome.created:
        messages.info(request, _already_registered_message(registration))
    elif registration.status == Registration.Status.CONFIRMED:
        messages.success(
            request,
            _("Sie sind angemeldet. Die Bestätigung kommt per E-Mail an %(email)s.")
            % {"email": registration.recipient},
        )
    else:
        position = outcome.position or registration.waitlist_position()
        messages.warning(
            request,
            _(
                "Die Veranstaltung ist ausgebucht. Sie stehen auf der Warteliste auf Platz "
                "%(position)s; wir schreiben Ihnen, sobald ein Platz frei wird."
            )
            % {"position": position},
        )


# --- cancel/<token>/ ---------------------------------------------------------------------


def cancel(request, page, token):
    return never_cache_page(_cancel(request, page, token))


def _cancel(request, page, token):
    if request.method not in ("GET", "POST"):
        return HttpResponseNotAllowed(["GET", "POST"])
    template = "events/cancel.html"
    context = page.get_context(request)
    try:
        registration = registration_from_token(token)
    except InvalidToken:
        context["problem"] = _(
            "Dieser Abmeldelink ist ungültig. Bitte verwenden Sie den Link aus Ihrer "
            "Bestätigungs-E-Mail oder melden Sie sich über Ihr Konto ab."
        )
        return TemplateResponse(request, template, context, status=400)
    except ExpiredToken:
        context["problem"] = _(
            "Die Veranstaltung hat bereits begonnen. Eine Abmeldung ist nicht mehr möglich."
        )
        return TemplateResponse(request, template, context, status=410)
    if registration.event_id != page.registration_event().pk:
        context["problem"] = _("Dieser Abmeldelink gehört zu einer anderen Veranstaltung.")
        return TemplateResponse(request, template, context, status=400)

    context["registration"] = registration
    if registration.status == Registration.Status.CANCELLED:
        context["done"] = True
        return TemplateResponse(request, template, context)
    if request.method == "GET":
        return TemplateResponse(request, template, context)
    try:
        cancel_registration(registration)
    except RegistrationRefused as refused:
        context["problem"] = refused.message
        return TemplateResponse(request, template, context, status=409)
    context["done"] = True
    return TemplateResponse(request, template, context)


# --- confirm/<token>/ --------------------------------------------------------------------


def confirm(request, page, token):
    """The link in a guest's confirmation e-mail: GET shows a button (mail scanners that
    follow links confirm nothing), POST confirms. Never cached: it shows a name."""
    return never_cache_page(_confirm(request, page, token))


def _confirm(request, page, token):
    if request.method not in ("GET", "POST"):
        return HttpResponseNotAllowed(["GET", "POST"])
    template = "events/confirm.html"
    context = page.get_context(request)
    context["register_url"] = page.register_url
    try:
        registration = registration_from_confirm_token(token)
    except InvalidToken:
        context["problem"] = _(
            "Dieser Bestätigungslink ist ungültig. Bitte verwenden Sie den Link aus Ihrer "
            "letzten E-Mail oder melden Sie sich noch einmal an."
        )
        return TemplateResponse(request, template, context, status=400)
    except ExpiredToken:
        context["problem"] = HoldExpired().message
        return TemplateResponse(request, template, context, status=410)
    if registration.event_id != page.registration_event().pk:
        context["problem"] = _("Dieser Bestätigungslink gehört zu einer anderen Veranstaltung.")
        return TemplateResponse(request, template, context, status=400)

    context["registration"] = registration
    if registration.status != Registration.Status.PENDING or request.method == "GET":
        context.update(_confirmation_state(registration))
        return TemplateResponse(request, template, context)
    try:
        outcome = confirm_guest_registration(registration)
    except HoldExpired as refused:
        context["problem"] = refused.message
        return TemplateResponse(request, template, context, status=410)
    except RegistrationRefused as refused:
        context["problem"] = refused.message
        return TemplateResponse(request, template, context, status=409)
    context["registration"] = outcome.registration
    context.update(_confirmation_state(outcome.registration))
    return TemplateResponse(request, template, context)


def _confirmation_state(registration):
    Status = Registration.Status
    if registration.status == Status.PENDING:
        return {"deadline": registration.hold_expires_at}
    if registration.status == Status.CANCELLED:
        return {"done": True, "state": _("Diese Anmeldung ist storniert.")}
    if registration.status == Status.WAITLISTED:
        state = _(
            "Die Veranstaltung ist ausgebucht. Sie stehen auf der Warteliste auf Platz "
            "%(position)s; wir schreiben Ihnen, sobald ein Platz frei wird."
        ) % {"position": registration.waitlist_position()}
    else:
        state = _("Ihre Anmeldung ist bestätigt. Die Bestätigung mit dem Termin kommt per E-Mail.")
    return {"done": True, "state": state}

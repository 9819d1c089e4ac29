"""Factories for the portal's models (factory_boy / wagtail-factories)."""

import datetime as _dt

import factory
import wagtail_factories
from django.contrib.auth import get_user_model
from django.utils import timezone as _tz
from wagtail.models import Locale, Page

from events.models import EventIndexPage, EventPage, Session
from home.models import Person, StandardPage, Topic


class UserFactory(factory.django.DjangoModelFactory):
    email = factory.Sequence(lambda n: f"person{n}@example.org")
    first_name = factory.Faker("first_name", locale="de_DE")
    last_name = factory.Faker("last_name", locale="de_DE")
    password = factory.django.Password("correct-horse-battery")

    class Meta:
        model = get_user_model()
        django_get_or_create = ("email",)


class StandardPageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"Seite {n}")
    intro = "Eine kurze Einleitung."

    class Meta:
        model = StandardPage


class TopicFactory(factory.django.DjangoModelFactory):
    name = factory.Sequence(lambda n: f"Thema {n}")
    slug = factory.Sequence(lambda n: f"thema-{n}")
    locale = factory.LazyFunction(Locale.get_default)

    class Meta:
        model = Topic


class PersonFactory(factory.django.DjangoModelFactory):
    name = factory.Faker("name", locale="de_DE")
    role = "Referentin"
    organisation = "Hochschule Beispielhausen"
    locale = factory.LazyFunction(Locale.get_default)

    class Meta:
        model = Person


def live_child_pages(parent, model, specs):
    """Add live pages of ``model`` under ``parent`` without revisions (quick enough for a
    listing of a hundred pages): ``specs`` are their field values. Returns their ids."""
    parent = Page.objects.get(pk=parent.pk)
    pages = [model(**spec) for spec in specs]
    for page in pages:
        parent.add_child(instance=page)
    return [page.pk for page in pages]


# --- Blog ---------------------------------------------------------------------------------


class BlogIndexPageFactory(wagtail_factories.PageFactory):
    title = "Aktuelles"
    slug = "aktuelles"
    intro = "Nachrichten und Werkstattberichte."

    class Meta:
        model = "blog.BlogIndexPage"


class BlogPageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"Beitrag {n}")
    teaser = "Ein kurzer Anreißer für Listen und Feeds."
    body = factory.LazyFunction(
        lambda: [("paragraph", "<p>Ein Absatz mit einigen Wörtern zum Lesen.</p>")]
    )

    class Meta:
        model = "blog.BlogPage"


# --- Community ---


class OrganisationFactory(factory.django.DjangoModelFactory):
    name = factory.Sequence(lambda n: f"Organisation {n}")
    slug = factory.Sequence(lambda n: f"organisation-{n}")
    organisation_type = "kommune"
    city = "Musterstadt"
    state = "hessen"
    contact_email = factory.Sequence(lambda n: f"kontakt{n}@organisation.example.org")

    class Meta:
        model = "community.Organisation"


class MemberIndexPageFactory(wagtail_factories.PageFactory):
    title = "Mitglieder"
    slug = "mitglieder"

    class Meta:
        model = "community.MemberIndexPage"


class MemberPageFactory(wagtail_factories.PageFactory):
    first_name = factory.Faker("first_name", locale="de_DE")
    last_name = factory.Faker("last_name", locale="de_DE")
    title = factory.LazyAttribute(lambda o: f"{o.first_name} {o.last_name}")
    slug = factory.Sequence(lambda n: f"mitglied-{n}")
    role = "Bürgermeisterin"
    state = "hessen"

    class Meta:
        model = "community.MemberPage"
        skip_postgeneration_save = True

    @factory.post_generation
    def topics(self, create, extracted, **kwargs):
        if extracted:
            self.topics.set(extracted)
            if create:
                self.save()


class SolutionIndexPageFactory(wagtail_factories.PageFactory):
    title = "Marktplatz"
    slug = "marktplatz"

    class Meta:
        model = "community.SolutionIndexPage"


class SolutionPageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"Lösung {n}")
    slug = factory.Sequence(lambda n: f"loesung-{n}")
    teaser = "Eine Lösung für Kommunen."
    provider = factory.SubFactory(OrganisationFactory, organisation_type="startup")
    maturity = "pilotbetrieb"

    class Meta:
        model = "community.SolutionPage"
        skip_postgeneration_save = True

    @factory.post_generation
    def topics(self, create, extracted, **kwargs):
        if extracted:
            self.topics.set(extracted)
            if create:
                self.save()


class ProjectIndexPageFactory(wagtail_factories.PageFactory):
    title = "Projekte"
    slug = "projekte"

    class Meta:
        model = "community.ProjectIndexPage"


class ProjectPageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"Projekt {n}")
    slug = factory.Sequence(lambda n: f"projekt-{n}")
    teaser = "Ein Pilotprojekt."
    phase = "testbetrieb"

    class Meta:
        model = "community.ProjectPage"
        skip_postgeneration_save = True

    @factory.post_generation
    def topics(self, create, extracted, **kwargs):
        if extracted:
            self.topics.set(extracted)
            if create:
                self.save()


class MembershipApplicationFactory(factory.django.DjangoModelFactory):
    user = factory.SubFactory(UserFactory)
    organisation = "Stadt Musterstadt"
    role = "Bürgermeisterin"
    reason = "Ich möchte mich mit anderen Kommunen austauschen."

    class Meta:
        model = "community.MembershipApplication"


# --- Events ------------------------------------------------------------------------------


def _in_days(days, hour=9):
    moment = _tz.localtime() + _dt.timedelta(days=days)
    return moment.replace(hour=hour, minute=0, second=0, microsecond=0)


class EventIndexPageFactory(wagtail_factories.PageFactory):
    title = "Veranstaltungen"
    slug = "veranstaltungen"

    class Meta:
        model = EventIndexPage


class EventPageFactory(wagtail_factories.PageFactory):
    """An upcoming two-day event open for registration (10 seats, members only)."""

    title = factory.Sequence(lambda n: f"Veranstaltung {n}")
    slug = factory.Sequence(lambda n: f"veranstaltung-{n}")
    event_type = EventPage.EventType.FORUM
    theme = "Kommunen gemeinsam digital"
    start = factory.LazyFunction(lambda: _in_days(30))
    end = factory.LazyAttribute(lambda o: o.start + _dt.timedelta(days=1, hours=8))
    venue_name = "Stadthalle Musterstadt"
    venue_address = "Musterstraße 1\n12345 Musterstadt"
    capacity = 10

    class Meta:
        model = EventPage


class SessionFactory(factory.django.DjangoModelFactory):
    title = factory.Sequence(lambda n: f"Programmpunkt {n}")
    kind = Session.Kind.TALK
    start = factory.LazyAttribute(lambda o: o.page.start)
    end = factory.LazyAttribute(lambda o: o.start + _dt.timedelta(hours=1))

    class Meta:
        model = Session


class WorkshopFactory(SessionFactory):
    kind = Session.Kind.WORKSHOP
    capacity = 5


# --- Experts ------------------------------------------------------------------------------


class ExpertIndexPageFactory(wagtail_factories.PageFactory):
    title = "Beraterdatenbank"
    slug = "beraterdatenbank"

    class Meta:
        model = "experts.ExpertIndexPage"


class ExpertPageFactory(wagtail_factories.PageFactory):
    """An expert profile; ``topics``, ``regions`` and ``languages`` take lists (topics,
    region values, language codes)."""

    name = factory.Sequence(lambda n: f"Beratung {n}")
    title = factory.LazyAttribute(lambda o: o.name)
    slug = factory.Sequence(lambda n: f"berater-{n}")
    teaser = "Berät Kommunen bei der Digitalisierung."
    kind = "person"
    availability = "verfuegbar"

    class Meta:
        model = "experts.ExpertPage"

        skip_postgeneration_save = True

    @factory.post_generation
    def topics(self, create, extracted, **kwargs):
        if extracted:
            self.topics.set(extracted)
            if create:
                self.save()

    @factory.post_generation
    def regions(self, create, extracted, **kwargs):
        if extracted:
            from experts.models import ExpertRegion

            self.regions = [ExpertRegion(region=region) for region in extracted]
            if create:
                self.save()

    @factory.post_generation
    def languages(self, create, extracted, **kwargs):
        if extracted:
            from experts.models import ExpertLanguage

            self.languages = [ExpertLanguage(language=code) for code in extracted]
            if create:
                self.save()


# --- Ideas --------------------------------------------------------------------------------


class IdeaIndexPageFactory(wagtail_factories.PageFactory):
    title = "Ideen"
    slug = "ideen"

    class Meta:
        model = "ideas.IdeaIndexPage"


class IdeaPageFactory(wagtail_factories.PageFactory):
    """A published idea an editor created (no submission: nobody to confirm)."""

    title = factory.Sequence(lambda n: f"Idee {n}")
    slug = factory.Sequence(lambda n: f"idee-{n}")
    description = "Eine Idee für die Kommune."

    class Meta:
        model = "ideas.IdeaPage"

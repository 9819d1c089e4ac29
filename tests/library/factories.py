"""Factories of the library tests (``library.models``)."""

import factory
import wagtail_factories
from django.core.files.base import ContentFile
from wagtail.documents import get_document_model


class LibraryIndexPageFactory(wagtail_factories.PageFactory):
    title = "Wissensplattform"
    slug = "wissensplattform"

    class Meta:
        model = "library.LibraryIndexPage"


class ResourcePageFactory(wagtail_factories.PageFactory):
    """A live resource, a link by default; ``topics`` takes a list of topics."""

    title = factory.Sequence(lambda n: f"Ressource {n}")
    slug = factory.Sequence(lambda n: f"ressource-{n}")
    summary = "Eine Ressource für Kommunen."
    resource_type = "link"
    link_url = "https://beispiel.example.org/"

    class Meta:
        model = "library.ResourcePage"
        skip_postgeneration_save = True

    @factory.post_generation
    def topics(self, create, extracted, **kwargs):
        if extracted:
            self.topics.set(extracted)
            if create:
                self.save()


def make_document(name, content=b"%PDF-1.4 demo", title=None):
    """A Wagtail document with a file called ``name``."""
    document = get_document_model()(title=title or name)
    document.file.save(name, ContentFile(content), save=False)
    document.save()
    return document


WEBVTT = b"WEBVTT\n\n00:00:00.000 --> 00:00:02.000\nGuten Tag.\n"

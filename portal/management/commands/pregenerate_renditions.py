"""Create every rendition the templates use, for all images (after deploys and imports)."""

from django.core.management.base import BaseCommand
from wagtail.images import get_image_model

from portal.renditions import pregenerate, template_filter_specs


class Command(BaseCommand):
    help = "Pre-generate the image renditions used by the templates."

    def handle(self, *args, **options):
        specs = template_filter_specs()
        count = 0
        for image in get_image_model().objects.iterator():
            pregenerate(image, specs)
            count += 1
        self.stdout.write(f"Renditions ready for {count} image(s), {len(specs)} size(s) each.")

"""Image renditions are made when an image is uploaded, not when a reader views a page.

The filter specs come from the templates themselves: every ``{% image %}``,
``{% picture %}`` and ``{% srcset_image %}`` tag in the project's templates is scanned once, so a
new template with a new size is covered without a list to maintain. Wagtail keeps rendition
lookups in the cache, so a page view neither creates renditions nor queries for them.
"""

import re
from functools import lru_cache
from pathlib import Path

from django.conf import settings
from wagtail.images.models import Filter

TAG = re.compile(r"{%\s*(?:image|picture|srcset_image)\s+(.+?)\s*%}")


@lru_cache(maxsize=1)
def template_filter_specs():
    """Every filter spec used in the project's templates, e.g. ``fill-800x500|format-webp``."""
    base = Path(settings.BASE_DIR)
    specs = set()
    for template in base.glob("*/templates/**/*.html"):
        if ".venv" in template.parts:
            continue
        for arguments in TAG.findall(template.read_text(encoding="utf-8")):
            bits = arguments.split()[1:]  # the first bit is the image expression
            if "as" in bits:
                bits = bits[: bits.index("as")]
            spec_bits = [bit for bit in bits if "=" not in bit]
            if spec_bits:
                specs.update(Filter.expand_spec("|".join(spec_bits)))
    return sorted(specs)


def pregenerate(image, specs=None):
    """Create (or find) every rendition the templates use for ``image``."""
    specs = specs if specs is not None else template_filter_specs()
    if specs:
        image.get_renditions(*specs)
    return specs

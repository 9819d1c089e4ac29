"""Helpers for the demo-content modules of every app (``demo/<app>.py``).

Everything here is idempotent: a second run finds what the first one created (by slug
under the same parent, by name for snippets) and leaves it as it is, so
``load_demo_content`` can run on every ``make run`` without duplicating anything.
"""

import hashlib
import io
import random
import uuid

from django.core.files.images import ImageFile
from django.db.models import F
from django.utils import timezone
from wagtail.images import get_image_model
from wagtail.models import Locale, Page

from home.models import Topic


def german():
    return Locale.objects.get(language_code="de")


def english():
    return Locale.objects.get_or_create(language_code="en")[0]


def home_page(locale=None):
    """The home page of the default site in ``locale`` (German by default)."""
    from wagtail.models import Site

    root = Site.objects.get(is_default_site=True).root_page.specific
    if locale is None or root.locale_id == locale.id:
        return root
    return root.get_translation(locale).specific


def ensure_page(parent, model, slug, former_slugs=(), **fields):
    """Return the child of ``parent`` with ``slug`` (or one of ``former_slugs``, what earlier
    versions of the demo called it), creating and publishing it first if it does not exist.
    Existing pages are left untouched (editors may have changed them)."""
    existing = parent.get_children().filter(slug__in=[slug, *former_slugs]).first()
    if existing is not None:
        return existing.specific
    page = model(slug=slug, **fields)
    parent.add_child(instance=page)
    page.save_revision().publish()
    return page


def ensure_translation(page, locale, **fields):
    """Return the translation of ``page`` into ``locale``, creating it with ``fields``
    (English title, text, ...) and publishing it when it does not exist yet."""
    existing = page.get_translation_or_none(locale)
    if existing is not None:
        return existing.specific
    translation = page.copy_for_translation(locale)
    for name, value in fields.items():
        setattr(translation, name, value)
    translation.save()
    translation.save_revision().publish()
    return translation.specific


def update_page(page, **fields):
    """Set ``fields`` on a fresh copy of ``page`` and publish it.

    Always use this instead of editing a page object held since before children were added:
    publishing a stale object writes its stale tree fields (``numchild``) back, and the
    page's children become unreachable.
    """
    fresh = page.specific_class.objects.get(pk=page.pk)
    for name, value in fields.items():
        setattr(fresh, name, value)
    fresh.save_revision().publish()
    return fresh


def ensure_snippet_translation(obj, locale, **fields):
    """Like ``ensure_translation`` for translatable snippets."""
    existing = obj.get_translation_or_none(locale)
    if existing is not None:
        return existing
    translation = obj.copy_for_translation(locale)
    for name, value in fields.items():
        setattr(translation, name, value)
    translation.save()
    return translation


def topic(slug):
    """The German topic with this slug (created by the home demo)."""
    return Topic.objects.get(slug=slug, locale=german())


PALETTES = [
    ((11, 79, 138), (230, 239, 248), (255, 191, 71)),
    ((29, 107, 52), (231, 244, 234), (11, 79, 138)),
    ((179, 70, 27), (255, 244, 214), (11, 79, 138)),
    ((27, 31, 36), (243, 245, 248), (255, 191, 71)),
]


def _stored_picture(title, draw, kind):
    """The image called ``title``, drawn by ``draw()`` (a PIL picture) the first time. Its
    file name says what ``kind`` of picture it is ("demo-skyline-...")."""
    Image = get_image_model()
    existing = Image.objects.filter(title=title).first()
    if existing is not None:
        return existing
    buffer = io.BytesIO()
    draw().save(buffer, format="PNG", optimize=True)
    image = Image(title=title)
    digest = hashlib.sha1(title.encode()).hexdigest()[:10]
    image.file = ImageFile(buffer, name=f"demo-{kind}-{digest}.png")
    image.save()
    return image


def demo_portrait(title, seed=0, size=600):
    """A generated portrait for a demo profile (no download, no real face): a person's
    silhouette on a background colour of its own, so that profiles do not all show the
    same picture. Each title gets one image."""
    from PIL import Image as PILImage
    from PIL import ImageDraw

    def draw():
        rng = random.Random(f"{title}-{seed}")
        dark, light, accent = PALETTES[rng.randrange(len(PALETTES))]
        background = tuple(min(255, (a + b) // 2) for a, b in zip(light, accent, strict=True))
        picture = PILImage.new("RGB", (size, size), background)
        pen = ImageDraw.Draw(picture)
        head = size * rng.uniform(0.15, 0.19)
        centre = size / 2 + size * rng.uniform(-0.05, 0.05)
        pen.ellipse(
            (centre - head, size * 0.40 - head, centre + head, size * 0.40 + head), fill=dark
        )
        pen.ellipse(
            (centre - size * 0.33, size * 0.64, centre + size * 0.33, size * 1.3), fill=dark
        )
        return picture

    return _stored_picture(title, draw, "portrait")


def demo_poster(title, headline, seed=0, width=1600, height=900):
    """A generated title picture for an event (no download): ``headline`` (the edition,
    e.g. "2025") in large type on colour fields, so that editions are told apart."""
    from PIL import Image as PILImage
    from PIL import ImageDraw, ImageFont

    def draw():
        rng = random.Random(f"{title}-{seed}")
        dark, light, accent = PALETTES[rng.randrange(len(PALETTES))]
        picture = PILImage.new("RGB", (width, height), dark)
        pen = ImageDraw.Draw(picture)
        pen.rectangle((0, height * 0.72, width, height), fill=accent)
        pen.ellipse((width * 0.70, -height * 0.2, width * 1.1, height * 0.5), fill=light)
        font = ImageFont.load_default(size=int(height * 0.32))
        pen.text((width * 0.07, height * 0.22), str(headline), fill=light, font=font)
        return picture

    return _stored_picture(title, draw, "poster")


def demo_image(title, seed=0, width=1600, height=900):
    """A generated picture (no download): soft colour fields and a skyline of blocks.

    Each title gets one image; a second call returns the same image. A skyline says nothing
    about what it illustrates: the demo gives one to a few pages only (to show that an
    editor's image wins over the generated pictures of home/pictures.py).
    """

    def draw():
        return _skyline(title, seed, width, height)

    return _stored_picture(title, draw, "skyline")


def _skyline(title, seed, width, height):
    from PIL import Image as PILImage
    from PIL import ImageDraw

    rng = random.Random(f"{title}-{seed}")
    dark, light, accent = PALETTES[rng.randrange(len(PALETTES))]
    picture = PILImage.new("RGB", (width, height), light)
    draw = ImageDraw.Draw(picture)
    draw.ellipse(
        (width * 0.62, height * 0.08, width * 0.62 + height * 0.42, height * 0.5), fill=accent
    )
    x = 0
    while x < width:
        block_width = rng.randint(width // 20, width // 8)
        block_height = rng.randint(height // 5, int(height * 0.65))
        shade = tuple(max(0, c - rng.randint(0, 40)) for c in dark)
        draw.rectangle((x, height - block_height, x + block_width, height), fill=shade)
        for wy in range(height - block_height + 20, height - 20, 40):
            for wx in range(x + 12, x + block_width - 16, 30):
                if rng.random() < 0.45:
                    draw.rectangle((wx, wy, wx + 12, wy + 18), fill=light)
        x += block_width + rng.randint(4, 20)
    return picture


def add_to_menu(page, menu="main_menu"):
    """Append ``page`` to the main menu (or ``footer_menu``) of the default site once."""
    from wagtail.models import Site

    from home.models import NavigationSettings

    settings = NavigationSettings.for_site(Site.objects.get(is_default_site=True))
    stream = getattr(settings, menu)
    if any(block.value and block.value.id == page.id for block in stream):
        return
    stream.append(("page", Page.objects.get(id=page.id)))
    settings.save()


def rich(*paragraphs):
    """Rich-text HTML from plain paragraphs."""
    return "".join(f"<p>{text}</p>" for text in paragraphs)


# --- Large volumes for benchmarks (``seed_bulk``) ------------------------------------------


def new_child_pages(parent, model, specs):
    """Create live children of ``parent`` in bulk: ``specs`` are dicts of the page's own
    fields plus ``title`` and ``slug`` (and optionally ``first_published_at``, by default
    now). Returns the created pages' ids, in order.

    Wagtail pages live in a materialised-path tree (treebeard); the paths of new children
    follow the parent's last child, so they can be computed and inserted in bulk. The
    page-type table is filled with one multi-row INSERT per batch (Django's bulk_create
    refuses multi-table inheritance).
    """
    parent = Page.objects.get(pk=parent.pk)
    last = parent.get_last_child()
    start = Page._str2int(last.path[-Page.steplen :]) + 1 if last else 1
    content_type = model().cached_content_type
    now = timezone.now()
    depth = parent.depth + 1
    base_fields = {"title", "slug", "first_published_at"}
    pages = []
    for offset, spec in enumerate(specs):
        pages.append(
            Page(
                title=spec["title"],
                draft_title=spec["title"],
                slug=spec["slug"],
                content_type=content_type,
                path=Page._get_path(parent.path, depth, start + offset),
                depth=depth,
                numchild=0,
                url_path=f"{parent.url_path}{spec['slug']}/",
                live=True,
                has_unpublished_changes=False,
                first_published_at=spec.get("first_published_at", now),
                last_published_at=spec.get("first_published_at", now),
                locale_id=parent.locale_id,
                translation_key=uuid.uuid4(),
            )
        )
    created = Page.objects.bulk_create(pages, batch_size=500)
    ids = [page.pk for page in created]
    own_fields = list(model._meta.local_concrete_fields)
    rows = []
    for page_id, spec in zip(ids, specs, strict=True):
        row = model(page_ptr_id=page_id, **{k: v for k, v in spec.items() if k not in base_fields})
        rows.append(row)
    for start_index in range(0, len(rows), 500):
        model.objects._insert(rows[start_index : start_index + 500], fields=own_fields)
    Page.objects.filter(pk=parent.pk).update(numchild=F("numchild") + len(ids))
    return ids


def next_number(parent, prefix):
    slugs = parent.get_children().filter(slug__startswith=prefix).values_list("slug", flat=True)
    numbers = [int(slug.rsplit("-", 1)[1]) for slug in slugs if slug.rsplit("-", 1)[1].isdigit()]
    return max(numbers, default=0) + 1

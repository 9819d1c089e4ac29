"""Generated pictures that say something, drawn as SVG on the server (nothing downloaded):
a pictogram and colour per topic, a pictogram per content type, a square monogram per
organisation (and expert firm) and a monogram per person (round in the templates, where a
photo would be). They stand in where editors gave no image; an editor's or owner's own
image always wins (the templates show these only without one).

Which picture a card gets: its first topic's pictogram, else its content type's; people
and organisations their monogram. Each is an <img> with a data: URI (the CSP
allows data: images; an SVG in an <img> runs nothing) and alt="": decorative, like the card
images they replace (the title next to them says the same).

Colours are KERN's strong colours; white on each of them has at least 4.5:1 contrast.
"""

import base64
import hashlib
from functools import lru_cache

from django.utils.html import format_html
from django.utils.safestring import mark_safe

# (name, hex): KERN darkblue-700, turquois-600, red-600, orange-600, violet-700,
# lightblue-600, neutral-700.
PALETTE = (
    ("blue", "#2044aa"),
    ("green", "#007155"),
    ("red", "#c31c13"),
    ("orange", "#925400"),
    ("violet", "#7e01a8"),
    ("teal", "#006b8c"),
    ("grey", "#454b6b"),
)

# Pictograms on a 48 x 48 grid, drawn in white: SVG elements without style attributes (CSP).
S = 'fill="none" stroke="#fff" stroke-width="3" stroke-linecap="round" stroke-linejoin="round"'
F = 'fill="#fff"'
PICTOGRAMS = {
    "bus": f'<rect x="10" y="10" width="28" height="24" rx="4" {S}/><path d="M10 24h28" {S}/>'
    f'<circle cx="17" cy="38" r="3" {F}/><circle cx="31" cy="38" r="3" {F}/>',
    "shop": f'<path d="M8 18l4-8h24l4 8z" {S}/><path d="M11 18v20h26V18" {S}/>'
    f'<path d="M21 38V28h6v10" {S}/>',
    "bolt": f'<path d="M27 6L13 27h10l-3 15 15-22H25z" {F}/>',
    "drop": f'<path d="M24 7C18 17 13 23 13 30a11 11 0 0 0 22 0c0-7-5-13-11-23z" {F}/>',
    "tree": f'<path d="M24 6L11 28h26z" {F}/><path d="M24 28v14" {S}/>',
    "leaf": f'<path d="M10 38C10 18 22 9 39 9c0 17-9 29-29 29z" {S}/><path d="M10 38L28 20" {S}/>',
    "screen": f'<rect x="8" y="10" width="32" height="21" rx="2" {S}/>'
    f'<path d="M18 39h12M24 31v8" {S}/>',
    "house": f'<path d="M8 23L24 9l16 14" {S}/><path d="M13 20v19h22V20" {S}/>'
    f'<path d="M21 39v-9h6v9" {S}/>',
    "bars": f'<path d="M10 40h28" {S}/><rect x="12" y="24" width="6" height="13" {F}/>'
    f'<rect x="21" y="14" width="6" height="23" {F}/>'
    f'<rect x="30" y="19" width="6" height="18" {F}/>',
    "network": f'<path d="M14 34L24 14l10 20z" {S}/><circle cx="24" cy="14" r="5" {F}/>'
    f'<circle cx="14" cy="34" r="5" {F}/><circle cx="34" cy="34" r="5" {F}/>',
    "signal": f'<path d="M24 40V24" {S}/><circle cx="24" cy="21" r="3" {F}/>'
    f'<path d="M16 14a11 11 0 0 0 0 14M32 14a11 11 0 0 1 0 14M11 9a18 18 0 0 0 0 24'
    f'M37 9a18 18 0 0 1 0 24" {S}/>',
    "speech": f'<path d="M8 10h22v15H17l-6 5v-5H8z" {S}/>'
    f'<path d="M34 18h6v14h-3v5l-6-5H20v-3" {S}/>',
    "bulb": f'<path d="M17 26a10 10 0 1 1 14 0c-2 2-3 4-3 7h-8c0-3-1-5-3-7z" {S}/>'
    f'<path d="M20 38h8M21 42h6" {S}/>',
    "article": f'<rect x="11" y="7" width="26" height="34" rx="2" {S}/>'
    f'<path d="M17 16h14M17 23h14M17 30h9" {S}/>',
    "calendar": f'<rect x="9" y="11" width="30" height="28" rx="3" {S}/>'
    f'<path d="M9 19h30M17 7v8M31 7v8" {S}/><rect x="15" y="25" width="6" height="6" {F}/>',
    "puzzle": f'<path d="M10 18h8a4 4 0 1 1 8 0h8v8a4 4 0 1 0 0 8v8H10z" {S}/>',
    "pin": f'<path d="M24 42s13-12 13-22a13 13 0 0 0-26 0c0 10 13 22 13 22z" {S}/>'
    f'<circle cx="24" cy="20" r="4" {F}/>',
    "person": f'<circle cx="24" cy="16" r="7" {S}/>'
    f'<path d="M10 41c0-8 6-13 14-13s14 5 14 13" {S}/>',
    "sparkle": f'<path d="M20 8l4 12 12 4-12 4-4 12-4-12-12-4 12-4z" {F}/>'
    f'<path d="M37 7v8M33 11h8" {S}/>',
    "book": f'<path d="M24 14c-4-3-9-4-15-4v26c6 0 11 1 15 4 4-3 9-4 15-4V10c-6 0-11 1-15 4z" {S}/>'
    f'<path d="M24 14v26" {S}/>',
}

# The demo's topics (slugs stay the same in every language) and the portal's content types.
TOPIC_PICTOGRAMS = {
    "mobilitaet": ("bus", "blue"),
    "einzelhandel": ("shop", "orange"),
    "energie": ("bolt", "orange"),
    "wasser": ("drop", "teal"),
    "forst": ("tree", "green"),
    "klimaschutz": ("leaf", "green"),
    "verwaltungsdigitalisierung": ("screen", "blue"),
    "daseinsvorsorge": ("house", "grey"),
    "open-data": ("bars", "violet"),
    "smart-region": ("network", "teal"),
    "breitband": ("signal", "violet"),
    "buergerbeteiligung": ("speech", "red"),
    "innovationskultur": ("bulb", "red"),
}
CONTENT_TYPE_PICTOGRAMS = {
    "article": ("article", "blue"),
    "event": ("calendar", "red"),
    "solution": ("puzzle", "green"),
    "project": ("pin", "teal"),
    "member": ("person", "grey"),
    "idea": ("sparkle", "orange"),
    "resource": ("book", "violet"),
}


def colour_for(key):
    """A palette colour that stays the same for the same key (a name or slug)."""
    digest = hashlib.sha256(key.encode()).digest()
    return PALETTE[digest[0] % len(PALETTE)][1]


def _colour(name):
    return dict(PALETTE)[name]


# Words that do not make an initial: legal forms and fillers of organisation names,
# academic titles, particles of family names.
NAME_FILLERS = {"gmbh", "ag", "e.v.", "ev", "kg", "mbh", "der", "die", "das", "und", "für", "the"}
TITLES = {"dr.", "prof.", "dipl.", "ing.", "med.", "rer.", "nat."}
PARTICLES = {"von", "van", "zu", "vom", "zum", "der", "den", "de", "di", "da", "le", "la"}


def initials(name, letters=2):
    """Up to two capital initials of a name ("Stadtwerke Musterstadt" -> "SM"); words in
    brackets, "GmbH"-like suffixes and hyphens count as separators."""
    picked = _name_words(name, NAME_FILLERS | TITLES)
    return "".join(w[0].upper() for w in picked[:letters]) or "?"


def person_initials(name):
    """The initials of a person's first and last name ("Dr. Anna-Lena von Beispiel-Muster"
    -> "AB"): academic titles and name particles do not count, double names one."""
    picked = _name_words(name, TITLES | PARTICLES, hyphens_separate=False)
    if len(picked) > 1:
        picked = [picked[0], picked[-1]]
    return "".join(w[0].upper() for w in picked) or "?"


def _name_words(name, skip, hyphens_separate=True):
    """The words of a name that start with a letter or digit (dashes separate words, and
    hyphens unless told otherwise), without those in ``skip``; all of them if nothing else
    is left."""
    if hyphens_separate:
        name = name.replace("-", " ")
    words = [w for w in name.replace("–", " ").split() if w[:1].isalnum()]
    return [w for w in words if w.lower() not in skip] or words


def _tile(colour, body, width=160, height=90, scale=1.25):
    """A wide tile (16:9, like card images) with the 48 px pictogram centred."""
    size = 48 * scale
    x, y = (width - size) / 2, (height - size) / 2
    return format_html(
        '<svg class="generated-picture" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {} {}"'
        ' aria-hidden="true" focusable="false"><rect width="{}" height="{}" fill="{}"/>'
        '<g transform="translate({} {}) scale({})">{}</g></svg>',
        width,
        height,
        width,
        height,
        colour,
        f"{x:.1f}",
        f"{y:.1f}",
        scale,
        mark_safe(body),  # the pictograms above are constants
    )


def topic_svg(slug, name):
    """The topic's pictogram and colour; a topic without one gets its initial."""
    pictogram, colour = TOPIC_PICTOGRAMS.get(slug, (None, None))
    if pictogram is None:
        return _letters_tile(colour_for(slug), initials(name, letters=1))
    return _tile(_colour(colour), PICTOGRAMS[pictogram])


def content_type_svg(kind):
    pictogram, colour = CONTENT_TYPE_PICTOGRAMS[kind]
    return _tile(_colour(colour), PICTOGRAMS[pictogram])


def monogram_svg(name):
    """An organisation's monogram: its initials on its own colour, square."""
    return _letters_tile(colour_for(name), initials(name), width=120, height=120)


def person_monogram_svg(name):
    """A person's monogram: the initials of first and last name on a colour of their own."""
    return _letters_tile(colour_for(name), person_initials(name), width=120, height=120)


def as_img(svg, width, height):
    """The SVG as a decorative <img> (data: URI)."""
    data = base64.b64encode(str(svg).encode()).decode()
    return format_html(
        '<img class="generated-picture" src="data:image/svg+xml;base64,{}" alt=""'
        ' width="{}" height="{}">',
        data,
        width,
        height,
    )


# The same picture is on many cards of a listing: each is drawn once per process.
@lru_cache(maxsize=256)
def topic_picture(slug, name):
    return as_img(topic_svg(slug, name), 160, 90)


@lru_cache(maxsize=32)
def content_type_picture(kind):
    return as_img(content_type_svg(kind), 160, 90)


@lru_cache(maxsize=1024)
def monogram(name):
    return as_img(monogram_svg(name), 120, 120)


@lru_cache(maxsize=1024)
def person_monogram(name):
    return as_img(person_monogram_svg(name), 120, 120)


def _letters_tile(colour, letters, width=160, height=90):
    return format_html(
        '<svg class="generated-picture" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {} {}"'
        ' aria-hidden="true" focusable="false"><rect width="{}" height="{}" fill="{}"/>'
        '<text x="50%" y="50%" dy=".35em" text-anchor="middle" fill="#fff" font-size="{}"'
        ' font-weight="700" font-family="Fira Sans, sans-serif">{}</text></svg>',
        width,
        height,
        width,
        height,
        colour,
        round(min(width, height) * 0.45),
        letters,
    )

"""Generated pictures (home.pictures) for templates; use them only where no image was given:

{% load picture_tags %}
{% if article.lead_image %}{% image ... %}{% else %}{% topic_picture topic %}{% endif %}
"""

from django import template

from home import pictures

register = template.Library()


@register.simple_tag
def topic_picture(topic, kind="article"):
    """The topic's pictogram, or the content type's when there is no topic."""
    if topic is None or not getattr(topic, "slug", ""):
        return pictures.content_type_picture(kind)
    return pictures.topic_picture(topic.slug, topic.name)


@register.simple_tag
def content_type_picture(kind):
    return pictures.content_type_picture(kind)


@register.simple_tag
def monogram(name):
    return pictures.monogram(name or "?")


@register.simple_tag
def person_monogram(name):
    """A person's initials where their photo would be (round like a photo in the CSS)."""
    return pictures.person_monogram(name or "?")

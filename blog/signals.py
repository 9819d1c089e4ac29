"""Signal receivers of the blog."""

from django.db.models.signals import post_delete
from django.dispatch import receiver
from wagtail.models import Page
from wagtail.search import index
from wagtail.signals import page_published

from blog.models import BlogPage, PortalComment


@receiver(page_published, sender=BlogPage)
def reindex_with_topics_and_tags(sender, instance, **kwargs):
    """Index the article again once it is published: the search index is written while the
    page row is saved, before its topics and tags (modelcluster relations) are, so without
    this they would only become searchable with the next save."""
    index.insert_or_update_object(instance)


@receiver(post_delete, sender=Page)
def delete_comments_of_deleted_page(sender, instance, **kwargs):
    """Comments are personal data: they go with the page they were written on."""
    PortalComment.objects.for_page(instance).delete()

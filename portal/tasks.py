"""Background tasks of the portal (django-tasks)."""

from django_tasks import task
from wagtail.images import get_image_model

from portal.mail import deliver
from portal.models import OutgoingEmail
from portal.renditions import pregenerate


@task()
def deliver_email_task(email_id):
    email = OutgoingEmail.objects.filter(pk=email_id).first()
    if email is not None:
        deliver(email)


@task()
def deliver_emails_task(email_ids):
    """Deliver a batch of outbox e-mails (``portal.mail.deliver_many_soon``)."""
    for email in OutgoingEmail.objects.filter(pk__in=email_ids).order_by("pk"):
        deliver(email)


@task()
def pregenerate_renditions_task(image_id):
    image = get_image_model().objects.filter(pk=image_id).first()
    if image is not None:
        pregenerate(image)

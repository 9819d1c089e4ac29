"""Background tasks of the portal (django-tasks)."""

from django_tasks import task

from portal.models import OutgoingEmail


@task()
def deliver_email_task(email_id):
    from portal.mail import deliver

    email = OutgoingEmail.objects.filter(pk=email_id).first()
    if email is not None:
        deliver(email)


@task()
def pregenerate_renditions_task(image_id):
    from wagtail.images import get_image_model

    from portal.renditions import pregenerate

    image = get_image_model().objects.filter(pk=image_id).first()
    if image is not None:
        pregenerate(image)

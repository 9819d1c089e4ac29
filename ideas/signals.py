"""Signal receivers of the ideas app (connected in ``IdeasConfig.ready``).

* Publishing an idea with a new status records it and e-mails the submitter and the
  supporters who asked for it (``ideas.rules.announce_status``), after the commit through
  the outbox, however it was published (the page editor, a workflow approval, a
  scheduled publication, a command).
"""

from django.dispatch import receiver
from wagtail.signals import page_published

from .models import IdeaPage
from .rules import announce_status


@receiver(page_published, sender=IdeaPage, dispatch_uid="ideas-announce-status")
def announce_new_status(sender, instance, **kwargs):
    announce_status(instance)

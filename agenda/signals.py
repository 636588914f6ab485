"""What follows a change of an invitation beyond its own row."""

from django.db.models.signals import post_delete
from django.dispatch import receiver

from agenda.models import Invitation


@receiver(post_delete, sender=Invitation)
def reconsider_what_a_deleted_schedule_cited(sender, instance, **kwargs):
    """A scheduled invitation deleted no longer lifts what it cites at its time."""
    if instance.is_scheduled:
        Invitation.reconsider_pending_records()

"""What follows a change of an invitation beyond its own row."""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from agenda import pdf
from agenda.models import Invitation


@receiver(post_delete, sender=Invitation)
def reconsider_what_a_deleted_schedule_cited(sender, instance, **kwargs):
    """A scheduled invitation deleted no longer lifts what it cites at its time."""
    if instance.is_scheduled:
        Invitation.reconsider_pending_records()


@receiver(post_save, sender=Invitation)
def queue_pdf(sender, instance, raw, **kwargs):
    """Render the PDF at the publication time; forget it when the invitation is withdrawn."""
    if not raw:
        pdf.store.queue_at_publication(instance)


@receiver(post_delete, sender=Invitation)
def forget_pdf(sender, instance, **kwargs):
    pdf.store.forget_on_commit(instance.pk)

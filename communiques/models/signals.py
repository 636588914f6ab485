"""What follows a save: revisions, the workflow state kept on restore, the search index."""

import reversion
from django.db.models.signals import post_delete, post_save, pre_save
from django.dispatch import receiver

from communiques import search
from communiques.models.communique import Communique
from communiques.models.contacts import CommuniqueContact
from communiques.models.quotes import Quote

# Revisions: every save of a release through the admin (or inside
# reversion.create_revision()) records it with its quotes and contacts.
reversion.register(Quote)
reversion.register(CommuniqueContact)
reversion.register(Communique, follow=["quotes", "contact_links"])

WORKFLOW_FIELDS = ["status", "published_at", "withdrawn_at", "withdrawal_reason", "version"]


@receiver(pre_save, sender=Communique)
def keep_workflow_state_on_raw_save(sender, instance, raw, **kwargs):
    """Restoring a revision is a raw save: it must not publish, unpublish or rewind the
    lock. Content comes back; the editorial state stays what the workflow made it."""
    if not raw or instance.pk is None:
        return
    current = Communique.objects.filter(pk=instance.pk).values(*WORKFLOW_FIELDS).first()
    if current is None:
        return
    for field_name, value in current.items():
        setattr(instance, field_name, value)
    instance.version = current["version"] + 1


@receiver(post_delete, sender=Communique)
def reconsider_what_a_deleted_schedule_cited(sender, instance, **kwargs):
    """A scheduled release deleted no longer lifts what it cites at its time."""
    if instance.is_scheduled:
        Communique.reconsider_pending_records()


@receiver(post_save, sender=Communique)
def index_communique(sender, instance, **kwargs):
    search.refresh_index([instance.pk])


@receiver(post_save, sender=Quote)
@receiver(post_delete, sender=Quote)
def index_quote_communique(sender, instance, **kwargs):
    search.refresh_index([instance.communique_id])


@receiver(post_save, sender=Communique)
def queue_pdf(sender, instance, raw, **kwargs):
    """Render the PDF at the publication time; forget it when the release is withdrawn."""
    if raw:
        return
    from communiques import pdf

    pdf.store.queue_at_publication(instance)


@receiver(post_delete, sender=Communique)
def forget_pdf(sender, instance, **kwargs):
    from communiques import pdf

    pdf.store.forget_on_commit(instance.pk)

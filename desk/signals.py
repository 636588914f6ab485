"""Workflow events notify the people concerned (desk/notifications.py): a release's
steps, and the changes to live content that wait for review (grandest_press/review.py)."""

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models.signals import post_save
from django.dispatch import receiver
from django.urls import reverse
from django.utils.translation import gettext as _

from communiques.models import CommuniqueEvent
from desk.notifications import (
    APPLIED_CHANGES,
    RETURNS,
    REVIEW_REQUESTS,
    admin_link,
    announce,
    publication_team,
)
from grandest_press.review import PendingRevision, ReviewComment


@receiver(post_save, sender=CommuniqueEvent, dispatch_uid="desk-notify-communique-event")
def notify_communique_event(sender, instance, created, raw=False, **kwargs):
    if not created or raw or instance.communique_id is None:
        return
    communique = instance.communique
    context = {
        "event": instance,
        "communique": communique,
        "by": instance.user,
        "link": admin_link(reverse("admin:communiques_communique_change", args=[communique.pk])),
    }
    key = f"communique-event:{instance.pk}"
    if instance.action == CommuniqueEvent.Action.SUBMITTED:
        announce(
            key=key,
            kind=REVIEW_REQUESTS,
            recipients=publication_team(exclude=instance.user),
            subject=_("À relire : « %(title)s »") % {"title": communique.title},
            template="desk/email/submitted.txt",
            context=context,
        )
    elif instance.action == CommuniqueEvent.Action.RETURNED:
        author = communique.created_by or last_submitter(communique)
        if author is not None and author != instance.user:
            # The reviewer's comment is recorded just after the event, in the same
            # transaction: the email is written once both are there.
            transaction.on_commit(
                lambda: announce(
                    key=key,
                    kind=RETURNS,
                    recipients=[author],
                    subject=_("Repassé en brouillon : « %(title)s »") % {"title": communique.title},
                    template="desk/email/returned.txt",
                    context={**context, "comment": return_comment(instance)},
                )
            )


def return_comment(event):
    """What the reviewer wrote when sending the release back with `event`, if anything."""
    return (
        ReviewComment.objects.filter(
            content_type=ContentType.objects.get_for_model(event.communique),
            object_id=event.communique_id,
            kind=ReviewComment.Kind.RETURNED,
            revision__isnull=True,
            created_at__gte=event.at,
        )
        .order_by("created_at", "pk")
        .first()
    )


def last_submitter(communique):
    event = (
        communique.events.filter(action=CommuniqueEvent.Action.SUBMITTED)
        .select_related("user")
        .first()
    )
    return event.user if event else None


def revision_context(revision, *, by, page="change", comment=None) -> dict:
    """For the emails about `revision`; `page` is the admin page the link opens."""
    content_type = revision.content_type
    model = content_type.model_class()
    return {
        "revision": revision,
        "what": model._meta.verbose_name if model else content_type.model,
        "by": by,
        "comment": comment,
        "link": admin_link(
            reverse(
                f"admin:{content_type.app_label}_{content_type.model}_{page}",
                args=[revision.object_id],
            )
        ),
    }


@receiver(post_save, sender=PendingRevision, dispatch_uid="desk-notify-pending-revision")
def notify_pending_revision(sender, instance, created, raw=False, update_fields=None, **kwargs):
    """Proposed: Publication is told. Applied: its author is (sent back: below, with the
    comment, which is recorded after the decision)."""
    if raw:
        return
    if created and instance.status == PendingRevision.Status.PENDING:
        announce(
            key=f"revision:{instance.pk}:proposed",
            kind=REVIEW_REQUESTS,
            recipients=publication_team(exclude=instance.created_by),
            subject=_("Modification à relire : « %(object)s »") % {"object": instance.object_repr},
            template="desk/email/revision_proposed.txt",
            context=revision_context(instance, by=instance.created_by, page="pending_revision"),
        )
    elif instance.status == PendingRevision.Status.APPLIED and (
        update_fields is None or "status" in update_fields
    ):
        author = instance.created_by
        if author is not None and author != instance.decided_by:
            announce(
                key=f"revision:{instance.pk}:applied",
                kind=APPLIED_CHANGES,
                recipients=[author],
                subject=_("Modification publiée : « %(object)s »")
                % {"object": instance.object_repr},
                template="desk/email/revision_applied.txt",
                context=revision_context(instance, by=instance.decided_by),
            )


@receiver(post_save, sender=ReviewComment, dispatch_uid="desk-notify-revision-sent-back")
def notify_revision_sent_back(sender, instance, created, raw=False, **kwargs):
    if not created or raw or instance.kind != ReviewComment.Kind.RETURNED:
        return
    revision = instance.revision
    if revision is None or revision.status != PendingRevision.Status.RETURNED:
        return
    author = revision.created_by
    if author is not None and author != instance.author:
        announce(
            key=f"revision:{revision.pk}:returned",
            kind=RETURNS,
            recipients=[author],
            subject=_("Modification renvoyée : « %(object)s »") % {"object": revision.object_repr},
            template="desk/email/revision_returned.txt",
            context=revision_context(revision, by=instance.author, comment=instance.text),
        )

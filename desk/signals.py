"""A release's workflow events notify the people concerned (desk/notifications.py)."""

from django.db.models.signals import post_save
from django.dispatch import receiver
from django.urls import reverse
from django.utils.translation import gettext as _

from communiques.models import CommuniqueEvent
from desk.notifications import (
    RETURNS,
    REVIEW_REQUESTS,
    admin_link,
    announce,
    publication_team,
)


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
            announce(
                key=key,
                kind=RETURNS,
                recipients=[author],
                subject=_("Repassé en brouillon : « %(title)s »") % {"title": communique.title},
                template="desk/email/returned.txt",
                context=context,
            )


def last_submitter(communique):
    event = (
        communique.events.filter(action=CommuniqueEvent.Action.SUBMITTED)
        .select_related("user")
        .first()
    )
    return event.user if event else None

"""Emails to staff about the editorial work: one hook for every kind of content.

`announce()` records one Notification per person who wants it, keyed by the event, and
queues their delivery once the transaction that recorded the event commits. A release
submitted for review or sent back to draft uses it (signals.py); any other content with
a review step (a pending revision of a live page…) calls it the same way, with its own
key and template.
"""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.utils import timezone

from desk.models import Notification, NotificationSettings

PUBLICATION_GROUP = "Publication"
# The kinds of notification a user may turn off (fields of NotificationSettings).
REVIEW_REQUESTS = "review_requests"
RETURNS = "returns"
APPLIED_CHANGES = "applied_changes"


def publication_team(*, exclude=None):
    """Those who review and publish: active members of the Publication group."""
    users = (
        get_user_model()
        .objects.filter(groups__name=PUBLICATION_GROUP, is_active=True)
        .exclude(email="")
    )
    if exclude is not None:
        users = users.exclude(pk=exclude.pk)
    return users.distinct()


def announce(*, key: str, kind: str, recipients, subject: str, template: str, context: dict):
    """Tell each of `recipients` who has not turned `kind` off, once per `key`."""
    from desk.tasks import deliver_notifications

    created = False
    for user in recipients:
        if user is None or not user.is_active or not user.email:
            continue
        if not NotificationSettings.wants(user, kind):
            continue
        body = render_to_string(template, {**context, "recipient": user})
        try:
            with transaction.atomic():
                Notification.objects.create(
                    key=key, recipient=user, subject=subject[:300], body=body
                )
        except IntegrityError:
            continue  # Already told about this event.
        created = True
    if created:
        transaction.on_commit(lambda: deliver_notifications.enqueue(key))


def deliver(key: str) -> int:
    """Send the notifications of `key` not sent yet; each is claimed first, so that two
    workers never send the same one. Returns how many were sent."""
    sent = 0
    for notification in Notification.objects.filter(key=key, sent_at__isnull=True).select_related(
        "recipient"
    ):
        claimed = Notification.objects.filter(pk=notification.pk, sent_at__isnull=True).update(
            sent_at=timezone.now()
        )
        if not claimed:
            continue
        try:
            send_mail(
                notification.subject,
                notification.body,
                settings.DEFAULT_FROM_EMAIL,
                [notification.recipient.email],
            )
        except Exception:
            # Not sent: left to send, and the task fails (visible in the task results);
            # enqueuing deliver_notifications(key) again sends what is left.
            Notification.objects.filter(pk=notification.pk).update(sent_at=None)
            raise
        sent += 1
    return sent


def admin_link(path: str) -> str:
    return f"{settings.SITE_URL}{path}"

"""Sending: launching a sending, then delivering its messages one row at a time.

Each (sending, address) is a Delivery row. The worker delivers a row like this:

1. In one transaction: claim the next due row (``SELECT … FOR UPDATE SKIP LOCKED`` on
   PostgreSQL, so that several workers never take the same row; SQLite has one
   writer and runs one worker), create the recipient's preview link if the release
   is under embargo, build the message, and hand it to the SMTP server up to, but
   not including, the final ``.`` that ends its DATA. Then mark the row sent and
   commit.
2. After the commit, send the final ``.``: only now may the server deliver.

A crash (the worker killed, the machine lost) before the commit rolls the row back
to "queued", and the server, which never got the final dot, discards the unfinished
message (RFC 5321, 4.1.1.4): the row is delivered again by the next worker, once.
A crash after the final dot leaves a row marked sent for a message the server has.
The one window left is the few microseconds between the commit and writing the dot:
a crash there loses that message (at most once). We chose that side on purpose: a
duplicate cannot be taken back, and the other order (commit after the server's
reply) would resend every message whose reply was in flight, a window as long as a
commit. Backends that are not SMTP (files in development, memory in tests) send
first and commit after: at least once.

The server's reply to the final dot decides the rest: 2xx sent; 4xx (or a lost
connection before the dot) retried later with a growing delay; 5xx refused, and the
address goes to the suppression list.
"""

import datetime
import logging
import time

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from communiques.models import Communique, PreviewLink
from journalists import mail
from journalists.addresses import email_digest
from journalists.models import Delivery, Journalist, JournalistEmail, Sending, Suppression
from journalists.smtp import (
    PermanentFailure,
    SmtpTransport,
    TemporaryFailure,
    failures_classified,
)

logger = logging.getLogger(__name__)

LAUNCH_PERMISSION = "journalists.launch_sending"
SMTP_BACKEND = "django.core.mail.backends.smtp.EmailBackend"


# --- Launching -----------------------------------------------------------------------


def can_launch(user) -> bool:
    return user.has_perm(LAUNCH_PERMISSION)


def launch(sending: Sending, *, by, at: datetime.datetime | None = None) -> int:
    """Publication launches a prepared sending, now or at `at`; returns its recipients.

    The recipients are fixed now: one row per address, the first mailable address of
    each journalist of its lists, segments and single choices.
    """
    if not can_launch(by):
        raise PermissionDenied(_("Seule la Publication peut lancer un envoi."))
    communique = sending.communique
    if sending.kind == Sending.Kind.WITHDRAWAL:
        if communique.status != Communique.Status.WITHDRAWN:
            raise ValidationError(_("Un avis de retrait ne part que pour un communiqué retiré."))
    elif sending.kind == Sending.Kind.CORRECTION:
        if not communique.is_published():
            raise ValidationError(_("Un rectificatif ne part que pour un communiqué en ligne."))
    elif communique.status != Communique.Status.PUBLISHED:
        raise ValidationError(
            _("Seul un communiqué publié ou programmé peut être envoyé (retiré : jamais).")
        )
    if at is not None and at < timezone.now() - datetime.timedelta(minutes=1):
        raise ValidationError(_("L’heure d’envoi est passée : laissez-la vide pour envoyer."))
    with transaction.atomic():
        locked = Sending.objects.select_for_update().get(pk=sending.pk)
        if locked.state != Sending.State.DRAFT:
            raise ValidationError(_("Cet envoi a déjà été lancé."))
        if locked.is_follow_up:
            count = add_previous_recipients(locked)
        else:
            add_recipients(locked, journalists_of(locked))
            count = add_single_addresses(locked)
        locked.state = Sending.State.SCHEDULED
        locked.send_at = at or timezone.now()
        locked.launched_at = timezone.now()
        locked.launched_by = by
        locked.save(update_fields=["state", "send_at", "launched_at", "launched_by"])
        transaction.on_commit(wake_worker)
    sending.refresh_from_db()
    return count


def journalists_of(sending: Sending):
    chosen = Q(pk__in=sending.journalists.values("pk")) | Q(lists__in=sending.recipient_lists.all())
    for segment in sending.segments.all():
        chosen |= Q(pk__in=segment.members().values("pk"))
    return Journalist.objects.filter(chosen, erased_at__isnull=True).distinct()


def add_recipients(sending: Sending, journalists) -> int:
    """One row per journalist, at their first address that may be written to."""
    addresses = (
        JournalistEmail.objects.mailable()
        .filter(journalist__in=journalists.values("pk"))
        .order_by("journalist_id", "order", "pk")
        .values_list("journalist_id", "email", "digest")
    )
    rows, seen = [], set()
    for journalist_id, address, digest in addresses.iterator(chunk_size=2000):
        if journalist_id in seen:
            continue
        seen.add(journalist_id)
        rows.append(
            Delivery(sending=sending, journalist_id=journalist_id, email=address, digest=digest)
        )
    Delivery.objects.bulk_create(rows, batch_size=1000, ignore_conflicts=True)
    return sending.deliveries.count()


def add_single_addresses(sending: Sending) -> int:
    """The addresses typed one by one: once each, whoever else names them, never if excluded."""
    addresses = {email_digest(address): address for address in sending.single_addresses()}
    excluded = set(
        Suppression.objects.filter(digest__in=addresses).values_list("digest", flat=True)
    )
    directory = dict(
        JournalistEmail.objects.mailable()
        .filter(digest__in=addresses)
        .values_list("digest", "journalist_id")
    )
    rows = [
        Delivery(sending=sending, email=address, digest=digest, journalist_id=directory.get(digest))
        for digest, address in addresses.items()
        if digest not in excluded
    ]
    Delivery.objects.bulk_create(rows, batch_size=1000, ignore_conflicts=True)
    return sending.deliveries.count()


def delivered_to(communique):
    """The messages of a release that reached someone (not its follow-ups)."""
    return Delivery.objects.filter(
        sending__communique=communique,
        sending__kind=Sending.Kind.RELEASE,
        state=Delivery.State.SENT,
    )


def add_previous_recipients(sending: Sending) -> int:
    """The same addresses that received the release, the excluded ones left out."""
    rows, seen = [], set()
    delivered = (
        delivered_to(sending.communique)
        .exclude(digest__in=Suppression.objects.values("digest"))
        .exclude(email="")
        .order_by("pk")
        .values_list("digest", "email", "journalist_id", "subscriber_id")
    )
    for digest, address, journalist_id, subscriber_id in delivered.iterator(chunk_size=2000):
        if digest in seen:
            continue
        seen.add(digest)
        rows.append(
            Delivery(
                sending=sending,
                email=address,
                digest=digest,
                journalist_id=journalist_id,
                subscriber_id=subscriber_id,
            )
        )
    Delivery.objects.bulk_create(rows, batch_size=1000, ignore_conflicts=True)
    return sending.deliveries.count()


def follow_up_offered(communique) -> str | None:
    """The follow-up a sent release calls for now: a withdrawal notice, a rectificatif, or none."""
    if not delivered_to(communique).exists():
        return None
    if communique.status == Communique.Status.WITHDRAWN:
        return Sending.Kind.WITHDRAWAL
    if communique.is_published() and communique.corrections.exists():
        return Sending.Kind.CORRECTION
    return None


def prepare_follow_up(communique, *, by) -> Sending:
    """Rédaction prepares the notice of a rectificatif or a withdrawal; Publication launches it."""
    kind = follow_up_offered(communique)
    if kind is None:
        raise ValidationError(
            _("Ce communiqué n’a ni rectificatif ni retrait à signaler à ses destinataires.")
        )
    if kind == Sending.Kind.WITHDRAWAL:
        note = communique.withdrawal_reason
    else:
        note = communique.corrections.order_by("-created_at", "-pk").first().text
    existing = Sending.objects.filter(
        communique=communique, kind=kind, state=Sending.State.DRAFT
    ).first()
    if existing is not None:
        return existing
    return Sending.objects.create(communique=communique, kind=kind, note=note, created_by=by)


def pause(sending: Sending, *, by):
    _transition(sending, by, {Sending.State.SCHEDULED}, Sending.State.PAUSED)


def resume(sending: Sending, *, by):
    _transition(sending, by, {Sending.State.PAUSED}, Sending.State.SCHEDULED)
    transaction.on_commit(wake_worker)


def cancel(sending: Sending, *, by):
    _transition(
        sending, by, {Sending.State.SCHEDULED, Sending.State.PAUSED}, Sending.State.CANCELLED
    )


def _transition(sending, by, sources, target):
    if not can_launch(by):
        raise PermissionDenied(_("Seule la Publication peut suspendre ou annuler un envoi."))
    changed = Sending.objects.filter(pk=sending.pk, state__in=sources).update(state=target)
    if not changed:
        raise ValidationError(_("Cet envoi n’est pas dans un état qui le permet."))
    sending.state = target


def wake_worker():
    from journalists import tasks

    tasks.ensure_dispatcher(now=True)


def sample_message(sending: Sending, *, user, create_link: bool):
    """The message as recipients will get it, addressed to a press officer: the
    preview in the admin (no link created) and the test sent to oneself."""
    email = user.email or "apercu@invalid"
    sample = Delivery(sending=sending, email=email, digest=email_digest(email))
    if sending.is_follow_up:
        return mail.build_notice(sample)
    communique = Communique.objects.get_for_detail(pk=sending.communique_id)
    release = mail.release_context(communique)
    link = None
    if release["under_embargo"]:
        link = PreviewLink(
            communique=communique,
            recipient_name=user.get_full_name() or user.get_username(),
            email=email,
            expires_at=communique.published_at,
            created_by=user,
        )
        if create_link:
            link.save()
    return mail.build(sample, release=release, preview_link=link)


# --- Delivering ----------------------------------------------------------------------


def due_sendings(now):
    """The sendings whose messages may go now. The one rule of what is sent, and when.

    A sending goes once launched and its time reached, while it is neither paused nor
    cancelled, only for a release still published or scheduled (never withdrawn nor
    back to draft); an alert to subscribers never before the publication minute. A
    rectificatif goes only while the release is online, a withdrawal notice only while
    it stays withdrawn.
    """
    published = Q(communique__status=Communique.Status.PUBLISHED)
    online = published & Q(communique__published_at__lte=now)
    return Sending.objects.filter(state=Sending.State.SCHEDULED, send_at__lte=now).filter(
        Q(kind=Sending.Kind.RELEASE, is_alert=False) & published
        | Q(kind=Sending.Kind.RELEASE, is_alert=True) & online
        | Q(kind=Sending.Kind.CORRECTION) & online
        | Q(kind=Sending.Kind.WITHDRAWAL, communique__status=Communique.Status.WITHDRAWN)
    )


def claim_next(now):
    """The next due row, locked for this worker (checked again at every row)."""
    for sending_id in due_sendings(now).order_by("pk").values_list("pk", flat=True):
        rows = Delivery.objects.filter(
            sending_id=sending_id, state=Delivery.State.QUEUED, next_attempt_at__lte=now
        ).order_by("pk")
        if connection.features.has_select_for_update_skip_locked:
            rows = rows.select_for_update(skip_locked=True, of=("self",))
        row = rows.select_related("journalist__media", "sending__communique", "subscriber").first()
        if row is not None:
            return row
    return None


class Deliverer:
    """Delivers due rows, one at a time, over one SMTP connection kept open."""

    def __init__(self, *, rate_per_minute: int | None = None):
        mailer = settings.MAILERS["default"]
        smtp = mailer.get("BACKEND", SMTP_BACKEND) == SMTP_BACKEND
        self.transport = SmtpTransport(**mailer.get("OPTIONS", {})) if smtp else None
        rate = settings.EMAIL_RATE if rate_per_minute is None else rate_per_minute
        self.interval = 60 / rate if rate else 0
        self.next_slot = 0.0
        self.releases = {}

    def run(self, *, seconds: float = 60, limit: int | None = None) -> int:
        """Deliver for at most `seconds` (or `limit` rows); returns how many were tried."""
        deadline = time.monotonic() + seconds
        done = 0
        try:
            while time.monotonic() < deadline and (limit is None or done < limit):
                self._pace()
                if not self.deliver_one():
                    break
                done += 1
        finally:
            if self.transport:
                self.transport.close()
        return done

    def _pace(self):
        if not self.interval:
            return
        wait = self.next_slot - time.monotonic()
        if wait > 0:
            time.sleep(wait)
        self.next_slot = max(self.next_slot, time.monotonic()) + self.interval

    def deliver_one(self) -> bool:
        """Deliver the next due row; False when there is none."""
        now = timezone.now()
        with transaction.atomic():
            delivery = claim_next(now)
            if delivery is None:
                return False
            if Suppression.objects.filter(digest=delivery.digest).exists():
                delivery.refuse(_("Adresse exclue des envois."), bounced=False)
                return True
            if delivery.sending.is_follow_up:
                link = None
                message = mail.build_notice(delivery)
            else:
                release = self._release(delivery.sending)
                link = self._preview_link(delivery, release) if release["under_embargo"] else None
                message = mail.build(delivery, release=release, preview_link=link)
            try:
                self._begin(message)
            except TemporaryFailure as error:
                delivery.retry_later(str(error))
                return True
            except PermanentFailure as error:
                delivery.refuse(str(error), bounced=error.bounced)
                return True
            delivery.state = Delivery.State.SENT
            delivery.sent_at = timezone.now()
            delivery.attempts += 1
            delivery.preview_link = link
            delivery.save(update_fields=["state", "sent_at", "attempts", "preview_link"])
        # Committed: from here the message may be delivered, and the row says so.
        try:
            self._finish()
        except TemporaryFailure as error:
            Delivery.objects.filter(pk=delivery.pk).update(state=Delivery.State.QUEUED)
            delivery.retry_later(str(error))
        except PermanentFailure as error:
            delivery.refuse(str(error), bounced=error.bounced)
        return True

    def _release(self, sending):
        """The release as it is now, read in full only when it changed."""
        communique = sending.communique
        key = (sending.pk, communique.version, communique.is_published())
        if key not in self.releases:
            detail = Communique.objects.get_for_detail(pk=communique.pk)
            self.releases = {key: mail.release_context(detail)}
        return self.releases[key]

    def _preview_link(self, delivery, release):
        communique = release["communique"]
        journalist = delivery.journalist
        return PreviewLink.objects.create(
            communique=communique,
            recipient_name=journalist.name if journalist else delivery.email,
            outlet=journalist.media.name if journalist and journalist.media else "",
            email=delivery.email,
            expires_at=communique.published_at,
        )

    def _begin(self, message):
        if self.transport:
            self.transport.begin(message)
            return
        with failures_classified():
            message.send()

    def _finish(self):
        if self.transport:
            self.transport.finish()

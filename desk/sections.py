"""What the desk shows a user: the work waiting for them, in a few short lists."""

import datetime
from dataclasses import dataclass, field

from django.db.models import OuterRef, Subquery
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from communiques.models import Communique, CommuniqueEvent, PreviewOpening
from grandest_press.review import PendingRevision, may_change_live_content
from journalists.models import Sending

ROWS = 10


@dataclass
class Desk:
    to_review: list = field(default_factory=list)
    today: list = field(default_factory=list)
    this_week: list = field(default_factory=list)
    my_drafts: list = field(default_factory=list)
    sendings: list | None = None
    openings: list | None = None
    pending_changes: list = field(default_factory=list)
    can_publish: bool = False
    can_review_changes: bool = False

    @property
    def schedule(self):
        """(heading, releases, what to say when there are none) for today and the week."""
        return [
            (_("Aujourd’hui"), self.today, _("Aucune levée d’embargo aujourd’hui.")),
            (
                _("Les sept jours suivants"),
                self.this_week,
                _("Rien de programmé dans les sept jours suivants."),
            ),
        ]


def releases_to_review():
    """Releases in review, the longest waiting first, with who submitted them and when."""
    submitted = CommuniqueEvent.objects.filter(
        communique=OuterRef("pk"), action=CommuniqueEvent.Action.SUBMITTED
    ).order_by("-at", "-pk")
    return (
        Communique.objects.filter(status=Communique.Status.REVIEW)
        .annotate(
            submitted_at=Subquery(submitted.values("at")[:1]),
            submitted_by=Subquery(submitted.values("user__username")[:1]),
        )
        .only("pk", "title", "updated_at")
        .order_by("submitted_at", "pk")
    )


def scheduled_between(start, end):
    return (
        Communique.objects.scheduled()
        .filter(published_at__gte=start, published_at__lt=end)
        .only("pk", "title", "published_at", "status")
        .order_by("published_at", "pk")
    )


@dataclass(frozen=True)
class PendingChange:
    """A row of « Modifications en attente »: what changes, who proposed it, when, and
    where to go (the review page for Publication, the object for its author)."""

    kind: str
    label: str
    author: str
    proposed_at: datetime.datetime
    url: str


def admin_url(content_type, name, object_id) -> str:
    return reverse(f"admin:{content_type.app_label}_{content_type.model}_{name}", args=[object_id])


def pending_changes(user, *, reviewer: bool) -> list[PendingChange]:
    """Changes to live content waiting for review, the longest waiting first: all of them
    for who reviews, otherwise the user's own (which they may withdraw from the object)."""
    revisions = PendingRevision.objects.pending().select_related("content_type", "created_by")
    if not reviewer:
        revisions = revisions.filter(created_by=user)
    rows = []
    for revision in revisions.order_by("created_at", "pk")[:ROWS]:
        content_type, model = revision.content_type, revision.content_type.model_class()
        try:
            url = admin_url(
                content_type, "pending_revision" if reviewer else "change", revision.object_id
            )
        except NoReverseMatch:
            continue  # A model the admin no longer shows.
        author = revision.created_by
        rows.append(
            PendingChange(
                kind=str(model._meta.verbose_name) if model else content_type.model,
                label=revision.object_repr,
                author=(author.get_full_name() or author.get_username()) if author else "—",
                proposed_at=revision.created_at,
                url=url,
            )
        )
    return rows


def desk_for(user, *, now=None) -> Desk:
    now = now or timezone.now()
    tomorrow = timezone.make_aware(
        datetime.datetime.combine(timezone.localdate(now), datetime.time())
    ) + datetime.timedelta(days=1)
    desk = Desk(
        can_publish=Communique.can_publish(user),
        can_review_changes=may_change_live_content(user),
    )
    desk.pending_changes = pending_changes(user, reviewer=desk.can_review_changes)
    if user.has_perm("communiques.view_communique"):
        desk.to_review = list(releases_to_review()[:ROWS])
        desk.today = list(scheduled_between(now, tomorrow)[:ROWS])
        desk.this_week = list(
            scheduled_between(tomorrow, tomorrow + datetime.timedelta(days=7))[:ROWS]
        )
        desk.my_drafts = list(
            Communique.objects.filter(status=Communique.Status.DRAFT, created_by=user)
            .only("pk", "title", "updated_at")
            .order_by("-updated_at", "-pk")[:ROWS]
        )
    if user.has_perm("journalists.view_sending"):
        desk.sendings = list(
            Sending.objects.with_counts()
            .select_related("communique")
            .only(
                "pk", "state", "kind", "created_at", "send_at", "launched_at", "communique__title"
            )[:ROWS]
        )
    if user.has_perm("communiques.view_previewlink"):
        desk.openings = list(
            PreviewOpening.objects.filter(by_robot=False)
            .select_related("link__communique")
            .order_by("-opened_at", "-pk")[:ROWS]
        )
    return desk

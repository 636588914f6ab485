"""What the desk shows a user: the work waiting for them, in a few short lists."""

import datetime
from dataclasses import dataclass, field

from django.db.models import OuterRef, Subquery
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from communiques.models import Communique, CommuniqueEvent, PreviewOpening
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
    can_publish: bool = False

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


def desk_for(user, *, now=None) -> Desk:
    now = now or timezone.now()
    tomorrow = timezone.make_aware(
        datetime.datetime.combine(timezone.localdate(now), datetime.time())
    ) + datetime.timedelta(days=1)
    desk = Desk(can_publish=Communique.can_publish(user))
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

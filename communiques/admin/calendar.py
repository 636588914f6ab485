"""The editorial calendar: a month grid of publications, embargoes and events, then the
embargoes lifting in the coming weeks. Server-rendered; its links are the keyboard's."""

import calendar
import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from communiques.models import Communique, PreviewLink

UPCOMING_WEEKS = 8
# The query parameter of the month shown: « 2026-12 ».
MONTH_PARAMETER = "mois"


@dataclass
class Day:
    date: datetime.date
    in_month: bool
    is_today: bool
    publications: list = field(default_factory=list)
    events: list = field(default_factory=list)


def month_of(request, today) -> datetime.date:
    """The first day of the month asked for, or of this month (bad input: this month)."""
    try:
        year, month = (int(part) for part in request.GET.get(MONTH_PARAMETER, "").split("-"))
        return datetime.date(year, month, 1)
    except ValueError:
        return today.replace(day=1)


def _aware(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time()))


def month_weeks(first: datetime.date, today: datetime.date) -> list[list[Day]]:
    """The weeks (Monday to Sunday) covering the month, each day with its releases:
    publications (past or scheduled) by their publication date, and events of releases
    not yet out by their date."""
    weeks = calendar.Calendar(firstweekday=0).monthdatescalendar(first.year, first.month)
    start, end = weeks[0][0], weeks[-1][-1] + datetime.timedelta(days=1)
    days = {
        day: Day(date=day, in_month=day.month == first.month, is_today=day == today)
        for week in weeks
        for day in week
    }
    published = (
        Communique.objects.filter(
            status=Communique.Status.PUBLISHED,
            published_at__gte=_aware(start),
            published_at__lt=_aware(end),
        )
        .only("pk", "title", "status", "published_at")
        .order_by("published_at", "pk")
    )
    for communique in published:
        days[timezone.localdate(communique.published_at)].publications.append(communique)
    coming = (
        Communique.objects.filter(event_date__gte=start, event_date__lt=end)
        .filter(Q(status__in=[Communique.Status.DRAFT, Communique.Status.REVIEW]))
        .only("pk", "title", "status", "event_date")
        .order_by("event_date", "pk")
    )
    for communique in coming:
        days[communique.event_date].events.append(communique)
    return [[days[day] for day in week] for week in weeks]


def upcoming_days(now) -> list:
    """Scheduled publications and preview links expiring in the coming weeks, by day."""
    until = now + datetime.timedelta(weeks=UPCOMING_WEEKS)
    days = defaultdict(lambda: {"releases": [], "links": []})
    for communique in Communique.objects.scheduled().filter(published_at__lte=until):
        days[timezone.localdate(communique.published_at)]["releases"].append(communique)
    links = PreviewLink.objects.filter(
        revoked_at__isnull=True, expires_at__gt=now, expires_at__lte=until
    ).select_related("communique")
    for link in links:
        days[timezone.localdate(link.expires_at)]["links"].append(link)
    return sorted(days.items())


def calendar_view(model_admin, request):
    if not model_admin.has_view_permission(request):
        raise PermissionDenied
    now = timezone.now()
    today = timezone.localdate(now)
    first = month_of(request, today)
    previous_month = (first - datetime.timedelta(days=1)).replace(day=1)
    next_month = (first + datetime.timedelta(days=31)).replace(day=1)
    context = {
        **model_admin.admin_site.each_context(request),
        "opts": Communique._meta,
        "title": _("Calendrier éditorial"),
        "month": first,
        "weeks": month_weeks(first, today),
        "previous_month": previous_month,
        "next_month": next_month,
        "this_month": today.replace(day=1),
        "days": upcoming_days(now),
        "upcoming_weeks": UPCOMING_WEEKS,
    }
    return TemplateResponse(request, "admin/communiques/communique/calendar.html", context)

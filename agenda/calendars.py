"""iCalendar (RFC 5545) files of the agenda: one invitation, or a subscribable feed.

Written with the icalendar library rather than by hand: it folds long lines, escapes
commas and semicolons, and writes the VTIMEZONE of Europe/Paris from the time zone
database, three things hand-written calendars get wrong and calendar apps reject.

Each event keeps its UID for life (Invitation.uid) and carries SEQUENCE, incremented
on every save: a calendar that already holds the event replaces it. A cancelled event
stays in the feed with STATUS:CANCELLED, so subscribers' calendars strike it out.
"""

import datetime
import zoneinfo

import icalendar
from django.http import HttpResponse
from django.utils import timezone

from grandest_press.richtext import html_to_text

PARIS = zoneinfo.ZoneInfo("Europe/Paris")
PRODID = "-//Région Grand Est//Espace presse//FR"
CONTENT_TYPE = "text/calendar; charset=utf-8"
DEFAULT_DURATION = datetime.timedelta(hours=1)


def ics_status(invitation) -> str:
    if invitation.is_cancelled:
        return "CANCELLED"
    if invitation.is_postponed and not invitation.previous_starts_at:
        return "TENTATIVE"  # postponed, new date not known yet
    return "CONFIRMED"


def description(invitation, url: str) -> str:
    parts = [invitation.lede, html_to_text(invitation.programme)]
    if invitation.event_status_note and invitation.status_banner:
        parts.insert(0, f"{invitation.status_banner} : {invitation.event_status_note}")
    if invitation.accreditation_details:
        parts.append(f"Accréditation : {invitation.accreditation_details}")
    parts.append(url)
    return "\n\n".join(part for part in parts if part)


def event(invitation, request) -> icalendar.Event:
    url = request.build_absolute_uri(invitation.get_absolute_url())
    component = icalendar.Event()
    # A UUID, as RFC 7986 advises: the same whatever host the file was read from.
    component.add("uid", str(invitation.uid))
    component.add("sequence", invitation.sequence)
    component.add("dtstamp", invitation.updated_at.astimezone(datetime.UTC))
    component.add("last-modified", invitation.updated_at.astimezone(datetime.UTC))
    component.add("created", invitation.created_at.astimezone(datetime.UTC))
    start = invitation.starts_at.astimezone(PARIS)
    component.add("dtstart", start)
    component.add(
        "dtend", (invitation.ends_at or invitation.starts_at + DEFAULT_DURATION).astimezone(PARIS)
    )
    component.add("summary", invitation.display_title)
    location = ", ".join(part for part in (invitation.place_name, invitation.place_address) if part)
    if location:
        component.add("location", location)
    component.add("description", description(invitation, url))
    component.add("url", url)
    component.add("status", ics_status(invitation))
    component.add("transp", "TRANSPARENT" if invitation.is_cancelled else "OPAQUE")
    categories = [theme.name for theme in invitation.themes_list]
    if categories:
        component.add("categories", categories)
    return component


def calendar(invitations, request, *, name: str) -> icalendar.Calendar:
    document = icalendar.Calendar()
    document.add("prodid", PRODID)
    document.add("version", "2.0")
    document.add("calscale", "GREGORIAN")
    document.add("method", "PUBLISH")
    document.add("x-wr-calname", name)
    document.add("x-wr-timezone", "Europe/Paris")
    # Calendar apps read the feed again after this long (RFC 7986 and its older name).
    document.add("refresh-interval", datetime.timedelta(hours=1), parameters={"VALUE": "DURATION"})
    document.add("x-published-ttl", "PT1H")
    invitations = list(invitations)
    for invitation in invitations:
        document.add_component(event(invitation, request))
    years = [timezone.localtime(i.starts_at).year for i in invitations] or [timezone.now().year]
    # Transitions of the years the events span only: the VTIMEZONE stays short.
    document.add_missing_timezones(
        first_date=datetime.date(min(years) - 1, 1, 1),
        last_date=datetime.date(max(years) + 2, 1, 1),
    )
    if not invitations:
        # An empty feed still names its time zone, for the events to come.
        document.add_component(
            icalendar.Timezone.from_tzinfo(
                PARIS,
                first_date=datetime.date(years[0] - 1, 1, 1),
                last_date=datetime.date(years[0] + 2, 1, 1),
            )
        )
    return document


def ics_response(document, *, filename: str, attachment: bool) -> HttpResponse:
    response = HttpResponse(document.to_ical(), content_type=CONTENT_TYPE)
    disposition = "attachment" if attachment else "inline"
    response["Content-Disposition"] = f'{disposition}; filename="{filename}"'
    return response

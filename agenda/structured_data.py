"""What search engines read about an invitation: a schema.org Event in JSON-LD."""

from django.utils import timezone

from communiques.structured_data import publisher
from grandest_press.richtext import plain_text

EVENT_STATUS = {
    "scheduled": "https://schema.org/EventScheduled",
    "cancelled": "https://schema.org/EventCancelled",
}


def event_status(invitation) -> str:
    if invitation.is_postponed:
        # Rescheduled: a new date is set; postponed: not yet.
        if invitation.previous_starts_at:
            return "https://schema.org/EventRescheduled"
        return "https://schema.org/EventPostponed"
    return EVENT_STATUS[invitation.event_status]


def event(invitation, request) -> dict:
    url = request.build_absolute_uri(invitation.get_absolute_url())
    place = {"@type": "Place", "name": invitation.place_name}
    if invitation.place_address:
        place["address"] = invitation.place_address
    data = {
        "@context": "https://schema.org",
        "@type": "Event",
        "name": invitation.title,
        "description": invitation.lede or plain_text(invitation.programme)[:300],
        "url": url,
        "startDate": timezone.localtime(invitation.starts_at).isoformat(),
        "eventStatus": event_status(invitation),
        "eventAttendanceMode": "https://schema.org/OfflineEventAttendanceMode",
        "location": place,
        "organizer": publisher(request),
        "inLanguage": "fr-FR",
    }
    if invitation.ends_at:
        data["endDate"] = timezone.localtime(invitation.ends_at).isoformat()
    if invitation.previous_starts_at:
        data["previousStartDate"] = timezone.localtime(invitation.previous_starts_at).isoformat()
    speakers = [
        {
            "@type": "Person",
            "name": person.full_name,
            "url": request.build_absolute_uri(person.get_absolute_url()),
            **({"jobTitle": mandate.role_label} if mandate else {}),
        }
        for person, mandate in invitation.speakers_with_mandates
        if person.is_public()
    ]
    if speakers:
        data["performer"] = speakers
    return data

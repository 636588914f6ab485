"""The iCalendar files: parsed back with icalendar and with vobject, a second parser."""

import datetime
import zoneinfo

import icalendar
import pytest
import vobject
from django.urls import reverse

from tests.factories import make_invitation, make_organisation, make_theme

pytestmark = pytest.mark.django_db

PARIS = zoneinfo.ZoneInfo("Europe/Paris")
# The last Sunday of October 2025: clocks go back from 3 h to 2 h (CEST to CET).
WINTER_TIME_DAY = datetime.datetime(2025, 10, 26, 11, 0, tzinfo=PARIS)
SUMMER_DAY = datetime.datetime(2025, 7, 3, 10, 30, tzinfo=PARIS)


def parse(response) -> icalendar.Calendar:
    return icalendar.Calendar.from_ical(response.content)


def events(response) -> list:
    return parse(response).walk("VEVENT")


def test_ics_of_an_invitation_is_served_as_text_calendar_in_utf8(client):
    invitation = make_invitation(title="Signature à Châlons")
    response = client.get(invitation.get_ics_url())
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert response["Content-Disposition"] == f'attachment; filename="{invitation.slug}.ics"'
    [event] = events(response)
    assert str(event["SUMMARY"]) == "Signature à Châlons"


@pytest.mark.parametrize(
    ("start", "utc_hour", "offset"),
    [
        (WINTER_TIME_DAY, 10, datetime.timedelta(hours=1)),
        (SUMMER_DAY, 8, datetime.timedelta(hours=2)),
    ],
)
def test_times_are_right_on_both_sides_of_the_time_change(client, start, utc_hour, offset):
    invitation = make_invitation(starts_at=start, ends_at=start + datetime.timedelta(hours=2))
    response = client.get(invitation.get_ics_url())
    [event] = events(response)
    dtstart = event.decoded("DTSTART")
    assert dtstart == start
    assert dtstart.utcoffset() == offset
    assert dtstart.astimezone(datetime.UTC).hour == utc_hour
    assert event["DTSTART"].params["TZID"] == "Europe/Paris"
    assert event.decoded("DTEND") - dtstart == datetime.timedelta(hours=2)
    # The second parser reads the same instant through the file's own VTIMEZONE.
    parsed = vobject.readOne(response.content.decode())
    assert parsed.vevent.dtstart.value.astimezone(datetime.UTC) == start.astimezone(datetime.UTC)
    assert parsed.vevent.dtstart.value.utcoffset() == offset


def test_the_calendar_carries_the_vtimezone_of_europe_paris(client):
    invitation = make_invitation(starts_at=WINTER_TIME_DAY)
    calendar = parse(client.get(invitation.get_ics_url()))
    [timezone] = calendar.walk("VTIMEZONE")
    assert str(timezone["TZID"]) == "Europe/Paris"
    assert {component.name for component in timezone.subcomponents} == {"STANDARD", "DAYLIGHT"}
    assert str(calendar["VERSION"]) == "2.0"
    assert "Région Grand Est" in str(calendar["PRODID"])


def test_uid_stays_and_sequence_grows_on_each_change(client):
    invitation = make_invitation(starts_at=SUMMER_DAY)
    [first] = events(client.get(invitation.get_ics_url()))
    invitation.place_name = "Hôtel de Région, Strasbourg"
    invitation.save()
    invitation.starts_at = SUMMER_DAY + datetime.timedelta(days=1)
    invitation.save()
    [then] = events(client.get(invitation.get_ics_url()))
    assert str(then["UID"]) == str(first["UID"]) == str(invitation.uid)
    assert then.decoded("SEQUENCE") == first.decoded("SEQUENCE") + 2
    assert "DTSTAMP" in then and "Hôtel de Région" in str(then["LOCATION"])


def test_a_cancelled_event_is_status_cancelled(client):
    make_invitation(event_status="cancelled", event_status_note="Intempéries.")
    response = client.get(reverse("agenda:calendar"))
    [event] = events(response)
    assert str(event["STATUS"]) == "CANCELLED"
    assert str(event["SUMMARY"]).startswith("ANNULÉ")
    assert "Intempéries." in str(event["DESCRIPTION"])
    assert vobject.readOne(response.content.decode()).vevent.status.value == "CANCELLED"


def test_a_confirmed_event_is_status_confirmed_with_its_link_and_place(client):
    invitation = make_invitation(
        place_name="Foire de Châlons-en-Champagne", place_address="51000 Châlons-en-Champagne"
    )
    [event] = events(client.get(invitation.get_ics_url()))
    assert str(event["STATUS"]) == "CONFIRMED"
    assert str(event["LOCATION"]) == "Foire de Châlons-en-Champagne, 51000 Châlons-en-Champagne"
    assert str(event["URL"]) == f"http://testserver{invitation.get_absolute_url()}"


def test_the_agenda_feed_holds_every_public_invitation_and_no_other(client):
    make_invitation(title="Publiée", starts_at=SUMMER_DAY)
    make_invitation(title="Autre publiée", starts_at=WINTER_TIME_DAY)
    make_invitation(title="Brouillon", published=False)
    response = client.get(reverse("agenda:calendar"))
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert [str(event["SUMMARY"]) for event in events(response)] == ["Publiée", "Autre publiée"]
    parsed = vobject.readOne(response.content.decode())
    assert len(parsed.vevent_list) == 2


@pytest.mark.parametrize("scope", ["theme", "territoire"])
def test_a_theme_or_territory_has_its_own_feed(client, scope):
    theme, territory = make_theme(), make_organisation()
    make_invitation(title="Concernée", themes=[theme], territories=[territory])
    make_invitation(title="Autre")
    chosen = theme if scope == "theme" else territory
    url = reverse("agenda:scoped-calendar", kwargs={"scope": scope, "slug": chosen.slug})
    assert [str(event["SUMMARY"]) for event in events(client.get(url))] == ["Concernée"]


def test_an_unknown_scope_is_not_found(client):
    url = reverse("agenda:scoped-calendar", kwargs={"scope": "pacte", "slug": "poce"})
    assert client.get(url).status_code == 404


def test_an_empty_feed_is_still_a_valid_calendar(client):
    response = client.get(reverse("agenda:calendar"))
    calendar = parse(response)
    assert calendar.walk("VEVENT") == []
    assert len(calendar.walk("VTIMEZONE")) == 1
    assert vobject.readOne(response.content.decode()).name == "VCALENDAR"


@pytest.mark.parametrize("size", [1, 10])
def test_feed_query_count_does_not_grow(client, django_assert_num_queries, size):
    for _ in range(size):
        make_invitation(themes=[make_theme()])
    client.get(reverse("agenda:calendar"))
    with django_assert_num_queries(2):
        response = client.get(reverse("agenda:calendar"))
    assert len(events(response)) == size

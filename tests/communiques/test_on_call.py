"""The « astreinte presse »: one person at a time, this week's shown to the public."""

import datetime
import zoneinfo

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.urls import reverse

from communiques.models import OnCallShift
from tests.factories import make_organisation, make_press_contact, make_staff_user
from tests.html import page_text, soup

pytestmark = pytest.mark.django_db

PARIS = zoneinfo.ZoneInfo("Europe/Paris")
# Thursday 5 September 2019, 11:00 in Paris: its week runs from Monday 2 to Sunday 8.
NOW = datetime.datetime(2019, 9, 5, 11, 0, tzinfo=PARIS)


def paris(day, hour=0, minute=0, month=9):
    return datetime.datetime(2019, month, day, hour, minute, tzinfo=PARIS)


def make_shift(*, contact=None, starts_at, ends_at):
    shift = OnCallShift(
        contact=contact or make_press_contact(phones=["0684801148"]),
        starts_at=starts_at,
        ends_at=ends_at,
    )
    shift.full_clean()
    shift.save()
    return shift


def shown_periods(client):
    return [
        " ".join(item.get_text(" ", strip=True).split()).replace("\u202f", " ")
        for item in soup(client.get(reverse("communiques:contacts"))).select(".on-call__period")
    ]


class TestNoOverlap:
    def test_an_overlapping_period_is_refused_with_a_french_message(self):
        make_shift(
            contact=make_press_contact(name="Sandrine Poirier"),
            starts_at=paris(6, 18),
            ends_at=paris(9, 8, 30),
        )
        with pytest.raises(ValidationError) as error:
            make_shift(starts_at=paris(8, 20), ends_at=paris(10, 8))
        message = error.value.messages[0]
        assert message.startswith("Cette période chevauche l’astreinte de Sandrine Poirier")
        assert "vendredi 6 septembre 2019 à 18\u00a0h" in message
        assert OnCallShift.objects.count() == 1

    def test_a_period_may_start_when_the_previous_one_ends(self):
        make_shift(starts_at=paris(6, 18), ends_at=paris(9, 8, 30))
        make_shift(starts_at=paris(9, 8, 30), ends_at=paris(9, 18))
        assert OnCallShift.objects.count() == 2

    def test_the_end_must_follow_the_start(self):
        with pytest.raises(ValidationError) as error:
            make_shift(starts_at=paris(9, 8), ends_at=paris(9, 8))
        assert error.value.message_dict["ends_at"] == [
            "La fin de l’astreinte doit suivre son début."
        ]

    def test_the_database_refuses_an_end_before_the_start(self):
        with pytest.raises(IntegrityError), transaction.atomic():
            OnCallShift.objects.create(
                contact=make_press_contact(), starts_at=paris(9, 8), ends_at=paris(8, 8)
            )

    @pytest.mark.skipif(
        connection.vendor != "postgresql", reason="exclusion constraints are PostgreSQL's"
    )
    def test_postgresql_refuses_an_overlap_that_skips_validation(self):
        make_shift(starts_at=paris(6, 18), ends_at=paris(9, 8, 30))
        with pytest.raises(IntegrityError), transaction.atomic():
            OnCallShift.objects.create(
                contact=make_press_contact(), starts_at=paris(9, 8), ends_at=paris(9, 9)
            )


class TestContactsPage:
    def test_shows_the_periods_of_the_current_week_in_paris_time(self, client, time_machine):
        time_machine.move_to(NOW, tick=False)
        make_shift(
            contact=make_press_contact(name="Sandrine Poirier"),
            starts_at=paris(6, 18),
            ends_at=paris(9, 8, 30),
        )
        assert shown_periods(client) == [
            "Du vendredi 6 septembre 2019 à 18 h au lundi 9 septembre 2019 à 8 h 30"
        ]
        assert "Sandrine Poirier" in page_text(client.get(reverse("communiques:contacts")))

    def test_leaves_out_last_week_and_next_week(self, client, time_machine):
        time_machine.move_to(NOW, tick=False)
        make_shift(starts_at=paris(30, 18, month=8), ends_at=paris(2, 0))  # ends Monday 00:00
        make_shift(starts_at=paris(9, 0), ends_at=paris(9, 8))  # starts next Monday 00:00
        assert shown_periods(client) == []
        text = page_text(client.get(reverse("communiques:contacts")))
        assert "Aucune astreinte n'est programmée cette semaine." in text

    def test_a_period_across_the_summer_time_change_keeps_its_paris_hours(
        self, client, time_machine
    ):
        time_machine.move_to(datetime.datetime(2019, 10, 24, 12, 0, tzinfo=PARIS), tick=False)
        make_shift(
            starts_at=datetime.datetime(2019, 10, 25, 18, 0, tzinfo=PARIS),
            ends_at=datetime.datetime(2019, 10, 28, 8, 30, tzinfo=PARIS),
        )
        assert shown_periods(client) == [
            "Du vendredi 25 octobre 2019 à 18 h au lundi 28 octobre 2019 à 8 h 30"
        ]

    def test_a_former_contacts_period_is_not_shown(self, client, time_machine):
        time_machine.move_to(NOW, tick=False)
        former = make_press_contact(name="Ancienne attachée")
        make_shift(contact=former, starts_at=paris(6, 18), ends_at=paris(9, 8))
        former.is_active = False
        former.save()
        assert shown_periods(client) == []
        assert "Ancienne" not in client.get(reverse("communiques:contacts")).content.decode()

    def test_a_period_of_a_private_organisations_contact_is_not_shown(self, client, time_machine):
        time_machine.move_to(NOW, tick=False)
        private = make_organisation(name="ORGPRIVEEXQZ", public=False)
        make_shift(
            contact=make_press_contact(organisation=private),
            starts_at=paris(6, 18),
            ends_at=paris(9, 8),
        )
        assert shown_periods(client) == []
        assert "ORGPRIVEEXQZ" not in client.get(reverse("communiques:contacts")).content.decode()

    @pytest.mark.usefixtures("response_cache_on")
    def test_the_cached_page_turns_to_the_next_week_on_monday_at_midnight(
        self, client, time_machine
    ):
        time_machine.move_to(paris(8, 23, 59), tick=False)
        make_shift(starts_at=paris(9, 18), ends_at=paris(10, 8))
        assert shown_periods(client) == []
        time_machine.move_to(paris(9, 0, 1), tick=False)
        assert shown_periods(client) == [
            "Du lundi 9 septembre 2019 à 18 h au mardi 10 septembre 2019 à 8 h"
        ]

    @pytest.mark.parametrize("size", [1, 6])
    def test_query_count_does_not_grow(
        self, client, time_machine, django_assert_max_num_queries, size
    ):
        time_machine.move_to(NOW, tick=False)
        for day in range(size):
            make_shift(
                contact=make_press_contact(phones=["0684801148", "0326707436"]),
                starts_at=paris(2 + day, 18),
                ends_at=paris(3 + day, 8),
            )
        # The contacts and their phones, the periods and their contacts' phones.
        with django_assert_max_num_queries(4):
            response = client.get(reverse("communiques:contacts"))
        assert len(soup(response).select(".on-call .contact__phones")) == size


class TestAdmin:
    def test_the_admin_refuses_an_overlap_in_french(self, client):
        client.force_login(make_staff_user(superuser=True))
        contact = make_press_contact(name="Sandrine Poirier")
        make_shift(contact=contact, starts_at=paris(6, 18), ends_at=paris(9, 8, 30))
        response = client.post(
            reverse("admin:communiques_oncallshift_add"),
            {
                "contact": contact.pk,
                "starts_at_0": "08/09/2019",
                "starts_at_1": "20:00",
                "ends_at_0": "10/09/2019",
                "ends_at_1": "08:00",
            },
        )
        assert response.status_code == 200
        assert "Cette période chevauche l'astreinte de Sandrine Poirier" in page_text(response)
        assert OnCallShift.objects.count() == 1

    def test_the_admin_list_opens_on_the_periods_to_come(self, client, time_machine):
        time_machine.move_to(NOW, tick=False)
        client.force_login(make_staff_user(superuser=True))
        make_shift(
            contact=make_press_contact(name="Marie Ancienne"),
            starts_at=paris(1, 8),
            ends_at=paris(1, 9),
        )
        make_shift(
            contact=make_press_contact(name="Jean Prochain"),
            starts_at=paris(6, 18),
            ends_at=paris(9, 8),
        )
        text = page_text(client.get(reverse("admin:communiques_oncallshift_changelist")))
        assert "Jean Prochain" in text
        assert "Marie Ancienne" not in text

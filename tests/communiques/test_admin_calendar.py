"""The editorial calendar: a month grid, then what lifts in the coming weeks."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from tests.communiques.workflow_states import make_in_state
from tests.factories import make_communique, make_staff_user
from tests.html import soup, text_of

pytestmark = pytest.mark.django_db


class TestCalendar:
    def test_the_month_grid_places_publications_and_events_on_their_days(self, client):
        client.force_login(make_staff_user(group="Rédaction"))
        make_communique(
            title="Publié le 3",
            published_at=timezone.make_aware(datetime.datetime(2026, 3, 3, 10, 0)),
        )
        make_in_state(
            "draft", title="Signature prévue le 20", event_date=datetime.date(2026, 3, 20)
        )

        response = client.get(reverse("admin:communiques_communique_calendar") + "?mois=2026-03")

        page = soup(response)
        assert page.select_one("table.calendar-month caption").get_text().startswith("Mars 2026")
        cells = {
            text_of(cell.select_one(".calendar-day")): text_of(cell)
            for cell in page.select("table.calendar-month td")
        }
        assert "Publié le 3" in cells["mardi 3 mars"]
        assert "Signature prévue le 20" in cells["vendredi 20 mars"]

    def test_a_bad_month_shows_this_month(self, client):
        client.force_login(make_staff_user(group="Rédaction"))

        response = client.get(reverse("admin:communiques_communique_calendar") + "?mois=13-2026")

        assert response.status_code == 200
        caption = soup(response).select_one("table.calendar-month caption").get_text()
        assert caption.startswith(date_format(timezone.localdate(), "F Y").capitalize())

    def test_the_month_grid_reads_a_constant_number_of_queries(
        self, client, django_assert_max_num_queries
    ):
        client.force_login(make_staff_user(group="Publication"))
        url = reverse("admin:communiques_communique_calendar")
        make_in_state("scheduled")
        with django_assert_max_num_queries(20) as few:
            client.get(url)
        for _ in range(10):
            make_in_state("scheduled")
            make_in_state("draft", event_date=timezone.localdate())
        with django_assert_max_num_queries(len(few.captured_queries)):
            client.get(url)

"""Pacts, people and organisations an invitation cites turn public with it, as with a
release; until then, no invitation surface links or lists them."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from partners.models import Organisation, Person, TerritorialPact
from tests.factories import (
    make_invitation,
    make_organisation,
    make_pact,
    make_person,
    make_staff_user,
)
from tests.html import soup

pytestmark = pytest.mark.django_db

HOUR = datetime.timedelta(hours=1)


def private_citations():
    return {
        "speakers": [make_person(last_name="Discret", public=False)],
        "territories": [make_organisation(name="Agglo discrète", public=False)],
        "pact": make_pact(title="Pacte discret", public=False),
    }


def test_publishing_an_invitation_makes_what_it_cites_public():
    cited = private_citations()
    invitation = make_invitation(published=False, **cited)
    invitation.publish(by=make_staff_user(group="Publication"))
    assert Person.objects.public().filter(pk=cited["speakers"][0].pk).exists()
    assert Organisation.objects.public().filter(pk=cited["territories"][0].pk).exists()
    assert TerritorialPact.objects.public().filter(pk=cited["pact"].pk).exists()


def test_scheduling_makes_them_public_at_its_time_and_unscheduling_takes_it_back(
    time_machine,
):
    time_machine.move_to(timezone.now(), tick=False)
    cited = private_citations()
    invitation = make_invitation(published=False, **cited)
    publisher = make_staff_user(group="Publication")
    invitation.schedule(by=publisher, at=timezone.now() + HOUR)
    speaker = cited["speakers"][0]
    assert not Person.objects.public().filter(pk=speaker.pk).exists()
    assert Person.objects.public(now=timezone.now() + 2 * HOUR).filter(pk=speaker.pk).exists()
    invitation.return_to_draft(by=publisher)
    assert not Person.objects.public(now=timezone.now() + 2 * HOUR).filter(pk=speaker.pk).exists()


def test_a_private_record_on_a_public_invitation_is_named_without_a_link(client):
    cited = private_citations()
    invitation = make_invitation(**cited)  # published without the workflow
    page = soup(client.get(invitation.get_absolute_url()))
    assert "Discret" in page.get_text()
    hrefs = {a["href"] for a in page.select("main a")}
    assert cited["speakers"][0].get_absolute_url() not in hrefs
    assert cited["pact"].get_absolute_url() not in hrefs
    territory = cited["territories"][0]
    assert not any(territory.slug in href for href in hrefs)


def test_the_agenda_filters_offer_public_records_only(client):
    cited = private_citations()
    make_invitation(**cited)
    page = soup(client.get(reverse("agenda:list")))
    options = {option.get_text() for option in page.select("select option")}
    assert not options & {"Jeanne Discret", "Agglo discrète", "Pacte discret"}


def test_a_private_territory_has_no_calendar(client):
    territory = make_organisation(public=False)
    make_invitation(territories=[territory])
    url = reverse("agenda:scoped-calendar", kwargs={"scope": "territoire", "slug": territory.slug})
    assert client.get(url).status_code == 404

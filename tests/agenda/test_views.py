import datetime
import json
import zoneinfo

import pytest
from django.urls import reverse
from django.utils import timezone

from partners.models import Organisation
from tests.factories import (
    make_communique,
    make_invitation,
    make_mandate,
    make_organisation,
    make_pact,
    make_person,
    make_press_contact,
    make_theme,
)
from tests.html import normalise, page_text, soup, text_of, texts

pytestmark = pytest.mark.django_db

PARIS = zoneinfo.ZoneInfo("Europe/Paris")
DAY = datetime.timedelta(days=1)


def titles(response) -> list[str]:
    return texts(response, "main article .card__title a")


def test_agenda_lists_upcoming_events_soonest_first_then_past_events_latest_first(client):
    now = timezone.now()
    make_invitation(title="Dans deux jours", starts_at=now + 2 * DAY)
    make_invitation(title="Demain", starts_at=now + DAY)
    make_invitation(title="Hier", starts_at=now - DAY)
    make_invitation(title="Il y a un mois", starts_at=now - 30 * DAY)
    response = client.get(reverse("agenda:list"))
    assert titles(response) == ["Demain", "Dans deux jours", "Hier", "Il y a un mois"]
    headings = texts(response, "main section h2")
    assert headings == ["À venir", "Événements passés"]


def test_an_event_under_way_is_still_to_come(client):
    now = timezone.now()
    make_invitation(title="En cours", starts_at=now - DAY, ends_at=now + DAY)
    response = client.get(reverse("agenda:list"))
    assert texts(response, "main section h2") == ["À venir"]


def test_agenda_shows_only_published_invitations(client):
    make_invitation(title="Publiée")
    make_invitation(title="Brouillon", published=False)
    make_invitation(title="Programmée", published_at=timezone.now() + DAY)
    assert titles(client.get(reverse("agenda:list"))) == ["Publiée"]


@pytest.mark.parametrize("field", ["theme", "territoire", "pacte", "personne"])
def test_agenda_filters_by_theme_territory_pact_and_speaker(client, field):
    theme, territory, person = make_theme(), make_organisation(), make_person()
    pact = make_pact()
    make_invitation(
        title="Concernée", themes=[theme], territories=[territory], speakers=[person], pact=pact
    )
    make_invitation(title="Autre")
    chosen = {"theme": theme, "territoire": territory, "pacte": pact, "personne": person}[field]
    response = client.get(reverse("agenda:list"), {field: chosen.slug})
    assert titles(response) == ["Concernée"]


def test_an_unknown_filter_value_is_reported_and_ignored(client):
    make_invitation(title="Publiée")
    response = client.get(reverse("agenda:list"), {"theme": "inconnu"})
    assert response.status_code == 200
    assert titles(response) == ["Publiée"]
    assert "Certains filtres n’ont pas été compris" in response.content.decode()


def test_agenda_is_paginated(client):
    for _ in range(21):
        make_invitation()
    response = client.get(reverse("agenda:list"), {"page": 2})
    assert len(titles(response)) == 1


def test_agenda_declares_the_query_parameters_the_page_cache_keeps():
    from agenda.views import AgendaListView

    assert set(AgendaListView.query_parameters) == {
        "page",
        "theme",
        "territoire",
        "pacte",
        "personne",
    }


@pytest.mark.parametrize("size", [1, 12])
def test_agenda_query_count_does_not_grow(client, django_assert_num_queries, size):
    for _ in range(size):
        make_invitation(themes=[make_theme(), make_theme()], territories=[make_organisation()])
    client.get(reverse("agenda:list"))  # the page cache's state, read once
    # The count, the page, its themes, and the four lists of the filter form.
    with django_assert_num_queries(7):
        response = client.get(reverse("agenda:list"))
    assert len(titles(response)) == size


def _rich_invitation(size):
    contacts = [make_press_contact(phones=["0684801148"]) for _ in range(size)]
    speakers = []
    for _ in range(size):
        person = make_person()
        make_mandate(person=person, title="Président")
        speakers.append(person)
    return make_invitation(
        themes=[make_theme() for _ in range(size)],
        territories=[make_organisation() for _ in range(size)],
        speakers=speakers,
        contacts=contacts,
        pact=make_pact(),
        follow_up_release=make_communique(),
    )


@pytest.mark.parametrize("size", [1, 6])
def test_invitation_page_query_count_does_not_grow(client, django_assert_num_queries, size):
    invitation = _rich_invitation(size)
    client.get(invitation.get_absolute_url())
    with django_assert_num_queries(7):
        response = client.get(invitation.get_absolute_url())
    assert response.status_code == 200
    assert len(soup(response).select(".contacts__list > li")) == size


def test_invitation_page_shows_date_place_map_link_speakers_and_accreditation(client):
    region = make_organisation(
        name="Région Grand Est",
        kind=Organisation.Kind.REGION,
        name_with_preposition="de la Région Grand Est",
    )
    rottner = make_person(first_name="Jean", last_name="Rottner")
    make_mandate(
        person=rottner,
        organisation=region,
        title="Président",
        start_date=datetime.date(2017, 10, 20),
    )
    invitation = make_invitation(
        title="Signature du POCE",
        starts_at=datetime.datetime(2019, 9, 5, 11, 0, tzinfo=PARIS),
        place_name="Foire de Châlons-en-Champagne",
        place_address="Parc des expositions, 51000 Châlons-en-Champagne",
        speakers=[rottner],
        accreditation_deadline=datetime.datetime(2019, 9, 4, 12, 0, tzinfo=PARIS),
        accreditation_details="Merci de confirmer votre présence à presse@grandest.fr.",
    )
    response = client.get(invitation.get_absolute_url())
    text = page_text(response)
    assert "jeudi 5 septembre 2019 à 11 h" in text
    assert "Jean Rottner, Président de la Région Grand Est" in text
    assert "avant le mercredi 4 septembre 2019 à 12 h" in text
    [link] = [a for a in soup(response).select("main a") if "OpenStreetMap" in a.get_text()]
    assert link["href"].startswith("https://www.openstreetmap.org/search?query=Parc+des")
    assert soup(response).find("iframe") is None
    assert soup(response).find("a", href=invitation.get_ics_url()) is not None


def test_a_cancelled_event_says_so_first_with_its_reason(client):
    invitation = make_invitation(
        title="Visite du chantier", event_status="cancelled", event_status_note="Intempéries."
    )
    response = client.get(invitation.get_absolute_url())
    banner = soup(response).select_one(".event-status-banner")
    assert "ANNULÉ" in banner.get_text() and "Intempéries." in banner.get_text()
    data = json.loads(soup(response).find("script", type="application/ld+json").string)
    assert data["eventStatus"] == "https://schema.org/EventCancelled"


def test_a_postponed_event_shows_its_new_and_former_dates(client):
    first = datetime.datetime(2026, 3, 5, 11, 0, tzinfo=PARIS)
    invitation = make_invitation(starts_at=first)
    invitation.event_status = "postponed"
    invitation.starts_at = datetime.datetime(2026, 3, 12, 14, 30, tzinfo=PARIS)
    invitation.save()
    assert invitation.previous_starts_at == first
    response = client.get(invitation.get_absolute_url())
    banner = page_text(response)
    assert "prévu initialement le jeudi 5 mars 2026 à 11 h" in banner
    assert "aura lieu le jeudi 12 mars 2026 à 14 h 30" in banner
    data = json.loads(soup(response).find("script", type="application/ld+json").string)
    assert data["eventStatus"] == "https://schema.org/EventRescheduled"
    assert data["previousStartDate"].startswith("2026-03-05T11:00:00+01:00")


def test_a_postponed_event_without_new_date_is_event_postponed(client):
    invitation = make_invitation(event_status="postponed", event_status_note="Date à venir.")
    response = client.get(invitation.get_absolute_url())
    data = json.loads(soup(response).find("script", type="application/ld+json").string)
    assert data["eventStatus"] == "https://schema.org/EventPostponed"
    assert "REPORTÉ — date à préciser" in page_text(response)


def test_json_ld_is_a_schema_org_event(client):
    invitation = make_invitation(
        starts_at=datetime.datetime(2025, 7, 3, 10, 0, tzinfo=PARIS),
        ends_at=datetime.datetime(2025, 7, 3, 12, 0, tzinfo=PARIS),
        place_address="1 place Adrien Zeller, 67000 Strasbourg",
    )
    response = client.get(invitation.get_absolute_url())
    data = json.loads(soup(response).find("script", type="application/ld+json").string)
    assert data["@type"] == "Event"
    assert data["startDate"] == "2025-07-03T10:00:00+02:00"
    assert data["endDate"] == "2025-07-03T12:00:00+02:00"
    assert data["eventStatus"] == "https://schema.org/EventScheduled"
    assert data["location"]["address"] == "1 place Adrien Zeller, 67000 Strasbourg"


def test_after_the_event_the_page_links_to_the_release_that_followed(client):
    release = make_communique(title="Le POCE est signé")
    invitation = make_invitation(starts_at=timezone.now() - DAY, follow_up_release=release)
    response = client.get(invitation.get_absolute_url())
    assert soup(response).find("a", href=release.get_absolute_url()) is not None


def test_a_draft_release_that_followed_is_not_named(client):
    release = make_communique(title="Brouillon de suite", published=False)
    invitation = make_invitation(starts_at=timezone.now() - DAY, follow_up_release=release)
    response = client.get(invitation.get_absolute_url())
    assert "Brouillon de suite" not in response.content.decode()


def test_a_withdrawn_invitation_answers_gone(client):
    invitation = make_invitation(
        published=False,
        status="withdrawn",
        published_at=timezone.now() - 2 * DAY,
        withdrawn_at=timezone.now() - DAY,
        withdrawal_reason="Doublon.",
    )
    response = client.get(invitation.get_absolute_url())
    assert response.status_code == 410
    assert "Doublon." in page_text(response)


def test_home_page_shows_the_next_three_events(client):
    now = timezone.now()
    for days in [4, 1, 3, 2]:
        make_invitation(title=f"Dans {days} jours", starts_at=now + days * DAY)
    make_invitation(title="Passée", starts_at=now - DAY)
    response = client.get(reverse("home"))
    section = soup(response).find(id="prochains-evenements").parent
    assert [text_of(link) for link in section.select(".card__title a")] == [
        "Dans 1 jours",
        "Dans 2 jours",
        "Dans 3 jours",
    ]


def test_the_site_search_lists_published_invitations_by_title_or_place(client):
    make_invitation(title="Signature du POCE", place_name="Foire de Châlons-en-Champagne")
    make_invitation(title="Signature en brouillon à Châlons", published=False)
    page = soup(client.get(reverse("communiques:search") + "?q=chalons"))
    section = page.select_one("#resultats-invitations").parent
    assert [normalise(a.text) for a in section.select("li a")] == ["Signature du POCE"]


def test_the_site_search_shows_a_cancelled_invitations_status(client):
    make_invitation(title="Signature du POCE", event_status="cancelled", event_status_note="Pluie.")
    page = soup(client.get(reverse("communiques:search") + "?q=poce"))
    link = page.select_one("#resultats-invitations").parent.select_one("li a")
    assert normalise(link.text) == "ANNULÉ — Signature du POCE"

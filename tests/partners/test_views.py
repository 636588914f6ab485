"""Public pages of pacts, people and organisations."""

import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse

from tests.factories import (
    make_attendee,
    make_axis,
    make_communique,
    make_former_president,
    make_framework,
    make_mandate,
    make_organisation,
    make_pact,
    make_person,
    make_quote,
    make_region,
    make_signatory,
)
from tests.html import page_text, soup, texts
from tests.partners.sections import links_in_section, section_texts

pytestmark = pytest.mark.django_db


PARIS = ZoneInfo("Europe/Paris")
NOW = datetime.datetime(2026, 3, 12, 10, 0, tzinfo=PARIS)


# Pact list


def test_pact_list_shows_pacts(client):
    make_pact(title="POCE Châlons Agglo")
    make_pact(title="PTRTE du Pays de Langres")

    response = client.get(reverse("partners:pact-list"))

    assert response.status_code == 200
    assert sorted(texts(response, ".card__title")) == [
        "POCE Châlons Agglo",
        "PTRTE du Pays de Langres",
    ]


def test_pact_list_shows_the_known_part_of_the_signing_date(client):
    make_pact(
        title="PTRTE du Pays de Langres",
        signing_date=datetime.date(2021, 6, 17),
        signing_date_precision="month",
    )

    response = client.get(reverse("partners:pact-list"))

    assert "signé en juin 2021" in page_text(response)


def test_pact_list_says_when_there_is_no_pact(client):
    response = client.get(reverse("partners:pact-list"))

    assert "Aucun pacte pour le moment." in page_text(response)


# Pact detail


def test_pact_detail_shows_axes_with_their_organisations(client):
    pact = make_pact(title="POCE Châlons Agglo")
    vatry = make_organisation(name="Aéroport de Vatry")
    be_est = make_organisation(name="Be Est Entreprendre")
    make_axis(pact=pact, order=1, title="Développer la logistique", organisations=[vatry])
    make_axis(
        pact=pact, order=2, title="Soutenir la création d'entreprises", organisations=[be_est]
    )

    response = client.get(pact.get_absolute_url())

    assert texts(response, ".axes > li") == [
        "Développer la logistique Partenaire : Aéroport de Vatry",
        "Soutenir la création d'entreprises Partenaire : Be Est Entreprendre",
    ]


def test_pact_detail_links_axis_organisations_to_their_page(client):
    pact = make_pact()
    vatry = make_organisation(name="Aéroport de Vatry")
    make_axis(pact=pact, title="Développer la logistique", organisations=[vatry])

    response = client.get(pact.get_absolute_url())

    hrefs = [link["href"] for link in soup(response).select(".axis__partners a")]
    assert hrefs == [vatry.get_absolute_url()]


def test_pact_detail_shows_signatories_with_their_roles(client):
    region = make_region()
    jean = make_former_president(region=region)
    pact = make_pact(signing_date=datetime.date(2019, 9, 5))
    agglo = make_organisation(name="Châlons Agglo")
    jacques = make_person(first_name="Jacques", last_name="Jesson")
    make_signatory(pact=pact, organisation=region, person=jean, order=1)
    make_signatory(
        pact=pact, organisation=agglo, person=jacques, role="Président de Châlons Agglo", order=2
    )
    make_signatory(pact=pact, organisation=make_organisation(name="Aéroport de Vatry"), order=3)

    response = client.get(pact.get_absolute_url())

    assert texts(response, ".signatories li") == [
        "Jean Rottner, Président de la Région Grand Est",
        "Jacques Jesson, Président de Châlons Agglo",
        "Aéroport de Vatry",
    ]


def test_pact_detail_shows_attendees_apart_from_signatories(client):
    pact = make_pact()
    make_attendee(
        pact=pact,
        person=make_person(first_name="Pierre", last_name="N'Gahane"),
        role="Préfet de la Marne",
    )

    response = client.get(pact.get_absolute_url())

    assert "En présence de Pierre N'Gahane, Préfet de la Marne" in page_text(response)
    assert texts(response, ".signatories li") == []


def test_pact_detail_shows_its_reference_frameworks_as_acronyms(client):
    pact = make_pact()
    pact.frameworks.set(
        [
            make_framework(
                acronym="SRDEII",
                full_name="Schéma régional de développement économique, "
                "d’innovation et d’internationalisation",
            ),
            make_framework(
                acronym="CPRDFOP",
                full_name="Contrat de plan régional de développement des formations "
                "et de l’orientation professionnelles",
                kind="contrat",
            ),
        ]
    )

    response = client.get(pact.get_absolute_url())

    abbreviations = soup(response).select(".frameworks abbr")
    assert [abbr.get_text() for abbr in abbreviations] == ["CPRDFOP", "SRDEII"]
    assert abbreviations[1]["title"] == (
        "Schéma régional de développement économique, d’innovation et d’internationalisation"
    )


def test_pact_detail_shows_published_releases_about_it(client):
    pact = make_pact()
    communique = make_communique(title="Signature du POCE avec Châlons Agglo", pacts=[pact])

    response = client.get(pact.get_absolute_url())

    assert section_texts(response, "communiques-du-pacte", ".card__title") == [
        "Signature du POCE avec Châlons Agglo"
    ]
    assert links_in_section(response, "communiques-du-pacte") == [
        communique.get_absolute_url(),
        reverse("communiques:list") + f"?pacte={pact.slug}",
    ]


def test_pact_detail_hides_draft_releases_about_it(client):
    pact = make_pact()
    make_communique(title="Signature du POCE avec Châlons Agglo", pacts=[pact])
    make_communique(title="Projet : bilan du POCE", published=False, pacts=[pact])

    response = client.get(pact.get_absolute_url())

    assert section_texts(response, "communiques-du-pacte", ".card__title") == [
        "Signature du POCE avec Châlons Agglo"
    ]
    assert "bilan du POCE" not in page_text(response)


def test_pact_detail_hides_releases_about_other_pacts(client):
    pact = make_pact()
    make_communique(title="Signature du PTRTE de Langres", pacts=[make_pact()])

    response = client.get(pact.get_absolute_url())

    assert section_texts(response, "communiques-du-pacte", ".card__title") == []
    assert "Aucun communiqué publié sur ce pacte." in page_text(response)


@pytest.mark.parametrize(
    ("published_at", "shown"),
    [
        pytest.param(NOW - datetime.timedelta(hours=1), True, id="past"),
        pytest.param(NOW, True, id="now"),
        pytest.param(NOW + datetime.timedelta(hours=1), False, id="future"),
    ],
)
@time_machine.travel(NOW, tick=False)
def test_pact_detail_shows_a_release_once_its_publication_time_has_come(
    client, published_at, shown
):
    pact = make_pact()
    make_communique(title="Signature du POCE", published_at=published_at, pacts=[pact])

    response = client.get(pact.get_absolute_url())

    titles = section_texts(response, "communiques-du-pacte", ".card__title")
    assert titles == (["Signature du POCE"] if shown else [])


# Person detail


def test_person_page_shows_mandates_over_time(client):
    jean = make_former_president(region=make_region())

    response = client.get(jean.get_absolute_url())

    assert texts(response, ".mandates li") == [
        "Conseiller régional de la Région Grand Est : depuis le 13 janvier 2022",
        "Président de la Région Grand Est : du 20 octobre 2017 au 12 janvier 2022",
    ]


def test_person_page_shows_quotes_from_published_releases(client):
    jean = make_person(first_name="Jean", last_name="Rottner")
    communique = make_communique(title="Signature du POCE avec Châlons Agglo")
    make_quote(communique=communique, speaker=jean, text="Ce pacte est une fierté.")

    response = client.get(jean.get_absolute_url())

    assert section_texts(response, "citations", "blockquote") == ["« Ce pacte est une fierté. »"]
    assert links_in_section(response, "citations") == [
        communique.get_absolute_url(),
        reverse("communiques:list") + f"?personne={jean.slug}",
    ]


def test_person_page_hides_quotes_from_draft_releases(client):
    jean = make_person(first_name="Jean", last_name="Rottner")
    make_quote(communique=make_communique(), speaker=jean, text="Ce pacte est une fierté.")
    make_quote(
        communique=make_communique(published=False), speaker=jean, text="Phrase non validée."
    )

    response = client.get(jean.get_absolute_url())

    assert section_texts(response, "citations", "blockquote") == ["« Ce pacte est une fierté. »"]
    assert "Phrase non validée" not in page_text(response)


def test_person_page_hides_quotes_of_other_people(client):
    jean = make_person(first_name="Jean", last_name="Rottner")
    make_quote(communique=make_communique(), speaker=make_person(), text="Autre citation.")

    response = client.get(jean.get_absolute_url())

    assert section_texts(response, "citations", "blockquote") == []
    assert "Aucune citation publiée." in page_text(response)


def test_person_page_lists_pacts_signed_with_the_role_of_the_day(client):
    region = make_region()
    jean = make_former_president(region=region)
    pact = make_pact(title="POCE Châlons Agglo", signing_date=datetime.date(2019, 9, 5))
    make_signatory(pact=pact, organisation=region, person=jean)

    response = client.get(jean.get_absolute_url())

    assert section_texts(response, "pactes-signes", "li") == [
        "POCE Châlons Agglo (Président de la Région Grand Est), jeudi 5 septembre 2019"
    ]


# Organisation detail


def test_organisation_page_shows_published_releases_citing_it(client):
    agglo = make_organisation(name="Châlons Agglo")
    communique = make_communique(title="Campus 3000 : première pierre", organisations=[agglo])

    response = client.get(agglo.get_absolute_url())

    assert section_texts(response, "communiques-organisation", ".card__title") == [
        "Campus 3000 : première pierre"
    ]
    assert links_in_section(response, "communiques-organisation") == [
        communique.get_absolute_url(),
        reverse("communiques:list") + f"?organisation={agglo.slug}",
    ]


def test_organisation_page_hides_draft_releases_citing_it(client):
    agglo = make_organisation(name="Châlons Agglo")
    make_communique(title="Campus 3000 : première pierre", organisations=[agglo])
    make_communique(title="Projet : budget 2027", published=False, organisations=[agglo])

    response = client.get(agglo.get_absolute_url())

    assert section_texts(response, "communiques-organisation", ".card__title") == [
        "Campus 3000 : première pierre"
    ]
    assert "budget 2027" not in page_text(response)


def test_organisation_page_hides_releases_citing_other_organisations(client):
    agglo = make_organisation(name="Châlons Agglo")
    make_communique(title="Grand Reims : signature", organisations=[make_organisation()])

    response = client.get(agglo.get_absolute_url())

    assert section_texts(response, "communiques-organisation", ".card__title") == []
    assert "Aucun communiqué publié ne cite cette organisation." in page_text(response)


def test_organisation_page_lists_its_office_holders(client):
    region = make_region()
    make_former_president(region=region)

    response = client.get(region.get_absolute_url())

    assert section_texts(response, "responsables", "li") == [
        "Jean Rottner, Conseiller régional (depuis le 13 janvier 2022)",
        "Jean Rottner, Président (du 20 octobre 2017 au 12 janvier 2022)",
    ]


# Unknown addresses


@pytest.mark.parametrize(
    "url_name", ["partners:pact-detail", "partners:person-detail", "partners:organisation-detail"]
)
def test_unknown_slug_is_not_found(client, url_name):
    response = client.get(reverse(url_name, kwargs={"slug": "inconnu"}))

    assert response.status_code == 404
    assert "Page introuvable" in page_text(response)


def test_a_mandate_whose_start_is_unknown_says_so_on_the_person_page(client):
    mandate = make_mandate(title="Présidente", organisation=make_region(), start_date=None)

    response = client.get(mandate.person.get_absolute_url())

    assert texts(response, ".mandates li") == [
        "Présidente de la Région Grand Est : depuis une date inconnue"
    ]

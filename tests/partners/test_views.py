import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.files.base import ContentFile
from django.urls import reverse

from partners.models import PactAttachment, TerritorialPact
from tests.factories import (
    make_attendee,
    make_axis,
    make_communique,
    make_former_president,
    make_framework,
    make_funding,
    make_mandate,
    make_organisation,
    make_pact,
    make_pact_kind,
    make_person,
    make_quote,
    make_region,
    make_signatory,
    make_theme,
    pdf_bytes,
)
from tests.html import page_text, soup, text_of, texts

pytestmark = pytest.mark.django_db

PARIS = ZoneInfo("Europe/Paris")
NOW = datetime.datetime(2026, 3, 12, 10, 0, tzinfo=PARIS)

# Query budgets: each is what the page needs with one row of every kind it shows;
# the same page with ten of each must fit in the same budget.
# The pact list: its count, then its page of pacts with their kind and territories.
PACT_LIST_QUERIES = 2
# The pact with its relations (grandest_press.relations), its releases with their themes.
PACT_DETAIL_QUERIES = 2
# The person with their mandates and signatures, their published quotes.
PERSON_DETAIL_QUERIES = 2
# The organisation with its office holders and pacts, the releases citing it.
ORGANISATION_DETAIL_QUERIES = 2


def section_texts(response, heading_id: str, selector: str) -> list[str]:
    """Texts of `selector` inside the section labelled by the heading `heading_id`."""
    section = soup(response).find("section", attrs={"aria-labelledby": heading_id})
    assert section is not None, f"no section labelled by #{heading_id}"
    return [text_of(element) for element in section.select(selector)]


def links_in_section(response, heading_id: str) -> list[str]:
    section = soup(response).find("section", attrs={"aria-labelledby": heading_id})
    assert section is not None, f"no section labelled by #{heading_id}"
    return [link["href"] for link in section.find_all("a")]


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


# Query counts


def make_documented_pact(*, size):
    """A pact with `size` of each related row its page shows, and a draft release."""
    pact = make_pact(title="POCE Châlons Agglo")
    pact.territories.set([make_organisation() for _ in range(size)])
    pact.frameworks.set([make_framework() for _ in range(size)])
    theme = make_theme(name="Économie")
    for number in range(1, size + 1):
        make_funding(pact=pact, order=number)
        make_axis(
            pact=pact, order=number, title=f"Axe {number}", organisations=[make_organisation()]
        )
        person = make_person()
        organisation = make_organisation()
        make_mandate(person=person, organisation=organisation)
        make_signatory(pact=pact, organisation=organisation, person=person, order=number)
        make_attendee(pact=pact, order=number)
        PactAttachment.objects.create(
            pact=pact, title=f"Annexe {number}", file=ContentFile(pdf_bytes(), name="annexe.pdf")
        )
        make_communique(pacts=[pact], themes=[theme])
    make_communique(published=False, pacts=[pact])
    return pact


def make_quoted_person(*, size):
    """A person with `size` mandates, pact signatures and published quotes."""
    person = make_person(first_name="Jean", last_name="Rottner")
    for number in range(size):
        organisation = make_organisation()
        make_mandate(
            person=person,
            organisation=organisation,
            start_date=datetime.date(2010 + number, 1, 1),
        )
        make_signatory(pact=make_pact(), organisation=organisation, person=person)
        make_quote(communique=make_communique(), speaker=person)
    make_quote(communique=make_communique(published=False), speaker=person)
    return person


def make_cited_organisation(*, size):
    """An organisation with `size` office holders, pacts and releases citing it."""
    organisation = make_organisation(name="Châlons Agglo")
    theme = make_theme(name="Économie")
    for _ in range(size):
        make_mandate(organisation=organisation)
        make_pact(territories=[organisation])
        make_signatory(pact=make_pact(), organisation=organisation, person=make_person())
        make_communique(organisations=[organisation], themes=[theme])
    make_communique(published=False, organisations=[organisation])
    return organisation


@pytest.mark.parametrize("size", [1, 10])
def test_pact_list_query_count_does_not_grow_with_pacts(client, django_assert_num_queries, size):
    kind = make_pact_kind(acronym="PTRTE")
    for _ in range(size):
        make_pact(
            kind=kind,
            territories=[make_organisation(name="Châlons Agglo")],
            status=TerritorialPact.Status.SIGNED,
        )

    with django_assert_num_queries(PACT_LIST_QUERIES):
        response = client.get(reverse("partners:pact-list"))

    assert len(texts(response, ".card__title")) == size
    assert texts(response, ".card__lede") == ["Territoire : Châlons Agglo"] * size
    assert all(meta.startswith("PTRTE · ") for meta in texts(response, ".card__meta"))


@pytest.mark.parametrize("size", [1, 10])
def test_pact_detail_query_count_does_not_grow_with_related_rows(
    client, django_assert_num_queries, size
):
    pact = make_documented_pact(size=size)

    with django_assert_num_queries(PACT_DETAIL_QUERIES):
        response = client.get(pact.get_absolute_url())

    assert len(texts(response, ".signatories li")) == size
    assert len(texts(response, ".attachments li")) == size
    assert len(texts(response, ".axes > li")) == size
    assert len(section_texts(response, "communiques-du-pacte", ".card__title")) == size


@pytest.mark.parametrize("size", [1, 10])
def test_person_page_query_count_does_not_grow_with_related_rows(
    client, django_assert_num_queries, size
):
    person = make_quoted_person(size=size)

    with django_assert_num_queries(PERSON_DETAIL_QUERIES):
        response = client.get(person.get_absolute_url())

    assert len(texts(response, ".mandates li")) == size
    assert len(section_texts(response, "pactes-signes", "li")) == size
    assert len(section_texts(response, "citations", "blockquote")) == size


@pytest.mark.parametrize("size", [1, 10])
def test_organisation_page_query_count_does_not_grow_with_related_rows(
    client, django_assert_num_queries, size
):
    organisation = make_cited_organisation(size=size)

    with django_assert_num_queries(ORGANISATION_DETAIL_QUERIES):
        response = client.get(organisation.get_absolute_url())

    assert len(section_texts(response, "responsables", "li")) == size
    assert len(section_texts(response, "pactes", "li")) == 2 * size
    assert len(section_texts(response, "communiques-organisation", ".card__title")) == size


def test_pact_page_lists_the_latest_releases_and_links_to_all(client):
    pact = make_pact()
    for number in range(12):
        make_communique(title=f"Communiqué {number}", pacts=[pact])
    response = client.get(pact.get_absolute_url())
    assert len(section_texts(response, "communiques-du-pacte", ".card__title")) == 10
    assert reverse("communiques:list") + f"?pacte={pact.slug}" in links_in_section(
        response, "communiques-du-pacte"
    )

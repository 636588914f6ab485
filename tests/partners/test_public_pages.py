"""Public pages name a private pact, person or organisation without linking it, and
show nothing else of it."""

import pytest
from django.urls import reverse

from tests.factories import (
    make_axis,
    make_communique,
    make_funding,
    make_mandate,
    make_organisation,
    make_pact,
    make_person,
    make_quote,
    make_signatory,
)
from tests.html import page_text, soup

pytestmark = pytest.mark.django_db


def links(response):
    return {a["href"] for a in soup(response).select("main a[href]")}


def test_a_published_release_names_a_private_pact_without_its_link_or_its_details(client):
    pact = make_pact(public=False, title="Pacte de la Vallée de la Bruche")
    make_axis(pact=pact, title="Axe secret")
    make_funding(pact=pact, label="Montant secret")
    make_signatory(pact=pact, person=make_person(public=False, last_name="Signataire"))
    speaker = make_person(public=False, last_name="Orateur")
    organisation = make_organisation(public=False, name="Vallée de la Bruche")
    communique = make_communique(pacts=[pact], organisations=[organisation])
    make_quote(communique=communique, speaker=speaker)
    response = client.get(communique.get_absolute_url())
    text = page_text(response)
    assert "Pacte de la Vallée de la Bruche" in text
    assert "Orateur" in text and "Vallée de la Bruche" in text
    for hidden in ("Axe secret", "Montant secret", "Signataire"):
        assert hidden not in text
    for record in (pact, speaker, organisation):
        assert record.get_absolute_url() not in links(response)


def test_a_public_pact_names_a_private_party_without_its_link(client):
    pact = make_pact()
    person = make_person(public=False, last_name="Bourg-Broc")
    organisation = make_organisation(public=False, name="Châlons Agglo")
    make_signatory(pact=pact, person=person, organisation=organisation)
    make_axis(pact=pact, organisations=[organisation])
    pact.territories.set([organisation])
    response = client.get(pact.get_absolute_url())
    assert "Jeanne Bourg-Broc" in page_text(response)
    assert "Châlons Agglo" in page_text(response)
    assert person.get_absolute_url() not in links(response)
    assert organisation.get_absolute_url() not in links(response)


def test_an_organisation_page_lists_only_public_people_and_pacts(client):
    organisation = make_organisation()
    make_mandate(person=make_person(last_name="Publique"), organisation=organisation)
    make_mandate(person=make_person(public=False, last_name="Privée"), organisation=organisation)
    make_pact(title="Pacte public", territories=[organisation])
    make_pact(public=False, title="Pacte privé", territories=[organisation])
    text = page_text(client.get(organisation.get_absolute_url()))
    assert "Publique" in text and "Pacte public" in text
    assert "Privée" not in text and "Pacte privé" not in text


def test_a_person_page_links_a_private_organisation_by_its_role_alone(client):
    person = make_person()
    organisation = make_organisation(public=False, name="Vallée de la Bruche")
    make_mandate(person=person, organisation=organisation, title="Président")
    private_pact = make_pact(public=False, title="Pacte privé")
    make_signatory(pact=private_pact, person=person, organisation=make_organisation())
    response = client.get(person.get_absolute_url())
    assert "Président de Vallée de la Bruche" in page_text(response)
    assert organisation.get_absolute_url() not in links(response)
    assert "Pacte privé" not in page_text(response)
    structured = soup(response).find("script", type="application/ld+json").string
    assert organisation.get_absolute_url() not in structured


def test_the_home_page_lists_only_public_pacts_under_way(client):
    make_pact(title="Pacte en cours public")
    make_pact(public=False, title="Pacte en cours privé")
    text = page_text(client.get(reverse("home")))
    assert "Pacte en cours public" in text
    assert "Pacte en cours privé" not in text

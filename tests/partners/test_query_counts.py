"""Query budgets of the partners' public pages, at two data sizes."""

import datetime

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from partners.models import PactAttachment, TerritorialPact
from tests.factories import (
    make_attendee,
    make_axis,
    make_communique,
    make_framework,
    make_funding,
    make_mandate,
    make_organisation,
    make_pact,
    make_pact_kind,
    make_person,
    make_quote,
    make_signatory,
    make_theme,
    pdf_bytes,
)
from tests.html import texts
from tests.partners.sections import links_in_section, section_texts

pytestmark = pytest.mark.django_db


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

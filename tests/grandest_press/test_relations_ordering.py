"""Relations loaded in one query keep the order the ORM would have given them."""

import datetime

import pytest

from grandest_press.relations import Relations
from partners.models import Organisation, Person
from tests.factories import make_mandate, make_organisation, make_pact, make_person, make_signatory

pytestmark = pytest.mark.django_db


def test_an_order_by_a_foreign_key_sorts_by_the_related_models_ordering(
    django_assert_num_queries,
):
    # Mandate is ordered by person: the ORM sorts an organisation's mandates by the
    # people's names (Person.Meta.ordering), then the latest first; PactSignatory by
    # pact: a person's signatures by the pacts' signing dates, the latest first.
    agglo = make_organisation(name="Châlons Agglo")
    # Created in the reverse of their names' order: the key's order is not the names'.
    zeller = make_person(last_name="Zeller")
    rottner = make_person(last_name="Rottner")
    bourg_broc = make_person(last_name="Bourg-Broc")
    for person, year, title in [
        (zeller, 2020, "Président"),
        (rottner, 2016, "Vice-président"),
        (bourg_broc, 2014, "Président"),
        (rottner, 2021, "Conseiller"),
    ]:
        make_mandate(
            person=person, organisation=agglo, title=title, start_date=datetime.date(year, 1, 4)
        )
    older, newer = (
        make_pact(title="Pacte A", signing_date=datetime.date(2019, 9, 5)),
        make_pact(title="Pacte B", signing_date=datetime.date(2022, 3, 1)),
    )
    for pact in [older, newer]:  # older first: the key's order is not the pacts' order
        make_signatory(pact=pact, person=rottner, organisation=make_organisation())
    with django_assert_num_queries(1):
        mandates = Relations(Organisation, "mandates").annotate(Organisation.objects.all())
        mandates = mandates.get(pk=agglo.pk).mandates_list
    with django_assert_num_queries(1):
        signatures = Relations(Person, "pact_signatures").annotate(Person.objects.all())
        signatures = signatures.get(pk=rottner.pk).pact_signatures_list
    expected = Organisation.objects.prefetch_related("mandates").get(pk=agglo.pk)
    assert mandates == list(expected.mandates.all())
    assert [(m.person_id, m.start_date.year) for m in mandates] == [
        (bourg_broc.pk, 2014),
        (rottner.pk, 2021),
        (rottner.pk, 2016),
        (zeller.pk, 2020),
    ]
    expected = Person.objects.prefetch_related("pact_signatures").get(pk=rottner.pk)
    assert signatures == list(expected.pact_signatures.all())
    assert [s.pact_id for s in signatures] == [newer.pk, older.pk]


def test_an_order_by_the_key_to_the_parent_sorts_nothing_within_its_list(
    django_assert_num_queries,
):
    # A person's mandates are ordered by person first: the same for all of them.
    person = make_person()
    region, agglo = make_organisation(name="Région"), make_organisation(name="Agglo")
    make_mandate(person=person, organisation=region, start_date=datetime.date(2016, 1, 4))
    make_mandate(person=person, organisation=agglo, start_date=datetime.date(2021, 7, 2))
    with django_assert_num_queries(1):
        loaded = Relations(Person, "mandates").annotate(Person.objects.all()).get(pk=person.pk)
    expected = Person.objects.prefetch_related("mandates").get(pk=person.pk)
    assert loaded.mandates_list == list(expected.mandates.all())
    assert [m.organisation_id for m in loaded.mandates_list] == [agglo.pk, region.pk]

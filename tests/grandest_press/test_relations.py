"""Relations loaded in one query are the objects the ORM would have prefetched."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import FieldFetchBlocked
from django.db.models import FETCH_RAISE, Prefetch

from communiques.models import Communique, Correction, Theme
from grandest_press.relations import Relations
from partners.models import Organisation, PactSignatory, Person, TerritorialPact
from tests.factories import (
    make_axis,
    make_communique,
    make_funding,
    make_mandate,
    make_organisation,
    make_pact,
    make_person,
    make_signatory,
)
from tests.grandest_press.field_values import fields_of

pytestmark = pytest.mark.django_db


def prefetched(communique_pk):
    """The same release through the ORM's own prefetching."""
    return (
        Communique.objects.select_related("image")
        .prefetch_related(
            "themes",
            "organisations",
            "corrections",
            "attachments",
            "quotes__speaker__mandates__organisation",
            "quotes__organisation",
            "pacts__kind",
            "pacts__frameworks",
            "pacts__axes__organisations",
            "pacts__signatories__person",
            "pacts__signatories__organisation",
            "pacts__attendees__person",
            "contact_links__contact__organisation",
            "contact_links__contact__phones",
        )
        .get(pk=communique_pk)
    )


def test_every_relation_holds_the_objects_and_values_the_orm_prefetches(
    release, django_assert_num_queries
):
    with django_assert_num_queries(1):
        loaded = Communique.objects.for_page().get(pk=release.pk)
    expected = prefetched(release.pk)
    assert fields_of(loaded) == fields_of(expected)
    with django_assert_num_queries(0):
        assert fields_of(loaded.image) == fields_of(expected.image)

    def same(left, right, relation):
        right_items = list(right.all())
        assert [fields_of(item) for item in left] == [fields_of(item) for item in right_items], (
            relation
        )
        return zip(left, right_items, strict=True)

    with django_assert_num_queries(0):
        for name in ["themes", "organisations", "corrections", "attachments"]:
            same(getattr(loaded, f"{name}_list"), getattr(expected, name), name)
        for quote, other in same(loaded.quotes_list, expected.quotes, "quotes"):
            assert fields_of(quote.speaker) == fields_of(other.speaker)
            for mandate, other_mandate in same(
                quote.speaker.mandates_list, other.speaker.mandates, "mandates"
            ):
                assert fields_of(mandate.organisation) == fields_of(other_mandate.organisation)
            # The quote knows its release, as prefetching sets it: the role on its date.
            assert quote.communique is loaded
            assert quote.speaker_mandate.role_label == other.speaker_mandate.role_label
        for pact, other in same(loaded.pacts_list, expected.pacts, "pacts"):
            assert fields_of(pact.kind) == fields_of(other.kind)
            same(pact.frameworks_list, other.frameworks, "frameworks")
            for axis, other_axis in same(pact.axes_list, other.axes, "axes"):
                same(axis.organisations_list, other_axis.organisations, "axis organisations")
            for signatory, other_signatory in same(
                pact.signatories_list, other.signatories, "signatories"
            ):
                assert signatory.person == other_signatory.person
                assert signatory.organisation == other_signatory.organisation
            for attendee, other_attendee in same(pact.attendees_list, other.attendees, "present"):
                assert fields_of(attendee.person) == fields_of(other_attendee.person)
        for link, other in same(loaded.contact_links_list, expected.contact_links, "contacts"):
            assert fields_of(link.contact) == fields_of(other.contact)
            assert fields_of(link.contact.organisation) == fields_of(other.contact.organisation)
            same(link.contact.phones_list, other.contact.phones, "phones")


def test_lists_are_where_prefetch_related_to_attr_puts_them(release):
    loaded = Communique.objects.for_page().get(pk=release.pk)
    expected = Communique.objects.prefetch_related(
        Prefetch("themes", to_attr="themes_list"),
        Prefetch("quotes", to_attr="quotes_list"),
    ).get(pk=release.pk)
    assert loaded.themes_list == expected.themes_list
    assert loaded.quotes_list == expected.quotes_list
    assert type(loaded.themes_list) is type(expected.themes_list) is list


def test_the_public_person_and_organisation_pages_read_what_prefetching_reads(
    django_assert_num_queries,
):
    agglo, region = make_organisation(name="Châlons Agglo"), make_organisation(name="Région")
    # Created in the reverse of their names' order, as pacts of their signing dates.
    people = [make_person(last_name=name) for name in ["Zeller", "Rottner", "Bourg-Broc"]]
    for number, person in enumerate(people):
        make_mandate(
            person=person, organisation=agglo, start_date=datetime.date(2014 + number, 1, 1)
        )
        make_mandate(person=person, organisation=region, start_date=datetime.date(2020, 1, 1))
    pacts = [make_pact(signing_date=datetime.date(2019 + n, 9, 5)) for n in range(3)]
    for pact in pacts:
        make_signatory(pact=pact, organisation=agglo, person=people[1])
        pact.territories.add(agglo)
    relations = {
        Person: ["portrait", "mandates__organisation", "pact_signatures__pact"],
        Organisation: ["logo", "mandates__person", "territorial_pacts", "pact_signatures__pact"],
    }
    for model, obj in [(Person, people[1]), (Organisation, agglo)]:
        with django_assert_num_queries(1):
            loaded = model.objects.for_page().get(slug=obj.slug)
        expected = model.objects.prefetch_related(*relations[model]).get(slug=obj.slug)
        assert fields_of(loaded) == fields_of(expected)
        with django_assert_num_queries(0):
            for name in ["mandates", "pact_signatures"] + (
                ["territorial_pacts"] if model is Organisation else []
            ):
                assert [fields_of(row) for row in getattr(loaded, f"{name}_list")] == [
                    fields_of(row) for row in getattr(expected, name).all()
                ], name
            for mandate, other in zip(loaded.mandates_list, expected.mandates.all(), strict=True):
                assert mandate.person == other.person
                assert mandate.organisation == other.organisation
            assert [s.pact.title for s in loaded.pact_signatures_list] == [
                s.pact.title for s in expected.pact_signatures.all()
            ]


def test_the_public_pact_page_reads_what_prefetching_reads(django_assert_num_queries):
    pact = make_pact(territories=[make_organisation(), make_organisation()])
    make_axis(pact=pact, organisations=[make_organisation()])
    make_pact()  # another pact: not read
    with django_assert_num_queries(1):
        loaded = TerritorialPact.objects.for_page().get(slug=pact.slug)
    expected = (
        TerritorialPact.objects.select_related("kind")
        .prefetch_related("territories", "axes__organisations")
        .get(slug=pact.slug)
    )
    assert fields_of(loaded) == fields_of(expected)
    with django_assert_num_queries(0):
        assert loaded.kind == expected.kind
        assert loaded.territories_list == list(expected.territories.all())
        axis = loaded.axes_list[0]
        assert axis.organisations_list == list(expected.axes.all()[0].organisations.all())


def test_values_keep_their_python_types(release):
    loaded = Communique.objects.for_page().get(pk=release.pk)
    correction = loaded.corrections_list[0]
    assert correction.created_at == Correction.objects.get().created_at
    assert correction.created_at.tzinfo is not None
    assert [pact.signing_date for pact in loaded.pacts_list].count(None) == 1
    mandate = loaded.quotes_list[0].speaker.mandates_list[1]
    assert mandate.end_date == datetime.date(2017, 10, 19)
    phone = loaded.contact_links_list[0].contact.phones_list[0]
    assert phone.number.as_e164 == "+33684801148"


def test_loaded_objects_are_the_rows_they_were_read_from(release):
    loaded = Communique.objects.for_page().get(pk=release.pk)
    themes = loaded.themes_list
    theme = themes[0]
    assert (theme._state.adding, theme._state.db) == (False, "default")
    theme.name = "Renommé"
    theme.save()  # an UPDATE of its row, not a new theme
    assert sorted(Theme.objects.values_list("name", flat=True)) == sorted(
        ["Renommé", *[other.name for other in themes[1:]]]
    )
    # Built through from_db(): a model whose from_db keeps what was read keeps it.
    assert loaded.image._stored[0] == loaded.image.file.name


def test_the_fetch_mode_of_the_queryset_reaches_the_objects_it_builds(
    django_assert_num_queries,
):
    person = make_person()
    make_signatory(pact=make_pact(), person=person, organisation=make_organisation())
    pages = Person.objects.for_page()
    # The page loads each signature's pact, not its organisation.
    signature = pages.fetch_mode(FETCH_RAISE).get(pk=person.pk).pact_signatures_list[0]
    assert signature.pact.title
    with pytest.raises(FieldFetchBlocked, match=r"PactSignatory\.organisation"):
        signature.organisation  # noqa: B018
    signature = pages.get(pk=person.pk).pact_signatures_list[0]
    expected = PactSignatory.objects.get().organisation_id
    with django_assert_num_queries(1):  # the default mode: fetched when read
        assert signature.organisation.pk == expected


def test_an_empty_release_loads_empty_relations(django_assert_num_queries):
    communique = make_communique(complete=False)
    loaded = Communique.objects.for_page().get(pk=communique.pk)
    with django_assert_num_queries(0):
        assert loaded.quotes_list == []
        assert loaded.pacts_list == []
        assert loaded.contact_links_list == []
        assert loaded.image is None


def test_amounts_stay_exact_decimals(django_assert_num_queries):
    pact = make_pact()
    make_funding(pact=pact, amount=Decimal("1234567.89"))
    make_funding(pact=pact, amount=Decimal("0.10"), order=1)
    make_funding(pact=pact, amount=Decimal("9999999999999.99"), order=2)  # max_digits=15
    with django_assert_num_queries(1):
        loaded = TerritorialPact.objects.for_page().get(pk=pact.pk)
    assert [funding.amount for funding in loaded.fundings_list] == [
        Decimal("1234567.89"),
        Decimal("0.10"),
        Decimal("9999999999999.99"),
    ]


def test_a_field_it_cannot_read_back_is_refused_before_any_query(django_assert_num_queries):
    # A release's search vector has no JSON form that the ORM would give back.
    with django_assert_num_queries(0), pytest.raises(NotImplementedError, match="search_vector"):
        Relations(Organisation, "communiques").annotate(Organisation.objects.all())


def test_a_model_that_does_not_read_the_json_is_refused():
    with pytest.raises(TypeError, match="not a LoadsRelations"):
        Relations(Theme, "communiques").annotate(Theme.objects.all())

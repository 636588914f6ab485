"""Relations loaded in one query are the objects the ORM would have prefetched."""

import datetime
from decimal import Decimal

import pytest

from communiques.models import RELEASE_CARD, RELEASE_PAGE, Communique, Correction, Theme
from grandest_press.relations import Relations
from partners.models import PACT_PAGE, Organisation, Person, TerritorialPact
from tests.factories import (
    attach_contact,
    make_attendee,
    make_axis,
    make_communique,
    make_framework,
    make_funding,
    make_image,
    make_mandate,
    make_organisation,
    make_pact,
    make_person,
    make_press_contact,
    make_quote,
    make_signatory,
    make_theme,
)

pytestmark = pytest.mark.django_db


def fields_of(instance) -> dict:
    return {field.attname: getattr(instance, field.attname) for field in instance._meta.fields}


@pytest.fixture
def release():
    # Names chosen so that byte order and the database's collation disagree.
    themes = [make_theme(name=name) for name in ["Économie", "emploi", "Santé", "Agriculture"]]
    pact = make_pact(signing_date=None, status=TerritorialPact.Status.PREPARING)
    for order, title in [(2, "Deuxième axe"), (1, "Premier axe")]:
        make_axis(pact=pact, order=order, title=title, organisations=[make_organisation()])
    make_signatory(pact=pact, organisation=make_organisation())  # no person
    make_signatory(pact=pact, person=make_person(), role="Président", order=1)
    make_attendee(pact=pact, person=make_person(), role="Préfet")
    pact.frameworks.add(make_framework(acronym="SRDEII"), make_framework(acronym="CPRDFOP"))
    make_funding(pact=pact, amount=Decimal("1234567.89"))
    communique = make_communique(
        event_date=datetime.date(2019, 9, 5),
        image=make_image(),
        themes=themes,
        pacts=[pact, make_pact()],
        organisations=[make_organisation(name="Zénith"), make_organisation(name="Agence")],
    )
    for order in [1, 0]:
        speaker = make_person()
        make_mandate(person=speaker, start_date=datetime.date(2017, 10, 20))
        make_mandate(
            person=speaker,
            title="Maire",
            start_date=datetime.date(2001, 3, 18),
            end_date=datetime.date(2017, 10, 19),
        )
        make_quote(communique=communique, speaker=speaker, order=order, text=f"Citation {order}")
        attach_contact(
            communique=communique,
            contact=make_press_contact(phones=["0684801148", "0326707436"]),
            order=order,
        )
    Correction.objects.create(communique=communique, text="Date corrigée")
    return communique


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
        loaded = RELEASE_PAGE.get(Communique.objects.all(), pk=release.pk)
    expected = prefetched(release.pk)
    assert fields_of(loaded) == fields_of(expected)
    with django_assert_num_queries(0):
        assert fields_of(loaded.image) == fields_of(expected.image)

    def same(left, right, relation):
        left_items, right_items = list(left.all()), list(right.all())
        assert [fields_of(item) for item in left_items] == [
            fields_of(item) for item in right_items
        ], relation
        return zip(left_items, right_items, strict=True)

    with django_assert_num_queries(0):
        for name in ["themes", "organisations", "corrections", "attachments"]:
            same(getattr(loaded, name), getattr(expected, name), name)
        for quote, other in same(loaded.quotes, expected.quotes, "quotes"):
            assert fields_of(quote.speaker) == fields_of(other.speaker)
            for mandate, other_mandate in same(quote.speaker.mandates, other.speaker.mandates, "m"):
                assert fields_of(mandate.organisation) == fields_of(other_mandate.organisation)
            # The quote knows its release, as prefetching sets it: the role on its date.
            assert quote.communique is loaded
            assert quote.speaker_mandate.role_label == other.speaker_mandate.role_label
        for pact, other in same(loaded.pacts, expected.pacts, "pacts"):
            assert fields_of(pact.kind) == fields_of(other.kind)
            same(pact.frameworks, other.frameworks, "frameworks")
            for axis, other_axis in same(pact.axes, other.axes, "axes"):
                same(axis.organisations, other_axis.organisations, "axis organisations")
            for signatory, other_signatory in same(pact.signatories, other.signatories, "sign."):
                assert signatory.person == other_signatory.person
                assert signatory.organisation == other_signatory.organisation
            for attendee, other_attendee in same(pact.attendees, other.attendees, "attendees"):
                assert fields_of(attendee.person) == fields_of(other_attendee.person)
        for link, other in same(loaded.contact_links, expected.contact_links, "contacts"):
            assert fields_of(link.contact) == fields_of(other.contact)
            assert fields_of(link.contact.organisation) == fields_of(other.contact.organisation)
            same(link.contact.phones, other.contact.phones, "phones")


def test_values_keep_their_python_types(release):
    loaded = RELEASE_PAGE.get(Communique.objects.all(), pk=release.pk)
    correction = loaded.corrections.all()[0]
    assert correction.created_at == Correction.objects.get().created_at
    assert correction.created_at.tzinfo is not None
    assert [pact.signing_date for pact in loaded.pacts.all()].count(None) == 1
    mandate = loaded.quotes.all()[0].speaker.mandates.all()[1]
    assert mandate.end_date == datetime.date(2017, 10, 19)
    phone = loaded.contact_links.all()[0].contact.phones.all()[0]
    assert phone.number.as_e164 == "+33684801148"


def test_loaded_objects_are_the_rows_they_were_read_from(release, django_assert_num_queries):
    loaded = RELEASE_PAGE.get(Communique.objects.all(), pk=release.pk)
    themes = loaded.themes.all()
    with django_assert_num_queries(0):
        assert themes.first() == themes[0]
        assert themes.ordered  # its SQL query, made when asked for
    theme = themes[0]
    assert (theme._state.adding, theme._state.db) == (False, "default")
    theme.name = "Renommé"
    theme.save()  # an UPDATE of its row, not a new theme
    assert sorted(Theme.objects.values_list("name", flat=True)) == sorted(
        ["Renommé", *[other.name for other in themes[1:]]]
    )
    # A model whose from_db keeps what was read is still built through it.
    assert loaded.image._stored[0] == loaded.image.file.name


def test_related_reads_the_loaded_list_or_else_queries(release, django_assert_num_queries):
    loaded = RELEASE_PAGE.get(Communique.objects.all(), pk=release.pk)
    with django_assert_num_queries(0):
        assert loaded.related("themes") is loaded.themes.all()
        pact = loaded.related("pacts")[0]
        assert list(pact.related("axes")) == list(pact.axes.all())
        assert loaded.related("quotes")[0].speaker.related("mandates")
    # The managers empty the cache they share with related(): never a stale list.
    loaded.themes.add(make_theme(name="Nouveau"))
    with django_assert_num_queries(1):
        assert "Nouveau" in [theme.name for theme in loaded.related("themes")]
    plain = Communique.objects.get(pk=release.pk)  # nothing loaded: the manager's query
    with django_assert_num_queries(1):
        assert len(plain.related("themes")) == 5


def test_loaded_relations_refuse_to_be_refined(release):
    loaded = RELEASE_PAGE.get(Communique.objects.all(), pk=release.pk)
    themes = loaded.themes.all()
    assert len(themes) == themes.count() == 4
    assert themes.all() is themes
    with pytest.raises(TypeError, match="loaded with its page"):
        themes.filter(name="Santé")


def test_an_empty_release_loads_empty_relations(django_assert_num_queries):
    communique = make_communique()
    loaded = RELEASE_PAGE.get(Communique.objects.all(), pk=communique.pk)
    with django_assert_num_queries(0):
        assert list(loaded.quotes.all()) == []
        assert list(loaded.pacts.all()) == []
        assert not loaded.contact_links.all()


def test_amounts_stay_exact_decimals(django_assert_num_queries):
    pact = make_pact()
    make_funding(pact=pact, amount=Decimal("1234567.89"))
    make_funding(pact=pact, amount=Decimal("0.10"), order=1)
    make_funding(pact=pact, amount=Decimal("9999999999999.99"), order=2)  # max_digits=15
    with django_assert_num_queries(1):
        loaded = PACT_PAGE.get(TerritorialPact.objects.all(), pk=pact.pk)
    assert [funding.amount for funding in loaded.fundings.all()] == [
        Decimal("1234567.89"),
        Decimal("0.10"),
        Decimal("9999999999999.99"),
    ]


def test_a_field_it_cannot_read_back_is_refused_before_any_query(django_assert_num_queries):
    # A release's search vector has no JSON form that the ORM would give back.
    theme = make_theme()
    with django_assert_num_queries(0), pytest.raises(NotImplementedError, match="search_vector"):
        Relations(Theme, "communiques").get(Theme.objects.all(), pk=theme.pk)


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
        mandates = Relations(Organisation, "mandates").get(Organisation.objects.all(), pk=agglo.pk)
    with django_assert_num_queries(1):
        signatures = Relations(Person, "pact_signatures").get(Person.objects.all(), pk=rottner.pk)
    expected = Organisation.objects.prefetch_related("mandates").get(pk=agglo.pk)
    assert list(mandates.related("mandates")) == list(expected.mandates.all())
    assert [(m.person_id, m.start_date.year) for m in mandates.related("mandates")] == [
        (bourg_broc.pk, 2014),
        (rottner.pk, 2021),
        (rottner.pk, 2016),
        (zeller.pk, 2020),
    ]
    expected = Person.objects.prefetch_related("pact_signatures").get(pk=rottner.pk)
    assert list(signatures.related("pact_signatures")) == list(expected.pact_signatures.all())
    assert [s.pact_id for s in signatures.related("pact_signatures")] == [newer.pk, older.pk]


def test_an_order_by_the_key_to_the_parent_sorts_nothing_within_its_list(
    django_assert_num_queries,
):
    # A person's mandates are ordered by person first: the same for all of them.
    person = make_person()
    region, agglo = make_organisation(name="Région"), make_organisation(name="Agglo")
    make_mandate(person=person, organisation=region, start_date=datetime.date(2016, 1, 4))
    make_mandate(person=person, organisation=agglo, start_date=datetime.date(2021, 7, 2))
    with django_assert_num_queries(1):
        loaded = Relations(Person, "mandates").get(Person.objects.all(), pk=person.pk)
    expected = Person.objects.prefetch_related("mandates").get(pk=person.pk)
    assert list(loaded.related("mandates")) == list(expected.mandates.all())
    assert [m.organisation_id for m in loaded.related("mandates")] == [agglo.pk, region.pk]


@pytest.mark.parametrize(
    "first, queries",
    [(0, 1), (1, 2)],
    ids=["first-page-one-query", "offset-rows-then-relations-by-id"],
)
def test_a_list_reads_each_object_with_its_relations(first, queries, django_assert_num_queries):
    themes = [make_theme(name=name) for name in ["Économie", "emploi", "Santé"]]
    releases = [make_communique(title=f"Communiqué {n}") for n in range(5)]
    for n, communique in enumerate(releases):
        communique.themes.set(themes[: n % 4])
    cards = RELEASE_CARD.annotate(Communique.objects.order_by("pk"))
    with django_assert_num_queries(queries) as captured:
        loaded = list(cards[first : first + 4])
    if queries == 2:  # PostgreSQL would build the relations of every skipped row
        assert "json" not in captured.captured_queries[0]["sql"].lower()
    expected = list(Communique.objects.order_by("pk").prefetch_related("themes")[first : first + 4])
    assert [fields_of(c) for c in loaded] == [fields_of(c) for c in expected]
    with django_assert_num_queries(0):
        assert [[fields_of(t) for t in c.themes.all()] for c in loaded] == [
            [fields_of(t) for t in c.themes.all()] for c in expected
        ]
    assert [len(c.themes.all()) for c in loaded] == [n % 4 for n in range(first, first + 4)]


def test_distinct_rows_are_read_before_their_relations(django_assert_num_queries):
    theme = make_theme(name="Emploi")
    organisation = make_organisation()
    communique = make_communique(themes=[theme], organisations=[organisation])
    make_quote(communique=communique, organisation=organisation)
    make_quote(communique=communique, organisation=organisation)  # one more joined row
    cards = RELEASE_CARD.annotate(Communique.objects.mentioning_organisation(organisation))
    with django_assert_num_queries(2) as captured:
        loaded = list(cards[:5])
    assert "json" not in captured.captured_queries[0]["sql"].lower()
    assert [c.pk for c in loaded] == [communique.pk]
    assert [t.name for t in loaded[0].themes.all()] == ["Emploi"]


def test_an_empty_page_past_the_first_makes_one_query(django_assert_num_queries):
    make_communique()
    with django_assert_num_queries(1):
        assert list(RELEASE_CARD.annotate(Communique.objects.order_by("pk"))[5:10]) == []


def test_counting_or_selecting_ids_never_computes_the_relations(django_assert_num_queries):
    make_communique()
    cards = RELEASE_CARD.annotate(Communique.objects.order_by("pk"))
    with django_assert_num_queries(4) as captured:
        assert cards.count() == 1
        assert cards[:10].count() == 1
        assert cards.exists()
        assert Communique.objects.filter(pk__in=cards.values("pk")[:5]).count() == 1
    assert not any("json" in query["sql"].lower() for query in captured.captured_queries)


def test_an_empty_foreign_key_loads_as_none(django_assert_num_queries):
    communique = make_communique()
    assert communique.image_id is None
    with django_assert_num_queries(1):
        loaded = Relations(Communique, "image").get(Communique.objects.all(), pk=communique.pk)
        assert loaded.image is None

"""Relations loaded in one query are the objects the ORM would have prefetched."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import FieldFetchBlocked
from django.db.models import FETCH_RAISE, Prefetch
from django.urls import reverse

from communiques.models import (
    Communique,
    CommuniqueQuerySet,
    Correction,
    Theme,
)
from communiques.pagination import CardPages
from grandest_press.relations import Relations
from partners.models import (
    Organisation,
    PactSignatory,
    Person,
    PublicPageQuerySet,
    TerritorialPact,
    TerritorialPactQuerySet,
)
from tests.factories import (
    attach_contact,
    make_attachment,
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
    communique = make_communique()
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


@pytest.mark.parametrize(("offset", "limit"), [(0, 4), (1, 4), (4, 4)])
def test_a_list_reads_each_object_with_its_relations_in_one_query(
    offset, limit, django_assert_num_queries
):
    themes = [make_theme(name=name) for name in ["Économie", "emploi", "Santé"]]
    releases = [make_communique(title=f"Communiqué {n}") for n in range(6)]
    for n, communique in enumerate(releases):
        communique.themes.set(themes[: n % 4])
    cards = Communique.objects.published().for_list()
    with django_assert_num_queries(1):
        loaded = list(cards[offset : offset + limit])
    expected = list(
        Communique.objects.published()
        .only(*[f.attname for f in loaded[0]._meta.concrete_fields if f.attname in vars(loaded[0])])
        .prefetch_related("themes")[offset : offset + limit]
    )
    assert [fields_of(c) for c in loaded] == [fields_of(c) for c in expected]
    assert [c.get_deferred_fields() for c in loaded] == [c.get_deferred_fields() for c in expected]
    with django_assert_num_queries(0):
        assert [[fields_of(t) for t in c.themes_list] for c in loaded] == [
            [fields_of(t) for t in c.themes.all()] for c in expected
        ]


@pytest.mark.parametrize(("offset", "limit"), [(0, 20), (20, 20), (40, 5)])
def test_list_pages_read_their_cards_alone_in_one_query(offset, limit, django_assert_num_queries):
    theme = make_theme()
    for _ in range(45):
        make_communique(themes=[theme])
    make_communique(published=False)  # a draft: never listed
    pages = CardPages(Communique.objects.published())
    with django_assert_num_queries(1) as captured:
        cards = pages[offset : offset + limit]
        names = [[t.name for t in card.themes_list] for card in cards]
    expected = list(Communique.objects.published().for_list()[offset : offset + limit])
    assert [fields_of(card) for card in cards] == [fields_of(card) for card in expected]
    assert names == [[theme.name]] * len(expected)
    assert cards[0].get_deferred_fields() == expected[0].get_deferred_fields()
    # The releases skipped and kept are found in a subquery of their keys alone.
    sql = captured.captured_queries[0]["sql"]
    keys = sql[sql.index(" IN (SELECT") :]
    assert "LIMIT" in keys
    assert "json" not in keys.lower()
    assert pages.count() == 45


def test_a_release_mentioning_an_organisation_several_ways_is_listed_once(
    django_assert_num_queries,
):
    theme = make_theme(name="Emploi")
    organisation = make_organisation()
    communique = make_communique(themes=[theme], organisations=[organisation])
    make_quote(communique=communique, organisation=organisation)
    make_quote(communique=communique, organisation=organisation)  # one more joined row
    cards = Communique.objects.published().mentioning_organisation(organisation).for_list()
    with django_assert_num_queries(1):
        loaded = list(cards[:5])
    assert [c.pk for c in loaded] == [communique.pk]
    assert [t.name for t in loaded[0].themes_list] == ["Emploi"]


def test_counting_or_selecting_ids_never_computes_the_relations(django_assert_num_queries):
    make_communique()
    cards = Communique.objects.order_by("pk").for_list()
    with django_assert_num_queries(3) as captured:
        assert cards.count() == 1
        assert cards.exists()
        assert Communique.objects.filter(pk__in=cards.values("pk")[:5]).count() == 1
    assert not any("json" in query["sql"].lower() for query in captured.captured_queries)


# Every public page, read by its own queryset in fetch_mode(FETCH_RAISE): a field or a
# foreign key the page's query did not load raises instead of querying.
PAGE_QUERYSETS = [
    (CommuniqueQuerySet, "for_list"),
    (CommuniqueQuerySet, "for_page"),
    (TerritorialPactQuerySet, "for_list"),
    (PublicPageQuerySet, "for_page"),
]


@pytest.fixture
def page_querysets_raise(monkeypatch):
    for queryset_class, name in PAGE_QUERYSETS:
        method = getattr(queryset_class, name)
        monkeypatch.setattr(
            queryset_class,
            name,
            lambda self, method=method: method(self).fetch_mode(FETCH_RAISE),
        )


def test_the_page_querysets_load_everything_their_templates_read(
    client, release, page_querysets_raise
):
    make_attachment(communique=release, title="Dossier de presse")
    pact = release.pacts.get(status=TerritorialPact.Status.PREPARING)
    current = release.pacts.exclude(pk=pact.pk).get()  # on the home page
    current.territories.add(make_organisation(name="Vitry-le-François"))
    speaker = release.quotes.first().speaker
    organisation = release.organisations.get(name="Zénith")
    theme = release.themes.first()
    pages = {
        reverse("home"): [release.title, current.title, "Vitry-le-François"],
        reverse("communiques:list"): [release.title, "Économie"],
        reverse("communiques:list") + f"?theme={theme.pk}": [release.title, "Santé"],
        reverse("communiques:list") + f"?organisation={organisation.pk}": [release.title],
        reverse("communiques:theme", kwargs={"slug": theme.slug}): [release.title],
        release.get_absolute_url(): [
            "Citation 1",
            "Date corrigée",
            "Deuxième axe",
            "Préfet",
            "SRDEII",
            "06 84 80 11 48",
            "Dossier de presse",
        ],
        reverse("communiques:feed", kwargs={"format": "rss"}): ["Citation 0", "Date corrigée"],
        reverse("partners:pact-list"): [pact.title, current.title, "Vitry-le-François"],
        pact.get_absolute_url(): ["Premier axe", "Président", "1 234 567,89", release.title],
        speaker.get_absolute_url(): ["Maire", release.title],
        organisation.get_absolute_url(): [organisation.name, release.title],
    }
    for url, texts in pages.items():
        response = client.get(url)
        assert response.status_code == 200, url
        content = response.content.decode().replace("\xa0", " ").replace("\u202f", " ")
        for text in texts:
            assert text in content, (url, text)

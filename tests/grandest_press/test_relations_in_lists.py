"""Lists of objects with their relations: one query per list page, no duplicates,
and none of the relations computed for a count."""

import pytest

from communiques.models import Communique
from communiques.pagination import CardPages
from tests.factories import make_communique, make_organisation, make_quote, make_theme
from tests.grandest_press.field_values import fields_of

pytestmark = pytest.mark.django_db


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

"""A statement's SQL, compiled once, reads what its queryset reads, for any values."""

import datetime

import pytest
from django.test import override_settings
from django.utils import timezone

from communiques.models import PUBLIC_RELEASE_PAGE, RELEASE_PAGE, Communique
from grandest_press.statements import Statement
from partners.models import PACT_PAGE, Organisation, Person, TerritorialPact
from tests.factories import (
    make_axis,
    make_communique,
    make_mandate,
    make_organisation,
    make_pact,
    make_person,
    make_quote,
    make_signatory,
    make_theme,
)

pytestmark = pytest.mark.django_db

PUBLISHED_AT = Communique._meta.get_field("published_at")
SLUG = Communique._meta.get_field("slug")


def fields_of(instance) -> dict:
    return {field.attname: getattr(instance, field.attname) for field in instance._meta.fields}


def test_the_public_release_page_reads_what_its_queryset_reads(django_assert_num_queries):
    release = make_communique(themes=[make_theme(), make_theme()])
    make_quote(communique=release)
    with django_assert_num_queries(1):
        loaded = Communique.objects.get_published_for_detail(release.slug)
    expected = RELEASE_PAGE.get(
        Communique.objects.published().defer("search_vector", "search_text"), slug=release.slug
    )
    assert fields_of(loaded) == fields_of(expected)
    assert loaded.get_deferred_fields() == expected.get_deferred_fields()
    with django_assert_num_queries(0):
        assert list(loaded.related("themes")) == list(expected.related("themes"))
        assert loaded.related("quotes")[0].speaker == expected.related("quotes")[0].speaker


def test_each_run_takes_its_own_values(time_machine):
    moment = datetime.datetime(2030, 5, 6, 9, 0, tzinfo=datetime.UTC)
    time_machine.move_to(moment - datetime.timedelta(days=1), tick=False)
    first = make_communique(published_at=moment - datetime.timedelta(hours=1))
    later = make_communique(published_at=moment + datetime.timedelta(seconds=1))
    get = Communique.objects.get_published_for_detail
    time_machine.move_to(moment, tick=False)
    assert get(first.slug).pk == first.pk
    for slug in [later.slug, "no-such-release"]:
        with pytest.raises(Communique.DoesNotExist):
            get(slug)
    time_machine.move_to(moment + datetime.timedelta(seconds=1), tick=False)
    assert get(later.slug).pk == later.pk


def test_compiled_once_per_database_and_again_after_a_settings_change():
    compiled = PUBLIC_RELEASE_PAGE.statement.compiled("default")
    assert PUBLIC_RELEASE_PAGE.statement.compiled("default") is compiled
    with override_settings(TIME_ZONE="UTC"):
        assert PUBLIC_RELEASE_PAGE.statement.compiled("default") is not compiled


def test_a_value_the_sql_does_not_carry_as_a_parameter_is_refused():
    # __date turns the moment into a date: the placeholder is not among the parameters.
    statement = Statement(
        Communique,
        lambda now: Communique.objects.filter(published_at__date=now),
        now=PUBLISHED_AT,
    )
    with pytest.raises(ValueError, match="now is not a parameter"):
        statement.raw("default", now=timezone.now())


def test_every_placeholder_of_a_value_is_replaced():
    # The same value twice in the SQL: both places take it.
    release = make_communique(title="Deux fois")
    statement = Statement(
        Communique,
        lambda slug: Communique.objects.filter(slug=slug).exclude(title=slug),
        slug=SLUG,
    )
    assert [found.pk for found in statement.raw("default", slug=release.slug)] == [release.pk]
    assert len(statement.compiled("default")[2]["slug"]) == 2


@pytest.mark.parametrize(("offset", "limit"), [(0, 20), (20, 20), (40, 5)])
def test_release_list_pages_read_what_for_list_reads(offset, limit, django_assert_num_queries):
    theme = make_theme()
    for _ in range(45):
        make_communique(themes=[theme])
    make_communique(published=False)  # a draft: never listed
    # One query on any page: the releases skipped are found in a subquery (window()).
    with django_assert_num_queries(1):
        cards = Communique.objects.published_cards(offset, limit)
        names = [[t.name for t in card.related("themes")] for card in cards]
    expected = list(Communique.objects.published().for_list()[offset : offset + limit])
    assert [fields_of(card) for card in cards] == [fields_of(card) for card in expected]
    assert names == [[theme.name]] * len(expected)
    assert cards[0].get_deferred_fields() == expected[0].get_deferred_fields()


def test_the_public_pact_page_reads_what_its_queryset_reads(django_assert_num_queries):
    pact = make_pact(territories=[make_organisation(), make_organisation()])
    make_axis(pact=pact, organisations=[make_organisation()])
    make_pact()  # another pact: not read
    with django_assert_num_queries(1):
        loaded = TerritorialPact.objects.get_public_for_detail(pact.slug)
    expected = PACT_PAGE.get(TerritorialPact.objects.all(), slug=pact.slug)
    assert fields_of(loaded) == fields_of(expected)
    with django_assert_num_queries(0):
        assert loaded.kind == expected.kind
        assert list(loaded.related("territories")) == list(expected.related("territories"))
        axis = loaded.related("axes")[0]
        assert list(axis.related("organisations")) == list(
            expected.related("axes")[0].related("organisations")
        )
    with pytest.raises(TerritorialPact.DoesNotExist):
        TerritorialPact.objects.get_public_for_detail("no-such-pact")


def test_a_pacts_releases_are_what_published_and_for_list_read(
    time_machine, django_assert_num_queries
):
    moment = datetime.datetime(2030, 5, 6, 9, 0, tzinfo=datetime.UTC)
    time_machine.move_to(moment - datetime.timedelta(days=30), tick=False)
    pact, other = make_pact(), make_pact()
    theme = make_theme()
    for days in [3, 1, 2, 5, 4]:
        make_communique(
            pacts=[pact], themes=[theme], published_at=moment - datetime.timedelta(days=days)
        )
    make_communique(pacts=[other], published_at=moment - datetime.timedelta(days=1))
    make_communique(pacts=[pact], published=False)
    scheduled = make_communique(pacts=[pact], published_at=moment + datetime.timedelta(hours=1))
    time_machine.move_to(moment, tick=False)
    with django_assert_num_queries(1):
        cards = Communique.objects.published_cards_of_pact(pact.slug, 4)
        names = [[t.name for t in card.related("themes")] for card in cards]
    expected = list(pact.communiques.published().for_list()[:4])
    assert [fields_of(card) for card in cards] == [fields_of(card) for card in expected]
    assert names == [[theme.name]] * 4
    time_machine.move_to(moment + datetime.timedelta(hours=1), tick=False)
    assert Communique.objects.published_cards_of_pact(pact.slug, 4)[0].pk == scheduled.pk


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
            loaded = model.objects.get_public_for_detail(obj.slug)
        expected = model.objects.prefetch_related(*relations[model]).get(slug=obj.slug)
        assert fields_of(loaded) == fields_of(expected)
        with django_assert_num_queries(0):
            for name in ["mandates", "pact_signatures"] + (
                ["territorial_pacts"] if model is Organisation else []
            ):
                assert [fields_of(row) for row in loaded.related(name)] == [
                    fields_of(row) for row in getattr(expected, name).all()
                ], name
            for mandate, other in zip(
                loaded.related("mandates"), expected.mandates.all(), strict=True
            ):
                assert mandate.person == other.person
                assert mandate.organisation == other.organisation
            assert [s.pact.title for s in loaded.related("pact_signatures")] == [
                s.pact.title for s in expected.pact_signatures.all()
            ]
        with pytest.raises(model.DoesNotExist):
            model.objects.get_public_for_detail("inconnu")

"""The importer's matcher: stored people and organisations found however a text spells them."""

import contextlib

import pytest
from django.db import connection
from django.db.models.signals import post_init
from django.test.utils import CaptureQueriesContext

from communiques.importer.matching import Matcher, guess_organisation_kind
from partners.models import Organisation
from tests.factories import make_organisation, make_person

pytestmark = pytest.mark.django_db


@contextlib.contextmanager
def organisations_built():
    """Counts the Organisation instances built from the database while it is open."""
    built = []

    def count(sender, instance, **kwargs):
        if instance.pk is not None:
            built.append(instance)

    post_init.connect(count, sender=Organisation)
    try:
        yield built
    finally:
        post_init.disconnect(count, sender=Organisation)


def other_organisations(count):
    for number in range(count):
        make_organisation(name=f"Communauté de communes du Val n° {number}")


@pytest.mark.parametrize("size", [3, 40])
def test_an_organisation_is_found_by_its_folded_name_in_one_query(size):
    other_organisations(size)
    region = make_organisation(name="Région Grand Est", kind=Organisation.Kind.REGION)

    with CaptureQueriesContext(connection) as queries, organisations_built() as built:
        found = Matcher().organisation("REGION  grand-est")

    assert found == region
    assert len(queries) == 1
    assert built == [region]


@pytest.mark.parametrize("size", [3, 40])
def test_a_typo_is_found_without_reading_every_organisation(size):
    other_organisations(size)
    vatry = make_organisation(name="Aéroport de Vatry")

    with CaptureQueriesContext(connection) as queries, organisations_built() as built:
        found = Matcher().organisation("Aeroport de Vatri")

    assert found == vatry
    assert len(queries) == 3
    assert built == [vatry]


def test_a_name_named_again_in_the_same_import_is_not_looked_up_again():
    other_organisations(3)
    vatry = make_organisation(name="Aéroport de Vatry")
    matcher = Matcher()
    assert matcher.organisation("Aeroport de Vatri") == vatry

    with CaptureQueriesContext(connection) as queries:
        assert matcher.organisation("AÉROPORT DE VATRI") == vatry
        assert matcher.organisation("Grand Reims") is None
        assert matcher.organisation("Grand Reims") is None

    assert len(queries) == 2  # Grand Reims, once: exactly, then among the near names


def test_an_organisation_created_during_the_import_is_found_by_the_next_lookup():
    matcher = Matcher()
    assert matcher.organisation("Grand Reims") is None
    reims = make_organisation(name="Grand Reims")
    matcher.forget_organisations()
    assert matcher.organisation("grand-reims") == reims


def test_a_person_is_read_only_once_found_and_once_per_import():
    rottner = make_person(first_name="Jean", last_name="Rottner")
    for number in range(5):
        make_person(first_name="Marie", last_name=f"Dupont {number}")
    matcher = Matcher()

    with CaptureQueriesContext(connection) as queries:
        assert matcher.person("Jean Rotner") == rottner
        assert matcher.person("JEAN ROTTNER") == rottner
        assert matcher.person("Paul Martin") is None

    assert len(queries) == 2  # every name, then Jean Rottner


def test_an_organisation_is_found_by_its_short_name():
    agglo = make_organisation(
        name="Communauté d’agglomération de Châlons-en-Champagne", short_name="Châlons Agglo"
    )
    assert Matcher().organisation("chalons agglo") == agglo


def test_a_name_already_taken_goes_to_the_first_organisation_in_name_order():
    first = make_organisation(name="Agence Alpha", short_name="Grand E-Nov")
    make_organisation(name="Grand E-Nov")
    assert Matcher().organisation("Grand E-Nov") == first


def test_a_different_name_is_not_taken_for_a_typo():
    make_organisation(name="Grand Reims")
    assert Matcher().organisation("Grand Nancy") is None


def test_an_empty_name_matches_nothing():
    make_organisation(name="Grand Reims")
    assert Matcher().organisation(" – ") is None


def test_a_person_is_found_across_accents_capitals_and_a_typo():
    bourg_broc = make_person(first_name="Bruno", last_name="Bourg-Broc")
    assert Matcher().person("BRUNO BOURG BROC") == bourg_broc
    assert Matcher().person("Bruno Bourg-Brocq") == bourg_broc


@pytest.mark.parametrize(
    ("name", "kind"),
    [
        ("Région Grand Est", Organisation.Kind.REGION),
        ("Conseil départemental des Vosges", Organisation.Kind.DEPARTEMENT),
        ("Châlons Agglo", Organisation.Kind.EPCI),
        ("Préfecture de la Marne", Organisation.Kind.ETAT),
        ("Université de Reims", Organisation.Kind.HIGHER_EDUCATION),
        ("Grand E-Nov", Organisation.Kind.EPCI),
        ("Aéroport de Vatry", Organisation.Kind.COMPANY),
        ("Fondation du patrimoine", Organisation.Kind.OTHER),
    ],
)
def test_a_new_organisation_kind_is_guessed_from_its_name(name, kind):
    assert guess_organisation_kind(name) == kind

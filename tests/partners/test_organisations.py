"""Organisations: SIREN, territory codes, département, slug and folded names."""

import importlib

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction

from partners.models import Organisation
from tests.factories import make_organisation
from tests.partners.model_errors import errors_on

pytestmark = pytest.mark.django_db


SIREN_FORMAT_MESSAGE = "Le numéro SIREN doit comporter exactement 9 chiffres."
DEPARTEMENT_MESSAGE = "Code de département inconnu (exemples : « 51 », « 2A », « 974 »)."


# Organisation: SIREN


def test_valid_siren_passes_validation():
    organisation = make_organisation(name="Région Grand Est", kind="region")
    organisation.siren = "200052264"

    organisation.full_clean()


def test_siren_of_wrong_length_is_refused():
    organisation = make_organisation()
    organisation.siren = "20005226"

    with pytest.raises(ValidationError) as excinfo:
        organisation.full_clean()

    assert errors_on(excinfo, "siren") == [SIREN_FORMAT_MESSAGE]


def test_siren_with_letters_is_refused():
    organisation = make_organisation()
    organisation.siren = "20005226A"

    with pytest.raises(ValidationError) as excinfo:
        organisation.full_clean()

    assert errors_on(excinfo, "siren") == [SIREN_FORMAT_MESSAGE]


def test_siren_with_wrong_check_digit_is_refused():
    organisation = make_organisation()
    organisation.siren = "200052265"

    with pytest.raises(ValidationError) as excinfo:
        organisation.full_clean()

    assert errors_on(excinfo, "siren") == [
        "Ce numéro SIREN n’est pas valide (la clé de contrôle ne correspond pas)."
    ]


@pytest.mark.parametrize("siren", ["12345", "20005226A"])
def test_database_refuses_siren_that_is_not_nine_digits(siren):
    with (
        pytest.raises(IntegrityError, match="partners_organisation_siren_nine_digits"),
        transaction.atomic(),
    ):
        make_organisation(siren=siren)


def test_second_organisation_with_same_siren_is_refused_by_validation():
    make_organisation(name="Région Grand Est", kind="region", siren="200052264")
    duplicate = make_organisation(name="Conseil régional", kind="region")
    duplicate.siren = "200052264"

    with pytest.raises(ValidationError) as excinfo:
        duplicate.full_clean()

    assert "Une organisation porte déjà ce numéro SIREN." in excinfo.value.messages


def test_database_refuses_two_organisations_with_same_siren():
    make_organisation(name="Région Grand Est", siren="200052264")

    with pytest.raises(IntegrityError), transaction.atomic():
        make_organisation(name="Conseil régional", siren="200052264")


# Organisation: territory codes (Code officiel géographique)


def test_a_commune_with_its_insee_code_passes_validation():
    commune = make_organisation(name="Châlons-en-Champagne", kind="commune")
    commune.insee_code = "51108"
    commune.departement_code = "51"

    commune.full_clean()


def test_a_postcode_is_refused_as_insee_code():
    commune = make_organisation(kind="commune")
    commune.insee_code = "51000"

    with pytest.raises(ValidationError) as excinfo:
        commune.full_clean()

    assert errors_on(excinfo, "insee_code")[0].startswith("Code commune INSEE invalide")


def test_an_insee_commune_code_on_an_epci_is_refused():
    epci = make_organisation(kind="epci")
    epci.insee_code = "51108"

    with pytest.raises(ValidationError) as excinfo:
        epci.full_clean()

    assert errors_on(excinfo, "insee_code") == [
        "Le code commune INSEE ne concerne que les communes."
    ]


def test_a_region_code_on_a_departement_is_refused():
    departement = make_organisation(kind="departement", departement_code="51")
    departement.region_code = "44"

    with pytest.raises(ValidationError) as excinfo:
        departement.full_clean()

    assert errors_on(excinfo, "region_code") == ["Le code de région ne concerne que les régions."]


def test_database_refuses_an_insee_code_of_the_wrong_shape():
    with (
        pytest.raises(IntegrityError, match="partners_organisation_insee_code_format"),
        transaction.atomic(),
    ):
        make_organisation(kind="commune", insee_code="5110")


def test_database_refuses_an_unknown_region_code():
    with (
        pytest.raises(IntegrityError, match="partners_organisation_region_code_known"),
        transaction.atomic(),
    ):
        make_organisation(kind="region", region_code="41")


def test_many_organisations_may_leave_siren_blank():
    make_organisation(name="Be Est Entreprendre", siren="")
    make_organisation(name="Grand E-Nov", siren="")
    third = make_organisation(name="Campus 3000", siren="")

    third.full_clean()

    assert Organisation.objects.filter(siren="").count() == 3


# Organisation: département and slug


@pytest.mark.parametrize("code", ["51", "2A", "974"])
def test_known_departement_code_is_accepted(code):
    organisation = make_organisation(departement_code=code)

    organisation.full_clean()


@pytest.mark.parametrize("code", ["00", "99", "ab"])
def test_unknown_departement_code_is_refused(code):
    organisation = make_organisation()
    organisation.departement_code = code

    with pytest.raises(ValidationError) as excinfo:
        organisation.full_clean()

    assert errors_on(excinfo, "departement_code") == [DEPARTEMENT_MESSAGE]


def test_duplicate_organisation_slug_is_refused_by_validation():
    make_organisation(name="Châlons Agglo", slug="chalons-agglo")
    duplicate = make_organisation(name="Communauté d’agglomération de Châlons")
    duplicate.slug = "chalons-agglo"

    with pytest.raises(ValidationError) as excinfo:
        duplicate.full_clean()

    assert [error.code for error in excinfo.value.error_dict["slug"]] == ["unique"]


def test_database_refuses_duplicate_organisation_slug():
    make_organisation(name="Châlons Agglo", slug="chalons-agglo")

    with pytest.raises(IntegrityError), transaction.atomic():
        make_organisation(name="Communauté d’agglomération de Châlons", slug="chalons-agglo")


# Organisation: names folded for the importer


def test_an_organisation_keeps_its_names_folded_for_the_importer():
    organisation = make_organisation(
        name="Communauté d’agglo de Châlons", short_name="CHÂLONS-Agglo"
    )
    organisation.refresh_from_db()
    assert (organisation.folded_name, organisation.folded_short_name) == (
        "communaute d agglo de chalons",
        "chalons agglo",
    )


def test_renaming_an_organisation_refolds_its_name_even_with_update_fields():
    organisation = make_organisation(name="Grand Reims")
    organisation.name = "Communauté urbaine du Grand Reims"
    organisation.save(update_fields=["name"])
    organisation.refresh_from_db()
    assert organisation.folded_name == "communaute urbaine du grand reims"


def test_the_migration_folds_the_names_of_existing_organisations():
    from django.apps import apps

    migration = importlib.import_module("partners.migrations.0006_organisation_folded_names")
    organisation = make_organisation(name="Région Grand Est", short_name="Région")
    Organisation.objects.update(folded_name="", folded_short_name="")

    migration.fold_existing_names(apps, connection.schema_editor)

    organisation.refresh_from_db()
    assert (organisation.folded_name, organisation.folded_short_name) == (
        "region grand est",
        "region",
    )

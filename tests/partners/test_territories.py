"""Territory codes checked against the committed extract of the Code officiel géographique."""

import pytest
from django.core.exceptions import ValidationError

from communiques.seed import ORGANISATIONS
from partners import territories
from partners.models import Organisation

pytestmark = pytest.mark.django_db


def errors(**fields):
    organisation = Organisation(slug="organisation", **fields)
    with pytest.raises(ValidationError) as excinfo:
        organisation.full_clean()
    return excinfo.value.message_dict


def passes(**fields):
    Organisation(slug="organisation", **fields).full_clean()


def test_the_extract_names_its_source_version_and_date():
    source = territories.reference()["source"]
    assert source["package"] == "@etalab/decoupage-administratif"
    assert source["version"] == "6.0.0"
    assert source["extracted_on"]
    assert territories.reference()["epci"]["200066876"]["nom"] == "CA de Châlons-en-Champagne"


def test_chalons_agglo_and_its_siren_pass():
    passes(
        name="Communauté d'agglomération de Châlons-en-Champagne",
        short_name="Châlons Agglo",
        kind="epci",
        siren="200066876",
        departement_code="51",
    )


def test_an_epci_siren_unknown_in_the_grand_est_is_refused_with_the_source():
    # The Région's own SIREN: a valid number, but no EPCI's.
    [message] = errors(name="Grand Reims", kind="epci", siren="200052264")["siren"]
    assert message.startswith("Le SIREN « 200052264 » ne figure pas parmi les EPCI du Grand Est")
    assert "@etalab/decoupage-administratif 6.0.0" in message


def test_another_epcis_siren_is_refused_naming_its_owner():
    [message] = errors(
        name="Communauté d'agglomération de Châlons-en-Champagne", kind="epci", siren="200067213"
    )["siren"]
    assert message == (
        "Le SIREN « 200067213 » est celui de « CU du Grand Reims », qui n’apparaît pas dans le "
        "nom de l’organisation : vérifiez le code ou le nom."
    )


@pytest.mark.parametrize(
    ("name", "code"),
    [
        ("Conseil départemental de la Marne", "51"),
        ("Département de la Haute-Marne", "52"),
        ("Collectivité européenne d’Alsace (Bas-Rhin)", "67"),
    ],
)
def test_a_departement_named_after_its_code_passes(name, code):
    passes(name=name, kind="departement", departement_code=code)


def test_a_departement_code_that_names_another_departement_is_refused():
    [message] = errors(
        name="Département de la Haute-Marne", kind="departement", departement_code="51"
    )["departement_code"]
    assert message.startswith("Le code de département « 51 » est celui de « Marne »")


def test_a_commune_code_must_exist_in_the_grand_est_and_name_the_commune():
    passes(name="Châlons-en-Champagne", kind="commune", insee_code="51108")
    assert errors(name="Reims", kind="commune", insee_code="51108")["insee_code"] == [
        "Le code commune « 51108 » est celui de « Châlons-en-Champagne », qui n’apparaît pas "
        "dans le nom de l’organisation : vérifiez le code ou le nom."
    ]
    [unknown] = errors(name="Paris", kind="commune", insee_code="75056")["insee_code"]
    assert unknown.startswith("Le code commune « 75056 » ne figure pas parmi les communes du Grand")


def test_a_region_code_must_be_the_regions():
    passes(name="Région Grand Est", kind="region", region_code="44", siren="200052264")
    [message] = errors(name="Région Grand Est", kind="region", region_code="11")["region_code"]
    assert message.startswith("Le code de région « 11 » est celui de « Île-de-France »")


def test_other_organisations_keep_any_valid_siren():
    passes(name="Aéroport de Vatry", kind="entreprise", siren="200052264")


def test_every_organisation_of_the_seed_passes():
    for fields in ORGANISATIONS:
        Organisation(**fields).full_clean()

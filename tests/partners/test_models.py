import datetime
import importlib
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import IntegrityError, connection, transaction

from partners.models import (
    Mandate,
    Organisation,
    PactAttendee,
    PactSignatory,
    TerritorialPact,
)
from tests.factories import (
    make_former_president,
    make_mandate,
    make_organisation,
    make_pact,
    make_person,
    make_region,
    make_signatory,
)

pytestmark = pytest.mark.django_db

PARIS = ZoneInfo("Europe/Paris")

SIREN_FORMAT_MESSAGE = "Le numéro SIREN doit comporter exactement 9 chiffres."
DEPARTEMENT_MESSAGE = "Code de département inconnu (exemples : « 51 », « 2A », « 974 »)."
MANDATE_DATES_MESSAGE = (
    "La date de fin du mandat doit être postérieure ou égale à sa date de début."
)


def errors_on(excinfo, field=NON_FIELD_ERRORS) -> list[str]:
    return excinfo.value.message_dict.get(field, [])


# Organisation: SIREN


def test_valid_siren_passes_validation():
    organisation = make_organisation(name="Région Grand Est")
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
    make_organisation(name="Région Grand Est", siren="200052264")
    duplicate = make_organisation(name="Conseil régional")
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


# Mandate: dates and overlaps


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


def test_mandate_ending_before_it_starts_is_refused_on_end_date():
    mandate = Mandate(
        person=make_person(),
        organisation=make_region(),
        title="Président",
        start_date=datetime.date(2022, 1, 13),
        end_date=datetime.date(2022, 1, 12),
    )

    with pytest.raises(ValidationError) as excinfo:
        mandate.full_clean()

    assert excinfo.value.message_dict == {"end_date": [MANDATE_DATES_MESSAGE]}


def test_database_refuses_mandate_ending_before_it_starts():
    with (
        pytest.raises(IntegrityError, match="partners_mandate_end_after_start"),
        transaction.atomic(),
    ):
        make_mandate(start_date=datetime.date(2022, 1, 13), end_date=datetime.date(2022, 1, 12))


def test_mandate_may_end_on_the_day_it_starts():
    mandate = Mandate(
        person=make_person(),
        organisation=make_region(),
        title="Président par intérim",
        start_date=datetime.date(2017, 10, 20),
        end_date=datetime.date(2017, 10, 20),
    )

    mandate.full_clean()


def test_overlapping_mandate_for_the_same_role_is_refused():
    region = make_region()
    jean = make_person(first_name="Jean", last_name="Rottner")
    make_mandate(
        person=jean, organisation=region, title="Président", start_date=datetime.date(2017, 10, 20)
    )
    overlapping = Mandate(
        person=jean,
        organisation=region,
        title="Président",
        start_date=datetime.date(2021, 7, 2),
    )

    with pytest.raises(ValidationError) as excinfo:
        overlapping.full_clean()

    assert errors_on(excinfo) == [
        "Ce mandat chevauche un autre mandat de la même personne pour la même fonction "
        "(Président de la Région Grand Est, depuis le 20/10/2017)."
    ]


def test_mandate_starting_on_the_last_day_of_the_previous_one_overlaps_it():
    region = make_region()
    jean = make_person()
    make_mandate(
        person=jean,
        organisation=region,
        title="Président",
        start_date=datetime.date(2017, 10, 20),
        end_date=datetime.date(2021, 7, 1),
    )
    overlapping = Mandate(
        person=jean,
        organisation=region,
        title="Président",
        start_date=datetime.date(2021, 7, 1),
    )

    with pytest.raises(ValidationError):
        overlapping.full_clean()


def test_successive_mandates_for_the_same_role_are_accepted():
    region = make_region()
    jean = make_person()
    make_mandate(
        person=jean,
        organisation=region,
        title="Président",
        start_date=datetime.date(2017, 10, 20),
        end_date=datetime.date(2021, 7, 1),
    )
    next_term = Mandate(
        person=jean,
        organisation=region,
        title="Président",
        start_date=datetime.date(2021, 7, 2),
        end_date=datetime.date(2022, 1, 12),
    )

    next_term.full_clean()


def test_database_accepts_successive_mandates_for_the_same_role():
    region = make_region()
    jean = make_person()
    make_mandate(
        person=jean,
        organisation=region,
        title="Président",
        start_date=datetime.date(2017, 10, 20),
        end_date=datetime.date(2021, 7, 1),
    )

    make_mandate(
        person=jean, organisation=region, title="Président", start_date=datetime.date(2021, 7, 2)
    )

    assert jean.mandates.count() == 2


def test_same_person_may_hold_another_title_in_the_same_organisation_at_the_same_time():
    region = make_region()
    jean = make_person()
    make_mandate(
        person=jean, organisation=region, title="Président", start_date=datetime.date(2017, 10, 20)
    )
    councillor = Mandate(
        person=jean,
        organisation=region,
        title="Conseiller régional",
        start_date=datetime.date(2016, 1, 4),
    )

    councillor.full_clean()


def test_edited_mandate_does_not_overlap_itself():
    mandate = make_mandate(start_date=datetime.date(2017, 10, 20))
    mandate.end_date = datetime.date(2022, 1, 12)

    mandate.full_clean()


@time_machine.travel(datetime.datetime(2026, 3, 1, 10, 0, tzinfo=PARIS), tick=False)
def test_mandate_may_start_in_the_future():
    announced = Mandate(
        person=make_person(),
        organisation=make_region(),
        title="Présidente",
        start_date=datetime.date(2026, 7, 1),
    )

    announced.full_clean()


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="Exclusion constraints exist only on PostgreSQL; elsewhere Mandate.clean() guards.",
)
def test_postgresql_refuses_overlapping_mandates_saved_directly():
    region = make_region()
    jean = make_person()
    make_mandate(
        person=jean, organisation=region, title="Président", start_date=datetime.date(2017, 10, 20)
    )

    with pytest.raises(IntegrityError, match="partners_mandate_no_overlap"), transaction.atomic():
        make_mandate(
            person=jean,
            organisation=region,
            title="Président",
            start_date=datetime.date(2021, 7, 2),
        )


# Person.mandate_on and Mandate.objects.active_on


def test_mandate_on_returns_the_mandate_held_on_an_old_date():
    jean = make_former_president(region=make_region())

    mandate = jean.mandate_on(datetime.date(2019, 9, 5))

    assert mandate.title == "Président"


def test_mandate_on_returns_the_later_mandate_on_a_recent_date():
    jean = make_former_president(region=make_region())

    mandate = jean.mandate_on(datetime.date(2023, 6, 1))

    assert mandate.title == "Conseiller régional"


def test_mandate_on_returns_none_before_any_mandate():
    jean = make_former_president(region=make_region())

    assert jean.mandate_on(datetime.date(2016, 1, 1)) is None


def test_mandate_on_counts_the_end_date_as_held():
    jean = make_former_president(region=make_region())

    assert jean.mandate_on(datetime.date(2022, 1, 12)).title == "Président"


def test_mandate_on_filters_by_organisation():
    jean = make_former_president(region=make_region())
    agglo = make_organisation(name="Mulhouse Alsace Agglomération")
    make_mandate(
        person=jean,
        organisation=agglo,
        title="Vice-président",
        start_date=datetime.date(2014, 4, 1),
        end_date=datetime.date(2020, 7, 1),
    )

    mandate = jean.mandate_on(datetime.date(2019, 9, 5), organisation=agglo)

    assert mandate.title == "Vice-président"


def test_mandate_on_prefers_the_most_recently_started_mandate():
    jean = make_former_president(region=make_region())
    make_mandate(
        person=jean,
        organisation=make_organisation(name="Mulhouse Alsace Agglomération"),
        title="Vice-président",
        start_date=datetime.date(2014, 4, 1),
        end_date=datetime.date(2020, 7, 1),
    )

    assert jean.mandate_on(datetime.date(2019, 9, 5)).title == "Président"


def test_active_on_returns_mandates_held_on_the_date():
    make_former_president(region=make_region())

    active = Mandate.objects.active_on(datetime.date(2019, 9, 5))

    assert [mandate.title for mandate in active] == ["Président"]


def test_active_on_includes_a_mandate_ending_that_day():
    make_former_president(region=make_region())

    active = Mandate.objects.active_on(datetime.date(2022, 1, 12))

    assert [mandate.title for mandate in active] == ["Président"]


def test_active_on_includes_open_ended_mandates():
    make_former_president(region=make_region())

    active = Mandate.objects.active_on(datetime.date(2030, 1, 1))

    assert [mandate.title for mandate in active] == ["Conseiller régional"]


def test_active_on_excludes_mandates_not_started_yet():
    make_former_president(region=make_region())

    assert not Mandate.objects.active_on(datetime.date(2017, 10, 19)).exists()


# Mandate.role_label


def test_role_label_uses_the_name_with_its_preposition():
    mandate = make_mandate(title="Président", organisation=make_region())

    assert mandate.role_label == "Président de la Région Grand Est"


def test_role_label_elides_de_before_a_vowel():
    epinal = make_organisation(name="Épinal", kind=Organisation.Kind.COMMUNE)
    mandate = make_mandate(title="Président", organisation=epinal)

    assert mandate.role_label == "Président d’Épinal"


def test_role_label_writes_de_before_a_consonant():
    metz = make_organisation(name="Metz Métropole")
    mandate = make_mandate(title="Président", organisation=metz)

    assert mandate.role_label == "Président de Metz Métropole"


def test_role_label_prefers_the_short_name():
    agglo = make_organisation(
        name="Communauté d’agglomération de Châlons-en-Champagne", short_name="Châlons Agglo"
    )
    mandate = make_mandate(title="Président", organisation=agglo)

    assert mandate.role_label == "Président de Châlons Agglo"


# TerritorialPact


def test_month_precision_signing_date_is_stored_on_the_first_of_the_month():
    pact = make_pact(signing_date=datetime.date(2021, 6, 17), signing_date_precision="month")

    pact.refresh_from_db()

    assert pact.signing_date == datetime.date(2021, 6, 1)


def test_month_precision_signing_date_displays_month_and_year():
    pact = make_pact(signing_date=datetime.date(2021, 6, 17), signing_date_precision="month")

    assert pact.signing_date_display == "juin 2021"


def test_year_precision_signing_date_is_stored_on_the_first_of_january():
    pact = make_pact(signing_date=datetime.date(2021, 6, 17), signing_date_precision="year")

    pact.refresh_from_db()

    assert pact.signing_date == datetime.date(2021, 1, 1)


def test_year_precision_signing_date_displays_the_year_only():
    pact = make_pact(signing_date=datetime.date(2021, 6, 17), signing_date_precision="year")

    assert pact.signing_date_display == "2021"


def test_day_precision_signing_date_displays_the_full_date():
    pact = make_pact(signing_date=datetime.date(2019, 9, 5), signing_date_precision="day")

    assert pact.signing_date_display == "jeudi 5 septembre 2019"


@pytest.mark.parametrize(
    "status",
    [
        TerritorialPact.Status.SIGNED,
        TerritorialPact.Status.ONGOING,
        TerritorialPact.Status.COMPLETED,
    ],
)
def test_database_refuses_signed_pact_without_signing_date(status):
    with (
        pytest.raises(IntegrityError, match="partners_territorialpact_signed_has_date"),
        transaction.atomic(),
    ):
        make_pact(status=status, signing_date=None)


def test_signed_pact_without_signing_date_is_refused_by_validation():
    pact = make_pact(status=TerritorialPact.Status.PREPARING, signing_date=None)
    pact.status = TerritorialPact.Status.SIGNED

    with pytest.raises(ValidationError) as excinfo:
        pact.full_clean()

    assert errors_on(excinfo) == [
        "Un pacte signé, en cours ou achevé doit avoir une date de signature."
    ]


def test_pact_in_preparation_may_have_no_signing_date():
    pact = make_pact(status=TerritorialPact.Status.PREPARING, signing_date=None)

    pact.full_clean()


def test_current_pacts_are_the_signed_and_ongoing_ones():
    signed = make_pact(status=TerritorialPact.Status.SIGNED)
    ongoing = make_pact(status=TerritorialPact.Status.ONGOING)
    make_pact(status=TerritorialPact.Status.PREPARING, signing_date=None)
    make_pact(status=TerritorialPact.Status.COMPLETED)

    assert set(TerritorialPact.objects.current()) == {signed, ongoing}


# PactSignatory


def test_signatory_role_is_taken_from_the_mandate_held_on_the_signing_date():
    region = make_region()
    jean = make_former_president(region=region)
    pact = make_pact(signing_date=datetime.date(2019, 9, 5))

    signatory = make_signatory(pact=pact, organisation=region, person=jean, role="")

    assert signatory.role == "Président de la Région Grand Est"


def test_signatory_role_follows_the_signing_date_not_the_first_mandate():
    region = make_region()
    jean = make_former_president(region=region)
    pact = make_pact(signing_date=datetime.date(2023, 3, 14))

    signatory = make_signatory(pact=pact, organisation=region, person=jean, role="")

    assert signatory.role == "Conseiller régional de la Région Grand Est"


def test_signatory_role_is_stored_with_the_signatory():
    region = make_region()
    jean = make_former_president(region=region)
    pact = make_pact(signing_date=datetime.date(2019, 9, 5))
    signatory = make_signatory(pact=pact, organisation=region, person=jean, role="")

    signatory.refresh_from_db()

    assert signatory.role == "Président de la Région Grand Est"


def test_signatory_role_written_by_hand_is_kept():
    region = make_region()
    jean = make_former_president(region=region)
    pact = make_pact(signing_date=datetime.date(2019, 9, 5))

    signatory = make_signatory(
        pact=pact, organisation=region, person=jean, role="Président du Conseil régional"
    )

    assert signatory.role == "Président du Conseil régional"


def test_signatory_role_stays_blank_without_a_mandate_on_the_signing_date():
    region = make_region()
    jean = make_former_president(region=region)
    pact = make_pact(signing_date=datetime.date(2016, 6, 1))

    signatory = make_signatory(pact=pact, organisation=region, person=jean, role="")

    assert signatory.role == ""


def test_organisation_may_sign_without_a_named_person():
    vatry = make_organisation(name="Aéroport de Vatry", kind=Organisation.Kind.COMPANY)
    signatory = make_signatory(pact=make_pact(), organisation=vatry, person=None)

    signatory.full_clean()

    assert str(signatory) == "Aéroport de Vatry"


def test_same_organisation_signing_a_pact_twice_is_refused_by_validation():
    pact = make_pact()
    region = make_region()
    make_signatory(pact=pact, organisation=region)
    duplicate = PactSignatory(pact=pact, organisation=region)

    with pytest.raises(ValidationError) as excinfo:
        duplicate.full_clean()

    assert "Cette organisation signe déjà ce pacte." in excinfo.value.messages


def test_database_refuses_same_organisation_signing_a_pact_twice():
    pact = make_pact()
    region = make_region()
    make_signatory(pact=pact, organisation=region)

    with pytest.raises(IntegrityError), transaction.atomic():
        make_signatory(pact=pact, organisation=region)


def test_same_organisation_may_sign_two_different_pacts():
    region = make_region()
    make_signatory(pact=make_pact(), organisation=region)
    other = PactSignatory(pact=make_pact(), organisation=region)

    other.full_clean()


# PactAttendee


def test_signatory_cannot_be_listed_only_as_attendee():
    pact = make_pact()
    region = make_region()
    jean = make_former_president(region=region)
    make_signatory(pact=pact, organisation=region, person=jean)
    attendee = PactAttendee(pact=pact, person=jean)

    with pytest.raises(ValidationError) as excinfo:
        attendee.full_clean()

    assert errors_on(excinfo) == [
        "Cette personne signe déjà le pacte : elle ne peut pas être seulement présente."
    ]


def test_person_who_does_not_sign_may_attend():
    pact = make_pact()
    make_signatory(pact=pact, organisation=make_region(), person=make_person())
    attendee = PactAttendee(pact=pact, person=make_person(first_name="Franck", last_name="Leroy"))

    attendee.full_clean()


def test_signatory_of_another_pact_may_attend():
    region = make_region()
    jean = make_former_president(region=region)
    make_signatory(pact=make_pact(), organisation=region, person=jean)
    attendee = PactAttendee(pact=make_pact(), person=jean)

    attendee.full_clean()


@pytest.mark.parametrize("status", list(TerritorialPact.Status))
def test_a_pact_s_status_label_is_its_display_value(status):
    pact = make_pact(status=status, signing_date=datetime.date(2019, 9, 5))
    assert pact.status_label == pact.get_status_display() == status.label

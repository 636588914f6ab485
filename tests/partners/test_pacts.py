"""Territorial pacts: signing dates, status, signatories and attendees."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from partners.models import Organisation, PactAttendee, PactSignatory, TerritorialPact
from tests.factories import (
    make_former_president,
    make_organisation,
    make_pact,
    make_person,
    make_region,
    make_signatory,
)
from tests.partners.model_errors import errors_on

pytestmark = pytest.mark.django_db


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

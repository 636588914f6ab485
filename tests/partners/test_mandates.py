"""Mandates: dates and overlaps, the mandate held on a date, and role labels."""

import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction

from partners.models import Mandate, Organisation
from tests.factories import (
    make_former_president,
    make_mandate,
    make_organisation,
    make_person,
    make_region,
)
from tests.partners.model_errors import errors_on

pytestmark = pytest.mark.django_db


PARIS = ZoneInfo("Europe/Paris")
MANDATE_DATES_MESSAGE = (
    "La date de fin du mandat doit être postérieure ou égale à sa date de début."
)


# Mandate: dates and overlaps


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


def test_a_mandate_whose_start_is_unknown_is_held_until_it_ends():
    mandate = make_mandate(start_date=None, end_date=datetime.date(2021, 6, 30))
    mandate.full_clean()
    assert mandate.is_active_on(datetime.date(1990, 1, 1))
    assert not mandate.is_active_on(datetime.date(2021, 7, 1))
    assert list(Mandate.objects.active_on(datetime.date(2021, 6, 30))) == [mandate]
    assert not Mandate.objects.active_on(datetime.date(2021, 7, 1)).exists()

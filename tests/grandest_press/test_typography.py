import datetime

import pytest

from grandest_press.typography import (
    NBSP,
    NNBSP,
    DatePrecision,
    french_date,
    french_time,
    french_typography,
    french_typography_html,
    normalise_partial_date,
    partial_date,
)

UTC = datetime.UTC

# french_date


def test_french_date_writes_weekday_day_month_and_year():
    assert french_date(datetime.date(2019, 9, 5)) == "jeudi 5 septembre 2019"


def test_french_date_writes_the_first_of_the_month_as_1er():
    assert french_date(datetime.date(2021, 3, 1)) == "lundi 1er mars 2021"


def test_french_date_may_leave_out_the_weekday():
    assert french_date(datetime.date(2022, 1, 13), weekday=False) == "13 janvier 2022"


@pytest.mark.parametrize(
    ("month", "name"),
    [(1, "janvier"), (2, "février"), (8, "août"), (12, "décembre")],
)
def test_french_date_writes_month_names_in_lower_case(month, name):
    assert french_date(datetime.date(2021, month, 15), weekday=False) == f"15 {name} 2021"


def test_french_date_converts_aware_datetimes_to_paris_time():
    late_evening_utc = datetime.datetime(2019, 9, 4, 23, 30, tzinfo=UTC)

    assert french_date(late_evening_utc) == "jeudi 5 septembre 2019"


def test_french_date_uses_the_winter_offset_in_winter():
    new_year_utc = datetime.datetime(2021, 12, 31, 23, 30, tzinfo=UTC)

    assert french_date(new_year_utc) == "samedi 1er janvier 2022"


def test_french_date_of_nothing_is_empty():
    assert french_date(None) == ""


# french_time


def test_french_time_on_the_hour_writes_hours_only():
    assert french_time(datetime.time(11, 0)) == f"11{NBSP}h"


def test_french_time_writes_minutes_after_h():
    assert french_time(datetime.time(14, 30)) == f"14{NBSP}h{NBSP}30"


def test_french_time_pads_minutes_to_two_digits():
    assert french_time(datetime.time(9, 5)) == f"9{NBSP}h{NBSP}05"


def test_french_time_converts_aware_datetimes_to_paris_time():
    nine_utc_in_summer = datetime.datetime(2019, 9, 5, 9, 0, tzinfo=UTC)

    assert french_time(nine_utc_in_summer) == f"11{NBSP}h"


# french_typography


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Vraiment ?", f"Vraiment{NNBSP}?"),
        ("Bravo !", f"Bravo{NNBSP}!"),
        ("d’abord ; ensuite", f"d’abord{NNBSP}; ensuite"),
        ("Bravo!", f"Bravo{NNBSP}!"),
        (f"Bravo{NBSP}!", f"Bravo{NNBSP}!"),
    ],
)
def test_narrow_no_break_space_goes_before_high_punctuation(text, expected):
    assert french_typography(text) == expected


@pytest.mark.parametrize("text", ["« Nous signons »", "«Nous signons»"])
def test_narrow_no_break_spaces_go_inside_guillemets(text):
    assert french_typography(text) == f"«{NNBSP}Nous signons{NNBSP}»"


@pytest.mark.parametrize("text", ["Contact presse : Sandrine Poirier", "Contact presse: Sandrine"])
def test_no_break_space_goes_before_a_colon(text):
    assert f"presse{NBSP}:" in french_typography(text)


def test_colon_inside_a_time_is_left_alone():
    assert french_typography("Rendez-vous à 11:30") == "Rendez-vous à 11:30"


@pytest.mark.parametrize(
    ("text", "expected"),
    [("l'Europe", "l’Europe"), ("aujourd'hui", "aujourd’hui"), ("d'Épinal", "d’Épinal")],
)
def test_straight_apostrophes_become_typographic(text, expected):
    assert french_typography(text) == expected


@pytest.mark.parametrize(
    "url",
    [
        "https://www.grandest.fr/pactes/?page=2&tri=date",
        "http://exemple.fr/a:b!c",
        "mailto:presse@grandest.fr?subject=Pacte",
        "www.grandest.fr/l'europe?x=1",
    ],
)
def test_urls_are_left_untouched(url):
    assert french_typography(f"Voir {url} ; merci") == f"Voir {url}{NNBSP}; merci"


def test_typography_applied_twice_changes_nothing():
    once = french_typography("Il a déclaré : « C'est un grand jour ! »")

    assert french_typography(once) == once


def test_empty_text_stays_empty():
    assert french_typography("") == ""


def test_html_typography_changes_text_but_not_tags():
    html = '<p title="l\'été : 2021"><a href="https://grandest.fr/?q=1">Voir !</a></p>'

    assert french_typography_html(html) == (
        f'<p title="l\'été : 2021"><a href="https://grandest.fr/?q=1">Voir{NNBSP}!</a></p>'
    )


# Partial dates


def test_partial_date_of_a_known_day_is_the_full_date():
    assert partial_date(datetime.date(2019, 9, 5), DatePrecision.DAY) == "jeudi 5 septembre 2019"


def test_partial_date_of_a_known_month_is_month_and_year():
    assert partial_date(datetime.date(2021, 6, 1), DatePrecision.MONTH) == "juin 2021"


def test_partial_date_of_a_known_year_is_the_year():
    assert partial_date(datetime.date(2021, 1, 1), DatePrecision.YEAR) == "2021"


def test_partial_date_of_nothing_is_empty():
    assert partial_date(None, DatePrecision.MONTH) == ""


@pytest.mark.parametrize(
    ("precision", "expected"),
    [
        (DatePrecision.DAY, datetime.date(2021, 6, 17)),
        (DatePrecision.MONTH, datetime.date(2021, 6, 1)),
        (DatePrecision.YEAR, datetime.date(2021, 1, 1)),
    ],
)
def test_partial_date_is_stored_at_the_start_of_its_period(precision, expected):
    assert normalise_partial_date(datetime.date(2021, 6, 17), precision) == expected


# Numbers

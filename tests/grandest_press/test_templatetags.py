import datetime

from django.template import Context, Template
from phonenumber_field.phonenumber import PhoneNumber

NBSP = "\u00a0"
NNBSP = "\u202f"
UTC = datetime.UTC


def render(source: str, **context) -> str:
    return Template("{% load french %}" + source).render(Context(context))


def french_phone(number: str) -> PhoneNumber:
    return PhoneNumber.from_string(number, region="FR")


# date_fr


def test_date_fr_writes_the_date_with_its_weekday():
    assert render("{{ d|date_fr }}", d=datetime.date(2019, 9, 5)) == "jeudi 5 septembre 2019"


def test_date_fr_short_leaves_out_the_weekday():
    assert render('{{ d|date_fr:"short" }}', d=datetime.date(2021, 3, 1)) == "1er mars 2021"


def test_date_fr_shows_aware_datetimes_in_paris_time():
    published_at = datetime.datetime(2019, 9, 4, 23, 30, tzinfo=UTC)

    assert render("{{ d|date_fr }}", d=published_at) == "jeudi 5 septembre 2019"


def test_date_fr_of_nothing_is_empty():
    assert render("{{ d|date_fr }}", d=None) == ""


# time_fr


def test_time_fr_on_the_hour():
    assert render("{{ t|time_fr }}", t=datetime.time(11, 0)) == f"11{NBSP}h"


def test_time_fr_with_minutes():
    assert render("{{ t|time_fr }}", t=datetime.time(14, 30)) == f"14{NBSP}h{NBSP}30"


def test_time_fr_shows_aware_datetimes_in_paris_time():
    signing = datetime.datetime(2019, 9, 5, 12, 30, tzinfo=UTC)

    assert render("{{ t|time_fr }}", t=signing) == f"14{NBSP}h{NBSP}30"


def test_time_fr_of_nothing_is_empty():
    assert render("{{ t|time_fr }}", t=None) == ""


# typo


def test_typo_applies_french_spacing_and_apostrophes():
    text = "L'Europe : « un grand jour » !"

    assert render("{{ text|typo }}", text=text) == (
        f"L’Europe{NBSP}: «{NNBSP}un grand jour{NNBSP}»{NNBSP}!"
    )


def test_typo_escapes_html():
    assert render("{{ text|typo }}", text="<b>Bravo</b>") == "&lt;b&gt;Bravo&lt;/b&gt;"


def test_typo_keeps_escaped_ampersands_whole():
    assert render("{{ text|typo }}", text="R&D ; innovation") == f"R&amp;D{NNBSP}; innovation"


def test_typo_does_not_escape_when_autoescape_is_off():
    rendered = render("{% autoescape off %}{{ text|typo }}{% endautoescape %}", text="<b>Bravo</b>")

    assert rendered == "<b>Bravo</b>"


def test_typo_of_nothing_is_empty():
    assert render("{{ text|typo }}", text=None) == ""


# phone_fr and phone_uri


def test_phone_fr_groups_digits_by_two_with_no_break_spaces():
    rendered = render("{{ n|phone_fr }}", n=french_phone("06 84 80 11 48"))

    assert rendered == NBSP.join(["06", "84", "80", "11", "48"])


def test_phone_fr_writes_international_input_the_national_way():
    rendered = render("{{ n|phone_fr }}", n=french_phone("+33 3 26 70 74 36"))

    assert rendered == NBSP.join(["03", "26", "70", "74", "36"])


def test_phone_uri_is_a_tel_link_in_international_format():
    assert render("{{ n|phone_uri }}", n=french_phone("06 84 80 11 48")) == "tel:+33684801148"


def test_phone_filters_of_nothing_are_empty():
    assert render("{{ n|phone_fr }}{{ n|phone_uri }}", n=None) == ""
    assert render("{{ n|phone_fr }}{{ n|phone_uri }}", n="") == ""

"""The public pages' Jinja2 filters write what the Django templates' filters write."""

import datetime

import pytest
from django.template import Context, Template, engines
from django.test import RequestFactory

UTC = datetime.UTC


def jinja(source: str, **context) -> str:
    return engines["jinja2"].from_string(source).render(context)


def django(source: str, **context) -> str:
    return Template("{% load french %}" + source).render(Context(context))


@pytest.mark.parametrize(
    "moment",
    [
        datetime.datetime(2019, 9, 5, 9, 30, tzinfo=UTC),  # summer: +0200
        datetime.datetime(2020, 1, 2, 23, 5, 7, tzinfo=UTC),  # winter, next day in Paris
        datetime.datetime(2026, 3, 29, 0, 59, 59, tzinfo=UTC),  # just before the change
    ],
)
def test_datetime_attr_is_djangos_date_format_in_paris_time(moment):
    written = jinja("{{ moment|datetime_attr }}", moment=moment)
    assert written == django(r"{{ moment|date:'Y-m-d\TH:i:sO' }}", moment=moment)
    assert datetime.datetime.strptime(written, "%Y-%m-%dT%H:%M:%S%z") == moment


def test_datetime_attr_of_nothing_is_empty():
    assert jinja("{{ moment|datetime_attr }}", moment=None) == ""


@pytest.mark.parametrize(
    "text",
    [
        "",
        "Un deux trois",
        "  Espaces   et\nretours   à la ligne  ",
        " ".join(f"mot{n}" for n in range(45)),
        " ".join(f"mot{n}" for n in range(46)),
        "Signature du « Pacte » : <b>gras</b> & co",
    ],
)
def test_truncatewords_is_djangos(text):
    for length in [3, 45]:
        assert jinja("{{ text|truncatewords(n) }}", text=text, n=length) == django(
            "{{ text|truncatewords:n }}", text=text, n=length
        )


@pytest.mark.parametrize(
    "text",
    [
        "L'Europe : « un grand jour » !",
        "R&D ; innovation",
        "<b>Bravo</b>",
        "Sans ponctuation particulière",
        "Voir https://www.grandest.fr/?a=1 : le site",
        None,
    ],
)
def test_typo_is_the_django_filters(text):
    assert jinja("{{ text|typo }}", text=text) == django("{{ text|typo }}", text=text)


def test_typo_escapes_quotes_as_jinja_does():
    # Both are valid HTML; Jinja2 writes &#39; and &#34; everywhere else on the page.
    assert jinja("{{ text|typo }}", text="'Oui' \"non\"") == "&#39;Oui&#39; &#34;non&#34;"


@pytest.mark.parametrize("text", ["<b>Châlons</b>", "<b>l'emploi : oui</b>"])
def test_typography_remembered_for_markup_never_unescapes_plain_text(text):
    from markupsafe import Markup

    from grandest_press.typography import french_typography

    french_typography(Markup(text))  # the same characters, once as safe markup
    assert "<b>" not in jinja("{{ text|typo }}", text=text)
    assert jinja("{{ text|typo }}", text=text).startswith("&lt;b&gt;")


@pytest.mark.parametrize(
    ("secure", "expected"),
    [
        (False, "http://presse.grandest.example/communiques/signature-du-poce/"),
        (True, "https://presse.grandest.example/communiques/signature-du-poce/"),
    ],
)
def test_absolute_url_has_the_scheme_and_host_the_page_was_requested_at(settings, secure, expected):
    settings.ALLOWED_HOSTS = ["presse.grandest.example"]
    request = RequestFactory().get("/", secure=secure, HTTP_HOST="presse.grandest.example")
    source = '{{ absolute_url("/communiques/signature-du-poce/") }}'
    assert jinja(source, request=request) == expected

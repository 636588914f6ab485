"""grandest_press.links.reverse gives what Django's reverse gives, and follows what it
depends on: the script prefix and the URLconf."""

import pytest
from django.urls import NoReverseMatch, clear_script_prefix, set_script_prefix
from django.urls import reverse as django_reverse

from grandest_press.links import _reverse, reverse


@pytest.fixture(autouse=True)
def fresh():
    _reverse.cache_clear()
    yield
    clear_script_prefix()


@pytest.mark.parametrize(
    "name, kwargs",
    [
        ("home", None),
        ("communiques:detail", {"slug": "signature-du-poce"}),
        ("communiques:attachment", {"slug": "signature-du-poce", "pk": 3}),
        ("partners:pact-detail", {"slug": "poce-chalons"}),
        ("communiques:feed", {"format": "rss"}),
    ],
)
def test_same_urls_as_django(name, kwargs):
    for _ in range(2):  # computed, then remembered
        assert reverse(name, kwargs=kwargs) == django_reverse(name, kwargs=kwargs)
    assert _reverse.cache_info().hits == 1


def test_positional_arguments():
    assert reverse("communiques:detail", args=["poce"]) == "/communiques/poce/"


def test_an_impossible_link_raises_every_time():
    for _ in range(2):
        with pytest.raises(NoReverseMatch):
            reverse("communiques:detail", kwargs={"slug": "pas un slug"})


def test_the_script_prefix_is_part_of_the_answer():
    assert reverse("communiques:list") == "/communiques/"
    set_script_prefix("/presse/")
    assert reverse("communiques:list") == "/presse/communiques/"


def test_a_new_urlconf_is_followed(settings):
    assert reverse("communiques:list") == "/communiques/"
    settings.ROOT_URLCONF = "tests.urls_elsewhere"
    assert reverse("communiques:list") == "/ailleurs/communiques/"


def test_unhashable_arguments_are_reversed_by_django():
    kwargs = {"format": ["rss"]}
    assert reverse("communiques:feed", kwargs=kwargs) == django_reverse(
        "communiques:feed", kwargs=kwargs
    )
    assert _reverse.cache_info().currsize == 0

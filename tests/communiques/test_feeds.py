"""RSS and Atom feeds, all and per theme, pact, organisation and person."""

import datetime

import feedparser
import pytest
from bs4 import BeautifulSoup
from django.urls import reverse

from tests.factories import (
    make_communique,
    make_image,
    make_mandate,
    make_organisation,
    make_pact,
    make_person,
    make_quote,
    make_theme,
)
from tests.html import soup, text_of

pytestmark = pytest.mark.django_db

FORMATS = ["rss", "atom"]


def fetch(client, url):
    response = client.get(url)
    assert response.status_code == 200
    feed = feedparser.parse(response.content)
    assert not feed.bozo, feed.get("bozo_exception")
    return feed


@pytest.mark.parametrize("format", FORMATS)
def test_feed_parses_cleanly_with_full_content(client, format):
    speaker = make_person(first_name="Jean", last_name="Rottner")
    make_mandate(person=speaker, title="Président")
    communique = make_communique(
        title="Signature du POCE",
        lede="Ce jeudi 5 septembre 2019…",
        body="<p>Le POCE porte sur la logistique.</p>",
        published_at=datetime.datetime(2019, 9, 5, 10, 0, tzinfo=datetime.UTC),
    )
    make_quote(communique=communique, speaker=speaker, text="Je me félicite.")
    feed = fetch(client, reverse("communiques:feed", kwargs={"format": format}))
    assert feed.feed.title == "Communiqués de presse de la Région Grand Est"
    [entry] = feed.entries
    assert entry.title == "Signature du POCE"
    assert entry.link == "http://testserver" + communique.get_absolute_url()
    content = entry.get("summary") or entry.get("description")
    assert "Le POCE porte sur la logistique." in content
    assert "Je me félicite." in content
    assert "Jean Rottner" in content
    assert "http://testserver" + communique.get_absolute_url() in content
    assert entry.published_parsed[:5] == (2019, 9, 5, 10, 0)


@pytest.mark.parametrize("format", FORMATS)
def test_feed_description_keeps_the_paragraphs_and_list_items_apart(client, format):
    make_communique(
        lede="",
        body="<p>Un engagement de la Région</p><ul><li>La transition</li><li>L’emploi</li></ul>",
    )
    [entry] = fetch(client, reverse("communiques:feed", kwargs={"format": format})).entries
    description = BeautifulSoup(entry.get("summary") or entry.get("description"), "html.parser")
    assert [text_of(block) for block in description.select("p, li")][:3] == [
        "Un engagement de la Région",
        "La transition",
        "L'emploi",
    ]


@pytest.mark.parametrize("format", FORMATS)
def test_drafts_and_scheduled_are_not_in_the_feed(client, format):
    make_communique(title="Public")
    make_communique(published=False, title="Brouillon")
    make_communique(
        title="Programmé",
        published_at=datetime.datetime(2999, 1, 1, tzinfo=datetime.UTC),
    )
    feed = fetch(client, reverse("communiques:feed", kwargs={"format": format}))
    assert [e.title for e in feed.entries] == ["Public"]


def scoped(scope, obj, format="rss"):
    return reverse(
        "communiques:scoped-feed", kwargs={"scope": scope, "slug": obj.slug, "format": format}
    )


@pytest.mark.parametrize("format", FORMATS)
def test_scoped_feeds(client, format):
    theme, pact, organisation, person = (
        make_theme(),
        make_pact(),
        make_organisation(),
        make_person(),
    )
    make_communique(title="Thème", themes=[theme])
    make_communique(title="Pacte", pacts=[pact])
    make_communique(title="Organisation", organisations=[organisation])
    make_quote(communique=make_communique(title="Personne"), speaker=person)
    make_communique(title="Aucun")
    for scope, obj, expected in [
        ("theme", theme, "Thème"),
        ("pacte", pact, "Pacte"),
        ("organisation", organisation, "Organisation"),
        ("personnalite", person, "Personne"),
    ]:
        feed = fetch(client, scoped(scope, obj, format))
        assert [e.title for e in feed.entries] == [expected], scope


def test_unknown_scope_or_format_is_404(client):
    theme = make_theme()
    assert client.get(scoped("inconnu", theme)).status_code == 404
    assert client.get(reverse("communiques:feed", kwargs={"format": "json"})).status_code == 404


def test_correction_appears_in_the_feed_item(client):
    from communiques.models import Correction

    communique = make_communique(title="Montant")
    Correction.objects.create(communique=communique, text="le montant est de 1,3 M€.")
    feed = fetch(client, reverse("communiques:feed", kwargs={"format": "rss"}))
    assert "le montant est de 1,3 M€." in feed.entries[0].summary


def test_pages_announce_their_feeds(client):
    theme = make_theme()
    response = client.get(theme.get_absolute_url())
    hrefs = [link["href"] for link in soup(response).select('link[rel="alternate"]')]
    assert scoped("theme", theme, "rss") in hrefs
    assert scoped("theme", theme, "atom") in hrefs


@pytest.mark.parametrize("size", [1, 10])
def test_feed_query_count_does_not_grow(client, django_assert_num_queries, size):
    for _ in range(size):
        communique = make_communique(themes=[make_theme()])
        speaker = make_person()
        make_mandate(person=speaker)
        make_quote(communique=communique, speaker=speaker)
    # One query: the items with their photo, themes, corrections and quotes (their
    # speakers' mandates included) (communiques.feeds.FEED_ITEM).
    with django_assert_num_queries(1):
        response = client.get(reverse("communiques:feed", kwargs={"format": "rss"}))
    assert response.content.count(b"<item>") == size


@pytest.mark.parametrize("format", FORMATS)
def test_release_photo_is_an_enclosure(client, format):
    image = make_image()
    make_communique(title="Avec photo", image=image)
    make_communique(title="Sans photo")
    feed = fetch(client, reverse("communiques:feed", kwargs={"format": format}))
    by_title = {entry.title: entry for entry in feed.entries}
    [enclosure] = by_title["Avec photo"].enclosures
    assert enclosure.href == "http://testserver" + image.file.url
    assert enclosure.type == "image/jpeg"
    assert int(enclosure.length) == image.size
    assert by_title["Sans photo"].enclosures == []

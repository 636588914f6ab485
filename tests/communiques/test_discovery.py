"""Sitemap, robots.txt, canonical URLs, JSON-LD and social tags."""

import json
import xml.etree.ElementTree as ET

import pytest
from django.urls import reverse

from tests.factories import (
    make_communique,
    make_mandate,
    make_organisation,
    make_pact,
    make_person,
)
from tests.html import soup

pytestmark = pytest.mark.django_db
SITEMAP_NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}


def sitemap_urls(client):
    """Every <url> of every sitemap the index at /sitemap.xml lists."""
    index = client.get(reverse("sitemap"))
    assert index.status_code == 200
    urls = {}
    for location in ET.fromstring(index.content).findall("s:sitemap/s:loc", SITEMAP_NS):
        response = client.get(location.text.removeprefix("http://testserver"))
        assert response.status_code == 200
        root = ET.fromstring(response.content)
        urls |= {
            url.find("s:loc", SITEMAP_NS).text: url.find("s:lastmod", SITEMAP_NS)
            for url in root.findall("s:url", SITEMAP_NS)
        }
    return urls


def test_sitemap_lists_public_items_with_lastmod(client):
    public = make_communique(title="Public")
    draft = make_communique(published=False)
    pact, person, organisation = make_pact(), make_person(), make_organisation()
    urls = sitemap_urls(client)
    base = "http://testserver"
    for obj in (public, pact, person, organisation):
        assert base + obj.get_absolute_url() in urls
        assert urls[base + obj.get_absolute_url()] is not None
    assert base + draft.get_absolute_url() not in urls


def test_sitemap_reaches_releases_beyond_its_first_page(client, settings):
    """With the page cache on, as in production: ?p= must reach the section's view."""
    from communiques.sitemaps import CommuniqueSitemap

    settings.RESPONSE_CACHE_ENABLED = True
    releases = [make_communique(title=f"Communiqué {number}") for number in range(3)]
    CommuniqueSitemap.limit, limit = 2, CommuniqueSitemap.limit
    try:
        urls = sitemap_urls(client)
    finally:
        CommuniqueSitemap.limit = limit
    for release in releases:
        assert "http://testserver" + release.get_absolute_url() in urls


def test_robots_txt_points_to_the_sitemap(client):
    response = client.get(reverse("robots"))
    assert response["Content-Type"].startswith("text/plain")
    body = response.content.decode()
    assert "Sitemap: http://testserver/sitemap.xml" in body
    assert "Disallow: /admin/" in body


def test_release_page_has_canonical_url_and_news_article(client):
    communique = make_communique(title="Signature du POCE", lede="Ce jeudi…")
    response = client.get(communique.get_absolute_url(), {"utm_source": "x"})
    document = soup(response)
    canonical = document.find("link", rel="canonical")["href"]
    assert canonical == "http://testserver" + communique.get_absolute_url()
    data = json.loads(document.find("script", type="application/ld+json").string)
    assert data["@type"] == "NewsArticle"
    assert data["headline"] == "Signature du POCE"
    assert data["datePublished"].startswith(communique.published_at.date().isoformat()[:4])
    assert data["dateModified"]
    assert data["publisher"] == data["author"]
    assert data["publisher"]["@type"] == "Organization"


def test_release_page_has_opengraph_and_twitter_tags(client):
    communique = make_communique(title="Signature du POCE", lede="Ce jeudi…")
    document = soup(client.get(communique.get_absolute_url()))
    assert document.find("meta", property="og:title")["content"] == "Signature du POCE"
    assert document.find("meta", property="og:type")["content"] == "article"
    assert document.find("meta", attrs={"name": "twitter:card"})
    assert document.find("meta", attrs={"name": "description"})["content"] == "Ce jeudi…"


def test_descriptions_from_the_body_keep_its_paragraphs_apart(client):
    communique = make_communique(
        title="Signature du POCE",
        lede="",
        body="<p>Un ancrage local.</p><p>Un engagement de la Région</p><ul><li>La Région</li></ul>",
    )
    document = soup(client.get(communique.get_absolute_url()))
    expected = "Un ancrage local. Un engagement de la Région La Région"
    assert document.find("meta", property="og:description")["content"] == expected
    assert document.find("meta", attrs={"name": "twitter:description"})["content"] == expected
    data = json.loads(document.find("script", type="application/ld+json").string)
    assert data["description"] == expected


def test_json_ld_cannot_close_its_script(client):
    communique = make_communique(title="</script><script>alert(1)</script>")
    content = client.get(communique.get_absolute_url()).content.decode()
    assert "</script><script>alert(1)" not in content


def test_person_page_has_person_json_ld(client):
    person = make_person(first_name="Jean", last_name="Rottner")
    make_mandate(person=person, organisation=make_organisation(name="Région Grand Est"))
    document = soup(client.get(person.get_absolute_url()))
    data = json.loads(document.find("script", type="application/ld+json").string)
    assert data["@type"] == "Person"
    assert data["name"] == "Jean Rottner"


def test_every_page_has_a_meta_description(client):
    communique = make_communique()
    for url in [
        reverse("home"),
        reverse("communiques:list"),
        communique.get_absolute_url(),
        reverse("partners:pact-list"),
        reverse("communiques:contacts"),
    ]:
        meta = soup(client.get(url)).find("meta", attrs={"name": "description"})
        assert meta["content"].strip(), url


def test_release_prints_its_address(client):
    communique = make_communique()
    document = soup(client.get(communique.get_absolute_url()))
    assert communique.get_absolute_url() in document.select_one(".print-only").get_text()

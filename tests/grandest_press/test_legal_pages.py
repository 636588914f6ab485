"""The legal notice and the accessibility statement: content required by RGAA, linked from
every page, edited by staff, and no script smuggled through them or through releases."""

import pytest
from django.urls import reverse

from grandest_press.models import LegalPage
from tests.factories import make_communique, make_staff_user
from tests.grandest_press.test_richtext import XSS_PAYLOADS, dangerous_parts
from tests.html import page_text, soup, texts

pytestmark = pytest.mark.django_db


def accessibility_statement():
    return LegalPage.objects.get(slug=LegalPage.ACCESSIBILITY)


def test_the_accessibility_statement_has_every_section_rgaa_requires(client):
    response = client.get(accessibility_statement().get_absolute_url())
    assert response.status_code == 200
    assert texts(response, "h1") == ["Déclaration d'accessibilité"]
    headings = texts(response, "main h2")
    for section in [
        "État de conformité",
        "Contenus non accessibles",
        "Établissement de cette déclaration d'accessibilité",
        "Retour d'information et contact",
        "Voies de recours",
    ]:
        assert section in headings
    text = page_text(response)
    assert "non conforme" in text
    assert "Défenseur des droits" in text


def test_the_legal_notice_names_the_publisher(client):
    page = LegalPage.objects.get(slug=LegalPage.LEGAL_NOTICE)
    response = client.get(page.get_absolute_url())
    assert texts(response, "h1") == ["Mentions légales"]
    assert "Directeur de la publication" in texts(response, "main h2")
    assert "Région Grand Est" in page_text(response)


def test_every_page_links_to_both_from_the_footer(client):
    links = {
        a["href"]: a.get_text(strip=True)
        for a in soup(client.get(reverse("home"))).select("footer a")
    }
    assert links[accessibility_statement().get_absolute_url()] == "Accessibilité : non conforme"
    assert (
        links[LegalPage.objects.get(slug=LegalPage.LEGAL_NOTICE).get_absolute_url()]
        == "Mentions légales"
    )


def test_an_unknown_legal_page_is_a_404(client):
    assert client.get(reverse("legal-page", kwargs={"slug": "inconnue"})).status_code == 404


def test_staff_edit_keeps_lists_links_and_emphasis(client):
    client.force_login(make_staff_user(group="Publication"))
    page = accessibility_statement()
    body = (
        "<p>Texte <strong>important</strong> et <em>nuancé</em>.</p>"
        '<ul><li><a href="https://www.defenseurdesdroits.fr/">Défenseur</a></li></ul>'
    )
    client.post(
        reverse("admin:grandest_press_legalpage_change", args=[page.pk]),
        {"title": page.title, "body": body},
    )
    rendered = soup(client.get(page.get_absolute_url())).select_one(".communique__body")
    assert rendered.select_one("strong").get_text() == "important"
    assert rendered.select_one("em").get_text() == "nuancé"
    assert rendered.select_one("ul li a")["href"] == "https://www.defenseurdesdroits.fr/"


@pytest.mark.parametrize("payload", XSS_PAYLOADS)
def test_no_payload_survives_in_a_legal_page_edited_in_the_admin(client, payload):
    client.force_login(make_staff_user(group="Publication"))
    page = accessibility_statement()
    client.post(
        reverse("admin:grandest_press_legalpage_change", args=[page.pk]),
        {"title": page.title, "body": f"<p>Début</p>{payload}"},
    )
    client.logout()
    rendered = soup(client.get(page.get_absolute_url())).select_one(".communique__body")
    assert "Début" in rendered.get_text()
    assert dangerous_parts(rendered.decode_contents()) == []


@pytest.mark.parametrize("payload", XSS_PAYLOADS)
def test_no_payload_survives_in_a_published_release(client, payload):
    communique = make_communique(body=f"<p>Début</p>{payload}")
    rendered = soup(client.get(communique.get_absolute_url())).select_one(".communique__body")
    assert dangerous_parts(rendered.decode_contents() if rendered else "") == []

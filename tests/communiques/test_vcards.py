"""Contact cards (.vcf) and their QR codes: read back as a phone would."""

from xml.etree import ElementTree

import pytest
import vobject
from django.urls import reverse

from partners.models import Organisation
from tests.factories import make_organisation, make_press_contact, make_region
from tests.html import soup

pytestmark = pytest.mark.django_db


def read_card(response):
    assert response.status_code == 200
    assert response["Content-Type"] == "text/vcard; charset=utf-8"
    return vobject.readOne(response.content.decode())


def test_a_contact_card_keeps_the_name_organisation_phones_and_email(client):
    contact = make_press_contact(
        name="Sandrine Poirier",
        email="sandrine.poirier@grandest.fr",
        organisation=make_region(),
        phones=["06 84 80 11 48", "03 26 70 74 36"],
    )
    card = read_card(client.get(contact.get_card_url()))
    assert card.version.value == "3.0"
    assert card.fn.value == "Sandrine Poirier"
    assert (card.n.value.given, card.n.value.family) == ("Sandrine", "Poirier")
    assert card.org.value == ["Région Grand Est"]
    phones = [(line.value, line.type_paramlist) for line in card.contents["tel"]]
    assert phones == [("+33684801148", ["CELL", "VOICE"]), ("+33326707436", ["WORK", "VOICE"])]
    assert card.email.value == "sandrine.poirier@grandest.fr"


def test_a_contact_card_downloads_under_the_contacts_name(client):
    contact = make_press_contact(name="Élodie Müller")
    response = client.get(contact.get_card_url())
    assert response["Content-Disposition"] == 'attachment; filename="elodie-muller.vcf"'


def test_commas_and_semicolons_in_an_organisation_survive_the_round_trip(client):
    organisation = make_organisation(name="Communauté d'agglomération de Châlons, Marne; Est")
    contact = make_press_contact(organisation=organisation)
    assert read_card(client.get(contact.get_card_url())).org.value == [
        "Communauté d'agglomération de Châlons, Marne; Est"
    ]


def test_the_press_service_card_holds_the_service_mailboxes_and_their_phones(client):
    region = make_region()
    make_press_contact(
        name="", email="presse@grandest.fr", organisation=region, phones=["03 88 15 68 67"]
    )
    make_press_contact(name="Sandrine Poirier", organisation=region, phones=["0684801148"])
    card = read_card(client.get(reverse("communiques:press-service-card")))
    assert card.fn.value == "Service presse — Région Grand Est"
    assert card.x_abshowas.value == "COMPANY"
    assert [line.value for line in card.contents["email"]] == ["presse@grandest.fr"]
    assert [line.value for line in card.contents["tel"]] == ["+33388156867"]


def test_no_press_service_card_without_a_service_mailbox(client):
    make_press_contact(name="Sandrine Poirier", organisation=make_region())
    assert client.get(reverse("communiques:press-service-card")).status_code == 404
    page = soup(client.get(reverse("communiques:contacts")))
    assert page.select_one("#service-presse") is None


def test_a_partners_mailbox_is_not_the_press_service(client):
    make_press_contact(
        name="",
        email="presse@chalons-agglo.fr",
        organisation=make_organisation(kind=Organisation.Kind.EPCI),
    )
    assert client.get(reverse("communiques:press-service-card")).status_code == 404


def test_the_qr_code_is_an_svg_image_with_an_accessible_name(client):
    contact = make_press_contact(name="Sandrine Poirier", phones=["0684801148"])
    response = client.get(reverse("communiques:contact-qr", kwargs={"pk": contact.pk}))
    assert response.status_code == 200
    assert response["Content-Type"] == "image/svg+xml"
    svg = ElementTree.fromstring(response.content)
    assert svg.tag == "{http://www.w3.org/2000/svg}svg"
    title = svg.find("{http://www.w3.org/2000/svg}title").text
    assert title == "Code QR de la carte de contact de Sandrine Poirier"


def test_the_contacts_page_links_each_card_and_shows_its_qr_code_with_a_text_alternative(
    client,
):
    region = make_region()
    contact = make_press_contact(name="Sandrine Poirier", organisation=region)
    make_press_contact(name="", email="presse@grandest.fr", organisation=region)
    page = soup(client.get(reverse("communiques:contacts")))
    hrefs = [link["href"] for link in page.select("main a")]
    assert contact.get_card_url() in hrefs
    assert reverse("communiques:press-service-card") in hrefs
    images = {image["src"]: image["alt"] for image in page.select("img.contact-card__qr")}
    assert images[contact.get_qr_url()].startswith(
        "Code QR de la carte de contact de Sandrine Poirier"
    )
    assert images[reverse("communiques:press-service-qr")].startswith(
        "Code QR de la carte de contact du service presse"
    )


def test_the_contacts_page_shows_the_stored_phones(client):
    make_press_contact(name="Sandrine Poirier", phones=["0684801148"])
    page = soup(client.get(reverse("communiques:contacts")))
    assert [link["href"] for link in page.select(".contact__phones a")] == ["tel:+33684801148"]


@pytest.mark.parametrize("surface", ["card", "qr"])
def test_a_former_contacts_card_is_gone(client, surface):
    """Only public contacts (PressContact.objects.public()) have a card."""
    contact = make_press_contact(name="Ancienne attachée", phones=["0684801148"])
    contact.is_active = False
    contact.save()
    name = "contact-card" if surface == "card" else "contact-qr"
    response = client.get(reverse(f"communiques:{name}", kwargs={"pk": contact.pk}))
    assert response.status_code == 404
    assert "Ancienne" not in response.content.decode()


def test_a_former_service_mailbox_leaves_the_press_service_card(client):
    region = make_region()
    make_press_contact(name="", email="presse@grandest.fr", organisation=region)
    former = make_press_contact(name="", email="ancien@grandest.fr", organisation=region)
    former.is_active = False
    former.save()
    content = client.get(reverse("communiques:press-service-card")).content.decode()
    assert "presse@grandest.fr" in content
    assert "ancien@grandest.fr" not in content


CONTACT_SURFACES = {
    "contacts": lambda former: reverse("communiques:contacts"),
    "card": lambda former: reverse("communiques:contact-card", kwargs={"pk": former.pk}),
    "qr": lambda former: reverse("communiques:contact-qr", kwargs={"pk": former.pk}),
    "service-card": lambda former: reverse("communiques:press-service-card"),
    "service-qr": lambda former: reverse("communiques:press-service-qr"),
}


@pytest.mark.usefixtures("response_cache_on")
@pytest.mark.parametrize("surface", CONTACT_SURFACES)
def test_a_contact_who_left_vanishes_from_every_contact_surface(client, surface):
    """The cards, their QR codes and the page: cached while the contact was public,
    nothing of them once they left (a service mailbox too)."""
    region = make_region()
    make_press_contact(name="", email="presse@grandest.fr", organisation=region)
    former = make_press_contact(
        name="", email="ANCIENXQZ@grandest.fr", organisation=region, phones=["0612345678"]
    )
    url = CONTACT_SURFACES[surface](former)
    assert client.get(url).status_code == 200  # cached while public
    former.is_active = False
    former.save()
    response = client.get(url)
    content = response.content.decode()
    assert "ANCIENXQZ" not in content
    assert "612345678" not in content
    if surface in {"card", "qr"}:
        assert response.status_code == 404


@pytest.mark.parametrize("surface", ["contacts", "card", "qr"])
def test_a_contact_of_a_private_organisation_is_not_shown(client, surface):
    """A new partner is private until published: its contact would name it."""
    private = make_organisation(name="ORGPRIVEEXQZ", public=False)
    contact = make_press_contact(name="Contact privé", organisation=private)
    response = client.get(CONTACT_SURFACES[surface](contact))
    assert "ORGPRIVEEXQZ" not in response.content.decode()
    if surface != "contacts":
        assert response.status_code == 404

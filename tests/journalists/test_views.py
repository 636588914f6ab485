"""One-click unsubscribe (RFC 8058) and its page."""

import pytest
from django.test import Client

from journalists import mail
from journalists.addresses import email_digest
from journalists.models import JournalistEmail, Suppression
from tests.factories import make_journalist
from tests.html import soup

pytestmark = pytest.mark.django_db


def unsubscribe_path(address):
    return mail.unsubscribe_url(email_digest(address)).removeprefix(mail.settings.SITE_URL)


def test_the_one_click_post_of_a_mail_client_unsubscribes_without_a_csrf_token():
    make_journalist(emails=["claire@lunion.fr"])
    client = Client(enforce_csrf_checks=True)
    response = client.post(unsubscribe_path("claire@lunion.fr"), {"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200
    assert Suppression.blocks("claire@lunion.fr")
    assert not JournalistEmail.objects.mailable().exists()


def test_the_unsubscribe_link_opens_a_page_with_one_button_and_changes_nothing(client):
    response = client.get(unsubscribe_path("claire@lunion.fr"))
    page = soup(response)
    assert page.h1.get_text() == "Se désinscrire"
    assert page.select_one("form[method=post] button").get_text() == "Confirmer la désinscription"
    assert not page.select("script")
    assert not Suppression.objects.exists()
    assert "no-store" in response["Cache-Control"]


def test_a_forged_unsubscribe_link_is_not_found(client):
    response = client.post("/abonnement/desinscription/abc:forged/")
    assert response.status_code == 404
    assert not Suppression.objects.exists()


def test_the_unsubscribe_link_never_shows_the_address():
    assert "claire" not in unsubscribe_path("claire@lunion.fr")

"""Error pages: in French, in the site's look (the admin's under /admin/), saying what
to do, with the right status."""

import pytest
from django.test import Client, RequestFactory
from django.urls import get_resolver, reverse

from communiques.views import HomeView
from tests.factories import make_communique, make_staff_user
from tests.html import page_text, soup

pytestmark = pytest.mark.django_db


def assert_public_error_page(response, status, title):
    assert response.status_code == status
    assert response["Content-Type"].startswith("text/html")
    page = soup(response)
    assert page.html["lang"] == "fr"
    assert page.h1.get_text(strip=True) == title
    assert page.select_one("link[rel=stylesheet]")["href"].endswith("site.css")
    assert page.select_one(".site-header")
    assert "Que faire ?" in page_text(response)
    assert page.select_one(f'main a[href="{reverse("home")}"]')


def assert_admin_error_page(response, status, title):
    assert response.status_code == status
    page = soup(response)
    assert page.html["lang"] == "fr"
    assert page.h1.get_text(strip=True) == title
    assert page.select_one("#header #site-name")  # the admin's look
    assert "Que faire ?" in page_text(response)
    assert page.select_one(f'#content-main a[href="{reverse("admin:index")}"]')


def test_unknown_public_page_is_a_french_404_that_suggests_where_to_go(client):
    response = client.get("/communiques/ce-communique-n-existe-pas/")
    assert_public_error_page(response, 404, "Page introuvable")
    assert "Vérifiez l'adresse saisie." in page_text(response)
    assert soup(response).select_one(f'main a[href="{reverse("communiques:search")}"]')


def test_unknown_admin_page_is_a_french_404_in_the_admin_look(client):
    client.force_login(make_staff_user(group="Rédaction"))
    response = client.get(reverse("admin:index") + "pas-de-page-ici/")
    assert_admin_error_page(response, 404, "Page introuvable")


def test_refused_admin_action_is_a_french_403_in_the_admin_look(client):
    client.force_login(make_staff_user(group="Rédaction"))
    response = client.get(reverse("admin:communiques_previewlink_add"))
    assert_admin_error_page(response, 403, "Action non autorisée")
    assert "Demandez à une personne du groupe « Publication »" in page_text(response)


def test_public_403_is_french_and_styled():
    request = RequestFactory().get("/communiques/")
    response = get_resolver().resolve_error_handler(403)(request, exception=None)
    assert_public_error_page(response, 403, "Accès refusé")


def test_refused_method_is_a_french_405_that_keeps_its_allow_header(client):
    response = client.delete(reverse("communiques:list"))
    assert_public_error_page(response, 405, "Opération impossible sur cette adresse")
    assert response["Allow"] == "GET, HEAD, OPTIONS"
    assert "méthode HTTP DELETE non acceptée" in page_text(response)


def test_refused_method_in_the_admin_is_a_french_405_in_the_admin_look(client):
    client.force_login(make_staff_user(group="Publication"))
    response = client.get(reverse("admin:logout"))  # logging out is a POST
    assert_admin_error_page(response, 405, "Opération impossible sur cette adresse")


def test_expired_admin_form_is_a_french_csrf_page_that_says_to_reload():
    client = Client(enforce_csrf_checks=True)
    client.force_login(make_staff_user(group="Rédaction"))
    draft = make_communique(published=False, title="Brouillon du POCE")
    url = reverse("admin:communiques_communique_change", args=[draft.pk])
    response = client.post(url, {"title": "Titre changé"})
    assert_admin_error_page(response, 403, "Formulaire expiré")
    assert "rechargez-la, puis envoyez de nouveau le formulaire" in page_text(response)
    draft.refresh_from_db()
    assert draft.title == "Brouillon du POCE"


def test_server_error_is_a_french_static_page_in_the_site_look(monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("panne simulée")

    monkeypatch.setattr(HomeView, "get", broken)
    response = Client(raise_request_exception=False).get(reverse("home"))
    assert_public_error_page(response, 500, "Erreur du serveur")
    assert "Réessayez dans quelques minutes" in page_text(response)
    assert "panne simulée" not in response.content.decode()

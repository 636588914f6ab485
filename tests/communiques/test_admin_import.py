"""The admin import page: paste or upload, get a draft and a report, in French."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from communiques.models import Communique
from partners.models import TerritorialPact
from tests.factories import make_staff_user, release_text
from tests.html import normalise, soup

pytestmark = pytest.mark.django_db

SEED = release_text()
URL_NAME = "admin:communiques_communique_import"


@pytest.fixture
def officer_client():
    client = Client(enforce_csrf_checks=True)
    client.force_login(make_staff_user(group="Rédaction"))
    return client


def post(client, data):
    page = client.get(reverse(URL_NAME))
    token = soup(page).find("input", {"name": "csrfmiddlewaretoken"})["value"]
    return client.post(reverse(URL_NAME), {"csrfmiddlewaretoken": token, **data})


def test_the_changelist_links_to_the_import_page(officer_client):
    page = officer_client.get(reverse("admin:communiques_communique_changelist"))
    links = [a["href"] for a in soup(page).select(".object-tools a")]
    assert reverse(URL_NAME) in links


def test_pasting_the_seed_creates_a_draft_and_shows_the_report(officer_client):
    response = post(officer_client, {"text": SEED})
    assert response.status_code == 200
    communique = Communique.objects.get()
    assert communique.status == Communique.Status.DRAFT
    document = soup(response)
    report = normalise(document.select_one(".import-report").get_text(" "))
    assert "brouillon créé" in report
    rows = [
        [normalise(td.get_text()) for td in tr.find_all("td")]
        for tr in document.select(".import-recognised tbody tr")
    ]
    assert ["5", "Lieu", "Foire de Châlons-en-Champagne (51)", ""] in rows
    [pact_row] = [row for row in rows if row[1:3] == ["Pacte", "POCE Châlons Agglo"]]
    assert pact_row[3].startswith("« Ce jeudi 5 septembre 2019, Jean Rottner")  # its sentence
    created = [normalise(li.get_text()) for li in document.select(".import-created li")]
    assert "pacte territorial « POCE Châlons Agglo »" in created
    pact = TerritorialPact.objects.get()
    pact_url = reverse("admin:partners_territorialpact_change", args=[pact.pk])
    assert document.select_one(".import-created").find("a", href=pact_url)
    assert document.select(".import-body li")  # what stayed in the body is listed
    change_url = reverse("admin:communiques_communique_change", args=[communique.pk])
    assert document.find("a", href=change_url)


def test_uploading_a_cp1252_file_says_which_encoding(officer_client):
    upload = SimpleUploadedFile("ancien.md", SEED.encode("cp1252"), content_type="text/markdown")
    response = post(officer_client, {"file": upload})
    assert "Encodage lu : Windows-1252 (cp1252)." in normalise(soup(response).get_text(" "))
    assert Communique.objects.count() == 1


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("image.png", b"\x89PNG\r\n\x1a\n\x00\x00", "Seuls les fichiers texte .txt ou .md"),
        ("binaire.txt", b"\x00\x01\x02\x03 abc", "Le fichier semble binaire"),
        ("vide.txt", b"", "vide"),
    ],
)
def test_bad_uploads_show_a_clear_message_and_save_nothing(officer_client, name, content, message):
    response = post(officer_client, {"file": SimpleUploadedFile(name, content)})
    assert response.status_code == 200
    assert message in normalise(soup(response).get_text(" "))
    assert Communique.objects.count() == 0


def test_an_empty_form_asks_for_a_text(officer_client):
    response = post(officer_client, {"text": "  "})
    assert "Collez le texte du communiqué" in normalise(soup(response).get_text(" "))


def test_the_same_event_is_offered_as_an_update(officer_client):
    post(officer_client, {"text": SEED})
    other = SEED.replace("Un Pacte", "Signature d'un Pacte")
    response = post(officer_client, {"text": other})
    assert "semble relater le même événement" in normalise(soup(response).get_text(" "))
    assert Communique.objects.count() == 1
    post(officer_client, {"text": other, "update_existing": "on"})
    assert Communique.objects.get().title.startswith("Signature d'un Pacte")


def test_csrf_is_required():
    client = Client(enforce_csrf_checks=True)
    client.force_login(make_staff_user(group="Rédaction"))
    response = client.post(reverse(URL_NAME), {"text": SEED})
    assert response.status_code == 403
    assert Communique.objects.count() == 0


def test_staff_without_add_permission_is_refused(client):
    client.force_login(make_staff_user())
    assert client.get(reverse(URL_NAME)).status_code == 403
    assert client.post(reverse(URL_NAME), {"text": SEED}).status_code == 403
    assert Communique.objects.count() == 0


def test_anonymous_visitors_are_sent_to_the_login_page(client):
    response = client.get(reverse(URL_NAME))
    assert response.status_code == 302
    assert reverse("admin:login") in response["Location"]

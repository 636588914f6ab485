"""Bringing a whole archive in: files on disk, saved pages, feeds, a zip, from the admin too."""

import datetime
import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from communiques.models import Communique
from tests.factories import make_staff_user
from tests.html import normalise, soup

pytestmark = pytest.mark.django_db

TEXT = """Le lycée de Revin inaugure son atelier

Revin, le 6 octobre 2022 – Le nouvel atelier de robotique a été inauguré ce jeudi.

La Région Grand Est a financé l'équipement à hauteur de 650 000 €.
"""
PAGE = """<!doctype html><html lang="fr"><head><title>Signature du POCE | Région Grand Est</title>
<link rel="canonical" href="https://www.grandest.fr/actualites/poce-val-de-saulxure/">
<meta property="article:published_time" content="2019-03-14"></head><body>
<nav><ul><li><a href="/">Accueil</a></li><li><a href="/actualites/">Actualités</a></li></ul></nav>
<div class="cookie-banner">Ce site utilise des cookies. <button>Tout accepter</button></div>
<main><article><h1>Un pacte signé avec le Val de Saulxure</h1>
<p>Ce jeudi 14 mars 2019, la Région Grand Est et la Communauté de communes du Val de Saulxure
ont signé le Pacte Offensive Croissance Emploi (POCE) du Val de Saulxure.</p>
<p>Le pacte porte sur la zone d'activités des Prés-Hauts et la formation des jeunes.</p>
</article></main>
<div class="share">Partager sur Facebook · Partager sur LinkedIn</div>
<footer>Mentions légales · Plan du site</footer></body></html>
"""
RSS = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel>
<title>Communiqués</title>
<item><title>Un fonds pour les tiers-lieux ruraux</title>
<link>https://www.grandest.fr/actualites/tiers-lieux/</link>
<pubDate>Thu, 30 Jun 2022 10:00:00 +0200</pubDate>
<content:encoded><![CDATA[<p>La Région Grand Est lance un appel à projets pour les
tiers-lieux des communes rurales.</p><p>Le fonds est doté de 1,5 million d'euros par an.</p>]]>
</content:encoded></item>
<item><title>Une entrée vide</title><link>https://www.grandest.fr/vide/</link></item>
</channel></rss>
"""
ATOM = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Communiqués</title>
<entry><title>Budget primitif 2022 adopté</title>
<link rel="alternate" href="https://www.grandest.fr/actualites/budget-2022/"/>
<published>2021-12-16T18:00:00+01:00</published>
<content type="html">&lt;p&gt;Réunis en séance plénière ce jeudi, les élus régionaux ont adopté
un budget de 3,2 milliards d'euros.&lt;/p&gt;&lt;p&gt;L'investissement atteint 1,25 milliard
d'euros.&lt;/p&gt;</content></entry>
</feed>
"""


@pytest.fixture
def archive(tmp_path):
    (tmp_path / "lycee.txt").write_text(TEXT, encoding="utf-8")
    (tmp_path / "pages").mkdir()
    (tmp_path / "pages" / "poce.html").write_text(PAGE, encoding="utf-8")
    (tmp_path / "photo.jpg").write_bytes(b"\xff\xd8\xff\xe0 not a release")
    return tmp_path


def run(path, *options):
    out = io.StringIO()
    call_command("import_archive", str(path), *options, stdout=out)
    return out.getvalue()


def test_a_folder_becomes_drafts_and_a_summary_with_refusals_and_their_reason(archive):
    out = run(archive)
    assert "[1] lycee.txt : brouillon créé" in out
    assert (
        "3 source(s) lue(s) : 2 importée(s), 0 mise(s) à jour, 0 inchangée(s), 1 refusée(s)." in out
    )
    assert "refusé : photo.jpg — type de fichier non pris en charge" in out
    assert set(Communique.objects.values_list("status", flat=True)) == {Communique.Status.DRAFT}
    assert not Communique.objects.published().exists()


def test_a_saved_page_keeps_its_article_address_and_date_and_drops_the_site_around_it(archive):
    run(archive)
    draft = Communique.objects.get(title="Un pacte signé avec le Val de Saulxure")
    assert draft.source_url == "https://www.grandest.fr/actualites/poce-val-de-saulxure/"
    assert draft.source_published_on == datetime.date(2019, 3, 14)
    assert draft.event_date == datetime.date(2019, 3, 14)
    assert draft.status == Communique.Status.DRAFT and draft.published_at is None
    everything = f"{draft.title} {draft.lede} {draft.body}"
    assert "Prés-Hauts" in everything
    for chrome in ("Accueil", "cookies", "Tout accepter", "Partager", "Mentions légales"):
        assert chrome not in everything
    assert [p.title for p in draft.pacts.all()] == ["POCE Val de Saulxure"]


def test_running_it_again_changes_nothing_and_an_edited_source_updates_its_draft(archive):
    run(archive)
    again = run(archive)
    assert "0 importée(s), 0 mise(s) à jour, 2 inchangée(s), 1 refusée(s)" in again
    page = archive / "pages" / "poce.html"
    page.write_text(PAGE.replace("la formation des jeunes", "l'apprentissage"), encoding="utf-8")
    edited = run(archive)
    assert "0 importée(s), 1 mise(s) à jour, 1 inchangée(s)" in edited
    assert Communique.objects.count() == 2
    assert "apprentissage" in Communique.objects.get(source_url__contains="saulxure").body


def test_a_dry_run_reports_the_same_and_saves_nothing(archive):
    out = run(archive, "--dry-run")
    assert "Essai, rien n’a été enregistré. 3 source(s) lue(s) : 2 importée(s)" in out
    assert Communique.objects.count() == 0


def test_rss_and_atom_exports_give_one_draft_per_entry(tmp_path):
    (tmp_path / "flux.rss").write_text(RSS, encoding="utf-8")
    (tmp_path / "flux.atom").write_text(ATOM, encoding="utf-8")
    out = run(tmp_path)
    assert "3 source(s) lue(s) : 2 importée(s)" in out
    assert "entrée sans contenu" in out
    fund = Communique.objects.get(source_url="https://www.grandest.fr/actualites/tiers-lieux/")
    assert fund.title == "Un fonds pour les tiers-lieux ruraux"
    assert fund.source_published_on == datetime.date(2022, 6, 30)
    assert [a.amount for a in fund.amounts.all()] == [1_500_000]
    budget = Communique.objects.get(source_url__contains="budget-2022")
    assert budget.source_published_on == datetime.date(2021, 12, 16)
    assert budget.event_date == datetime.date(2021, 12, 16)  # « ce jeudi », from the feed's date


def zip_of(files: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in files.items():
            archive.writestr(name, content)
    return buffer.getvalue()


def test_a_zip_bomb_is_refused_whole(tmp_path):
    (tmp_path / "bombe.zip").write_bytes(zip_of({"a.txt": b"0" * 50_000_000}))
    out = run(tmp_path)
    assert "1 refusée(s)" in out
    assert Communique.objects.count() == 0


@pytest.fixture
def officer_client():
    client = Client(enforce_csrf_checks=True)
    client.force_login(make_staff_user(group="Rédaction"))
    return client


def upload(client, name, content, **data):
    url = reverse("admin:communiques_communique_import_archive")
    token = soup(client.get(url)).find("input", {"name": "csrfmiddlewaretoken"})["value"]
    return client.post(
        url, {"csrfmiddlewaretoken": token, "file": SimpleUploadedFile(name, content), **data}
    )


def test_the_admin_imports_a_zip_of_pages_and_texts_and_shows_the_summary(officer_client):
    changelist = officer_client.get(reverse("admin:communiques_communique_changelist"))
    links = [a["href"] for a in soup(changelist).select(".object-tools a")]
    assert reverse("admin:communiques_communique_import_archive") in links
    content = zip_of({"a/poce.html": PAGE.encode(), "lycee.txt": TEXT.encode(), "x.exe": b"MZ"})
    response = upload(officer_client, "archive.zip", content)
    summary = normalise(soup(response).select_one(".archive-report").get_text(" "))
    assert "3 source(s) lue(s) : 2 importée(s)" in summary
    assert "x.exe — type de fichier non pris en charge" in summary
    assert Communique.objects.filter(status=Communique.Status.DRAFT).count() == 2


def test_the_admin_dry_run_saves_nothing(officer_client):
    response = upload(officer_client, "archive.zip", zip_of({"l.txt": TEXT.encode()}), dry_run="on")
    assert soup(response).select_one(".archive-dry-run")
    assert "1 importée(s)" in normalise(soup(response).select_one(".archive-summary").get_text())
    assert Communique.objects.count() == 0


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("archive.tar", b"x" * 10, "Choisissez un fichier .zip ou un flux .xml."),
        ("archive.zip", b"PK not really", "archive zip illisible"),
    ],
)
def test_the_admin_says_what_is_wrong_with_an_upload(officer_client, name, content, message):
    response = upload(officer_client, name, content)
    assert message in normalise(soup(response).get_text(" "))
    assert Communique.objects.count() == 0


def test_staff_without_the_right_to_add_releases_cannot_import_an_archive():
    client = Client()
    client.force_login(make_staff_user())  # staff, in no group
    url = reverse("admin:communiques_communique_import_archive")
    assert client.get(url).status_code == 403
    assert client.post(url, {"file": SimpleUploadedFile("a.zip", b"PK")}).status_code == 403
    assert Communique.objects.count() == 0

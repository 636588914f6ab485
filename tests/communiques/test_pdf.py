"""The PDF of a release: rendered by the worker, linked from the page, in the kit."""

import datetime
import io
import zipfile

import pypdf
import pytest
from django.core.files.storage import default_storage
from django_tasks_db.models import DBTaskResult

from communiques import pdf
from communiques.models import Communique
from communiques.tasks import render_communique_pdf
from grandest_press.pdf_store import RETRY_AFTER_SECONDS
from tests.factories import (
    attach_contact,
    make_communique,
    make_image,
    make_person,
    make_press_contact,
    make_quote,
    make_staff_user,
)
from tests.html import normalise, soup

pytestmark = pytest.mark.django_db


def make_release(**fields):
    communique = make_communique(
        title="Signature du POCE avec Châlons Agglo",
        lede="La Région et Châlons Agglo s’engagent pour l’emploi.",
        body="<p>Le pacte prévoit trois axes de développement économique.</p>",
        image=make_image(),
        **fields,
    )
    make_quote(
        communique=communique,
        speaker=make_person(first_name="Jean", last_name="Rottner"),
        text="Ce pacte est une étape décisive pour l’économie châlonnaise.",
    )
    attach_contact(
        communique=communique,
        contact=make_press_contact(name="Sandrine Poirier", phones=["0684801148"]),
    )
    return communique


def pdf_files(communique):
    try:
        return default_storage.listdir(f"{pdf.store.folder}/{communique.pk}")[1]
    except FileNotFoundError:
        return []


def queued_renders():
    return DBTaskResult.objects.filter(task_path=render_communique_pdf.module_path)


def reader_of(response) -> pypdf.PdfReader:
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    return pypdf.PdfReader(io.BytesIO(b"".join(response.streaming_content)))


def test_the_worker_renders_a_tagged_french_pdf_of_the_release(client):
    communique = make_release()
    render_communique_pdf.call(communique.pk)
    reader = reader_of(client.get(communique.get_pdf_url()))
    root = reader.trailer["/Root"]
    assert "/StructTreeRoot" in root
    assert root["/MarkInfo"]["/Marked"].value is True
    assert root["/Lang"] == "fr"
    assert reader.metadata.title == "Signature du POCE avec Châlons Agglo"
    text = " ".join(page.extract_text() for page in reader.pages)
    assert "Signature du POCE avec Châlons Agglo" in text
    assert "La Région et Châlons Agglo s’engagent pour l’emploi." in text
    assert "Ce pacte est une étape décisive pour l’économie châlonnaise." in text
    assert "Sandrine Poirier" in text


def test_the_pdf_downloads_under_the_releases_slug(client):
    communique = make_release()
    render_communique_pdf.call(communique.pk)
    response = client.get(communique.get_pdf_url())
    assert response["Content-Disposition"] == f'inline; filename="{communique.slug}.pdf"'


def test_the_release_page_links_the_pdf_with_its_real_size(client):
    communique = make_release()
    render_communique_pdf.call(communique.pk)
    stored = pdf.store.stored(Communique.objects.get_for_detail(pk=communique.pk))
    link = soup(client.get(communique.get_absolute_url())).select_one(".press-pdf a")
    assert link["href"] == communique.get_pdf_url()
    assert normalise(link.text) == f"Télécharger en PDF (PDF, {round(stored.size / 1000)} ko)"


def test_a_missing_pdf_is_in_preparation_and_queued_once(client):
    communique = make_release()
    DBTaskResult.objects.all().delete()
    for _ in range(3):
        response = client.get(communique.get_pdf_url())
        assert response.status_code == 503
        assert response["Retry-After"] == str(RETRY_AFTER_SECONDS)
        assert "no-store" in response["Cache-Control"]
        assert soup(response).h1.text == "PDF en préparation"
    assert queued_renders().count() <= 1  # queued after the commit; tests never commit


def test_a_missing_pdf_queues_its_render_after_the_commit(
    client, django_capture_on_commit_callbacks
):
    communique = make_release()
    DBTaskResult.objects.all().delete()
    with django_capture_on_commit_callbacks(execute=True):
        client.get(communique.get_pdf_url())
        client.get(communique.get_pdf_url())
    assert [task.args_kwargs["args"] for task in queued_renders()] == [[communique.pk]]


def test_the_page_links_the_pdf_without_a_size_until_it_is_rendered(client):
    communique = make_release()
    link = soup(client.get(communique.get_absolute_url())).select_one(".press-pdf a")
    assert normalise(link.text) == "Télécharger en PDF (PDF)"


def test_publication_queues_the_render_at_the_publication_time(
    django_capture_on_commit_callbacks,
):
    lift = datetime.datetime(2030, 9, 5, 9, 0, tzinfo=datetime.UTC)
    with django_capture_on_commit_callbacks(execute=True):
        communique = make_communique(published=True, published_at=lift)
    [task] = queued_renders()
    assert task.args_kwargs["args"] == [communique.pk]
    assert task.run_after == lift


def test_a_draft_queues_nothing(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        make_communique(published=False)
    assert not queued_renders().exists()


def test_a_change_to_the_release_gives_a_new_pdf_and_drops_the_old_one(client):
    communique = make_release()
    render_communique_pdf.call(communique.pk)
    [old] = pdf_files(communique)
    make_quote(communique=communique, text="Une citation ajoutée après coup.", order=2)
    assert client.get(communique.get_pdf_url()).status_code == 503
    render_communique_pdf.call(communique.pk)
    [new] = pdf_files(communique)
    assert new != old
    text = " ".join(p.extract_text() for p in reader_of(client.get(communique.get_pdf_url())).pages)
    assert "Une citation ajoutée après coup." in text


def test_rendering_twice_renders_once():
    communique = make_release()
    render_communique_pdf.call(communique.pk)
    render_communique_pdf.call(communique.pk)
    assert len(pdf_files(communique)) == 1


def test_a_withdrawn_releases_pdf_is_gone_and_its_files_deleted(client):
    communique = make_release()
    render_communique_pdf.call(communique.pk)
    communique.withdraw(by=make_staff_user(group="Publication"), reason="Erreur de date.")
    assert client.get(communique.get_pdf_url()).status_code == 404
    render_communique_pdf.call(communique.pk)  # queued by the withdrawal
    assert pdf_files(communique) == []


def test_the_kit_presse_holds_the_pdf_once_rendered(client):
    communique = make_release()
    names = zipfile.ZipFile(io.BytesIO(client.get(communique.get_kit_url()).content)).namelist()
    assert f"{communique.slug}/{communique.slug}.pdf" not in names
    render_communique_pdf.call(communique.pk)
    archive = zipfile.ZipFile(io.BytesIO(client.get(communique.get_kit_url()).content))
    content = archive.read(f"{communique.slug}/{communique.slug}.pdf")
    assert content.startswith(b"%PDF-")


@pytest.mark.parametrize("size", [1, 6])
def test_the_pdf_downloads_in_one_query(client, django_assert_num_queries, size):
    communique = make_release()
    for order in range(size):
        make_quote(communique=communique, text=f"Citation n° {order}.", order=order + 1)
    render_communique_pdf.call(communique.pk)
    with django_assert_num_queries(1):
        response = client.get(communique.get_pdf_url())
    assert response.status_code == 200

"""The accessible PDF of an invitation: rendered by the worker, linked from its page."""

import datetime
import io
import socket

import pypdf
import pytest
from django.core.files.storage import default_storage
from django_tasks_db.models import DBTaskResult

from agenda import pdf
from agenda.models import Invitation
from agenda.tasks import render_invitation_pdf
from grandest_press.pdf import LocalFilesFetcher, html_to_pdf
from grandest_press.pdf_store import RETRY_AFTER_SECONDS
from tests.factories import (
    make_invitation,
    make_mandate,
    make_organisation,
    make_person,
    make_press_contact,
    make_staff_user,
)
from tests.html import normalise, soup

pytestmark = pytest.mark.django_db

# Thursday 5 September 2019, 11 h in Paris.
SIGNING = datetime.datetime(2019, 9, 5, 9, 0, tzinfo=datetime.UTC)


def make_signing(**fields):
    rottner = make_person(first_name="Jean", last_name="Rottner")
    make_mandate(
        person=rottner,
        organisation=make_organisation(name="Région Grand Est", kind="region"),
        title="Président",
    )
    fields = {
        "title": "Signature du Pacte Offensive Croissance Emploi avec Châlons Agglo",
        "starts_at": SIGNING,
        "place_name": "Foire de Châlons-en-Champagne, stand de la Région",
        "place_address": "Avenue du Président Roosevelt, 51000 Châlons-en-Champagne",
        "programme": "<p>11 h 15 : signature du pacte ; 11 h 45 : points presse.</p>",
        "accreditation_details": "Merci de confirmer votre présence à presse@grandest.fr.",
        "speakers": [rottner],
        "contacts": [make_press_contact(name="Sandrine Poirier", phones=["0684801148"])],
        **fields,
    }
    return make_invitation(**fields)


def reader_of(response) -> pypdf.PdfReader:
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    return pypdf.PdfReader(io.BytesIO(b"".join(response.streaming_content)))


def text_of(reader) -> str:
    return normalise(" ".join(page.extract_text() for page in reader.pages))


def pdf_files(invitation):
    try:
        return default_storage.listdir(f"{pdf.store.folder}/{invitation.pk}")[1]
    except FileNotFoundError:
        return []


def queued_renders():
    return DBTaskResult.objects.filter(task_path=render_invitation_pdf.module_path)


def test_the_worker_renders_a_tagged_french_pdf_of_the_invitation(client):
    invitation = make_signing()
    [rottner] = invitation.speakers.all()
    render_invitation_pdf.call(invitation.pk)
    reader = reader_of(client.get(invitation.get_pdf_url()))
    root = reader.trailer["/Root"]
    assert "/StructTreeRoot" in root
    assert root["/MarkInfo"]["/Marked"].value is True
    assert root["/Lang"] == "fr"
    assert reader.metadata.title == invitation.title
    text = text_of(reader)
    for expected in [
        "Invitation presse",
        "Signature du Pacte Offensive Croissance Emploi avec Châlons Agglo",
        "jeudi 5 septembre 2019 à 11 h",
        "Foire de Châlons-en-Champagne, stand de la Région",
        "51000 Châlons-en-Champagne",
        "11 h 15 : signature du pacte",
        f"Jean Rottner, {rottner.mandates.get().role_label}",
        "Merci de confirmer votre présence à presse@grandest.fr.",
        "Sandrine Poirier",
        "06 84 80 11 48",
    ]:
        assert expected in text


def test_a_cancelled_events_pdf_says_so_first_and_in_its_title(client):
    invitation = make_signing(event_status="cancelled", event_status_note="Intempéries.")
    render_invitation_pdf.call(invitation.pk)
    reader = reader_of(client.get(invitation.get_pdf_url()))
    assert reader.metadata.title.startswith("ANNULÉ — Signature du Pacte")
    first_lines = text_of(reader).split("Signature du Pacte")[0]
    assert "ANNULÉ" in first_lines
    assert "Intempéries." in first_lines


def test_a_postponed_events_pdf_gives_both_dates(client):
    invitation = make_signing()
    invitation.event_status = Invitation.EventStatus.POSTPONED
    invitation.starts_at = SIGNING + datetime.timedelta(days=7)
    invitation.save()
    render_invitation_pdf.call(invitation.pk)
    text = text_of(reader_of(client.get(invitation.get_pdf_url())))
    assert "REPORTÉ : prévu initialement le jeudi 5 septembre 2019 à 11 h" in text
    assert "aura lieu le jeudi 12 septembre 2019 à 11 h" in text


def test_rendering_fetches_nothing_outside_the_sites_files(monkeypatch):
    invitation = make_signing()
    html = pdf.store.print_html(Invitation.objects.for_page().get(pk=invitation.pk))

    def no_network(*args):
        raise AssertionError("network access while rendering")

    monkeypatch.setattr(socket.socket, "connect", no_network)
    fetcher = LocalFilesFetcher()
    content = html_to_pdf(html, title=invitation.title, fetcher=fetcher)
    assert content.startswith(b"%PDF-")
    assert fetcher.refused == []


def test_the_pdf_downloads_under_the_invitations_slug(client):
    invitation = make_signing()
    render_invitation_pdf.call(invitation.pk)
    response = client.get(invitation.get_pdf_url())
    assert response["Content-Disposition"] == f'inline; filename="{invitation.slug}.pdf"'


def test_the_invitation_page_links_the_pdf_with_its_real_size(client):
    invitation = make_signing()
    render_invitation_pdf.call(invitation.pk)
    stored = pdf.store.stored(Invitation.objects.for_page().get(pk=invitation.pk))
    link = soup(client.get(invitation.get_absolute_url())).select_one(".press-pdf a")
    assert link["href"] == invitation.get_pdf_url()
    assert normalise(link.text) == f"Télécharger en PDF (PDF, {round(stored.size / 1000)} ko)"


def test_the_page_links_the_pdf_without_a_size_until_it_is_rendered(client):
    invitation = make_signing()
    link = soup(client.get(invitation.get_absolute_url())).select_one(".press-pdf a")
    assert normalise(link.text) == "Télécharger en PDF (PDF)"


def test_a_missing_pdf_is_in_preparation(client):
    invitation = make_signing()
    response = client.get(invitation.get_pdf_url())
    assert response.status_code == 503
    assert response["Retry-After"] == str(RETRY_AFTER_SECONDS)
    assert "no-store" in response["Cache-Control"]
    page = soup(response)
    assert page.h1.text == "PDF en préparation"
    link = page.select_one("main .container p a")
    assert (normalise(link.text), link["href"]) == (
        "Lire cette invitation en ligne",
        invitation.get_absolute_url(),
    )


def test_a_missing_pdf_queues_its_render_once_after_the_commit(
    client, django_capture_on_commit_callbacks
):
    invitation = make_signing()
    DBTaskResult.objects.all().delete()
    with django_capture_on_commit_callbacks(execute=True):
        client.get(invitation.get_pdf_url())
        client.get(invitation.get_pdf_url())
    assert [task.args_kwargs["args"] for task in queued_renders()] == [[invitation.pk]]


def test_publication_queues_the_render_at_the_publication_time(
    django_capture_on_commit_callbacks,
):
    lift = datetime.datetime(2030, 9, 5, 9, 0, tzinfo=datetime.UTC)
    with django_capture_on_commit_callbacks(execute=True):
        invitation = make_invitation(published_at=lift)
    [task] = queued_renders()
    assert task.args_kwargs["args"] == [invitation.pk]
    assert task.run_after == lift


def test_a_draft_queues_nothing(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        make_invitation(published=False)
    assert not queued_renders().exists()


def test_a_change_to_the_invitation_gives_a_new_pdf_and_drops_the_old_one(client):
    invitation = make_signing()
    render_invitation_pdf.call(invitation.pk)
    [old] = pdf_files(invitation)
    invitation.place_name = "Hôtel de Région, Strasbourg"
    invitation.save()
    assert client.get(invitation.get_pdf_url()).status_code == 503
    render_invitation_pdf.call(invitation.pk)
    [new] = pdf_files(invitation)
    assert new != old
    assert "Hôtel de Région, Strasbourg" in text_of(reader_of(client.get(invitation.get_pdf_url())))


def test_a_withdrawn_invitations_pdf_is_gone_and_its_files_deleted(client):
    invitation = make_signing()
    render_invitation_pdf.call(invitation.pk)
    invitation.withdraw(by=make_staff_user(group="Publication"), reason="Erreur de date.")
    assert client.get(invitation.get_pdf_url()).status_code == 404
    render_invitation_pdf.call(invitation.pk)  # queued by the withdrawal
    assert pdf_files(invitation) == []


def test_a_deleted_invitations_files_are_deleted(django_capture_on_commit_callbacks):
    invitation = make_signing()
    render_invitation_pdf.call(invitation.pk)
    assert pdf_files(invitation) != []
    with django_capture_on_commit_callbacks(execute=True):
        invitation.delete()
    assert pdf_files(invitation) == []


@pytest.mark.parametrize("size", [1, 6])
def test_the_pdf_downloads_in_constant_queries(client, django_assert_num_queries, size):
    invitation = make_signing(
        speakers=[make_person() for _ in range(size)],
        contacts=[make_press_contact() for _ in range(size)],
    )
    render_invitation_pdf.call(invitation.pk)
    with django_assert_num_queries(7):
        response = client.get(invitation.get_pdf_url())
    assert response.status_code == 200

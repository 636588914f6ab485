"""Rédaction's changes to live content wait for Publication's review.

Real admin POSTs, built from the change form the officer is shown. The public pages of
the release (page, list, home, feeds, sitemap, API, kit) stay byte-identical, page
cache on or off, until Publication applies the change.
"""

import io
import zipfile
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from communiques.models import Communique, Correction
from grandest_press.content_state import cache
from grandest_press.models import Image, PendingRevision, PendingRevisionFile, ReviewComment
from tests.communiques.workflow_states import change_url, make_in_state, transition_url
from tests.factories import (
    image_bytes,
    make_attachment,
    make_communique,
    make_image,
    make_staff_user,
    pdf_bytes,
)
from tests.html import normalise, page_text, soup

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("response_cache_on")]

FROZEN = "2026-06-01 10:00:00+00:00"


def form_data(response, form_id) -> dict[str, list[str]]:
    """The fields a browser would send from the page's form `form_id`, unchanged."""
    form = soup(response).find("form", id=form_id)
    data: dict[str, list[str]] = {}
    for field in form.find_all(["input", "textarea", "select"]):
        name = field.get("name")
        if not name or field.has_attr("disabled"):
            continue
        if field.name == "textarea":
            text = field.string or ""
            data.setdefault(name, []).append(text.removeprefix("\n").removeprefix("\r\n"))
        elif field.name == "select":
            chosen = [
                o.get("value", "") for o in field.find_all("option") if o.has_attr("selected")
            ]
            data.setdefault(name, []).extend(chosen)
        elif field.get("type", "text") in ("checkbox", "radio"):
            if field.has_attr("checked"):
                data.setdefault(name, []).append(field.get("value", "on"))
        elif field.get("type") not in ("submit", "button", "file", "reset", "image"):
            data.setdefault(name, []).append(field.get("value", ""))
    return data


def edit(client, url, form_id, **changes):
    """GET the change form, change some fields, POST it as a browser would."""
    data = form_data(client.get(url), form_id)
    for name, value in changes.items():
        data[name] = value if isinstance(value, SimpleUploadedFile) else [value]
    return client.post(url, data)


def public_urls(communique):
    return {
        "page": communique.get_absolute_url(),
        "list": reverse("communiques:list"),
        "home": reverse("home"),
        "rss": reverse("communiques:feed", kwargs={"format": "rss"}),
        "atom": reverse("communiques:feed", kwargs={"format": "atom"}),
        "sitemap": reverse("sitemap-section", args=["communiques"]),
        "api": reverse("opendata:api:release-detail", args=[communique.slug]),
        "kit": communique.get_kit_url(),
    }


def public_bodies(communique, *, cached: bool) -> dict[str, bytes]:
    if not cached:
        cache().clear()
    reader = Client()
    bodies = {}
    for name, url in public_urls(communique).items():
        response = reader.get(url)
        assert response.status_code == 200, name
        bodies[name] = (
            b"".join(response.streaming_content) if response.streaming else response.content
        )
    return bodies


def kit_text(body: bytes) -> str:
    archive = zipfile.ZipFile(io.BytesIO(body))
    return "".join(archive.read(n).decode() for n in archive.namelist() if n.endswith(".txt"))


def review_url(obj):
    meta = obj._meta
    return reverse(f"admin:{meta.app_label}_{meta.model_name}_pending_revision", args=[obj.pk])


def pending_of(obj):
    return PendingRevision.objects.for_object(obj).pending().get()


@pytest.fixture
def frozen(time_machine):
    time_machine.move_to(FROZEN, tick=False)


def logged_in(group, username):
    user = make_staff_user(group=group, username=username)
    client = Client()
    client.force_login(user)
    client.user = user
    return client


@pytest.fixture
def redaction():
    return logged_in("Rédaction", "redacteur")


@pytest.fixture
def publication():
    return logged_in("Publication", "publieuse")


def live_release(**fields):
    return make_communique(title="Signature du POCE", lede="Chapeau en ligne.", **fields)


def apply(publication, obj, **fields):
    revision = pending_of(obj)
    return publication.post(review_url(obj), {"revision": revision.pk, "action": "apply", **fields})


@pytest.mark.usefixtures("frozen")
class TestReleaseCorrection:
    def test_redaction_sees_an_editable_form_that_explains_the_review(self, redaction):
        communique = live_release()
        page = soup(redaction.get(change_url(communique)))
        assert page.find("input", {"name": "title"}) is not None
        assert "modification en attente de relecture" in page_text_of(page)
        assert page.find("input", {"name": "version", "type": "hidden"}) is not None

    def test_correction_waits_for_review_and_the_public_keeps_the_live_version(
        self, redaction, publication
    ):
        communique = live_release()
        before = public_bodies(communique, cached=True)
        response = edit(
            redaction,
            change_url(communique),
            "communique_form",
            title="Signature du POCE de Châlons",
            correction_note="Le nom du territoire manquait.",
        )
        assert response.status_code == 302
        assert public_bodies(communique, cached=True) == before
        assert public_bodies(communique, cached=False) == before
        revision = pending_of(communique)
        assert revision.created_by == redaction.user
        communique.refresh_from_db()
        assert communique.title == "Signature du POCE"

        review = page_text(publication.get(review_url(communique)))
        assert "Proposée par redacteur le lundi 1 juin 2026 à 12:00" in review
        assert "Signature du POCE de Châlons" in review

        response = apply(publication, communique, correction_note="Le nom du territoire manquait.")
        assert response.status_code == 302
        communique.refresh_from_db()
        assert communique.title == "Signature du POCE de Châlons"
        assert Correction.objects.get(communique=communique).text == (
            "Le nom du territoire manquait."
        )
        after = public_bodies(communique, cached=True)
        assert b"Signature du POCE de Ch\xc3\xa2lons" in after["page"]
        assert "Le nom du territoire manquait." in page_text(
            Client().get(communique.get_absolute_url())
        )
        revision.refresh_from_db()
        assert revision.status == PendingRevision.Status.APPLIED
        assert revision.decided_by == publication.user

    def test_publication_must_write_a_rectificatif_or_call_it_minor(self, redaction, publication):
        communique = live_release()
        edit(
            redaction,
            change_url(communique),
            "communique_form",
            lede="Nouveau chapeau.",
            minor_change="on",
        )
        response = apply(publication, communique)  # neither note nor « mineure »
        assert response.status_code == 302
        communique.refresh_from_db()
        assert communique.lede == "Chapeau en ligne."
        assert pending_of(communique)
        apply(publication, communique, minor_change="on")
        communique.refresh_from_db()
        assert communique.lede == "Nouveau chapeau."
        assert not Correction.objects.filter(communique=communique).exists()

    def test_scheduled_release_changes_wait_too(self, redaction):
        communique = make_in_state("scheduled", title="Sous embargo")
        edit(
            redaction,
            change_url(communique),
            "communique_form",
            title="Titre changé",
            minor_change="on",
        )
        communique.refresh_from_db()
        assert communique.title == "Sous embargo"
        assert pending_of(communique).created_by == redaction.user

    def test_draft_edits_by_redaction_are_saved_directly(self, redaction):
        draft = make_communique(published=False, title="Brouillon")
        edit(redaction, change_url(draft), "communique_form", title="Brouillon relu")
        draft.refresh_from_db()
        assert draft.title == "Brouillon relu"
        assert not PendingRevision.objects.exists()

    def test_publication_edits_live_content_directly(self, publication):
        communique = live_release()
        edit(
            publication,
            change_url(communique),
            "communique_form",
            title="Titre corrigé",
            minor_change="on",
        )
        communique.refresh_from_db()
        assert communique.title == "Titre corrigé"
        assert not PendingRevision.objects.exists()

    def test_a_second_pending_revision_is_refused_in_french(self, redaction):
        communique = live_release()
        edit(
            redaction, change_url(communique), "communique_form", title="Premier", minor_change="on"
        )
        other = Client()
        other.force_login(make_staff_user(group="Rédaction", username="seconde"))
        response = edit(
            other, change_url(communique), "communique_form", title="Second", minor_change="on"
        )
        text = page_text(other.get(response["Location"]))
        assert (
            normalise(
                "Une modification de « Signature du POCE » proposée par redacteur le "
                "01/06/2026 à 12:00 est déjà en attente de relecture : la vôtre n’a pas été "
                "enregistrée."
            )
            in text
        )
        assert PendingRevision.objects.count() == 1
        assert pending_of(communique).data["title"] == ["Premier"]

    def test_the_database_allows_one_pending_revision_per_object(self, redaction):
        from django.db import IntegrityError, transaction

        communique = live_release()
        edit(
            redaction, change_url(communique), "communique_form", title="Premier", minor_change="on"
        )
        revision = pending_of(communique)
        with pytest.raises(IntegrityError), transaction.atomic():
            PendingRevision.objects.create(
                content_type=revision.content_type,
                object_id=revision.object_id,
                object_repr="doublon",
                base_fingerprint="x",
            )

    def test_send_back_keeps_the_comment_and_the_live_version(self, redaction, publication):
        communique = live_release()
        edit(
            redaction,
            change_url(communique),
            "communique_form",
            title="Trop long titre",
            minor_change="on",
        )
        revision = pending_of(communique)
        response = publication.post(
            review_url(communique),
            {"revision": revision.pk, "action": "send_back", "text": "Titre trop long."},
        )
        assert response.status_code == 302
        communique.refresh_from_db()
        assert communique.title == "Signature du POCE"
        revision.refresh_from_db()
        assert revision.status == PendingRevision.Status.RETURNED
        comment = ReviewComment.objects.get()
        assert (comment.text, comment.author, comment.revision) == (
            "Titre trop long.",
            publication.user,
            revision,
        )
        thread = soup(redaction.get(change_url(communique))).select_one("#fil-de-relecture")
        text = page_text_of(thread)
        assert "publieuse, lundi 1 juin 2026 à 12:00 — renvoi" in text
        assert "Titre trop long." in text

    def test_send_back_needs_a_comment(self, redaction, publication):
        communique = live_release()
        edit(redaction, change_url(communique), "communique_form", title="Autre", minor_change="on")
        revision = pending_of(communique)
        response = publication.post(
            review_url(communique), {"revision": revision.pk, "action": "send_back", "text": ""}
        )
        assert response.status_code == 400
        assert pending_of(communique) == revision

    def test_the_author_answers_in_the_thread(self, redaction, publication):
        communique = live_release()
        edit(redaction, change_url(communique), "communique_form", title="Autre", minor_change="on")
        revision = pending_of(communique)
        publication.post(
            review_url(communique),
            {"revision": revision.pk, "action": "send_back", "text": "Source ?"},
        )
        url = reverse("admin:communiques_communique_review_comment", args=[communique.pk])
        redaction.post(url, {"text": "Le compte rendu du conseil."})
        thread = page_text_of(
            soup(publication.get(change_url(communique))).select_one("#fil-de-relecture")
        )
        assert thread.index("Source ?") < thread.index("Le compte rendu du conseil.")
        assert "redacteur, lundi 1 juin 2026 à 12:00 — version 1" in thread

    def test_a_revision_older_than_the_live_version_is_not_applied(self, redaction, publication):
        communique = live_release()
        edit(
            redaction, change_url(communique), "communique_form", title="Proposé", minor_change="on"
        )
        edit(
            publication,
            change_url(communique),
            "communique_form",
            lede="Chapeau de la Pub.",
            minor_change="on",
        )
        review = page_text(publication.get(review_url(communique)))
        assert "La version en ligne a été modifiée depuis cette proposition" in review
        response = apply(publication, communique, minor_change="on")
        assert response.status_code == 302
        communique.refresh_from_db()
        assert (communique.title, communique.lede) == ("Signature du POCE", "Chapeau de la Pub.")
        assert pending_of(communique)

    def test_review_page_lists_the_changes(self, redaction, publication):
        communique = live_release()
        edit(
            redaction,
            change_url(communique),
            "communique_form",
            title="Nouveau titre",
            minor_change="on",
        )
        rows = [
            [cell.get_text(" ", strip=True) for cell in row.find_all(["th", "td"])[:3]]
            for row in soup(publication.get(review_url(communique))).select(
                ".revision-diff tbody tr"
            )
        ]
        assert rows == [["Titre", "Signature du POCE", "Nouveau titre"]]


def page_text_of(element) -> str:
    from tests.html import text_of

    return text_of(element)


@pytest.mark.usefixtures("frozen")
class TestForgedPosts:
    def test_redaction_cannot_apply_a_pending_revision(self, redaction):
        communique = live_release()
        edit(redaction, change_url(communique), "communique_form", title="Forcé", minor_change="on")
        before = public_bodies(communique, cached=False)
        response = apply(redaction, communique, minor_change="on")
        assert response.status_code == 403
        communique.refresh_from_db()
        assert communique.title == "Signature du POCE"
        assert pending_of(communique)
        assert public_bodies(communique, cached=False) == before

    def test_redaction_cannot_send_back_a_pending_revision(self, redaction):
        communique = live_release()
        edit(redaction, change_url(communique), "communique_form", title="Forcé", minor_change="on")
        revision = pending_of(communique)
        response = redaction.post(
            review_url(communique), {"revision": revision.pk, "action": "send_back", "text": "x"}
        )
        assert response.status_code == 403
        assert pending_of(communique) == revision
        assert not ReviewComment.objects.exists()

    def test_redaction_cannot_publish_a_release_under_review(self, redaction):
        communique = make_in_state("review")
        response = redaction.post(transition_url(communique, "publish"))
        assert response.status_code == 403
        communique.refresh_from_db()
        assert communique.status == Communique.Status.REVIEW

    def test_redaction_cannot_apply_with_csrf_checks_on_either(self):
        user = make_staff_user(group="Rédaction")
        browser = Client(enforce_csrf_checks=True)
        browser.force_login(user)
        communique = live_release()
        data = form_data(browser.get(change_url(communique)), "communique_form")
        data.update(title=["Par le navigateur"], minor_change=["on"])
        assert browser.post(change_url(communique), data).status_code == 302
        revision = pending_of(communique)
        token = soup(browser.get(change_url(communique))).find(
            "input", {"name": "csrfmiddlewaretoken"}
        )["value"]
        response = browser.post(
            review_url(communique),
            {"csrfmiddlewaretoken": token, "revision": revision.pk, "action": "apply"},
        )
        assert response.status_code == 403
        communique.refresh_from_db()
        assert communique.title == "Signature du POCE"


@pytest.mark.usefixtures("frozen")
class TestImagesAndDocuments:
    def test_image_caption_waits_for_review(self, redaction, publication):
        image = make_image(caption="Légende en ligne", content=image_bytes(width=60, height=40))
        communique = live_release(image=image)
        url = reverse("admin:grandest_press_image_change", args=[image.pk])
        before = public_bodies(communique, cached=True)
        assert edit(redaction, url, "image_form", caption="Légende proposée").status_code == 302
        assert public_bodies(communique, cached=False) == before
        image.refresh_from_db()
        assert image.caption == "Légende en ligne"
        apply(publication, image)
        image.refresh_from_db()
        assert image.caption == "Légende proposée"
        assert "Légende proposée" in page_text(Client().get(communique.get_absolute_url()))

    def test_image_file_waits_in_private_storage(
        self, redaction, publication, settings, django_capture_on_commit_callbacks
    ):
        image = make_image(content=image_bytes(width=60, height=40))
        communique = live_release(image=image)
        live_name = image.file.name
        url = reverse("admin:grandest_press_image_change", args=[image.pk])
        before = public_bodies(communique, cached=True)
        upload = SimpleUploadedFile(
            "nouvelle.jpg", image_bytes(width=80, height=40, color=(200, 0, 0)), "image/jpeg"
        )
        assert edit(redaction, url, "image_form", file=upload).status_code == 302
        kept = PendingRevisionFile.objects.get()
        assert kept.file.path.startswith(str(settings.PRIVATE_MEDIA_ROOT))
        assert not kept.file.path.startswith(str(settings.MEDIA_ROOT))
        assert public_bodies(communique, cached=False) == before
        image.refresh_from_db()
        assert image.file.name == live_name
        with django_capture_on_commit_callbacks(execute=True):
            apply(publication, image)
        image.refresh_from_db()
        assert image.file.name != live_name
        assert image.width == 80
        assert not PendingRevisionFile.objects.exists()
        assert not Path(kept.file.path).exists()
        assert image.folder in Client().get(communique.get_absolute_url()).content.decode()

    def test_image_of_a_draft_only_is_edited_directly(self, redaction):
        image = make_image(caption="Avant", content=image_bytes(width=60, height=40))
        make_communique(published=False, image=image)
        url = reverse("admin:grandest_press_image_change", args=[image.pk])
        edit(redaction, url, "image_form", caption="Après")
        image.refresh_from_db()
        assert image.caption == "Après"

    def test_document_title_and_file_wait_for_review(self, redaction, publication):
        communique = live_release()
        attachment = make_attachment(communique=communique, title="Le dossier de presse")
        before = public_bodies(communique, cached=True)
        upload = SimpleUploadedFile("dp2.pdf", pdf_bytes("Version 2"), "application/pdf")
        response = edit(
            redaction,
            change_url(communique),
            "communique_form",
            **{"attachments-0-title": "Le dossier de presse complet", "minor_change": "on"},
            **{"attachments-0-file": upload},
        )
        assert response.status_code == 302
        assert public_bodies(communique, cached=False) == before
        attachment.refresh_from_db()
        assert attachment.title == "Le dossier de presse"
        apply(publication, communique, minor_change="on")
        attachment.refresh_from_db()
        assert attachment.title == "Le dossier de presse complet"
        assert b"Version 2" in Client().get(attachment.get_absolute_url()).getvalue()
        assert "Télécharger le dossier de presse complet (PDF" in page_text(
            Client().get(communique.get_absolute_url())
        ).replace("'", "’")
        assert "Le dossier de presse complet" in kit_text(
            public_bodies(communique, cached=True)["kit"]
        )


def test_withdrawn_release_is_read_only_for_redaction_with_its_text_rendered(client):
    client.force_login(make_staff_user(group="Rédaction"))
    communique = make_in_state("withdrawn", body="<p>Texte <strong>gras</strong>.</p>")
    page = soup(client.get(change_url(communique)))
    assert page.find("input", {"name": "title"}) is None
    assert page.select_one(".field-body_display strong").get_text() == "gras"
    assert "Version" not in [label.get_text(strip=True) for label in page.find_all("label")]
    assert "seule la Publication peut le modifier" in page_text(client.get(change_url(communique)))


def test_returning_a_release_under_review_keeps_the_comment_in_its_thread(client):
    publisher = make_staff_user(group="Publication", username="cheffe")
    client.force_login(publisher)
    communique = make_in_state("review")
    client.post(transition_url(communique, "draft"), {"comment": "Ajoutez la citation."})
    communique.refresh_from_db()
    assert communique.status == Communique.Status.DRAFT
    comment = ReviewComment.thread_of(communique).get()
    assert (comment.text, comment.kind, comment.about) == (
        "Ajoutez la citation.",
        ReviewComment.Kind.RETURNED,
        "version 1",
    )
    assert "Ajoutez la citation." in page_text(client.get(change_url(communique)))


def test_image_model_is_not_changed_by_a_proposal():
    assert Image.objects.count() == 0


@pytest.mark.usefixtures("frozen")
class TestProposalsList:
    def test_the_author_withdraws_their_proposal(self, redaction):
        communique = live_release()
        edit(
            redaction, change_url(communique), "communique_form", title="Erreur", minor_change="on"
        )
        revision = pending_of(communique)
        response = redaction.post(
            review_url(communique), {"revision": revision.pk, "action": "withdraw"}
        )
        assert response.status_code == 302
        revision.refresh_from_db()
        assert revision.status == PendingRevision.Status.WITHDRAWN
        communique.refresh_from_db()
        assert communique.title == "Signature du POCE"

    def test_no_one_else_in_redaction_withdraws_it(self, redaction):
        communique = live_release()
        edit(
            redaction, change_url(communique), "communique_form", title="Erreur", minor_change="on"
        )
        revision = pending_of(communique)
        other = logged_in("Rédaction", "collegue")
        response = other.post(
            review_url(communique), {"revision": revision.pk, "action": "withdraw"}
        )
        assert response.status_code == 403
        assert pending_of(communique) == revision

    def test_publication_lists_what_waits_with_a_link_to_review_it(self, redaction, publication):
        communique = live_release()
        edit(redaction, change_url(communique), "communique_form", title="Autre", minor_change="on")
        url = reverse("admin:grandest_press_pendingrevision_changelist")
        page = soup(publication.get(url))
        row = page.select_one("#result_list tbody tr")
        assert "Signature du POCE" in row.get_text()
        assert row.find("a", string="Relire")["href"] == review_url(communique)
        assert redaction.get(url).status_code == 403


def test_release_list_filters_the_releases_with_a_pending_change(redaction, publication):
    waiting = live_release()
    make_communique(title="Sans modification")
    edit(redaction, change_url(waiting), "communique_form", title="Autre", minor_change="on")
    url = reverse("admin:communiques_communique_changelist") + "?relecture=en-attente"
    rows = soup(publication.get(url)).select("#result_list tbody tr")
    assert [row.select_one("th a").get_text() for row in rows] == ["Signature du POCE"]

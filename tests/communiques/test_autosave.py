"""The release form's autosave: private to its editor, never written into the release,
restorable, and the release's version lock stays the judge."""

import pytest
from django.urls import reverse

from communiques.models import Communique, CommuniqueAutosave
from tests.factories import communique_form_data, make_communique, make_staff_user
from tests.html import soup, text_of

pytestmark = pytest.mark.django_db


def autosave_url(communique=None):
    if communique is None:
        return reverse("admin:communiques_communique_autosave_new")
    return reverse("admin:communiques_communique_autosave", args=[communique.pk])


def change_url(communique):
    return reverse("admin:communiques_communique_change", args=[communique.pk])


def test_an_autosave_is_kept_for_its_editor_and_leaves_the_release_unchanged(client):
    draft = make_communique(published=False, title="Titre enregistré")
    editor = make_staff_user(group="Rédaction")
    client.force_login(editor)

    response = client.post(
        autosave_url(draft), {"title": "Titre en cours de frappe", "version": draft.version}
    )

    assert response.status_code == 200
    assert response.json()["message"].startswith("Brouillon enregistré automatiquement à ")
    kept = CommuniqueAutosave.objects.get()
    assert (kept.user, kept.communique, kept.data["title"]) == (
        editor,
        draft,
        "Titre en cours de frappe",
    )
    draft.refresh_from_db()
    assert draft.title == "Titre enregistré"


def test_each_autosave_replaces_the_editors_previous_one(client):
    draft = make_communique(published=False)
    client.force_login(make_staff_user(group="Rédaction"))

    client.post(autosave_url(draft), {"title": "Premier jet"})
    client.post(autosave_url(draft), {"title": "Second jet"})

    assert [a.data["title"] for a in CommuniqueAutosave.objects.all()] == ["Second jet"]


def test_autosave_refuses_other_methods_and_needs_the_csrf_token(client):
    draft = make_communique(published=False)
    client.force_login(make_staff_user(group="Rédaction"))
    assert client.put(autosave_url(draft)).status_code == 405

    strict = client.__class__(enforce_csrf_checks=True)
    strict.force_login(make_staff_user(group="Rédaction"))
    assert strict.post(autosave_url(draft), {"title": "x"}).status_code == 403
    assert not CommuniqueAutosave.objects.exists()


def test_redaction_cannot_autosave_a_published_release(client):
    online = make_communique(published=True)
    client.force_login(make_staff_user(group="Rédaction"))

    response = client.post(autosave_url(online), {"title": "Autre titre"})

    assert response.status_code == 403
    assert not CommuniqueAutosave.objects.exists()


def test_the_form_offers_the_autosave_to_its_editor_only(client):
    draft = make_communique(published=False)
    editor, colleague = make_staff_user(group="Rédaction"), make_staff_user(group="Rédaction")
    CommuniqueAutosave.objects.create(user=editor, communique=draft, data={"title": "À moi"})

    client.force_login(colleague)
    assert soup(client.get(change_url(draft))).select_one(".autosave-notice") is None
    client.force_login(editor)
    notice = soup(client.get(change_url(draft))).select_one(".autosave-notice")

    assert "peut être restauré" in text_of(notice)
    assert notice.select_one('a[href="?restaurer=1"]')


def test_restoring_fills_the_form_with_what_was_typed(client):
    draft = make_communique(published=False, title="Ancien titre")
    editor = make_staff_user(group="Rédaction")
    CommuniqueAutosave.objects.create(
        user=editor,
        communique=draft,
        data={"title": "Titre retrouvé", "body": "<p>Texte retrouvé</p>"},
        base_version=draft.version,
    )
    client.force_login(editor)

    page = soup(client.get(change_url(draft) + "?restaurer=1"))

    assert page.select_one("#id_title")["value"] == "Titre retrouvé"
    assert "Texte retrouvé" in page.select_one("#id_body").get_text()
    draft.refresh_from_db()
    assert draft.title == "Ancien titre"


def test_saving_the_form_forgets_the_autosave(client):
    draft = make_communique(published=False)
    editor = make_staff_user(group="Rédaction")
    CommuniqueAutosave.objects.create(user=editor, communique=draft, data={"title": "x"})
    client.force_login(editor)

    response = client.post(change_url(draft), communique_form_data(draft, title="Enregistré"))

    assert response.status_code == 302
    assert not CommuniqueAutosave.objects.exists()


def test_a_restored_autosave_never_overwrites_a_colleagues_save(client):
    draft = make_communique(published=False, title="Version de départ")
    editor, colleague = make_staff_user(group="Rédaction"), make_staff_user(group="Rédaction")
    CommuniqueAutosave.objects.create(
        user=editor, communique=draft, data={"title": "Ma version"}, base_version=draft.version
    )
    client.force_login(colleague)
    client.post(change_url(draft), communique_form_data(draft, title="Version du collègue"))
    client.force_login(editor)

    page = soup(client.get(change_url(draft) + "?restaurer=1"))
    version = page.select_one("#id_version")["value"]
    draft.refresh_from_db()
    response = client.post(
        change_url(draft), communique_form_data(draft, title="Ma version", version=version)
    )

    assert response.status_code == 200
    assert "après que vous l'avez ouvert" in text_of(soup(response).select_one(".errorlist"))
    draft.refresh_from_db()
    assert draft.title == "Version du collègue"


def test_a_new_release_form_is_autosaved_and_restored_too(client):
    editor = make_staff_user(group="Rédaction")
    client.force_login(editor)

    client.post(autosave_url(), {"title": "Un communiqué pas encore enregistré"})
    page = soup(client.get(reverse("admin:communiques_communique_add") + "?restaurer=1"))

    assert page.select_one("#id_title")["value"] == "Un communiqué pas encore enregistré"
    assert Communique.objects.count() == 0


def test_discarding_the_autosave(client):
    draft = make_communique(published=False)
    editor = make_staff_user(group="Rédaction")
    CommuniqueAutosave.objects.create(user=editor, communique=draft, data={"title": "x"})
    client.force_login(editor)

    response = client.post(
        reverse("admin:communiques_communique_autosave_discard", args=[draft.pk])
    )

    assert response["Location"] == change_url(draft)
    assert not CommuniqueAutosave.objects.exists()


def test_get_answers_the_editors_own_autosave_only(client):
    draft = make_communique(published=False)
    editor, colleague = make_staff_user(group="Rédaction"), make_staff_user(group="Rédaction")
    CommuniqueAutosave.objects.create(user=editor, communique=draft, data={"title": "À moi"})

    client.force_login(colleague)
    assert client.get(autosave_url(draft)).json()["data"] == {}
    client.force_login(editor)
    assert client.get(autosave_url(draft)).json()["data"] == {"title": "À moi"}

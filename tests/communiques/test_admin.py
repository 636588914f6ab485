"""The press officers' admin, over real HTTP: groups, publishing rights, forms."""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from communiques.models import Communique, Quote
from grandest_press.models import PendingRevision
from tests.factories import (
    communique_form_data,
    make_communique,
    make_organisation,
    make_person,
    make_press_contact,
    make_staff_user,
)
from tests.html import soup

pytestmark = pytest.mark.django_db

CHANGELIST = "admin:communiques_communique_changelist"


def change_url(communique):
    return reverse("admin:communiques_communique_change", args=[communique.pk])


def test_migration_creates_the_two_editorial_groups():
    redaction = Group.objects.get(name="Rédaction")
    publication = Group.objects.get(name="Publication")
    redaction_perms = set(redaction.permissions.values_list("codename", flat=True))
    publication_perms = set(publication.permissions.values_list("codename", flat=True))
    assert {"add_communique", "change_communique", "add_quote", "add_person"} <= redaction_perms
    assert "publish_communique" not in redaction_perms
    assert "delete_communique" not in redaction_perms
    assert "publish_communique" in publication_perms


class TestPublishAction:
    def post_action(self, client, action, communique):
        return client.post(
            reverse(CHANGELIST),
            {"action": action, "_selected_action": [communique.pk], "index": 0},
        )

    def test_redaction_cannot_publish_through_the_action(self, client):
        client.force_login(make_staff_user(group="Rédaction"))
        draft = make_communique(published=False)
        self.post_action(client, "publish_selected", draft)
        draft.refresh_from_db()
        assert draft.status == Communique.Status.DRAFT
        assert not Communique.objects.published().exists()

    def test_redaction_does_not_see_the_publish_action(self, client):
        client.force_login(make_staff_user(group="Rédaction"))
        make_communique(published=False)
        options = [
            o["value"]
            for o in soup(client.get(reverse(CHANGELIST))).select("select[name=action] option")
        ]
        assert "publish_selected" not in options

    def test_publication_publishes_through_the_action(self, client):
        client.force_login(make_staff_user(group="Publication"))
        draft = make_communique(published=False)
        response = self.post_action(client, "publish_selected", draft)
        assert response.status_code == 302
        draft.refresh_from_db()
        assert draft.is_published()

    def test_redaction_submits_through_the_action(self, client):
        client.force_login(make_staff_user(group="Rédaction"))
        draft = make_communique(published=False)
        self.post_action(client, "submit_selected", draft)
        draft.refresh_from_db()
        assert draft.status == Communique.Status.REVIEW


class TestChangeForm:
    def test_redaction_cannot_publish_by_posting_the_status(self, client):
        client.force_login(make_staff_user(group="Rédaction"))
        draft = make_communique(published=False)
        response = client.post(
            change_url(draft),
            communique_form_data(
                draft, status="published", published_at_0="05/09/2019", published_at_1="11:00"
            ),
        )
        assert response.status_code == 302
        draft.refresh_from_db()
        assert draft.status == Communique.Status.DRAFT
        assert draft.published_at is None

    def test_redaction_edit_of_a_published_release_waits_for_review(self, client):
        client.force_login(make_staff_user(group="Rédaction"))
        communique = make_communique(published=True, title="Titre publié")
        response = client.post(
            change_url(communique),
            communique_form_data(communique, title="Titre modifié", minor_change="on"),
        )
        assert response.status_code == 302
        communique.refresh_from_db()
        assert communique.title == "Titre publié"
        assert PendingRevision.objects.for_object(communique).pending().exists()

    def test_redaction_writes_a_draft_with_a_quote_and_a_contact(self, client):
        user = make_staff_user(group="Rédaction")
        client.force_login(user)
        speaker = make_person(first_name="Jean", last_name="Rottner")
        contact = make_press_contact()
        data = {
            "title": "Signature du POCE",
            "slug": "signature-du-poce",
            "lede": "Ce jeudi 5 septembre 2019…",
            "body": "<p>Texte <script>alert(1)</script></p>",
            "dateline_place": "Châlons-en-Champagne (51)",
            "event_date": "05/09/2019",
            "event_date_precision": "day",
            "version": "1",
            "corrections-TOTAL_FORMS": "0",
            "corrections-INITIAL_FORMS": "0",
            "attachments-TOTAL_FORMS": "0",
            "attachments-INITIAL_FORMS": "0",
            "quotes-TOTAL_FORMS": "1",
            "quotes-INITIAL_FORMS": "0",
            "quotes-0-order": "1",
            "quotes-0-speaker": speaker.pk,
            "quotes-0-text": "Je me félicite de cette signature.",
            "contact_links-TOTAL_FORMS": "1",
            "contact_links-INITIAL_FORMS": "0",
            "contact_links-0-order": "1",
            "contact_links-0-contact": contact.pk,
        }
        response = client.post(reverse("admin:communiques_communique_add"), data)
        assert response.status_code == 302, response.content.decode()[:2000]
        communique = Communique.objects.get(slug="signature-du-poce")
        assert communique.status == Communique.Status.DRAFT
        assert communique.created_by == user
        assert "<script>" not in communique.body
        assert Quote.objects.get(communique=communique).speaker == speaker
        assert communique.contacts == [contact]

    def test_publication_cannot_publish_by_posting_the_status_either(self, client):
        """The state only changes through the workflow's transitions."""
        client.force_login(make_staff_user(group="Publication"))
        draft = make_communique(published=False)
        client.post(change_url(draft), communique_form_data(draft, status="published"))
        draft.refresh_from_db()
        assert draft.status == Communique.Status.DRAFT

    def test_form_errors_are_in_french(self, client):
        client.force_login(make_staff_user(group="Rédaction"))
        existing = make_communique(published=False)
        response = client.post(
            reverse("admin:communiques_communique_add"),
            communique_form_data(existing, title="Doublon"),
        )
        assert response.status_code == 200
        assert "existe déjà" in response.content.decode()


class TestDeletion:
    def test_publication_cannot_delete_a_published_release(self, client):
        client.force_login(make_staff_user(group="Publication"))
        communique = make_communique(published=True)
        url = reverse("admin:communiques_communique_delete", args=[communique.pk])
        response = client.post(url, {"post": "yes"})
        assert response.status_code == 403
        assert Communique.objects.filter(pk=communique.pk).exists()

    def test_redaction_has_no_delete_right(self, client):
        client.force_login(make_staff_user(group="Rédaction"))
        draft = make_communique(published=False)
        url = reverse("admin:communiques_communique_delete", args=[draft.pk])
        assert client.post(url, {"post": "yes"}).status_code == 403
        assert Communique.objects.filter(pk=draft.pk).exists()


class TestViewOnSite:
    def test_published_release_has_a_view_on_site_link(self, client):
        client.force_login(make_staff_user(group="Publication"))
        communique = make_communique(published=True)
        link = soup(client.get(change_url(communique))).find("a", string="Voir sur le site")
        assert link["href"] == communique.get_absolute_url()

    def test_draft_has_no_view_on_site_link(self, client):
        client.force_login(make_staff_user(group="Publication"))
        draft = make_communique(published=False)
        response = client.get(change_url(draft))
        assert soup(response).find("a", string="Voir sur le site") is None


ADMIN_PAGES = [
    "admin:communiques_communique_changelist",
    "admin:communiques_communique_add",
    "admin:communiques_presscontact_changelist",
    "admin:communiques_presscontact_add",
    "admin:communiques_theme_changelist",
    "admin:partners_organisation_changelist",
    "admin:partners_organisation_add",
    "admin:partners_person_changelist",
    "admin:partners_person_add",
    "admin:partners_mandate_changelist",
    "admin:partners_territorialpact_changelist",
    "admin:partners_territorialpact_add",
    "admin:partners_pactkind_changelist",
    "admin:partners_referenceframework_changelist",
]


@pytest.mark.parametrize("url_name", ADMIN_PAGES)
def test_admin_pages_open_for_redaction(client, url_name):
    client.force_login(make_staff_user(group="Rédaction"))
    make_communique(published=False)
    make_press_contact(phones=["0684801148"])
    response = client.get(reverse(url_name))
    assert response.status_code == 200


def test_admin_is_in_french(client):
    client.force_login(make_staff_user(group="Rédaction"))
    response = client.get(reverse(CHANGELIST))
    assert soup(response).html["lang"] == "fr"
    assert "Ajouter communiqué" in response.content.decode()


def test_anonymous_visitor_is_sent_to_login(client):
    response = client.get(reverse(CHANGELIST))
    assert response.status_code == 302
    assert reverse("admin:login") in response["Location"]


def test_autocomplete_finds_organisations_for_redaction(client):
    client.force_login(make_staff_user(group="Rédaction"))
    make_organisation(name="Châlons Agglo")
    response = client.get(
        reverse("admin:autocomplete"),
        {
            "term": "Châlons",
            "app_label": "communiques",
            "model_name": "communique",
            "field_name": "organisations",
        },
    )
    assert [r["text"] for r in response.json()["results"]] == ["Châlons Agglo"]


def test_text_fields_are_spell_checked_in_french(client):
    draft = make_communique(published=False)
    client.force_login(make_staff_user(group="Rédaction"))

    page = soup(client.get(reverse("admin:communiques_communique_change", args=[draft.pk])))

    for field in ["id_title", "id_lede", "id_body", "id_dateline_place"]:
        element = page.select_one(f"#{field}")
        assert (element["lang"], element["spellcheck"]) == ("fr", "true"), field
    assert page.select_one("#id_title")["data-counter-limit"] == "60"


def test_redaction_is_told_why_publishing_is_not_offered(client):
    draft = make_communique(published=False)
    client.force_login(make_staff_user(group="Rédaction"))

    page = soup(client.get(reverse("admin:communiques_communique_change", args=[draft.pk])))

    reason = page.select_one(".unavailable-actions").get_text()
    assert reason.startswith("Publier maintenant, Programmer : réservé au groupe Publication")
    tools = [a.get_text() for a in page.select(".object-tools a")]
    assert "Publier maintenant" not in tools


def test_publication_sees_no_reason_when_every_action_is_offered(client):
    draft = make_communique(published=False)
    client.force_login(make_staff_user(group="Publication"))

    page = soup(client.get(reverse("admin:communiques_communique_change", args=[draft.pk])))

    assert page.select_one(".unavailable-actions") is None


def test_django_wordings_are_reworded(client):
    client.force_login(make_staff_user(group="Publication"))

    page = soup(client.get(reverse("admin:partners_organisation_add")))

    assert page.select_one("#content h1").get_text() == "Ajouter : organisation"


def test_the_form_previews_the_search_result_and_the_social_card(client):
    draft = make_communique(
        published=False,
        title="La Région et Châlons Agglo signent le pacte offensive croissance emploi",
        lede="Un engagement de 10 millions d’euros pour l’emploi.",
    )
    client.force_login(make_staff_user(group="Rédaction"))

    page = soup(client.get(reverse("admin:communiques_communique_change", args=[draft.pk])))

    previews = page.select_one(".release-previews")
    search_title = previews.select_one(".search-preview__title").get_text()
    assert len(search_title) <= 60 and search_title.endswith("…")
    assert previews.select_one(".search-preview__url").get_text().endswith(f"/{draft.slug}/")
    assert "10 millions" in previews.select_one(".social-preview__description").get_text()
    assert previews.select_one(".social-preview__no-image")


def test_a_new_release_form_has_its_previews_too(client):
    client.force_login(make_staff_user(group="Rédaction"))

    page = soup(client.get(reverse("admin:communiques_communique_add")))

    assert page.select_one(".release-previews .social-preview__site")

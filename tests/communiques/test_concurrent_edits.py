"""Concurrent edits: optimistic locking of the release change form."""

import datetime

import pytest

from communiques.admin import CommuniqueAdminForm
from communiques.models import Communique
from tests.communiques.workflow_states import change_url, make_in_state
from tests.factories import communique_form_data, make_staff_user
from tests.html import page_text, soup

pytestmark = pytest.mark.django_db


class TestConcurrentEdits:
    def test_second_save_of_the_same_version_is_refused(self, client, django_user_model):
        from django.test import Client

        first, second = Client(), Client()
        first.force_login(make_staff_user(group="Rédaction", username="alice"))
        second.force_login(make_staff_user(group="Rédaction", username="bruno"))
        communique = make_in_state("draft", title="Titre initial")
        # Both open the form: each gets version 1.
        version_first = soup(first.get(change_url(communique))).find(
            "input", attrs={"name": "version"}
        )
        version_second = soup(second.get(change_url(communique))).find(
            "input", attrs={"name": "version"}
        )
        assert version_first["value"] == version_second["value"] == "1"

        response = first.post(
            change_url(communique), communique_form_data(communique, title="Titre d’Alice")
        )
        assert response.status_code == 302
        response = second.post(
            change_url(communique), communique_form_data(communique, title="Titre de Bruno")
        )

        assert response.status_code == 200
        content = response.content.decode()
        assert "alice a enregistré ce communiqué le" in content
        assert "rechargez la page" in content
        communique.refresh_from_db()
        assert communique.title == "Titre d’Alice"
        assert communique.version == 2

    def test_the_loser_of_a_simultaneous_save_gets_the_form_back_with_their_text(
        self, client, monkeypatch
    ):
        """Both saves pass the form's version check; the other editor's save lands between
        that check and the loser's UPDATE ... WHERE version = n, which then claims no row."""
        alice = make_staff_user(group="Rédaction", username="alice")
        client.force_login(make_staff_user(group="Rédaction", username="bruno"))
        communique = make_in_state("draft", title="Titre initial")
        checked = CommuniqueAdminForm.clean
        raced = []

        def check_then_lose_the_race(form):
            cleaned = checked(form)
            if not raced:
                raced.append(True)
                winner = Communique.objects.get(pk=communique.pk)
                winner.title = "Titre d’Alice"
                winner.updated_by = alice
                winner.save()
            return cleaned

        monkeypatch.setattr(CommuniqueAdminForm, "clean", check_then_lose_the_race)
        response = client.post(
            change_url(communique),
            communique_form_data(
                communique, title="Titre de Bruno", lede="Le chapeau que Bruno a tapé."
            ),
        )

        assert response.status_code == 200
        page = soup(response)
        assert page.find("input", attrs={"name": "title"})["value"] == "Titre de Bruno"
        assert page.find("textarea", attrs={"name": "lede"}).get_text(strip=True) == (
            "Le chapeau que Bruno a tapé."
        )
        error = page.select_one(".errorlist.nonfield").get_text()
        assert "alice a enregistré ce communiqué le" in error
        assert "rechargez-le" not in page_text(response)

    def test_the_loser_s_form_says_when_the_other_editor_saved(self, client, monkeypatch):
        alice = make_staff_user(group="Rédaction", username="alice")
        client.force_login(make_staff_user(group="Rédaction", username="bruno"))
        communique = make_in_state("draft")
        checked = CommuniqueAdminForm.clean
        raced = []
        saved_at = datetime.datetime(2026, 3, 2, 9, 41, tzinfo=datetime.UTC)

        def check_then_lose_the_race(form):
            cleaned = checked(form)
            if not raced:
                raced.append(True)
                winner = Communique.objects.get(pk=communique.pk)
                winner.updated_by = alice
                winner.save()
                Communique.objects.filter(pk=communique.pk).update(updated_at=saved_at)
            return cleaned

        monkeypatch.setattr(CommuniqueAdminForm, "clean", check_then_lose_the_race)
        response = client.post(change_url(communique), communique_form_data(communique))

        assert "alice a enregistré ce communiqué le 02/03/2026 à 10:41" in page_text(response)

    def test_model_refuses_a_stale_save(self):
        from communiques.models import StaleEditError

        communique = make_in_state("draft")
        stale = Communique.objects.get(pk=communique.pk)
        communique.title = "Premier"
        communique.save()
        stale.title = "Second"
        with pytest.raises(StaleEditError):
            stale.save()
        communique.refresh_from_db()
        assert communique.title == "Premier"

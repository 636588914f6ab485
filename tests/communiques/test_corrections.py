"""Corrections: editing a release that is online asks for a public note."""

import pytest

from communiques.models import CommuniqueEvent, Correction
from tests.communiques.workflow_states import change_url, make_in_state
from tests.factories import communique_form_data, make_staff_user
from tests.html import page_text

pytestmark = pytest.mark.django_db


class TestCorrections:
    def setup_method(self):
        self.publisher = make_staff_user(group="Publication")

    def test_editing_an_online_release_asks_for_a_note(self, client):
        client.force_login(self.publisher)
        communique = make_in_state("published", title="Montant : 1,2 M€")
        response = client.post(
            change_url(communique), communique_form_data(communique, title="Montant : 1,3 M€")
        )
        assert response.status_code == 200
        assert "Rectificatif public" in response.content.decode()
        communique.refresh_from_db()
        assert communique.title == "Montant : 1,2 M€"

    def test_note_is_shown_on_the_public_page(self, client):
        client.force_login(self.publisher)
        communique = make_in_state("published", title="Montant : 1,2 M€")
        response = client.post(
            change_url(communique),
            communique_form_data(
                communique,
                title="Montant : 1,3 M€",
                correction_note="le montant était de 1,3 M€ et non 1,2 M€.",
            ),
        )
        assert response.status_code == 302
        correction = Correction.objects.get(communique=communique)
        assert correction.created_by == self.publisher
        client.logout()
        text = page_text(client.get(communique.get_absolute_url()))
        assert "Rectificatif du" in text
        assert "le montant était de 1,3 M€ et non 1,2 M€." in text
        assert CommuniqueEvent.objects.filter(action=CommuniqueEvent.Action.CORRECTED).exists()

    def test_minor_fix_needs_no_note(self, client):
        client.force_login(self.publisher)
        communique = make_in_state("published", lede="Une coquile.")
        response = client.post(
            change_url(communique),
            communique_form_data(communique, lede="Une coquille.", minor_change="on"),
        )
        assert response.status_code == 302
        communique.refresh_from_db()
        assert communique.lede == "Une coquille."
        assert not Correction.objects.exists()

    def test_drafts_need_no_note(self, client):
        client.force_login(self.publisher)
        communique = make_in_state("draft")
        response = client.post(
            change_url(communique), communique_form_data(communique, title="Nouveau")
        )
        assert response.status_code == 302

"""Protected deletions: what a published release uses cannot be deleted."""

import pytest
from django.db import transaction
from django.db.models import ProtectedError
from django.urls import reverse

from communiques.models import Communique, CommuniqueEvent
from tests.communiques.workflow_states import make_in_state
from tests.factories import (
    make_organisation,
    make_pact,
    make_person,
    make_quote,
    make_staff_user,
    make_theme,
)

pytestmark = pytest.mark.django_db


class TestProtectedDeletion:
    @pytest.mark.parametrize("kind", ["theme", "organisation", "pact", "person"])
    def test_deleting_what_a_published_release_uses_is_refused(self, kind):
        used = {
            "theme": make_theme,
            "organisation": make_organisation,
            "pact": make_pact,
            "person": make_person,
        }[kind]()
        communique = make_in_state("published")
        if kind == "theme":
            communique.themes.add(used)
        elif kind == "organisation":
            communique.organisations.add(used)
        elif kind == "pact":
            communique.pacts.add(used)
        else:
            make_quote(communique=communique, speaker=used)
        with pytest.raises(ProtectedError), transaction.atomic():
            used.delete()
        assert type(used).objects.filter(pk=used.pk).exists()

    def test_what_only_drafts_use_may_be_deleted(self):
        theme = make_theme()
        make_in_state("draft").themes.add(theme)
        theme.delete()
        assert not type(theme).objects.filter(pk=theme.pk).exists()

    def test_admin_explains_why_it_cannot_delete(self, client):
        client.force_login(make_staff_user(group="Publication"))
        theme = make_theme(name="Emploi")
        make_in_state("published", title="Signature du POCE").themes.add(theme)
        url = reverse("admin:communiques_theme_delete", args=[theme.pk])
        response = client.post(url, {"post": "yes"})
        assert response.status_code == 200
        assert "Signature du POCE" in response.content.decode()
        assert type(theme).objects.filter(pk=theme.pk).exists()

    def test_only_a_superuser_deletes_a_published_release_and_it_is_recorded(self, client):
        superuser = make_staff_user(superuser=True)
        client.force_login(superuser)
        communique = make_in_state("published", title="Communiqué supprimé")
        url = reverse("admin:communiques_communique_delete", args=[communique.pk])
        response = client.post(url, {"post": "yes"})
        assert response.status_code == 302
        assert not Communique.objects.filter(pk=communique.pk).exists()
        event = CommuniqueEvent.objects.get(action=CommuniqueEvent.Action.DELETED)
        assert event.communique_title == "Communiqué supprimé"
        assert event.user == superuser

"""Audit trail: revisions of a release and the read-only journal of transitions."""

import pytest
import reversion
from django.urls import reverse
from reversion.models import Version

from communiques.models import CommuniqueEvent, Quote
from tests.communiques.workflow_states import change_url, make_in_state
from tests.factories import (
    attach_contact,
    communique_form_data,
    make_person,
    make_press_contact,
    make_quote,
    make_staff_user,
)
from tests.html import page_text

pytestmark = pytest.mark.django_db


class TestRevisions:
    def test_admin_save_records_a_revision_with_author(self, client):
        user = make_staff_user(group="Rédaction")
        client.force_login(user)
        communique = make_in_state("draft")
        client.post(change_url(communique), communique_form_data(communique, title="Révisé"))
        version = Version.objects.get_for_object(communique).first()
        assert version.revision.user == user
        assert version.field_dict["title"] == "Révisé"

    def test_restore_brings_back_body_quotes_and_contacts_exactly(self):
        speaker = make_person()
        first_contact = make_press_contact(name="Sandrine Poirier")
        communique = make_in_state("draft", body="<p>Version un.</p>", complete=False)
        with reversion.create_revision():
            quote = make_quote(communique=communique, speaker=speaker, text="Citation un.")
            attach_contact(communique=communique, contact=first_contact)
            communique.save()
        communique.refresh_from_db()

        with reversion.create_revision():
            communique.body = "<p>Version deux.</p>"
            communique.save()
            Quote.objects.filter(pk=quote.pk).update(text="Citation deux.")
            make_quote(communique=communique, speaker=speaker, text="Citation ajoutée.")
            communique.contact_links.all().delete()
            attach_contact(communique=communique, contact=make_press_contact(name="Autre"))

        oldest = Version.objects.get_for_object(communique).last()
        oldest.revision.revert(delete=True)

        communique.refresh_from_db()
        assert communique.body == "<p>Version un.</p>"
        assert list(communique.quotes.values_list("text", flat=True)) == ["Citation un."]
        assert communique.contacts == [first_contact]

    def test_restoring_does_not_change_the_editorial_state(self):
        communique = make_in_state("draft", body="<p>Avant.</p>")
        with reversion.create_revision():
            communique.save()
        communique.refresh_from_db()
        communique.publish(by=make_staff_user(group="Publication"))
        Version.objects.get_for_object(communique).last().revision.revert()
        communique.refresh_from_db()
        assert communique.is_published()

    def test_history_and_compare_pages_open(self, client):
        client.force_login(make_staff_user(group="Rédaction"))
        communique = make_in_state("draft", body="<p>Un.</p>")
        client.post(change_url(communique), communique_form_data(communique, body="<p>Un.</p>"))
        communique.refresh_from_db()
        client.post(change_url(communique), communique_form_data(communique, body="<p>Deux.</p>"))
        history = client.get(reverse("admin:communiques_communique_history", args=[communique.pk]))
        assert history.status_code == 200
        versions = Version.objects.get_for_object(communique)
        compare = client.get(
            reverse("admin:communiques_communique_compare", args=[communique.pk]),
            {"version_id1": versions.last().pk, "version_id2": versions.first().pk},
        )
        assert compare.status_code == 200
        assert "Deux." in compare.content.decode()


def test_audit_view_lists_transitions_and_is_read_only(client):
    publisher = make_staff_user(group="Publication", username="paul")
    communique = make_in_state("draft", title="Signature du POCE")
    communique.publish(by=publisher)
    client.force_login(publisher)
    response = client.get(reverse("admin:communiques_communiqueevent_changelist"))
    text = page_text(response)
    assert "Signature du POCE" in text
    assert "Publié" in text
    assert "paul" in text
    event = CommuniqueEvent.objects.get()
    assert client.get(reverse("admin:communiques_communiqueevent_add")).status_code == 403
    response = client.post(
        reverse("admin:communiques_communiqueevent_change", args=[event.pk]), {"note": "x"}
    )
    assert response.status_code == 403

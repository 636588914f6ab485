"""A release is published or scheduled only when complete: one French message names
every missing part, whatever the path (model, transition page, admin action)."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from communiques.models import Communique, CommuniqueEvent
from tests.communiques.workflow_states import change_url, transition_url
from tests.factories import make_communique, make_staff_user
from tests.html import normalise, page_text, soup

pytestmark = pytest.mark.django_db

EVERYTHING_MISSING = (
    "Ce communiqué est incomplet, il manque : le chapeau, le texte, la date de "
    "l’événement, au moins un thème et au moins un contact presse."
)


def incomplete_draft(**fields):
    return make_communique(published=False, complete=False, lede="", body="", **fields)


def unchanged(communique):
    before = (communique.status, communique.published_at, communique.version)
    communique.refresh_from_db()
    return (communique.status, communique.published_at, communique.version) == before


def test_publishing_an_incomplete_release_names_each_missing_part_and_changes_nothing():
    publisher = make_staff_user(group="Publication")
    draft = incomplete_draft()
    with pytest.raises(ValidationError) as refusal:
        draft.publish(by=publisher)
    assert refusal.value.messages == [EVERYTHING_MISSING]
    assert unchanged(Communique.objects.get(pk=draft.pk))
    assert not CommuniqueEvent.objects.filter(communique=draft).exists()


@pytest.mark.parametrize(
    ("emptied", "named"),
    [
        ({"lede": ""}, "le chapeau"),
        ({"body": "<p> </p>"}, "le texte"),
        ({"event_date": None}, "la date de l’événement"),
    ],
)
def test_each_missing_field_is_named(emptied, named):
    draft = make_communique(published=False)
    Communique.objects.filter(pk=draft.pk).update(**emptied)
    draft.refresh_from_db()
    assert draft.incompleteness_message() == f"Ce communiqué est incomplet, il manque : {named}."


def test_a_release_without_theme_or_contact_is_incomplete():
    draft = make_communique(published=False)
    draft.themes.clear()
    draft.contact_links.all().delete()
    assert draft.missing_for_publication() == ["au moins un thème", "au moins un contact presse"]


def test_scheduling_an_incomplete_release_is_refused():
    publisher = make_staff_user(group="Publication")
    draft = incomplete_draft()
    with pytest.raises(ValidationError, match="il manque"):
        draft.schedule(by=publisher, at=timezone.now() + datetime.timedelta(days=1))
    assert unchanged(draft)


def test_a_complete_release_publishes():
    publisher = make_staff_user(group="Publication")
    draft = make_communique(published=False)
    assert draft.missing_for_publication() == []
    draft.publish(by=publisher)
    assert draft.is_published()


def test_transition_page_explains_and_disables_the_button(client):
    client.force_login(make_staff_user(group="Publication"))
    draft = incomplete_draft()
    page = soup(client.get(transition_url(draft, "publish")))
    assert page.select_one("#publication-blocked").get_text() == EVERYTHING_MISSING
    button = page.select_one("input[type=submit]")
    assert button.has_attr("disabled")
    assert button["aria-describedby"] == "publication-blocked"


def test_forced_post_of_the_transition_is_refused_with_the_message(client):
    client.force_login(make_staff_user(group="Publication"))
    draft = incomplete_draft()
    response = client.post(transition_url(draft, "publish"), follow=True)
    assert normalise(EVERYTHING_MISSING) in page_text(response)
    assert unchanged(draft)


def test_admin_action_does_not_publish_an_incomplete_release(client):
    client.force_login(make_staff_user(group="Publication"))
    draft = incomplete_draft(title="Pacte sans chapeau")
    response = client.post(
        reverse("admin:communiques_communique_changelist"),
        {"action": "publish_selected", "_selected_action": [draft.pk], "index": 0},
        follow=True,
    )
    assert normalise(f"« Pacte sans chapeau » : {EVERYTHING_MISSING}") in page_text(response)
    assert unchanged(draft)


def test_change_form_greys_out_publish_and_schedule_saying_why(client):
    client.force_login(make_staff_user(group="Publication"))
    draft = incomplete_draft()
    page = soup(client.get(change_url(draft)))
    reason = page.select_one("#publication-blocked").get_text(" ", strip=True)
    assert reason == f"« Publier » et « Programmer » sont indisponibles. {EVERYTHING_MISSING}"
    disabled = [span.get_text(strip=True) for span in page.select(".object-tools .disabled-tool")]
    assert disabled == ["Publier maintenant (indisponible)", "Programmer (indisponible)"]
    links = [a.get_text(strip=True) for a in page.select(".object-tools a")]
    assert "Publier maintenant" not in links
    assert "Soumettre à relecture" in links


def test_change_form_of_a_complete_draft_offers_publish(client):
    client.force_login(make_staff_user(group="Publication"))
    draft = make_communique(published=False)
    page = soup(client.get(change_url(draft)))
    assert page.select_one("#publication-blocked") is None
    assert "Publier maintenant" in [a.get_text(strip=True) for a in page.select(".object-tools a")]

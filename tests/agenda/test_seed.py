import pytest
from django.core.management import call_command

from agenda.models import Invitation
from agenda.seed import INVITATION_SLUG, load_poce_invitation
from communiques.seed import COMMUNIQUE_SLUG
from tests.html import page_text, soup

pytestmark = pytest.mark.django_db


def test_the_poce_signing_is_a_past_invitation_linked_to_its_release(client):
    call_command("load_poce_invitation", stdout=None)
    invitation = Invitation.objects.published().get(slug=INVITATION_SLUG)
    assert invitation.is_past
    assert invitation.follow_up_release.slug == COMMUNIQUE_SLUG
    assert invitation.pact == invitation.follow_up_release.pacts.get()
    response = client.get(invitation.get_absolute_url())
    text = page_text(response)
    assert "jeudi 5 septembre 2019 à 11 h" in text
    assert "Jean Rottner, Président de la Région Grand Est" in text
    assert "Bruno Bourg-Broc, Président de Châlons Agglo" in text
    assert "11 h 15 : signature" in text
    release_link = soup(response).find("a", href=invitation.follow_up_release.get_absolute_url())
    assert release_link is not None
    assert "Sandrine Poirier" in [contact.name for contact in invitation.contacts.all()]


def test_loading_twice_changes_nothing():
    first, created = load_poce_invitation()
    again, created_again = load_poce_invitation()
    assert (created, created_again) == (True, False)
    assert again == first
    assert Invitation.objects.count() == 1

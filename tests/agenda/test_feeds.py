import datetime
from xml.etree import ElementTree

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.factories import make_invitation, make_theme
from tests.html import normalise

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"


def rss_items(client):
    response = client.get(reverse("agenda:feed", kwargs={"format": "rss"}))
    assert response["Content-Type"].startswith("application/rss+xml")
    return ElementTree.fromstring(response.content).findall("channel/item")


def test_rss_lists_public_invitations_with_their_date_place_and_programme(client):
    make_invitation(
        title="Signature du POCE",
        starts_at=datetime.datetime(2019, 9, 5, 9, 0, tzinfo=datetime.UTC),
        place_name="Foire de Châlons-en-Champagne",
        programme="<p>11 h 15 : signature</p>",
        themes=[make_theme(name="Économie")],
    )
    make_invitation(title="Brouillon", published=False)
    [item] = rss_items(client)
    assert item.findtext("title") == "Signature du POCE"
    description = normalise(item.findtext("description"))
    assert "jeudi 5 septembre 2019 à 11 h" in description
    assert "Foire de Châlons-en-Champagne" in description
    assert "11 h 15 : signature" in description
    assert item.findtext("category") == "Économie"


def test_a_cancelled_event_says_so_in_the_title_and_comes_back_to_the_top(client, time_machine):
    time_machine.move_to(timezone.now(), tick=False)
    cancelled = make_invitation(title="Visite du chantier")
    time_machine.shift(datetime.timedelta(minutes=1))
    make_invitation(title="Conférence de presse")
    time_machine.shift(datetime.timedelta(minutes=1))
    cancelled.event_status = "cancelled"
    cancelled.event_status_note = "Intempéries."
    cancelled.save()
    items = rss_items(client)
    assert [item.findtext("title") for item in items] == [
        "ANNULÉ — Visite du chantier",
        "Conférence de presse",
    ]
    assert "ANNULÉ : Intempéries." in items[0].findtext("description")


def test_the_item_guid_stays_when_the_invitation_changes(client):
    invitation = make_invitation()
    [before] = rss_items(client)
    invitation.event_status = "postponed"
    invitation.save()
    [after] = rss_items(client)
    assert before.findtext("guid") == after.findtext("guid") == f"urn:uuid:{invitation.uid}"
    assert after.findtext("title").startswith("REPORTÉ")


def test_atom_feed_has_the_same_entries(client):
    make_invitation(title="Signature du POCE")
    response = client.get(reverse("agenda:feed", kwargs={"format": "atom"}))
    feed = ElementTree.fromstring(response.content)
    assert [entry.findtext(f"{ATOM}title") for entry in feed.findall(f"{ATOM}entry")] == [
        "Signature du POCE"
    ]


def test_an_unknown_feed_format_is_not_found(client):
    assert client.get(reverse("agenda:feed", kwargs={"format": "json"})).status_code == 404


@pytest.mark.parametrize("size", [1, 10])
def test_feed_query_count_does_not_grow(client, django_assert_num_queries, size):
    for _ in range(size):
        make_invitation(themes=[make_theme()])
    client.get(reverse("agenda:feed", kwargs={"format": "rss"}))
    with django_assert_num_queries(5):
        assert len(rss_items(client)) == size


def test_sitemap_lists_public_invitations_only(client):
    public = make_invitation()
    draft = make_invitation(published=False)
    content = client.get(reverse("sitemap-section", args=["agenda"])).content.decode()
    assert public.get_absolute_url() in content
    assert draft.get_absolute_url() not in content

import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from journalists.models import Delivery, Journalist, JournalistEmail, Sending, Suppression
from tests.factories import (
    make_communique,
    make_journalist,
    make_media,
    make_organisation,
    make_recipient_list,
    make_segment,
    make_staff_user,
    make_theme,
)
from tests.html import soup

pytestmark = pytest.mark.django_db


def populate(size):
    themes = [make_theme(), make_theme()]
    territory = make_organisation(kind="departement")
    media = [make_media(kind="pqr"), make_media(kind="radio")]
    journalists = [
        make_journalist(
            media=media[n % 2],
            emails=[f"j{size}-{n}@presse.fr", f"j{size}-{n}@perso.fr"],
            phones=["0684801148"],
            beats=themes,
            territories=[territory],
            languages=["fr", "de"],
        )
        for n in range(size)
    ]
    make_recipient_list(journalists=journalists)
    make_segment(themes=themes)


CHANGELISTS = [
    "admin:journalists_journalist_changelist",
    "admin:journalists_media_changelist",
    "admin:journalists_recipientlist_changelist",
    "admin:journalists_segment_changelist",
]


@pytest.mark.parametrize("url_name", CHANGELISTS)
def test_directory_list_pages_cost_the_same_queries_at_two_sizes(client, url_name):
    client.force_login(make_staff_user(group="Publication"))
    counts = {}
    for size in (3, 30):
        populate(size)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(reverse(url_name))
        assert response.status_code == 200
        counts[size] = len(queries)
    assert counts[30] == counts[3], counts


def test_the_journalist_list_shows_the_first_address_and_the_media_kind(client):
    client.force_login(make_staff_user(group="Rédaction"))
    make_journalist(
        name="Claire Martin",
        media=make_media(name="L’Union", kind="pqr"),
        emails=["claire.martin@lunion.fr", "claire@gmail.com"],
    )
    row = soup(client.get(reverse("admin:journalists_journalist_changelist"))).select_one(
        "#result_list tbody tr"
    )
    cells = [
        cell.get_text(strip=True)
        for cell in row.find_all(["th", "td"])
        if "action-checkbox" not in cell.get("class", [])
    ]
    assert cells == [
        "Claire Martin",
        "L’Union",
        "Presse quotidienne régionale",
        "-",
        "claire.martin@lunion.fr",
    ]


def test_a_journalist_is_found_by_any_of_their_addresses(client):
    client.force_login(make_staff_user(group="Rédaction"))
    make_journalist(name="Claire Martin", emails=["claire.martin@lunion.fr", "cm@gmail.com"])
    make_journalist(name="Paul Durand")
    response = client.get(reverse("admin:journalists_journalist_changelist"), {"q": "CM@gmail.com"})
    names = [a.get_text() for a in soup(response).select("#result_list tbody th a")]
    assert names == ["Claire Martin"]


def test_the_personal_data_export_is_one_json_file_with_everything_held(client):
    client.force_login(make_staff_user(group="Rédaction"))
    journalist = make_journalist(
        name="Claire Martin",
        media=make_media(name="L’Union"),
        emails=["claire.martin@lunion.fr"],
        phones=["0326707436"],
        beats=[make_theme(name="Culture")],
        notes="Préfère être appelée le matin.",
    )
    response = client.get(reverse("admin:journalists_journalist_export", args=[journalist.pk]))
    assert response["Content-Disposition"] == 'attachment; filename="donnees-claire-martin.json"'
    data = json.loads(response.content)
    assert data["nom"] == "Claire Martin"
    assert data["média"] == "L’Union"
    assert data["courriels"] == [
        {
            "adresse": "claire.martin@lunion.fr",
            "base légale": "Intérêt légitime",
            "source": "Carte de visite",
            "recueillie le": journalist.emails.get().collected_on.isoformat(),
        }
    ]
    assert data["téléphones"] == [{"numéro": "+33326707436", "libellé": ""}]
    assert data["rubriques"] == ["Culture"]
    assert data["notes"] == "Préfère être appelée le matin."


def erase(client, journalist):
    return client.post(reverse("admin:journalists_journalist_erase", args=[journalist.pk]))


def test_erasing_a_journalist_removes_their_personal_data_and_keeps_delivery_counts(client):
    client.force_login(make_staff_user(group="Publication"))
    journalist = make_journalist(
        name="Claire Martin", emails=["claire.martin@lunion.fr"], phones=["0326707436"]
    )
    sending = Sending.objects.create(communique=make_communique())
    Delivery.objects.create(
        sending=sending,
        journalist=journalist,
        email="claire.martin@lunion.fr",
        digest="x",
        state=Delivery.State.SENT,
    )
    erase(client, journalist)
    journalist.refresh_from_db()
    assert journalist.name == f"Journaliste effacé·e n° {journalist.pk}"
    assert journalist.erased_at is not None
    assert not journalist.emails.exists()
    assert not journalist.phones.exists()
    assert list(journalist.deliveries.values_list("email", "state")) == [("", "sent")]


def test_an_erased_address_is_never_mailed_even_if_imported_again(client):
    client.force_login(make_staff_user(group="Publication"))
    erase(client, make_journalist(emails=["claire.martin@lunion.fr"]))
    make_journalist(emails=["claire.martin@lunion.fr"])
    assert Suppression.blocks("claire.martin@lunion.fr")
    assert not JournalistEmail.objects.mailable().exists()


def test_redaction_cannot_erase_a_journalist(client):
    client.force_login(make_staff_user(group="Rédaction"))
    journalist = make_journalist(name="Claire Martin")
    assert erase(client, journalist).status_code == 403
    assert Journalist.objects.get().name == "Claire Martin"


def test_the_suppression_list_is_searched_by_typing_a_full_address(client):
    client.force_login(make_staff_user(group="Publication"))
    Suppression.add("claire.martin@lunion.fr", reason=Suppression.Reason.UNSUBSCRIBED)
    Suppression.add("paul@lunion.fr", reason=Suppression.Reason.BOUNCED)
    response = client.get(
        reverse("admin:journalists_suppression_changelist"), {"q": "Claire.Martin@lunion.fr"}
    )
    assert [cell.get_text() for cell in soup(response).select("#result_list td.field-reason")] == [
        "Désinscription"
    ]

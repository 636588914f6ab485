"""No N+1 in the admin either: list pages cost the same with 2 or 20 rows."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from communiques.models import PreviewLink
from tests.factories import (
    attach_contact,
    make_communique,
    make_mandate,
    make_organisation,
    make_pact,
    make_person,
    make_press_contact,
    make_quote,
    make_staff_user,
    make_theme,
)

pytestmark = pytest.mark.django_db


def populate(size):
    publisher = make_staff_user(group="Publication", username=f"editeur{size}")
    for _ in range(size):
        organisation = make_organisation()
        person = make_person()
        make_mandate(person=person, organisation=organisation)
        pact = make_pact(territories=[organisation])
        communique = make_communique(
            published=False, themes=[make_theme()], pacts=[pact], organisations=[organisation]
        )
        make_quote(communique=communique, speaker=person)
        attach_contact(
            communique=communique, contact=make_press_contact(phones=["0684801148", "0326707436"])
        )
        communique.publish(by=publisher)
        PreviewLink.objects.create(
            communique=make_communique(published=False),
            recipient_name="Claire",
            email="claire@lunion.fr",
            expires_at="2099-01-01T10:00Z",
        )
    return publisher


CHANGELISTS = [
    "admin:communiques_communique_changelist",
    "admin:communiques_presscontact_changelist",
    "admin:communiques_previewlink_changelist",
    "admin:communiques_communiqueevent_changelist",
    "admin:partners_person_changelist",
    "admin:partners_mandate_changelist",
    "admin:partners_organisation_changelist",
    "admin:partners_territorialpact_changelist",
]


@pytest.mark.parametrize("url_name", CHANGELISTS)
def test_changelist_queries_do_not_grow(client, url_name):
    counts = {}
    for size in (2, 20):
        client.force_login(populate(size))
        with CaptureQueriesContext(connection) as queries:
            response = client.get(reverse(url_name))
        assert response.status_code == 200
        counts[size] = len(queries)
    assert counts[20] == counts[2], counts

"""No leak of an invitation, anywhere: every non-public state × every public surface.

As for releases (tests/communiques/test_leaks.py), the page cache is on: a page or
calendar cached while an invitation is under embargo must not outlive its time.
Each invitation carries a unique marker in every text field. Add every new public
surface that shows invitations to SURFACES.
"""

import datetime
import json
import re

import pytest
from django.urls import reverse

from agenda.tasks import render_invitation_pdf
from tests.communiques.test_leaks import make_private_partners, partners_leaked, readable
from tests.factories import (
    make_communique,
    make_invitation,
    make_organisation,
    make_pact,
    make_person,
    make_press_contact,
    make_theme,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("response_cache_on")]

SECOND = datetime.timedelta(seconds=1)
LIFT = datetime.datetime(2030, 9, 5, 9, 0, tzinfo=datetime.UTC)
STATES = ["draft", "review", "scheduled", "withdrawn"]
TEXT_FIELDS = [
    "title",
    "lede",
    "programme",
    "place_name",
    "place_address",
    "accreditation_details",
    "event_status_note",
]


def markers(state):
    return {field: f"{field.upper().replace('_', '')}{state.upper()}XQZ" for field in TEXT_FIELDS}


def make_leaky_invitation(state):
    """An invitation in `state`, citing a theme, territory, pact, speaker and releases."""
    related = {
        "theme": make_theme(),
        "territory": make_organisation(),
        "pact": make_pact(),
        "speaker": make_person(),
    }
    mark = markers(state)
    fields = {
        **{field: mark[field] for field in TEXT_FIELDS},
        "programme": f"<p>{mark['programme']} logistique confidentielle</p>",
        # Postponed, with its reason: the status note is public once the invitation is.
        "event_status": "postponed",
        "starts_at": LIFT + datetime.timedelta(days=10),
        "themes": [related["theme"]],
        "territories": [related["territory"]],
        "speakers": [related["speaker"]],
        "contacts": [make_press_contact()],
        "pact": related["pact"],
        "related_release": make_communique(),
    }
    if state == "draft":
        invitation = make_invitation(published=False, **fields)
    elif state == "review":
        invitation = make_invitation(published=False, status="review", **fields)
    elif state == "scheduled":
        invitation = make_invitation(published_at=LIFT, **fields)
    elif state == "withdrawn":
        invitation = make_invitation(
            published=False,
            status="withdrawn",
            published_at=LIFT - datetime.timedelta(days=2),
            withdrawn_at=LIFT - datetime.timedelta(days=1),
            withdrawal_reason="Retirée à la demande du partenaire.",
            **fields,
        )
    return invitation, related


def open_data_file(file_format):
    return reverse("opendata:export", kwargs={"dataset": "invitations", "file_format": file_format})


def scoped_calendar(scope, obj):
    return reverse("agenda:scoped-calendar", kwargs={"scope": scope, "slug": obj.slug})


SURFACES = {
    "home": lambda i, related: reverse("home"),
    "agenda": lambda i, related: reverse("agenda:list"),
    "agenda-filtered": lambda i, related: (
        reverse("agenda:list")
        + f"?theme={related['theme'].slug}&territoire={related['territory'].slug}"
        + f"&pacte={related['pact'].slug}&personne={related['speaker'].slug}"
    ),
    "detail": lambda i, related: i.get_absolute_url(),
    "ics": lambda i, related: i.get_ics_url(),
    "pdf": lambda i, related: i.get_pdf_url(),
    "api-list": lambda i, related: reverse("opendata:api:invitations-list"),
    "api-detail": lambda i, related: reverse("opendata:api:invitations-detail", args=[i.slug]),
    "feed-rss": lambda i, related: reverse("agenda:feed", kwargs={"format": "rss"}),
    "feed-atom": lambda i, related: reverse("agenda:feed", kwargs={"format": "atom"}),
    "calendar": lambda i, related: reverse("agenda:calendar"),
    "calendar-theme": lambda i, related: scoped_calendar("theme", related["theme"]),
    "calendar-territory": lambda i, related: scoped_calendar("territoire", related["territory"]),
    "sitemap": lambda i, related: reverse("sitemap-section", args=["agenda"]),
    "search": lambda i, related: reverse("communiques:search") + "?q=logistique",
    "search-title": lambda i, related: reverse("communiques:search") + f"?q={i.title}",
    "pact": lambda i, related: related["pact"].get_absolute_url(),
    "person": lambda i, related: related["speaker"].get_absolute_url(),
    "organisation": lambda i, related: related["territory"].get_absolute_url(),
    "export-csv": lambda i, related: open_data_file("csv"),
    "export-json": lambda i, related: open_data_file("json"),
    "catalogue": lambda i, related: reverse("opendata:catalogue"),
    "api-root": lambda i, related: reverse("opendata:api:api-root"),
    "open-data-page": lambda i, related: reverse("opendata:index"),
}
# Surfaces that show a whole invitation once it is public.
FULL_SURFACES = {
    "detail", "ics", "pdf", "api-list", "api-detail",
    "feed-rss", "feed-atom", "calendar", "calendar-theme", "export-csv", "export-json",
}  # fmt: skip
# Surfaces that list invitations (title at least) once public.
LISTING_SURFACES = {"home", "agenda", "agenda-filtered", "calendar-territory", "search-title"}
# The invitation's own files: refused (404) until it is public.
FILE_SURFACES = {"ics", "pdf", "api-detail"}


def leaked(content, state, *, allowed=()):
    return [
        name for name, mark in markers(state).items() if mark in content and name not in allowed
    ]


@pytest.mark.parametrize("surface", SURFACES)
@pytest.mark.parametrize("state", STATES)
def test_no_marker_of_a_non_public_invitation_on_any_surface(client, time_machine, state, surface):
    time_machine.move_to(LIFT - SECOND, tick=False)
    invitation, related = make_leaky_invitation(state)
    if surface == "pdf":
        render_invitation_pdf.call(invitation.pk)  # a worker running early renders nothing
    url = SURFACES[surface](invitation, related)
    for _ in range(2):  # rendered, then from the page cache
        response = client.get(url)
        content = readable(response)
        # The search page repeats the words asked for; its link would be the leak.
        allowed = ("title",) if surface == "search-title" else ()
        assert leaked(content, state, allowed=allowed) == []
        if surface not in {"detail", *FILE_SURFACES}:  # a 404 page names the URL asked for
            assert invitation.get_absolute_url() not in content
    if surface in FILE_SURFACES:
        assert response.status_code == 404
    if surface == "detail":
        assert response.status_code == (410 if state == "withdrawn" else 404)


@pytest.mark.parametrize("surface", SURFACES)
def test_scheduled_invitation_appears_one_second_after_its_time(client, time_machine, surface):
    time_machine.move_to(LIFT - SECOND, tick=False)
    invitation, related = make_leaky_invitation("scheduled")
    url = SURFACES[surface](invitation, related)
    client.get(url)  # cached while the invitation is still under embargo
    time_machine.move_to(LIFT + SECOND, tick=False)
    if surface == "pdf":
        render_invitation_pdf.call(invitation.pk)  # what the worker does at publication
    response = client.get(url)
    assert response.status_code == 200
    content = readable(response)
    if surface in FULL_SURFACES:
        assert sorted(leaked(content, "scheduled")) == sorted(TEXT_FIELDS)
    elif surface in LISTING_SURFACES:
        assert markers("scheduled")["title"] in content
    elif surface == "sitemap":
        assert invitation.get_absolute_url() in content


def invitations_modified(client):
    """The last modification the catalogue gives the invitations, or None."""
    document = json.loads(client.get(reverse("opendata:catalogue")).content)
    [node] = [d for d in document["dcat:dataset"] if d["dct:identifier"] == "invitations"]
    return node.get("dct:modified")


@pytest.mark.parametrize("state", STATES)
def test_the_catalogue_dates_no_change_of_a_non_public_invitation(client, time_machine, state):
    time_machine.move_to(LIFT - SECOND, tick=False)
    make_leaky_invitation(state)
    assert invitations_modified(client) is None
    if state == "scheduled":
        time_machine.move_to(LIFT + SECOND, tick=False)
        assert datetime.datetime.fromisoformat(invitations_modified(client)) == LIFT


# What a public invitation may say of the private records it cites: their names, as its
# page does, never their slugs, addresses or other fields (a mandate, a biography).
NAMES = {"person-first-name", "person-last-name", "pact-title", "organisation-name"}


@pytest.mark.parametrize("surface", ["export-csv", "export-json", "api-list", "api-detail"])
def test_a_public_invitation_names_the_private_records_it_cites_and_no_more(client, surface):
    private = make_private_partners("public")
    invitation = make_invitation(  # published without the workflow, which would lift them
        speakers=[private["speaker"]],
        territories=[private["organisation"]],
        pact=private["pact"],
    )
    response = client.get(SURFACES[surface](invitation, {}))
    content = readable(response)
    assert response.status_code == 200
    assert invitation.title in content
    assert set(partners_leaked(content, "public")) <= NAMES
    for record in ("pact", "organisation", "speaker"):
        assert private[record].get_absolute_url() not in content
        assert re.search(rf"\b{re.escape(private[record].slug)}\b", content) is None

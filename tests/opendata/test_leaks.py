"""The leak matrix of tests/communiques/test_leaks.py over the open data surfaces:
every non-public state of a release × every API endpoint, filter, count, cursor,
export and the catalogue, with the page cache on as in production. The pact, person
and organisation the release cites are private until it is public, as there."""

import datetime
import json
import types

import pytest
from django.urls import reverse

from opendata.api import RELEASE_ORDER
from tests.communiques.test_leaks import (
    LIFT,
    SECOND,
    invitation_citing,
    leaked,
    make_release,
    markers,
    partner_markers,
    partners_leaked,
    readable,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("response_cache_on")]

STATES = ["draft", "review", "scheduled", "withdrawn"]


def api(name, *args):
    return reverse(f"opendata:api:{name}", args=args)


def export(dataset, file_format):
    return reverse("opendata:export", kwargs={"dataset": dataset, "file_format": file_format})


def far_cursor():
    """A cursor placed after a release published in 2100: every earlier one follows."""
    future = datetime.datetime(2100, 1, 1, tzinfo=datetime.UTC)
    future = types.SimpleNamespace(published_at=future, created_at=future, id=1)
    return RELEASE_ORDER.encode(future)


def filters(related):
    return (
        f"theme={related['theme'].slug}&organisation={related['organisation'].slug}"
        f"&pacte={related['pact'].slug}&personne={related['speaker'].slug}"
        f"&type={related['pact'].kind.slug}"
    )


SURFACES = {
    "api-list": lambda c, related: api("release-list"),
    "api-list-filtered": lambda c, related: api("release-list") + "?" + filters(related),
    "api-list-search": lambda c, related: api("release-list") + "?q=logistique",
    "api-list-year": lambda c, related: api("release-list") + "?annee=2030&mois=9",
    "api-list-cursor": lambda c, related: api("release-list") + f"?limite=1&curseur={far_cursor()}",
    "api-detail": lambda c, related: api("release-detail", c.slug),
    "api-pact": lambda c, related: api("pactes-detail", related["pact"].slug),
    "api-pacts": lambda c, related: api("pactes-list"),
    "api-person": lambda c, related: api("personnalites-detail", related["speaker"].slug),
    "api-people": lambda c, related: api("personnalites-list"),
    "api-organisation": lambda c, related: api(
        "organisations-detail", related["organisation"].slug
    ),
    "api-theme": lambda c, related: api("themes-detail", related["theme"].slug),
    "api-contacts": lambda c, related: api("contacts-presse-list"),
    **{
        f"export-{dataset}-{file_format}": (
            lambda c, related, dataset=dataset, file_format=file_format: export(
                dataset, file_format
            )
        )
        for dataset in ("communiques", "pactes", "organisations", "personnalites", "themes")
        for file_format in ("csv", "json")
    },
    # A public invitation that names the release as related and as its follow-up.
    **{
        f"export-invitations-{file_format}": (
            lambda c, related, file_format=file_format: (
                invitation_citing(c) and export("invitations", file_format)
            )
        )
        for file_format in ("csv", "json")
    },
    "catalogue": lambda c, related: reverse("opendata:catalogue"),
    "open-data-page": lambda c, related: reverse("opendata:index"),
}
# The surfaces that list releases, and how many they count.
RELEASE_LISTS = {
    "api-list",
    "api-list-filtered",
    "api-list-search",
    "api-list-year",
    "api-list-cursor",
}


@pytest.mark.parametrize("surface", SURFACES)
@pytest.mark.parametrize("state", STATES)
def test_no_marker_of_a_non_public_release_on_any_open_data_surface(
    client, time_machine, state, surface
):
    time_machine.move_to(LIFT - SECOND, tick=False)
    communique, related = make_release(state)
    response = client.get(SURFACES[surface](communique, related))
    content = readable(response)
    assert leaked(content, state) == []
    assert partners_leaked(content, state) == []
    if surface != "api-detail":  # whose problem details echo the address asked for
        assert communique.slug not in content
    if surface not in ("api-pact", "api-person", "api-organisation"):  # idem
        for record in ("pact", "organisation", "speaker"):
            assert related[record].slug not in content
    assert related["image"].folder not in content
    if surface == "api-list-filtered":
        # Its pact, person and organisation are not public: unknown, as a wrong slug.
        assert response.status_code == 400
    elif surface in RELEASE_LISTS:
        assert response.status_code == 200
        assert json.loads(content)["nombre"] == 0
    if surface == "api-detail":
        assert response.status_code == (410 if state == "withdrawn" else 404)
    if surface in ("api-pact", "api-person", "api-organisation"):
        assert response.status_code == 404


def read_after_the_lift(client, time_machine, surface) -> str:
    """`surface` read (and cached) under embargo, then read again just after it lifts."""
    time_machine.move_to(LIFT - SECOND, tick=False)
    communique, related = make_release("scheduled")
    url = SURFACES[surface](communique, related)
    client.get(url)
    time_machine.move_to(LIFT + SECOND, tick=False)
    response = client.get(url)
    assert response.status_code == 200
    return readable(response)


@pytest.mark.parametrize(
    "surface",
    sorted(
        RELEASE_LISTS
        | {
            "api-detail",
            "export-communiques-csv",
            "export-communiques-json",
            "export-invitations-json",
        }
    ),
)
def test_a_scheduled_release_appears_one_second_after_its_time(client, time_machine, surface):
    content = read_after_the_lift(client, time_machine, surface)
    assert markers("scheduled")["title"] in content
    if surface in RELEASE_LISTS:
        assert json.loads(content)["nombre"] == 1


PARTNER_SURFACES = {
    "api-pact": ["pact-title", "axis-title", "funding-label", "signatory-role"],
    "api-pacts": ["pact-title", "pact-summary", "axis-description", "funding-wording"],
    "api-person": ["person-first-name", "person-last-name", "person-bio", "mandate-title"],
    "api-people": ["person-last-name", "mandate-title"],
    "api-organisation": ["organisation-name", "organisation-description"],
    "export-pactes-json": ["pact-title", "axis-title"],
    "export-pactes-csv": ["pact-title"],
    "export-personnalites-csv": ["person-last-name"],
    "export-organisations-json": ["organisation-name", "organisation-short-name"],
}


@pytest.mark.parametrize("surface", sorted(PARTNER_SURFACES))
def test_the_records_a_scheduled_release_cites_appear_one_second_after_its_time(
    client, time_machine, surface
):
    content = read_after_the_lift(client, time_machine, surface)
    mark = partner_markers("scheduled")
    assert [name for name in PARTNER_SURFACES[surface] if mark[name] not in content] == []


def test_the_catalogue_dates_only_public_changes(client, time_machine):
    time_machine.move_to(LIFT - SECOND, tick=False)
    make_release("scheduled")
    document = json.loads(client.get(reverse("opendata:catalogue")).content)
    for dataset in document["dcat:dataset"]:
        if dataset["dct:identifier"] in ("communiques", "pactes", "personnalites"):
            assert "dct:modified" not in dataset

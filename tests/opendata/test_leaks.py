"""The leak matrix of tests/communiques/test_leaks.py over the open data surfaces:
every non-public state of a release × every API endpoint, filter, count, cursor,
export and the catalogue, with the page cache on as in production."""

import datetime
import json
import types

import pytest
from django.urls import reverse

from opendata.api import RELEASE_ORDER
from tests.communiques.test_leaks import LIFT, SECOND, leaked, make_release, markers, readable

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
    if surface != "api-detail":  # whose problem details echo the address asked for
        assert communique.slug not in content
    assert related["image"].folder not in content
    if surface in RELEASE_LISTS:
        assert response.status_code == 200
        assert json.loads(content)["nombre"] == 0
    if surface == "api-detail":
        assert response.status_code == (410 if state == "withdrawn" else 404)


@pytest.mark.parametrize(
    "surface",
    sorted(RELEASE_LISTS | {"api-detail", "export-communiques-csv", "export-communiques-json"}),
)
def test_a_scheduled_release_appears_one_second_after_its_time(client, time_machine, surface):
    time_machine.move_to(LIFT - SECOND, tick=False)
    communique, related = make_release("scheduled")
    url = SURFACES[surface](communique, related)
    client.get(url)
    time_machine.move_to(LIFT + SECOND, tick=False)
    response = client.get(url)
    assert response.status_code == 200
    content = readable(response)
    assert markers("scheduled")["title"] in content
    if surface in RELEASE_LISTS:
        assert json.loads(content)["nombre"] == 1


def test_the_catalogue_dates_only_public_changes(client, time_machine):
    time_machine.move_to(LIFT - SECOND, tick=False)
    make_release("scheduled")
    document = json.loads(client.get(reverse("opendata:catalogue")).content)
    [releases] = [d for d in document["dcat:dataset"] if d["dct:identifier"] == "communiques"]
    assert "dct:modified" not in releases

import datetime

import pytest
import schemathesis
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from tests.factories import (
    attach_contact,
    make_axis,
    make_communique,
    make_funding,
    make_invitation,
    make_mandate,
    make_organisation,
    make_pact,
    make_pact_kind,
    make_person,
    make_press_contact,
    make_quote,
    make_signatory,
    make_theme,
)

pytestmark = pytest.mark.django_db

HOUR = datetime.timedelta(hours=1)


def api_url(name, *args):
    return reverse(f"opendata:api:{name}", args=args)


def titles(response):
    return [release["titre"] for release in response.json()["resultats"]]


def test_the_schema_is_valid_openapi_3_1(client):
    response = client.get(api_url("openapi-json"))
    document = response.json()
    assert document["openapi"] == "3.1.0"
    schemathesis.openapi.from_dict(document).validate()
    assert {
        "/api/v1/communiques/",
        "/api/v1/communiques/{slug}/",
        "/api/v1/pactes/{slug}/",
        "/api/v1/personnalites/",
        "/api/v1/organisations/",
        "/api/v1/themes/",
        "/api/v1/contacts-presse/",
        "/api/v1/invitations/",
    } <= set(document["paths"])


def test_the_schema_documents_errors_as_problem_details(client):
    document = client.get(api_url("openapi-json")).json()
    responses = document["paths"]["/api/v1/communiques/"]["get"]["responses"]
    assert set(responses) >= {"200", "400", "429"}
    assert list(responses["429"]["content"]) == ["application/problem+json"]


def test_release_list_gives_published_releases_newest_first(client):
    now = timezone.now()
    make_communique(title="Ancien", published_at=now - 2 * HOUR)
    make_communique(title="Récent", published_at=now - HOUR)
    make_communique(title="Brouillon", published=False)
    make_communique(title="Programmé", published_at=now + HOUR)
    response = client.get(api_url("release-list"))
    assert response.status_code == 200
    assert titles(response) == ["Récent", "Ancien"]
    assert response.json()["nombre"] == 2


def test_release_list_filters_like_the_public_list(client):
    theme = make_theme(name="Économie")
    speaker = make_person()
    pact = make_pact()
    quoted = make_communique(title="Cité", themes=[theme], pacts=[pact])
    make_quote(communique=quoted, speaker=speaker)
    make_communique(title="Autre", themes=[theme])
    query = f"?theme={theme.slug}&personne={speaker.slug}&pacte={pact.slug}&type={pact.kind.slug}"
    assert titles(client.get(api_url("release-list") + query)) == ["Cité"]


def test_release_list_filters_by_organisation_cited_or_signatory(client):
    territory = make_organisation(name="Châlons Agglo")
    pact = make_pact()
    make_signatory(pact=pact, organisation=territory)
    make_communique(title="Signature", pacts=[pact])
    make_communique(title="Sans rapport")
    url = api_url("release-list") + f"?organisation={territory.slug}"
    assert titles(client.get(url)) == ["Signature"]


def test_release_list_filters_by_year_and_month(client):
    make_communique(
        title="Septembre", published_at=datetime.datetime(2019, 9, 5, 10, tzinfo=datetime.UTC)
    )
    make_communique(
        title="Octobre", published_at=datetime.datetime(2019, 10, 5, 10, tzinfo=datetime.UTC)
    )
    assert titles(client.get(api_url("release-list") + "?annee=2019&mois=9")) == ["Septembre"]


def test_release_list_searches_the_full_text_with_q(client):
    make_communique(title="Pacte signé à Châlons", body="<p>La logistique de Vatry.</p>")
    make_communique(title="Autre sujet")
    assert titles(client.get(api_url("release-list") + "?q=chalons")) == ["Pacte signé à Châlons"]
    assert titles(client.get(api_url("release-list") + "?q=logistique")) == [
        "Pacte signé à Châlons"
    ]


def test_an_unknown_filter_value_is_a_french_problem(client):
    response = client.get(api_url("release-list") + "?theme=inconnu")
    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+json"
    problem = response.json()
    assert problem["title"] == "Requête invalide"
    assert problem["status"] == 400
    assert problem["errors"][0]["parametre"] == "theme"
    assert "choix valide" in problem["errors"][0]["message"]


def test_a_page_size_above_100_is_refused_in_french(client):
    response = client.get(api_url("release-list") + "?limite=101")
    assert response.status_code == 400
    assert response.json()["errors"] == [
        {"parametre": "limite", "message": "La valeur doit être au plus 100."}
    ]


def test_the_cursor_walks_every_release_once(client):
    now = timezone.now()
    same_moment = now - HOUR
    for number in range(5):
        make_communique(title=f"Communiqué {number}", published_at=same_moment)
    make_communique(title="Le plus récent", published_at=now - HOUR / 2)
    seen, url = [], api_url("release-list") + "?limite=2"
    while url:
        page = client.get(url).json()
        assert page["nombre"] == 6
        seen += [release["titre"] for release in page["resultats"]]
        url = page["suivant"]
    assert len(seen) == 6
    assert set(seen) == {"Le plus récent", *(f"Communiqué {n}" for n in range(5))}
    assert seen[0] == "Le plus récent"


def test_the_next_page_is_also_in_a_link_header(client):
    make_communique()
    make_communique()
    response = client.get(api_url("release-list") + "?limite=1")
    assert response["Link"] == f'<{response.json()["suivant"]}>; rel="next"'


@pytest.mark.parametrize("cursor", ["nimportequoi", "WzEsMl0", "WyJ4IiwxXQ", "e30"])
def test_a_tampered_cursor_is_a_problem_not_an_error(client, cursor):
    make_communique()
    response = client.get(api_url("release-list") + f"?curseur={cursor}")
    assert response.status_code == 400
    assert response.json()["errors"][0]["parametre"] == "curseur"


def test_release_detail_gives_the_text_quotes_contacts_and_last_modified(client):
    speaker = make_person(first_name="Éléonore", last_name="Dupré")
    communique = make_communique(
        title="Signature du pacte", body="<p>Un texte accentué.</p>", complete=False
    )
    make_quote(communique=communique, speaker=speaker, text="Nous signons.")
    attach_contact(communique=communique, contact=make_press_contact(phones=["03 26 70 74 36"]))
    response = client.get(api_url("release-detail", communique.slug))
    assert response.status_code == 200
    release = response.json()
    assert release["texte"] == "Un texte accentué."
    assert release["citations"][0]["personne"]["nom"] == "Éléonore Dupré"
    assert release["contacts_presse"][0]["telephones"] == ["+33326707436"]
    assert response["Last-Modified"]


def test_a_draft_release_detail_is_a_404_problem(client):
    communique = make_communique(published=False)
    response = client.get(api_url("release-detail", communique.slug))
    assert response.status_code == 404
    assert response["Content-Type"] == "application/problem+json"


def test_a_withdrawn_release_detail_is_gone(client):
    communique = make_communique(
        published=False,
        status="withdrawn",
        published_at=timezone.now() - 2 * HOUR,
        withdrawn_at=timezone.now() - HOUR,
    )
    response = client.get(api_url("release-detail", communique.slug))
    assert response.status_code == 410
    assert response.json()["detail"] == "Ce communiqué a été retiré par le service presse."


def test_an_unknown_address_under_the_api_is_a_problem(client):
    response = client.get("/api/v1/inconnu/")
    assert response.status_code == 404
    assert response["Content-Type"] == "application/problem+json"
    assert response.json()["detail"] == "Aucune donnée publique ne correspond à cette adresse."


def test_the_same_answer_again_is_a_304_with_its_etag(client):
    make_communique()
    first = client.get(api_url("release-list"))
    again = client.get(api_url("release-list"), headers={"if-none-match": first["ETag"]})
    assert again.status_code == 304
    assert again.content == b""


def test_a_changed_list_is_not_a_304(client):
    make_communique()
    first = client.get(api_url("release-list"))
    make_communique()
    again = client.get(api_url("release-list"), headers={"if-none-match": first["ETag"]})
    assert again.status_code == 200


def test_an_unchanged_release_since_its_last_modified_is_a_304(client):
    communique = make_communique()
    first = client.get(api_url("release-detail", communique.slug))
    again = client.get(
        api_url("release-detail", communique.slug),
        headers={"if-modified-since": first["Last-Modified"]},
    )
    assert again.status_code == 304


def test_pact_gives_its_axes_signatories_fundings_and_territories(client):
    territory = make_organisation(name="Châlons Agglo")
    person = make_person(first_name="Jacques", last_name="Jesson")
    pact = make_pact(territories=[territory], kind=make_pact_kind(acronym="POCE"))
    make_axis(pact=pact, title="Développer l’économie", organisations=[territory])
    make_signatory(pact=pact, organisation=territory, person=person, role="Président")
    make_funding(pact=pact, amount=1_250_000, wording="1,25 million d’euros")
    record = client.get(api_url("pactes-detail", pact.slug)).json()
    assert record["type"]["sigle"] == "POCE"
    assert record["territoires"][0]["nom"] == "Châlons Agglo"
    assert record["axes"][0]["intitule"] == "Développer l’économie"
    assert record["signataires"][0]["personne"]["nom"] == "Jacques Jesson"
    assert record["financements"] == [
        {
            "objet": "Engagement de la Région",
            "montant": "1250000.00",
            "libelle": "1,25 million d’euros",
        }
    ]


def test_person_gives_their_mandates(client):
    region = make_organisation(name="Région Grand Est", kind="region")
    person = make_person(first_name="Jean", last_name="Rottner")
    make_mandate(person=person, organisation=region, end_date=datetime.date(2022, 1, 12))
    record = client.get(api_url("personnalites-detail", person.slug)).json()
    assert record["mandats"] == [
        {
            "fonction": "Président",
            "organisation": {
                "slug": region.slug,
                "nom": "Région Grand Est",
                "url": "http://testserver" + region.get_absolute_url(),
            },
            "debut": "2017-10-20",
            "fin": "2022-01-12",
        }
    ]


def test_organisation_gives_its_territory_codes(client):
    region = make_organisation(
        name="Région Grand Est", kind="region", siren="200052264", region_code="44"
    )
    commune = make_organisation(name="Châlons-en-Champagne", kind="commune", insee_code="51108")
    record = client.get(api_url("organisations-detail", region.slug)).json()
    assert (record["siren"], record["code_region"], record["code_insee"]) == (
        "200052264",
        "44",
        None,
    )
    record = client.get(api_url("organisations-detail", commune.slug)).json()
    assert record["code_insee"] == "51108"


def test_press_contacts_are_the_active_ones(client):
    make_press_contact(name="Sandrine Poirier")
    former = make_press_contact(name="Ancien Contact")
    former.is_active = False
    former.save()
    names = [
        contact["nom"]
        for contact in client.get(api_url("contacts-presse-list")).json()["resultats"]
    ]
    assert names == ["Sandrine Poirier"]


def release_list_queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


@pytest.mark.parametrize("filters", ["", "&theme={theme}&organisation={organisation}"])
def test_the_release_list_query_count_does_not_grow_with_the_page(client, filters):
    theme, organisation = make_theme(), make_organisation()
    url = (
        api_url("release-list")
        + "?limite=100"
        + filters.format(theme=theme.slug, organisation=organisation.slug)
    )
    make_communique(themes=[theme, make_theme()], organisations=[organisation])
    small = release_list_queries(client, url)
    for _ in range(120):
        make_communique(themes=[theme, make_theme()], organisations=[organisation])
    large = release_list_queries(client, url)
    assert client.get(url).json()["nombre"] == 121
    assert large == small
    # Filters' objects, the content generation (every few seconds in production),
    # the next scheduled release and the agenda's next change, the count, the page
    # and its themes.
    assert large <= 8


def test_a_release_page_asked_again_is_read_without_the_database(client):
    make_communique()
    url = api_url("release-list") + "?limite=100"
    first = client.get(url)
    with CaptureQueriesContext(connection) as queries:
        again = client.get(url)
    assert len(queries) == 0
    assert again.content == first.content


def test_a_new_release_shows_in_the_next_answer(client):
    make_communique(title="Premier")
    client.get(api_url("release-list"))
    make_communique(title="Second")
    assert titles(client.get(api_url("release-list"))) == ["Second", "Premier"]


@pytest.mark.parametrize("name", ["pactes-list", "personnalites-list", "organisations-list"])
def test_partner_lists_query_count_does_not_grow(client, name):
    def one():
        person, territory = make_person(), make_organisation()
        make_mandate(person=person, organisation=territory)
        pact = make_pact(territories=[territory])
        make_axis(pact=pact, organisations=[territory])
        make_signatory(pact=pact, organisation=territory, person=person)
        make_funding(pact=pact)

    one()
    small = release_list_queries(client, api_url(name) + "?limite=100")
    for _ in range(20):
        one()
    assert release_list_queries(client, api_url(name) + "?limite=100") == small


def test_a_year_without_releases_is_an_empty_page(client):
    make_communique()
    response = client.get(api_url("release-list") + "?annee=1990")
    assert response.status_code == 200
    assert response.json()["nombre"] == 0


def test_an_impossible_year_is_refused_in_french(client):
    response = client.get(api_url("release-list") + "?annee=99999")
    assert response.status_code == 400
    assert response.json()["errors"][0]["parametre"] == "annee"


def test_the_api_root_points_at_the_documentation_and_every_resource(client):
    index = client.get("/api/v1/").json()
    assert index["openapi"] == "http://testserver" + api_url("openapi-json")
    assert index["ressources"]["communiques"] == "http://testserver" + api_url("release-list")
    assert set(index["ressources"]) == {
        "communiques", "invitations", "pactes", "organisations", "personnalites", "themes",
        "contacts-presse",
    }  # fmt: skip
    assert index["ressources"]["invitations"] == "http://testserver" + api_url("invitations-list")


@pytest.mark.parametrize(
    "path", ["/api/v1/communiques/a%00b/", "/api/v1/pactes/%00/", "/api/v1/themes/é/"]
)
def test_a_detail_address_that_is_no_slug_is_a_404_problem(client, path):
    """PostgreSQL refuses a NUL character in a query: such an address must not reach it."""
    response = client.get(path)
    assert response.status_code == 404
    assert response["Content-Type"] == "application/problem+json"


def test_invitation_list_gives_only_published_invitations(client):
    make_invitation(title="Signature du POCE")
    make_invitation(title="Brouillon", published=False)
    make_invitation(title="Sous embargo", published_at=timezone.now() + HOUR)
    response = client.get(api_url("invitations-list"))
    assert [item["titre"] for item in response.json()["resultats"]] == ["Signature du POCE"]


def test_invitation_detail_gives_the_event_its_people_and_files(client):
    speaker = make_person(first_name="Jean", last_name="Rottner")
    invitation = make_invitation(
        title="Signature du POCE",
        starts_at=datetime.datetime(2019, 9, 5, 9, 0, tzinfo=datetime.UTC),
        place_address="51000 Châlons-en-Champagne",
        event_status="cancelled",
        event_status_note="Intempéries.",
        speakers=[speaker],
        contacts=[make_press_contact(name="Sandrine Poirier", phones=["0684801148"])],
        related_release=make_communique(published=False),
    )
    record = client.get(api_url("invitations-detail", invitation.slug)).json()
    assert record["debut"] == "2019-09-05T09:00:00Z"  # UTC, as every date of the API
    assert (record["etat_evenement"], record["motif_etat"]) == ("cancelled", "Intempéries.")
    assert record["adresse"] == "51000 Châlons-en-Champagne"
    assert record["intervenants"][0]["nom"] == "Jean Rottner"
    assert record["contacts_presse"][0]["telephones"] == ["+33684801148"]
    assert record["communique_lie"] is None  # a draft release is never named
    assert record["pdf"] == "http://testserver" + invitation.get_pdf_url()
    assert record["calendrier"] == "http://testserver" + invitation.get_ics_url()


def test_an_invitation_gives_a_public_speaker_role_on_the_event_date(client):
    starts_at = datetime.datetime(2019, 9, 5, 9, 0, tzinfo=datetime.UTC)
    public, private = make_person(), make_person(last_name="Discret", public=False)
    mandate = make_mandate(person=public, start_date=datetime.date(2017, 10, 20))
    make_mandate(person=public, start_date=datetime.date(2020, 1, 1), title="Sénateur")
    make_mandate(person=private, title="Conseillère discrète")
    invitation = make_invitation(starts_at=starts_at, speakers=[public, private])
    record = client.get(api_url("invitations-detail", invitation.slug)).json()
    roles = {speaker["nom"]: speaker for speaker in record["intervenants"]}
    assert roles[public.full_name]["fonction"] == mandate.role_label
    assert roles["Jeanne Discret"] == {
        "slug": None,
        "nom": "Jeanne Discret",
        "url": None,
        "fonction": None,
    }


def test_a_draft_invitation_detail_is_a_404_problem(client):
    invitation = make_invitation(published=False)
    response = client.get(api_url("invitations-detail", invitation.slug))
    assert response.status_code == 404
    assert response["Content-Type"] == "application/problem+json"


def test_the_invitation_list_query_count_does_not_grow(client):
    def one():
        make_invitation(
            themes=[make_theme()],
            territories=[make_organisation()],
            speakers=[make_person()],
            contacts=[make_press_contact(phones=["0684801148"])],
            pact=make_pact(),
            related_release=make_communique(),
        )

    one()
    url = api_url("invitations-list") + "?limite=100"
    small = release_list_queries(client, url)
    for _ in range(15):
        one()
    assert release_list_queries(client, url) == small

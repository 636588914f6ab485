"""French search across releases, pacts, people and organisations, on both databases."""

import pytest
from django.db import connection
from django.urls import reverse

from communiques.search import fold, light_stem, parse_query
from tests.factories import (
    make_communique,
    make_invitation,
    make_organisation,
    make_pact,
    make_person,
    make_quote,
)
from tests.html import page_text, soup, text_of

pytestmark = pytest.mark.django_db


def search(client, q, **params):
    return client.get(reverse("communiques:search"), {"q": q, **params})


def result_titles(response):
    return [h.get_text(strip=True) for h in soup(response).select("section article h3")]


class TestParsing:
    def test_plural_folding(self):
        assert light_stem("emplois") == "emploi"
        assert light_stem("signatures") == "signature"
        assert light_stem("bus") == "bus"

    def test_phrases_and_words(self):
        query = parse_query('pacte "grand est" Châlons')
        assert query.phrases == ["grand est"]
        assert query.words == ["pacte", "chalons"]

    def test_very_long_query_is_truncated(self):
        query = parse_query("région " * 2000)
        assert query.truncated
        assert len(query.raw) <= 200


class TestReleaseSearch:
    def test_accents_and_case_do_not_matter(self, client):
        make_communique(title="Un POCE signé avec Châlons Agglo")
        assert result_titles(search(client, "chalons")) == ["Un POCE signé avec Châlons Agglo"]
        assert result_titles(search(client, "CHÂLONS")) == ["Un POCE signé avec Châlons Agglo"]

    def test_plural_finds_singular(self, client):
        make_communique(title="Croissance et emploi", lede="Une signature importante.")
        assert result_titles(search(client, "emplois")) == ["Croissance et emploi"]
        assert result_titles(search(client, "signatures")) == ["Croissance et emploi"]

    def test_several_words_mean_all_of_them(self, client):
        make_communique(title="Pacte signé à Toul")
        make_communique(title="Pacte signé à Metz")
        assert result_titles(search(client, "pacte toul")) == ["Pacte signé à Toul"]

    def test_quoted_phrase_must_appear_as_such(self, client):
        make_communique(title="Le Grand Est investit", lede="Une région à l'est, grande.")
        make_communique(title="Région Grand Est et Châlons")
        titles = result_titles(search(client, '"région grand est"'))
        assert titles == ["Région Grand Est et Châlons"]

    def test_hyphenated_words_are_found(self, client):
        make_communique(title="Accueil de start-ups à Châlons-en-Champagne")
        make_communique(title="Une start et des ups")
        if connection.vendor == "postgresql":  # a phrase of its parts: exact
            assert result_titles(search(client, "start-ups")) == [
                "Accueil de start-ups à Châlons-en-Champagne"
            ]
        assert "Accueil de start-ups à Châlons-en-Champagne" in result_titles(
            search(client, "chalons-en-champagne")
        )

    def test_quotes_and_body_are_searched(self, client):
        communique = make_communique(title="Signature", body="<p>Le photovoltaïque progresse.</p>")
        make_quote(communique=communique, text="Nous scellons un partenariat marnais.")
        assert result_titles(search(client, "photovoltaique")) == ["Signature"]
        assert result_titles(search(client, "marnais")) == ["Signature"]

    def test_title_ranks_above_body(self, client):
        if connection.vendor != "postgresql":
            pytest.skip("ranking is PostgreSQL's; SQLite orders by date")
        make_communique(title="Autre sujet", body="<p>Il est question de logistique.</p>")
        make_communique(title="La logistique à Vatry", body="<p>Texte.</p>")
        assert result_titles(search(client, "logistique"))[0] == "La logistique à Vatry"

    def test_drafts_are_never_found(self, client):
        make_communique(published=False, title="Brouillon sur Châlons")
        response = search(client, "chalons")
        assert "Brouillon sur Châlons" not in response.content.decode()

    def test_excerpt_highlights_the_words(self, client):
        make_communique(
            title="Signature",
            body="<p>Le pacte porte sur la logistique avec l’Aéroport de Vatry.</p>",
        )
        marks = [m.get_text() for m in soup(search(client, "vatry")).select("mark")]
        assert marks and all(fold(m).startswith("vatry") for m in marks)

    def test_excerpt_keeps_the_words_of_two_paragraphs_apart(self, client):
        make_communique(
            title="Signature",
            lede="",
            body="<p>Un engagement de la Région</p><p>La Région soutient Vatry.</p>",
        )
        [excerpt] = [
            text_of(p)
            for p in soup(search(client, "soutient")).select("section article .card__lede")
        ]
        assert "de la Région La Région soutient Vatry" in excerpt

    def test_a_phrase_across_two_list_items_is_found_as_two_words(self, client):
        make_communique(
            title="Les axes du pacte", body="<ul><li>Attractivité</li><li>Emploi</li></ul>"
        )
        assert result_titles(search(client, '"attractivité emploi"')) == ["Les axes du pacte"]

    def test_excerpt_is_escaped(self, client):
        make_communique(
            title="Balises",
            body="<p>Un texte &lt;script&gt;alert(1)&lt;/script&gt; logistique.</p>",
        )
        content = search(client, "logistique").content.decode()
        assert "<script>alert(1)" not in content

    def test_results_are_paginated_with_counts(self, client):
        for number in range(23):
            make_communique(title=f"Pacte territorial {number}")
        response = search(client, "pacte")
        assert "23 communiqués" in page_text(response)
        assert len(result_titles(response)) == 20
        second = search(client, "pacte", page=2)
        assert len(result_titles(second)) == 3


class TestVeryCommonWords:
    """Past MAX_RESULTS matches, only the most recent are ranked, and the page says so."""

    @pytest.mark.parametrize("matches", [7, 12], ids=["some-thousands", "very-common"])
    def test_most_recent_matches_are_ranked(self, client, monkeypatch, matches):
        import datetime

        import communiques.search

        monkeypatch.setattr(communiques.search, "MAX_RESULTS", 5)
        monkeypatch.setattr(communiques.search, "COMMON_MATCHES", 10)
        base = datetime.datetime(2020, 1, 1, tzinfo=datetime.UTC)
        for number in range(matches):
            make_communique(
                title=f"Région {number}", published_at=base + datetime.timedelta(days=number)
            )
        response = search(client, "région")
        assert sorted(result_titles(response)) == sorted(
            f"Région {number}" for number in range(matches - 5, matches)
        )
        assert "Au moins 5 communiqués" in page_text(response)

    def test_under_the_limit_every_match_counts(self, client, monkeypatch):
        import communiques.search

        monkeypatch.setattr(communiques.search, "MAX_RESULTS", 5)
        for number in range(5):
            make_communique(title=f"Région {number}")
        response = search(client, "région")
        assert len(result_titles(response)) == 5
        assert "5 communiqués" in page_text(response)
        assert "Au moins" not in page_text(response)


class TestOtherResults:
    def test_pacts_people_and_organisations_are_found_without_accents(self, client):
        make_pact(title="POCE Châlons Agglo")
        make_person(first_name="Bruno", last_name="Bourg-Broc")
        make_organisation(name="Aéroport de Vatry")
        text = page_text(search(client, "chalons"))
        assert "POCE Châlons Agglo" in text
        assert "Bourg-Broc" in page_text(search(client, "bruno bourg"))
        assert "Aéroport de Vatry" in page_text(search(client, "aeroport"))


@pytest.mark.parametrize(
    "garbage",
    [
        "'; DROP TABLE communiques_communique; --",
        '"',
        '""',
        "« »",
        "-",
        "!!! ??? &&& |||",
        "a" * 10_000,
        "région " * 2000,
        "\x00",
        "OR AND NOT",
        "<script>alert(1)</script>",
    ],
)
def test_garbage_never_errors(client, garbage):
    make_communique(title="Pacte Offensive Croissance Emploi")
    response = search(client, garbage)
    assert response.status_code == 200
    assert "<script>alert(1)</script>" not in response.content.decode()


def test_empty_query_shows_the_form_kindly(client):
    response = client.get(reverse("communiques:search"))
    assert response.status_code == 200
    assert soup(response).find("input", attrs={"name": "q"})


def test_query_of_only_punctuation_says_so(client):
    response = search(client, "!!!")
    assert "Aucun mot à chercher" in page_text(response)


def test_truncated_query_is_announced(client):
    assert "200 premiers caractères" in page_text(search(client, "a" * 500))


@pytest.mark.parametrize("size", [1, 12])
def test_search_query_count_does_not_grow(client, django_assert_max_num_queries, size):
    for number in range(size):
        make_communique(title=f"Pacte {number}")
        make_pact(title=f"Pacte {number}")
        make_invitation(title=f"Signature du pacte {number}")
    # The count, the page with its themes, the excerpts of the page (bodies on SQLite,
    # highlighted by PostgreSQL), invitations, pacts, people, organisations; PostgreSQL
    # adds the planner's row estimate (EXPLAIN). The pages reuse the search's own count.
    with django_assert_max_num_queries(8 if connection.vendor == "postgresql" else 7):
        response = search(client, "pacte")
    assert response.status_code == 200


@pytest.mark.skipif(connection.vendor != "postgresql", reason="GIN index is PostgreSQL's")
def test_postgres_plan_uses_the_gin_index():
    import datetime

    from communiques.models import Communique
    from communiques.search import refresh_index, search_communiques

    published_at = datetime.datetime(2020, 1, 1, tzinfo=datetime.UTC)
    Communique.objects.bulk_create(
        Communique(
            title=f"Pacte territorial {number}",
            slug=f"seeded-{number}",
            body="<p>La route et le train.</p>",
            status=Communique.Status.PUBLISHED,
            published_at=published_at,
        )
        for number in range(5_000)
    )
    refresh_index(list(Communique.objects.values_list("pk", flat=True)))
    with connection.cursor() as cursor:
        # What autovacuum does in production: merge the GIN pending list, gather stats.
        cursor.execute("SELECT gin_clean_pending_list('communiques_communique_search_gin')")
        cursor.execute("ANALYZE communiques_communique")
    found = search_communiques(Communique.objects.published(), parse_query("logistique"))
    plan = found.releases.explain()
    assert "Bitmap Index Scan on communiques_communique_search_gin" in plan, plan

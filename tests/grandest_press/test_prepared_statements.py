"""On PostgreSQL, the public pages' queries are prepared (parsed once per connection) and
planned for each request's values."""

import pytest
from django.db import connection
from django.urls import reverse

from tests.factories import make_communique

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL only"),
]


def prepared_statements() -> list[str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT statement FROM pg_prepared_statements")
        return [statement for (statement,) in cursor.fetchall()]


def test_pages_requested_again_run_prepared_statements(client):
    communique = make_communique(title="Signature du POCE")
    urls = [reverse("communiques:list"), communique.get_absolute_url()]
    for url in urls:
        client.get(url)
    assert not any("communiques_communique" in s for s in prepared_statements())
    for _ in range(5):  # psycopg prepares a statement on its fifth run (prepare_threshold)
        for url in urls:
            client.get(url)
    prepared = prepared_statements()
    # The list's page of cards, and the release with all it shows (one query each).
    assert any('ORDER BY "communiques_communique"."published_at" DESC' in s for s in prepared)
    assert any('"communiques_communique"."slug" = $' in s for s in prepared)


def test_settings_bind_parameters_on_the_server():
    assert connection.settings_dict["OPTIONS"]["server_side_binding"] is True


def test_a_search_repeated_on_one_connection_never_runs_on_a_generic_plan(client):
    """A generic plan does not see the searched words, and the search code's choice
    between the date index and the GIN index rests on them: after five runs of a
    prepared statement PostgreSQL may keep a generic plan for good."""
    make_communique(title="Emploi dans le Grand Est", lede="L’emploi progresse.")
    make_communique(title="Signature du POCE", lede="Un pacte pour l’emploi.")
    url = reverse("communiques:search")
    for words in ["emploi", "pacte", "grand est"] * 5:
        assert client.get(url, {"q": words}).status_code == 200
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT statement, generic_plans, custom_plans FROM pg_prepared_statements"
            " WHERE statement LIKE %s AND statement NOT LIKE %s",
            ["%@@%", "EXPLAIN%"],
        )
        searches = cursor.fetchall()
    # The count and the page of matches are prepared (the check below means something)…
    assert len(searches) >= 2
    # …and each was planned for the words searched, every time.
    assert [generic for _, generic, _ in searches] == [0] * len(searches)
    assert all(custom >= 5 for _, _, custom in searches)


def test_connections_run_without_jit_and_plan_for_each_requests_values():
    with connection.cursor() as cursor:
        cursor.execute("SHOW jit")
        jit = cursor.fetchone()[0]
        cursor.execute("SHOW plan_cache_mode")
        plan_cache_mode = cursor.fetchone()[0]
    assert (jit, plan_cache_mode) == ("off", "force_custom_plan")

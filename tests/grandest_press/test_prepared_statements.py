"""On PostgreSQL, the public pages' queries are prepared: planned once per connection."""

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

"""The read replica is optional: down or lagging, reads go to the primary and pages still
answer 200; /sante/ says « dégradé », with status 200, so the balancer keeps the server.

The replica here is a server that is not there (a closed port for PostgreSQL, a file in a
missing folder for SQLite). A real streaming replica, stopped, paused and lagging under
load, is in tests/test_cluster_faults.py.
"""

import time

import pytest
from django.conf import settings as django_settings
from django.db import connections
from django.urls import reverse

from grandest_press import content_state
from grandest_press.db_router import (
    REPLICA,
    ReplicaRouter,
    replica_caught_up_to,
    replica_status,
)
from tests.factories import make_communique
from tests.tools import free_port

router = ReplicaRouter()
pytestmark = pytest.mark.django_db(databases=["default", REPLICA])
# Outside a transaction, as in production: inside one, every read stays on the primary.
transactional = pytest.mark.django_db(
    transaction=True, serialized_rollback=True, databases=["default", REPLICA]
)


@pytest.fixture(scope="module", autouse=True)
def replica_alias(django_db_setup, django_db_blocker):
    """What DATABASE_REPLICA_URL configures in tests: a mirror of default."""
    primary = connections["default"].settings_dict
    # settings.DATABASES is the dict the connection handler reads.
    django_settings.DATABASES[REPLICA] = {
        **primary,
        "TEST": {**primary["TEST"], "MIRROR": "default"},
    }
    yield
    with django_db_blocker.unblock():
        connections[REPLICA].close()
    del connections[REPLICA]
    del django_settings.DATABASES[REPLICA]


@pytest.fixture(autouse=True)
def fresh_replica_status():
    replica_status.reset()
    yield
    replica_status.reset()


@pytest.fixture
def unreachable_replica(tmp_path):
    """The replica's server is down: its queries fail in the driver, as in production."""
    kept = connections[REPLICA]
    replica = {**kept.settings_dict}
    if kept.vendor == "postgresql":
        replica.update(HOST="127.0.0.1", PORT=free_port())
    else:
        replica["NAME"] = str(tmp_path / "absent" / "db.sqlite3")
    connections[REPLICA] = kept.__class__(replica, REPLICA)
    yield
    connections[REPLICA].close()
    connections[REPLICA] = kept


@pytest.fixture
def pages():
    release = make_communique(title="Le POCE de Châlons-en-Champagne signé")
    return [
        reverse("home"),
        reverse("communiques:list"),
        release.get_absolute_url(),
        reverse("communiques:search") + "?q=POCE",
    ]


@transactional
@pytest.mark.parametrize("page_cache", ["off", "on"])
def test_public_pages_answer_200_when_the_replica_is_down(
    client, settings, unreachable_replica, pages, page_cache
):
    settings.RESPONSE_CACHE_ENABLED = page_cache == "on"

    for url in pages:
        response = client.get(url)
        assert response.status_code == 200, url


@transactional
def test_release_page_shows_its_content_when_the_replica_is_down(client, unreachable_replica):
    release = make_communique(title="Le POCE de Châlons-en-Champagne signé")

    response = client.get(release.get_absolute_url())

    assert "Le POCE de Châlons-en-Champagne signé" in response.text


def test_health_is_degraded_with_status_200_when_the_replica_is_down(client, unreachable_replica):
    response = client.get(reverse("health"))

    assert response.status_code == 200
    assert response.json() == {
        "status": "dégradé",
        "database": "ok",
        "cache": "ok",
        "replica": "error",
        "reasons": ["réplique injoignable : lectures sur la base principale"],
    }


def test_a_down_replica_is_left_alone_until_the_retry_delay(client, settings, unreachable_replica):
    settings.DATABASE_REPLICA_RETRY_AFTER = 60
    client.get(reverse("health"))

    assert replica_status.breaker.is_open()
    assert router.db_for_read(None) == "default"


@transactional
def test_a_read_that_failed_on_the_replica_is_answered_again_from_the_primary(
    client, unreachable_replica, pages, monkeypatch
):
    # As when the replica stops between the check and the query.
    monkeypatch.setattr(replica_status, "check", lambda **kwargs: None)
    replica_status.lag, replica_status.replayed = 0.0, float("inf")

    response = client.get(pages[2])

    assert response.status_code == 200
    assert replica_status.breaker.is_open()


def test_only_the_primarys_loss_makes_health_answer_503(client, database_down):
    response = client.get(reverse("health"))

    assert response.status_code == 503
    assert response.json()["status"] == "indisponible"
    assert response.json()["database"] == "error"


@pytest.fixture
def measured_replica(monkeypatch):
    """The replica's positions as the test sets them: no query measures them."""
    monkeypatch.setattr(replica_status, "check", lambda **kwargs: None)
    replica_status.checked_at = time.monotonic()
    replica_status.lag, replica_status.replayed = 0.0, 1000
    return replica_status


def test_reads_go_to_the_replica_while_it_is_within_the_lag_bound(measured_replica, settings):
    settings.DATABASE_REPLICA_MAX_LAG = 5
    measured_replica.lag = 4.0

    assert measured_replica.usable()


def test_reads_go_to_the_primary_while_the_replica_lags_beyond_the_bound(
    measured_replica, settings
):
    settings.DATABASE_REPLICA_MAX_LAG = 5
    measured_replica.lag = 12.0

    assert not measured_replica.usable()


def test_health_is_degraded_naming_the_lag(client, measured_replica, settings):
    settings.DATABASE_REPLICA_MAX_LAG = 5
    measured_replica.lag = 12.0

    response = client.get(reverse("health"))

    assert response.status_code == 200
    assert response.json()["replica"] == "lagging"
    assert response.json()["reasons"] == [
        "réplique en retard de 12 s : lectures sur la base principale"
    ]


def test_reads_wait_on_the_primary_for_the_replica_to_replay_a_change(measured_replica):
    with replica_caught_up_to(1500):
        assert not measured_replica.usable()
        measured_replica.replayed = 1500
        assert measured_replica.usable()


def test_lag_is_the_age_of_the_newest_primary_position_the_replica_passed(settings):
    settings.DATABASE_REPLICA_MAX_LAG = 5
    status = type(replica_status)()
    now = time.monotonic()
    status.primary_positions.extend([(now - 3, 100), (now - 2, 200), (now, 300)])

    status.replayed = 300
    assert status._lag(now) == 0
    status.replayed = 250
    assert status._lag(now) == pytest.approx(2)
    status.replayed = 50  # behind every position kept: lag unknown, so too much
    assert status._lag(now) is None


def test_a_stuck_replica_is_seen_lagging_although_the_primary_is_idle_no_more(settings):
    # The WAL receiver stopped: the replica's own figures look caught up; only the
    # primary's positions tell that it is not.
    settings.DATABASE_REPLICA_MAX_LAG = 5
    status = type(replica_status)()
    now = time.monotonic()
    status.primary_positions.extend([(now - 9, 100), (now - 6, 200), (now, 900)])
    status.replayed = 100

    assert status._lag(now) == pytest.approx(9)


def test_the_page_cache_state_carries_the_primarys_position_with_a_replica(settings):
    settings.RESPONSE_CACHE_ENABLED = True
    state = content_state.current_state()

    if connections["default"].vendor == "postgresql":
        assert isinstance(state["position"], int) and state["position"] > 0
    else:
        assert state["position"] is None

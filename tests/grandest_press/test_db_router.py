"""Reads on the replica, writes on default: two aliases on one test database (a mirror)."""

import pytest
from django.conf import settings as django_settings
from django.contrib.auth.models import Group
from django.db import connections, transaction
from django.http import HttpResponse
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext

from grandest_press.db_router import REPLICA, ReplicaRouter, replica_status, use_primary
from grandest_press.middleware import PrimaryDatabaseMiddleware

router = ReplicaRouter()


@pytest.fixture(scope="module", autouse=True)
def replica_alias(django_db_setup, django_db_blocker):
    """What DATABASE_REPLICA_URL configures, with the same NAME as default and
    `TEST: {"MIRROR": "default"}`: a second connection to the same test database."""
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
def healthy_replica(monkeypatch):
    """These tests are about which reads may go to the replica, not about its health
    (tests/grandest_press/test_replica_faults.py)."""
    monkeypatch.setattr(replica_status, "usable", lambda: True)


@pytest.fixture
def without_replica(monkeypatch):
    monkeypatch.delitem(django_settings.DATABASES, REPLICA)


def test_reads_go_to_default_without_a_replica(without_replica):
    assert router.db_for_read(Group) == "default"


def test_reads_go_to_the_replica_when_one_is_configured():
    assert router.db_for_read(Group) == REPLICA


def test_writes_go_to_default():
    assert router.db_for_write(Group) == "default"


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_reads_inside_a_transaction_go_to_default():
    with transaction.atomic():
        assert router.db_for_read(Group) == "default"


def test_reads_under_use_primary_go_to_default():
    with use_primary():
        assert router.db_for_read(Group) == "default"
    assert router.db_for_read(Group) == REPLICA


def test_reads_about_an_object_loaded_from_default_stay_on_default():
    group = Group(name="Rédaction")
    group._state.db = "default"

    assert router.db_for_read(Group, instance=group) == "default"


def test_relations_are_allowed_between_default_and_replica():
    on_default, on_replica = Group(), Group()
    on_default._state.db, on_replica._state.db = "default", REPLICA

    assert router.allow_relation(on_default, on_replica) is True


def test_migrations_run_on_default_only():
    assert router.allow_migrate("default", "communiques") is True
    assert router.allow_migrate(REPLICA, "communiques") is False


@pytest.mark.django_db(transaction=True, serialized_rollback=True, databases=["default", REPLICA])
def test_orm_reads_use_the_replica_connection_and_writes_the_default_one():
    with (
        CaptureQueriesContext(connections["default"]) as on_default,
        CaptureQueriesContext(connections[REPLICA]) as on_replica,
    ):
        Group.objects.create(name="Lecteurs du réplica")
        found = Group.objects.filter(name="Lecteurs du réplica").exists()

    assert found
    assert [query["sql"].split()[0] for query in on_default.captured_queries] == ["INSERT"]
    assert [query["sql"].split()[0] for query in on_replica.captured_queries] == ["SELECT"]


def _database_read_by(request):
    seen = []

    def view(request):
        seen.append(router.db_for_read(Group))
        return HttpResponse()

    PrimaryDatabaseMiddleware(view)(request)
    return seen[0]


def test_anonymous_get_reads_from_the_replica():
    assert _database_read_by(RequestFactory().get("/communiques/")) == REPLICA


def test_post_reads_from_default():
    assert _database_read_by(RequestFactory().post("/admin/login/")) == "default"


def test_reader_with_a_session_reads_from_default():
    request = RequestFactory().get("/admin/")
    request.COOKIES[django_settings.SESSION_COOKIE_NAME] = "abc"

    assert _database_read_by(request) == "default"

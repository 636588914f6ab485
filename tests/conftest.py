import os

import pytest
from hypothesis import settings as hypothesis_settings


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    """Hashing with PBKDF2 is slow on purpose; tests do not need that safety."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path_factory):
    """Uploaded files go to a fresh temporary folder, never to the project's media/."""
    settings.MEDIA_ROOT = tmp_path_factory.mktemp("media")
    settings.PRIVATE_MEDIA_ROOT = tmp_path_factory.mktemp("prive")
    return settings.MEDIA_ROOT


def pytest_collection_modifyitems(config, items):
    """Browser tests (marker `browser`) need Debian's Chromium: without it they are
    skipped, with one line in the summary; with REQUIRE_BROWSER=1 (CI) they fail."""
    from tests.tools import chromium_missing

    browser_items = [item for item in items if item.get_closest_marker("browser")]
    reason = chromium_missing() if browser_items else None
    config.stash[_BROWSER_SKIP] = (reason, len(browser_items))
    if not reason or _browser_required():
        return
    skip = pytest.mark.skip(reason=f"tests navigateur ignorés : {reason}")
    for item in browser_items:
        item.add_marker(skip)


def pytest_terminal_summary(terminalreporter, config):
    reason, count = config.stash.get(_BROWSER_SKIP, (None, 0))
    if reason and not _browser_required():
        terminalreporter.write_line(
            f"{count} tests navigateur ignorés : {reason} (REQUIRE_BROWSER=1 les rend bloquants)."
        )


def _browser_required():
    from tests.tools import browser_required

    return browser_required()


_BROWSER_SKIP = pytest.StashKey[tuple]()


# CI runs the property tests with a fixed seed: main stays green on the examples it
# was tested with; local runs keep exploring new ones.
hypothesis_settings.register_profile("ci", derandomize=True, deadline=None)
if os.environ.get("CI"):
    hypothesis_settings.load_profile("ci")


@pytest.fixture(autouse=True)
def empty_cache():
    """Cached pages must not cross tests: the database is rolled back, the cache is not."""
    from django.core.cache import caches

    from grandest_press import response_cache

    for cache in caches.all():
        cache.clear()
    # A fault a test caused (a stopped Redis, a closed database) is not carried over.
    response_cache.breaker.reset()
    response_cache._database_backoff.retry_at = 0.0
    yield


@pytest.fixture(autouse=True)
def response_cache_off(settings):
    """Views are tested as they render (query budgets are uncached budgets); the page
    cache is switched on by the tests about it (`response_cache_on`) and the leak matrix."""
    settings.RESPONSE_CACHE_ENABLED = False


@pytest.fixture
def response_cache_on(settings):
    settings.RESPONSE_CACHE_ENABLED = True


@pytest.fixture
def own_redis(settings, tmp_path):
    """A redis-server started for this test alone (tests.tools.RedisServer), as the
    default cache, with the backend's own timeouts: the test may pause or stop it."""
    from django.core.cache import cache

    from tests.tools import RedisServer

    server = RedisServer(tmp_path)
    settings.CACHES = {
        "default": {"BACKEND": "grandest_press.cache.RedisCache", "LOCATION": server.url}
    }
    try:
        yield server
    finally:
        server.close()
        # The client's pooled connections point at a server that is gone.
        cache.close()


@pytest.fixture
def database_down(tmp_path):
    """Every database alias points at a server that is not there (a closed port for
    PostgreSQL, a file in a missing folder for SQLite): queries fail in the driver, as
    when the database is stopped. The test's own connection is put back afterwards."""
    from django.db import connections

    from tests.tools import free_port

    kept = {alias: connections[alias] for alias in connections}
    for alias, connection in kept.items():
        unreachable = {**connection.settings_dict}
        if connection.vendor == "postgresql":
            unreachable.update(HOST="127.0.0.1", PORT=free_port())
        else:
            unreachable["NAME"] = str(tmp_path / "absent" / "db.sqlite3")
        connections[alias] = connection.__class__(unreachable, alias)
    try:
        yield
    finally:
        for alias, connection in kept.items():
            connections[alias].close()
            connections[alias] = connection

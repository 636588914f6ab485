"""Production settings come from the environment: each test loads them in a fresh process."""

import json
import os
import subprocess
import sys

from django.conf import settings

from tests.tools import require_redis

PRODUCTION = {
    "DEBUG": "False",
    "SECRET_KEY": "a-production-like-secret-key-" + "x" * 40,
    "ALLOWED_HOSTS": "presse.grandest.fr",
    "DATABASE_URL": "postgres://presse@db.internal:5432/grandest_press",
    "CACHE_URL": "redis://redis.internal:6379/1",
}
# The test run's own choices must not leak into the production settings under test.
TEST_ONLY = {"STATIC_MANIFEST", "SECURE_SSL_REDIRECT", "DJANGO_ALLOW_ASYNC_UNSAFE"}

READ_SETTINGS = """
import json, django
from django.conf import settings
django.setup()
print(json.dumps({
    "cache": settings.CACHES["default"],
    "storages": settings.STORAGES,
    "middleware": settings.MIDDLEWARE,
    "databases": {alias: {"NAME": db["NAME"], "TEST": db.get("TEST", {}),
                          "OPTIONS": db.get("OPTIONS", {})}
                  for alias, db in settings.DATABASES.items()},
    "routers": settings.DATABASE_ROUTERS,
    "session_engine": settings.SESSION_ENGINE,
    "session_cookie_secure": settings.SESSION_COOKIE_SECURE,
    "csrf_cookie_secure": settings.CSRF_COOKIE_SECURE,
    "log_formatter": settings.LOGGING["handlers"]["console"]["formatter"],
}))
"""


def run(args, **env):
    environment = {k: v for k, v in os.environ.items() if k not in TEST_ONLY}
    environment.update(PRODUCTION, DJANGO_SETTINGS_MODULE="grandest_press.settings", **env)
    return subprocess.run(
        [sys.executable, *args],
        cwd=settings.BASE_DIR,
        env=environment,
        capture_output=True,
        text=True,
        check=False,
    )


def production_settings(**env):
    result = run(["-c", READ_SETTINGS], **env)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_cache_url_selects_djangos_redis_backend():
    cache = production_settings()["cache"]

    assert cache["BACKEND"] == "grandest_press.cache.RedisCache"
    assert cache["LOCATION"] == "redis://redis.internal:6379/1"
    # The backend's own timeouts apply (grandest_press.cache.DEFAULT_OPTIONS).
    assert "OPTIONS" not in cache


def test_cache_socket_timeout_sets_both_redis_timeouts():
    cache = production_settings(CACHE_SOCKET_TIMEOUT="0.5")["cache"]

    assert cache["OPTIONS"] == {"socket_connect_timeout": 0.5, "socket_timeout": 0.5}


def test_without_cache_url_the_cache_is_in_memory():
    cache = production_settings(CACHE_URL="locmemcache://")["cache"]

    assert cache["BACKEND"] == "django.core.cache.backends.locmem.LocMemCache"


def test_production_serves_static_files_with_whitenoise_and_hashed_names():
    current = production_settings()

    assert current["storages"]["staticfiles"]["BACKEND"] == (
        "whitenoise.storage.CompressedManifestStaticFilesStorage"
    )
    security = current["middleware"].index("django.middleware.security.SecurityMiddleware")
    assert current["middleware"][security + 1] == "whitenoise.middleware.WhiteNoiseMiddleware"


def test_static_manifest_off_uses_the_plain_storage():
    storages = production_settings(STATIC_MANIFEST="False")["storages"]

    assert storages["staticfiles"]["BACKEND"] == (
        "django.contrib.staticfiles.storage.StaticFilesStorage"
    )


def test_media_on_s3_keeps_whitenoise_for_static_files():
    storages = production_settings(AWS_STORAGE_BUCKET_NAME="presse-grandest")["storages"]

    assert storages["default"]["BACKEND"] == "storages.backends.s3.S3Storage"
    assert storages["staticfiles"]["BACKEND"] == (
        "whitenoise.storage.CompressedManifestStaticFilesStorage"
    )


def test_replica_url_adds_a_replica_mirrored_in_tests():
    current = production_settings(
        DATABASE_REPLICA_URL="postgres://presse@replica.internal:5432/grandest_press"
    )

    assert current["databases"]["replica"]["NAME"] == "grandest_press"
    assert current["databases"]["replica"]["TEST"]["MIRROR"] == "default"
    assert current["routers"] == ["grandest_press.db_router.ReplicaRouter"]


def test_without_replica_url_there_is_one_database():
    assert list(production_settings()["databases"]) == ["default"]


def test_sessions_live_in_the_database_shared_by_all_app_servers():
    assert production_settings()["session_engine"] == "django.contrib.sessions.backends.db"


def test_cookies_are_secure_unless_a_local_http_run_turns_them_off():
    assert production_settings()["session_cookie_secure"] is True
    local = production_settings(SESSION_COOKIE_SECURE="False", CSRF_COOKIE_SECURE="False")
    assert local["session_cookie_secure"] is False
    assert local["csrf_cookie_secure"] is False


def test_production_logs_are_json():
    assert production_settings()["log_formatter"] == "json"


def test_check_deploy_reports_nothing_with_the_whole_production_configuration():
    result = run(
        ["manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        DATABASE_REPLICA_URL="postgres://presse@replica.internal:5432/grandest_press",
    )

    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    assert result.stdout.strip() == "System check identified no issues (0 silenced)."


def test_the_cache_round_trips_through_a_real_redis():
    redis_url = require_redis()
    script = (
        "import django; django.setup();"
        "from django.core.cache import cache;"
        "cache.set('test:production', 'Région Grand Est', 10);"
        "print(cache.get('test:production')); cache.delete('test:production')"
    )

    result = run(["-c", script], CACHE_URL=redis_url)

    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "Région Grand Est"


SERVE_STATIC_FILE = """
import django; django.setup()
from django.core.management import call_command
from django.templatetags.static import static
from django.test import Client
call_command("collectstatic", interactive=False, verbosity=0)
url = static("css/site.css")
response = Client().get(url, secure=True, headers={"accept-encoding": "gzip"})
print(url, response.status_code, response.get("Content-Encoding"), sep="\\n")
print(response["Cache-Control"])
"""


def test_hashed_static_files_are_served_compressed_and_cached_for_good(tmp_path):
    result = run(["-c", SERVE_STATIC_FILE], STATIC_ROOT=str(tmp_path), ALLOWED_HOSTS="testserver")

    assert result.returncode == 0, result.stderr
    url, status, encoding, cache_control = result.stdout.splitlines()
    assert url.startswith("/static/css/site.") and url != "/static/css/site.css"
    assert status == "200"
    assert encoding == "gzip"
    assert cache_control == "max-age=315360000, public, immutable"


def test_prepared_statements_are_on_and_can_be_turned_off_for_pgbouncer():
    # Parameters are bound by the server; psycopg prepares statements it runs often.
    options = production_settings()["databases"]["default"]["OPTIONS"]
    assert (options["server_side_binding"], options["prepare_threshold"]) == (True, 5)
    options = production_settings(DATABASE_PREPARED_STATEMENTS="False")["databases"]["default"]
    assert (options["OPTIONS"]["server_side_binding"], options["OPTIONS"]["prepare_threshold"]) == (
        True,
        None,
    )


def test_prepared_statements_are_planned_for_each_requests_values():
    # A generic plan does not see the searched words (nor a filter's values).
    options = production_settings()["databases"]["default"]["OPTIONS"]
    assert options["options"] == "-c plan_cache_mode=force_custom_plan -c jit=off"


def test_plan_cache_mode_keeps_the_startup_options_of_the_database_url():
    url = "postgres://presse@db.internal:5432/grandest_press?options=-c%20statement_timeout%3D5000"
    options = production_settings(DATABASE_URL=url)["databases"]["default"]["OPTIONS"]
    assert options["options"] == (
        "-c statement_timeout=5000 -c plan_cache_mode=force_custom_plan -c jit=off"
    )


def test_plan_cache_mode_and_jit_can_be_left_to_the_role_behind_a_pgbouncer():
    settings = production_settings(DATABASE_PLAN_CACHE_MODE="", DATABASE_JIT="True")
    assert "options" not in settings["databases"]["default"]["OPTIONS"]


def test_jit_is_off_unless_asked_for():
    # JIT compiling a page's query cost more than running it (filtered lists, feeds).
    options = production_settings(DATABASE_PLAN_CACHE_MODE="")["databases"]["default"]["OPTIONS"]
    assert options["options"] == "-c jit=off"

import io
import json
import logging
import runpy
import sys
import types

import pytest
from django.conf import settings as django_settings
from django.urls import reverse

from grandest_press.logging import JsonFormatter, request_id


def record(message="Communiqué publié", *args, level=logging.INFO, exc_info=None, **extra):
    entry = logging.LogRecord("communiques", level, __file__, 1, message, args, exc_info)
    entry.__dict__.update(extra)
    return entry


def formatted(entry):
    line = JsonFormatter().format(entry)
    assert "\n" not in line
    return json.loads(line)


def test_a_record_is_one_json_line_with_time_level_logger_and_message():
    entry = formatted(record("Communiqué %s publié", "n° 12", level=logging.WARNING))

    assert entry["level"] == "WARNING"
    assert entry["logger"] == "communiques"
    assert entry["message"] == "Communiqué n° 12 publié"
    assert entry["time"].endswith("+00:00")


def test_extra_fields_are_kept():
    assert formatted(record(slug="pacte-poce", count=3))["slug"] == "pacte-poce"


def test_an_error_carries_its_traceback():
    try:
        raise ValueError("date de publication invalide")
    except ValueError:
        entry = formatted(record(level=logging.ERROR, exc_info=sys.exc_info()))

    assert "ValueError: date de publication invalide" in entry["exception"]


def test_the_current_request_id_is_written():
    token = request_id.set("abc123")
    try:
        entry = formatted(record())
    finally:
        request_id.reset(token)

    assert entry["request_id"] == "abc123"


def test_a_django_request_record_shows_method_path_and_the_request_id(rf):
    request = rf.get("/communiques/?page=2", HTTP_COOKIE="sessionid=secret")
    request.id = "req-42"

    entry = formatted(record("Not Found: /communiques/", request=request, status_code=404))

    assert entry["request"] == {"method": "GET", "path": "/communiques/?page=2"}
    assert entry["request_id"] == "req-42"
    assert entry["status_code"] == 404
    assert "secret" not in json.dumps(entry)


def test_production_logs_are_json_on_stdout():
    handler = django_settings.LOGGING["handlers"]["console"]

    assert handler["formatter"] == "json"
    assert handler["stream"] == "ext://sys.stdout"


@pytest.mark.django_db
def test_django_request_errors_are_logged_with_the_request_id(client):
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(JsonFormatter())
    logger = logging.getLogger("django.request")
    logger.addHandler(handler)
    try:
        response = client.get("/page-introuvable/", HTTP_X_REQUEST_ID="lb-7f3a")
    finally:
        logger.removeHandler(handler)

    entry = json.loads(stream.getvalue().splitlines()[-1])
    assert entry["status_code"] == 404
    assert entry["request_id"] == "lb-7f3a" == response["X-Request-ID"]


@pytest.mark.django_db
def test_a_request_without_an_id_gets_a_new_one(client):
    first = client.get(reverse("health"))["X-Request-ID"]
    second = client.get(reverse("health"))["X-Request-ID"]

    assert len(first) == 32
    assert first != second


@pytest.mark.django_db
def test_a_malformed_incoming_request_id_is_replaced(client):
    response = client.get(reverse("health"), HTTP_X_REQUEST_ID="<script>")

    assert response["X-Request-ID"] != "<script>"


@pytest.fixture
def gunicorn_config(monkeypatch):
    monkeypatch.setattr(sys, "path", list(sys.path))
    return runpy.run_path(str(django_settings.BASE_DIR / "grandest_press" / "gunicorn.conf.py"))


def access_line(gunicorn_config, path, accesslog="-"):
    """What the gunicorn access logger writes for one request to `path`."""
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(JsonFormatter())
    access_log = logging.getLogger("tests.gunicorn.access")
    access_log.addHandler(handler)
    logger = gunicorn_config["JsonLogger"].__new__(gunicorn_config["JsonLogger"])
    logger.cfg = types.SimpleNamespace(accesslog=accesslog)
    logger.access_log = access_log
    response = types.SimpleNamespace(
        status="200 OK", headers=[("X-Request-ID", "req-9")], sent=1234
    )
    environ = {
        "REQUEST_METHOD": "GET",
        "RAW_URI": f"{path}?page=2",
        "PATH_INFO": path,
        "QUERY_STRING": "page=2",
        "REMOTE_ADDR": "10.0.0.5",
    }
    try:
        import datetime

        logger.access(response, None, environ, datetime.timedelta(milliseconds=12))
    finally:
        access_log.removeHandler(handler)
    return stream.getvalue()


def test_gunicorn_access_log_is_one_json_line_per_request(gunicorn_config):
    entry = json.loads(access_line(gunicorn_config, "/communiques/"))

    assert entry["message"] == "GET /communiques/?page=2 200"
    assert entry["http"]["status"] == 200
    assert entry["http"]["path"] == "/communiques/"
    assert entry["http"]["duration_ms"] == 12
    assert entry["request_id"] == "req-9"


def test_gunicorn_access_log_leaves_out_the_health_check(gunicorn_config):
    assert access_line(gunicorn_config, reverse("health")) == ""


def test_gunicorn_access_log_goes_where_the_environment_says(monkeypatch, tmp_path):
    path = tmp_path / "access.log"
    monkeypatch.setenv("GUNICORN_ACCESS_LOG", str(path))
    config = runpy.run_path(str(django_settings.BASE_DIR / "grandest_press" / "gunicorn.conf.py"))
    handler = config["logconfig_dict"]["handlers"]["access"]
    logger = config["logconfig_dict"]["loggers"]["gunicorn.access"]
    assert (handler["class"], handler["filename"]) == ("logging.FileHandler", str(path))
    assert logger["handlers"] == ["access"]


def test_gunicorn_access_log_can_be_turned_off(monkeypatch):
    monkeypatch.setenv("GUNICORN_ACCESS_LOG", "off")
    config = runpy.run_path(str(django_settings.BASE_DIR / "grandest_press" / "gunicorn.conf.py"))
    assert config["accesslog"] is None
    assert config["logconfig_dict"]["loggers"]["gunicorn.access"]["handlers"] == []
    assert access_line(config, "/communiques/", accesslog=config["accesslog"]) == ""

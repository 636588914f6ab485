"""Every public page type validates with the Nu HTML Checker (vnu.jar), zero errors.

The pages are rendered with the test client and checked in one vnu run, because
starting the JVM costs seconds.
"""

import json
import subprocess
from pathlib import PurePosixPath
from urllib.parse import urlparse

import pytest

from tests.pages import PAGE_KINDS, build_site, public_pages
from tests.tools import VNU_JAR, require_vnu

pytestmark = pytest.mark.django_db


def validate(documents: dict[str, str], tmp_path) -> dict[str, list[str]]:
    """{name: [error messages]} for each HTML document, from one vnu run."""
    files = []
    for name, html in documents.items():
        path = tmp_path / f"{name}.html"
        path.write_text(html, encoding="utf-8")
        files.append(str(path))
    result = subprocess.run(
        ["java", "-jar", str(VNU_JAR), "--format", "json", "--exit-zero-always", *files],
        capture_output=True,
        text=True,
        check=True,
        timeout=300,
    )
    errors = {name: [] for name in documents}
    for message in json.loads(result.stderr)["messages"]:
        if message["type"] not in {"error", "non-document-error"}:
            continue
        name = PurePosixPath(urlparse(message.get("url", "")).path).stem
        errors.setdefault(name, []).append(
            f"ligne {message.get('lastLine', '?')} : {message['message']} "
            f"[{message.get('extract', '').strip()}]"
        )
    return errors


@pytest.fixture
def site(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return build_site()


def test_every_public_page_type_is_valid_html(client, site, tmp_path):
    require_vnu()
    pages, _ = public_pages(client, site)
    documents = {}
    for page in pages:
        if page.form is None:
            response = client.get(page.url)
        else:
            data = {name: "on" if value is True else value for name, value in page.form.items()}
            response = client.post(page.url, data)
        assert response.status_code == page.status, page
        documents[page.kind] = response.content.decode()
    errors = {name: found for name, found in validate(documents, tmp_path).items() if found}
    assert errors == {}


@pytest.mark.parametrize("kind", PAGE_KINDS)
def test_page_type_is_in_the_matrix(client, site, kind):
    """Reports, one line per page type, which ones cannot be checked yet and why."""
    pages, skipped = public_pages(client, site)
    if kind in skipped:
        pytest.skip(skipped[kind])
    assert kind in {page.kind for page in pages}


def error_pages(client, monkeypatch) -> dict[str, str]:
    """Every error page a reader or an editor can meet, public and admin."""
    from django.test import Client, RequestFactory
    from django.urls import get_resolver, reverse

    from communiques.views import HomeView
    from tests.factories import make_staff_user

    forbidden = get_resolver().resolve_error_handler(403)(RequestFactory().get("/"), None)
    pages = {
        "public-403": forbidden,
        "public-404": client.get("/communiques/ce-communique-n-existe-pas/"),
        "public-405": client.delete(reverse("communiques:list")),
    }
    monkeypatch.setattr(HomeView, "get", lambda *args, **kwargs: 1 / 0)
    pages["public-500"] = Client(raise_request_exception=False).get(reverse("home"))
    editor = Client(enforce_csrf_checks=True)
    editor.force_login(make_staff_user(group="Rédaction"))
    pages["admin-403"] = editor.get(reverse("admin:communiques_previewlink_add"))
    pages["admin-404"] = editor.get(reverse("admin:index") + "pas-de-page-ici/")
    pages["admin-405"] = editor.get(reverse("admin:logout"))
    pages["admin-csrf"] = editor.post(reverse("admin:communiques_communique_add"), {})
    return {name: response.content.decode() for name, response in pages.items()}


def test_every_error_page_is_valid_html(client, monkeypatch, tmp_path):
    require_vnu()
    documents = error_pages(client, monkeypatch)
    errors = {name: found for name, found in validate(documents, tmp_path).items() if found}
    assert errors == {}


def test_the_checker_does_find_errors(tmp_path):
    require_vnu()
    broken = (
        '<!DOCTYPE html><html lang="fr"><head><title>x</title></head>'
        "<body><p><div></p></body></html>"
    )
    assert validate({"cassee": broken}, tmp_path)["cassee"]

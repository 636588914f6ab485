"""One headless Debian Chromium per test session, driven by Playwright (never a
downloaded browser), against pytest-django's live server."""

import contextlib
import os
from pathlib import Path

import pytest
from django.conf import settings

from tests.tools import CHROMIUM, CHROMIUM_ARGS, browser_required, chromium_missing

# Run in each tab before it closes: autosave.js then sees no hidden tab to save for.
STAY_VISIBLE = "Object.defineProperty(document, 'visibilityState', {value: 'visible'})"
ARTIFACTS = Path(settings.BASE_DIR) / "artifacts" / "screenshots"
WCAG_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


@pytest.fixture(scope="session")
def browser():
    reason = chromium_missing()
    if reason:
        if browser_required():
            pytest.fail(f"REQUIRE_BROWSER=1 mais {reason}")
        pytest.skip(reason)
    from playwright.sync_api import sync_playwright

    # Playwright's sync API keeps an event loop in the test thread; the ORM calls of the
    # tests and of their database teardown are still synchronous and safe.
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            yield browser
            browser.close()
    finally:
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture(scope="session")
def migration_data(django_db_setup, django_db_blocker):
    """What the data migrations wrote (groups and their permissions, legal pages...),
    serialized once, with natural keys for content types and permissions: flushing the
    database recreates those with new ids."""
    from django.apps import apps
    from django.contrib.auth.models import Permission
    from django.contrib.contenttypes.models import ContentType
    from django.core import serializers

    recreated_by_flush = {ContentType, Permission}
    with django_db_blocker.unblock():
        objects = [
            obj
            for model in apps.get_models()
            if model not in recreated_by_flush and model._meta.managed
            for obj in model._default_manager.all()
        ]
        return serializers.serialize("json", objects, use_natural_foreign_keys=True)


@pytest.fixture
def migrated_db(transactional_db, migration_data):
    """A live-server test's database. Transactional tests flush every table afterwards,
    migration data included, so it is loaded back first. (`serialized_rollback` is no
    help: its copy hangs on a context-local connection that Playwright's loop hides.)"""
    from django.core import serializers
    from django.db import connection, transaction

    with transaction.atomic(), connection.constraint_checks_disabled():
        for obj in serializers.deserialize("json", migration_data, handle_forward_references=True):
            obj.save()


@pytest.fixture
def new_page(browser, live_server, migrated_db, settings):
    """Opens tabs on the live server, each in its own context (its own cookies: one per
    user); the test fails on any Content-Security-Policy violation they report."""
    settings.ALLOWED_HOSTS = ["localhost", "127.0.0.1", "testserver"]
    contexts, csp_errors = [], []

    def record(message):
        if "Content Security Policy" in message.text:
            csp_errors.append(f"{message.page.url if message.page else ''} : {message.text}")

    def open_page():
        context = browser.new_context(
            base_url=live_server.url, locale="fr-FR", viewport={"width": 1280, "height": 900}
        )
        context.set_default_timeout(15_000)
        contexts.append(context)
        tab = context.new_page()
        tab.on("console", record)
        return tab

    yield open_page
    for context in contexts:
        # A closing tab autosaves (visibilitychange): that request would reach the live
        # server after the test, with the database closed to it, and leave the shared
        # SQLite connection out of autocommit for every later test. Stop it at the source.
        context.route("**/enregistrement-auto/**", lambda route: route.abort())
        for tab in context.pages:
            with contextlib.suppress(Exception):
                tab.evaluate(STAY_VISIBLE)
        context.close()
    assert csp_errors == []


@pytest.fixture
def page(new_page):
    return new_page()


def axe_violations(page, *, known=()) -> list[str]:
    """WCAG 2.0/2.1 A and AA violations of the current page, one readable line each.

    `known` holds (rule id, selector fragment) pairs: nodes matching one are left out.
    """
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(
        page, options={"runOnly": {"type": "tag", "values": WCAG_AA}, "resultTypes": ["violations"]}
    )
    lines = []
    for violation in results.response["violations"]:
        targets = [
            " ".join(map(str, node["target"]))
            for node in violation["nodes"]
            if not any(
                rule == violation["id"] and fragment in " ".join(map(str, node["target"]))
                for rule, fragment in known
            )
        ]
        if targets:
            lines.append(
                f"{violation['id']} ({violation['impact']}) : {violation['help']} — "
                + ", ".join(targets[:5])
            )
    return lines


def screenshot(page, name: str) -> Path:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path

"""External quality tools (Chromium, Java + Nu HTML Checker): find them, or skip.

Locally a missing tool skips its tests. CI sets REQUIRE_BROWSER=1 (Chromium) and
REQUIRE_TOOLS=1 (Java and vnu.jar): there a missing tool fails the test instead.
"""

import os
import shutil
from pathlib import Path

import pytest
from django.conf import settings

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
VNU_JAR = Path(settings.BASE_DIR) / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"


def chromium_missing() -> str | None:
    """Why browser tests cannot run here, or None."""
    if not (Path(CHROMIUM).is_file() and os.access(CHROMIUM, os.X_OK)):
        return f"Chromium absent ({CHROMIUM}) : apt-get install chromium"
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "paquet Python playwright absent"
    return None


def browser_required() -> bool:
    return os.environ.get("REQUIRE_BROWSER") == "1"


def vnu_missing() -> str | None:
    if not shutil.which("java"):
        return "Java absent : apt-get install default-jre-headless"
    if not VNU_JAR.is_file():
        return f"vnu.jar absent ({VNU_JAR}) : npm ci --ignore-scripts"
    return None


def require_vnu() -> None:
    reason = vnu_missing()
    if reason:
        if os.environ.get("REQUIRE_TOOLS") == "1":
            pytest.fail(f"REQUIRE_TOOLS=1 mais {reason}")
        pytest.skip(reason)


def require_redis() -> str:
    """REDIS_URL, a Redis database the tests may flush (.ci/run sets
    redis://127.0.0.1:6379/15). Unset, the test is skipped; on CI (CI set) it fails."""
    url = os.environ.get("REDIS_URL", "")
    if not url:
        reason = "REDIS_URL absent (Redis local : REDIS_URL=redis://127.0.0.1:6379/15)"
        if os.environ.get("CI"):
            pytest.fail(f"CI mais {reason}")
        pytest.skip(reason)
    return url

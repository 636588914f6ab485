"""External tools (Chromium, Java + Nu HTML Checker, redis-server): find them, or skip.

Locally a missing tool skips its tests. CI sets REQUIRE_BROWSER=1 (Chromium) and
REQUIRE_TOOLS=1 (Java and vnu.jar), and CI (redis-server): there a missing tool fails
the test instead.
"""

import os
import shutil
import signal
import socket
import subprocess
import time
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


def free_port() -> int:
    """A loopback port nothing listens on (as long as nobody takes it meanwhile)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class RedisServer:
    """A redis-server of the test's own (loopback, free port, no persistence), which the
    test may pause or stop: never the Redis that other tests or people share."""

    def __init__(self, directory):
        binary = shutil.which("redis-server")
        if binary is None:
            reason = "redis-server absent : apt-get install redis-server"
            if os.environ.get("CI"):
                pytest.fail(f"CI mais {reason}")
            pytest.skip(reason)
        self.port = free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.process = subprocess.Popen(
            [
                *(binary, "--port", str(self.port), "--bind", "127.0.0.1"),
                *("--save", "", "--appendonly", "no", "--dir", str(directory)),
            ],
            stdout=subprocess.DEVNULL,
        )
        import redis

        # Its own connection: CLIENT PAUSE does not pause the client that sends it.
        self.admin = redis.Redis(port=self.port, socket_timeout=5)
        deadline = time.monotonic() + 10
        while True:
            try:
                self.admin.ping()
                break
            except redis.ConnectionError:
                if time.monotonic() > deadline:
                    self.close()
                    raise
                time.sleep(0.02)

    def pause(self, milliseconds: int) -> None:
        """Every client but this one waits (CLIENT PAUSE … ALL), as in a failover."""
        self.admin.execute_command("CLIENT", "PAUSE", milliseconds, "ALL")

    def hang(self) -> None:
        """The process stops (SIGSTOP): connections are accepted, nothing answers."""
        self.process.send_signal(signal.SIGSTOP)

    def wake(self) -> None:
        self.process.send_signal(signal.SIGCONT)

    def close(self) -> None:
        self.wake()
        self.process.terminate()
        self.process.wait(timeout=10)
        self.admin.close()

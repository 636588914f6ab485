"""Faults under load on a real cluster: PostgreSQL primary and streaming replica, Redis,
two gunicorn app servers and HAProxy, started by `manage.py cluster` (as `make cluster`)
on ports of the test's own, on the loopback.

Steady anonymous readers and one press officer go through the balancer while, one
scenario after the other, an app server is stopped (SIGTERM, then kill -9), the replica
is stopped and started again, its replay is paused while a release is published and
another withdrawn, and Redis is stopped. Expected: no failed reader request (the
balancer sends idempotent requests that failed before an answer to the other server),
no page older than MAX_STALE seconds after a change, and the press officer always reads
the edit they just made. The figures of each scenario are printed.

PostgreSQL runs only: skipped on SQLite, and without PostgreSQL's server programs or
HAProxy, except on CI (CI set), where they must be there.
"""

import contextlib
import http.client
import http.cookies
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connections

from grandest_press.management.commands.cluster import (
    HAPROXY,
    PG_BIN,
    Cluster,
    read_pid,
    wait_until_gone,
)
from tests.tools import free_port

MAX_STALE = 5.0  # seconds
READERS = 3
MAX_REQUESTS = 20_000  # in all, whatever the machine's speed
STAFF_PASSWORD = "mot-de-passe-de-la-redaction-2026"
FRESHNESS_TITLE = "Témoin de fraîcheur n° {}"
FRESHNESS = re.compile(r"Témoin de fraîcheur n° (\d+)")
PUBLISHED_LATER = "Un communiqué publié pendant la pause de la réplique"
WITHDRAWN_LATER = "Un communiqué retiré pendant la pause de la réplique"


def _missing_tools():
    if connections["default"].vendor != "postgresql":
        return None  # skipped below, whatever CI says: the SQLite run does not need them
    missing = [
        str(path)
        for path in (PG_BIN / "initdb", PG_BIN / "pg_basebackup", Path(HAPROXY))
        if not path.exists()
    ]
    missing += [name for name in ("redis-server", "runuser") if not shutil.which(name)]
    return missing


def _require_cluster_tools():
    if connections["default"].vendor != "postgresql":
        pytest.skip("tests de pannes du cluster : PostgreSQL seulement (DATABASE_URL)")
    missing = _missing_tools()
    if missing:
        reason = f"absents : {', '.join(missing)} (apt-get install postgresql haproxy redis-server)"
        if os.environ.get("CI"):
            pytest.fail(f"CI mais {reason}")
        pytest.skip(reason)


# The cluster ---------------------------------------------------------------------


class Editor:
    """A Django process on the cluster's settings that makes the press office's changes
    (saved as the admin saves them: signals, one transaction each) when told to."""

    SCRIPT = (
        "import django, sys\n"
        "django.setup()\n"
        "from django.utils import timezone\n"
        "from django.contrib.auth import get_user_model\n"
        "from communiques.models import Communique\n"
        "from grandest_press.db_router import use_primary\n"
        "for line in sys.stdin:\n"
        "    with use_primary():\n"
        "        exec(line.replace('\\\\n', '\\n'))\n"
        "    print('ok', flush=True)\n"
    )

    def __init__(self, cluster):
        self.lock = threading.Lock()
        self.log = cluster.directory / "editor.log"
        self.process = subprocess.Popen(
            [sys.executable, "-c", self.SCRIPT],
            cwd=settings.BASE_DIR,
            env={**cluster.environ(), "DJANGO_SETTINGS_MODULE": "grandest_press.settings"},
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=self.log.open("ab"),
            text=True,
            start_new_session=True,
        )

    def do(self, statement: str) -> float:
        """Runs one line; returns when its transaction has committed (monotonic time)."""
        with self.lock:
            self.process.stdin.write(statement + "\n")
            self.process.stdin.flush()
            answer = self.process.stdout.readline()
            while answer.startswith("{"):  # a log line (JSON, on stdout as in production)
                answer = self.process.stdout.readline()
            if answer.strip() != "ok":
                with contextlib.suppress(subprocess.TimeoutExpired):
                    self.process.wait(timeout=5)
                errors = self.log.read_text()[-3000:]
                raise RuntimeError(f"the editor failed on: {statement}\n{errors}")
            return time.monotonic()

    def close(self):
        with contextlib.suppress(Exception):
            self.process.stdin.close()
        with contextlib.suppress(Exception):
            self.process.wait(timeout=5)
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGKILL)


@pytest.fixture(scope="module")
def cluster(django_db_blocker):
    with django_db_blocker.unblock():
        _require_cluster_tools()
    directory = Path(tempfile.mkdtemp(prefix="gp-cluster-"))
    directory.chmod(0o755)  # PostgreSQL runs as `postgres` inside it
    app_ports = [free_port(), free_port()]
    cluster = Cluster(
        directory / "cluster",
        http_port=free_port(),
        app_ports=app_ports,
        pg_port=free_port(),
        replica_port=free_port(),
        redis_port=free_port(),
    )
    try:
        cluster.start(static=False, log=lambda message: None)
        yield cluster
    finally:
        cluster.stop(log=lambda message: None)
        # Whatever a failed scenario left: every process group started in the folder.
        for path in cluster.directory.glob("*.pid"):
            pid = read_pid(path)
            if pid:
                with contextlib.suppress(ProcessLookupError, PermissionError):
                    os.killpg(pid, signal.SIGKILL)
        shutil.rmtree(directory, ignore_errors=True)


@pytest.fixture(scope="module")
def editor(cluster):
    editor = Editor(cluster)
    try:
        editor.do(
            "get_user_model().objects.create_user('redaction', password="
            f"{STAFF_PASSWORD!r}, is_staff=True, is_superuser=True)"
        )
        # Complete releases (a theme, a press contact, the event's date): the one
        # published during the test must be publishable.
        editor.do(
            r"from communiques.models import CommuniqueContact, PressContact, Theme\n"
            r"from partners.models import Organisation\n"
            r"theme = Theme.objects.get_or_create(slug='territoires', "
            r"defaults={'name': 'Territoires'})[0]\n"
            r"region = Organisation.objects.create(slug='region', name='Région Grand Est', "
            r"kind='region', public_since=timezone.now())\n"
            r"contact = PressContact.objects.create(name='Service presse', "
            r"email='presse@grandest.fr', organisation=region)"
        )
        for slug, title, status in [
            ("temoin", FRESHNESS_TITLE.format(0), "published"),
            ("publie-plus-tard", PUBLISHED_LATER, "draft"),
            ("retire-plus-tard", WITHDRAWN_LATER, "published"),
        ]:
            editor.do(
                rf"c = Communique.objects.create(slug={slug!r}, title={title!r}, "
                rf"lede='Chapeau.', body='<p>Texte.</p>', status={status!r}, "
                r"event_date=timezone.localdate(), "
                r"published_at=timezone.now() - timezone.timedelta(minutes=5))\n"
                r"c.themes.add(theme)\n"
                r"CommuniqueContact.objects.create(communique=c, contact=contact)"
            )
        yield editor
    finally:
        editor.close()


def _saving(slug, **values) -> str:
    """The editor's line that saves a release with new values, as the admin does."""
    assignments = ", ".join(f"setattr(c, {name!r}, {value!r})" for name, value in values.items())
    return f"(lambda c: ({assignments}, c.save()))(Communique.objects.get(slug={slug!r}))"


def _transition(slug, method, **arguments) -> str:
    """The editor's line for a workflow step (publish, withdraw) by the press officer."""
    arguments = "".join(f", {name}={value!r}" for name, value in arguments.items())
    return (
        r"from django.db import transaction\nwith transaction.atomic():\n"
        rf"    c = Communique.objects.get(slug={slug!r})\n"
        rf"    c.{method}(by=get_user_model().objects.get(username='redaction'){arguments})\n"
        r"    c.save()"
    )


# Traffic -------------------------------------------------------------------------


@dataclass
class Change:
    at: float  # monotonic time its transaction committed
    version: int | None = None  # the freshness title's number it wrote
    published: bool | None = None  # PUBLISHED_LATER is now public
    withdrawn: bool | None = None  # WITHDRAWN_LATER is no longer public


@dataclass
class Traffic:
    """What the readers and the press officer saw, scenario by scenario."""

    cluster: Cluster
    editor: Editor
    changes: list = field(default_factory=lambda: [Change(at=0.0, version=0)])
    results: list = field(default_factory=list)  # (start, url, status, version, pub, wd)
    staff_misses: list = field(default_factory=list)
    staff_reads: int = 0
    stop: threading.Event = field(default_factory=threading.Event)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def get(self, url, cookie=None):
        connection = http.client.HTTPConnection("127.0.0.1", self.cluster.http_port, timeout=30)
        try:
            headers = {"Host": "127.0.0.1"}
            if cookie:
                headers["Cookie"] = cookie
            connection.request("GET", url, headers=headers)
            response = connection.getresponse()
            return response.status, response.read().decode(), response
        finally:
            connection.close()

    def reader(self):
        urls = ["/communiques/", "/communiques/temoin/", "/"]
        turn = 0
        while not self.stop.is_set() and len(self.results) < MAX_REQUESTS:
            url = urls[turn % len(urls)]
            turn += 1
            started = time.monotonic()
            try:
                status, body, _response = self.get(url)
            except OSError:
                status, body = 0, ""
            version = FRESHNESS.search(body)
            with self.lock:
                self.results.append(
                    (
                        started,
                        url,
                        status,
                        int(version.group(1)) if version else None,
                        PUBLISHED_LATER in body if url == "/communiques/" else None,
                        WITHDRAWN_LATER in body if url == "/communiques/" else None,
                    )
                )
            time.sleep(0.02)

    def log_in(self):
        _status, body, response = self.get("/admin/login/")
        cookies = http.cookies.SimpleCookie()
        for header in response.headers.get_all("Set-Cookie") or []:
            cookies.load(header)
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', body).group(1)
        cookie = "; ".join(f"{name}={morsel.value}" for name, morsel in cookies.items())
        connection = http.client.HTTPConnection("127.0.0.1", self.cluster.http_port, timeout=30)
        connection.request(
            "POST",
            "/admin/login/?next=/admin/",
            body=urllib.parse.urlencode(
                {
                    "username": "redaction",
                    "password": STAFF_PASSWORD,
                    "csrfmiddlewaretoken": token,
                    "next": "/admin/",
                }
            ),
            headers={
                "Host": "127.0.0.1",
                "Cookie": cookie,
                "Content-Type": "application/x-www-form-urlencoded",
            },
        )
        response = connection.getresponse()
        response.read()
        assert response.status == 302, "the press officer could not log in"
        for header in response.headers.get_all("Set-Cookie") or []:
            cookies.load(header)
        connection.close()
        return "; ".join(f"{name}={morsel.value}" for name, morsel in cookies.items())

    def press_officer(self, cookie):
        """Edits the freshness release's title, then reads it at once, signed in."""
        while not self.stop.is_set():
            version = max(change.version or 0 for change in self.changes) + 1
            committed = self.editor.do(_saving("temoin", title=FRESHNESS_TITLE.format(version)))
            with self.lock:
                self.changes.append(Change(at=committed, version=version))
            with contextlib.suppress(OSError):
                _status, body, _response = self.get("/communiques/temoin/", cookie=cookie)
                self.staff_reads += 1
                seen = FRESHNESS.search(body)
                if not seen or int(seen.group(1)) < version:
                    self.staff_misses.append((version, seen and seen.group(1)))
            self.stop.wait(1.5)

    def change(self, statement, **what):
        committed = self.editor.do(statement)
        with self.lock:
            self.changes.append(Change(at=committed, **what))

    @contextlib.contextmanager
    def running(self, name, report):
        """Readers and the press officer during the block; the figures land in `report`."""
        self.stop.clear()
        first = len(self.results)
        staff_before, misses_before = self.staff_reads, len(self.staff_misses)
        threads = [threading.Thread(target=self.reader, daemon=True) for _ in range(READERS)]
        cookie = self.log_in()
        threads.append(threading.Thread(target=self.press_officer, args=(cookie,), daemon=True))
        for thread in threads:
            thread.start()
        try:
            yield
        finally:
            self.stop.set()
            for thread in threads:
                thread.join(timeout=40)
        results = self.results[first:]
        report[name] = {
            "requests": len(results),
            "errors": sum(1 for result in results if result[2] != 200),
            "error_statuses": sorted({result[2] for result in results if result[2] != 200}),
            "stale_s": round(self.longest_stale(results), 2),
            "staff_reads": self.staff_reads - staff_before,
            "staff_misses": len(self.staff_misses) - misses_before,
        }

    def longest_stale(self, results) -> float:
        """How long after a change, at most, a reader's request still got the page before it."""
        longest = 0.0
        for started, _url, status, version, published, withdrawn in results:
            if status != 200:
                continue
            for change in self.changes:
                if change.at >= started:
                    break
                missed = (
                    (
                        change.version is not None
                        and version is not None
                        and version < change.version
                    )
                    or (change.published and published is False)
                    or (change.withdrawn and withdrawn is True)
                )
                if missed:
                    longest = max(longest, started - change.at)
                    break
        return longest


@pytest.fixture(scope="module")
def report():
    figures = {}
    yield figures


@pytest.fixture(scope="module")
def traffic(cluster, editor):
    return Traffic(cluster=cluster, editor=editor)


def _print(capsys, name, figures):
    with capsys.disabled():
        print(
            f"\n[cluster] {name}: {figures['requests']} requêtes, {figures['errors']} erreurs "
            f"{figures['error_statuses'] or ''}, "
            f"page la plus en retard {figures['stale_s']} s après un changement, "
            f"rédaction : {figures['staff_reads']} lectures, {figures['staff_misses']} manquées"
        )


def _app_pid(cluster, number):
    return read_pid(cluster.directory / f"app{number}.pid")


# Scenarios -------------------------------------------------------------------------


def test_an_app_server_stopped_gracefully_costs_readers_nothing(traffic, cluster, report, capsys):
    with traffic.running("app-sigterm", report):
        time.sleep(2)
        pid = _app_pid(cluster, 1)
        os.kill(pid, signal.SIGTERM)  # finishes its requests, takes no new ones
        assert wait_until_gone(pid, timeout=40)
        cluster.start_app(1, cluster.app_ports[0], static=False)
        time.sleep(2)
    figures = report["app-sigterm"]
    _print(capsys, "arrêt d'un serveur (SIGTERM)", figures)
    assert figures["errors"] == 0
    assert figures["stale_s"] <= MAX_STALE
    assert figures["staff_misses"] == 0


def test_an_app_server_killed_costs_at_most_its_requests_in_flight(
    traffic, cluster, report, capsys
):
    with traffic.running("app-kill", report):
        time.sleep(2)
        pid = _app_pid(cluster, 2)
        os.killpg(pid, signal.SIGKILL)  # the master and its workers, mid-request
        time.sleep(3)
        cluster.start_app(2, cluster.app_ports[1], static=False)
        time.sleep(2)
    figures = report["app-kill"]
    _print(capsys, "serveur tué (kill -9)", figures)
    assert figures["errors"] <= READERS  # at most one request in flight per reader
    assert figures["stale_s"] <= MAX_STALE
    assert figures["staff_misses"] == 0


def _replica_ctl(cluster, action):
    cluster.pg_ctl(cluster.pg_folder / "replica", action)


def test_the_replica_stopped_and_restarted_costs_readers_nothing(traffic, cluster, report, capsys):
    with traffic.running("replica-stop", report):
        time.sleep(2)
        _replica_ctl(cluster, "stop")
        time.sleep(4)
        status, body, _response = traffic.get("/sante/")
        _replica_ctl(cluster, "start")
        time.sleep(4)
    figures = report["replica-stop"]
    _print(capsys, "réplique arrêtée puis relancée", figures)
    assert status == 200 and "dégradé" in body
    assert figures["errors"] == 0
    assert figures["stale_s"] <= MAX_STALE
    assert figures["staff_misses"] == 0


def _on_replica(cluster, sql):
    subprocess.run(
        cluster.as_postgres(
            [
                *(PG_BIN / "psql", "-h", "127.0.0.1", "-p", cluster.replica_port),
                *("-U", "postgres", "-d", "postgres", "-tAc", sql),
            ]
        ),
        check=True,
        stdout=subprocess.DEVNULL,
    )


def test_a_paused_replica_never_serves_a_page_older_than_the_changes(
    traffic, cluster, report, capsys
):
    with traffic.running("replica-pause", report):
        time.sleep(2)
        _on_replica(cluster, "SELECT pg_wal_replay_pause()")
        try:
            time.sleep(1)
            traffic.change(_transition("publie-plus-tard", "publish"), published=True)
            time.sleep(1)
            withdrawal = _transition("retire-plus-tard", "withdraw", reason="Retiré.")
            traffic.change(withdrawal, withdrawn=True)
            time.sleep(6)  # beyond DATABASE_REPLICA_MAX_LAG
            status, body, _response = traffic.get("/sante/")
        finally:
            _on_replica(cluster, "SELECT pg_wal_replay_resume()")
        time.sleep(3)
    figures = report["replica-pause"]
    _print(capsys, "réplique en pause (retard), publication et retrait", figures)
    assert status == 200 and "dégradé" in body
    assert figures["errors"] == 0
    assert figures["stale_s"] <= MAX_STALE
    assert figures["staff_misses"] == 0


def test_redis_stopped_costs_readers_nothing(traffic, cluster, report, capsys):
    with traffic.running("redis-stop", report):
        time.sleep(2)
        os.kill(read_pid(cluster.directory / "redis.pid"), signal.SIGTERM)
        time.sleep(4)
        status, body, _response = traffic.get("/sante/")
        cluster.start_redis()
        time.sleep(4)
    figures = report["redis-stop"]
    _print(capsys, "Redis arrêté puis relancé", figures)
    assert status == 200 and "dégradé" in body
    assert figures["errors"] == 0
    assert figures["stale_s"] <= MAX_STALE
    assert figures["staff_misses"] == 0

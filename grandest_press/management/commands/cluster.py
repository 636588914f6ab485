"""`manage.py cluster start|stop`: the production topology on one machine, on the loopback.

A PostgreSQL primary and its streaming replica (`pg_basebackup -R`), each with its own
data folder and port, a Redis, two gunicorn app servers with the production settings,
and HAProxy in front of them, health-checking /sante/ and retrying idempotent requests
on the other server. Every process writes its pid where `stop` finds it, so `stop` ends
exactly what `start` began. `make cluster` and `make cluster-stop` call it; the fault
tests (tests/test_cluster_faults.py) start it on ports of their own.

`start` begins afresh: it empties its folder (the cluster's data is for trying things
out) and refuses while a cluster started there still runs.
"""

import contextlib
import os
import pwd
import shutil
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError


def _postgresql_programs() -> Path:
    """PG_BIN, or the server programs of Debian's newest PostgreSQL."""
    if "PG_BIN" in os.environ:
        return Path(os.environ["PG_BIN"])
    versions = sorted(
        Path("/usr/lib/postgresql").glob("*/bin"),
        key=lambda path: int(path.parent.name) if path.parent.name.isdigit() else 0,
    )
    return versions[-1] if versions else Path("/usr/lib/postgresql/15/bin")


PG_BIN = _postgresql_programs()
HAPROXY = os.environ.get("HAPROXY", shutil.which("haproxy") or "/usr/sbin/haproxy")
DATABASE = "grandest_press"
# For this loopback cluster only, never for a real server.
SECRET_KEY = "local-cluster-only-not-a-secret-5d1e8a90c4b7f2e6a3d0"

HAPROXY_CONFIG = """\
global
    maxconn 512

defaults
    mode http
    timeout connect 1s
    timeout client 30s
    timeout server 30s
    # An idempotent request (GET, HEAD) that failed on one server, before it answered
    # (refused, reset, no response: a stopped or killed server), is sent to the other.
    retries 2
    option redispatch 1
    retry-on conn-failure empty-response junk-response response-timeout 502 504

frontend www
    bind 127.0.0.1:{http_port}
    default_backend app

backend app
    balance roundrobin
    option httpchk
    http-check send meth GET uri /sante/ ver HTTP/1.1 hdr Host 127.0.0.1
    http-check expect status 200
{servers}
"""
SERVER_LINE = "    server app{number} 127.0.0.1:{port} check inter 1s fall 2 rise 1"


class Cluster:
    """The processes of one cluster and where their files are."""

    def __init__(self, directory, *, http_port, app_ports, pg_port, replica_port, redis_port):
        self.directory = Path(directory).resolve()
        self.pg_folder = self.directory / "pg"
        self.http_port, self.app_ports = http_port, app_ports
        self.pg_port, self.replica_port, self.redis_port = pg_port, replica_port, redis_port

    # Environment ---------------------------------------------------------------

    def django_environment(self) -> dict[str, str]:
        """The production settings of the app servers (also written to `env`)."""
        database = "postgres://postgres@127.0.0.1:{}/" + DATABASE
        return {
            "DEBUG": "False",
            "SECRET_KEY": SECRET_KEY,
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
            "SECURE_SSL_REDIRECT": "False",
            "SESSION_COOKIE_SECURE": "False",
            "CSRF_COOKIE_SECURE": "False",
            "DATABASE_URL": database.format(self.pg_port),
            "DATABASE_REPLICA_URL": database.format(self.replica_port),
            "CACHE_URL": f"redis://127.0.0.1:{self.redis_port}/0",
            "STATIC_ROOT": str(self.directory / "static"),
            "MEDIA_ROOT": str(self.directory / "media"),
            "WEB_CONCURRENCY": os.environ.get("WEB_CONCURRENCY", "2"),
        }

    def environ(self) -> dict[str, str]:
        return {**os.environ, **self.django_environment()}

    # Running commands ----------------------------------------------------------

    @staticmethod
    def as_postgres(command):
        """PostgreSQL refuses to run as root: its commands then run as `postgres`."""
        if os.geteuid() == 0:
            return ["runuser", "-u", "postgres", "--", *map(str, command)]
        return list(map(str, command))

    def run(self, command, **kwargs):
        subprocess.run(list(map(str, command)), check=True, stdout=subprocess.DEVNULL, **kwargs)

    def manage(self, *arguments):
        self.run(
            [sys.executable, str(Path(settings.BASE_DIR) / "manage.py"), *arguments],
            env=self.environ(),
        )

    # Start ---------------------------------------------------------------------

    def start(self, *, static=True, log=print):
        if self.running_pids():
            raise CommandError(f"Un cluster tourne déjà dans {self.directory} : cluster stop.")
        shutil.rmtree(self.directory, ignore_errors=True)
        self.pg_folder.mkdir(parents=True)
        if os.geteuid() == 0:
            postgres = pwd.getpwnam("postgres")
            os.chown(self.pg_folder, postgres.pw_uid, postgres.pw_gid)
        try:
            log(f"PostgreSQL primaire sur 127.0.0.1:{self.pg_port}")
            self.start_primary()
            log(f"PostgreSQL réplique (pg_basebackup -R) sur 127.0.0.1:{self.replica_port}")
            self.start_replica()
            log(f"Redis sur 127.0.0.1:{self.redis_port}")
            self.start_redis()
            log("Migrations et communiqué fondateur")
            self.manage("migrate", "--no-input", "--verbosity", "0")
            self.manage("load_poce")
            if static:
                self.manage("collectstatic", "--no-input", "--verbosity", "0")
            (self.directory / "env").write_text(
                "".join(f"{name}={value}\n" for name, value in self.django_environment().items())
            )
            for number, port in enumerate(self.app_ports, start=1):
                log(f"Serveur d'application {number} (gunicorn) sur 127.0.0.1:{port}")
                self.start_app(number, port, static=static, wait=False)
            for port in self.app_ports:
                wait_for_http(f"http://127.0.0.1:{port}/sante/")
            log(f"HAProxy sur http://127.0.0.1:{self.http_port}/")
            self.start_haproxy()
        except BaseException:
            self.stop(log=lambda message: None)
            raise

    def start_primary(self):
        data = self.pg_folder / "primary"
        self.run(
            self.as_postgres(
                [
                    *(PG_BIN / "initdb", "-D", data, "-U", "postgres", "--auth=trust"),
                    *("--encoding=UTF8", "--locale=C.UTF-8", "--no-sync"),
                ]
            )
        )
        with (data / "postgresql.conf").open("a") as conf:
            conf.write(
                f"port = {self.pg_port}\n"
                "listen_addresses = '127.0.0.1'\n"
                f"unix_socket_directories = '{self.pg_folder}'\n"
                "wal_level = replica\n"
                "max_wal_senders = 4\n"
                # A replica stopped for a while catches up from the primary's WAL.
                "wal_keep_size = '256MB'\n"
                # For trying things out on one machine, not for keeping data.
                "fsync = off\n"
            )
        # Loopback only, replication included; nothing else may connect.
        (data / "pg_hba.conf").write_text(
            "local all all trust\n"
            "host all all 127.0.0.1/32 trust\n"
            "host replication all 127.0.0.1/32 trust\n"
        )
        self.pg_ctl(data, "start")
        self.run(
            [PG_BIN / "createdb", "-h", "127.0.0.1", "-p", self.pg_port, "-U", "postgres", DATABASE]
        )

    def start_replica(self):
        data = self.pg_folder / "replica"
        self.run(
            self.as_postgres(
                [
                    *(PG_BIN / "pg_basebackup", "-h", "127.0.0.1", "-p", self.pg_port),
                    *("-U", "postgres", "-D", data, "-R", "-X", "stream", "-c", "fast"),
                ]
            )
        )
        with (data / "postgresql.conf").open("a") as conf:
            conf.write(f"port = {self.replica_port}\n")
        self.pg_ctl(data, "start")

    def pg_ctl(self, data, action):
        log_file = data.with_suffix(".log")
        command = [PG_BIN / "pg_ctl", "-D", data, "-l", log_file, "-w", "-t", "60", action]
        if action == "stop":
            command += ["-m", "fast"]
        self.run(self.as_postgres(command))

    def start_redis(self):
        self.run(
            [
                *("redis-server", "--port", str(self.redis_port), "--bind", "127.0.0.1"),
                *("--save", "", "--appendonly", "no", "--daemonize", "yes"),
                *("--dir", str(self.directory), "--pidfile", str(self.directory / "redis.pid")),
                *("--logfile", str(self.directory / "redis.log")),
            ]
        )

    def start_app(self, number, port, *, static=True, wait=True):
        environment = {
            **self.environ(),
            "GUNICORN_BIND": f"127.0.0.1:{port}",
            "GUNICORN_ACCESS_LOG": "off",
            # Without collectstatic, static files are found in the apps.
            **({} if static else {"STATIC_MANIFEST": "False"}),
        }
        with (self.directory / f"app{number}.log").open("ab") as log_file:
            subprocess.Popen(
                [
                    *(sys.executable, "-m", "gunicorn", "-c", "grandest_press/gunicorn.conf.py"),
                    *("--pid", str(self.directory / f"app{number}.pid")),
                ],
                cwd=settings.BASE_DIR,
                env=environment,
                stdout=log_file,
                stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL,
                start_new_session=True,
            )
        if wait:
            wait_for_http(f"http://127.0.0.1:{port}/sante/")

    def start_haproxy(self):
        config = self.directory / "haproxy.cfg"
        config.write_text(
            HAPROXY_CONFIG.format(
                http_port=self.http_port,
                servers="\n".join(
                    SERVER_LINE.format(number=number, port=port)
                    for number, port in enumerate(self.app_ports, start=1)
                ),
            )
        )
        self.run([HAPROXY, "-c", "-q", "-f", str(config)])
        self.run([HAPROXY, "-D", "-p", str(self.directory / "haproxy.pid"), "-f", str(config)])
        wait_for_http(f"http://127.0.0.1:{self.http_port}/sante/")

    # Stop ----------------------------------------------------------------------

    def pid_files(self):
        return [self.directory / name for name in ("haproxy.pid", "app1.pid", "app2.pid")] + [
            self.directory / "redis.pid"
        ]

    def running_pids(self):
        pids = [read_pid(path) for path in self.pid_files()]
        pids += [
            read_pid(self.pg_folder / name / "postmaster.pid") for name in ("replica", "primary")
        ]
        return [pid for pid in pids if pid and is_running(pid)]

    def stop(self, *, log=print):
        for path in self.pid_files():
            pid = read_pid(path)
            if pid and is_running(pid):
                log(f"Arrêt de {path.stem} (pid {pid})")
                terminate(pid)
            path.unlink(missing_ok=True)
        for name in ("replica", "primary"):
            data = self.pg_folder / name
            pid = read_pid(data / "postmaster.pid")
            if pid and is_running(pid):
                log(f"Arrêt de PostgreSQL {name} (pid {pid})")
                try:
                    self.pg_ctl(data, "stop")
                except subprocess.CalledProcessError:
                    terminate(pid)


def read_pid(path):
    try:
        return int(path.read_text().split()[0])
    except (OSError, ValueError, IndexError):
        return None


def is_running(pid) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def wait_until_gone(pid, *, timeout) -> bool:
    """True once the process has exited (a child of ours is reaped), False on timeout."""
    deadline = time.monotonic() + timeout
    while is_running(pid):
        with contextlib.suppress(ChildProcessError):
            os.waitpid(pid, os.WNOHANG)
        if time.monotonic() > deadline:
            return False
        time.sleep(0.1)
    return True


def terminate(pid, *, grace=15):
    """SIGTERM (gunicorn finishes its requests), then SIGKILL to the process group."""
    with contextlib.suppress(ProcessLookupError):
        os.kill(pid, signal.SIGTERM)
    if not wait_until_gone(pid, timeout=grace):
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(pid, signal.SIGKILL)
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)


def wait_for_http(url, *, timeout=60):
    deadline = time.monotonic() + timeout
    while True:
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            pass
        if time.monotonic() > deadline:
            raise CommandError(f"{url} ne répond pas après {timeout} s")
        time.sleep(0.2)


class Command(BaseCommand):
    help = (
        "Démarre (start) ou arrête (stop) un cluster local : PostgreSQL primaire et réplique, "
        "Redis, deux serveurs gunicorn, HAProxy."
    )

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["start", "stop"])
        parser.add_argument("--dir", default=str(Path(settings.BASE_DIR) / "var" / "cluster"))
        parser.add_argument("--http-port", type=int, default=8100)
        parser.add_argument("--app-ports", type=int, nargs=2, default=[8101, 8102])
        parser.add_argument("--pg-port", type=int, default=5434)
        parser.add_argument("--replica-port", type=int, default=5435)
        parser.add_argument("--redis-port", type=int, default=6380)
        parser.add_argument(
            "--no-static",
            action="store_true",
            help="sans collectstatic : les fichiers statiques sont lus dans les applications",
        )

    def handle(self, *args, action, **options):
        cluster = Cluster(
            options["dir"],
            http_port=options["http_port"],
            app_ports=options["app_ports"],
            pg_port=options["pg_port"],
            replica_port=options["replica_port"],
            redis_port=options["redis_port"],
        )
        if action == "stop":
            cluster.stop(log=self.stdout.write)
            return
        cluster.start(static=not options["no_static"], log=self.stdout.write)
        self.stdout.write(
            self.style.SUCCESS(
                f"Cluster prêt : http://127.0.0.1:{cluster.http_port}/ "
                f"(variables des serveurs : {cluster.directory / 'env'})"
            )
        )

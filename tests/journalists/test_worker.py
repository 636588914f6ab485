"""The real worker (`manage.py db_worker`, a subprocess) killed in the middle of a
sending, then restarted: every recipient gets exactly one message."""

import collections
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import quote

import pytest
from django.conf import settings
from django.db import connection

from journalists import delivery
from journalists.addresses import email_digest, normalise_email
from journalists.models import Journalist, JournalistEmail
from tests.factories import make_communique, make_recipient_list, make_sending, make_staff_user

RECIPIENTS = 500
SHARED_MEMORY = Path("/dev/shm")


def make_recipients(count):
    journalists = Journalist.objects.bulk_create(
        [Journalist(name=f"Journaliste {n}") for n in range(count)]
    )
    JournalistEmail.objects.bulk_create(
        [
            JournalistEmail(
                journalist=journalist,
                email=f"journaliste.{n}@presse.fr",
                normalised=normalise_email(f"journaliste.{n}@presse.fr"),
                digest=email_digest(f"journaliste.{n}@presse.fr"),
                source="Test",
            )
            for n, journalist in enumerate(journalists)
        ]
    )
    return journalists


def database_for_the_worker(tmp_path) -> tuple:
    """(DATABASE_URL, a function counting the rows still queued, the file to remove
    afterwards) of the test database.

    SQLite's test database lives in memory: it is copied to a file the worker opens,
    and read there afterwards. PostgreSQL's is shared as it is (this test commits).
    """
    if connection.vendor == "sqlite":
        # In memory too where the machine has it: a commit per message on a disk
        # that syncs each one would make this test three times as slow.
        folder = SHARED_MEMORY if SHARED_MEMORY.is_dir() else tmp_path
        path = folder / f"grandest-press-worker-{os.getpid()}.sqlite3"
        path.unlink(missing_ok=True)
        with sqlite3.connect(path) as copy:
            connection.ensure_connection()
            connection.connection.backup(copy)

        def queued():
            with sqlite3.connect(path, timeout=10) as database:
                query = "SELECT count(*) FROM journalists_delivery WHERE state = 'queued'"
                return database.execute(query).fetchone()[0]

        return f"sqlite:///{path}", queued, path
    database = settings.DATABASES["default"]
    password = f":{quote(database['PASSWORD'])}" if database.get("PASSWORD") else ""
    url = (
        f"postgres://{database['USER']}{password}@{database['HOST']}:{database['PORT']}"
        f"/{database['NAME']}"
    )

    def queued():
        with connection.cursor() as cursor:
            cursor.execute("SELECT count(*) FROM journalists_delivery WHERE state = 'queued'")
            return cursor.fetchone()[0]

    return url, queued, None


def start_worker(database_url, smtp_port, log):
    environment = {
        **{k: v for k, v in os.environ.items() if not k.startswith("DATABASE_")},
        "DATABASE_URL": database_url,
        "EMAIL_URL": f"smtp://127.0.0.1:{smtp_port}",
        "EMAIL_RATE": "0",
        "DEBUG": "False",
        "SECRET_KEY": "test-only-secret-key-for-the-worker-subprocess-0123456789",
        "SECURE_SSL_REDIRECT": "False",
        "LOG_LEVEL": "WARNING",
    }
    return subprocess.Popen(
        [
            sys.executable,
            "manage.py",
            "db_worker",
            "--no-startup-delay",
            "--no-reload",
            "--interval",
            "0.05",
        ],
        cwd=settings.BASE_DIR,
        env=environment,
        stdout=log,
        stderr=subprocess.STDOUT,
    )


def wait_until(condition, *, timeout):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.02)
    return False


@pytest.mark.django_db(transaction=True)
def test_a_worker_killed_mid_sending_then_restarted_sends_each_message_exactly_once(
    smtp_sink, tmp_path
):
    recipients = make_recipients(RECIPIENTS)
    sending = make_sending(
        communique=make_communique(), lists=[make_recipient_list(journalists=recipients)]
    )
    # A superuser: earlier transactional tests flush the groups made by migrations.
    delivery.launch(sending, by=make_staff_user(superuser=True))
    database_url, queued, copy = database_for_the_worker(tmp_path)

    with open(tmp_path / "worker.log", "wb") as log:
        worker = start_worker(database_url, smtp_sink.port, log)
        try:
            assert wait_until(lambda: len(smtp_sink.messages) >= 150, timeout=60)
            worker.send_signal(signal.SIGKILL)
            worker.wait(timeout=10)
            sent_before_the_crash = len(smtp_sink.messages)

            worker = start_worker(database_url, smtp_sink.port, log)
            assert wait_until(lambda: len(smtp_sink.messages) >= RECIPIENTS, timeout=90)
            time.sleep(0.5)  # a duplicate sent late would arrive now
            assert queued() == 0
        finally:
            worker.kill()
            worker.wait(timeout=10)
            if copy:
                copy.unlink(missing_ok=True)

    received = collections.Counter(
        message["To"].addresses[0].addr_spec for message in smtp_sink.messages
    )
    assert sent_before_the_crash < RECIPIENTS
    assert len(received) == RECIPIENTS
    assert set(received.values()) == {1}

"""Benchmark of a sending (`make bench-mail`): 5 000 messages to a local SMTP sink.

Seeds the database of the environment with RECIPIENTS journalists and one published
release (once: later runs reuse them), starts an SMTP server that accepts and
discards everything (aiosmtpd in a subprocess, a free loopback port), then the real
worker (`manage.py db_worker`) pointed at it, and launches the sending. Reports the
time until every message is sent and the worker's peak memory (VmHWM), then stops
both processes by their PID.
"""

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

from django.conf import settings
from django.contrib.auth.models import User
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from communiques.models import Communique
from journalists import delivery
from journalists.addresses import email_digest, normalise_email
from journalists.models import Delivery, Journalist, JournalistEmail, RecipientList, Sending

PREFIX = "Banc d’essai"
TIMEOUT = 600


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def peak_memory_kib(pid: int) -> int:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


class Command(BaseCommand):
    help = "Temps et mémoire du worker pour un envoi à 5 000 destinataires (SMTP local)."

    def add_arguments(self, parser):
        parser.add_argument("--recipients", type=int, default=5000)

    def handle(self, *args, recipients, **options):
        recipient_list = self.seed(recipients)
        communique = Communique.objects.filter(title__startswith=PREFIX).first()
        sending = Sending.objects.create(communique=communique)
        sending.recipient_lists.set([recipient_list])
        port = free_port()
        sink = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "aiosmtpd",
                "-n",
                "-c",
                "aiosmtpd.handlers.Sink",
                "-l",
                f"127.0.0.1:{port}",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        worker = None
        try:
            time.sleep(1)
            worker = subprocess.Popen(
                [sys.executable, "manage.py", "db_worker", "--no-reload", "--interval", "0.2"],
                cwd=settings.BASE_DIR,
                env={**os.environ, "EMAIL_URL": f"smtp://127.0.0.1:{port}", "EMAIL_RATE": "0"},
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
            publisher = User.objects.filter(is_superuser=True).first() or User.objects.create(
                username="banc-envois", is_superuser=True, is_staff=True
            )
            started = time.monotonic()
            count = delivery.launch(sending, by=publisher)
            peak = 0
            while True:
                peak = max(peak, peak_memory_kib(worker.pid))
                left = sending.deliveries.filter(state=Delivery.State.QUEUED).count()
                if not left:
                    break
                if time.monotonic() - started > TIMEOUT or worker.poll() is not None:
                    raise CommandError(f"Arrêt : {left} messages en attente.")
                time.sleep(0.5)
            elapsed = time.monotonic() - started
            peak = max(peak, peak_memory_kib(worker.pid))
        finally:
            for process in (worker, sink):
                if process is not None:
                    process.terminate()
                    process.wait(timeout=30)
        sent = sending.deliveries.filter(state=Delivery.State.SENT).count()
        self.stdout.write(
            f"{count} destinataires, {sent} envoyés en {elapsed:.1f} s "
            f"({sent / elapsed:.0f} messages/s) ; mémoire maximale du worker : "
            f"{peak / 1024:.0f} Mo (VmHWM). Base : {settings.DATABASES['default']['ENGINE']}."
        )

    def seed(self, recipients: int) -> RecipientList:
        recipient_list, _created = RecipientList.objects.get_or_create(name=PREFIX)
        if not Communique.objects.filter(title__startswith=PREFIX).exists():
            Communique.objects.create(
                title=f"{PREFIX} : la Région signe le pacte",
                slug="banc-d-essai-envois",
                lede="La Région Grand Est signe un pacte territorial.",
                body="<p>" + "Texte du communiqué. " * 80 + "</p>",
                status=Communique.Status.PUBLISHED,
                published_at=timezone.now(),
            )
        have = recipient_list.journalists.count()
        if have < recipients:
            journalists = Journalist.objects.bulk_create(
                [Journalist(name=f"{PREFIX} {n}") for n in range(have, recipients)]
            )
            JournalistEmail.objects.bulk_create(
                [
                    JournalistEmail(
                        journalist=journalist,
                        email=(address := f"banc.{journalist.pk}@exemple-presse.fr"),
                        normalised=normalise_email(address),
                        digest=email_digest(address),
                        source=PREFIX,
                    )
                    for journalist in journalists
                ],
                batch_size=1000,
            )
            recipient_list.journalists.add(*journalists)
        return recipient_list

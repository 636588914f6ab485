"""Instructions per request of the public pages, counted by valgrind (`make bench-instructions`).

Why: `make bench`'s requests/s follow this machine's speed, which drifts by ±20 % within
minutes and differs from one machine to the next; the instructions one request executes
do not (the same count to 0.1 % from run to run). Each page runs in its own process
under callgrind: warmed up, then counting switched on (callgrind_control) for a number
of requests through Django's test client, with the production settings of the
environment (DEBUG off, PostgreSQL, RESPONSE_CACHE=off: every page rendered from the
database). The count covers this Python process only, not PostgreSQL's or Redis's work.
"""

import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.test import Client

from communiques.management.commands.bench_http import STATIC, require_postgresql
from communiques.management.commands.bench_http import Command as BenchHttp

WARM_UP = 10
_COLLECTED = re.compile(r"Collected : (\d+)")


class Command(BaseCommand):
    help = (
        "Compte les instructions exécutées par requête pour chaque page publique "
        "(valgrind/callgrind, sans cache de réponses)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--releases", type=int, default=10_000)
        parser.add_argument("--requests", type=int, default=20)
        parser.add_argument("--page", action="append", help="une page du banc d’essai HTTP")
        parser.add_argument("--child", help=Path(__file__).stem)  # the measured process

    def handle(self, *args, **options):
        require_postgresql()
        if settings.RESPONSE_CACHE_ENABLED:
            raise CommandError("RESPONSE_CACHE=off : ce banc mesure les pages sans cache.")
        bench_http = BenchHttp(stdout=self.stdout, stderr=self.stderr)
        if options["child"]:
            return self.run_requests(bench_http.pages()[options["child"]], options["requests"])
        bench_http.ensure_corpus(options["releases"])
        pages = bench_http.pages()
        if not (valgrind := shutil.which("valgrind")) or not shutil.which("callgrind_control"):
            raise CommandError("valgrind est introuvable : apt-get install valgrind.")
        names = options["page"] or [name for name in pages if name != STATIC]
        if unknown := [name for name in names if name not in pages]:
            known = ", ".join(pages)
            raise CommandError(f"Page inconnue : {', '.join(unknown)} (pages : {known}).")
        self.stdout.write(f"| {'page':<16} | {'M instructions / requête':>24} |")
        self.stdout.write(f"|{'-' * 18}|{'-' * 26}|")
        for name in names:
            count = self.count(valgrind, name, options["requests"])
            self.stdout.write(f"| {name:<16} | {count / options['requests'] / 1e6:>24.2f} |")

    def count(self, valgrind, name, requests) -> int:
        with tempfile.TemporaryDirectory(prefix="bench-instructions-") as tmp:
            result = subprocess.run(
                [
                    valgrind,
                    "--tool=callgrind",
                    "--instr-atstart=no",
                    f"--callgrind-out-file={Path(tmp) / 'callgrind.out'}",
                    sys.executable,
                    str(Path(settings.BASE_DIR) / "manage.py"),
                    Path(__file__).stem,
                    "--child",
                    name,
                    "--requests",
                    str(requests),
                ],
                capture_output=True,
                text=True,
                timeout=600,
            )
        found = _COLLECTED.search(result.stderr)
        if result.returncode or not found:
            raise CommandError(f"{name} : la mesure a échoué.\n{result.stderr[-3000:]}")
        return int(found.group(1))

    def run_requests(self, path, requests):
        client = Client(HTTP_HOST=settings.ALLOWED_HOSTS[0])
        for _ in range(WARM_UP):
            if (status := client.get(path).status_code) != 200:
                raise CommandError(f"{path} répond {status}.")
        _count_instructions("on")
        for _ in range(requests):
            client.get(path)
        _count_instructions("off")


def _count_instructions(switch):
    """Switches callgrind's counting in this process on or off."""
    command = ["callgrind_control", "--instr", switch, str(os.getpid())]
    subprocess.run(command, check=True, capture_output=True)

"""Time and memory of an archive import: N generated files through `import_archive`.

The files are written from the evaluation set, each with its own title, people and
territory names (so that each is a new draft, as in a real archive, not a duplicate);
a third are saved pages, so that trafilatura's extraction is measured too. Memory is the
process's peak resident size (ru_maxrss) before and after. The process's CPU time and
the load average are printed too: on a shared machine the elapsed time depends on them,
and the time per file on what the database already holds (names are matched against
every stored organisation and person), which is printed first.
"""

import json
import os
import random
import re
import resource
import tempfile
import time
from pathlib import Path

from django.core.management.base import BaseCommand

from communiques.importer.archive import import_archive, read_path
from communiques.importer.evaluation import EVALUATION_SET
from communiques.models import Communique
from partners.models import Organisation, Person

NAME = re.compile(r"\*\*(?P<name>[^*]+)\*\*")


def letters(number: int) -> str:
    """0 → "a", 25 → "z", 26 → "ba": a suffix that keeps a name a name."""
    out = ""
    while True:
        number, rest = divmod(number, 26)
        out = "abcdefghijklmnopqrstuvwxyz"[rest] + out
        if not number:
            return out


def word(rng: random.Random) -> str:
    """A made-up place name, far from any other one (the importer forgives small typos)."""
    return "".join(rng.choice("bcdfghjklmnprstvz") + rng.choice("aeiou") for _ in range(4))


def write_archive(folder: Path, files: int, run: str) -> None:
    texts = sorted(EVALUATION_SET.glob("*.txt"))
    rng = random.Random(run)
    for index in range(files):
        number = f"{run}-{index}"
        source = texts[index % len(texts)]
        text = source.read_text(encoding="utf-8")
        expected = json.loads(source.with_suffix(".json").read_text(encoding="utf-8"))
        for pact in expected.get("pacts", []):
            invented = f"{word(rng).capitalize()}-{word(rng).capitalize()}"
            text = text.replace(pact["territory"], f"Communauté de communes de {invented}")
        suffix = letters(index)
        text = NAME.sub(lambda m, s=suffix: f"**{m.group('name')}{s}**", text)
        lines = text.split("\n")
        title_at = next(i for i, line in enumerate(lines) if len(line) > 30 or i > 4)
        lines[title_at] += f" (archive n° {number})"
        if index % 3:
            (folder / f"{index:05d}.txt").write_text("\n".join(lines), encoding="utf-8")
        else:
            paragraphs = "".join(f"<p>{line}</p>" for line in lines if line.strip())
            page = (
                "<html><head><title>Archive</title></head><body><nav><a href='/'>Accueil</a>"
                f"</nav><article>{paragraphs}</article><footer>Mentions légales</footer>"
                "</body></html>"
            )
            (folder / f"{index:05d}.html").write_text(page, encoding="utf-8")


class Command(BaseCommand):
    help = "Banc d’essai de l’import d’archive : N fichiers générés, temps et mémoire."

    def add_arguments(self, parser):
        parser.add_argument("--files", type=int, default=2000)

    def handle(self, *args, files, **options):
        self.stdout.write(
            f"Base avant l’import : {Organisation.objects.count()} organisations, "
            f"{Person.objects.count()} personnalités, {Communique.objects.count()} communiqués."
        )
        with tempfile.TemporaryDirectory() as folder:
            # A run of its own: every file is a new draft, even in a database already used.
            write_archive(Path(folder), files, run=f"{time.time():.0f}")
            before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
            start, cpu_start = time.perf_counter(), time.process_time()
            summary = import_archive(read_path(Path(folder)))
            seconds, cpu = time.perf_counter() - start, time.process_time() - cpu_start
            after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        self.stdout.write(summary.lines()[0])
        self.stdout.write(
            f"{files} fichiers en {seconds:.0f} s ({seconds / files * 1000:.0f} ms par fichier, "
            f"dont {cpu / files * 1000:.0f} ms de processeur pour ce processus) ; "
            f"charge moyenne de la machine (5 min) à la fin : {os.getloadavg()[1]:.1f} ; "
            f"mémoire maximale du processus : {before // 1024} Mo avant, {after // 1024} Mo après."
        )

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from communiques.importer.archive import import_archive, read_path


class Command(BaseCommand):
    help = (
        "Importe une archive de communiqués en brouillons, jamais publiés : un dossier de "
        "fichiers .txt, .md ou de pages .html enregistrées depuis l’ancien site, un flux "
        "RSS/Atom exporté, ou un .zip de ces fichiers. Relancer la commande ne crée pas de "
        "doublon : une source déjà importée met à jour son brouillon."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", metavar="CHEMIN")
        parser.add_argument(
            "--dry-run",
            "--essai",
            dest="dry_run",
            action="store_true",
            help="Lit et analyse tout, affiche le bilan, n’enregistre rien.",
        )

    def handle(self, *args, path, dry_run=False, **options):
        source = Path(path)
        if not source.exists():
            raise CommandError(f"Introuvable : {source}")

        def progress(number, item, outcome):
            self.stdout.write(f"[{number}] {item.name} : {outcome}")

        summary = import_archive(read_path(source), dry_run=dry_run, progress=progress)
        prefix = "Essai, rien n’a été enregistré. " if dry_run else ""
        lines = summary.lines()
        self.stdout.write(self.style.SUCCESS(prefix + lines[0]))
        for line in lines[1:]:
            self.stdout.write(line)

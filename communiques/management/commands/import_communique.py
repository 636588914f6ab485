import datetime
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from communiques.importer import ImportTextError, decode_bytes
from communiques.services import import_communique_text


class Command(BaseCommand):
    help = (
        "Importe un ou plusieurs communiqués texte (.txt, .md) en brouillons, "
        "jamais publiés, et affiche le rapport d’import."
    )

    def add_arguments(self, parser):
        parser.add_argument("files", nargs="+", metavar="FICHIER")
        parser.add_argument(
            "--date",
            dest="publication_date",
            metavar="AAAA-MM-JJ",
            help="Date de publication, pour compléter une date écrite sans année.",
        )
        parser.add_argument(
            "--mettre-a-jour",
            "--update",
            dest="update_existing",
            action="store_true",
            help="Met à jour le brouillon qui relate le même événement au lieu de s’arrêter.",
        )

    def handle(self, *args, files, publication_date=None, update_existing=False, **options):
        date = None
        if publication_date:
            try:
                date = datetime.date.fromisoformat(publication_date)
            except ValueError as error:
                raise CommandError(
                    f"Date de publication invalide « {publication_date} » : "
                    "écrivez-la AAAA-MM-JJ, par exemple 2019-09-05."
                ) from error
        failures = 0
        for name in files:
            path = Path(name)
            self.stdout.write(f"== {path}")
            try:
                text, encoding = decode_bytes(path.read_bytes())
            except FileNotFoundError:
                self.stderr.write(f"Fichier introuvable : {path}")
                failures += 1
                continue
            except (IsADirectoryError, PermissionError) as error:
                self.stderr.write(f"Lecture impossible de {path} : {error.strerror}")
                failures += 1
                continue
            except ImportTextError as error:
                self.stderr.write(f"{path} : {error} Rien n’a été enregistré.")
                failures += 1
                continue
            report = import_communique_text(
                text=text,
                publication_date=date,
                update_existing=update_existing,
                encoding=encoding,
            )
            for line in report.lines():
                self.stdout.write(line)
            if not report.ok:
                failures += 1
        if failures:
            raise CommandError(
                f"{failures} fichier(s) sur {len(files)} non importé(s) : voir les messages "
                "ci-dessus."
            )
        self.stdout.write(self.style.SUCCESS(f"{len(files)} fichier(s) importé(s) en brouillon."))

from pathlib import Path

from django.core.management.base import BaseCommand

from communiques.importer.evaluation import EVALUATION_SET, FIELDS, evaluate, floors


class Command(BaseCommand):
    help = (
        "Mesure l’import sur un jeu de communiqués annotés : rappel et précision par champ "
        "et au total, comparés aux seuils enregistrés."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "folder",
            nargs="?",
            default=str(EVALUATION_SET),
            metavar="DOSSIER",
            help="Dossier de textes .txt, chacun avec son .json attendu (par défaut : le jeu "
            "d’évaluation du projet).",
        )
        parser.add_argument(
            "--details",
            action="store_true",
            help="Affiche, texte par texte, ce qui manque et ce qui est trouvé à tort.",
        )

    def handle(self, *args, folder, details=False, **options):
        evaluation = evaluate(Path(folder))
        figures = evaluation.figures()
        known = floors()
        self.stdout.write(f"{evaluation.texts} textes évalués.")
        self.stdout.write(f"{'champ':<26}{'rappel':>8}{'précision':>11}{'seuils':>14}")
        for name in [*FIELDS, "overall"]:
            score = figures[name]
            floor = known.get(name, {})
            floor_text = f"{floor['recall']:.2f}/{floor['precision']:.2f}" if floor else "—"
            label = "total" if name == "overall" else name
            self.stdout.write(
                f"{label:<26}{score['recall']:>8.2f}{score['precision']:>11.2f}{floor_text:>14}"
            )
        for refused in evaluation.refused:
            self.stdout.write(f"Refusé : {refused}")
        if details:
            for text, name, missed, wrong in evaluation.misses:
                self.stdout.write(f"{text} [{name}]")
                self.stdout.write("".join(f"  manque : {item}\n" for item in missed), ending="")
                self.stdout.write("".join(f"  en trop : {item}\n" for item in wrong), ending="")

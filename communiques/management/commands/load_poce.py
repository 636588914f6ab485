from django.core.management.base import BaseCommand

from communiques.seed import load_poce_chalons_agglo


class Command(BaseCommand):
    help = "Charge le communiqué du POCE Châlons Agglo (5 septembre 2019) et ses objets liés."

    def handle(self, *args, **options):
        report = load_poce_chalons_agglo()
        for label in report.created:
            self.stdout.write(f"  créé : {label}")
        self.stdout.write(
            self.style.SUCCESS(
                f"POCE Châlons Agglo : {len(report.created)} objet(s) créé(s), "
                f"{len(report.existing)} déjà présent(s)."
            )
        )

import time

from django.core.management.base import BaseCommand

from communiques.corpus import clear_corpus, seed_corpus


class Command(BaseCommand):
    help = (
        "Crée un corpus réaliste de communiqués publiés (pour les mesures de performance), "
        "ou le supprime avec --clear."
    )

    def add_arguments(self, parser):
        parser.add_argument("--releases", type=int, default=10_000)
        parser.add_argument("--seed", type=int, default=2019)
        parser.add_argument("--no-images", action="store_true")
        parser.add_argument("--clear", action="store_true", help="Supprime le corpus.")

    def handle(self, *args, **options):
        started = time.perf_counter()
        removed = clear_corpus()
        if removed:
            self.stdout.write(f"Corpus précédent supprimé : {removed} communiqués.")
        if options["clear"]:
            return
        counts = seed_corpus(
            releases=options["releases"],
            seed=options["seed"],
            with_images=not options["no_images"],
        )
        elapsed = time.perf_counter() - started
        self.stdout.write(
            self.style.SUCCESS(
                f"Corpus créé en {elapsed:.0f} s : {counts['releases']} communiqués, "
                f"{counts['people']} personnalités, {counts['pacts']} pactes."
            )
        )

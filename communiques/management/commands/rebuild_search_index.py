from django.core.management.base import BaseCommand

from communiques.models import Communique
from communiques.search import refresh_index

BATCH = 1000


class Command(BaseCommand):
    help = "Recalcule l’index de recherche de tous les communiqués."

    def handle(self, *args, **options):
        ids = list(Communique.objects.order_by("pk").values_list("pk", flat=True))
        for start in range(0, len(ids), BATCH):
            refresh_index(ids[start : start + BATCH])
        self.stdout.write(self.style.SUCCESS(f"{len(ids)} communiqué(s) indexé(s)."))

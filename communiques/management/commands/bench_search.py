"""Search latency on the current database: p50/p95 per query and overall."""

import statistics
import time

from django.core.management.base import BaseCommand
from django.core.paginator import Paginator
from django.db import connection

from communiques import search
from communiques.models import Communique

QUERY_MIX = [
    "région",
    "grand est",
    "emploi",
    "emplois",
    "pacte châlons",
    "chalons",
    '"transition écologique"',
    "photovoltaïque",
    "logistique aéroport",
    "innovation compétitivité",
    "start-ups",
    "santé de proximité",
    "Metz",
    "signature POCE",
    "xyzzy introuvable",
]


def percentile(values, fraction):
    ordered = sorted(values)
    index = min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))
    return ordered[index]


class Command(BaseCommand):
    help = "Mesure la latence de la recherche (p50, p95) sur un mélange de requêtes."

    def add_arguments(self, parser):
        parser.add_argument("--repeat", type=int, default=20)

    def run_once(self, raw):
        """What the search page does for its releases: count and first page."""
        query = search.parse_query(raw)
        found = search.search_communiques(Communique.objects.published(), query)
        page = Paginator(found.releases, 20).get_page(1)
        search.excerpts(list(page.object_list), query)
        return page.paginator.count

    def handle(self, *args, **options):
        total = Communique.objects.published().count()
        self.stdout.write(f"Base : {connection.vendor}, {total} communiqués publiés.")
        all_timings, per_query = [], {}
        for raw in QUERY_MIX:
            count = self.run_once(raw)  # warm-up
            timings = []
            for _ in range(options["repeat"]):
                started = time.perf_counter()
                self.run_once(raw)
                timings.append((time.perf_counter() - started) * 1000)
            per_query[raw] = (count, timings)
            all_timings += timings
        self.stdout.write(f"{'requête':<28} {'résultats':>9} {'p50 ms':>8} {'p95 ms':>8}")
        for raw, (count, timings) in per_query.items():
            self.stdout.write(
                f"{raw:<28} {count:>9} {statistics.median(timings):>8.1f} "
                f"{percentile(timings, 0.95):>8.1f}"
            )
        worst = max(per_query, key=lambda raw: percentile(per_query[raw][1], 0.95))
        self.stdout.write(
            self.style.SUCCESS(
                f"Ensemble : p50 {statistics.median(all_timings):.1f} ms, "
                f"p95 {percentile(all_timings, 0.95):.1f} ms ; "
                f"pire requête « {worst} » (p95 {percentile(per_query[worst][1], 0.95):.1f} ms)."
            )
        )

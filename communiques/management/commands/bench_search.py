"""Search latency on the current database: p50/p95 per query and overall, in process
on one warm connection, then (--http-port) through the production server.

`make bench-search` runs it on its own database of 100 000 releases (--releases seeds
it once, without images, then VACUUM ANALYZE as autovacuum keeps a production database).
Over HTTP, gunicorn runs this environment's production settings without the page cache
(RESPONSE_CACHE=off) on the loopback, and wrk asks for the mix's searches in turn: first
`--duration` seconds to warm the workers' connections (each statement run many times, as
on a server up for a while), then as long again, measured.
"""

import json
import shutil
import statistics
import subprocess
import tempfile
import time
from pathlib import Path
from urllib.parse import quote

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.urls import reverse

from communiques import search
from communiques.corpus import CORPUS_PREFIX
from communiques.management.commands import bench_http
from communiques.models import Communique
from communiques.pagination import CountedPaginator
from communiques.views import PAGE_SIZE

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


# wrk: the mix's searches in turn, then exact figures on one line.
WRK_SCRIPT = """
local paths = {%s}
local index = 0
request = function()
  index = index %% #paths + 1
  return wrk.format("GET", paths[index])
end
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    '{"requests": %%d, "duration_us": %%d, "p50_us": %%d, "p95_us": %%d, "p99_us": %%d, '
    .. '"errors": %%d}\\n',
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(95),
    latency:percentile(99), e.status + e.connect + e.read + e.write + e.timeout))
end
"""


def percentile(values, fraction):
    ordered = sorted(values)
    index = min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))
    return ordered[index]


class Command(BaseCommand):
    help = "Mesure la latence de la recherche (p50, p95) sur un mélange de requêtes."

    def add_arguments(self, parser):
        parser.add_argument("--repeat", type=int, default=20)
        parser.add_argument(
            "--releases", type=int, help="corpus attendu (créé sans images s’il diffère)"
        )
        parser.add_argument("--http-port", type=int, help="mesure aussi gunicorn sur ce port")
        parser.add_argument("--duration", type=int, default=10, help="secondes (HTTP)")
        parser.add_argument("--connections", type=int, default=8)
        parser.add_argument("--workers", type=int, default=2)

    def run_once(self, raw):
        """What the search page does for its releases (views.SearchView): the cards'
        columns, the count unless the search knows it, the first page, its excerpts."""
        query = search.parse_query(raw)
        found = search.search_communiques(Communique.objects.published().for_list(), query)
        page = CountedPaginator(found.releases, PAGE_SIZE, count=found.count).get_page(1)
        search.excerpts(list(page.object_list), query)
        return page.paginator.count

    def handle(self, *args, **options):
        if options["releases"] is not None:
            self.ensure_corpus(options["releases"])
        self.in_process(options)
        if options["http_port"]:
            self.over_http(options)

    def ensure_corpus(self, releases):
        bench_http.require_postgresql()
        published = Communique.objects.published().filter(slug__startswith=CORPUS_PREFIX)
        if (present := published.count()) != releases:
            self.stdout.write(f"Corpus : {present} communiqués publiés, {releases} attendus…")
            call_command("seed_corpus", releases=releases, no_images=True, stdout=self.stdout)
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")

    def in_process(self, options):
        total = Communique.objects.published().count()
        self.stdout.write(f"Base : {connection.vendor}, {total} communiqués publiés.")
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SHOW plan_cache_mode")
                (mode,) = cursor.fetchone()
            threshold = connection.settings_dict["OPTIONS"].get("prepare_threshold")
            prepared = f"après {threshold} exécutions" if threshold is not None else "jamais"
            self.stdout.write(f"Requêtes préparées : {prepared} ; plan_cache_mode : {mode}.")
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

    def over_http(self, options):
        bench_http.require_postgresql()
        if not (wrk := shutil.which("wrk")):
            raise CommandError("wrk est introuvable : apt-get install wrk (make le fait).")
        call_command("collectstatic", interactive=False, verbosity=0)
        page = reverse("communiques:search")
        paths = [f"{page}?q={quote(raw)}" for raw in QUERY_MIX]
        server = bench_http.Command(stdout=self.stdout, stderr=self.stderr)
        settings = {"workers": options["workers"], "threads": 1}
        with tempfile.TemporaryDirectory(prefix="bench-search-") as tmp:
            script = Path(tmp) / "mix.lua"
            script.write_text(WRK_SCRIPT % ", ".join(f'"{path}"' for path in paths))
            log = Path(tmp) / "gunicorn.log"
            with server.server(settings, "off", log, port=options["http_port"]) as port:
                for path in paths:
                    server.warm_up(port, path, path, log)
                self.run_wrk(wrk, script, port, options)  # warm-up
                report = self.run_wrk(wrk, script, port, options)
        self.stdout.write(
            self.style.SUCCESS(
                f"HTTP (gunicorn, {options['workers']} workers, sans cache de pages, "
                f"{options['connections']} connexions, {options['duration']} s) : "
                f"{report['requests'] / (report['duration_us'] / 1e6):.1f} req/s, "
                f"p50 {report['p50_us'] / 1000:.0f} ms, p95 {report['p95_us'] / 1000:.0f} ms, "
                f"p99 {report['p99_us'] / 1000:.0f} ms, {report['errors']} erreurs."
            )
        )

    def run_wrk(self, wrk, script, port, options):
        result = subprocess.run(
            [
                wrk,
                f"-t{min(2, options['connections'])}",
                f"-c{options['connections']}",
                f"-d{options['duration']}s",
                "--timeout",
                "10s",
                "-s",
                str(script),
                f"http://127.0.0.1:{port}/",
            ],
            capture_output=True,
            text=True,
            check=True,
            timeout=options["duration"] + 30,
        )
        return json.loads(result.stdout.strip().splitlines()[-1])

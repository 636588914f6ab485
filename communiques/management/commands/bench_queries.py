"""Time of each public page's queries on one warm connection, by way of preparing them.

Each page is requested once through Django's test client (the real views, no page cache,
a fresh local cache so that the list's count and filter form are computed as on a miss),
which records the queries it runs and their values. Those queries are then run again on
three connections of their own, one per way of running them, `--repeat` times after ten
runs to warm them (psycopg prepares a statement on its sixth run; PostgreSQL may pick a
generic plan five runs later), the three in turn request by request so that the machine's
drift touches each alike; `--rounds` times over, the table giving medians:

- « préparées, plans sur mesure »: the production defaults (prepared statements,
  `plan_cache_mode=force_custom_plan`: planned for each request's values);
- « préparées, plan générique permis »: PostgreSQL's own default (`auto`);
- « non préparées »: `DATABASE_PREPARED_STATEMENTS=False`.
"""

import copy
import re
import statistics
import time

from django.core.cache import cache
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import DEFAULT_DB_ALIAS, connection, connections
from django.db.models import Count
from django.test import Client, override_settings
from django.urls import reverse

from communiques.corpus import CORPUS_PREFIX
from communiques.management.commands.bench_http import require_postgresql
from communiques.management.commands.bench_search import QUERY_MIX, percentile
from communiques.models import Communique, Theme
from partners.models import Organisation, PactKind, Person, TerritorialPact

MODES = {
    "préparées, plans sur mesure": (5, "force_custom_plan"),
    "préparées, plan générique permis": (5, "auto"),
    "non préparées": (None, "auto"),
}
WARM_UP = 10
LOCAL_CACHE = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}


class Command(BaseCommand):
    help = (
        "Mesure le temps des requêtes SQL de chaque page publique, rejouées sur une "
        "connexion chaude, avec et sans requêtes préparées (PostgreSQL)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--repeat", type=int, default=20)
        parser.add_argument("--rounds", type=int, default=3)

    def handle(self, *args, **options):
        require_postgresql()
        call_command("collectstatic", interactive=False, verbosity=0)
        pages = {
            name: [self.capture(path) for path in paths] for name, paths in self.pages().items()
        }
        connection.close()
        # {(page, mode): [(p50, p95) of each round]}
        figures = {}
        for round_number in range(options["rounds"]):
            databases = {mode: self.connect(*MODES[mode]) for mode in MODES}
            try:
                for name, requests in pages.items():
                    timings = self.replay(databases, requests, options["repeat"], round_number)
                    for mode, spent in timings.items():
                        figures.setdefault((name, mode), []).append(
                            (statistics.median(spent), percentile(spent, 0.95))
                        )
            finally:
                for database in databases.values():
                    database.close()
            self.stdout.write(f"Tour {round_number + 1} sur {options['rounds']}.")
        self.print_table(pages, figures, options)

    def capture(self, path) -> list:
        """[(sql, params)] of one request for `path`, through the real view."""
        queries = []

        def record(execute, sql, params, many, context):
            queries.append((sql, params))
            return execute(sql, params, many, context)

        with override_settings(CACHES=LOCAL_CACHE, RESPONSE_CACHE_ENABLED=False):
            cache.clear()
            with connection.execute_wrapper(record):
                response = Client(HTTP_HOST="127.0.0.1").get(path, secure=True)
        if response.status_code != 200:
            raise RuntimeError(f"{path} : {response.status_code}")
        return queries

    def connect(self, prepare_threshold, plan_cache_mode):
        """A connection of its own (Django's backend, as the site's) run this way."""
        settings_dict = copy.deepcopy(connection.settings_dict)
        options = settings_dict["OPTIONS"]
        options["prepare_threshold"] = prepare_threshold
        startup = re.sub(r"-c\s*plan_cache_mode=\S+", "", options.get("options", ""))
        options["options"] = f"{startup} -c plan_cache_mode={plan_cache_mode}".strip()
        alias = f"bench-{prepare_threshold}-{plan_cache_mode}"
        database = type(connections[DEFAULT_DB_ALIAS])(settings_dict, alias=alias)
        connections[alias] = database  # contrib.postgres looks it up when it connects
        database.ensure_connection()
        return database

    def replay(self, databases, requests, repeat, round_number) -> dict:
        """{mode: milliseconds spent in the queries of each measured request}."""
        modes = list(databases)
        timings = {mode: [] for mode in modes}
        for number in range(WARM_UP + repeat):
            queries = requests[number % len(requests)]
            shift = (number + round_number) % len(modes)  # no mode always first
            for mode in modes[shift:] + modes[:shift]:
                with databases[mode].cursor() as cursor:
                    started = time.perf_counter()
                    for sql, params in queries:
                        cursor.execute(sql, params)
                        cursor.fetchall()
                    spent = (time.perf_counter() - started) * 1000
                if number >= WARM_UP:
                    timings[mode].append(spent)
        return timings

    def pages(self) -> dict:
        """{page: [paths]}, several paths when one page shape serves many values."""
        corpus = Communique.objects.published().filter(slug__startswith=CORPUS_PREFIX)
        release = corpus.filter(quotes__isnull=False).order_by("-published_at").first()
        pact = (
            TerritorialPact.objects.filter(slug__startswith=CORPUS_PREFIX)
            .annotate(releases=Count("communiques"))
            .order_by("-releases", "pk")
            .first()
        )
        themes = Theme.objects.filter(slug__startswith=CORPUS_PREFIX).order_by("pk")[:3]
        person = Person.objects.filter(slug__startswith=CORPUS_PREFIX).order_by("pk").first()
        organisation = Organisation.objects.get(slug=f"{CORPUS_PREFIX}region")
        territory = (
            Organisation.objects.filter(slug__startswith=CORPUS_PREFIX)
            .exclude(pk=organisation.pk)
            .order_by("pk")
            .first()
        )
        kind = PactKind.objects.filter(slug__startswith=CORPUS_PREFIX).order_by("pk").first()
        listing = reverse("communiques:list")
        search = reverse("communiques:search")
        last_year = corpus.order_by("-published_at").first().published_at.year
        return {
            "accueil": [reverse("home")],
            "liste p. 1": [listing],
            "liste p. 200": [f"{listing}?page=200"],
            "liste p. 4000": [f"{listing}?page=4000"],
            "liste, thème": [f"{listing}?theme={theme.slug}" for theme in themes],
            "liste, année": [f"{listing}?annee={year}" for year in (last_year, last_year - 3)],
            "liste, année et mois": [f"{listing}?annee={last_year - 1}&mois=6"],
            "liste, organisation": [f"{listing}?organisation={territory.slug}"],
            "liste, pacte": [f"{listing}?pacte={pact.slug}"],
            "liste, type de pacte": [f"{listing}?type={kind.slug}"],
            "liste, personnalité": [f"{listing}?personne={person.slug}"],
            "liste, thème p. 50": [f"{listing}?theme={themes[0].slug}&page=50"],
            "thème": [reverse("communiques:theme", args=[theme.slug]) for theme in themes],
            "communiqué": [release.get_absolute_url()],
            "pactes": [reverse("partners:pact-list")],
            "pacte": [pact.get_absolute_url()],
            "personnalité": [person.get_absolute_url()],
            "organisation": [organisation.get_absolute_url(), territory.get_absolute_url()],
            "contacts presse": [reverse("communiques:contacts")],
            "recherche (mélange)": [f"{search}?q={raw}" for raw in QUERY_MIX],
            "flux RSS": [reverse("communiques:feed", kwargs={"format": "rss"})],
            "flux RSS, thème": [
                reverse(
                    "communiques:scoped-feed",
                    kwargs={"scope": "theme", "slug": themes[0].slug, "format": "rss"},
                )
            ],
            "plan du site": [reverse("sitemap")],
        }

    def print_table(self, pages, figures, options):
        names = list(MODES)
        self.stdout.write(
            f"Temps des requêtes SQL d’une page, ms : médiane sur {options['rounds']} tours des "
            f"p50 (et des p95) de {options['repeat']} exécutions après {WARM_UP} de mise en "
            "route."
        )
        self.stdout.write("| page | requêtes SQL | " + " | ".join(names) + " |")
        self.stdout.write("|---|---:|" + "---:|" * len(names))
        for page, requests in pages.items():
            cells = []
            for mode in names:
                rounds = figures[(page, mode)]
                p50 = statistics.median(r[0] for r in rounds)
                p95 = statistics.median(r[1] for r in rounds)
                cells.append(f"{p50:.1f} ({p95:.1f})")
            queries = max(len(queries) for queries in requests)
            self.stdout.write(f"| {page} | {queries} | " + " | ".join(cells) + " |")

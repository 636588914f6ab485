"""The founding content: the Châlons Agglo POCE release of 5 September 2019.

The release itself goes through the importer, like any archived text
(`fixtures_text/communique-poce-chalons-agglo.txt`, a copy of the shared seed).
This module only adds what the text cannot say: SIREN, websites and départements
of the organisations, the dates of the mandates, the full names of the
frameworks, the themes, and the publication on 5 September 2019 at noon.

Loading is idempotent: reference objects are looked up by their natural keys and
only created when absent, and the release is imported only if it is not there yet,
so a second run changes nothing and a press officer's later edits are never
overwritten.
"""

import datetime
import zoneinfo
from dataclasses import dataclass, field
from pathlib import Path

from django.db import transaction

from communiques.models import Communique, Theme
from communiques.services import import_communique_text
from partners.models import (
    Mandate,
    Organisation,
    PactKind,
    Person,
    ReferenceFramework,
)

PARIS = zoneinfo.ZoneInfo("Europe/Paris")
SIGNING_DATE = datetime.date(2019, 9, 5)
COMMUNIQUE_SLUG = "pacte-offensive-croissance-emploi-chalons-agglo"
SEED_TEXT = Path(__file__).resolve().parent / "fixtures_text" / "communique-poce-chalons-agglo.txt"

ORGANISATIONS = [
    {
        "slug": "region-grand-est",
        "name": "Région Grand Est",
        "kind": Organisation.Kind.REGION,
        "name_with_preposition": "de la Région Grand Est",
        "website": "https://www.grandest.fr/",
        "siren": "200052264",
        "departement_code": "67",
        "region_code": "44",
    },
    {
        "slug": "chalons-agglo",
        "name": "Communauté d'agglomération de Châlons-en-Champagne",
        "short_name": "Châlons Agglo",
        "kind": Organisation.Kind.EPCI,
        "name_with_preposition": "de Châlons Agglo",
        "departement_code": "51",
    },
    {
        "slug": "aeroport-de-vatry",
        "name": "Aéroport de Vatry",
        "kind": Organisation.Kind.COMPANY,
        "departement_code": "51",
        "description": "Aéroport de fret et de passagers, plateforme logistique de la Marne.",
    },
    {
        "slug": "be-est-entreprendre",
        "name": "Be Est Entreprendre",
        "kind": Organisation.Kind.NETWORK,
        "description": "Réseau régional d'accompagnement des créateurs d'entreprise "
        "et des start-ups.",
    },
    {
        "slug": "grand-e-nov",
        "name": "Grand E-Nov",
        "kind": Organisation.Kind.NETWORK,
        "description": "Agence régionale d'innovation du Grand Est.",
    },
    {
        "slug": "campus-3000",
        "name": "Campus 3000",
        "kind": Organisation.Kind.HIGHER_EDUCATION,
        "departement_code": "51",
        "description": "Projet de campus universitaire à Châlons-en-Champagne.",
    },
]

PEOPLE = [
    {"slug": "jean-rottner", "first_name": "Jean", "last_name": "Rottner"},
    {"slug": "bruno-bourg-broc", "first_name": "Bruno", "last_name": "Bourg-Broc"},
]

# (person slug, organisation slug, title, start, end)
MANDATES = [
    (
        "jean-rottner",
        "region-grand-est",
        "Président",
        datetime.date(2017, 10, 20),
        datetime.date(2022, 1, 12),
    ),
    # The seed attests this mandate on 5 September 2019; the bounds are those of the
    # 2014–2020 municipal term.
    (
        "bruno-bourg-broc",
        "chalons-agglo",
        "Président",
        datetime.date(2014, 4, 14),
        datetime.date(2020, 7, 9),
    ),
]

FRAMEWORKS = [
    {
        "acronym": "SRDEII",
        "full_name": "Schéma régional de développement économique, d'innovation et "
        "d'internationalisation",
        "kind": ReferenceFramework.Kind.SCHEME,
        "description": "La stratégie de développement économique de la Région.",
    },
    {
        "acronym": "SRADDET",
        "full_name": "Schéma régional d'aménagement, de développement durable et d'égalité "
        "des territoires",
        "kind": ReferenceFramework.Kind.SCHEME,
        "description": "La stratégie d'aménagement du territoire de la Région.",
    },
    {
        "acronym": "CPRDFOP",
        "full_name": "Contrat de plan régional de développement des formations et de "
        "l'orientation professionnelles",
        "brand_name": "Performance Grand Est",
        "kind": ReferenceFramework.Kind.CONTRACT,
    },
    {
        "acronym": "CRSD",
        "full_name": "Contrat de redynamisation de site de défense",
        "kind": ReferenceFramework.Kind.CONTRACT,
        "description": "Vise notamment à accompagner la redynamisation globale du centre-ville "
        "et faire de Châlons un exemple de réussite économique et résidentielle.",
    },
]

POCE_KIND = {
    "acronym": "POCE",
    "full_name": "Pacte Offensive Croissance Emploi",
    "slug": "poce",
    "description": "Accord-cadre signé depuis 2018 entre la Région et chaque grande "
    "intercommunalité, qui fixe les priorités économiques partagées (les axes).",
}

THEMES = [
    ("developpement-economique", "Développement économique"),
    ("emploi", "Emploi"),
    ("territoires", "Territoires"),
]

PUBLISHED_AT = datetime.datetime(2019, 9, 5, 12, 0, tzinfo=PARIS)


@dataclass
class LoadReport:
    created: list[str] = field(default_factory=list)
    existing: list[str] = field(default_factory=list)

    def record(self, obj, created: bool):
        label = f"{obj._meta.verbose_name} « {obj} »"
        (self.created if created else self.existing).append(label)


def _get_or_create(report, model, defaults=None, **lookup):
    obj, created = model.objects.get_or_create(defaults=defaults or {}, **lookup)
    report.record(obj, created)
    return obj


class SeedImportError(RuntimeError):
    pass


@transaction.atomic
def load_poce_chalons_agglo() -> LoadReport:
    """Create the POCE release and everything it cites, leaving existing objects alone."""
    report = LoadReport()
    # What the text cannot say, set up first so that the importer finds and reuses it.
    organisations = {
        spec["slug"]: _get_or_create(report, Organisation, slug=spec["slug"], defaults=spec)
        for spec in ORGANISATIONS
    }
    people = {
        spec["slug"]: _get_or_create(report, Person, slug=spec["slug"], defaults=spec)
        for spec in PEOPLE
    }
    for person_slug, organisation_slug, title, start, end in MANDATES:
        _get_or_create(
            report,
            Mandate,
            person=people[person_slug],
            organisation=organisations[organisation_slug],
            title=title,
            start_date=start,
            defaults={"end_date": end},
        )
    for spec in FRAMEWORKS:
        _get_or_create(report, ReferenceFramework, acronym=spec["acronym"], defaults=spec)
    _get_or_create(report, PactKind, acronym=POCE_KIND["acronym"], defaults=POCE_KIND)
    themes = [
        _get_or_create(report, Theme, slug=slug, defaults={"name": name}) for slug, name in THEMES
    ]

    existing = Communique.objects.filter(slug=COMMUNIQUE_SLUG).first()
    if existing is not None:
        report.record(existing, False)
        existing.publish_cited_records()
        return report

    imported = import_communique_text(
        text=SEED_TEXT.read_text(encoding="utf-8"),
        publication_date=PUBLISHED_AT.date(),
        slug=COMMUNIQUE_SLUG,
    )
    if not imported.ok:
        raise SeedImportError("\n".join(imported.lines()))
    report.created += [label for label in imported.created if label not in report.created]
    communique = imported.communique
    communique.themes.set(themes)
    # A trusted set-up command: it publishes directly, with the historical date.
    communique.status = Communique.Status.PUBLISHED
    communique.published_at = PUBLISHED_AT
    communique.full_clean()
    communique.save()
    # What the release cites turns public with it, as the workflow's publish() does.
    communique.publish_cited_records()
    return report

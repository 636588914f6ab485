"""The founding content: the Châlons Agglo POCE release of 5 September 2019.

Every fact of `shared/seeds/communique-poce-chalons-agglo.txt` has a home here.
Loading is idempotent: objects are looked up by their natural keys and only
created when absent, so a second run changes nothing and a press officer's later
edits are never overwritten.
"""

import datetime
import zoneinfo
from dataclasses import dataclass, field

from django.db import transaction

from communiques.models import (
    Communique,
    CommuniqueContact,
    PressContact,
    PressContactPhone,
    Quote,
    Theme,
)
from partners.models import (
    Mandate,
    Organisation,
    PactAxis,
    PactKind,
    PactSignatory,
    Person,
    ReferenceFramework,
    TerritorialPact,
)

PARIS = zoneinfo.ZoneInfo("Europe/Paris")
SIGNING_DATE = datetime.date(2019, 9, 5)
COMMUNIQUE_SLUG = "pacte-offensive-croissance-emploi-chalons-agglo"

ORGANISATIONS = [
    {
        "slug": "region-grand-est",
        "name": "Région Grand Est",
        "kind": Organisation.Kind.REGION,
        "name_with_preposition": "de la Région Grand Est",
        "website": "https://www.grandest.fr/",
        "siren": "200052264",
        "departement_code": "67",
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

PACT = {
    "slug": "poce-chalons-agglo",
    "title": "POCE Châlons Agglo",
    "signing_date": SIGNING_DATE,
    "signing_place": "Foire de Châlons-en-Champagne (51)",
    "status": TerritorialPact.Status.SIGNED,
    "summary": "Le POCE va permettre à Châlons Agglo d'asseoir et de valoriser ses atouts en "
    "soutenant son ambition de « pôle d'équilibre à dimension internationale » de l'ouest "
    "du Grand Est.",
}

# (order, title, description, organisation slugs)
AXES = [
    (1, "Optimisation de la chaîne logistique", "Avec l'Aéroport de Vatry.", ["aeroport-de-vatry"]),
    (
        2,
        "Accueil de start-ups",
        "En lien avec le réseau Be Est Entreprendre et Grand E-Nov.",
        ["be-est-entreprendre", "grand-e-nov"],
    ),
    (
        3,
        "Appui à Campus 3000",
        "Pour affirmer Châlons comme ville campus universitaire.",
        ["campus-3000"],
    ),
    (
        4,
        "Filières d'avenir (dont le photovoltaïque)",
        "Avec la création d'un pôle d'excellence autour de l'agriculture de demain.",
        [],
    ),
]

SIGNATORIES = [
    ("region-grand-est", "jean-rottner", "Président de la Région Grand Est"),
    ("chalons-agglo", "bruno-bourg-broc", "Président de Châlons Agglo"),
]

THEMES = [
    ("developpement-economique", "Développement économique"),
    ("emploi", "Emploi"),
    ("territoires", "Territoires"),
]

QUOTE = (
    "Je me félicite de cette signature avec Châlons Agglo, les acteurs économiques et leurs "
    "collectivités. La Région est aux côtés de tous ses territoires, pour une action efficace "
    "et coordonnée des acteurs économiques. Nous encourageons les alliances territoriales pour "
    "développer la compétitivité et l'attractivité économique, touristique et industrielle du "
    "Grand Est, dans un esprit d'efficacité et de proximité. En signant ce POCE, nous scellons "
    "un partenariat fort de co-construction et d'actions dont l'objectif est de faire levier "
    "pour encourager l'innovation et doper la compétitivité, l'attractivité économique et "
    "l'emploi sur ce territoire marnais."
)

COMMUNIQUE = {
    "title": "Un Pacte Offensive Croissance Emploi (POCE) signé entre la Région Grand Est et "
    "Châlons Agglo",
    "lede": "Ce jeudi 5 septembre 2019, Jean Rottner, Président de la Région Grand Est, et "
    "Bruno Bourg-Broc, Président de Châlons Agglo, ont signé le POCE Châlons Agglo, à la "
    "Foire de Châlons-en-Champagne (51).",
    "body": (
        "<p>Le POCE va permettre à Châlons Agglo d'asseoir et de valoriser ses atouts en "
        "soutenant son ambition de « pôle d'équilibre à dimension internationale » de l'ouest "
        "du Grand Est. Il porte sur l'optimisation de la chaîne logistique avec l'Aéroport de "
        "Vatry, l'accueil de start-ups en lien avec le réseau Be Est Entreprendre et Grand "
        "E-Nov, l'appui à Campus 3000 pour affirmer Châlons comme ville campus universitaire, "
        "et sur les filières d'avenir (dont le photovoltaïque) avec la création d'un pôle "
        "d'excellence autour de l'agriculture de demain.</p>"
        "<p>Ce POCE s'appuie en outre sur le Contrat de Redynamisation du site de Défense "
        "(CRSD) qui vise notamment à accompagner la redynamisation globale du centre-ville et "
        "faire de Châlons un exemple de réussite économique et résidentielle.</p>"
        "<p>La Région Grand Est a mis en œuvre une stratégie de développement économique "
        "partagée visant à redynamiser la croissance économique et la compétitivité des "
        "entreprises en vue de créer des emplois sur le territoire régional. Ainsi, ce POCE "
        "s'inscrit dans la mise en œuvre de la stratégie de développement économique de la "
        "Région (SRDEII) sur le territoire, en lien avec notamment le CPRDFOP – Performance "
        "Grand Est et en articulation avec la stratégie d'aménagement du territoire "
        "(SRADDET).</p>"
    ),
    "dateline_place": "Foire de Châlons-en-Champagne (51)",
    "event_date": SIGNING_DATE,
    "status": Communique.Status.PUBLISHED,
    "published_at": datetime.datetime(2019, 9, 5, 12, 0, tzinfo=PARIS),
}

# (name, email, phones): a named officer, then the service mailbox.
CONTACTS = [
    ("Sandrine Poirier", "sandrine.poirier@grandest.fr", ["06 84 80 11 48", "03 26 70 74 36"]),
    ("", "presse@grandest.fr", []),
]


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


@transaction.atomic
def load_poce_chalons_agglo() -> LoadReport:
    """Create the POCE release and everything it cites, leaving existing objects alone."""
    report = LoadReport()
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
    frameworks = [
        _get_or_create(report, ReferenceFramework, acronym=spec["acronym"], defaults=spec)
        for spec in FRAMEWORKS
    ]
    kind = _get_or_create(report, PactKind, acronym=POCE_KIND["acronym"], defaults=POCE_KIND)

    pact, pact_created = TerritorialPact.objects.get_or_create(
        slug=PACT["slug"], defaults={**PACT, "kind": kind}
    )
    report.record(pact, pact_created)
    if pact_created:
        pact.territories.set([organisations["chalons-agglo"]])
        pact.frameworks.set(frameworks)
        for order, title, description, organisation_slugs in AXES:
            axis = PactAxis.objects.create(
                pact=pact, order=order, title=title, description=description
            )
            axis.organisations.set([organisations[slug] for slug in organisation_slugs])
        for order, (organisation_slug, person_slug, role) in enumerate(SIGNATORIES, start=1):
            PactSignatory.objects.create(
                pact=pact,
                organisation=organisations[organisation_slug],
                person=people[person_slug],
                role=role,
                order=order,
            )

    themes = [
        _get_or_create(report, Theme, slug=slug, defaults={"name": name}) for slug, name in THEMES
    ]

    contacts = []
    for name, email, phones in CONTACTS:
        contact, created = PressContact.objects.get_or_create(
            email=email, defaults={"name": name, "organisation": organisations["region-grand-est"]}
        )
        report.record(contact, created)
        if created:
            for order, number in enumerate(phones, start=1):
                PressContactPhone.objects.create(contact=contact, number=number, order=order)
        contacts.append(contact)

    communique, created = Communique.objects.get_or_create(
        slug=COMMUNIQUE_SLUG, defaults=COMMUNIQUE
    )
    report.record(communique, created)
    if created:
        communique.themes.set(themes)
        communique.pacts.set([pact])
        communique.organisations.set(organisations.values())
        Quote.objects.create(
            communique=communique,
            speaker=people["jean-rottner"],
            organisation=organisations["region-grand-est"],
            text=QUOTE,
            order=1,
        )
        for order, contact in enumerate(contacts, start=1):
            CommuniqueContact.objects.create(communique=communique, contact=contact, order=order)
    return report

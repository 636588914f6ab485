"""A realistic corpus of French releases for benchmarks (never for tests of behaviour).

Everything it creates has a slug starting with CORPUS_PREFIX, so `clear_corpus()`
removes it and nothing else. Text is assembled from sentences in the style of the
Région's releases, so that full-text search meets common words ("région", "grand
est") as well as rare ones.
"""

import datetime
import io
import random

from django.core.files.base import ContentFile
from django.db import connection, transaction
from django.utils import timezone
from django.utils.text import slugify

from communiques.models import (
    Communique,
    CommuniqueContact,
    PressContact,
    PressContactPhone,
    Quote,
    Theme,
)
from communiques.search import refresh_index
from grandest_press.models import Image
from partners.models import (
    Mandate,
    Organisation,
    PactAxis,
    PactKind,
    PactSignatory,
    Person,
    TerritorialPact,
    fold_name,
)

CORPUS_PREFIX = "corpus-"
BATCH = 2000

TERRITORIES = [
    "Châlons Agglo",
    "Grand Reims",
    "Metz Métropole",
    "Eurométropole de Strasbourg",
    "Grand Nancy",
    "Colmar Agglomération",
    "Mulhouse Alsace Agglomération",
    "Troyes Champagne",
    "Épinal",
    "Chaumont",
    "Langres",
    "Verdun",
    "Sedan",
    "Charleville-Mézières",
    "Saint-Dié",
    "Toul",
    "Lunéville",
    "Haguenau",
    "Sélestat",
    "Saverne",
    "Thionville",
    "Forbach",
    "Sarreguemines",
    "Bar-le-Duc",
    "Vitry-le-François",
    "Épernay",
    "Remiremont",
]
KINDS = [
    ("POCE", "Pacte Offensive Croissance Emploi"),
    ("PTRTE", "Pacte territorial de relance et de transition écologique"),
    ("PVM", "Pacte villes moyennes"),
    ("ACV", "Action cœur de ville"),
    ("CRSD", "Contrat de redynamisation de site de défense"),
]
THEMES = [
    "Développement économique",
    "Emploi",
    "Territoires",
    "Transition écologique",
    "Mobilités",
    "Formation",
    "Santé",
    "Culture",
    "Numérique",
    "Agriculture",
]
FIRST_NAMES = [
    "Jean",
    "Marie",
    "Franck",
    "Claire",
    "Bruno",
    "Sophie",
    "Pierre",
    "Anne",
    "Luc",
    "Isabelle",
    "Thierry",
    "Nathalie",
    "Olivier",
    "Valérie",
    "Michel",
]
LAST_NAMES = [
    "Martin",
    "Bernard",
    "Thomas",
    "Petit",
    "Robert",
    "Richard",
    "Durand",
    "Dubois",
    "Moreau",
    "Laurent",
    "Simon",
    "Michel",
    "Lefèvre",
    "Leroy",
    "Roux",
    "Fournier",
    "Girard",
    "Bonnet",
    "Dupont",
    "Lambert",
    "Fontaine",
    "Rousseau",
]
OPENINGS = [
    "Ce {day}, {person}, Président de la Région Grand Est, et le Président de {territory} "
    "ont signé le {kind} {territory}.",
    "La Région Grand Est et {territory} renforcent leur partenariat au service de l'emploi.",
    "Réunis à {territory}, les élus ont présenté les priorités du {kind} pour les années à venir.",
]
SENTENCES = [
    "La Région est aux côtés de tous ses territoires, pour une action efficace et coordonnée.",
    "Le pacte porte sur la logistique, l'accueil de start-ups et les filières d'avenir.",
    "Cette signature s'inscrit dans la stratégie de développement économique de la Région.",
    "Les crédits mobilisés atteignent {amount} millions d'euros sur la durée du contrat.",
    "Le photovoltaïque et l'agriculture de demain figurent parmi les axes prioritaires.",
    "Le Grand Est soutient l'innovation, la compétitivité et l'attractivité de ses entreprises.",
    "La formation professionnelle accompagne les transitions écologique et numérique.",
    "Les mobilités du quotidien, le rail et les voies cyclables sont au cœur du projet.",
    "Le centre-ville bénéficie d'un programme de redynamisation commerciale et résidentielle.",
    "Les acteurs économiques, les collectivités et l'État s'engagent ensemble.",
    "Le campus universitaire accueillera de nouvelles formations dès la rentrée.",
    "La santé de proximité progresse grâce à de nouvelles maisons pluriprofessionnelles.",
]
QUOTES = [
    "Je me félicite de cette signature qui scelle un partenariat fort avec {territory}.",
    "Nous encourageons les alliances territoriales pour développer l'emploi et l'attractivité.",
    "Ce pacte fait levier pour l'innovation et la compétitivité de notre territoire.",
]


def _paragraphs(rng: random.Random, territory: str) -> str:
    sentences = [
        rng.choice(SENTENCES).format(amount=rng.randint(1, 900)) for _ in range(rng.randint(6, 12))
    ]
    middle = len(sentences) // 2
    return f"<p>{' '.join(sentences[:middle])}</p><p>{' '.join(sentences[middle:])}</p>"


def _image_bytes(rng: random.Random) -> bytes:
    from PIL import Image as PILImage

    picture = PILImage.new("RGB", (1600, 1067), tuple(rng.randint(0, 255) for _ in range(3)))
    buffer = io.BytesIO()
    picture.save(buffer, "JPEG", quality=80)
    return buffer.getvalue()


@transaction.atomic
def seed_corpus(*, releases: int, seed: int = 2019, with_images: bool = True) -> dict:
    """Create `releases` published releases with their people, pacts and contacts."""
    rng = random.Random(seed)
    region, _ = Organisation.objects.get_or_create(
        slug=f"{CORPUS_PREFIX}region",
        defaults={"name": "Région Grand Est (corpus)", "kind": Organisation.Kind.REGION},
    )
    # bulk_create() skips save(), which keeps the folded names the importer looks up.
    organisations = Organisation.objects.bulk_create(
        Organisation(
            name=name,
            folded_name=fold_name(name),
            slug=f"{CORPUS_PREFIX}{slugify(name)}",
            kind=Organisation.Kind.EPCI,
        )
        for name in TERRITORIES
    )
    kinds = [
        PactKind.objects.get_or_create(
            acronym=f"{acronym}-C",
            defaults={"full_name": full, "slug": f"{CORPUS_PREFIX}{acronym.lower()}"},
        )[0]
        for acronym, full in KINDS
    ]
    themes = Theme.objects.bulk_create(
        Theme(name=f"{name} (corpus)", slug=f"{CORPUS_PREFIX}{slugify(name)}") for name in THEMES
    )
    people = Person.objects.bulk_create(
        Person(
            first_name=rng.choice(FIRST_NAMES),
            last_name=f"{rng.choice(LAST_NAMES)}-{number}",
            slug=f"{CORPUS_PREFIX}personne-{number}",
        )
        for number in range(200)
    )
    Mandate.objects.bulk_create(
        Mandate(
            person=person,
            organisation=rng.choice([*organisations, region]),
            title=rng.choice(["Président", "Présidente", "Vice-président"]),
            start_date=datetime.date(2015, 1, 1),
        )
        for person in people
    )
    pacts = []
    for number in range(300):
        kind = kinds[number % len(kinds)]
        territory = organisations[number % len(organisations)]
        pacts.append(
            TerritorialPact(
                kind=kind,
                title=f"{kind.acronym.removesuffix('-C')} {territory.name} {number}",
                slug=f"{CORPUS_PREFIX}pacte-{number}",
                status=TerritorialPact.Status.SIGNED,
                signing_date=datetime.date(2018, 1, 1) + datetime.timedelta(days=number * 3),
                signing_place=territory.name,
            )
        )
    pacts = TerritorialPact.objects.bulk_create(pacts)
    for pact in pacts:
        pact.territories.add(organisations[pact.pk % len(organisations)])
    PactAxis.objects.bulk_create(
        PactAxis(pact=pact, order=order, title=rng.choice(SENTENCES)[:120])
        for pact in pacts
        for order in range(1, 5)
    )
    PactSignatory.objects.bulk_create(
        PactSignatory(pact=pact, organisation=region, person=rng.choice(people), role="Président")
        for pact in pacts
    )
    contacts = PressContact.objects.bulk_create(
        PressContact(
            name=f"Attaché·e de presse {number}",
            email=f"corpus{number}@grandest.fr",
            organisation=region,
        )
        for number in range(20)
    )
    PressContactPhone.objects.bulk_create(
        PressContactPhone(contact=contact, number=f"+3336{number:07d}"[:12])
        for number, contact in enumerate(contacts)
    )
    images = []
    if with_images:
        images = [
            Image.objects.create(
                file=ContentFile(_image_bytes(rng), name=f"corpus-{number}.jpg"),
                alt_text=f"Signature d'un pacte territorial, photo {number}",
                credit="Région Grand Est",
            )
            for number in range(5)
        ]

    # One release every 30 minutes, the last one an hour ago: all of them public.
    start = timezone.now() - datetime.timedelta(minutes=30 * releases + 60)
    created = 0
    for offset in range(0, releases, BATCH):
        batch = []
        for number in range(offset, min(offset + BATCH, releases)):
            territory = rng.choice(TERRITORIES)
            kind = rng.choice(KINDS)[0]
            published_at = start + datetime.timedelta(minutes=number * 30)
            title = (
                f"{kind} : {rng.choice(['signature', 'avancées', 'bilan', 'lancement'])} "
                f"avec {territory} ({number})"
            )
            batch.append(
                Communique(
                    title=title,
                    slug=f"{CORPUS_PREFIX}{number}",
                    lede=rng.choice(OPENINGS).format(
                        day=published_at.strftime("%d/%m/%Y"),
                        person=f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}",
                        territory=territory,
                        kind=kind,
                    ),
                    body=_paragraphs(rng, territory),
                    dateline_place=territory,
                    event_date=published_at.date(),
                    status=Communique.Status.PUBLISHED,
                    published_at=published_at,
                    image=rng.choice(images) if images and number % 3 == 0 else None,
                )
            )
        batch = Communique.objects.bulk_create(batch)
        Quote.objects.bulk_create(
            Quote(
                communique=communique,
                speaker=rng.choice(people),
                text=rng.choice(QUOTES).format(territory=communique.dateline_place),
                order=order,
            )
            for communique in batch
            for order in range(rng.randint(1, 3))
        )
        CommuniqueContact.objects.bulk_create(
            CommuniqueContact(communique=communique, contact=contact, order=order)
            for communique in batch
            for order, contact in enumerate(rng.sample(contacts, 2))
        )
        Communique.themes.through.objects.bulk_create(
            Communique.themes.through(communique_id=communique.pk, theme_id=theme.pk)
            for communique in batch
            for theme in rng.sample(themes, 2)
        )
        Communique.pacts.through.objects.bulk_create(
            Communique.pacts.through(
                communique_id=communique.pk, territorialpact_id=rng.choice(pacts).pk
            )
            for communique in batch
        )
        refresh_index([communique.pk for communique in batch])
        created += len(batch)
    # Published releases make public what they cite; the corpus's records all are, as
    # measured pages (pact, person, organisation) must be.
    for model in (Organisation, Person, TerritorialPact):
        model.objects.filter(slug__startswith=CORPUS_PREFIX).update(
            public_since=datetime.datetime(2018, 1, 1, tzinfo=datetime.UTC)
        )
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    return {"releases": created, "people": len(people), "pacts": len(pacts)}


@transaction.atomic
def clear_corpus() -> int:
    """Remove everything seed_corpus created (and only that)."""
    releases = Communique.objects.filter(slug__startswith=CORPUS_PREFIX)
    count = releases.count()
    Quote.objects.filter(communique__in=releases).delete()
    CommuniqueContact.objects.filter(communique__in=releases).delete()
    releases.delete()
    TerritorialPact.objects.filter(slug__startswith=CORPUS_PREFIX).delete()
    PactKind.objects.filter(slug__startswith=CORPUS_PREFIX).delete()
    PressContact.objects.filter(email__startswith="corpus").delete()
    Person.objects.filter(slug__startswith=CORPUS_PREFIX).delete()
    Theme.objects.filter(slug__startswith=CORPUS_PREFIX).delete()
    Organisation.objects.filter(slug__startswith=CORPUS_PREFIX).delete()
    return count

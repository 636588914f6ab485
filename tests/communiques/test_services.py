"""Importing a release into the database: matching, creating, drafts only, re-imports."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.urls import reverse

from communiques import search
from communiques.models import Communique, PressContact, Quote
from communiques.seed import COMMUNIQUE_SLUG, load_poce_chalons_agglo
from communiques.services import ImportAction, import_communique_text
from grandest_press.models import ContentGeneration
from partners.models import Mandate, Organisation, PactSignatory, Person, TerritorialPact
from tests.factories import make_mandate, make_organisation, make_person, release_text

pytestmark = pytest.mark.django_db

SEED = release_text()


def structure(communique):
    """What a release says, independent of primary keys and slugs."""
    [pact] = communique.pacts.all()
    return {
        "title": communique.title,
        "lede": communique.lede,
        "body": communique.body,
        "event_date": communique.event_date,
        "place": communique.dateline_place,
        "organisations": sorted(o.display_name for o in communique.organisations.all()),
        "pact": (pact.title, pact.kind.acronym, pact.signing_date, pact.signing_place, pact.status),
        "territories": [o.display_name for o in pact.territories.all()],
        "summary": pact.summary,
        "signatories": [
            (s.person.full_name, s.organisation.display_name, s.role)
            for s in pact.signatories.all()
        ],
        "axes": [
            (a.order, a.title, a.description, sorted(o.display_name for o in a.organisations.all()))
            for a in pact.axes.all()
        ],
        "frameworks": sorted(f.acronym for f in pact.frameworks.all()),
        "quotes": [
            (q.speaker.full_name, q.organisation.display_name, q.text)
            for q in communique.quotes.all()
        ],
        "contacts": [
            (c.name, c.email, [p.number.as_e164 for p in c.phones.all()])
            for c in communique.contacts
        ],
    }


# The POCE content the loader wrote by hand before it went through the importer.
POCE_AXES = [
    (1, "Optimisation de la chaîne logistique", "Avec l'Aéroport de Vatry.", ["Aéroport de Vatry"]),
    (
        2,
        "Accueil de start-ups",
        "En lien avec le réseau Be Est Entreprendre et Grand E-Nov.",
        ["Be Est Entreprendre", "Grand E-Nov"],
    ),
    (
        3,
        "Appui à Campus 3000",
        "Pour affirmer Châlons comme ville campus universitaire.",
        ["Campus 3000"],
    ),
    (
        4,
        "Filières d'avenir (dont le photovoltaïque)",
        "Avec la création d'un pôle d'excellence autour de l'agriculture de demain.",
        [],
    ),
]


def test_the_seed_imports_to_exactly_the_poce_content():
    report = import_communique_text(text=SEED)

    assert report.action == ImportAction.CREATED
    content = structure(report.communique)
    assert content["pact"] == (
        "POCE Châlons Agglo",
        "POCE",
        datetime.date(2019, 9, 5),
        "Foire de Châlons-en-Champagne (51)",
        TerritorialPact.Status.SIGNED,
    )
    assert content["territories"] == ["Châlons Agglo"]
    assert content["signatories"] == [
        ("Jean Rottner", "Région Grand Est", "Président de la Région Grand Est"),
        ("Bruno Bourg-Broc", "Châlons Agglo", "Président de Châlons Agglo"),
    ]
    assert content["axes"] == POCE_AXES
    assert content["frameworks"] == ["CPRDFOP", "CRSD", "SRADDET", "SRDEII"]
    assert content["quotes"][0][:2] == ("Jean Rottner", "Région Grand Est")
    assert content["quotes"][0][2].endswith("l'emploi sur ce territoire marnais.")
    assert content["contacts"] == [
        ("Sandrine Poirier", "sandrine.poirier@grandest.fr", ["+33684801148", "+33326707436"]),
        ("", "presse@grandest.fr", []),
    ]
    assert content["organisations"] == sorted(
        [
            "Aéroport de Vatry",
            "Be Est Entreprendre",
            "Campus 3000",
            "Châlons Agglo",
            "Grand E-Nov",
            "Région Grand Est",
        ]
    )
    assert content["summary"].startswith("Le POCE va permettre à Châlons Agglo")
    mandates = {m.role_label for m in Mandate.objects.select_related("organisation")}
    assert mandates == {"Président de la Région Grand Est", "Président de Châlons Agglo"}
    assert report.communique.status == Communique.Status.DRAFT
    assert report.communique.event_date_wording == "Ce jeudi 5 septembre 2019"


def test_the_loader_gives_the_same_structure_as_a_plain_import(django_db_blocker):
    load_poce_chalons_agglo()
    loaded = structure(Communique.objects.get(slug=COMMUNIQUE_SLUG))
    # The loader only adds what the text cannot say; the importer matched its objects.
    assert Organisation.objects.count() == 6
    assert Person.objects.count() == 2
    assert Mandate.objects.count() == 2
    Communique.objects.all().delete()
    TerritorialPact.objects.all().delete()
    PressContact.objects.all().delete()
    imported = structure(import_communique_text(text=SEED).communique)
    assert imported == loaded


def test_reimporting_the_same_text_updates_the_same_draft():
    first = import_communique_text(text=SEED)
    second = import_communique_text(text=SEED)
    assert second.action == ImportAction.UPDATED
    assert second.communique.pk == first.communique.pk
    assert Communique.objects.count() == 1
    assert TerritorialPact.objects.count() == 1
    assert PactSignatory.objects.count() == 2
    assert "pacte territorial « POCE Châlons Agglo »" in [item.label for item in second.matched]


def test_an_edited_text_with_the_same_title_updates_its_draft():
    first = import_communique_text(text=SEED)
    import_communique_text(text=SEED.replace("territoire marnais", "territoire de la Marne"))
    first.communique.refresh_from_db()
    assert "territoire de la Marne" in first.communique.quotes.get().text
    assert Communique.objects.count() == 1


def test_a_second_text_about_the_same_signing_is_offered_as_an_update():
    first = import_communique_text(text=SEED)
    other = SEED.replace("Un Pacte Offensive", "Signature d'un Pacte Offensive")
    offered = import_communique_text(text=other)
    assert offered.action == ImportAction.DUPLICATE
    assert offered.duplicate_of == first.communique
    assert Communique.objects.count() == 1

    updated = import_communique_text(text=other, update_existing=True)
    assert updated.action == ImportAction.UPDATED
    assert updated.communique.pk == first.communique.pk
    assert updated.communique.title.startswith("Signature d'un")


def test_a_published_release_is_never_changed_by_an_import():
    load_poce_chalons_agglo()
    before = Communique.objects.get(slug=COMMUNIQUE_SLUG)
    report = import_communique_text(text=SEED)
    assert report.action == ImportAction.UNCHANGED
    assert "n’est plus un brouillon" in report.errors[0]
    after = Communique.objects.get(slug=COMMUNIQUE_SLUG)
    assert after.updated_at == before.updated_at


def test_people_and_organisations_match_across_accents_capitals_and_typos():
    region = make_organisation(name="Région Grand Est", kind=Organisation.Kind.REGION)
    rottner = make_person(first_name="Jean", last_name="Rottner")
    text = SEED.replace(
        "**Jean Rottner**, Président de la Région Grand Est",
        "**JEAN ROTNER**, Président de la Region grand est",
    )
    report = import_communique_text(text=text)
    signatory = report.communique.pacts.get().signatories.first()
    assert (signatory.person, signatory.organisation) == (rottner, region)
    assert Person.objects.filter(last_name__iexact="Rottner").count() == 1
    assert f"personnalité « {rottner} »" in [item.label for item in report.matched]


def test_a_title_only_signatory_is_resolved_through_mandates_on_that_date():
    region = make_organisation(name="Région Grand Est", kind=Organisation.Kind.REGION)
    rottner = make_person(first_name="Jean", last_name="Rottner")
    make_mandate(person=rottner, organisation=region, start_date=datetime.date(2017, 10, 20))
    report = import_communique_text(text=release_text(name="poce-plusieurs-territoires.txt"))
    verdun = TerritorialPact.objects.get(title="POCE Grand Verdun")
    signatories = [(s.person, s.organisation.name) for s in verdun.signatories.all()]
    assert signatories[0] == (rottner, "Région Grand Est")
    assert any("Jean Rottner d’après ses mandats" in item.value for item in report.inferred)


def test_several_pacts_and_organisations_signing_without_a_person():
    report = import_communique_text(text=release_text(name="poce-plusieurs-territoires.txt"))
    assert report.ok
    pacts = {p.title: p for p in report.communique.pacts.all()}
    assert set(pacts) == {"POCE Terres Touloises", "POCE Grand Verdun"}
    toul = pacts["POCE Terres Touloises"]
    assert [(s.organisation.name, s.person) for s in toul.signatories.all()] == [
        ("Région Grand Est", None),
        ("Communauté de communes Terres Touloises", None),
    ]
    assert toul.signing_place == "Toul"


def test_attendees_amounts_two_quotes_and_bulleted_axes():
    report = import_communique_text(
        text=release_text(name="ptrte-deux-signataires.txt"),
        publication_date=datetime.date(2021, 3, 30),
    )
    pact = report.communique.pacts.get()
    assert [(a.person.full_name, a.role) for a in pact.attendees.all()] == [
        ("Yves Séguy", "Préfet des Vosges")
    ]
    assert [(f.amount, f.wording) for f in pact.fundings.all()] == [
        (Decimal("1250000000.00"), "1,25 milliard d'euros"),
        (Decimal("631600000.00"), "631,6 millions"),
    ]
    assert [q.speaker.full_name for q in report.communique.quotes.all()] == [
        "Jean Rottner",
        "Michel Heinrich",
    ]
    assert pact.axes.count() == 4
    assert pact.kind.full_name == "Pacte territorial de relance et de transition écologique"


def test_a_date_without_year_comes_from_the_publication_date_and_is_reported():
    report = import_communique_text(
        text=release_text(name="poce-sans-annee-sans-contact.txt"),
        publication_date=datetime.date(2022, 4, 1),
    )
    assert report.communique.event_date == datetime.date(2022, 3, 6)
    assert any("année reprise" in item.value for item in report.inferred)
    assert report.communique.contacts == []


def test_mandates_created_by_an_import_leave_their_start_unknown_and_say_so():
    report = import_communique_text(text=SEED)
    mandate = Mandate.objects.get(person__last_name="Bourg-Broc")
    assert mandate.start_date is None
    assert mandate.is_active_on(datetime.date(2019, 9, 5))
    assert [item.value for item in report.warnings if item.label == "Mandat"] == [
        "Jean Rottner — Président de la Région Grand Est (en fonction le 05/09/2019) : "
        "date de début inconnue, à compléter.",
        "Bruno Bourg-Broc — Président de Châlons Agglo (en fonction le 05/09/2019) : "
        "date de début inconnue, à compléter.",
    ]
    admin_urls = [item.admin_url for item in report.created]
    assert reverse("admin:partners_mandate_change", args=[mandate.pk]) in admin_urls


@pytest.mark.parametrize("text", ["", "   \n", "\x00 binaire"])
def test_bad_text_saves_nothing(text):
    report = import_communique_text(text=text)
    assert report.action == ImportAction.ERROR
    assert report.errors
    assert Communique.objects.count() == 0
    assert Organisation.objects.count() == 0


BRUCHE = """Le POCE de la Vallée de la Bruche est signé

La Région Grand Est et la Communauté de communes de la Vallée de la Bruche ont signé le
Pacte Offensive Croissance Emploi (POCE) de la Vallée de la Bruche le 12 mai 2022.
"""


def test_a_territory_named_in_a_pact_reuses_the_intercommunality_that_bears_its_name():
    bruche = make_organisation(name="Communauté de communes de la Vallée de la Bruche")
    report = import_communique_text(text=BRUCHE)
    pact = TerritorialPact.objects.get()
    assert list(pact.territories.all()) == [bruche]
    assert not Organisation.objects.filter(name="Vallée de la Bruche").exists()
    assert not [item for item in report.warnings if item.label == "Territoire"]


def test_a_territory_no_body_bears_is_created_and_flagged():
    report = import_communique_text(text=BRUCHE.replace(" de la Vallée de la Bruche ont", " ont"))
    assert TerritorialPact.objects.get().territories.get().name == "Vallée de la Bruche"
    [warning] = [item for item in report.warnings if item.label == "Territoire"]
    assert "organisation créée" in warning.value


def test_amounts_of_a_text_with_several_pacts_stay_with_the_release():
    report = import_communique_text(
        text="""Deux POCE signés en Moselle-Est

La Région Grand Est a signé le 7 décembre 2023 deux Pactes Offensive Croissance Emploi
(POCE) : le POCE de la Communauté d'agglomération Forbach Porte de France et le POCE de la
Communauté de communes de Freyming-Merlebach.

Ils prévoient un soutien de 3 millions d'euros chacun.
"""
    )
    communique = report.communique
    assert sorted(p.title for p in communique.pacts.all()) == [
        "POCE Communauté d'agglomération Forbach Porte de France",
        "POCE Communauté de communes de Freyming-Merlebach",
    ]
    assert [(a.amount, a.wording) for a in communique.amounts.all()] == [
        (Decimal("3000000.00"), "3 millions d'euros")
    ]
    assert not TerritorialPact.objects.filter(fundings__isnull=False).exists()


def test_a_prefete_signs_for_the_state_without_an_invented_mandate():
    report = import_communique_text(
        text="""Le CRTE du Bassin de Pompey est signé

**Yves Dornier**, sous-préfet de Toul, et **Anne Lassus**, présidente de la Communauté de
communes du Bassin de Pompey, ont signé le contrat de relance et de transition écologique
(CRTE) du Bassin de Pompey le 9 décembre 2021.
"""
    )
    pact = TerritorialPact.objects.get()
    assert pact.kind.acronym == "CRTE"
    assert [(s.person.full_name, s.organisation.name, s.role) for s in pact.signatories.all()] == [
        ("Yves Dornier", "État", "Sous-préfet de Toul"),
        (
            "Anne Lassus",
            "Communauté de communes du Bassin de Pompey",
            "Présidente de la Communauté de communes du Bassin de Pompey",
        ),
    ]
    assert not Mandate.objects.filter(person__last_name="Dornier").exists()
    assert any("fonction d’État" in item.value for item in report.warnings)


def test_an_import_starts_one_content_generation_and_indexes_its_draft_once_complete():
    ContentGeneration.bump()  # the row the migrations create
    before = ContentGeneration.current()

    report = import_communique_text(
        text=release_text(name="ptrte-deux-signataires.txt"),
        publication_date=datetime.date(2021, 3, 30),
    )

    # Dozens of rows saved, one generation: pages cached before are not served.
    assert ContentGeneration.current() == before + 1
    # Indexed with its quotes, as indexing it again now would.
    field = "search_vector" if connection.vendor == "postgresql" else "search_text"
    releases = Communique.objects.filter(pk=report.communique.pk)
    indexed = releases.values_list(field, flat=True).get()
    assert report.communique.quotes.count() == 2
    search.refresh_index([report.communique.pk])
    assert indexed and releases.values_list(field, flat=True).get() == indexed


def test_a_refused_import_starts_no_content_generation(monkeypatch):
    def refuse(quote):
        raise ValidationError("Citation refusée.")

    monkeypatch.setattr(Quote, "clean", refuse)  # the draft's last rows fail validation
    ContentGeneration.bump()
    before = ContentGeneration.current()

    report = import_communique_text(text=release_text(name="ptrte-deux-signataires.txt"))

    assert report.action == ImportAction.ERROR
    assert Communique.objects.count() == 0
    assert ContentGeneration.current() == before


def test_a_press_contact_works_for_the_organisation_whose_website_has_its_domain():
    make_organisation(name="Agence Alpha", website="https://www.alpha.example/")
    region = make_organisation(name="Région Grand Est", website="https://www.grandest.fr/")
    make_organisation(name="Zeta", website="https://grandest.fr.zeta.example/")

    report = import_communique_text(text=release_text(name="ptrte-deux-signataires.txt"))

    contacts = report.communique.contacts
    assert contacts and {contact.organisation for contact in contacts} == {region}


VISIT = (
    "Le ministre de l’Industrie en visite à Florange\n\n"
    "Florange, le 13 juin 2024\n\n"
    "**Roland Lescot**, ministre délégué chargé de l’Industrie, s’est rendu sur le site, "
    "accompagné de **Fabrice Lemaire**, président de la Région Grand Est.\n"
)


def test_the_organisation_of_a_person_named_with_a_role_is_cited_when_known():
    region = make_organisation(name="Région Grand Est", kind=Organisation.Kind.REGION)
    communique = import_communique_text(text=VISIT).communique
    assert list(communique.organisations.all()) == [region]


def test_a_passing_mention_creates_no_organisation():
    communique = import_communique_text(text=VISIT).communique
    assert not communique.organisations.exists()
    assert not Organisation.objects.filter(name="Région Grand Est").exists()


def test_a_bare_communaute_de_communes_signing_is_the_pact_territory():
    bruche = make_organisation(name="Communauté de communes de la Vallée de la Bruche")
    communique = import_communique_text(
        text=BRUCHE.replace(" de la Vallée de la Bruche ont", " ont")
    ).communique
    assert list(TerritorialPact.objects.get().territories.all()) == [bruche]
    assert bruche in communique.organisations.all()
    assert not Organisation.objects.filter(name__iexact="Communauté de communes").exists()

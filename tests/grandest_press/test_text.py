"""One accent folding for search, the importer's matcher and its e-mail reader."""

import pytest

from grandest_press.text import fold, strip_accents


def test_accents_and_capitals_are_folded():
    assert fold("ÉLYSÉE Châlons Noël") == "elysee chalons noel"


def test_search_folding_keeps_every_character_in_place():
    # Search highlights the span it found in the folded text on the original text.
    original = "Châlons-en-Champagne, l’Aéroport  de Vatry !"
    folded = fold(original)
    assert folded == "chalons-en-champagne, l’aeroport  de vatry !"
    assert len(folded) == len(original)


def test_names_compare_word_by_word_whatever_the_punctuation_between_words():
    spellings = [
        "Châlons-en-Champagne",
        "Chalons en Champagne",
        "  CHÂLONS – EN –  CHAMPAGNE ",
        "châlons_en_champagne.",
    ]
    assert {fold(name, separator=" ") for name in spellings} == {"chalons en champagne"}


def test_typographic_and_straight_apostrophes_are_the_same_separator():
    assert fold("L’Agglo d’Épinal", separator=" ") == fold("L'Agglo d'Epinal", separator=" ")
    assert fold("L’Agglo d’Épinal", separator=" ") == "l agglo d epinal"


def test_no_break_spaces_of_french_typography_separate_words():
    assert fold("Région\u00a0Grand\u202fEst", separator=" ") == "region grand est"


def test_an_empty_separator_glues_a_name_as_an_email_address_does():
    assert fold("Jean-Pierre Mâlon", separator="") == "jeanpierremalon"
    assert fold("jean-pierre.malon", separator="") == "jeanpierremalon"


def test_letters_without_a_decomposition_stay_letters():
    assert fold("Cœur de Lorraine", separator=" ") == "cœur de lorraine"


@pytest.mark.parametrize("separator", [None, " ", ""])
def test_nothing_folds_to_an_empty_string(separator):
    assert fold(None, separator=separator) == ""
    assert fold("", separator=separator) == ""


def test_strip_accents_keeps_case_and_null():
    # The SQLite unaccent() function: NULL in, NULL out, capitals left to Lower().
    assert strip_accents("Châlons") == "Chalons"
    assert strip_accents(None) is None

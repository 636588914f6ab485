"""Never crash, never lose a sentence: random and mutated texts through the parser."""

import datetime

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from communiques.importer import ImportTextError, parse_communique
from tests.communiques.importer_coverage import missing_sentences
from tests.factories import RELEASE_TEXTS, release_text

SAMPLES = [release_text(name=path.name) for path in RELEASE_TEXTS]
PIECES = [
    "«",
    "»",
    '"',
    "**",
    "[lien](#)",
    "[site](https://www.grandest.fr/)",
    "• ",
    "- ",
    " : ",
    ", a déclaré **Jean Rottner**.",
    "CONTACT PRESSE",
    "06 84 80 11 48 / 03 26 70 74 36",
    "presse@grandest.fr",
    "le 6 mars",
    "Ce jeudi 5 septembre 2019, ",
    "ont signé le POCE Châlons Agglo",
    "Pacte Offensive Croissance Emploi (POCE)",
    "1,25 milliard d'euros",
    "Il porte sur A, B et C.",
    "en présence de ",
    "\n",
    "\n\n",
]
ALPHABET = st.characters(
    codec="utf-8", categories=("L", "N", "P", "S", "Zs"), include_characters="\n\t«»’"
)
pieces = st.lists(st.one_of(st.sampled_from(PIECES), st.text(ALPHABET, max_size=30)), max_size=40)
publication = st.one_of(st.none(), st.dates(datetime.date(2000, 1, 1), datetime.date(2030, 12, 31)))


def check(text, publication_date):
    try:
        parsed = parse_communique(text, publication_date=publication_date)
    except ImportTextError as error:
        assert str(error)  # a clear message, nothing else
        return
    assert parsed.title
    assert missing_sentences(text, parsed) == []


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=st.text(ALPHABET, max_size=400), publication_date=publication)
def test_random_text_gives_a_draft_or_a_clear_error(text, publication_date):
    check(text, publication_date)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(parts=pieces, publication_date=publication)
def test_release_like_fragments_lose_no_sentence(parts, publication_date):
    check("".join(parts), publication_date)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    sample=st.sampled_from(SAMPLES),
    data=st.data(),
    publication_date=publication,
)
def test_mutated_samples_lose_no_sentence(sample, data, publication_date):
    lines = sample.split("\n")
    for _ in range(data.draw(st.integers(0, 4))):
        action = data.draw(st.sampled_from(["delete", "duplicate", "insert", "swap"]))
        index = data.draw(st.integers(0, max(0, len(lines) - 1)))
        if action == "delete" and lines:
            del lines[index]
        elif action == "duplicate" and lines:
            lines.insert(index, lines[index])
        elif action == "insert":
            lines.insert(
                index, data.draw(st.one_of(st.sampled_from(PIECES), st.text(ALPHABET, max_size=40)))
            )
        elif action == "swap" and len(lines) > 1:
            other = data.draw(st.integers(0, len(lines) - 1))
            lines[index], lines[other] = lines[other], lines[index]
    check("\n".join(lines), publication_date)

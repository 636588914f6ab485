"""The importer's closest name is difflib's, whatever the names: only found sooner."""

import difflib

from hypothesis import given, settings
from hypothesis import strategies as st

from communiques.importer.similar import close_match

# Few letters, so that random names share many; accents and ligatures get slots too.
LETTERS = st.text("abcdeéœ ", max_size=40)
EDITS = st.lists(
    st.tuples(st.sampled_from(["delete", "insert", "replace"]), st.integers(0, 60), LETTERS),
    max_size=6,
)


def edited(name: str, edits) -> str:
    for kind, position, text in edits:
        position = position % (len(name) + 1)
        if kind == "delete":
            name = name[:position] + name[position + 1 :]
        elif kind == "insert":
            name = name[:position] + text[:2] + name[position:]
        else:
            name = name[:position] + text[:1] + name[position + 1 :]
    return name


@settings(max_examples=300, deadline=None)
@given(
    key=LETTERS,
    typos=st.lists(EDITS, max_size=12),
    others=st.lists(LETTERS, max_size=6),
    cutoff=st.sampled_from([0.9, 0.75, 0.5, 0.0]),
)
def test_the_closest_name_is_the_one_difflib_gives(key, typos, others, cutoff):
    candidates = [edited(key, edits) for edits in typos] + others
    expected = difflib.get_close_matches(key, candidates, n=1, cutoff=cutoff)
    assert close_match(key, candidates, cutoff) == (expected[0] if expected else None)


def test_names_too_long_to_pack_are_compared_by_difflib_alone():
    key = "communaute de communes " * 12
    candidates = [key + "x", key[:-1], "a" * 300, "grand reims"]
    expected = difflib.get_close_matches(key, candidates, n=1, cutoff=0.9)
    assert close_match(key, candidates, 0.9) == expected[0]
    assert close_match("a" * 299, candidates, 0.9) == "a" * 300


def test_an_empty_name_matches_an_empty_name_as_in_difflib():
    assert close_match("", ["", "abc"], 0.9) == ""
    assert close_match("abc", [], 0.9) is None

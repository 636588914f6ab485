"""difflib's closest name, without running difflib on names that cannot be close.

`difflib.get_close_matches` tries every candidate; with thousands of organisations that
is most of an import's time. A name whose letters alone cannot reach the cutoff (the
bound difflib's own `quick_ratio` checks: the letters two names share, whatever their
order) is set aside first, with the letter counts of each name packed in one integer so
that the comparison is a few integer operations. The names left go through difflib
unchanged: the answer is difflib's, only sooner.
"""

import collections
import difflib
import functools
import threading

# Each letter's count takes a field of 9 bits: 8 for the count, the top one a guard that
# keeps a subtraction from borrowing across fields. Folded names stop at 200 characters;
# a longer one (more than a field holds) goes to difflib alone.
FIELD = 9
LONGEST = 255
_slots: dict[str, int] = {}  # each character's field, for the life of the process
_new_slot = threading.Lock()


@functools.lru_cache(maxsize=50_000)
def _letter_counts(name: str) -> int:
    """How many times each character occurs in `name`, one field per character."""
    packed = 0
    for character, count in collections.Counter(name).items():
        slot = _slots.get(character)
        if slot is None:
            with _new_slot:
                slot = _slots.setdefault(character, len(_slots))
        packed |= count << (FIELD * slot)
    return packed


@functools.cache
def _masks(slots: int) -> tuple[int, int]:
    """The guard bit, and the 8 count bits, of each of the first `slots` fields."""
    guards = sum(1 << (FIELD * slot + FIELD - 1) for slot in range(slots))
    return guards, (guards >> (FIELD - 1)) * 0xFF


def _shared_letters(a: int, b: int, guards: int, counts: int) -> int:
    """Σ min(a's count, b's count) over the characters: the letters two names share."""
    # A field's guard survives (a | guard) - b where a's count is at least b's.
    a_at_least_b = ((((a | guards) - b) & guards) >> (FIELD - 1)) * 0xFF
    smaller = (b & a_at_least_b) | (a & (counts ^ a_at_least_b))
    # 2**9 ≡ 1 (mod 511): the remainder adds the fields up (their sum is below 511).
    return smaller % ((1 << FIELD) - 1)


def close_match(key: str, candidates, cutoff: float):
    """`difflib.get_close_matches(key, candidates, n=1, cutoff=cutoff)`'s answer, or None."""
    if len(key) > LONGEST:
        return _difflib(key, candidates, cutoff)
    mine = _letter_counts(key)
    packed = [(name, _letter_counts(name)) for name in candidates if len(name) <= LONGEST]
    guards, counts = _masks(len(_slots))
    possible = [
        name
        for name, theirs in packed
        if _ratio(_shared_letters(mine, theirs, guards, counts), len(key) + len(name)) >= cutoff
    ]
    possible += [name for name in candidates if len(name) > LONGEST]
    return _difflib(key, possible, cutoff)


def _ratio(matches: int, length: int) -> float:
    # difflib's own formula, so that the bound is the same float as its quick_ratio.
    return 2.0 * matches / length if length else 1.0


def _difflib(key, candidates, cutoff):
    close = difflib.get_close_matches(key, candidates, n=1, cutoff=cutoff)
    return close[0] if close else None

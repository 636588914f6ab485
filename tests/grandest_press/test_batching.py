"""Work that saves ask for, done once at the end of a block of saves."""

import pytest

from grandest_press.batching import Batch


def recording():
    runs = []
    return runs, Batch("test-batch", lambda items: runs.append(sorted(items)))


def test_outside_a_block_the_caller_does_the_work_now():
    runs, batch = recording()
    assert batch.defer([1]) is False
    assert runs == []


def test_a_block_runs_the_work_once_with_everything_noted():
    runs, batch = recording()
    with batch.once():
        assert batch.defer([2]) is True
        batch.defer([1, 2])
        assert runs == []
    assert runs == [[1, 2]]


def test_a_block_where_nothing_was_noted_runs_nothing():
    runs, batch = recording()
    with batch.once():
        pass
    assert runs == []


def test_a_nested_block_leaves_the_work_to_the_outer_one():
    runs, batch = recording()
    with batch.once():
        with batch.once():
            batch.defer([1])
        assert runs == []
        batch.defer([2])
    assert runs == [[1, 2]]


def test_a_failed_block_runs_nothing_and_the_next_call_works_now():
    runs, batch = recording()
    with pytest.raises(ValueError), batch.once():
        batch.defer([1])
        raise ValueError
    assert runs == []
    assert batch.defer([3]) is False

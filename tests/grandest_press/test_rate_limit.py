from grandest_press.rate_limit import count_request


def test_the_first_request_starts_the_count_and_each_one_adds_one():
    assert [count_request("essai:a", 60) for _ in range(3)] == [1, 2, 3]


def test_each_key_is_counted_apart():
    count_request("essai:b", 60)
    assert count_request("essai:c", 60) == 1


def test_a_count_that_expired_starts_again():
    from django.core.cache import cache

    count_request("essai:d", 1)
    cache.delete("essai:d")  # as the cache does when the window's timeout is reached
    assert count_request("essai:d", 1) == 1

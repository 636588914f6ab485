"""The page cache in trouble: unreachable, paused or stopped Redis, and a database down."""

import datetime
import threading
import time

import pytest
from django.urls import reverse

from tests.factories import make_communique, make_staff_user
from tests.grandest_press.page_reads import get
from tests.html import page_text
from tests.wsgi_client import WsgiClient

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("response_cache_on")]


def test_a_broken_cache_does_not_break_the_site(client, broken_cache, response_cache_on):
    make_communique(title="Toujours en ligne")
    response = client.get(reverse("communiques:list"))
    assert response.status_code == 200
    assert "Toujours en ligne" in page_text(response)


def _forget_the_fault_as_another_app_server():
    """What a process that never saw the fault holds: no open breaker, no page copies."""
    from grandest_press import response_cache

    response_cache.breaker.reset()
    response_cache._local_pages.clear()


def _fresh_within(seconds, is_fresh):
    deadline = time.monotonic() + seconds
    while not is_fresh():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.2)
    return True


class TestCacheFaults:
    """A real Redis of the test's own, paused or stopped as in production incidents."""

    @pytest.mark.parametrize("change", ["withdraw", "edit"])
    def test_a_change_made_while_the_cache_was_paused_is_served_within_seconds_of_its_return(
        self, own_redis, change
    ):
        communique = make_communique(title="Aides aux entreprises")
        reader = WsgiClient()
        url = communique.get_absolute_url()
        for page in [url, reverse("home")]:
            reader.get(page)
            assert reader.get(page)["X-Cache"] == "HIT"
        own_redis.pause(1500)
        paused_at = time.monotonic()
        if change == "withdraw":
            communique.withdraw(by=make_staff_user(group="Publication"), reason="Erreur.")
        else:
            communique.title = "Aides aux associations"
            communique.save()
        time.sleep(max(0, 1.6 - (time.monotonic() - paused_at)))
        _forget_the_fault_as_another_app_server()

        def release_page_is_current():
            response, text = get(reader, url)
            if change == "withdraw":
                return response.status_code == 410
            return "Aides aux associations" in text

        def home_is_current():
            text = get(reader, reverse("home"))[1]
            return "Aides aux entreprises" not in text

        assert _fresh_within(5, release_page_is_current)
        assert _fresh_within(5, home_is_current)

    def test_the_database_generation_is_read_once_per_state_timeout(
        self, client, page_cache, settings, time_machine, django_assert_num_queries
    ):
        settings.RESPONSE_CACHE_STATE_TIMEOUT = 2
        time_machine.move_to(datetime.datetime(2030, 9, 5, 9, 0, tzinfo=datetime.UTC), tick=False)
        make_communique(title="Signature du POCE")
        url = reverse("communiques:list")
        client.get(url)
        with django_assert_num_queries(0):
            assert client.get(url)["X-Cache"] == "HIT"
        time_machine.shift(3)
        # The generation, the next scheduled publication, the agenda's next change: then
        # hits again.
        with django_assert_num_queries(3):
            assert client.get(url)["X-Cache"] == "HIT"
        with django_assert_num_queries(0):
            assert client.get(url)["X-Cache"] == "HIT"

    def test_a_hung_cache_is_waited_for_once_then_left_alone(
        self, own_redis, settings, caplog, monkeypatch
    ):
        from grandest_press import response_cache

        for number in range(12):
            make_communique(title=f"Communiqué numéro {number}")
        url = reverse("communiques:list")
        reader = WsgiClient()
        reader.get(url)
        # Which lookups reached the cache, rather than the open breaker.
        reached = []
        call = response_cache.breaker.call

        def counting_call(operation, *args):
            reached.append(not response_cache.breaker.is_open())
            return call(operation, *args)

        monkeypatch.setattr(response_cache.breaker, "call", counting_call)
        own_redis.hang()
        # However long a client would wait, the server answers again after 10 s.
        watchdog = threading.Timer(10, own_redis.wake)
        watchdog.start()
        try:
            started = time.monotonic()
            responses = [reader.get(url) for _ in range(7)]
            elapsed = time.monotonic() - started
        finally:
            watchdog.cancel()
        assert [response.status_code for response in responses] == [200] * 7
        assert all("Communiqué numéro 11" in page_text(r) for r in responses)
        # The first request waits for one socket timeout and trips the breaker; the six
        # others render from the database without asking the hung cache.
        assert reached.count(True) == 1, reached
        assert elapsed < 5, "the pages waited for the hung cache to come back"
        unavailable = [r for r in caplog.records if r.getMessage() == "Response cache unavailable"]
        assert len(unavailable) == 1

    def test_the_cache_is_used_again_once_it_answers(self, own_redis, settings):
        settings.RESPONSE_CACHE_RETRY_AFTER = 0.5
        make_communique(title="Signature du POCE")
        url = reverse("communiques:list")
        reader = WsgiClient()
        own_redis.hang()
        assert "X-Cache" not in reader.get(url)
        own_redis.wake()
        time.sleep(0.6)
        assert _fresh_within(3, lambda: reader.get(url)["X-Cache"] == "HIT")


class TestDatabaseDown:
    def test_pages_already_cached_are_still_served(self, reader, page_cache, request):
        make_communique(title="Signature du POCE")
        url = reverse("communiques:list")
        reader.get(url)
        request.getfixturevalue("database_down")
        response, text = get(reader, url)
        assert (response.status_code, response["X-Cache"]) == (200, "HIT")
        assert "Signature du POCE" in text

    def test_pages_already_cached_are_served_after_the_generation_s_mirror_went_stale(
        self, reader, page_cache, settings, time_machine, request
    ):
        time_machine.move_to(datetime.datetime(2030, 9, 5, 9, 0, tzinfo=datetime.UTC), tick=False)
        make_communique(title="Signature du POCE")
        url = reverse("communiques:list")
        reader.get(url)
        request.getfixturevalue("database_down")
        time_machine.shift(settings.RESPONSE_CACHE_STATE_TIMEOUT + 60)
        for _ in range(2):
            response = reader.get(url)
            assert (response.status_code, response["X-Cache"]) == (200, "HIT")

    def test_pages_not_cached_answer_503(self, reader, page_cache, request):
        make_communique(title="Signature du POCE")
        reader.get(reverse("home"))
        request.getfixturevalue("database_down")
        response = reader.get(reverse("communiques:list"))
        assert response.status_code == 503
        assert "X-Cache" not in response
        assert response["Retry-After"]

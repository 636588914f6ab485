"""The anonymous page cache: served from the cache, and never stale.

Every test runs on the local-memory cache and on Redis (the production backend);
Redis needs REDIS_URL (set by .ci/run), and is required when CI is set.
"""

import datetime
import statistics
import threading
import time

import pytest
from django.urls import reverse
from django.utils import timezone

from communiques.models import PreviewLink, PreviewOpening
from tests.factories import (
    make_communique,
    make_mandate,
    make_organisation,
    make_pact,
    make_person,
    make_quote,
    make_staff_user,
    make_theme,
)
from tests.html import page_text
from tests.tools import require_redis
from tests.wsgi_client import WsgiClient

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("response_cache_on")]


@pytest.fixture(params=["locmem", "redis"])
def page_cache(request, settings):
    if request.param == "redis":
        settings.CACHES = {
            "default": {
                "BACKEND": "grandest_press.cache.RedisCache",
                "LOCATION": require_redis(),
                "KEY_PREFIX": "tests-response-cache",
            }
        }
    else:
        settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    from django.core.cache import cache

    cache.clear()
    yield request.param
    cache.clear()


@pytest.fixture(params=["test-client", "wsgi"])
def reader(request, client):
    """An anonymous reader through Django's test client, or through the WSGI application
    gunicorn serves, whose front answers cache hits before Django."""
    return client if request.param == "test-client" else WsgiClient()


def get(client, url):
    response = client.get(url)
    return response, page_text(response) if response.status_code != 304 else ""


class TestServedFromCache:
    def test_second_anonymous_request_is_a_hit_without_queries(
        self, client, page_cache, django_assert_num_queries
    ):
        make_communique(title="Signature du POCE")
        first = client.get(reverse("communiques:list"))
        assert first["X-Cache"] == "MISS"
        with django_assert_num_queries(0):
            second = client.get(reverse("communiques:list"))
        assert second["X-Cache"] == "HIT"
        assert second.content == first.content
        assert second["Content-Security-Policy"] == first["Content-Security-Policy"]

    def test_a_hit_keeps_every_security_header_and_gets_its_own_request_id(
        self, client, page_cache
    ):
        make_communique(title="Signature du POCE")
        url = reverse("communiques:list")
        first = client.get(url)
        second = client.get(url, headers={"X-Request-ID": "lb-trace-42"})
        assert second["X-Cache"] == "HIT"
        for header in [
            "Content-Security-Policy",
            "Permissions-Policy",
            "Referrer-Policy",
            "X-Content-Type-Options",
            "X-Frame-Options",
            "Cross-Origin-Opener-Policy",
            "ETag",
        ]:
            assert second[header] == first[header], header
        # The id is the request's own, never the one stored with the page.
        assert second["X-Request-ID"] == "lb-trace-42"
        assert client.get(url)["X-Request-ID"] not in {"lb-trace-42", first["X-Request-ID"]}

    def test_a_hit_from_this_process_copy_fetches_only_the_shared_state(
        self, client, page_cache, monkeypatch
    ):
        from grandest_press import response_cache

        make_communique(title="Signature du POCE")
        url = reverse("communiques:list")
        client.get(url)
        asked = []
        shared = response_cache.cache()
        real_get_many = shared.get_many
        monkeypatch.setattr(
            shared, "get_many", lambda keys: asked.append(keys) or real_get_many(keys)
        )
        assert client.get(url)["X-Cache"] == "HIT"
        assert asked == [[response_cache.STATE_KEY]]

    def test_a_copy_in_this_process_is_not_served_once_another_server_changed_content(
        self, client, page_cache
    ):
        from communiques.models import Communique
        from grandest_press import response_cache

        communique = make_communique(title="Signature du POCE")
        url = reverse("communiques:list")
        assert "Signature du POCE" in get(client, url)[1]
        # Another app server saves a change: the database and the shared cache change,
        # nothing in this process does.
        Communique.objects.filter(pk=communique.pk).update(title="Avenant au POCE")
        response_cache.invalidate()
        response, text = get(client, url)
        assert response["X-Cache"] == "MISS"
        assert "Avenant au POCE" in text

    def test_a_state_stored_by_an_older_version_is_read_again_from_the_database(
        self, client, page_cache
    ):
        from grandest_press import response_cache

        make_communique(title="Signature du POCE")
        response_cache.cache().set(
            response_cache.STATE_KEY, {"generation": "ancienne", "valid_until": None}
        )
        url = reverse("communiques:list")
        assert client.get(url)["X-Cache"] == "MISS"
        assert client.get(url)["X-Cache"] == "HIT"

    def test_copies_kept_in_this_process_are_bounded(self, settings):
        from grandest_press.response_cache import LocalPages

        settings.RESPONSE_CACHE_LOCAL_PAGES = 2
        pages = LocalPages()
        for key in ["a", "b", "c"]:
            pages.keep(key, (key,))
        pages.keep("b", ("b",))  # used again: kept
        pages.keep("d", ("d",))
        assert list(pages.entries) == ["b", "d"]

    def test_static_files_are_not_looked_up_in_the_page_cache(
        self, client, page_cache, settings, monkeypatch
    ):
        from grandest_press import response_cache

        looked_up = []
        monkeypatch.setattr(
            response_cache.AnonymousResponseCacheMiddleware, "key", looked_up.append
        )
        client.get(f"{settings.STATIC_URL}css/site.css")
        client.get(f"{settings.MEDIA_URL}images/photo.jpg")
        assert looked_up == []

    def test_staff_never_get_cached_pages(self, client, page_cache):
        make_communique(title="Signature du POCE")
        client.get(reverse("communiques:list"))
        client.force_login(make_staff_user(group="Rédaction"))
        response = client.get(reverse("communiques:list"))
        assert "X-Cache" not in response

    def test_preview_links_are_never_cached(self, client, page_cache):
        communique = make_communique(
            published=True, published_at=timezone.now() + datetime.timedelta(days=1)
        )
        link = PreviewLink.objects.create(
            communique=communique, recipient_name="Claire", email="claire@lunion.fr"
        )
        client.get(link.get_absolute_url())
        response = client.get(link.get_absolute_url())
        assert "X-Cache" not in response
        assert PreviewOpening.objects.filter(link=link).count() == 2

    def test_admin_is_never_cached(self, client, page_cache):
        response = client.get(reverse("admin:login"))
        assert "X-Cache" not in response

    def test_switched_off_by_setting(self, client, page_cache, settings):
        settings.RESPONSE_CACHE_ENABLED = False
        client.get(reverse("home"))
        assert "X-Cache" not in client.get(reverse("home"))


class TestWsgiFront:
    """The WSGI application answers hits itself; the rest reaches Django."""

    def test_a_hit_never_reaches_django_and_matches_the_middleware_hit(
        self, client, page_cache, django_assert_num_queries
    ):
        make_communique(title="Signature du POCE")
        url = reverse("communiques:list")
        reader = WsgiClient()
        first = reader.get(url)
        assert (first["X-Cache"], reader.handled_by_django) == ("MISS", 1)
        with django_assert_num_queries(0):
            hit = reader.get(url, headers={"X-Request-ID": "lb-trace-7"})
        assert (hit["X-Cache"], reader.handled_by_django) == ("HIT", 1)
        assert hit.status_code == 200
        assert hit.content == first.content
        middleware_hit = client.get(url)
        assert middleware_hit["X-Cache"] == "HIT"
        assert hit.content == middleware_hit.content
        ignored = {"X-Request-ID"}
        assert {k: v for k, v in hit.items() if k not in ignored} == {
            k: v for k, v in middleware_hit.items() if k not in ignored
        }
        assert hit["X-Request-ID"] == "lb-trace-7"
        assert reader.get(url)["X-Request-ID"] not in {"lb-trace-7", first["X-Request-ID"]}

    def test_a_miss_is_looked_up_once_and_stored(self, page_cache, monkeypatch):
        from grandest_press import response_cache

        make_communique(title="Signature du POCE")
        lookups = []
        real_lookup = response_cache.AnonymousResponseCacheMiddleware.lookup
        monkeypatch.setattr(
            response_cache.AnonymousResponseCacheMiddleware,
            "lookup",
            staticmethod(lambda key: lookups.append(key) or real_lookup(key)),
        )
        reader = WsgiClient()
        assert reader.get(reverse("communiques:list"))["X-Cache"] == "MISS"
        assert len(lookups) == 1
        assert reader.get(reverse("communiques:list"))["X-Cache"] == "HIT"

    def test_not_found_pages_are_served_from_the_front_too(self, page_cache):
        reader = WsgiClient()
        assert reader.get("/communiques/inconnu/").status_code == 404
        again = reader.get("/communiques/inconnu/")
        assert (again.status_code, again["X-Cache"], reader.handled_by_django) == (404, "HIT", 1)

    def test_head_is_cached_apart_from_get(self, page_cache):
        make_communique(title="Signature du POCE")
        reader = WsgiClient()
        url = reverse("communiques:list")
        assert reader.get(url)["X-Cache"] == "MISS"
        assert reader.head(url)["X-Cache"] == "MISS"
        assert reader.head(url)["X-Cache"] == "HIT"
        assert reader.handled_by_django == 2

    def test_staff_reach_django_and_are_never_served_cached_pages(self, client, page_cache):
        make_communique(title="Signature du POCE")
        url = reverse("communiques:list")
        WsgiClient().get(url)
        client.force_login(make_staff_user(group="Rédaction"))
        staff = WsgiClient(cookies={"sessionid": client.cookies["sessionid"].value})
        response = staff.get(url)
        assert "X-Cache" not in response
        assert staff.handled_by_django == 1

    def test_conditional_requests_get_their_304_from_django(self, page_cache):
        communique = make_communique()
        reader = WsgiClient()
        etag = reader.get(communique.get_absolute_url())["ETag"]
        response = reader.get(communique.get_absolute_url(), headers={"If-None-Match": etag})
        assert (response.status_code, reader.handled_by_django) == (304, 2)

    def test_a_host_not_allowed_gets_django_s_400(self, page_cache):
        reader = WsgiClient()
        for _ in range(2):
            response = reader.get(reverse("home"), headers={"Host": "pirate.example"})
            assert response.status_code == 400
        assert reader.handled_by_django == 2

    def test_switched_off_by_setting(self, page_cache, settings):
        settings.RESPONSE_CACHE_ENABLED = False
        reader = WsgiClient()
        reader.get(reverse("home"))
        assert "X-Cache" not in reader.get(reverse("home"))
        assert reader.handled_by_django == 2

    def test_a_broken_cache_is_tried_once_per_request(self, page_cache, monkeypatch, caplog):
        from grandest_press import response_cache

        make_communique(title="Toujours en ligne")
        attempts = []

        def broken(key):
            attempts.append(key)
            raise ConnectionError("Redis est arrêté")

        monkeypatch.setattr(
            response_cache.AnonymousResponseCacheMiddleware, "lookup", staticmethod(broken)
        )
        response = WsgiClient().get(reverse("communiques:list"))
        assert response.status_code == 200
        assert "Toujours en ligne" in page_text(response)
        assert "X-Cache" not in response
        assert len(attempts) == 1
        assert [r.message for r in caplog.records] == ["Response cache unavailable"]


class TestInvalidation:
    """Change, then the next anonymous GET shows it."""

    def test_release_edit(self, reader, page_cache):
        communique = make_communique(title="Titre d'origine")
        url = communique.get_absolute_url()
        assert "Titre d'origine" in get(reader, url)[1]
        communique.title = "Titre corrigé"
        communique.save()
        assert "Titre corrigé" in get(reader, url)[1]

    def test_publish(self, reader, page_cache):
        draft = make_communique(published=False, title="Nouveau communiqué")
        assert "Nouveau communiqué" not in get(reader, reverse("home"))[1]
        draft.publish(by=make_staff_user(group="Publication"))
        assert "Nouveau communiqué" in get(reader, reverse("home"))[1]

    def test_withdraw(self, reader, page_cache):
        communique = make_communique(title="À retirer")
        assert reader.get(communique.get_absolute_url()).status_code == 200
        communique.withdraw(by=make_staff_user(group="Publication"), reason="Erreur.")
        assert reader.get(communique.get_absolute_url()).status_code == 410
        assert "À retirer" not in get(reader, reverse("communiques:list"))[1]

    def test_new_mandate_of_a_person(self, reader, page_cache):
        person = make_person(first_name="Franck", last_name="Leroy")
        region = make_organisation(
            name="Région Grand Est", name_with_preposition="de la Région Grand Est"
        )
        assert "Président de la Région Grand Est" not in get(reader, person.get_absolute_url())[1]
        make_mandate(person=person, organisation=region, start_date=datetime.date(2022, 1, 13))
        assert "Président de la Région Grand Est" in get(reader, person.get_absolute_url())[1]

    def test_pact_edit(self, reader, page_cache):
        pact = make_pact(title="POCE Châlons Agglo")
        assert "POCE Châlons Agglo" in get(reader, reverse("partners:pact-list"))[1]
        pact.title = "POCE de Châlons Agglo"
        pact.save()
        assert "POCE de Châlons Agglo" in get(reader, reverse("partners:pact-list"))[1]

    def test_quote_edit(self, reader, page_cache):
        communique = make_communique()
        quote = make_quote(communique=communique, text="Première version.")
        assert "Première version." in get(reader, communique.get_absolute_url())[1]
        quote.text = "Version corrigée."
        quote.save()
        assert "Version corrigée." in get(reader, communique.get_absolute_url())[1]

    def test_theme_added_to_a_release(self, reader, page_cache):
        theme = make_theme(name="Emploi")
        communique = make_communique(title="Sur l'emploi")
        assert "Sur l'emploi" not in get(reader, theme.get_absolute_url())[1]
        communique.themes.add(theme)
        assert "Sur l'emploi" in get(reader, theme.get_absolute_url())[1]

    def test_deletion(self, reader, page_cache):
        draft_theme = make_theme(name="Thème éphémère")
        assert "Thème éphémère" in get(reader, draft_theme.get_absolute_url())[1]
        draft_theme.delete()
        assert (
            reader.get(reverse("communiques:theme", kwargs={"slug": draft_theme.slug})).status_code
            == 404
        )

    def test_changes_in_a_transaction_are_not_kept_stale(
        self, reader, page_cache, django_capture_on_commit_callbacks
    ):
        communique = make_communique(title="Avant")
        url = communique.get_absolute_url()
        with django_capture_on_commit_callbacks(execute=True):
            communique.title = "Après"
            communique.save()
            get(reader, url)  # rendered inside the transaction
        assert "Après" in get(reader, url)[1]

    def test_scheduled_release_appears_at_its_time_on_cached_pages(
        self, reader, page_cache, time_machine
    ):
        lift = datetime.datetime(2030, 9, 5, 9, 0, tzinfo=datetime.UTC)
        time_machine.move_to(lift - datetime.timedelta(minutes=5), tick=False)
        make_communique(title="Sous embargo", published_at=lift)
        for url in [reverse("home"), reverse("communiques:list")]:
            assert "Sous embargo" not in get(reader, url)[1]
            assert reader.get(url)["X-Cache"] == "HIT"
        time_machine.move_to(lift, tick=False)
        for url in [reverse("home"), reverse("communiques:list")]:
            assert "Sous embargo" in get(reader, url)[1]


class TestConditionalGet:
    @pytest.mark.parametrize("warm", [False, True], ids=["rendered", "from-cache"])
    def test_etag_answers_304(self, reader, page_cache, warm):
        communique = make_communique()
        url = communique.get_absolute_url()
        first = reader.get(url)
        if warm:
            assert reader.get(url)["X-Cache"] == "HIT"
        etag = first["ETag"]
        response = reader.get(url, headers={"If-None-Match": etag})
        assert response.status_code == 304
        assert response.content == b""

    def test_release_page_has_last_modified_and_answers_if_modified_since(self, reader, page_cache):
        communique = make_communique()
        response = reader.get(communique.get_absolute_url())
        last_modified = response["Last-Modified"]
        again = reader.get(
            communique.get_absolute_url(), headers={"If-Modified-Since": last_modified}
        )
        assert again.status_code == 304

    def test_feed_has_etag_and_last_modified(self, reader, page_cache):
        make_communique()
        url = reverse("communiques:feed", kwargs={"format": "rss"})
        response = reader.get(url)
        assert response["Last-Modified"]
        assert reader.get(url, headers={"If-None-Match": response["ETag"]}).status_code == 304

    def test_changed_page_gets_a_new_etag(self, reader, page_cache):
        communique = make_communique(title="Avant")
        etag = reader.get(communique.get_absolute_url())["ETag"]
        communique.title = "Après"
        communique.save()
        response = reader.get(communique.get_absolute_url(), headers={"If-None-Match": etag})
        assert response.status_code == 200
        assert response["ETag"] != etag


@pytest.fixture
def broken_cache(settings):
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",  # nothing listens there
            "OPTIONS": {"socket_connect_timeout": 0.2},
        }
    }


def test_a_broken_cache_does_not_break_the_site(client, broken_cache, response_cache_on):
    make_communique(title="Toujours en ligne")
    response = client.get(reverse("communiques:list"))
    assert response.status_code == 200
    assert "Toujours en ligne" in page_text(response)


class TestGenerationCached:
    """Fragments that only public content decides, kept per content generation."""

    def test_kept_until_content_changes_in_one_round_trip(self, page_cache, monkeypatch):
        from grandest_press import response_cache

        computed = []

        def compute():
            computed.append(1)
            return {"count": len(computed)}

        assert response_cache.generation_cached("fragment", compute, 60) == {"count": 1}
        shared = response_cache.cache()
        asked = []
        real_get_many = shared.get_many
        monkeypatch.setattr(
            shared, "get_many", lambda keys: asked.append(keys) or real_get_many(keys)
        )
        assert response_cache.generation_cached("fragment", compute, 60) == {"count": 1}
        assert asked == [[response_cache.STATE_KEY, "fragment"]]
        make_communique(title="Nouveau")  # public content changed
        assert response_cache.generation_cached("fragment", compute, 60) == {"count": 2}
        assert len(computed) == 2

    def test_computed_every_time_when_the_cache_is_down(self, broken_cache, caplog):
        from grandest_press import response_cache

        values = iter([1, 2])
        assert response_cache.generation_cached("fragment", lambda: next(values), 60) == 1
        assert response_cache.generation_cached("fragment", lambda: next(values), 60) == 2
        assert "Response cache unavailable" in caplog.text


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
        # The generation, then the next scheduled publication: then hits again.
        with django_assert_num_queries(2):
            assert client.get(url)["X-Cache"] == "HIT"
        with django_assert_num_queries(0):
            assert client.get(url)["X-Cache"] == "HIT"

    def test_a_hung_cache_adds_less_than_a_tenth_of_a_second_to_a_page(
        self, own_redis, settings, caplog
    ):
        for number in range(12):
            make_communique(title=f"Communiqué numéro {number}")
        url = reverse("communiques:list")
        reader = WsgiClient()

        def timed():
            started = time.perf_counter()
            response = reader.get(url)
            assert response.status_code == 200
            return time.perf_counter() - started

        settings.RESPONSE_CACHE_ENABLED = False
        uncached = statistics.median(timed() for _ in range(5))
        settings.RESPONSE_CACHE_ENABLED = True
        reader.get(url)
        own_redis.hang()
        # However long a client would wait, the server answers again after 10 s.
        watchdog = threading.Timer(10, own_redis.wake)
        watchdog.start()
        try:
            durations = [timed() for _ in range(7)]
        finally:
            watchdog.cancel()
        # The first request waits for one timeout (0.1 s) and trips the breaker.
        assert max(durations) < 1, durations
        assert statistics.median(durations) < uncached + 0.1, (uncached, durations)
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


class TestWhoBypassesTheCache:
    """Only a valid staff session is rendered apart; a made-up query or cookie is not."""

    @pytest.mark.parametrize("cookie", ["garbage", "0123456789abcdefghijklmnopqrstuv"])
    def test_a_made_up_session_cookie_is_served_from_the_cache(
        self, page_cache, cookie, django_assert_max_num_queries
    ):
        make_communique(title="Signature du POCE")
        url = reverse("communiques:list")
        WsgiClient().get(url)
        intruder = WsgiClient(cookies={"sessionid": cookie})
        with django_assert_max_num_queries(1):  # the session looked up, nothing rendered
            response = intruder.get(url)
        assert response["X-Cache"] == "HIT"

    def test_a_made_up_session_cookie_gets_the_anonymous_page_stored(self, client, page_cache):
        make_communique(title="Signature du POCE")
        client.cookies["sessionid"] = "garbage"
        url = reverse("communiques:list")
        assert client.get(url)["X-Cache"] == "MISS"
        assert client.get(url)["X-Cache"] == "HIT"

    @pytest.mark.parametrize(
        "query",
        [
            "utm_source=newsletter&utm_medium=email&utm_campaign=poce",
            "fbclid=IwAR0xYz",
            "a8f3e2=1",
            "theme=&annee=",
        ],
    )
    def test_a_query_the_page_does_not_read_is_served_the_page_without_it(
        self, reader, page_cache, query
    ):
        make_communique(title="Signature du POCE")
        url = reverse("communiques:list")
        reader.get(url)
        response = reader.get(f"{url}?{query}")
        assert response["X-Cache"] == "HIT"

    def test_a_release_page_ignores_any_query(self, reader, page_cache):
        communique = make_communique(title="Signature du POCE")
        url = communique.get_absolute_url()
        reader.get(url)
        assert reader.get(f"{url}?page=3&q=poce&fbclid=x")["X-Cache"] == "HIT"

    def test_filters_in_another_order_or_with_empty_fields_share_one_page(self, reader, page_cache):
        theme = make_theme(name="Emploi")
        make_communique(title="Sur l'emploi", themes=[theme])
        url = reverse("communiques:list")
        first, text = get(reader, f"{url}?theme={theme.slug}&annee=2026")
        assert "Sur l'emploi" in text
        again = reader.get(f"{url}?mois=&annee=2026&personne=&theme={theme.slug}")
        assert again["X-Cache"] == "HIT"
        assert again.content == first.content

    def test_distinct_filters_are_distinct_pages(self, reader, page_cache):
        emploi, sante = make_theme(name="Emploi"), make_theme(name="Santé")
        make_communique(title="Sur l'emploi", themes=[emploi])
        url = reverse("communiques:list")
        assert "Sur l'emploi" in get(reader, f"{url}?theme={emploi.slug}")[1]
        response, text = get(reader, f"{url}?theme={sante.slug}")
        assert response["X-Cache"] == "MISS"
        assert "Sur l'emploi" not in text

    def test_a_stored_page_never_carries_a_parameter_it_ignored(self, reader, page_cache):
        for number in range(21):  # two pages of releases: the list links to page 2
            make_communique(title=f"Communiqué numéro {number}")
        url = reverse("communiques:list")
        poisoned = reader.get(f"{url}?utm_source=piege&page=1")
        assert b"page=2" in poisoned.content
        assert b"piege" not in poisoned.content
        assert b"piege" not in reader.get(url).content


def _cache_control(response):
    return {part.strip() for part in response["Cache-Control"].split(",")}


class TestCacheControl:
    """Every response says how long a browser or a CDN may keep it."""

    def test_public_pages_may_be_kept_briefly_by_browsers_and_cdns(
        self, reader, page_cache, settings
    ):
        settings.RESPONSE_CACHE_PUBLIC_MAX_AGE = 45
        communique = make_communique(title="Signature du POCE")
        for url in [reverse("home"), communique.get_absolute_url()]:
            first = reader.get(url)
            hit = reader.get(url)
            assert hit["X-Cache"] == "HIT"
            for response in [first, hit]:
                assert _cache_control(response) == {"public", "max-age=45", "s-maxage=45"}
                assert response["ETag"]
        assert reader.get(communique.get_absolute_url())["Last-Modified"]

    def test_public_pages_say_it_with_the_page_cache_switched_off(self, client, settings):
        settings.RESPONSE_CACHE_ENABLED = False
        response = client.get(reverse("communiques:list"))
        assert _cache_control(response) == {"public", "max-age=60", "s-maxage=60"}

    def test_pages_shown_to_staff_are_never_kept(self, client, page_cache):
        make_communique(title="Signature du POCE")
        client.force_login(make_staff_user(group="Rédaction"))
        for url in [reverse("home"), reverse("admin:index")]:
            assert {"private", "no-store"} <= _cache_control(client.get(url)), url

    def test_embargo_previews_are_never_kept(self, client, page_cache):
        communique = make_communique(
            published=True, published_at=timezone.now() + datetime.timedelta(days=1)
        )
        link = PreviewLink.objects.create(
            communique=communique, recipient_name="Claire", email="claire@lunion.fr"
        )
        response = client.get(link.get_absolute_url())
        assert response.status_code == 200
        assert {"private", "no-store"} <= _cache_control(response)

    def test_forms_and_the_login_page_are_never_kept(self, client, page_cache):
        login = client.get(reverse("admin:login"))
        assert {"private", "no-store"} <= _cache_control(login)
        posted = client.post(reverse("communiques:list"), {"q": "POCE"})
        assert posted.status_code == 405
        assert {"private", "no-store"} <= _cache_control(posted)


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

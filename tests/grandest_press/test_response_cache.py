"""The anonymous page cache: served from the cache, and never stale.

Every test runs on the local-memory cache and on Redis (the production backend);
Redis needs REDIS_URL (set by .ci/run), and is required when CI is set.
"""

import datetime

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
from tests.grandest_press.page_reads import get

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("response_cache_on")]


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

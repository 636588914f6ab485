"""Who bypasses the page cache: a valid staff session only; made-up cookies and queries
the page does not read are served the cached page."""

import pytest
from django.urls import reverse

from tests.factories import make_communique, make_theme
from tests.grandest_press.page_reads import get
from tests.wsgi_client import WsgiClient

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("response_cache_on")]


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

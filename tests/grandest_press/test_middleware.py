"""The site's own middleware that no other test file covers."""

import pytest
from django.db import DatabaseError
from django.http import HttpResponse
from django.templatetags.static import static
from django.urls import reverse
from django.utils import timezone
from pytest_django.asserts import assertContains

from grandest_press.middleware import DatabaseUnavailableMiddleware, SiteTimezoneMiddleware
from tests.grandest_press.test_html_validity import validate
from tests.html import page_text
from tests.tools import require_vnu
from tests.wsgi_client import WsgiClient


def test_the_site_time_zone_is_active_for_the_request_and_only_for_it(rf):
    seen = []

    def view(request):
        seen.append(timezone.get_current_timezone_name())
        return HttpResponse()

    timezone.activate("America/Cayenne")  # whatever came before
    try:
        SiteTimezoneMiddleware(view)(rf.get("/"))
    except BaseException:
        timezone.deactivate()
        raise
    assert seen == ["Europe/Paris"]
    # Nothing left active on the thread for the next request (asgiref's Local).
    assert not hasattr(timezone._active, "value")


@pytest.mark.django_db
class TestDatabaseUnavailable:
    """With the database unreachable, readers get a 503 that says to come back."""

    def test_a_public_page_answers_503_with_retry_after(self, client, database_down, settings):
        settings.SERVICE_UNAVAILABLE_RETRY_AFTER = 180
        response = client.get(reverse("communiques:list"))
        assert response.status_code == 503
        assert response["Retry-After"] == "180"
        assert {"private", "no-store"} <= {
            part.strip() for part in response["Cache-Control"].split(",")
        }

    def test_the_503_page_says_in_french_what_to_do(self, client, database_down):
        response = client.get(reverse("home"))
        assert response.status_code == 503
        assert response["Content-Type"] == "text/html; charset=utf-8"
        text = page_text(response)
        assert "Service momentanément indisponible" in text
        assert "réessayer dans 2 minutes" in text
        assert "presse@grandest.fr" in text

    def test_the_503_page_is_styled_like_the_site(self, client, database_down):
        response = client.get(reverse("home"))
        assertContains(
            response,
            f'<link rel="stylesheet" href="{static("css/site.css")}">',
            html=True,
            status_code=503,
        )
        assertContains(response, '<header class="site-header">', status_code=503)

    def test_the_503_page_is_valid_html(self, client, database_down, tmp_path):
        require_vnu()
        response = client.get(reverse("communiques:list"))
        assert response.status_code == 503
        errors = validate({"service-indisponible": response.content.decode()}, tmp_path)
        assert errors == {"service-indisponible": []}

    def test_through_the_wsgi_application_too(self, database_down):
        response = WsgiClient().get(reverse("partners:pact-list"))
        assert response.status_code == 503
        assert "Service momentanément indisponible" in page_text(response)

    def test_other_database_errors_stay_server_errors(self):
        middleware = DatabaseUnavailableMiddleware(HttpResponse)
        assert middleware.process_exception(None, DatabaseError("syntaxe")) is None

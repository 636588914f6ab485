"""Security headers, cookies, CSP and login throttling, asserted on real responses."""

import datetime
import os
import subprocess
import sys

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.contrib.auth.hashers import MD5PasswordHasher
from django.core.management import call_command
from django.urls import reverse

from tests.factories import make_communique, make_staff_user
from tests.html import page_text, soup

pytestmark = pytest.mark.django_db

PASSWORD = "mot-de-passe-de-test-1234"
DATA_BLOCK_TYPES = {"application/ld+json", "application/json"}


def csp_directives(response) -> dict[str, list[str]]:
    header = response.headers["Content-Security-Policy"]
    directives = {}
    for part in header.split(";"):
        name, *values = part.split()
        directives[name] = values
    return directives


@pytest.fixture
def home(client):
    return client.get(reverse("home"), secure=True)


class TestSecurityHeaders:
    def test_hsts_for_a_year_with_subdomains_and_preload(self, home):
        assert home.headers["Strict-Transport-Security"] == (
            "max-age=31536000; includeSubDomains; preload"
        )

    def test_content_type_sniffing_is_off(self, home):
        assert home.headers["X-Content-Type-Options"] == "nosniff"

    def test_referrer_policy(self, home):
        assert home.headers["Referrer-Policy"] == "strict-origin-when-cross-origin"

    def test_cross_origin_opener_policy(self, home):
        assert home.headers["Cross-Origin-Opener-Policy"] == "same-origin"

    def test_framing_is_refused(self, home):
        assert home.headers["X-Frame-Options"] == "DENY"

    def test_permissions_policy_refuses_camera_microphone_and_geolocation(self, home):
        policy = home.headers["Permissions-Policy"]
        for feature in ["camera=()", "microphone=()", "geolocation=()", "payment=()"]:
            assert feature in policy.split(", ")

    def test_plain_http_is_redirected_to_https(self, client, settings):
        # SECURE_SSL_REDIRECT is off in tests only (pyproject); production keeps the default.
        settings.SECURE_SSL_REDIRECT = True
        response = client.get(reverse("home"))
        assert response.status_code == 301
        assert response["Location"].startswith("https://")

    @pytest.mark.parametrize(
        "url_name",
        ["home", "communiques:list", "communiques:contacts", "partners:pact-list"],
    )
    def test_every_public_page_carries_the_headers(self, client, url_name):
        response = client.get(reverse(url_name), secure=True)
        assert response.status_code == 200
        for header in [
            "Content-Security-Policy",
            "Strict-Transport-Security",
            "Permissions-Policy",
            "X-Content-Type-Options",
            "Referrer-Policy",
            "Cross-Origin-Opener-Policy",
        ]:
            assert header in response.headers, header

    def test_a_404_carries_the_csp_too(self, client):
        response = client.get("/cette-page-n-existe-pas/", secure=True)
        assert response.status_code == 404
        assert "Content-Security-Policy" in response.headers


class TestContentSecurityPolicy:
    def test_scripts_only_from_the_site_or_with_a_nonce(self, home):
        script_src = csp_directives(home)["script-src"]
        assert script_src[0] == "'self'"
        assert all(v == "'self'" or v.startswith("'nonce-") for v in script_src)
        assert "'unsafe-inline'" not in script_src
        assert "'unsafe-eval'" not in script_src

    def test_no_inline_styles_either(self, home):
        assert csp_directives(home)["style-src"] == ["'self'"]

    def test_default_src_is_self_and_plugins_base_and_framing_are_refused(self, home):
        directives = csp_directives(home)
        assert directives["default-src"] == ["'self'"]
        assert directives["object-src"] == ["'none'"]
        assert directives["base-uri"] == ["'none'"]
        assert directives["frame-ancestors"] == ["'none'"]
        assert directives["form-action"] == ["'self'"]

    def test_admin_assets_carry_the_request_nonce(self, client):
        response = client.get(reverse("admin:login"), secure=True)
        nonce = next(
            v.removeprefix("'nonce-").removesuffix("'")
            for v in csp_directives(response)["script-src"]
            if v.startswith("'nonce-")
        )
        stylesheet = soup(response).select_one('link[rel="stylesheet"]')
        assert stylesheet["nonce"] == nonce

    def test_nonce_changes_with_each_request(self, client):
        policies = {
            client.get(reverse("admin:login"), secure=True).headers["Content-Security-Policy"]
            for _ in range(2)
        }
        assert len(policies) == 2

    @pytest.mark.parametrize(
        "url_name", ["home", "communiques:list", "communiques:contacts", "partners:pact-list"]
    )
    def test_public_pages_have_no_inline_script_style_or_event_handler(self, client, url_name):
        make_communique(title="Signature du pacte")
        page = soup(client.get(reverse(url_name), secure=True))
        assert not [
            s
            for s in page.find_all("script")
            if not s.get("src") and s.get("type") not in DATA_BLOCK_TYPES
        ]
        assert not page.find_all("style")
        assert not page.select("[style]")
        handlers = [
            (tag.name, attr)
            for tag in page.find_all(True)
            for attr in tag.attrs
            if attr.startswith("on")
        ]
        assert handlers == []

    def test_release_page_has_no_inline_script_but_data_blocks(self, client):
        communique = make_communique(
            title="Signature", body='<p>Texte <a href="https://grandest.fr">lien</a></p>'
        )
        page = soup(client.get(communique.get_absolute_url(), secure=True))
        # JSON-LD is data, never run by the browser: CSP does not apply to it.
        assert not [
            s
            for s in page.find_all("script")
            if not s.get("src") and s.get("type") not in DATA_BLOCK_TYPES
        ]
        assert not page.select("[style]")


class TestDeployChecks:
    def test_check_deploy_reports_nothing_with_production_settings(self):
        env = {
            **{k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"},
            "DEBUG": "False",
            "SECRET_KEY": "a-production-like-secret-key-" + "x" * 40,
            "ALLOWED_HOSTS": "presse.grandest.fr",
            "SECURE_SSL_REDIRECT": "True",
        }
        result = subprocess.run(
            [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
            cwd=settings.BASE_DIR,
            env=env,
            capture_output=True,
            text=True,
            check=False,
        )
        assert result.returncode == 0, result.stderr
        assert result.stderr == ""
        assert result.stdout.strip() == "System check identified no issues (0 silenced)."


class TestCookies:
    def login(self, client, username, password=PASSWORD):
        return client.post(
            reverse("admin:login"),
            {"username": username, "password": password, "next": reverse("admin:index")},
            secure=True,
            REMOTE_ADDR="192.0.2.10",
        )

    def test_session_cookie_is_secure_httponly_and_samesite(self, client):
        user = make_staff_user(group="Rédaction")
        response = self.login(client, user.username)
        assert response.status_code == 302
        cookie = response.cookies["sessionid"]
        assert cookie["secure"] is True
        assert cookie["httponly"] is True
        assert cookie["samesite"] == "Lax"

    def test_csrf_cookie_is_secure_httponly_and_samesite(self, client):
        response = client.get(reverse("admin:login"), secure=True)
        cookie = response.cookies["csrftoken"]
        assert cookie["secure"] is True
        assert cookie["httponly"] is True
        assert cookie["samesite"] == "Lax"

    def test_public_pages_set_no_cookie(self, client):
        make_communique()
        response = client.get(reverse("home"), secure=True)
        assert not response.cookies


class CountingHasher(MD5PasswordHasher):
    """MD5 (fast, for tests) that counts how often a password is hashed."""

    algorithm = "counting_md5"
    calls = 0

    def encode(self, password, salt):
        type(self).calls += 1
        return super().encode(password, salt)


class TestLoginThrottling:
    """django-axes: AXES_FAILURE_LIMIT failures for one account from one address lock that
    pair; LOGIN_FAILURE_LIMIT_PER_ADDRESS failures lock the address. A refused attempt
    answers exactly as a failed one, hasher included."""

    def attempt(self, client, username, *, password="mauvais-mot-de-passe", ip="192.0.2.10"):
        return client.post(
            reverse("admin:login"),
            {"username": username, "password": password, "next": reverse("admin:index")},
            secure=True,
            REMOTE_ADDR=ip,
        )

    def fail(self, client, username, *, times, ip="192.0.2.10"):
        for _ in range(times):
            self.attempt(client, username, ip=ip)

    def test_a_few_failures_only_show_the_login_form_again(self, client, settings):
        response = None
        for _ in range(settings.AXES_FAILURE_LIMIT - 1):
            response = self.attempt(client, "agent")
        assert response.status_code == 200
        assert soup(response).select_one("form#login-form")

    def test_a_failed_login_says_what_the_throttling_rule_is(self, client):
        response = self.attempt(client, "agent")
        assert (
            "Identifiant ou mot de passe incorrect. Par sécurité, après 5 échecs, les "
            "connexions à ce compte depuis votre adresse sont suspendues pendant 15 minutes."
        ) in page_text(response)

    def test_a_locked_and_a_failed_login_answer_the_same_status_and_words(self, client, settings):
        user = make_staff_user(group="Publication")
        failed = self.attempt(client, user.username, ip="203.0.113.9")
        self.fail(client, user.username, times=settings.AXES_FAILURE_LIMIT)
        locked = self.attempt(client, user.username, password=PASSWORD)
        assert locked.status_code == failed.status_code == 200
        assert page_text(locked) == page_text(failed)

    def test_a_locked_login_runs_the_password_hasher_as_a_failed_one_does(self, client, settings):
        settings.PASSWORD_HASHERS = [f"{__name__}.CountingHasher"]
        user = make_staff_user(group="Publication")
        CountingHasher.calls = 0
        self.attempt(client, user.username, ip="203.0.113.9")
        hashed_for_a_failure = CountingHasher.calls
        self.fail(client, user.username, times=settings.AXES_FAILURE_LIMIT)
        CountingHasher.calls = 0
        self.attempt(client, user.username, password=PASSWORD)
        assert hashed_for_a_failure == 1
        assert CountingHasher.calls == hashed_for_a_failure

    def test_even_the_right_password_is_refused_while_locked_out(self, client, settings):
        user = make_staff_user(group="Publication")
        self.fail(client, user.username, times=settings.AXES_FAILURE_LIMIT)
        response = self.attempt(client, user.username, password=PASSWORD)
        assert response.status_code == 200
        assert "_auth_user_id" not in client.session

    def test_an_attacker_cannot_lock_out_the_owner_logging_in_from_elsewhere(
        self, client, settings
    ):
        owner = make_staff_user(superuser=True)
        self.fail(client, owner.username, times=settings.AXES_FAILURE_LIMIT, ip="198.51.100.66")
        response = self.attempt(client, owner.username, password=PASSWORD, ip="203.0.113.9")
        assert response.status_code == 302

    def test_an_address_failing_on_many_accounts_is_locked_for_every_account(
        self, client, settings
    ):
        user = make_staff_user(group="Rédaction")
        for number in range(settings.LOGIN_FAILURE_LIMIT_PER_ADDRESS):
            self.attempt(client, f"agent-{number}", ip="198.51.100.66")
        from_there = self.attempt(client, user.username, password=PASSWORD, ip="198.51.100.66")
        from_elsewhere = self.attempt(client, user.username, password=PASSWORD, ip="203.0.113.9")
        assert from_there.status_code == 200
        assert from_elsewhere.status_code == 302

    def test_an_address_below_its_limit_is_not_locked(self, client, settings):
        user = make_staff_user(group="Rédaction")
        for number in range(settings.LOGIN_FAILURE_LIMIT_PER_ADDRESS - 1):
            self.attempt(client, f"agent-{number}")
        assert self.attempt(client, user.username, password=PASSWORD).status_code == 302

    def test_other_accounts_and_addresses_are_not_locked(self, client, settings):
        self.fail(client, "agent", times=settings.AXES_FAILURE_LIMIT)
        user = make_staff_user(group="Rédaction")
        response = self.attempt(client, user.username, password=PASSWORD, ip="203.0.113.9")
        assert response.status_code == 302

    def test_the_lock_is_lifted_after_the_cool_off(self, client, settings, time_machine):
        time_machine.move_to(datetime.datetime(2026, 3, 2, 9, 0, tzinfo=datetime.UTC))
        user = make_staff_user(group="Rédaction")
        self.fail(client, user.username, times=settings.AXES_FAILURE_LIMIT)
        assert self.attempt(client, user.username, password=PASSWORD).status_code == 200
        time_machine.shift(settings.AXES_COOLOFF_TIME + datetime.timedelta(minutes=1))
        assert self.attempt(client, user.username, password=PASSWORD).status_code == 302

    def test_staff_can_lift_a_lock_by_hand(self, client, settings):
        user = make_staff_user(group="Rédaction")
        self.fail(client, user.username, times=settings.AXES_FAILURE_LIMIT)
        assert AccessAttempt.objects.exists()
        call_command("axes_reset", verbosity=0)
        assert self.attempt(client, user.username, password=PASSWORD).status_code == 302

    def test_behind_a_proxy_the_forwarded_address_is_throttled(self, client, settings):
        settings.TRUSTED_PROXY_COUNT = 1
        user = make_staff_user(group="Rédaction")

        def login(username, password, forwarded_for):
            return client.post(
                reverse("admin:login"),
                {"username": username, "password": password},
                secure=True,
                REMOTE_ADDR="10.0.0.1",
                HTTP_X_FORWARDED_FOR=forwarded_for,
            )

        for number in range(settings.LOGIN_FAILURE_LIMIT_PER_ADDRESS):
            login(f"agent-{number}", "x", "198.51.100.7")
        assert login(user.username, PASSWORD, "198.51.100.7").status_code == 200
        assert login(user.username, PASSWORD, "203.0.113.50").status_code == 302

    def test_test_client_login_still_works_without_a_request(self, client):
        user = make_staff_user(group="Rédaction")
        assert client.login(username=user.username, password=PASSWORD)

"""Embargo previews: preview links for journalists (and link-preview bots),
and the staff preview."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from communiques.models import PreviewLink, PreviewOpening
from tests.communiques.workflow_states import HOUR, make_in_state
from tests.factories import make_image, make_staff_user
from tests.html import page_text, soup

pytestmark = pytest.mark.django_db


FIREFOX = "Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0"
SLACKBOT = "Slackbot-LinkExpanding 1.0 (+https://api.slack.com/robots)"
LINK_PREVIEW_USER_AGENTS = [
    SLACKBOT,
    "facebookexternalhit/1.1 (+http://www.facebook.com/externalhit_uatext.php)",
    "Twitterbot/1.0",
    "LinkedInBot/1.0 (compatible; Mozilla/5.0; Apache-HttpClient +http://www.linkedin.com)",
    "WhatsApp/2.23.20.0 A",
    "TelegramBot (like TwitterBot)",
    "Mozilla/5.0 (compatible; Discordbot/2.0; +https://discordapp.com)",
    "Mozilla/5.0 (Windows NT 6.1; WOW64) SkypeUriPreview Preview/0.5 "
    "skype-url-preview@microsoft.com",
    "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)",
]


class TestPreviewLinks:
    def make_link(self, communique=None, **fields):
        communique = communique or make_in_state("scheduled", body="<p>Texte sous embargo.</p>")
        return PreviewLink.objects.create(
            communique=communique,
            recipient_name="Claire Journaliste",
            outlet="L’Union",
            email="claire@lunion.fr",
            **fields,
        )

    def test_expiry_defaults_to_the_embargo(self):
        link = self.make_link()
        assert link.expires_at == link.communique.published_at

    def test_valid_link_shows_the_text_with_an_embargo_banner(self, client):
        link = self.make_link()
        response = client.get(link.get_absolute_url())
        assert response.status_code == 200
        text = page_text(response)
        assert "Texte sous embargo." in text
        assert "SOUS EMBARGO jusqu'au" in text
        assert response["X-Robots-Tag"] == "noindex, nofollow"
        assert "no-store" in response["Cache-Control"]
        assert "private" in response["Cache-Control"]
        assert soup(response).find("meta", property="og:title") is None

    def test_each_opening_is_logged(self, client):
        link = self.make_link()
        client.get(link.get_absolute_url())
        client.get(link.get_absolute_url())
        assert PreviewOpening.objects.filter(link=link).count() == 2

    def test_tampered_token_shows_nothing(self, client):
        link = self.make_link()
        token = link.token
        tampered = token[:-1] + ("A" if token[-1] != "A" else "B")
        response = client.get(reverse("communiques:preview", kwargs={"token": tampered}))
        assert response.status_code == 404
        assert "Texte sous embargo." not in response.content.decode()
        assert not PreviewOpening.objects.exists()

    def test_wrong_secret_with_a_valid_signature_shows_nothing(self, client):
        from django.core import signing

        link = self.make_link()
        forged = signing.Signer(salt="communiques.preview-link").sign(f"{link.pk}.guessed")
        response = client.get(reverse("communiques:preview", kwargs={"token": forged}))
        assert response.status_code == 404

    def test_revoked_link_shows_nothing(self, client):
        link = self.make_link()
        link.revoke()
        response = client.get(link.get_absolute_url())
        assert response.status_code == 410
        assert "Texte sous embargo." not in response.content.decode()

    def test_expired_link_shows_nothing(self, client):
        draft = make_in_state("draft", body="<p>Texte sous embargo.</p>")
        link = self.make_link(draft, expires_at=timezone.now() - HOUR)
        response = client.get(link.get_absolute_url())
        assert response.status_code == 410
        assert "Texte sous embargo." not in response.content.decode()

    def test_after_the_embargo_the_public_page_takes_over(self, client, time_machine):
        link = self.make_link()
        time_machine.move_to(link.communique.published_at + datetime.timedelta(seconds=1))
        response = client.get(link.get_absolute_url())
        assert response.status_code == 302
        assert response["Location"] == link.communique.get_absolute_url()

    def test_withdrawn_release_is_not_shown_through_a_link(self, client):
        communique = make_in_state("withdrawn", body="<p>Texte retiré.</p>")
        link = self.make_link(communique, expires_at=timezone.now() + HOUR)
        response = client.get(link.get_absolute_url())
        assert "Texte retiré." not in response.content.decode()

    def test_openings_are_listed_in_the_admin(self, client):
        client.force_login(make_staff_user(group="Publication"))
        link = self.make_link()
        link.record_opening()
        response = client.get(reverse("admin:communiques_previewlink_change", args=[link.pk]))
        assert response.status_code == 200
        assert len(soup(response).select("#openings-group tbody tr.has_original")) == 1

    @pytest.mark.parametrize("user_agent", LINK_PREVIEW_USER_AGENTS)
    def test_a_link_preview_robot_sees_a_neutral_page(self, client, user_agent):
        link = self.make_link(
            make_in_state(
                "scheduled",
                title="Le pacte secret de Châlons",
                lede="Un chapeau sous embargo.",
                body="<p>Texte sous embargo.</p>",
                image=make_image(alt_text="Photo sous embargo"),
            )
        )
        response = client.get(link.get_absolute_url(), HTTP_USER_AGENT=user_agent)
        assert response.status_code == 200
        page = soup(response)
        assert page.title.get_text() == "Aperçu réservé — Espace presse de la Région Grand Est"
        content = response.content.decode()
        for secret in ("Le pacte secret", "Un chapeau sous embargo", "Texte sous embargo"):
            assert secret not in content
        assert not page.select("main img, meta[property^='og:'], meta[name^='twitter:']")
        assert page.find("meta", attrs={"name": "robots"})["content"] == "noindex, nofollow"
        assert "no-store" in response["Cache-Control"]

    @pytest.mark.parametrize("user_agent", LINK_PREVIEW_USER_AGENTS)
    def test_a_link_preview_robot_is_not_counted_as_an_opening(self, client, user_agent):
        link = self.make_link()
        client.get(link.get_absolute_url(), HTTP_USER_AGENT=user_agent)
        assert link.reader_openings() == []
        robot_fetch = PreviewOpening.objects.get(link=link)
        assert (robot_fetch.by_robot, robot_fetch.user_agent) == (True, user_agent)

    def test_a_head_request_gets_the_neutral_page_and_is_not_an_opening(self, client):
        link = self.make_link()
        response = client.head(link.get_absolute_url(), HTTP_USER_AGENT=FIREFOX)
        assert response.status_code == 200
        assert link.reader_openings() == []
        assert link.robot_fetches()[0].by_robot

    def test_a_journalist_s_browser_sees_the_release_and_counts_as_an_opening(self, client):
        link = self.make_link()
        response = client.get(link.get_absolute_url(), HTTP_USER_AGENT=FIREFOX)
        assert "Texte sous embargo." in page_text(response)
        assert [opening.user_agent for opening in link.reader_openings()] == [FIREFOX]

    def test_the_admin_counts_openings_and_robot_previews_apart(self, client):
        client.force_login(make_staff_user(group="Publication"))
        link = self.make_link()
        client.get(link.get_absolute_url(), HTTP_USER_AGENT=FIREFOX)
        for user_agent in LINK_PREVIEW_USER_AGENTS[:3]:
            client.get(link.get_absolute_url(), HTTP_USER_AGENT=user_agent)
        response = client.get(
            reverse("admin:communiques_communique_change", args=[link.communique.pk])
        )
        row = soup(response).select_one("#preview_links-group tbody tr.has_original")
        assert row.select_one("td.field-openings_count").get_text(strip=True) == "1"
        assert row.select_one("td.field-robot_count").get_text(strip=True) == "3"

    def test_the_link_s_page_in_the_admin_says_which_fetches_were_robots(self, client):
        client.force_login(make_staff_user(group="Publication"))
        link = self.make_link()
        client.get(link.get_absolute_url(), HTTP_USER_AGENT=SLACKBOT)
        response = client.get(reverse("admin:communiques_previewlink_change", args=[link.pk]))
        row = soup(response).select_one("#openings-group tbody tr.has_original")
        assert row.select_one("td.field-by_robot img")["alt"] == "True"
        assert SLACKBOT in row.get_text()

    def test_redaction_cannot_create_preview_links(self, client):
        client.force_login(make_staff_user(group="Rédaction"))
        response = client.get(reverse("admin:communiques_previewlink_add"))
        assert response.status_code == 403


class TestStaffPreview:
    @pytest.mark.parametrize("state", ["draft", "review", "scheduled", "withdrawn"])
    def test_staff_preview_any_state(self, client, state):
        client.force_login(make_staff_user(group="Rédaction"))
        communique = make_in_state(state, body="<p>Texte interne.</p>")
        response = client.get(reverse("admin:communiques_communique_preview", args=[communique.pk]))
        assert response.status_code == 200
        assert "Texte interne." in page_text(response)
        assert "Aperçu interne" in page_text(response)
        assert "no-store" in response["Cache-Control"]

    def test_anonymous_cannot_use_the_staff_preview(self, client):
        communique = make_in_state("draft", body="<p>Texte interne.</p>")
        response = client.get(reverse("admin:communiques_communique_preview", args=[communique.pk]))
        assert response.status_code == 302
        assert "Texte interne." not in response.content.decode()

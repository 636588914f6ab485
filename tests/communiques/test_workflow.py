"""Editorial workflow: transitions, who may do them, embargo previews, corrections,
revisions, concurrent edits, protected deletions and the audit trail."""

import datetime

import pytest
import reversion
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import ProtectedError
from django.urls import reverse
from django.utils import timezone
from reversion.models import Version

from communiques.admin import CommuniqueAdminForm
from communiques.models import (
    Communique,
    CommuniqueEvent,
    Correction,
    PreviewLink,
    PreviewOpening,
    Quote,
)
from tests.factories import (
    attach_contact,
    communique_form_data,
    make_communique,
    make_image,
    make_organisation,
    make_pact,
    make_person,
    make_press_contact,
    make_quote,
    make_staff_user,
    make_theme,
)
from tests.html import page_text, soup

pytestmark = pytest.mark.django_db

Status = Communique.Status
HOUR = datetime.timedelta(hours=1)


def make_in_state(state, **fields):
    """A release in one of the workflow's states."""
    now = timezone.now()
    if state == "draft":
        return make_communique(published=False, **fields)
    if state == "review":
        return make_communique(published=False, status=Status.REVIEW, **fields)
    if state == "scheduled":
        return make_communique(published=True, published_at=now + 24 * HOUR, **fields)
    if state == "published":
        return make_communique(published=True, published_at=now - HOUR, **fields)
    if state == "withdrawn":
        return make_communique(
            published=False,
            status=Status.WITHDRAWN,
            published_at=now - 2 * HOUR,
            withdrawn_at=now - HOUR,
            withdrawal_reason="Erreur sur les montants.",
            **fields,
        )
    raise ValueError(state)


def transition_url(communique, name):
    return reverse("admin:communiques_communique_transition", args=[communique.pk, name])


def future_paris(days=2, hour=11):
    moment = timezone.localtime() + datetime.timedelta(days=days)
    return moment.replace(hour=hour, minute=0, second=0, microsecond=0)


def transition_data(name):
    if name == "schedule":
        at = future_paris()
        return {"at_0": at.strftime("%Y-%m-%d"), "at_1": at.strftime("%H:%M")}
    if name == "withdraw":
        return {"reason": "Le pacte n’a finalement pas été signé."}
    return {}


# (transition, starting state, state expected after it)
TRANSITIONS = [
    ("submit", "draft", "review"),
    ("draft", "review", "draft"),
    ("publish", "review", "published"),
    ("schedule", "draft", "scheduled"),
    ("draft", "scheduled", "draft"),
    ("withdraw", "published", "withdrawn"),
    ("draft", "withdrawn", "draft"),
]

ALLOWED = {
    "Rédaction": {("submit", "draft"), ("draft", "review")},
    "Publication": {(name, start) for name, start, _ in TRANSITIONS},
}


def state_of(communique) -> str:
    communique.refresh_from_db()
    if communique.status == Status.PUBLISHED:
        return "scheduled" if communique.is_scheduled else "published"
    return communique.status


@pytest.mark.parametrize("group", ["Rédaction", "Publication"])
@pytest.mark.parametrize(("name", "start", "end"), TRANSITIONS)
def test_permission_matrix_over_http(client, group, name, start, end):
    user = make_staff_user(group=group)
    client.force_login(user)
    communique = make_in_state(start)

    response = client.post(transition_url(communique, name), transition_data(name))

    if (name, start) in ALLOWED[group]:
        assert response.status_code == 302
        assert state_of(communique) == end
        event = CommuniqueEvent.objects.get(communique=communique)
        assert event.user == user
    else:
        assert response.status_code == 403
        assert state_of(communique) == start
        assert not CommuniqueEvent.objects.exists()


def test_anonymous_cannot_reach_a_transition(client):
    communique = make_in_state("draft")
    response = client.post(transition_url(communique, "publish"))
    assert response.status_code == 302
    assert reverse("admin:login") in response["Location"]
    assert state_of(communique) == "draft"


def test_superuser_may_do_everything(client):
    client.force_login(make_staff_user(superuser=True))
    communique = make_in_state("draft")
    client.post(transition_url(communique, "publish"))
    assert state_of(communique) == "published"


def test_change_form_offers_only_allowed_transitions(client):
    client.force_login(make_staff_user(group="Rédaction"))
    draft = make_in_state("draft")
    response = client.get(reverse("admin:communiques_communique_change", args=[draft.pk]))
    links = {a["href"] for a in soup(response).select(".object-tools a")}
    assert transition_url(draft, "submit") in links
    assert transition_url(draft, "publish") not in links


# The workflow links of a release's change form, by group and state.
OFFERED = {
    "Rédaction": {
        "draft": ["Soumettre à relecture"],
        "review": ["Repasser en brouillon"],
        "scheduled": [],
        "published": [],
        "withdrawn": [],
    },
    "Publication": {
        "draft": ["Soumettre à relecture", "Publier maintenant", "Programmer"],
        "review": ["Repasser en brouillon", "Publier maintenant", "Programmer"],
        "scheduled": ["Publier maintenant", "Programmer", "Repasser en brouillon"],
        "published": ["Retirer"],
        "withdrawn": ["Repasser en brouillon"],
    },
}


@pytest.mark.parametrize("group", ["Rédaction", "Publication"])
@pytest.mark.parametrize("state", ["draft", "review", "scheduled", "published", "withdrawn"])
def test_change_form_shows_only_the_workflow_links_the_group_may_use(client, group, state):
    client.force_login(make_staff_user(group=group))
    communique = make_in_state(state)
    response = client.get(reverse("admin:communiques_communique_change", args=[communique.pk]))
    tools = [a.get_text(strip=True) for a in soup(response).select(".object-tools a")]
    workflow = [
        label for label in tools if label in {t for ts in OFFERED[group].values() for t in ts}
    ]
    assert workflow == OFFERED[group][state]


@pytest.mark.parametrize(("group", "offered"), [("Rédaction", False), ("Publication", True)])
def test_change_list_offers_the_publish_action_only_to_publishers(client, group, offered):
    client.force_login(make_staff_user(group=group))
    make_in_state("review")
    response = client.get(reverse("admin:communiques_communique_changelist"))
    actions = [
        option.get_text(strip=True) for option in soup(response).select("[name=action] option")
    ]
    assert ("Publier maintenant" in actions) is offered


@pytest.mark.parametrize("name", ["publish", "schedule", "withdraw"])
def test_redaction_opening_a_publishing_url_gets_a_french_refusal_without_a_button(client, name):
    client.force_login(make_staff_user(group="Rédaction"))
    communique = make_in_state("published" if name == "withdraw" else "review")
    response = client.get(transition_url(communique, name))
    assert response.status_code == 403
    page = soup(response)
    assert page.h1.get_text(strip=True) == "Action non autorisée"
    assert "réservé au groupe « Publication »" in page_text(response)
    assert not page.select("#content-main form, #content-main [type=submit]")
    assert page.select_one(f'#content-main a[href="{reverse("admin:index")}"]')


class TestIllegalTransitions:
    """Each gives a clear French error and changes nothing."""

    def setup_method(self):
        self.publisher = make_staff_user(group="Publication")

    def assert_refused(self, communique, call, message):
        before = (communique.status, communique.published_at, communique.version)
        with pytest.raises(ValidationError) as error:
            call()
        assert message in " ".join(error.value.messages)
        communique.refresh_from_db()
        assert (communique.status, communique.published_at, communique.version) == before
        assert not CommuniqueEvent.objects.filter(communique=communique).exists()

    def test_publishing_a_withdrawn_release(self):
        communique = make_in_state("withdrawn")
        self.assert_refused(
            communique,
            lambda: communique.publish(by=self.publisher),
            "Un communiqué retiré doit d’abord repasser en brouillon.",
        )

    def test_scheduling_in_the_past(self):
        communique = make_in_state("draft")
        self.assert_refused(
            communique,
            lambda: communique.schedule(by=self.publisher, at=timezone.now() - HOUR),
            "La date de publication programmée doit être dans le futur.",
        )

    def test_withdrawing_without_a_reason(self):
        communique = make_in_state("published")
        self.assert_refused(
            communique,
            lambda: communique.withdraw(by=self.publisher, reason="  "),
            "Indiquez le motif du retrait",
        )

    def test_withdrawing_a_draft(self):
        communique = make_in_state("draft")
        self.assert_refused(
            communique,
            lambda: communique.withdraw(by=self.publisher, reason="Motif"),
            "Seul un communiqué en ligne peut être retiré",
        )

    def test_returning_an_online_release_to_draft(self):
        communique = make_in_state("published")
        self.assert_refused(
            communique,
            lambda: communique.return_to_draft(by=self.publisher),
            "retirez-le",
        )

    def test_submitting_a_release_under_review(self):
        communique = make_in_state("review")
        self.assert_refused(
            communique,
            lambda: communique.submit_for_review(by=self.publisher),
            "Seul un brouillon peut être soumis à relecture.",
        )

    def test_the_admin_shows_the_error_and_changes_nothing(self, client):
        client.force_login(self.publisher)
        communique = make_in_state("draft")
        response = client.post(
            transition_url(communique, "schedule"), {"at_0": "2019-09-05", "at_1": "11:00"}
        )
        assert response.status_code == 200
        assert "doit être dans le futur" in response.content.decode()
        assert state_of(communique) == "draft"

    def test_redaction_is_refused_by_the_model_too(self):
        communique = make_in_state("draft")
        with pytest.raises(PermissionDenied):
            communique.publish(by=make_staff_user(group="Rédaction"))
        assert state_of(communique) == "draft"


class TestScheduling:
    def test_scheduled_release_turns_public_exactly_at_its_time(self, time_machine):
        lift = datetime.datetime(2019, 9, 5, 9, 0, tzinfo=datetime.UTC)  # 11 h in Paris
        time_machine.move_to(lift - 2 * HOUR, tick=False)
        communique = make_in_state("draft")
        communique.schedule(by=make_staff_user(group="Publication"), at=lift)

        time_machine.move_to(lift - datetime.timedelta(seconds=1), tick=False)
        assert not Communique.objects.published().exists()
        assert communique.editorial_state == "Programmé"

        time_machine.move_to(lift, tick=False)
        assert list(Communique.objects.published()) == [communique]
        assert communique.editorial_state == "Publié"

    @pytest.mark.parametrize(
        ("day", "hour", "expected_utc"),
        [
            ("2030-03-31", "03:30", datetime.datetime(2030, 3, 31, 1, 30, tzinfo=datetime.UTC)),
            ("2030-10-27", "03:30", datetime.datetime(2030, 10, 27, 2, 30, tzinfo=datetime.UTC)),
            ("2030-07-01", "11:00", datetime.datetime(2030, 7, 1, 9, 0, tzinfo=datetime.UTC)),
            ("2030-12-01", "11:00", datetime.datetime(2030, 12, 1, 10, 0, tzinfo=datetime.UTC)),
        ],
    )
    def test_times_are_entered_in_paris_and_stored_in_utc(self, client, day, hour, expected_utc):
        client.force_login(make_staff_user(group="Publication"))
        communique = make_in_state("draft")
        client.post(transition_url(communique, "schedule"), {"at_0": day, "at_1": hour})
        communique.refresh_from_db()
        assert communique.published_at == expected_utc

    @pytest.mark.parametrize(
        ("day", "hour"),
        [("2030-03-31", "02:30"), ("2030-10-27", "02:30")],
        ids=["hour-skipped-in-spring", "hour-repeated-in-autumn"],
    )
    def test_a_time_that_does_not_exist_or_is_ambiguous_is_refused(self, client, day, hour):
        client.force_login(make_staff_user(group="Publication"))
        communique = make_in_state("draft")
        response = client.post(transition_url(communique, "schedule"), {"at_0": day, "at_1": hour})
        assert response.status_code == 200
        assert "fuseau horaire" in response.content.decode()
        assert state_of(communique) == "draft"

    def test_calendar_lists_scheduled_releases_by_day(self, client):
        client.force_login(make_staff_user(group="Rédaction"))
        make_in_state("scheduled", title="Signature du PTRTE")
        make_in_state("draft", title="Brouillon non programmé")
        response = client.get(reverse("admin:communiques_communique_calendar"))
        text = page_text(response)
        assert "Signature du PTRTE" in text
        assert "Brouillon non programmé" not in text


class TestWithdrawal:
    def test_withdrawn_release_answers_410_with_its_notice(self, client):
        communique = make_in_state("withdrawn", body="<p>Texte retiré secret.</p>")
        response = client.get(communique.get_absolute_url())
        assert response.status_code == 410
        text = page_text(response)
        assert communique.title in text
        assert "Erreur sur les montants." in text
        assert "retiré le" in text
        assert "Texte retiré secret" not in response.content.decode()

    def test_withdraw_records_who_and_why(self):
        publisher = make_staff_user(group="Publication")
        communique = make_in_state("published")
        communique.withdraw(by=publisher, reason="Doublon d’un autre communiqué.")
        event = CommuniqueEvent.objects.get(communique=communique)
        assert event.action == CommuniqueEvent.Action.WITHDRAWN
        assert event.user == publisher
        assert event.note == "Doublon d’un autre communiqué."


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


def change_url(communique):
    return reverse("admin:communiques_communique_change", args=[communique.pk])


class TestCorrections:
    def setup_method(self):
        self.publisher = make_staff_user(group="Publication")

    def test_editing_an_online_release_asks_for_a_note(self, client):
        client.force_login(self.publisher)
        communique = make_in_state("published", title="Montant : 1,2 M€")
        response = client.post(
            change_url(communique), communique_form_data(communique, title="Montant : 1,3 M€")
        )
        assert response.status_code == 200
        assert "Rectificatif public" in response.content.decode()
        communique.refresh_from_db()
        assert communique.title == "Montant : 1,2 M€"

    def test_note_is_shown_on_the_public_page(self, client):
        client.force_login(self.publisher)
        communique = make_in_state("published", title="Montant : 1,2 M€")
        response = client.post(
            change_url(communique),
            communique_form_data(
                communique,
                title="Montant : 1,3 M€",
                correction_note="le montant était de 1,3 M€ et non 1,2 M€.",
            ),
        )
        assert response.status_code == 302
        correction = Correction.objects.get(communique=communique)
        assert correction.created_by == self.publisher
        client.logout()
        text = page_text(client.get(communique.get_absolute_url()))
        assert "Rectificatif du" in text
        assert "le montant était de 1,3 M€ et non 1,2 M€." in text
        assert CommuniqueEvent.objects.filter(action=CommuniqueEvent.Action.CORRECTED).exists()

    def test_minor_fix_needs_no_note(self, client):
        client.force_login(self.publisher)
        communique = make_in_state("published", lede="Une coquile.")
        response = client.post(
            change_url(communique),
            communique_form_data(communique, lede="Une coquille.", minor_change="on"),
        )
        assert response.status_code == 302
        communique.refresh_from_db()
        assert communique.lede == "Une coquille."
        assert not Correction.objects.exists()

    def test_drafts_need_no_note(self, client):
        client.force_login(self.publisher)
        communique = make_in_state("draft")
        response = client.post(
            change_url(communique), communique_form_data(communique, title="Nouveau")
        )
        assert response.status_code == 302


class TestConcurrentEdits:
    def test_second_save_of_the_same_version_is_refused(self, client, django_user_model):
        from django.test import Client

        first, second = Client(), Client()
        first.force_login(make_staff_user(group="Rédaction", username="alice"))
        second.force_login(make_staff_user(group="Rédaction", username="bruno"))
        communique = make_in_state("draft", title="Titre initial")
        # Both open the form: each gets version 1.
        version_first = soup(first.get(change_url(communique))).find(
            "input", attrs={"name": "version"}
        )
        version_second = soup(second.get(change_url(communique))).find(
            "input", attrs={"name": "version"}
        )
        assert version_first["value"] == version_second["value"] == "1"

        response = first.post(
            change_url(communique), communique_form_data(communique, title="Titre d’Alice")
        )
        assert response.status_code == 302
        response = second.post(
            change_url(communique), communique_form_data(communique, title="Titre de Bruno")
        )

        assert response.status_code == 200
        content = response.content.decode()
        assert "alice a enregistré ce communiqué le" in content
        assert "rechargez la page" in content
        communique.refresh_from_db()
        assert communique.title == "Titre d’Alice"
        assert communique.version == 2

    def test_the_loser_of_a_simultaneous_save_gets_the_form_back_with_their_text(
        self, client, monkeypatch
    ):
        """Both saves pass the form's version check; the other editor's save lands between
        that check and the loser's UPDATE ... WHERE version = n, which then claims no row."""
        alice = make_staff_user(group="Rédaction", username="alice")
        client.force_login(make_staff_user(group="Rédaction", username="bruno"))
        communique = make_in_state("draft", title="Titre initial")
        checked = CommuniqueAdminForm.clean
        raced = []

        def check_then_lose_the_race(form):
            cleaned = checked(form)
            if not raced:
                raced.append(True)
                winner = Communique.objects.get(pk=communique.pk)
                winner.title = "Titre d’Alice"
                winner.updated_by = alice
                winner.save()
            return cleaned

        monkeypatch.setattr(CommuniqueAdminForm, "clean", check_then_lose_the_race)
        response = client.post(
            change_url(communique),
            communique_form_data(
                communique, title="Titre de Bruno", lede="Le chapeau que Bruno a tapé."
            ),
        )

        assert response.status_code == 200
        page = soup(response)
        assert page.find("input", attrs={"name": "title"})["value"] == "Titre de Bruno"
        assert page.find("textarea", attrs={"name": "lede"}).get_text(strip=True) == (
            "Le chapeau que Bruno a tapé."
        )
        error = page.select_one(".errorlist.nonfield").get_text()
        assert "alice a enregistré ce communiqué le" in error
        assert "rechargez-le" not in page_text(response)

    def test_the_loser_s_form_says_when_the_other_editor_saved(self, client, monkeypatch):
        alice = make_staff_user(group="Rédaction", username="alice")
        client.force_login(make_staff_user(group="Rédaction", username="bruno"))
        communique = make_in_state("draft")
        checked = CommuniqueAdminForm.clean
        raced = []
        saved_at = datetime.datetime(2026, 3, 2, 9, 41, tzinfo=datetime.UTC)

        def check_then_lose_the_race(form):
            cleaned = checked(form)
            if not raced:
                raced.append(True)
                winner = Communique.objects.get(pk=communique.pk)
                winner.updated_by = alice
                winner.save()
                Communique.objects.filter(pk=communique.pk).update(updated_at=saved_at)
            return cleaned

        monkeypatch.setattr(CommuniqueAdminForm, "clean", check_then_lose_the_race)
        response = client.post(change_url(communique), communique_form_data(communique))

        assert "alice a enregistré ce communiqué le 02/03/2026 à 10:41" in page_text(response)

    def test_model_refuses_a_stale_save(self):
        from communiques.models import StaleEditError

        communique = make_in_state("draft")
        stale = Communique.objects.get(pk=communique.pk)
        communique.title = "Premier"
        communique.save()
        stale.title = "Second"
        with pytest.raises(StaleEditError):
            stale.save()
        communique.refresh_from_db()
        assert communique.title == "Premier"


class TestRevisions:
    def test_admin_save_records_a_revision_with_author(self, client):
        user = make_staff_user(group="Rédaction")
        client.force_login(user)
        communique = make_in_state("draft")
        client.post(change_url(communique), communique_form_data(communique, title="Révisé"))
        version = Version.objects.get_for_object(communique).first()
        assert version.revision.user == user
        assert version.field_dict["title"] == "Révisé"

    def test_restore_brings_back_body_quotes_and_contacts_exactly(self):
        speaker = make_person()
        first_contact = make_press_contact(name="Sandrine Poirier")
        communique = make_in_state("draft", body="<p>Version un.</p>")
        with reversion.create_revision():
            quote = make_quote(communique=communique, speaker=speaker, text="Citation un.")
            attach_contact(communique=communique, contact=first_contact)
            communique.save()
        communique.refresh_from_db()

        with reversion.create_revision():
            communique.body = "<p>Version deux.</p>"
            communique.save()
            Quote.objects.filter(pk=quote.pk).update(text="Citation deux.")
            make_quote(communique=communique, speaker=speaker, text="Citation ajoutée.")
            communique.contact_links.all().delete()
            attach_contact(communique=communique, contact=make_press_contact(name="Autre"))

        oldest = Version.objects.get_for_object(communique).last()
        oldest.revision.revert(delete=True)

        communique.refresh_from_db()
        assert communique.body == "<p>Version un.</p>"
        assert list(communique.quotes.values_list("text", flat=True)) == ["Citation un."]
        assert communique.contacts == [first_contact]

    def test_restoring_does_not_change_the_editorial_state(self):
        communique = make_in_state("draft", body="<p>Avant.</p>")
        with reversion.create_revision():
            communique.save()
        communique.refresh_from_db()
        communique.publish(by=make_staff_user(group="Publication"))
        Version.objects.get_for_object(communique).last().revision.revert()
        communique.refresh_from_db()
        assert communique.is_published()

    def test_history_and_compare_pages_open(self, client):
        client.force_login(make_staff_user(group="Rédaction"))
        communique = make_in_state("draft", body="<p>Un.</p>")
        client.post(change_url(communique), communique_form_data(communique, body="<p>Un.</p>"))
        communique.refresh_from_db()
        client.post(change_url(communique), communique_form_data(communique, body="<p>Deux.</p>"))
        history = client.get(reverse("admin:communiques_communique_history", args=[communique.pk]))
        assert history.status_code == 200
        versions = Version.objects.get_for_object(communique)
        compare = client.get(
            reverse("admin:communiques_communique_compare", args=[communique.pk]),
            {"version_id1": versions.last().pk, "version_id2": versions.first().pk},
        )
        assert compare.status_code == 200
        assert "Deux." in compare.content.decode()


class TestProtectedDeletion:
    @pytest.mark.parametrize("kind", ["theme", "organisation", "pact", "person"])
    def test_deleting_what_a_published_release_uses_is_refused(self, kind):
        used = {
            "theme": make_theme,
            "organisation": make_organisation,
            "pact": make_pact,
            "person": make_person,
        }[kind]()
        communique = make_in_state("published")
        if kind == "theme":
            communique.themes.add(used)
        elif kind == "organisation":
            communique.organisations.add(used)
        elif kind == "pact":
            communique.pacts.add(used)
        else:
            make_quote(communique=communique, speaker=used)
        with pytest.raises(ProtectedError), transaction.atomic():
            used.delete()
        assert type(used).objects.filter(pk=used.pk).exists()

    def test_what_only_drafts_use_may_be_deleted(self):
        theme = make_theme()
        make_in_state("draft").themes.add(theme)
        theme.delete()
        assert not type(theme).objects.filter(pk=theme.pk).exists()

    def test_admin_explains_why_it_cannot_delete(self, client):
        client.force_login(make_staff_user(group="Publication"))
        theme = make_theme(name="Emploi")
        make_in_state("published", title="Signature du POCE").themes.add(theme)
        url = reverse("admin:communiques_theme_delete", args=[theme.pk])
        response = client.post(url, {"post": "yes"})
        assert response.status_code == 200
        assert "Signature du POCE" in response.content.decode()
        assert type(theme).objects.filter(pk=theme.pk).exists()

    def test_only_a_superuser_deletes_a_published_release_and_it_is_recorded(self, client):
        superuser = make_staff_user(superuser=True)
        client.force_login(superuser)
        communique = make_in_state("published", title="Communiqué supprimé")
        url = reverse("admin:communiques_communique_delete", args=[communique.pk])
        response = client.post(url, {"post": "yes"})
        assert response.status_code == 302
        assert not Communique.objects.filter(pk=communique.pk).exists()
        event = CommuniqueEvent.objects.get(action=CommuniqueEvent.Action.DELETED)
        assert event.communique_title == "Communiqué supprimé"
        assert event.user == superuser


def test_audit_view_lists_transitions_and_is_read_only(client):
    publisher = make_staff_user(group="Publication", username="paul")
    communique = make_in_state("draft", title="Signature du POCE")
    communique.publish(by=publisher)
    client.force_login(publisher)
    response = client.get(reverse("admin:communiques_communiqueevent_changelist"))
    text = page_text(response)
    assert "Signature du POCE" in text
    assert "Publié" in text
    assert "paul" in text
    event = CommuniqueEvent.objects.get()
    assert client.get(reverse("admin:communiques_communiqueevent_add")).status_code == 403
    response = client.post(
        reverse("admin:communiques_communiqueevent_change", args=[event.pk]), {"note": "x"}
    )
    assert response.status_code == 403


WORKFLOW_ADMIN_URLS = {
    "calendar": lambda c: reverse("admin:communiques_communique_calendar"),
    "staff-preview": lambda c: reverse("admin:communiques_communique_preview", args=[c.pk]),
    "history": lambda c: reverse("admin:communiques_communique_history", args=[c.pk]),
    "recover-list": lambda c: reverse("admin:communiques_communique_recoverlist"),
    "journal": lambda c: reverse("admin:communiques_communiqueevent_changelist"),
    "submit-form": lambda c: reverse(
        "admin:communiques_communique_transition", args=[c.pk, "submit"]
    ),
}


@pytest.mark.parametrize("url_name", WORKFLOW_ADMIN_URLS)
@pytest.mark.parametrize("role", ["anonyme", "Rédaction", "Publication", "superuser"])
def test_workflow_admin_pages_by_role(client, role, url_name):
    communique = make_in_state("draft")
    if role == "superuser":
        client.force_login(make_staff_user(superuser=True))
    elif role != "anonyme":
        client.force_login(make_staff_user(group=role))
    response = client.get(WORKFLOW_ADMIN_URLS[url_name](communique))
    if role == "anonyme":
        assert response.status_code == 302
        assert reverse("admin:login") in response["Location"]
    else:
        assert response.status_code == 200

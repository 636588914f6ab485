"""Editorial workflow: illegal transitions, scheduling and withdrawal."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from communiques.models import Communique, CommuniqueEvent
from tests.communiques.workflow_states import HOUR, make_in_state, state_of, transition_url
from tests.factories import make_staff_user
from tests.html import page_text

pytestmark = pytest.mark.django_db


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

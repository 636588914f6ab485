"""The invitation's editorial workflow: the release's, with the invitation's own
permissions, French messages and journal, over HTTP in the admin."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from agenda.models import Invitation, InvitationEvent
from communiques.models import CommuniqueEvent
from tests.communiques.test_workflow_permissions import ALLOWED, TRANSITIONS, transition_data
from tests.factories import make_invitation, make_staff_user
from tests.html import page_text, soup

pytestmark = pytest.mark.django_db

HOUR = datetime.timedelta(hours=1)


def make_in_state(state, **fields):
    now = timezone.now()
    if state == "draft":
        return make_invitation(published=False, **fields)
    if state == "review":
        return make_invitation(published=False, status="review", **fields)
    if state == "scheduled":
        return make_invitation(published_at=now + 24 * HOUR, **fields)
    if state == "published":
        return make_invitation(published_at=now - HOUR, **fields)
    if state == "withdrawn":
        return make_invitation(
            published=False,
            status="withdrawn",
            published_at=now - 2 * HOUR,
            withdrawn_at=now - HOUR,
            withdrawal_reason="Doublon.",
            **fields,
        )
    raise ValueError(state)


def state_of(invitation) -> str:
    invitation.refresh_from_db()
    if invitation.status == Invitation.Status.PUBLISHED:
        return "scheduled" if invitation.is_scheduled else "published"
    return invitation.status


def transition_url(invitation, name):
    return reverse("admin:agenda_invitation_transition", args=[invitation.pk, name])


@pytest.mark.parametrize("group", ["Rédaction", "Publication"])
@pytest.mark.parametrize(("name", "start", "end"), TRANSITIONS)
def test_permission_matrix_over_http(client, group, name, start, end):
    user = make_staff_user(group=group)
    client.force_login(user)
    invitation = make_in_state(start)

    response = client.post(transition_url(invitation, name), transition_data(name))

    if (name, start) in ALLOWED[group]:
        assert response.status_code == 302
        assert response["Location"] == reverse(
            "admin:agenda_invitation_change", args=[invitation.pk]
        )
        assert state_of(invitation) == end
        event = InvitationEvent.objects.get(invitation=invitation)
        assert event.user == user
    else:
        assert response.status_code == 403
        assert state_of(invitation) == start
        assert not InvitationEvent.objects.exists()
    # The release journal is the releases' alone.
    assert not CommuniqueEvent.objects.exists()


def test_the_release_permission_alone_does_not_publish_an_invitation():
    from django.contrib.auth.models import Permission

    user = make_staff_user()
    user.user_permissions.add(
        Permission.objects.get(codename="publish_communique"),
        Permission.objects.get(codename="change_invitation"),
    )
    invitation = make_in_state("review")
    with pytest.raises(PermissionDenied):
        invitation.publish(by=user)


def test_refusals_speak_of_the_invitation_in_french():
    publisher = make_staff_user(group="Publication")
    invitation = make_in_state("withdrawn")
    with pytest.raises(ValidationError) as error:
        invitation.publish(by=publisher)
    assert error.value.messages == ["Une invitation retirée doit d’abord repasser en brouillon."]
    assert state_of(invitation) == "withdrawn"


def test_scheduling_records_the_time_in_the_journal():
    publisher = make_staff_user(group="Publication")
    invitation = make_in_state("draft")
    at = timezone.now() + 2 * HOUR
    invitation.schedule(by=publisher, at=at)
    event = InvitationEvent.objects.get()
    assert (event.action, event.invitation_title) == ("scheduled", invitation.title)
    assert Invitation.objects.published().count() == 0
    assert Invitation.objects.published(now=at).get() == invitation


def test_change_form_offers_the_workflow_buttons_and_the_preview(client):
    client.force_login(make_staff_user(group="Publication"))
    invitation = make_in_state("draft")
    response = client.get(reverse("admin:agenda_invitation_change", args=[invitation.pk]))
    links = {a.get_text(strip=True) for a in soup(response).select(".object-tools a")}
    assert {"Soumettre à relecture", "Publier maintenant", "Programmer", "Aperçu"} <= links


def test_redaction_cannot_change_a_published_invitation(client):
    client.force_login(make_staff_user(group="Rédaction"))
    invitation = make_in_state("published", title="En ligne")
    url = reverse("admin:agenda_invitation_change", args=[invitation.pk])
    response = client.post(url, {"title": "Changé"})
    assert response.status_code == 403
    invitation.refresh_from_db()
    assert invitation.title == "En ligne"


def test_staff_preview_of_a_draft_is_private_and_not_indexed(client):
    client.force_login(make_staff_user(group="Rédaction"))
    invitation = make_in_state("draft", title="Visite en préparation")
    response = client.get(reverse("admin:agenda_invitation_preview", args=[invitation.pk]))
    assert response.status_code == 200
    assert "Aperçu interne — état : Brouillon" in page_text(response)
    assert "no-store" in response["Cache-Control"]
    assert response["X-Robots-Tag"] == "noindex, nofollow"


def test_cancelling_without_a_reason_is_refused_in_french(client):
    invitation = make_in_state("published")
    invitation.event_status = Invitation.EventStatus.CANCELLED
    with pytest.raises(ValidationError) as error:
        invitation.full_clean()
    assert "Indiquez le motif de l’annulation" in " ".join(error.value.messages)


def test_an_end_before_the_start_is_refused():
    invitation = make_in_state("draft")
    invitation.ends_at = invitation.starts_at - HOUR
    with pytest.raises(ValidationError) as error:
        invitation.full_clean()
    assert "La fin de l’événement doit suivre son début." in error.value.messages


def test_every_save_increments_the_calendar_sequence():
    invitation = make_in_state("draft")
    assert invitation.sequence == 0
    invitation.place_name = "Autre lieu"
    invitation.save()
    invitation.submit_for_review(by=make_staff_user(group="Rédaction"))
    invitation.refresh_from_db()
    assert invitation.sequence == 2


def test_the_programme_is_sanitized_as_a_release_body():
    invitation = make_invitation(programme='<p onclick="x()">11 h</p><script>alert(1)</script>')
    invitation.refresh_from_db()
    assert "script" not in invitation.programme and "onclick" not in invitation.programme
    assert "11 h" in invitation.programme


def form_data(invitation, **overrides):
    """POST data of the invitation's admin change form."""
    paris = timezone.get_current_timezone()
    start = invitation.starts_at.astimezone(paris)
    data = {
        "title": invitation.title,
        "slug": invitation.slug,
        "lede": invitation.lede,
        "starts_at_0": start.strftime("%d/%m/%Y"),
        "starts_at_1": start.strftime("%H:%M:%S"),
        "place_name": invitation.place_name,
        "place_address": invitation.place_address,
        "event_status": invitation.event_status,
        "event_status_note": invitation.event_status_note,
        "programme": invitation.programme,
        "accreditation_details": "",
    }
    data.update(overrides)
    return data


def test_postponing_in_the_admin_keeps_the_former_date_and_shows_it(client):
    client.force_login(make_staff_user(group="Publication"))
    first = datetime.datetime(2026, 3, 5, 11, 0, tzinfo=timezone.get_current_timezone())
    invitation = make_in_state("published", starts_at=first)
    url = reverse("admin:agenda_invitation_change", args=[invitation.pk])
    response = client.post(
        url,
        form_data(
            invitation,
            event_status="postponed",
            event_status_note="Agenda du Président.",
            starts_at_0="12/03/2026",
            starts_at_1="14:30:00",
        ),
    )
    assert response.status_code == 302, page_text(response)
    invitation.refresh_from_db()
    assert invitation.previous_starts_at == first
    assert invitation.sequence == 1
    assert "prévu initialement le jeudi 5 mars 2026" in page_text(
        client.get(invitation.get_absolute_url())
    )


def test_cancelling_in_the_admin_without_a_reason_shows_a_french_error(client):
    client.force_login(make_staff_user(group="Publication"))
    invitation = make_in_state("published")
    url = reverse("admin:agenda_invitation_change", args=[invitation.pk])
    response = client.post(url, form_data(invitation, event_status="cancelled"))
    assert response.status_code == 200
    assert "Indiquez le motif de l’annulation" in response.content.decode()
    invitation.refresh_from_db()
    assert invitation.event_status == "scheduled"


def test_an_incomplete_invitation_is_refused_naming_what_it_lacks():
    invitation = make_invitation(published=False, lede="", place_name="", place_address="")
    publisher = make_staff_user(group="Publication")
    with pytest.raises(ValidationError) as refusal:
        invitation.publish(by=publisher)
    assert refusal.value.messages == [
        "Cette invitation est incomplète, il manque : l’annonce et le lieu."
    ]
    invitation.refresh_from_db()
    assert invitation.status == Invitation.Status.DRAFT
    assert not InvitationEvent.objects.filter(invitation=invitation).exists()

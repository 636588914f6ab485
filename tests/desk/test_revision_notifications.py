"""Changes proposed to live content notify by email, once per event: Publication when a
change is proposed, its author when it is sent back (with the comment) or applied; a
release sent back to draft carries the reviewer's comment too."""

import pytest
from django.urls import reverse

from desk.models import Notification, NotificationSettings
from grandest_press.models import PendingRevision
from tests.communiques.test_pending_revisions import edit, logged_in, pending_of, review_url
from tests.communiques.workflow_states import make_in_state, transition_url
from tests.desk.test_notifications import run_worker
from tests.factories import image_bytes, make_communique, make_image, make_staff_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def commit(django_capture_on_commit_callbacks):
    return lambda: django_capture_on_commit_callbacks(execute=True)


@pytest.fixture
def redaction():
    return logged_in("Rédaction", "claire")


@pytest.fixture
def publication():
    return logged_in("Publication", "publieuse")


def live_image():
    image = make_image(caption="Légende en ligne", content=image_bytes(width=60, height=40))
    make_communique(title="Signature du POCE", image=image)
    return image


def propose(client, image, caption="Légende proposée"):
    url = reverse("admin:grandest_press_image_change", args=[image.pk])
    assert edit(client, url, "image_form", caption=caption).status_code == 302
    return pending_of(image)


def to(smtp_sink, user):
    return [m for m in smtp_sink.messages if m["To"] == user.email]


def test_a_proposed_change_tells_the_publication_group_once(
    smtp_sink, commit, redaction, publication
):
    other_reviewer = make_staff_user(group="Publication")
    make_staff_user(group="Rédaction")  # Not told.
    image = live_image()

    with commit():
        revision = propose(redaction, image)
    run_worker()
    run_worker()

    assert sorted(m["To"] for m in smtp_sink.messages) == sorted(
        [publication.user.email, other_reviewer.email]
    )
    message = to(smtp_sink, publication.user)[0]
    assert message["Subject"] == f"Modification à relire : « {revision.object_repr} »"
    body = message.get_content()
    assert "claire propose" in body
    assert review_url(image) in body


def test_a_change_sent_back_tells_its_author_with_the_comment(
    smtp_sink, commit, redaction, publication
):
    image = live_image()
    with commit():
        revision = propose(redaction, image)
    run_worker()

    with commit():
        response = publication.post(
            review_url(image),
            {"revision": revision.pk, "action": "send_back", "text": "Citez le photographe."},
        )
    assert response.status_code == 302
    run_worker()
    run_worker()

    [message] = to(smtp_sink, redaction.user)
    assert message["Subject"] == f"Modification renvoyée : « {revision.object_repr} »"
    body = message.get_content()
    assert "publieuse vous a renvoyé" in body
    assert "Citez le photographe." in body
    assert to(smtp_sink, publication.user) and len(to(smtp_sink, publication.user)) == 1


def test_an_applied_change_tells_its_author_once(smtp_sink, commit, redaction, publication):
    image = live_image()
    with commit():
        revision = propose(redaction, image)

    with commit():
        response = publication.post(review_url(image), {"revision": revision.pk, "action": "apply"})
    assert response.status_code == 302
    revision.refresh_from_db()
    assert revision.status == PendingRevision.Status.APPLIED
    run_worker()
    run_worker()

    [message] = to(smtp_sink, redaction.user)
    assert message["Subject"] == f"Modification publiée : « {revision.object_repr} »"
    assert "publieuse a publié" in message.get_content()


def test_a_withdrawn_change_tells_no_one_more(smtp_sink, commit, redaction, publication):
    image = live_image()
    with commit():
        revision = propose(redaction, image)
    run_worker()
    told = len(smtp_sink.messages)

    with commit():
        redaction.post(review_url(image), {"revision": revision.pk, "action": "withdraw"})
    run_worker()

    assert told == 1
    assert len(smtp_sink.messages) == told
    assert Notification.objects.count() == 1


def test_each_kind_can_be_turned_off(smtp_sink, commit, redaction, publication):
    NotificationSettings.objects.create(user=publication.user, review_requests=False)
    NotificationSettings.objects.create(user=redaction.user, applied_changes=False)
    image = live_image()

    with commit():
        revision = propose(redaction, image)
    with commit():
        publication.post(review_url(image), {"revision": revision.pk, "action": "apply"})
    run_worker()

    assert smtp_sink.messages == []
    assert not Notification.objects.exists()


def test_returning_a_release_to_draft_sends_the_comment_to_its_author(smtp_sink, commit):
    author = make_staff_user(group="Rédaction")
    publisher = make_staff_user(group="Publication", username="cheffe")
    communique = make_in_state("review", created_by=author)
    client = logged_in("Publication", "autre")
    client.force_login(publisher)

    with commit():
        response = client.post(
            transition_url(communique, "draft"), {"comment": "Ajoutez la citation du maire."}
        )
    assert response.status_code == 302
    run_worker()
    run_worker()

    [message] = to(smtp_sink, author)
    body = message.get_content()
    assert "cheffe a repassé" in body
    assert "Ajoutez la citation du maire." in body


def test_returning_a_release_without_comment_still_tells_its_author(smtp_sink, commit):
    author = make_staff_user(group="Rédaction")
    communique = make_in_state("review", created_by=author)

    with commit():
        communique.return_to_draft(by=make_staff_user(group="Publication"))
    run_worker()

    [message] = to(smtp_sink, author)
    assert "Son commentaire" not in message.get_content()

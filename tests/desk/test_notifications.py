"""Staff are told by email, once per event, when work comes to them; each may opt out."""

import pytest
from django.tasks import TaskResultStatus
from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult

from desk.models import Notification, NotificationSettings
from desk.notifications import deliver
from desk.tasks import deliver_notifications
from tests.factories import make_communique, make_staff_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def commit(django_capture_on_commit_callbacks):
    """The notifications are queued when the transaction commits: `with commit():`
    runs what the block leaves for the commit, as the commit would."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


def run_worker():
    """Run the queued tasks as django-tasks-db's worker does (its run_task()), in the
    test's transaction: its loop would close the connection between tasks."""
    worker = Worker(
        queue_names=["default"],
        interval=0,
        batch=True,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id="test",
        excluded_queue_names=[],
    )
    for result in DBTaskResult.objects.ready().order_by("enqueued_at"):
        result.claim(worker.worker_id)
        worker.run_task(result)


def test_submitting_tells_the_publication_group_once(smtp_sink, commit):
    author = make_staff_user(group="Rédaction", username="claire")
    reviewers = [make_staff_user(group="Publication") for _ in range(2)]
    communique = make_communique(published=False, title="Le pacte de Chaumont", created_by=author)

    with commit():
        communique.submit_for_review(by=author)
    run_worker()
    run_worker()

    assert sorted(m["To"] for m in smtp_sink.messages) == sorted(u.email for u in reviewers)
    message = smtp_sink.messages[0]
    assert message["Subject"] == "À relire : « Le pacte de Chaumont »"
    body = message.get_content()
    assert "claire a soumis" in body
    assert f"/admin/communiques/communique/{communique.pk}/change/" in body
    assert DBTaskResult.objects.get(task_path=deliver_notifications.module_path).status == (
        TaskResultStatus.SUCCESSFUL
    )


def test_sending_back_to_draft_tells_the_author(smtp_sink, commit):
    author = make_staff_user(group="Rédaction")
    reviewer = make_staff_user(group="Publication")
    communique = make_communique(published=False, created_by=author)
    with commit():
        communique.submit_for_review(by=author)
    run_worker()

    with commit():
        communique.return_to_draft(by=reviewer)
    run_worker()

    to_author = [m for m in smtp_sink.messages if m["To"] == author.email]
    assert len(to_author) == 1
    assert to_author[0]["Subject"].startswith("Repassé en brouillon")


def test_no_email_to_who_turned_it_off(smtp_sink, commit):
    author = make_staff_user(group="Rédaction")
    reviewer = make_staff_user(group="Publication")
    NotificationSettings.objects.create(user=reviewer, review_requests=False)

    with commit():
        make_communique(published=False, created_by=author).submit_for_review(by=author)
    run_worker()

    assert smtp_sink.messages == []


def test_a_reviewer_submitting_is_not_told_of_their_own_submission(smtp_sink, commit):
    reviewer = make_staff_user(group="Publication")

    with commit():
        make_communique(published=False, created_by=reviewer).submit_for_review(by=reviewer)
    run_worker()

    assert smtp_sink.messages == []


def test_a_notification_is_sent_once_even_if_delivered_twice(smtp_sink, commit):
    author = make_staff_user(group="Rédaction")
    make_staff_user(group="Publication")
    with commit():
        make_communique(published=False, created_by=author).submit_for_review(by=author)
    [key] = set(Notification.objects.values_list("key", flat=True))

    assert deliver(key) == 1
    assert deliver(key) == 0
    run_worker()

    assert len(smtp_sink.messages) == 1


def test_an_smtp_failure_leaves_the_notification_to_send_again(settings, commit):
    settings.MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": 9, "timeout": 2},
        }
    }
    author = make_staff_user(group="Rédaction")
    make_staff_user(group="Publication")
    with commit():
        make_communique(published=False, created_by=author).submit_for_review(by=author)

    run_worker()

    assert Notification.objects.get().sent_at is None
    assert DBTaskResult.objects.get().status == TaskResultStatus.FAILED

"""Background delivery of the desk's notifications (django.tasks, see journalists/tasks.py)."""

from django.tasks import task

from desk.notifications import deliver


@task
def deliver_notifications(key: str) -> int:
    return deliver(key)

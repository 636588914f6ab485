"""Background work (django.tasks, queued in the database by django-tasks-db).

One periodic task, `dispatch`, does everything that is due: it delivers the messages
of launched sendings and creates the subscribers' alerts at the publication minute.
It enqueues its successor before it starts working, so the chain survives a worker
killed in the middle; the worker also makes sure one is waiting when it starts
(management/commands/db_worker.py), and launching a sending brings it forward.
"""

import datetime

from django.db.models import Exists, OuterRef
from django.tasks import TaskResultStatus, task
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from journalists.delivery import Deliverer
from journalists.models import Delivery, Sending
from journalists.subscriptions import create_due_alerts

TICK = datetime.timedelta(seconds=10)
# A dispatch stops after this long, so that pausing, cancelling and alerts never
# wait behind a large sending.
RUN_FOR_SECONDS = 50


@task
def dispatch():
    ensure_dispatcher()
    create_due_alerts()
    Deliverer().run(seconds=RUN_FOR_SECONDS)
    finish_sendings()
    forget_old_dispatches()


def forget_old_dispatches():
    """A dispatch every ten seconds leaves a row each time: keep an hour of them."""
    DBTaskResult.objects.filter(
        task_path=dispatch.module_path,
        status=TaskResultStatus.SUCCESSFUL,
        finished_at__lt=timezone.now() - datetime.timedelta(hours=1),
    ).delete()


def ensure_dispatcher(*, now: bool = False) -> None:
    """Enqueue a dispatch unless one is already waiting (at the latest in TICK)."""
    run_after = timezone.now() if now else timezone.now() + TICK
    waiting = DBTaskResult.objects.filter(
        task_path=dispatch.module_path, status=TaskResultStatus.READY
    )
    if now:
        waiting = waiting.filter(run_after__lte=run_after)
    if not waiting.exists():
        dispatch.using(run_after=run_after).enqueue()


def finish_sendings() -> int:
    """Launched sendings with nothing left to send are done."""
    queued = Delivery.objects.filter(sending=OuterRef("pk"), state=Delivery.State.QUEUED)
    return (
        Sending.objects.filter(state=Sending.State.SCHEDULED, send_at__lte=timezone.now())
        .exclude(Exists(queued))
        .update(state=Sending.State.DONE)
    )

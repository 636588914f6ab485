"""The periodic dispatch (django.tasks): one always waiting, and what it does."""

import pytest
from django.tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from journalists import delivery, tasks
from journalists.models import Sending
from tests.factories import make_communique, make_journalist, make_sending, make_staff_user

pytestmark = pytest.mark.django_db


def waiting():
    return DBTaskResult.objects.filter(
        task_path=tasks.dispatch.module_path, status=TaskResultStatus.READY
    )


def test_a_dispatch_enqueues_its_successor_before_working_so_a_crash_keeps_the_chain():
    tasks.dispatch.call()
    assert waiting().count() == 1


def test_only_one_dispatch_waits_however_often_it_is_ensured():
    tasks.ensure_dispatcher()
    tasks.ensure_dispatcher()
    assert waiting().count() == 1


def test_launching_a_sending_brings_a_dispatch_forward(django_capture_on_commit_callbacks):
    tasks.ensure_dispatcher()
    sending = make_sending(communique=make_communique(), journalists=[make_journalist()])
    with django_capture_on_commit_callbacks(execute=True):
        delivery.launch(sending, by=make_staff_user(group="Publication"))
    assert waiting().count() == 2


def test_a_dispatch_delivers_and_closes_the_sendings_with_nothing_left(mailoutbox):
    sending = make_sending(communique=make_communique(), journalists=[make_journalist()])
    delivery.launch(sending, by=make_staff_user(group="Publication"))
    tasks.dispatch.call()
    assert len(mailoutbox) == 1
    assert Sending.objects.get(is_alert=False).state == "done"

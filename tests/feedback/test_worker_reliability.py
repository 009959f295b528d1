"""Every comment is analysed, eventually, exactly once (issue 11).

The queue here is the real database backend (django-tasks-db), not the immediate one the other
tests use, and the worker is the real loop run in the test's process. The one thing injected
is a lost database connection, at the step where the worker would meet it.
"""

from __future__ import annotations

import datetime as dt
import os
import socket
import subprocess
import sys
from collections.abc import Iterator
from typing import Any

import pytest
from django.core.management import call_command
from django.db import InterfaceError, OperationalError
from django.test import override_settings
from django.utils import timezone
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from saidanddone.areas.actors import SYSTEM
from saidanddone.feedback import services
from saidanddone.feedback.management.commands.worker import Heartbeat, Worker, backoff_seconds
from saidanddone.feedback.models import FeedbackItem, SafeguardingAlert, WorkerHeartbeat

pytestmark = pytest.mark.django_db


def runs_the_worker_loop(test: Any) -> Any:
    """The worker's loop closes and reopens connections, as it must outside a test: on
    PostgreSQL that cannot happen inside the transaction a plain test runs in, so a test that
    runs the loop commits, and the tables are emptied after it (``demo_restored`` puts the
    demo area back)."""
    test = pytest.mark.django_db(transaction=True)(test)
    return pytest.mark.usefixtures("demo_restored")(test)

CONCERN = "My daughter has been locked in her room for days and is not being fed."
PLAIN = "The new short breaks booking page is much easier to use than the old one."


@pytest.fixture
def db_queue() -> Iterator[None]:
    with override_settings(TASKS={"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}):
        yield


def submit(area: Any, text: str, capture: Any) -> FeedbackItem:
    with capture(execute=True):
        item = services.feedback_create(
            area=area, text=text, respondent_role="parent", by=SYSTEM,
            channel=services.channel_get_or_create(area=area, kind="web_form"))
    return item


def analyse_tasks(item: FeedbackItem) -> Any:
    return DBTaskResult.objects.filter(task_path=services.ANALYSE_TASK_PATH,
                                       args_kwargs__args=[str(item.pk)])


def make_worker(**kwargs: Any) -> Worker:
    options: dict[str, Any] = {
        "queue_names": ["default"], "interval": 0, "batch": True, "backend_name": "default",
        "startup_delay": False, "max_tasks": None, "worker_id": "test-worker",
        "excluded_queue_names": [], "heartbeat": False, "sweep_every": 0,
        "sleep": lambda seconds: None}
    options.update(kwargs)
    return Worker(**options)


def a_dead_pid() -> int:
    process = subprocess.Popen([sys.executable, "-c", "pass"])
    process.wait()
    return process.pid


# --- Tasks abandoned by a dead worker ---------------------------------------------------------

def claim_as(task: DBTaskResult[Any, Any], worker_id: str, *,
             started: dt.datetime | None = None) -> None:
    task.claim(worker_id)
    if started is not None:
        DBTaskResult.objects.filter(pk=task.pk).update(started_at=started)


def beat(worker_id: str, *, at: dt.datetime, pid: int | None = None,
         host: str | None = None) -> None:
    WorkerHeartbeat.objects.update_or_create(worker_id=worker_id, defaults={
        "hostname": host or socket.gethostname(), "pid": pid or os.getpid(),
        "started_at": at, "beat_at": at})


@runs_the_worker_loop
def test_a_task_whose_worker_stopped_beating_is_queued_again_and_runs_once(
        db_queue: None, demo: Any, django_capture_on_commit_callbacks: Any) -> None:
    item = submit(demo, PLAIN, django_capture_on_commit_callbacks)
    task = analyse_tasks(item).get()
    long_ago = timezone.now() - dt.timedelta(minutes=5)
    claim_as(task, "dead-worker", started=long_ago)
    beat("dead-worker", at=long_ago, host="another-machine")

    assert services.tasks_requeue_abandoned() == 1
    task.refresh_from_db()
    assert task.status == TaskResultStatus.READY
    beat("long-gone-worker", at=timezone.now() - dt.timedelta(days=2))
    services.tasks_requeue_abandoned()
    assert set(WorkerHeartbeat.objects.values_list("worker_id", flat=True)) == {"dead-worker"}

    make_worker().run()
    task.refresh_from_db()
    item.refresh_from_db()
    assert task.status == TaskResultStatus.SUCCESSFUL and task.return_value is True
    assert item.analysed_at is not None
    assert task.worker_ids == ["dead-worker", "test-worker"]


def test_a_heartbeat_records_this_process_on_this_machine(db: Any) -> None:
    Heartbeat("beating-worker").beat()
    beat = WorkerHeartbeat.objects.get(worker_id="beating-worker")
    assert (beat.hostname, beat.pid) == (socket.gethostname(), os.getpid())
    assert timezone.now() - beat.beat_at < dt.timedelta(seconds=5)


def test_a_task_of_a_worker_that_is_alive_and_beating_is_left_alone(
        db_queue: None, demo: Any, django_capture_on_commit_callbacks: Any) -> None:
    item = submit(demo, PLAIN, django_capture_on_commit_callbacks)
    task = analyse_tasks(item).get()
    long_ago = timezone.now() - dt.timedelta(minutes=5)
    # A long task: started five minutes ago, but its worker (this process) beat just now.
    claim_as(task, "busy-worker", started=long_ago)
    beat("busy-worker", at=timezone.now())

    assert services.tasks_requeue_abandoned() == 0
    task.refresh_from_db()
    assert task.status == TaskResultStatus.RUNNING


def test_a_worker_killed_on_this_machine_is_seen_dead_at_once(
        db_queue: None, demo: Any, django_capture_on_commit_callbacks: Any) -> None:
    item = submit(demo, PLAIN, django_capture_on_commit_callbacks)
    task = analyse_tasks(item).get()
    claim_as(task, "killed-worker")
    beat("killed-worker", at=timezone.now(), pid=a_dead_pid())

    assert services.tasks_requeue_abandoned() == 1


def test_a_task_that_keeps_killing_its_workers_is_failed_not_tried_for_ever(
        db_queue: None, demo: Any, django_capture_on_commit_callbacks: Any) -> None:
    item = submit(demo, PLAIN, django_capture_on_commit_callbacks)
    task = analyse_tasks(item).get()
    long_ago = timezone.now() - dt.timedelta(minutes=5)
    DBTaskResult.objects.filter(pk=task.pk).update(
        status=TaskResultStatus.RUNNING, started_at=long_ago,
        worker_ids=[f"w{n}" for n in range(services.MAX_TASK_CLAIMS)])

    assert services.tasks_requeue_abandoned() == 0
    task.refresh_from_db()
    assert task.status == TaskResultStatus.FAILED
    assert "Abandoned by 5 workers" in task.traceback


def test_analysing_a_comment_twice_analyses_it_once_and_alerts_once(
        demo: Any, django_capture_on_commit_callbacks: Any) -> None:
    demo.safeguarding_contacts = "dsl@westmere.example"
    demo.save()
    with django_capture_on_commit_callbacks(execute=False):
        item = services.feedback_create(
            area=demo, text=CONCERN, respondent_role="parent", by=SYSTEM,
            channel=services.channel_get_or_create(area=demo, kind="web_form"))
    first = services.feedback_analyse_once(item_id=item.pk)
    analysed_at = FeedbackItem.objects.get(pk=item.pk).analysed_at
    second = services.feedback_analyse_once(item_id=item.pk)

    assert (first, second) == (True, False)
    assert FeedbackItem.objects.get(pk=item.pk).analysed_at == analysed_at
    assert SafeguardingAlert.objects.filter(item=item).count() == 1


def test_an_erased_comment_is_not_analysed(demo: Any) -> None:
    import uuid

    assert services.feedback_analyse_once(item_id=uuid.uuid4()) is False


# --- The worker survives a lost database ------------------------------------------------------

class FlakyWorker(Worker):
    """Meets a lost database the first ``failures`` times it looks for work."""

    def __init__(self, failures: int, error: type[Exception], **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.left, self.error = failures, error

    def claim_next(self) -> DBTaskResult[Any, Any] | None:
        if self.left:
            self.left -= 1
            raise self.error("server closed the connection unexpectedly")
        return super().claim_next()


@runs_the_worker_loop
@pytest.mark.parametrize("error", [OperationalError, InterfaceError])
def test_the_worker_waits_for_the_database_with_growing_pauses_and_carries_on(
        db_queue: None, demo: Any, django_capture_on_commit_callbacks: Any,
        error: type[Exception], caplog: Any) -> None:
    item = submit(demo, PLAIN, django_capture_on_commit_callbacks)
    pauses: list[float] = []
    worker = FlakyWorker(8, error, **{"queue_names": ["default"], "interval": 0, "batch": False,
                                      "backend_name": "default", "startup_delay": False,
                                      "max_tasks": 1, "worker_id": "flaky",
                                      "excluded_queue_names": [], "heartbeat": False,
                                      "sweep_every": 0, "sleep": pauses.append})
    worker.run()  # returns only after running one task: it never gave up

    item.refresh_from_db()
    assert item.analysed_at is not None
    assert pauses == [1, 2, 4, 8, 10, 10, 10, 10]
    assert "Database unavailable" in caplog.text
    assert "reachable again after 8 attempt(s)" in caplog.text


def test_backoff_doubles_and_is_capped() -> None:
    assert [backoff_seconds(n) for n in (1, 2, 3, 4, 5, 50)] == [1, 2, 4, 8, 10, 10]


@runs_the_worker_loop
def test_a_task_cut_short_by_the_lost_database_is_queued_again_by_its_own_worker(
        db_queue: None, demo: Any, django_capture_on_commit_callbacks: Any) -> None:
    item = submit(demo, PLAIN, django_capture_on_commit_callbacks)
    task = analyse_tasks(item).get()
    claim_as(task, "flaky")  # claimed, then the connection went before it could be recorded
    beat("flaky", at=timezone.now())  # and its worker is alive, beating

    worker = FlakyWorker(1, OperationalError, **{
        "queue_names": ["default"], "interval": 0, "batch": True, "backend_name": "default",
        "startup_delay": False, "max_tasks": None, "worker_id": "flaky",
        "excluded_queue_names": [], "heartbeat": False, "sweep_every": 0,
        "sleep": lambda s: None})
    worker.recovering = False  # as if it had been running for a while
    worker.run()

    item.refresh_from_db()
    assert item.analysed_at is not None
    assert analyse_tasks(item).get().status == TaskResultStatus.SUCCESSFUL


# --- The sweep --------------------------------------------------------------------------------

def stored_without_task(area: Any, text: str, *, minutes_ago: int) -> FeedbackItem:
    """A comment whose task was never stored (the insert failed after the commit)."""
    with override_settings(TASKS={"default": {
            "BACKEND": "django_tasks.backends.dummy.DummyBackend"}}):
        item = services.feedback_create(
            area=area, text=text, respondent_role="parent", by=SYSTEM,
            channel=services.channel_get_or_create(area=area, kind="web_form"))
    FeedbackItem.objects.filter(pk=item.pk).update(
        created_at=timezone.now() - dt.timedelta(minutes=minutes_ago))
    return item


@runs_the_worker_loop
def test_the_sweep_queues_a_comment_that_has_no_task_once(db_queue: None, demo: Any) -> None:
    orphan = stored_without_task(demo, PLAIN, minutes_ago=5)
    just_now = stored_without_task(demo, PLAIN + " Thank you.", minutes_ago=0)

    assert services.feedback_queue_unanalysed() == 1
    assert services.feedback_queue_unanalysed() == 0  # its task is waiting: no second one
    assert analyse_tasks(orphan).count() == 1
    assert not analyse_tasks(just_now).exists()  # its own task may still be on the way

    make_worker().run()
    orphan.refresh_from_db()
    assert orphan.analysed_at is not None
    assert services.feedback_queue_unanalysed() == 0


def test_the_sweep_leaves_a_comment_whose_task_is_running(
        db_queue: None, demo: Any, django_capture_on_commit_callbacks: Any) -> None:
    item = submit(demo, PLAIN, django_capture_on_commit_callbacks)
    FeedbackItem.objects.filter(pk=item.pk).update(
        created_at=timezone.now() - dt.timedelta(minutes=5))
    claim_as(analyse_tasks(item).get(), "busy")

    assert services.feedback_queue_unanalysed() == 0
    assert analyse_tasks(item).count() == 1


def test_the_sweep_queues_again_a_comment_whose_task_failed(
        db_queue: None, demo: Any, django_capture_on_commit_callbacks: Any) -> None:
    item = submit(demo, PLAIN, django_capture_on_commit_callbacks)
    FeedbackItem.objects.filter(pk=item.pk).update(
        created_at=timezone.now() - dt.timedelta(minutes=5))
    analyse_tasks(item).update(status=TaskResultStatus.FAILED)

    assert services.feedback_queue_unanalysed() == 1


@runs_the_worker_loop
def test_the_worker_sweeps_by_itself(db_queue: None, demo: Any) -> None:
    orphan = stored_without_task(demo, PLAIN, minutes_ago=5)
    make_worker(sweep_every=60).run()
    orphan.refresh_from_db()
    assert orphan.analysed_at is not None


def test_the_sweep_command_for_cron(db_queue: None, demo: Any) -> None:
    from io import StringIO

    stored_without_task(demo, PLAIN, minutes_ago=5)
    out = StringIO()
    call_command("sweep", stdout=out)
    assert "1 comment(s) queued for analysis" in out.getvalue()
    out = StringIO()
    call_command("sweep", stdout=out)
    assert "0 comment(s) queued for analysis" in out.getvalue()

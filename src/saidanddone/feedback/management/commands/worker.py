"""``saidanddone worker``: run background tasks from the database queue, and keep it whole.

django-tasks-db's worker, with what a council's server needs from it (issue 11):

- a heartbeat from a thread of its own, so a task left RUNNING by a worker that died is put
  back in the queue by any other worker (``tasks_requeue_abandoned``);
- a database that goes away (restart, fail-over, network) is waited for: the connection is
  closed and opened again with a growing pause, capped, and the worker never exits for that;
- every few minutes, a sweep that queues analysis for comments that have none, tries the
  safeguarding e-mails that are due again, and runs the periodic jobs named in
  ``SAIDANDDONE_SWEEP_JOBS`` (the owner teams' weekly digest, the outbox's retries). They are
  named in settings, not imported here, so this floor does not reach up to the apps above.
"""

from __future__ import annotations

import contextlib
import logging
import threading
import time
from argparse import ArgumentParser
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.db import InterfaceError, OperationalError, close_old_connections, connections
from django.utils import timezone
from django.utils.module_loading import import_string
from django_tasks_db.management.commands.db_worker import Command as DBWorkerCommand
from django_tasks_db.management.commands.db_worker import Worker as DBWorker
from django_tasks_db.models import DBTaskResult
from django_tasks_db.utils import exclusive_transaction, is_locked_database_exception

from saidanddone.feedback import services


def sweep_jobs() -> list[Callable[[], Any]]:
    return [import_string(path) for path in settings.SAIDANDDONE_SWEEP_JOBS]

logger = logging.getLogger("saidanddone.worker")

HEARTBEAT_SECONDS = 5.0
REQUEUE_EVERY_SECONDS = 10.0
SWEEP_EVERY_SECONDS = 120.0
BACKOFF_FIRST_SECONDS = 1.0
BACKOFF_MAX_SECONDS = 10.0

DATABASE_GONE = (OperationalError, InterfaceError)


def backoff_seconds(failures: int) -> float:
    """1, 2, 4, 8 … seconds after each failure in a row, never more than 10: a database back
    from a restart is found within 10 s, and one connection attempt every 10 s costs nothing."""
    return float(min(BACKOFF_MAX_SECONDS, BACKOFF_FIRST_SECONDS * 2 ** max(0, failures - 1)))


def _close_connections() -> None:
    for conn in connections.all(initialized_only=True):
        # Closing a broken connection can fail too; it is gone anyway.
        with contextlib.suppress(*DATABASE_GONE):
            conn.close()


class Heartbeat(threading.Thread):
    """Beats for one worker every few seconds, on its own connection, until stopped; a beat
    that fails (the database is down) is simply tried again at the next."""

    def __init__(self, worker_id: str, every: float = HEARTBEAT_SECONDS) -> None:
        super().__init__(name=f"heartbeat-{worker_id}", daemon=True)
        self.worker_id, self.every = worker_id, every
        self.started = timezone.now()
        self.stopping = threading.Event()

    def beat(self) -> None:
        try:
            services.worker_beat(worker_id=self.worker_id, started_at=self.started)
        except DATABASE_GONE as error:
            logger.debug("Heartbeat not recorded: %s", error)
            _close_connections()

    def run(self) -> None:
        try:
            while not self.stopping.is_set():
                self.beat()
                self.stopping.wait(self.every)
        finally:
            _close_connections()

    def stop(self) -> None:
        self.stopping.set()


class Worker(DBWorker):
    """django-tasks-db's worker loop, made to survive a lost database and dead colleagues."""

    def __init__(self, *, heartbeat: bool = True, sweep_every: float = SWEEP_EVERY_SECONDS,
                 sleep: Callable[[float], None] = time.sleep, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.heartbeat = Heartbeat(self.worker_id) if heartbeat else None
        self.sweep_every = sweep_every
        self.sleep = sleep
        self.failures = 0
        self.recovering = True  # check for this worker's own cut-short task on the first pass
        self.next_requeue = 0.0
        self.next_sweep = 0.0

    # One step of the loop, each a place a lost database shows as an exception.
    def claim_next(self) -> DBTaskResult[Any, Any] | None:
        close_old_connections()
        tasks = DBTaskResult.objects.ready().filter(backend_name=self.backend_name)
        if not self.process_all_queues:
            tasks = tasks.filter(queue_name__in=self.queue_names)
        if self.excluded_queue_names:
            tasks = tasks.exclude(queue_name__in=self.excluded_queue_names)
        with exclusive_transaction(tasks.db):
            task_result = tasks.get_locked()
            if task_result is not None:
                task_result.claim(self.worker_id)
        return task_result

    def housekeeping(self) -> None:
        now = time.monotonic()
        if self.recovering or now >= self.next_requeue:
            services.tasks_requeue_abandoned(
                own_worker_id=self.worker_id if self.recovering else "")
            self.recovering = False
            self.next_requeue = now + REQUEUE_EVERY_SECONDS
        if self.sweep_every and now >= self.next_sweep:
            services.feedback_queue_unanalysed()
            services.safeguarding_alerts_send_due()
            for job in sweep_jobs():
                job()
            self.next_sweep = now + self.sweep_every

    def database_lost(self, error: Exception) -> None:
        self.failures += 1
        self.recovering = True
        wait = backoff_seconds(self.failures)
        logger.warning("Database unavailable (%s). Reconnecting in %.0f s (attempt %d); the "
                       "worker keeps running.", str(error).strip() or type(error).__name__,
                       wait, self.failures)
        _close_connections()
        if self.running:
            self.sleep(wait)

    def run(self) -> None:
        logger.info("Starting worker worker_id=%s queues=%s", self.worker_id,
                    ",".join(self.queue_names))
        if self.heartbeat is not None:
            self.heartbeat.start()
        try:
            self.loop()
        finally:
            if self.heartbeat is not None:
                self.heartbeat.stop()

    def loop(self) -> None:
        while self.running:
            try:
                self.housekeeping()
                task_result = self.claim_next()
                if task_result is not None:
                    self.run_task(task_result)
            except DATABASE_GONE as error:
                if isinstance(error, OperationalError) and is_locked_database_exception(error):
                    # SQLite busy: just try again (and put back a task of ours it cut short)
                    self.recovering = True
                    self.sleep(self.interval or 0.05)
                    continue
                self.database_lost(error)
                continue
            if self.failures:
                logger.warning("Database reachable again after %d attempt(s).", self.failures)
                self.failures = 0
            if self.batch and task_result is None:
                logger.info("No more tasks to run for worker_id=%s - exiting.", self.worker_id)
                return
            if self.max_tasks is not None and self._run_tasks >= self.max_tasks:
                logger.info("Ran %d tasks on worker=%s - exiting.", self._run_tasks,
                            self.worker_id)
                return
            if self.running and task_result is None:
                self.sleep(self.interval)


class Command(DBWorkerCommand):
    help = ("Run background tasks from the database queue: survives database restarts, puts "
            "back tasks abandoned by dead workers, and sweeps up comments never analysed.")

    def add_arguments(self, parser: ArgumentParser) -> None:
        super().add_arguments(parser)
        parser.add_argument(
            "--sweep-every", type=float, default=SWEEP_EVERY_SECONDS,
            help="Seconds between sweeps for comments with no analysis and safeguarding "
                 "e-mails due again; 0 turns the sweep off (default: %(default)s)")

    def handle(self, *args: Any, **options: Any) -> None:
        sweep_every = options.get("sweep_every", SWEEP_EVERY_SECONDS)
        self.configure_logging(options["verbosity"])
        worker_logger = logging.getLogger("saidanddone.worker")
        if not worker_logger.handlers:
            worker_logger.addHandler(logging.StreamHandler(self.stdout))
            worker_logger.setLevel(logging.INFO)
        queue_names = options["queue_name"].split(",")
        excluded = options["exclude_queues"].split(",") if options["exclude_queues"] else []
        worker = Worker(
            queue_names=queue_names, interval=options["interval"], batch=options["batch"],
            backend_name=options["backend_name"], startup_delay=False,
            max_tasks=options["max_tasks"], worker_id=options["worker_id"],
            excluded_queue_names=excluded, sweep_every=sweep_every,
        )
        # No autoreload: a reloader restarts the process mid-task, which is what this guards
        # against; restart the worker by hand after changing code.
        worker.configure_signals()
        worker.run()


"""Worker faults: kill the worker mid-task, again and again; is every comment analysed, once?

Starts real ``saidanddone worker`` processes against a file SQLite database in a temporary
folder (or the PostgreSQL database in ``DATABASE_URL``, if set: use a throwaway one; the run
adds an area of its own and counts only that area's comments), submits comments, then ten
times: waits until a task is running, kills its worker with SIGKILL in the middle of the
analysis, and starts a fresh worker at once. It reports how long after each restart the
abandoned comment was analysed, how long after the last restart every comment was, and
checks that no comment was analysed twice.

So that a kill lands mid-task, each analysis is made to take ``--delay`` seconds longer (a
pause just before it is saved, inside its transaction): the kill then always cuts a task short
with its work uncommitted, the worst case. Nothing else is changed.

    .venv/bin/python benchmarks/worker_faults.py            # about a minute
    .venv/bin/python benchmarks/worker_faults.py --kills 10 --comments 40 --delay 0.5

Only local processes and files are used; the run is bounded (``--limit`` seconds in all).
"""

from __future__ import annotations

import argparse
import os
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]

# The worker, with a pause inside each analysis so that a kill lands mid-task.
WORKER = """
import os, time, django
django.setup()
from django.db.models.signals import pre_save
from saidanddone.feedback.models import FeedbackItem
delay = float(os.environ["WORKER_FAULTS_DELAY"])
def slow(sender, instance, **kwargs):
    if instance.analysed_at is not None:
        time.sleep(delay)
pre_save.connect(slow, sender=FeedbackItem, weak=False)
from django.core.management import call_command
call_command("worker", "--interval", "0.2", "--sweep-every", "30", "--no-reload")
"""


def environment(tmp: Path, delay: float) -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = str(ROOT / "src") + os.pathsep + env.get("PYTHONPATH", "")
    env["DJANGO_SETTINGS_MODULE"] = "saidanddone.settings.local"
    env["SAIDANDDONE_VAR_DIR"] = str(tmp)
    env.setdefault("DATABASE_URL", f"sqlite:///{tmp / 'faults.sqlite3'}")
    env["WORKER_FAULTS_DELAY"] = str(delay)
    env["DEBUG"] = "0"
    return env


def start_worker(env: dict[str, str], log: Any) -> subprocess.Popen[bytes]:
    return subprocess.Popen([sys.executable, "-c", WORKER], env=env, cwd=ROOT,
                            stdout=log, stderr=subprocess.STDOUT)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--kills", type=int, default=10)
    parser.add_argument("--comments", type=int, default=40)
    parser.add_argument("--delay", type=float, default=0.5,
                        help="extra seconds each analysis takes, so kills land mid-task")
    parser.add_argument("--limit", type=float, default=180, help="seconds for the whole run")
    args = parser.parse_args(argv)
    deadline = time.monotonic() + args.limit

    with tempfile.TemporaryDirectory(prefix="worker-faults-") as folder:
        tmp = Path(folder)
        env = environment(tmp, args.delay)
        os.environ.update({k: env[k] for k in (
            "DJANGO_SETTINGS_MODULE", "SAIDANDDONE_VAR_DIR", "DATABASE_URL", "DEBUG")})
        sys.path.insert(0, str(ROOT / "src"))
        import django

        django.setup()
        from django.core.management import call_command
        from django_tasks import TaskResultStatus
        from django_tasks_db.models import DBTaskResult

        from saidanddone.areas.actors import SYSTEM
        from saidanddone.areas.services import area_create
        from saidanddone.feedback import services
        from saidanddone.feedback.models import FeedbackItem

        database = "PostgreSQL" if env["DATABASE_URL"].startswith("postgres") else "SQLite"
        call_command("migrate", verbosity=0)
        slug = f"faults-{uuid.uuid4().hex[:8]}"
        area = area_create(name=f"Faults {slug[-8:]}", slug=slug, forum_name="", by=SYSTEM)
        channel = services.channel_get_or_create(area=area, kind="web_form")
        for n in range(args.comments):
            services.feedback_create(
                area=area, respondent_role="parent", channel=channel, by=SYSTEM,
                text=f"Comment {n}: the bus to school was late again and nobody rang us.")
        items = FeedbackItem.objects.filter(area=area)
        ids = [str(pk) for pk in items.values_list("pk", flat=True)]
        print(f"{database}: {len(ids)} comments queued; {args.kills} kills; "
              f"analysis slowed by {args.delay} s so each kill lands mid-task")

        log = (tmp / "worker.log").open("wb")
        worker = start_worker(env, log)
        recoveries: list[float] = []
        mid_task = 0
        try:
            for kill in range(1, args.kills + 1):
                running = None
                while running is None and time.monotonic() < deadline:
                    running = DBTaskResult.objects.filter(
                        status=TaskResultStatus.RUNNING,
                        task_path=services.ANALYSE_TASK_PATH).first()
                    if running is None:
                        time.sleep(0.02)
                if running is None:
                    print("Out of time waiting for a running task.")
                    break
                time.sleep(args.delay / 2)  # into the analysis
                item_id = running.args_kwargs["args"][0]
                worker.send_signal(signal.SIGKILL)
                worker.wait()
                cut_short = not items.filter(pk=item_id, analysed_at__isnull=False).exists()
                mid_task += cut_short
                restarted = time.monotonic()
                worker = start_worker(env, log)
                while time.monotonic() < deadline and not items.filter(
                        pk=item_id, analysed_at__isnull=False).exists():
                    time.sleep(0.05)
                recovered = time.monotonic() - restarted
                where = "mid-task" if cut_short else "after commit"
                if not items.filter(pk=item_id, analysed_at__isnull=False).exists():
                    print(f"kill {kill:2d}: {where}; comment NOT analysed before the time limit")
                    break
                recoveries.append(recovered)
                print(f"kill {kill:2d}: {where}; comment analysed {recovered:.1f} s after the "
                      "restart")
            last_restart = time.monotonic()
            while time.monotonic() < deadline and items.filter(analysed_at__isnull=True).exists():
                time.sleep(0.1)
            all_done = time.monotonic() - last_restart
        finally:
            worker.send_signal(signal.SIGTERM)
            try:
                worker.wait(timeout=15)
            except subprocess.TimeoutExpired:
                worker.kill()
                worker.wait()
            log.close()

        unanalysed = items.filter(analysed_at__isnull=True).count()
        analysed_by: dict[str, int] = dict.fromkeys(ids, 0)
        for task in DBTaskResult.objects.filter(task_path=services.ANALYSE_TASK_PATH,
                                                status=TaskResultStatus.SUCCESSFUL):
            item_id = task.args_kwargs["args"][0]
            if item_id in analysed_by and task.return_value is True:
                analysed_by[item_id] += 1
        twice = sum(1 for n in analysed_by.values() if n > 1)
        reclaimed = sum(1 for t in DBTaskResult.objects.filter(
            task_path=services.ANALYSE_TASK_PATH) if str(t.args_kwargs["args"][0]) in analysed_by
                        and len(t.worker_ids) > 1)

        print()
        print(f"Kills: {len(recoveries)} ({mid_task} mid-task, work uncommitted)")
        if recoveries:
            print(f"Abandoned comment analysed after a restart: median "
                  f"{statistics.median(recoveries):.1f} s, slowest {max(recoveries):.1f} s")
        print(f"Every comment analysed {all_done:.1f} s after the last restart")
        print(f"Tasks taken over from a killed worker: {reclaimed}")
        print(f"Comments not analysed: {unanalysed}; analysed twice: {twice}")
        ok = (unanalysed == 0 and twice == 0 and len(recoveries) == args.kills
              and max(recoveries) < 60)
        print("PASS" if ok else "FAIL")
        return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())

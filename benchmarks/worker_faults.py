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

With PostgreSQL, a second part takes the database away from a running worker for
``--outage`` seconds (15): the worker reaches the database through a small TCP relay in this
script, which drops every connection and refuses new ones for that long, as a database restart
does. Comments keep arriving meanwhile (stored directly). It checks that the worker is still
running afterwards, that it said so in its log, and how long until every comment is analysed.

Only local processes and files are used; the run is bounded (``--limit`` seconds in all).
"""

from __future__ import annotations

import argparse
import contextlib
import os
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
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


class Relay:
    """A TCP relay to the database that can be taken down (every connection dropped, new ones
    refused) and brought back on the same port, as a database restart looks to a client."""

    def __init__(self, target: tuple[str, int]) -> None:
        self.target = target
        probe = socket.socket()
        probe.bind(("127.0.0.1", 0))
        self.port = probe.getsockname()[1]
        probe.close()
        self.lock = threading.Lock()
        self.sockets: list[socket.socket] = []
        self.listener: socket.socket | None = None
        self.up()

    def up(self) -> None:
        listener = socket.socket()
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind(("127.0.0.1", self.port))
        listener.listen(64)
        self.listener = listener
        threading.Thread(target=self._accept, args=(listener,), daemon=True).start()

    def down(self) -> None:
        with self.lock:
            if self.listener is not None:
                self.listener.close()
                self.listener = None
            for sock in self.sockets:
                with contextlib.suppress(OSError):
                    sock.shutdown(socket.SHUT_RDWR)
                sock.close()
            self.sockets.clear()

    def _accept(self, listener: socket.socket) -> None:
        while True:
            try:
                client, _ = listener.accept()
            except OSError:
                return  # taken down
            try:
                server = socket.create_connection(self.target)
            except OSError:
                client.close()
                continue
            with self.lock:
                self.sockets += [client, server]
            for a, b in ((client, server), (server, client)):
                threading.Thread(target=self._pipe, args=(a, b), daemon=True).start()

    @staticmethod
    def _pipe(source: socket.socket, sink: socket.socket) -> None:
        try:
            while data := source.recv(65536):
                sink.sendall(data)
        except OSError:
            pass
        finally:
            for sock in (source, sink):
                with contextlib.suppress(OSError):
                    sock.shutdown(socket.SHUT_RDWR)


def stop_worker(worker: subprocess.Popen[bytes]) -> None:
    """Ask the worker to finish (SIGTERM), and kill it if it has not within 15 s."""
    worker.send_signal(signal.SIGTERM)
    try:
        worker.wait(timeout=15)
    except subprocess.TimeoutExpired:
        worker.kill()
        worker.wait()


def outage_run(env: dict[str, str], tmp: Path, outage: float, comments: int,
               deadline: float) -> bool:
    """The worker loses its database for ``outage`` seconds while comments keep arriving."""
    from saidanddone.areas.actors import SYSTEM
    from saidanddone.feedback import services
    from saidanddone.feedback.models import FeedbackItem
    from saidanddone.themes.services import area_set_up

    url = urllib.parse.urlsplit(env["DATABASE_URL"])
    relay = Relay((url.hostname or "127.0.0.1", url.port or 5432))
    netloc = url.netloc.rsplit("@", 1)
    credentials = netloc[0] + "@" if len(netloc) == 2 else ""
    worker_env = dict(env, WORKER_FAULTS_DELAY="0",
                      DATABASE_URL=url._replace(netloc=f"{credentials}127.0.0.1:{relay.port}")
                      .geturl())
    slug = f"outage-{uuid.uuid4().hex[:8]}"
    area = area_set_up(name=f"Outage {slug[-8:]}", slug=slug, forum_name="", by=SYSTEM)
    channel = services.channel_get_or_create(area=area, kind="web_form")
    items = FeedbackItem.objects.filter(area=area)

    def submit(n: int) -> None:
        services.feedback_create(area=area, respondent_role="parent", channel=channel, by=SYSTEM,
                                 text=f"Comment {n}: the ramp at the leisure centre is blocked.")

    log_path = tmp / "outage-worker.log"
    with log_path.open("wb") as log:
        worker = start_worker(worker_env, log)
        for n in range(comments // 2):
            submit(n)
        while time.monotonic() < deadline and items.filter(analysed_at__isnull=True).exists():
            time.sleep(0.1)
        relay.down()
        went_down = time.monotonic()
        n = comments // 2
        while time.monotonic() - went_down < outage:
            submit(n)  # families keep writing; the database itself is up for the web
            n += 1
            time.sleep(outage / (comments // 2))
        relay.up()
        back = time.monotonic()
        while time.monotonic() < deadline and items.filter(analysed_at__isnull=True).exists():
            time.sleep(0.1)
        caught_up = time.monotonic() - back
        alive = worker.poll() is None
        stop_worker(worker)
        relay.down()
    text = log_path.read_text(errors="replace")
    unanalysed = items.filter(analysed_at__isnull=True).count()
    print()
    print(f"Database away from the worker for {outage:.0f} s; {items.count()} comments, "
          f"{n - comments // 2} of them sent while it was away")
    print(f"Worker still running afterwards: {'yes' if alive else 'NO'}; reconnection attempts "
          f"logged: {text.count('Database unavailable')}; "
          f"'reachable again' logged: {'yes' if 'reachable again' in text else 'no'}")
    print(f"Every comment analysed {caught_up:.1f} s after the database came back; "
          f"not analysed: {unanalysed}")
    return alive and unanalysed == 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--kills", type=int, default=10)
    parser.add_argument("--comments", type=int, default=40)
    parser.add_argument("--delay", type=float, default=0.5,
                        help="extra seconds each analysis takes, so kills land mid-task")
    parser.add_argument("--limit", type=float, default=180, help="seconds for the whole run")
    parser.add_argument("--outage", type=float, default=15,
                        help="seconds the database is taken away (PostgreSQL only; 0: skip)")
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
        from saidanddone.feedback import services
        from saidanddone.feedback.models import FeedbackItem
        from saidanddone.themes.services import area_set_up

        database = "PostgreSQL" if env["DATABASE_URL"].startswith("postgres") else "SQLite"
        call_command("migrate", verbosity=0)
        slug = f"faults-{uuid.uuid4().hex[:8]}"
        area = area_set_up(name=f"Faults {slug[-8:]}", slug=slug, forum_name="", by=SYSTEM)
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
            stop_worker(worker)
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
        if database == "PostgreSQL" and args.outage:
            ok = outage_run(env, tmp, args.outage, args.comments, deadline + 90) and ok
        elif args.outage:
            print("\nDatabase outage: skipped (needs PostgreSQL in DATABASE_URL; a SQLite file "
                  "cannot go away)")
        print("PASS" if ok else "FAIL")
        return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())

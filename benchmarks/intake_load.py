"""Load benchmark for the public feedback form (issue: hearing families).

Starts the production set-up (gunicorn, production settings) on 127.0.0.1 against a fresh
database, then sends N submissions from concurrent clients with wrk (Debian package `wrk`).
Each client submits new comments, each with its own idempotency key, until the quota is met,
then re-sends an already-stored one (a double submit, stored once) until wrk stops. Afterwards
it checks that exactly N comments are stored, none twice, and reports submissions per second
and the slowest 1%.

    .venv/bin/python benchmarks/intake_load.py --database sqlite
    .venv/bin/python benchmarks/intake_load.py --database postgres

Only 127.0.0.1 is contacted; the run is bounded in count and time.
"""

from __future__ import annotations

import argparse
import datetime as dt
import http.cookiejar
import json
import os
import re
import secrets
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
PG_ADMIN = "postgres://postgres@127.0.0.1:5432/postgres"
PG_DB = "saidanddone_load"

LUA = r"""
local quota = tonumber(os.getenv("LOAD_QUOTA"))
-- Globals, so that done() can read each thread's counts with thread:get().
threads = {}
counter = 0
acknowledged = 0
failed = 0
statuses = ""
tid = 0

function setup(thread)
  thread:set("tid", #threads + 1)
  table.insert(threads, thread)
end

local function key(n)
  return string.format("%08x-0000-4000-8000-%012x", tid, n)
end

function init(args)
  tid = wrk.thread:get("tid")
end

function request()
  counter = counter + 1
  local n = counter
  if n > quota then n = 1 end  -- over quota: a double submit of a stored comment
  local body = "csrfmiddlewaretoken=" .. os.getenv("LOAD_TOKEN") ..
    "&respondent_role=parent&topic=transport&consent=paraphrase&website=" ..
    "&key=" .. key(n) ..
    "&comment=Comment+" .. n .. "+from+client+" .. tid ..
    ":+the+school+taxi+was+late+again+and+nobody+told+us+why."
  return wrk.format("POST", os.getenv("LOAD_PATH"), {
    ["Content-Type"] = "application/x-www-form-urlencoded",
    ["Cookie"] = "csrftoken=" .. os.getenv("LOAD_COOKIE"),
    ["Referer"] = os.getenv("LOAD_ORIGIN") .. os.getenv("LOAD_PATH"),
  }, body)
end

function response(status, headers, body)
  if status == 302 then
    acknowledged = acknowledged + 1
  else
    failed = failed + 1
    if failed <= 3 then statuses = statuses .. status .. " " end
  end
  if acknowledged >= quota + 8 then wrk.thread:stop() end
end

function done(summary, latency, requests)
  local ok, bad, seen = 0, 0, ""
  for _, t in ipairs(threads) do
    ok = ok + t:get("acknowledged")
    bad = bad + t:get("failed")
    seen = seen .. t:get("statuses")
  end
  io.write(string.format(
    'RESULT {"requests": %d, "seconds": %.3f, "acknowledged": %d, "failed": %d, ' ..
    '"errors": %d, "p50_ms": %.2f, "p99_ms": %.2f, "max_ms": %.2f, "other_statuses": "%s"}\n',
    summary.requests, summary.duration / 1e6, ok, bad,
    summary.errors.connect + summary.errors.read + summary.errors.write +
    summary.errors.status + summary.errors.timeout,
    latency:percentile(50) / 1000, latency:percentile(99) / 1000, latency.max / 1000, seen))
end
"""


def query(url: str, sql: str) -> tuple[Any, ...]:
    if url.startswith("sqlite:///"):
        with sqlite3.connect(url[len("sqlite:///"):], timeout=30) as conn:
            return tuple(conn.execute(sql).fetchone())
    import psycopg

    with psycopg.connect(url.replace("postgres://", "postgresql://")) as conn:
        row = conn.execute(sql).fetchone()
        assert row is not None
        return tuple(row)


def stored_count(url: str) -> int:
    try:
        return int(query(url, "SELECT count(*) FROM feedback_feedbackitem")[0])
    except Exception:  # the table is busy or not there yet: ask again shortly
        return 0


def parse_time(value: Any) -> dt.datetime:
    return value if isinstance(value, dt.datetime) else dt.datetime.fromisoformat(str(value))


def run(cmd: list[str], env: dict[str, str]) -> None:
    subprocess.run(cmd, env=env, check=True, cwd=ROOT, stdout=subprocess.DEVNULL)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument("--submissions", type=int, default=20_000)
    parser.add_argument("--clients", type=int, default=32, help="concurrent connections")
    parser.add_argument("--threads", type=int, default=2, help="wrk threads")
    parser.add_argument("--workers", type=int, default=2,
                        help="gunicorn worker processes (one per core measured best here)")
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--server", choices=["granian", "gunicorn"], default="granian",
                        help="the WSGI server (production uses granian: decision 0005)")
    parser.add_argument("--max-seconds", type=int, default=400)
    args = parser.parse_args()
    if shutil.which("wrk") is None:
        print("wrk is not installed: apt-get install wrk", file=sys.stderr)
        return 2
    if args.submissions % args.threads:
        parser.error("--submissions must divide evenly between --threads")

    tmp = Path(tempfile.mkdtemp(prefix="saidanddone-load-"))
    if args.database == "sqlite":
        url = f"sqlite:///{tmp / 'load.sqlite3'}"
    else:
        import psycopg

        with psycopg.connect(PG_ADMIN.replace("postgres://", "postgresql://"),
                             autocommit=True) as conn:
            conn.execute(f"DROP DATABASE IF EXISTS {PG_DB} WITH (FORCE)")
            conn.execute(f"CREATE DATABASE {PG_DB}")
        url = PG_ADMIN.rsplit("/", 1)[0] + "/" + PG_DB
    env = dict(os.environ, DATABASE_URL=url, SECRET_KEY=secrets.token_urlsafe(40),
               DJANGO_SETTINGS_MODULE="saidanddone.settings.production",
               ALLOWED_HOSTS="127.0.0.1", SECURE_COOKIES="0", SAIDANDDONE_RATE_LIMIT="0",
               SAIDANDDONE_VAR_DIR=str(tmp), LOG_LEVEL="ERROR")
    run([str(BIN / "saidanddone"), "migrate", "--verbosity", "0"], env)
    run([str(BIN / "saidanddone"), "collectstatic", "--noinput", "--verbosity", "0"], env)
    run([str(BIN / "saidanddone"), "createarea", "Loadtown", "--slug", "loadtown"], env)

    if args.server == "granian":
        command = [str(BIN / "granian"), "--interface", "wsgi", "--workers", str(args.workers),
                   "--host", "127.0.0.1", "--port", str(args.port), "--log-level", "warning",
                   "--blocking-threads", "2", "saidanddone.wsgi:application"]
    else:
        command = [str(BIN / "gunicorn"), "saidanddone.wsgi:application", "--workers",
                   str(args.workers), "--bind", f"127.0.0.1:{args.port}",
                   "--log-level", "warning"]
    server = subprocess.Popen(command, env=env, cwd=ROOT)
    origin = f"http://127.0.0.1:{args.port}"
    path = "/areas/loadtown/tell-us/"
    try:
        jar = http.cookiejar.CookieJar()
        opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
        for _ in range(100):
            try:
                html = opener.open(origin + path, timeout=5).read().decode()
                break
            except OSError:
                time.sleep(0.2)
        else:
            raise SystemExit("the server did not start")
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)
        cookie = next(c.value for c in jar if c.name == "csrftoken")
        assert token is not None
        assert cookie is not None
        script = tmp / "submit.lua"
        script.write_text(LUA)
        quota = args.submissions // args.threads
        wrk_env = dict(os.environ, LOAD_QUOTA=str(quota), LOAD_TOKEN=token.group(1),
                       LOAD_COOKIE=cookie, LOAD_PATH=path, LOAD_ORIGIN=origin)
        started = time.perf_counter()
        # wrk runs until its duration ends even when every thread has met its quota, so we
        # watch the database and stop wrk (SIGINT: it still prints its summary) once all N
        # comments are stored.
        client = subprocess.Popen(
            ["wrk", "-t", str(args.threads), "-c", str(args.clients),
             "-d", f"{args.max_seconds}s", "--timeout", "30s", "-s", str(script), origin],
            env=wrk_env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        while client.poll() is None and time.perf_counter() - started < args.max_seconds:
            if stored_count(url) >= args.submissions:
                time.sleep(1)  # let the in-flight double submits finish
                client.send_signal(signal.SIGINT)
                break
            time.sleep(0.5)
        stdout, stderr = client.communicate(timeout=60)
        wall = time.perf_counter() - started
        line = next((ln for ln in stdout.splitlines() if ln.startswith("RESULT ")), None)
        if line is None:
            print(stdout, stderr, file=sys.stderr)
            return 1
        result = json.loads(line[len("RESULT "):])
    finally:
        server.terminate()
        server.wait(timeout=30)

    stored, distinct, first, last = query(url, (
        "SELECT count(*), count(DISTINCT idempotency_key), min(created_at), max(created_at) "
        "FROM feedback_feedbackitem"))
    span = (parse_time(last) - parse_time(first)).total_seconds()
    result.update(database=args.database, submissions=args.submissions, clients=args.clients,
                  workers=args.workers, stored=stored, distinct_keys=distinct,
                  # From the server's own clock: first to last stored comment.
                  per_second=round((stored - 1) / span, 1) if span else None,
                  wall_seconds=round(wall, 1),
                  exactly_once=stored == args.submissions == distinct)
    print(json.dumps(result, indent=2))
    shutil.rmtree(tmp, ignore_errors=True)
    return 0 if result["exactly_once"] and not result["failed"] else 1


if __name__ == "__main__":
    sys.exit(main())

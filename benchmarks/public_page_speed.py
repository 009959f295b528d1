"""Speed of the public "You said, we did" page: the production set-up (granian, production
settings, the page served from its stored rendering) beside nginx serving the same bytes as a
static file, in the same run, on this machine.

    .venv/bin/python benchmarks/public_page_speed.py [--responses 200] [--seconds 10]
        [--connections 16] [--workers CPUS] [--rounds 3] [--full-stack]

Needs nginx and wrk (Debian: apt-get install nginx wrk); without them it says so and stops.
Load goes only to 127.0.0.1, for a bounded time (--seconds per run, at most 60). Everything it
makes lives in a temporary folder that is removed at the end.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PYTHON = ROOT / ".venv" / "bin" / "python"
GUNICORN = ROOT / ".venv" / "bin" / "gunicorn"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def wait_for(url: str, timeout: float = 30) -> bytes:
    deadline = time.monotonic() + timeout
    while True:
        try:
            with urllib.request.urlopen(url, timeout=5) as r:
                return bytes(r.read())
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.2)


def build_data(responses: int) -> str:
    """Run in a child process with production settings: a fresh area, published. Prints the
    public page's path."""
    import datetime as dt

    import django

    django.setup()
    from django.urls import reverse

    from saidanddone.areas.actors import SYSTEM
    from saidanddone.areas.services import membership_set, user_create
    from saidanddone.commitments import services as commitments
    from saidanddone.publishing import services as publishing
    from saidanddone.themes.services import area_set_up

    area = area_set_up(name="Benchmark", slug="benchmark", forum_name="Benchmark Parent Forum",
                       by=SYSTEM)
    officer = user_create(username="bench-officer", password="bench-password-1234", by=SYSTEM)
    forum = user_create(username="bench-forum", password="bench-password-1234", by=SYSTEM)
    membership_set(area=area, user=officer, role="send_officer", by=SYSTEM)
    membership_set(area=area, user=forum, role="forum_reviewer", by=SYSTEM)
    today = dt.date.today()
    chosen = []
    for i in range(responses):
        response = commitments.response_create(
            area=area, title=f"Response {i + 1}: clearer letters about support", by=officer,
            you_said="Families told us letters were hard to understand and arrived late. "
                     "They want to know who to ring and when things will happen.",
            easy_read="Letters were hard to read.\nWe will make them clearer.")
        for j in range(2):
            commitments.commitment_create(
                response=response, owner_team="Family Information Team", by=officer,
                text=f"Rewrite letter {j + 1} with families and test it with five parents.",
                start_date=today - dt.timedelta(days=30),
                due_date=today + dt.timedelta(days=60 + 10 * j))
        chosen.append(response)
    publication = publishing.publication_create(
        area=area, title="You said, we did: benchmark", period_label="Benchmark year",
        period_start=today - dt.timedelta(days=365), period_end=today, responses=chosen,
        by=officer)
    publishing.publication_send_to_forum(publication=publication, by=officer)
    publishing.publication_sign_off(publication=publication, decision="agreed",
                                    statement="We agree.", by=forum)
    publishing.publication_publish(publication=publication, by=officer)
    return reverse("public:publication", args=[area.slug, publication.slug])


def wrk(url: str, seconds: int, connections: int) -> dict[str, float]:
    out = subprocess.run(
        ["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "--latency", "--timeout", "10s",
         url], capture_output=True, text=True, check=True, timeout=seconds + 30).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))  # type: ignore[union-attr]
    p99 = re.search(r"99%\s+([\d.]+)(us|ms|s)\b", out)
    assert p99 is not None, out
    scale = {"us": 0.001, "ms": 1.0, "s": 1000.0}[p99.group(2)]
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    total = re.search(r"(\d+) requests in", out)
    return {"rps": rps, "p99_ms": float(p99.group(1)) * scale,
            "requests": int(total.group(1)) if total else 0,
            "errors": int(errors.group(1)) if errors else 0}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--responses", type=int, default=200)
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 2)
    parser.add_argument("--server", choices=["granian", "gunicorn"], default="granian",
                        help="the WSGI server (production uses granian: decision 0005)")
    parser.add_argument("--rounds", type=int, default=3,
                        help="turns each side takes (alternating), --seconds each")
    parser.add_argument("--full-stack", action="store_true",
                        help="send stored pages through the whole middleware stack too (turns "
                             "off the fast path of decision 0225), for comparison")
    parser.add_argument("--build-data", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.build_data:
        print(build_data(args.responses))
        return 0
    args.seconds = max(1, min(args.seconds, 60))
    args.rounds = max(1, min(args.rounds, 10))
    missing = [tool for tool in ("nginx", "wrk") if not shutil.which(tool)]
    if missing:
        print(f"Missing: {', '.join(missing)}. This benchmark compares the application with "
              "nginx serving the same bytes, measured by wrk. On Debian: "
              "apt-get install nginx wrk", file=sys.stderr)
        return 2

    tmp = Path(tempfile.mkdtemp(prefix="sd-bench-"))
    env = dict(os.environ, DJANGO_SETTINGS_MODULE="saidanddone.settings.production",
               SECRET_KEY="benchmark-" + os.urandom(24).hex(), ALLOWED_HOSTS="127.0.0.1",
               SAIDANDDONE_VAR_DIR=str(tmp / "var"), SECURE_COOKIES="0", LOG_LEVEL="ERROR",
               PYTHONPATH=str(ROOT / "src"),
               SAIDANDDONE_STORED_PAGES_FAST="0" if args.full_stack else "1")
    env.pop("DATABASE_URL", None)  # a fresh SQLite database in the temporary folder
    procs: list[subprocess.Popen[bytes]] = []
    try:
        (tmp / "var").mkdir()
        for command in (["migrate", "--noinput", "-v0"], ["collectstatic", "--noinput", "-v0"]):
            subprocess.run([str(PYTHON), "-m", "django", *command], env=env, check=True,
                           cwd=ROOT)
        started = time.monotonic()
        path = subprocess.run([str(PYTHON), __file__, "--build-data", "--responses",
                               str(args.responses)], env=env, check=True, cwd=ROOT,
                              capture_output=True, text=True).stdout.strip().splitlines()[-1]
        build_s = time.monotonic() - started

        app_port, nginx_port = free_port(), free_port()
        if args.server == "granian":  # the production server (decision 0005)
            cmd = [str(ROOT / ".venv/bin/granian"), "--interface", "wsgi", "--workers",
                   str(args.workers), "--blocking-threads", "2", "--host", "127.0.0.1",
                   "--port", str(app_port), "--log-level", "warning",
                   "saidanddone.wsgi:application"]
        else:
            cmd = [str(GUNICORN), "saidanddone.wsgi", "--workers", str(args.workers),
                   "--bind", f"127.0.0.1:{app_port}", "--log-level", "warning"]
        procs.append(subprocess.Popen(cmd, env=env, cwd=ROOT))
        app_url = f"http://127.0.0.1:{app_port}{path}"
        body = wait_for(app_url)

        site = tmp / "site"
        site.mkdir()
        (site / "page.html").write_bytes(body)
        for readable in (tmp, site):  # nginx's workers drop to an unprivileged user
            readable.chmod(0o755)
        (site / "page.html").chmod(0o644)
        conf = tmp / "nginx.conf"
        conf.write_text(f"""
worker_processes {os.cpu_count() or 2};
pid {tmp}/nginx.pid;
error_log {tmp}/nginx-error.log warn;
daemon off;
events {{ worker_connections 1024; }}
http {{
  access_log off;
  sendfile on;
  tcp_nopush on;
  client_body_temp_path {tmp}/nginx-body;
  proxy_temp_path {tmp}/nginx-proxy;
  fastcgi_temp_path {tmp}/nginx-fastcgi;
  uwsgi_temp_path {tmp}/nginx-uwsgi;
  scgi_temp_path {tmp}/nginx-scgi;
  types {{ text/html html; }}
  server {{
    listen 127.0.0.1:{nginx_port};
    root {site};
    location / {{ }}
  }}
}}
""")
        procs.append(subprocess.Popen(["nginx", "-c", str(conf), "-p", str(tmp)]))
        nginx_url = f"http://127.0.0.1:{nginx_port}/page.html"
        assert wait_for(nginx_url) == body

        for url in (app_url, nginx_url):  # warm up both
            wrk(url, 2, args.connections)
        app_name = f"application ({args.server})"
        targets = [(app_name, app_url), ("nginx static file", nginx_url)]
        rounds: list[dict[str, dict[str, float]]] = []
        for n in range(args.rounds):
            # Taking turns, in alternating order, so that other load on a shared machine falls
            # on both sides alike.
            rounds.append({name: wrk(url, args.seconds, args.connections)
                           for name, url in (targets if n % 2 == 0 else targets[::-1])})
        results = {name: {
            "rps": sum(r[name]["rps"] for r in rounds) / len(rounds),
            "p99_ms": max(r[name]["p99_ms"] for r in rounds),
            "requests": sum(r[name]["requests"] for r in rounds),
            "errors": sum(r[name]["errors"] for r in rounds)} for name, _ in targets}
        app, static = results[app_name], results["nginx static file"]
        report = {
            "rounds": args.rounds, "round_shares": [
                round(r[app_name]["rps"] / r["nginx static file"]["rps"], 3) for r in rounds],
            "responses": args.responses, "page_bytes": len(body), "seconds": args.seconds,
            "connections": args.connections, "server": args.server, "workers": args.workers,
            "fast_path": not args.full_stack,
            "cpus": os.cpu_count(), "build_and_publish_s": round(build_s, 1),
            "results": results, "app_share_of_nginx": round(app["rps"] / static["rps"], 3),
        }
        print(json.dumps(report, indent=1))
        print("\n| served by | requests/s (mean of rounds) | slowest 1% (worst round's p99) | "
              "requests | errors |\n"
              "|---|---:|---:|---:|---:|")
        for name, r in results.items():
            print(f"| {name} | {r['rps']:,.0f} | {r['p99_ms']:.1f} ms | {r['requests']:,} | "
                  f"{r['errors']} |")
        print(f"\nPage: {len(body):,} bytes, {args.responses} responses. Application throughput "
              f"is {report['app_share_of_nginx']:.0%} of nginx's (rounds: "
              f"{', '.join(f'{x:.0%}' for x in report['round_shares'])}).")
        return 0
    finally:
        for proc in procs:
            proc.send_signal(signal.SIGTERM)
        for proc in procs:
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                proc.kill()
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())

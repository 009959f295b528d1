"""`make audit`: known advisories in the versions requirements.lock pins, through pip-audit.

An audit that could not reach an advisory database is not a clean audit, so this says which
database it tried, and exits 2, rather than letting pip-audit print "could not be audited" a
hundred times and still look like a pass. Exit codes: 0 no known advisories; 1 advisories
found (pip-audit lists them); 2 the audit could not be done.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
import urllib.error
import urllib.request
from collections.abc import Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LOCK = ROOT / "requirements.lock"
TIMEOUT_S = 10


def pinned(lock: Path = LOCK) -> dict[str, str]:
    """Every ``name==version`` the lock file pins."""
    pins: dict[str, str] = {}
    for line in lock.read_text(encoding="utf-8").splitlines():
        match = re.match(r"^([A-Za-z0-9_.\-]+)==([^\s;\\]+)", line)
        if match:
            pins[match.group(1).lower()] = match.group(2)
    return pins


def _answers(request: urllib.request.Request) -> bool:
    try:
        # Only the https addresses of probes() (or a test's local address) reach here.
        with urllib.request.urlopen(request, timeout=TIMEOUT_S) as response:  # noqa: S310
            json.load(response)
            return bool(response.status == 200)
    except (urllib.error.URLError, OSError, ValueError):
        return False


def probes(name: str, version: str) -> list[tuple[str, urllib.request.Request]]:
    """The two databases pip-audit can use, each asked about one locked package the way
    pip-audit asks: PyPI's per-release JSON, then OSV's query API."""
    osv_query = json.dumps(
        {"package": {"name": name, "ecosystem": "PyPI"}, "version": version}
    ).encode()
    return [
        ("pypi", urllib.request.Request(f"https://pypi.org/pypi/{name}/{version}/json")),
        (
            "osv",
            urllib.request.Request(
                "https://api.osv.dev/v1/query",
                data=osv_query,
                headers={"Content-Type": "application/json"},
            ),
        ),
    ]


def reachable_service(candidates: Sequence[tuple[str, urllib.request.Request]]) -> str | None:
    for service, request in candidates:
        if _answers(request):
            return service
    return None


def main(candidates: Sequence[tuple[str, urllib.request.Request]] | None = None) -> int:
    if candidates is None:
        candidates = probes("django", pinned()["django"])
    service = reachable_service(candidates)
    if service is None:
        tried = ", ".join(request.full_url for _, request in candidates)
        print(
            "AUDIT NOT DONE: no advisory database could be reached from this machine "
            f"(tried {tried}). Nothing was checked; run `make audit` where one of them "
            "answers.",
            file=sys.stderr,
        )
        return 2
    command = [
        str(Path(sys.executable).with_name("pip-audit")),
        "--requirement", str(LOCK),
        "--require-hashes", "--disable-pip", "--strict",
        "--vulnerability-service", service,
        "--progress-spinner", "off",
    ]
    print(f"Auditing {len(pinned())} locked packages against {service}.", flush=True)
    result = subprocess.run(command, check=False, capture_output=True, text=True)  # noqa: S603
    sys.stdout.write(result.stdout)
    sys.stderr.write(result.stderr)
    if "could not be audited" in result.stdout + result.stderr:
        print(
            f"AUDIT INCOMPLETE: {service} did not answer for some packages (listed above).",
            file=sys.stderr,
        )
        return 2
    return 0 if result.returncode == 0 else 1


if __name__ == "__main__":
    sys.exit(main())

"""How long the inspection evidence pack takes (issue 14, decision 0222): the demo area, and a
generated area with many comments and commitments, each as Word and as PDF.

    PYTHONPATH=src .venv/bin/python benchmarks/evidence_pack_speed.py [--comments 2000]
        [--commitments 200] [--repeat 3]

Runs on a throwaway test database (SQLite in memory, or a test copy of ``DATABASE_URL``'s
PostgreSQL). The generated area's comments are made-up sentences written here, stored as if
already analysed (redacted, themed), with status changes, updates and evidence on every
commitment, so the pack has as much to say as a busy year. Prints one line per case (wall time,
and the process's CPU time, steadier on a shared machine) and a JSON summary; the figures go in
docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import statistics
import sys
import time
from typing import Any

WORDS = ("The wait for the plan was long and nobody told us why. The new phone line helped. "
         "Transport to school was late again this term. We were not asked about the review. "
         "Speech and language therapy stopped after six sessions. The school listened to us. "
         "Letters arrived after the meeting. The short breaks service was full.").split(". ")


def generate(*, comments: int, commitments: int, seed: int = 14) -> Any:
    """A busy area built straight into the tables (the services would spend minutes analysing
    text the pack only reads)."""
    from django.utils import timezone

    from saidanddone.areas.actors import SYSTEM
    from saidanddone.areas.services import area_create, membership_set, user_create
    from saidanddone.commitments.models import (
        Commitment,
        DueDateRevision,
        Evidence,
        ProgressUpdate,
        Response,
        StatusChange,
    )
    from saidanddone.feedback.models import Channel, Consent, FeedbackItem, SafeguardingState
    from saidanddone.publishing.models import ForumSignOff, Publication
    from saidanddone.themes.models import Theme, ThemeAssignment

    rng = random.Random(seed)
    today = timezone.localdate()
    area = area_create(name="Benchmark Shire", slug="benchmark-shire",
                       forum_name="Benchmark Parent Forum", by=SYSTEM)
    officer = user_create(username="bench-officer", password="bench-password-1234", by=SYSTEM)
    membership_set(area=area, user=officer, role="send_officer", by=SYSTEM)
    themes = list(Theme.objects.filter(area=area, active=True))
    channel = Channel.objects.create(area=area, kind=Channel.Kind.WEB_FORM, name="Online form")
    now = timezone.now()
    items = FeedbackItem.objects.bulk_create([
        FeedbackItem(area=area, channel=channel, text_original=f"Comment {i}. {rng.choice(WORDS)}",
                     text_redacted=f"Comment {i}. {rng.choice(WORDS)}",
                     received_on=today - dt.timedelta(days=rng.randrange(365)),
                     respondent_role=rng.choice(["parent", "young_person", "professional"]),
                     consent=rng.choice([Consent.VERBATIM, Consent.PARAPHRASE]),
                     safeguarding_state=SafeguardingState.NONE, sentiment="negative",
                     analysed_at=now)
        for i in range(comments)], batch_size=500)
    ThemeAssignment.objects.bulk_create([
        ThemeAssignment(feedback=item, theme=rng.choice(themes), confirmed_by=officer)
        for item in items], batch_size=500)
    responses = Response.objects.bulk_create([
        Response(area=area, title=f"Response {r + 1}: {rng.choice(WORDS)}",
                 you_said=rng.choice(WORDS)) for r in range(max(1, commitments // 5))])
    for response in responses:
        response.themes.set(rng.sample(themes, 2))
    statuses = ["planned", "in_progress", "done", "not_possible"]
    made = Commitment.objects.bulk_create([
        Commitment(area=area, response=responses[c % len(responses)],
                   text=f"Commitment {c + 1}: {rng.choice(WORDS)}",
                   owner_team=rng.choice(["SEND team", "Transport", "Health", "Schools"]),
                   accountable_role="Head of SEND", start_date=today - dt.timedelta(days=300),
                   due_date=today + dt.timedelta(days=rng.randrange(-120, 240)),
                   status=rng.choice(statuses),
                   status_changed_on=today - dt.timedelta(days=rng.randrange(200)),
                   last_update_on=today - dt.timedelta(days=rng.randrange(200)))
        for c in range(commitments)])
    StatusChange.objects.bulk_create([
        StatusChange(commitment=c, from_status="planned", to_status=c.status, reason="Agreed.",
                     changed_on=c.status_changed_on, by=officer) for c in made])
    DueDateRevision.objects.bulk_create([
        DueDateRevision(commitment=c, old_due_date=c.due_date, new_due_date=c.due_date,
                        reason="Waiting for the new contract.", by=officer)
        for c in made[::3] if c.due_date is not None])
    ProgressUpdate.objects.bulk_create([
        ProgressUpdate(commitment=c, text=f"Update {n}: {rng.choice(WORDS)}",
                       written_on=today - dt.timedelta(days=rng.randrange(300)), by=officer)
        for c in made for n in range(3)], batch_size=500)
    Evidence.objects.bulk_create([
        Evidence(commitment=c, kind="link", title=f"Minutes {n}",
                 url=f"https://benchmark.example/minutes/{c.pk}/{n}",
                 added_on=today - dt.timedelta(days=rng.randrange(300)), by=officer)
        for c in made for n in range(2)], batch_size=500)
    publication = Publication.objects.create(
        area=area, title="You said, we did", slug="ysyd", period_label="This year",
        period_start=today - dt.timedelta(days=365), period_end=today)
    ForumSignOff.objects.create(publication=publication, decision="agreed", by=officer,
                                statement="A fair summary of what families told us.")
    return area, officer


def measure(area: Any, user: Any, repeat: int) -> dict[str, Any]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    from saidanddone.publishing.evidence_pack import evidence_pack_build, pack_docx, pack_pdf

    end = timezone.localdate()
    start = end - dt.timedelta(days=365)
    out: dict[str, Any] = {}
    for fmt, render in (("docx", pack_docx), ("pdf", pack_pdf)):
        times, cpu, size, queries = [], [], 0, 0
        for _ in range(repeat):
            with CaptureQueriesContext(connection) as captured:
                began, began_cpu = time.perf_counter(), time.process_time()
                pack = evidence_pack_build(area=area, user=user, start=start, end=end)
                body = render(pack)
                times.append(time.perf_counter() - began)
                cpu.append(time.process_time() - began_cpu)
            size, queries = len(body), len(captured)
        out[fmt] = {"median_s": round(statistics.median(times), 2), "max_s": round(max(times), 2),
                    "cpu_s": round(statistics.median(cpu), 2), "bytes": size, "queries": queries,
                    "commitments": pack.commitments_count, "changes": len(pack.changes),
                    "changes_counted": sum(n for _what, n in pack.change_counts)}
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--comments", type=int, default=2000)
    parser.add_argument("--commitments", type=int, default=200)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "saidanddone.settings.test")
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test.utils import setup_test_environment

    from saidanddone.demo.loader import demo_load

    setup_test_environment()
    old_name = connection.settings_dict["NAME"]
    connection.creation.create_test_db(verbosity=0)
    try:
        demo = demo_load()
        results = {"demo": measure(demo, get_user_model().objects.get(username="officer"),
                                   args.repeat)}
        area, officer = generate(comments=args.comments, commitments=args.commitments)
        results[f"{args.comments} comments, {args.commitments} commitments"] = measure(
            area, officer, args.repeat)
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)
    for case, by_format in results.items():
        for fmt, r in by_format.items():
            print(f"{case:>40} {fmt:>4}: median {r['median_s']:.2f} s, max {r['max_s']:.2f} s, "
                  f"CPU {r['cpu_s']:.2f} s, "
                  f"{r['bytes'] / 1024:.0f} KiB, {r['queries']} queries, "
                  f"{r['commitments']} commitments, {r['changes']} of {r['changes_counted']} "
                  "changes listed")
    print(json.dumps(results))
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Owner teams are told each week what needs them (issue 14): commitments late, due within two
weeks, or with no update for a long time, each with its link; one e-mail a team a week, through
a real SMTP conversation, from the worker's sweep or the `digest` command."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.management import call_command
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from saidanddone.commitments import services
from saidanddone.commitments.digest import owner_digests_queue
from saidanddone.commitments.models import Commitment
from tests.conftest import Sink, smtp_settings
from tests.helpers import check_page, sign_in, text_of

pytestmark = pytest.mark.django_db
TEAM = "Travel Assistance"


@pytest.fixture
def promises(demo: Any, officer: Any) -> dict[str, Commitment]:
    today = timezone.localdate()
    response = services.response_create(area=demo, title="Journeys to school",
                                        you_said="Taxis are late.", by=officer)

    def make(text: str, due_in: int) -> Commitment:
        return services.commitment_create(response=response, text=text, owner_team=TEAM,
                                          due_date=today + dt.timedelta(days=due_in), by=officer)

    made = {"late": make("Check every route's timings.", 30),
            "soon": make("Tell families who their driver is.", 10),
            "stale": make("Train escorts in autism awareness.", 200),
            "fine": make("Publish the new transport policy.", 120)}
    Commitment.objects.filter(pk=made["late"].pk).update(due_date=today - dt.timedelta(days=3))
    Commitment.objects.filter(pk=made["stale"].pk).update(
        last_update_on=today - dt.timedelta(days=120))
    demo.owner_contacts = f"{TEAM}: travel.leads@westmere.example, duty@westmere.example"
    demo.save()
    return made


def run(port: int, capture: Any, today: dt.date | None = None) -> int:
    with override_settings(**smtp_settings(port)), capture(execute=True):
        return owner_digests_queue(today=today)


def test_a_team_is_told_what_needs_it_once_a_week(
        demo: Any, promises: dict[str, Commitment], smtp_sink: tuple[Sink, int],
        django_capture_on_commit_callbacks: Any) -> None:
    sink, port = smtp_sink
    assert run(port, django_capture_on_commit_callbacks) == 1
    (recipients, message), = sink.messages
    assert sorted(recipients) == ["duty@westmere.example", "travel.leads@westmere.example"]
    assert "3 commitments for Travel Assistance" in message["Subject"]
    body = sink.bodies()[0]
    late, soon, stale = (body.index(h) for h in ("Late:", "Due within 14 days",
                                                  "No update for 90 days"))
    assert late < body.index("Check every route's timings.") < soon
    assert soon < body.index("Tell families who their driver is.") < stale
    assert stale < body.index("Train escorts in autism awareness.")
    assert "Publish the new transport policy." not in body
    assert reverse("workspace:commitment_detail",
                   args=[demo.slug, promises["late"].pk]) in body
    # Again this week: nothing. Next week: a new one.
    assert run(port, django_capture_on_commit_callbacks) == 0
    assert len(sink.messages) == 1
    next_week = timezone.localdate() + dt.timedelta(days=7)
    assert run(port, django_capture_on_commit_callbacks, today=next_week) == 1
    assert len(sink.messages) == 2


def test_a_team_with_nothing_to_look_at_gets_nothing(
        demo: Any, promises: dict[str, Commitment], officer: Any, smtp_sink: tuple[Sink, int],
        django_capture_on_commit_callbacks: Any) -> None:
    sink, port = smtp_sink
    for key in ("late", "soon", "stale"):
        Commitment.objects.filter(pk=promises[key].pk).update(status="done")
    assert run(port, django_capture_on_commit_callbacks) == 0
    assert sink.messages == []


def test_the_sweep_sends_it(demo: Any, promises: dict[str, Commitment],
                            smtp_sink: tuple[Sink, int],
                            django_capture_on_commit_callbacks: Any) -> None:
    sink, port = smtp_sink
    with override_settings(**smtp_settings(port)), \
            django_capture_on_commit_callbacks(execute=True):
        call_command("sweep")
        call_command("digest")  # the cron command after the sweep: nothing more this week
    assert len(sink.messages) == 1


def test_a_wrong_owner_line_is_named_on_the_settings_page(client: Any, demo: Any,
                                                          admin_user: Any) -> None:
    from saidanddone.areas.services import AREA_SETTINGS

    sign_in(client, admin_user)
    data = {name: getattr(demo, name) for name in AREA_SETTINGS}
    data["owner_contacts"] = "Travel Assistance travel@westmere.example"
    page = client.post(reverse("workspace:area_settings", args=[demo.slug]), data)
    soup = check_page(page.content, "owner contacts with a mistake")
    assert "Line 1 of the commitment owners must be a team, a colon and its addresses" in \
        text_of(str(soup.select_one(".govuk-error-summary")))
    data["owner_contacts"] = "Travel Assistance: travel@"
    page = client.post(reverse("workspace:area_settings", args=[demo.slug]), data)
    assert "which is not an e-mail address" in text_of(page.content)

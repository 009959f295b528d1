"""The `saidanddone` console script and the project's management commands."""

from __future__ import annotations

import io
import subprocess
import sys
from typing import Any

import pytest
from django.core.management import call_command

from saidanddone.areas.models import Area
from saidanddone.cli import PROJECT_COMMANDS
from saidanddone.core.models import AuditEntry


def test_help_lists_every_project_command() -> None:
    out = subprocess.run([sys.executable, "-m", "saidanddone.cli", "--help"],
                         capture_output=True, text=True, check=True).stdout
    for name in PROJECT_COMMANDS:
        assert name in out


@pytest.mark.django_db
def test_demo_reset_reloads_the_demo_area(demo: Area) -> None:
    out = io.StringIO()
    call_command("demo", "--reset", stdout=out)
    assert "Loaded the demo area" in out.getvalue()
    area = Area.objects.get(slug="westmere")
    assert area.pk != demo.pk
    assert area.feedback.count() >= 60


@pytest.mark.django_db
def test_createarea_and_addmember_are_audited(capsys: Any) -> None:
    call_command("createarea", "Northfold", "--forum", "Northfold Family Voice")
    call_command("addmember", "northfold", "nf-officer", "send_officer")
    area = Area.objects.get(slug="northfold")
    assert area.memberships.get().role == "send_officer"
    assert AuditEntry.objects.filter(area=area, action="membership.set").exists()


@pytest.mark.django_db
def test_loophealth_prints_the_figures(demo: Area) -> None:
    out = io.StringIO()
    call_command("loophealth", "westmere", stdout=out)
    assert "Overdue:" in out.getvalue()

"""A response and a commitment to work on, dated from today (a new due date may not have
passed already)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone

from saidanddone.commitments import services
from saidanddone.commitments.models import Commitment, Response


def days(n: int) -> dt.date:
    """The date ``n`` days from today (negative: in the past)."""
    return timezone.localdate() + dt.timedelta(days=n)


@pytest.fixture
def response(demo: Any, officer: Any) -> Response:
    return services.response_create(area=demo, title="Clearer letters",
                                    you_said="Letters were hard to understand.", by=officer)


@pytest.fixture
def commitment(response: Response, officer: Any) -> Commitment:
    return services.commitment_create(response=response, text="Rewrite our standard letters.",
                                      owner_team="SEND Service", by=officer,
                                      start_date=days(-30), due_date=days(120))

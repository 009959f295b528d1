"""How long a failed safeguarding e-mail waits before the next try (docs/mutation.md)."""

from __future__ import annotations

import datetime as dt

import pytest

from saidanddone.feedback.services import ALERT_MAX_WAIT, _alert_wait


@pytest.mark.parametrize(("attempts", "minutes"), [
    (0, 1), (1, 1), (2, 2), (3, 4), (6, 32), (7, 60), (30, 60),
])
def test_the_wait_doubles_from_a_minute_up_to_an_hour(attempts: int, minutes: int) -> None:
    assert dt.timedelta(hours=1) == ALERT_MAX_WAIT
    assert _alert_wait(attempts) == dt.timedelta(minutes=minutes)

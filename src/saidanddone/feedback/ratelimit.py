"""A per-client rate limit for the public forms that keeps no address.

Each window (``SAIDANDDONE_RATE_WINDOW`` seconds) a client is known only by an HMAC of its
address and the window's start, keyed with the secret key: the same client cannot be followed
from one window to the next, and rows older than two windows are deleted as we go. Behind a
reverse proxy the address is the family's, not the proxy's, and an IPv6 client counts by its
/64 network (see core/clientaddress.py).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import math

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.http import HttpRequest
from django.utils import timezone

from saidanddone.core.clientaddress import rate_limit_key
from saidanddone.feedback.models import RateBucket


def _window_start(now: dt.datetime, seconds: int) -> dt.datetime:
    epoch = int(now.timestamp())
    return dt.datetime.fromtimestamp(epoch - epoch % seconds, tz=dt.UTC)


def minutes_until_next_window() -> int:
    """Whole minutes (at least 1) until a refused client may send again."""
    seconds = settings.SAIDANDDONE_RATE_WINDOW
    now = timezone.now()
    left = (_window_start(now, seconds) + dt.timedelta(seconds=seconds) - now).total_seconds()
    return max(1, math.ceil(left / 60))


@transaction.atomic
def rate_limited(request: HttpRequest, scope: str) -> bool:
    """Count this submission; True when the client has passed the limit for this window."""
    limit = settings.SAIDANDDONE_RATE_LIMIT
    if limit <= 0:
        return False
    seconds = settings.SAIDANDDONE_RATE_WINDOW
    now = timezone.now()
    start = _window_start(now, seconds)
    message = f"{scope}|{rate_limit_key(request)}|{start.isoformat()}".encode()
    key = hmac.new(settings.SECRET_KEY.encode(), message, hashlib.sha256).hexdigest()
    updated = RateBucket.objects.filter(key=key).update(count=F("count") + 1)
    if not updated:
        _, created = RateBucket.objects.get_or_create(key=key, defaults={
            "window_start": start, "count": 1})
        if not created:
            RateBucket.objects.filter(key=key).update(count=F("count") + 1)
        RateBucket.objects.filter(
            window_start__lt=start - dt.timedelta(seconds=seconds)).delete()
    count = RateBucket.objects.filter(key=key).values_list("count", flat=True).first() or 0
    return count > limit

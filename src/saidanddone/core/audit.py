"""Writing the audit log. Every service that changes data calls ``audit``."""

from __future__ import annotations

import datetime as dt
import decimal
import uuid
from collections.abc import Iterable
from typing import Any

from django.db import models

from saidanddone.core.models import AuditEntry


def _plain(value: Any) -> Any:
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    if isinstance(value, uuid.UUID):
        return str(value)
    if isinstance(value, decimal.Decimal):
        return str(value)
    if isinstance(value, models.Model):
        return str(value.pk)
    if isinstance(value, list | tuple | set | frozenset):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    return value


def snapshot(instance: models.Model, fields: Iterable[str]) -> dict[str, Any]:
    """The named fields of a model instance as JSON-safe values (for before/after)."""
    out: dict[str, Any] = {}
    for name in fields:
        field = instance._meta.get_field(name)
        value = getattr(instance, field.attname)
        out[name] = _plain(value)
    return out


def audit(
    *,
    action: str,
    obj: models.Model,
    by: Any = None,
    area: Any = None,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
) -> AuditEntry:
    actor = by if getattr(by, "is_authenticated", False) else None
    return AuditEntry.objects.create(
        action=action,
        object_type=obj._meta.label_lower,
        object_id=str(obj.pk),
        actor=actor,
        area=area,
        before={k: _plain(v) for k, v in (before or {}).items()},
        after={k: _plain(v) for k, v in (after or {}).items()},
    )


def audit_each(
    *,
    action: str,
    changes: Iterable[tuple[models.Model, dict[str, Any], dict[str, Any]]],
    by: Any = None,
    area: Any = None,
) -> list[AuditEntry]:
    """One entry per (object, before, after), written in one query: for actions on many rows."""
    actor = by if getattr(by, "is_authenticated", False) else None
    return AuditEntry.objects.bulk_create(
        AuditEntry(action=action, object_type=obj._meta.label_lower, object_id=str(obj.pk),
                   actor=actor, area=area,
                   before={k: _plain(v) for k, v in before.items()},
                   after={k: _plain(v) for k, v in after.items()})
        for obj, before, after in changes
    )

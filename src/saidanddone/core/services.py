"""Writes to reference data made through the Django admin: still audited, still atomic."""

from __future__ import annotations

from typing import Any

from django.db import models, transaction

from saidanddone.core.audit import Acting, AuditAction, audit


def _area_of(obj: models.Model) -> Any:
    if obj._meta.label_lower == "areas.area":
        return obj
    return getattr(obj, "area", None) if hasattr(obj, "area_id") else None


@transaction.atomic
def reference_save(*, obj: models.Model, by: Acting, changed: list[str] | None = None) -> None:
    created = obj._state.adding
    obj.save()
    audit(action=AuditAction.REFERENCE_CREATE if created else AuditAction.REFERENCE_UPDATE,
          obj=obj, by=by, area=_area_of(obj),
          after={"record": obj._meta.verbose_name, "changed": changed or []})


@transaction.atomic
def reference_delete(*, obj: models.Model, by: Acting) -> None:
    audit(action=AuditAction.REFERENCE_DELETE, obj=obj, by=by, area=_area_of(obj),
          before={"record": obj._meta.verbose_name, "str": str(obj)})
    obj.delete()

"""Writes to reference data made through the Django admin: still audited, still atomic."""

from __future__ import annotations

from typing import Any

from django.db import models, transaction

from saidanddone.core.audit import audit


@transaction.atomic
def reference_save(*, obj: models.Model, by: Any, changed: list[str] | None = None) -> None:
    created = obj._state.adding
    obj.save()
    audit(action=f"{obj._meta.model_name}.{'create' if created else 'update'}", obj=obj, by=by,
          area=getattr(obj, "area", None) if hasattr(obj, "area_id") else None,
          after={"changed": changed or []})


@transaction.atomic
def reference_delete(*, obj: models.Model, by: Any) -> None:
    audit(action=f"{obj._meta.model_name}.delete", obj=obj, by=by,
          area=getattr(obj, "area", None) if hasattr(obj, "area_id") else None,
          before={"str": str(obj)})
    obj.delete()

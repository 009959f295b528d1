from __future__ import annotations

from typing import Any

from django.db.models import Count

from saidanddone.areas.models import Area
from saidanddone.core.models import AuditEntry
from saidanddone.themes.models import Theme


def themes_with_counts(*, area: Area) -> dict[str, Any]:
    """The area's themes in use and retired, each with how many comments a person gave it."""
    themes = (Theme.objects.filter(area=area).select_related("merged_into")
              .annotate(confirmed=Count("assignments", distinct=True))
              .order_by("position", "name"))  # Meta.ordering does not apply with GROUP BY
    return {"active": [t for t in themes if t.active],
            "retired": [t for t in themes if not t.active]}


def theme_history(*, theme: Any) -> list[Any]:
    """Every recorded change to a theme, newest first (from the audit log)."""
    return list(AuditEntry.objects.filter(object_type="themes.theme", object_id=str(theme.pk))
                .select_related("actor").order_by("-at"))

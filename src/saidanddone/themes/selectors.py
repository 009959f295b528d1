from __future__ import annotations

from typing import Any

from django.db.models import Max

from saidanddone.areas.models import Area
from saidanddone.feedback.selectors import countable_feedback, feedback_for
from saidanddone.themes.models import EmergingDismissal

# A comment is "not well explained" when no theme was confirmed and no suggestion is this sure.
WELL_EXPLAINED = 0.5


def emerging_themes(*, area: Area, user: Any) -> list[Any]:
    """Groups among comments no theme explains well, minus those a person dismissed."""
    from saidanddone.analysis.emerging import find_emerging_themes
    from saidanddone.themes.services import emerging_signature

    items = (countable_feedback(feedback_for(area=area, user=user))
             .filter(theme_assignments__isnull=True)
             .annotate(best=Max("theme_suggestions__score")))
    # Sorted, so the same comments always give the same groups (row order is not fixed).
    texts = sorted(i.text_redacted for i in items if i.best is None or i.best < WELL_EXPLAINED)
    dismissed = set(EmergingDismissal.objects.filter(area=area)
                    .values_list("signature", flat=True))
    groups = find_emerging_themes(texts, min_size=3)
    return [g for g in groups if emerging_signature(g.words) not in dismissed]


def themes_with_counts(*, area: Area) -> dict[str, Any]:
    """The area's themes in use and retired, each with how many comments a person gave it."""
    from django.db.models import Count

    from saidanddone.themes.models import Theme

    themes = (Theme.objects.filter(area=area).select_related("merged_into")
              .annotate(confirmed=Count("assignments", distinct=True))
              .order_by("position", "name"))  # Meta.ordering does not apply with GROUP BY
    return {"active": [t for t in themes if t.active],
            "retired": [t for t in themes if not t.active]}


def theme_history(*, theme: Any) -> list[Any]:
    """Every recorded change to a theme, newest first (from the audit log)."""
    from saidanddone.core.models import AuditEntry

    return list(AuditEntry.objects.filter(object_type="themes.theme", object_id=str(theme.pk))
                .select_related("actor").order_by("-at"))

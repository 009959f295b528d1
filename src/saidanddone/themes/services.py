from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from django.db import transaction

from saidanddone.areas import permissions
from saidanddone.areas.models import Area
from saidanddone.areas.selectors import role_of
from saidanddone.core.audit import audit
from saidanddone.themes.models import DefaultTheme, Theme, ThemeAssignment, ThemeSuggestion


def theme_copy_defaults_to_area(*, area: Area) -> list[Theme]:
    """Give an area its own editable copy of the default taxonomy."""
    return [
        Theme.objects.get_or_create(
            area=area, slug=d.slug,
            defaults={"name": d.name, "description": d.description, "position": d.position},
        )[0]
        for d in DefaultTheme.objects.all()
    ]


@transaction.atomic
def theme_create(*, area: Area, name: str, slug: str, description: str = "", by: Any) -> Theme:
    permissions.require(role_of(user=by, area=area), permissions.ADMIN_AREA, "edit themes")
    position = (Theme.objects.filter(area=area).order_by("-position").first() or Theme()).position
    theme = Theme.objects.create(
        area=area, name=name, slug=slug, description=description, position=position + 1
    )
    audit(action="theme.create", obj=theme, by=by, area=area, after={"name": name})
    return theme


def theme_suggestions_replace(
    *, feedback: Any, scores: Sequence[tuple[str, float, Sequence[str]]], model_version: str
) -> list[ThemeSuggestion]:
    """Store a machine's suggestions for one item (slug, score, words), replacing earlier ones.

    Called by the analysis task only; suggestions are not decisions, so they are not audited.
    """
    themes = {t.slug: t for t in Theme.objects.filter(area_id=feedback.area_id, active=True)}
    ThemeSuggestion.objects.filter(feedback=feedback).delete()
    return ThemeSuggestion.objects.bulk_create(
        ThemeSuggestion(feedback=feedback, theme=themes[slug], score=round(score, 4),
                        words=list(words), model_version=model_version)
        for slug, score, words in scores if slug in themes
    )


@transaction.atomic
def feedback_confirm_themes(*, feedback: Any, themes: Iterable[Theme], by: Any) -> list[Theme]:
    """A person decides which themes an item is about (confirming or correcting suggestions)."""
    area = feedback.area
    permissions.require(role_of(user=by, area=area), permissions.CONFIRM_THEMES, "confirm themes")
    chosen = {t.pk: t for t in themes}
    if any(t.area_id != area.pk for t in chosen.values()):
        raise ValueError("A theme from another area cannot be used.")
    before = sorted(
        ThemeAssignment.objects.filter(feedback=feedback).values_list("theme__slug", flat=True)
    )
    suggested = set(
        ThemeSuggestion.objects.filter(feedback=feedback).values_list("theme_id", flat=True)
    )
    ThemeAssignment.objects.filter(feedback=feedback).exclude(theme_id__in=chosen).delete()
    existing = set(
        ThemeAssignment.objects.filter(feedback=feedback).values_list("theme_id", flat=True)
    )
    ThemeAssignment.objects.bulk_create(
        ThemeAssignment(feedback=feedback, theme=t, confirmed_by=by,
                        from_suggestion=t.pk in suggested)
        for pk, t in chosen.items() if pk not in existing
    )
    after = sorted(t.slug for t in chosen.values())
    audit(action="feedback.confirm_themes", obj=feedback, by=by, area=area,
          before={"themes": before}, after={"themes": after})
    return list(chosen.values())

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from django.db import transaction

from saidanddone.areas import permissions
from saidanddone.areas.actors import Actor, person
from saidanddone.areas.models import Area
from saidanddone.areas.selectors import role_of
from saidanddone.areas.services import area_create
from saidanddone.core.audit import AuditAction, audit, audit_each
from saidanddone.themes.models import (
    DefaultTheme,
    EmergingDismissal,
    Theme,
    ThemeAssignment,
    ThemeSuggestion,
)
from saidanddone.themes.signals import labels_changed


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
def area_set_up(*, name: str, by: Actor, slug: str | None = None, **details: Any) -> Area:
    """Create an area with its own copy of the default theme taxonomy (the createarea command,
    the demo). Not in ``area_create``: areas sit below themes (docs/architecture.md)."""
    area = area_create(name=name, by=by, slug=slug, **details)
    theme_copy_defaults_to_area(area=area)
    return area


@transaction.atomic
def theme_create(*, area: Area, name: str, slug: str, description: str = "", by: Actor) -> Theme:
    permissions.require(role_of(user=by, area=area), permissions.ADMIN_AREA, "edit themes")
    if not name.strip():
        raise ValueError("Enter the theme's name.")
    if Theme.objects.filter(area=area, name__iexact=name.strip()).exists():
        raise ValueError(f"A theme is already called '{name.strip()}'.")
    position = (Theme.objects.filter(area=area).order_by("-position").first() or Theme()).position
    theme = Theme.objects.create(
        area=area, name=name, slug=slug, description=description, position=position + 1
    )
    audit(action=AuditAction.THEME_CREATE, obj=theme, by=by, area=area, after={"name": name})
    return theme


def theme_new_slug(*, area: Area, name: str) -> str:
    """A slug for a new theme, unique in the area (slugs never change once made)."""
    from django.utils.text import slugify

    base = slugify(name)[:50] or "theme"
    slug, n = base, 2
    while Theme.objects.filter(area=area, slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


@transaction.atomic
def theme_update(*, theme: Theme, name: str, description: str, by: Actor) -> Theme:
    """Rename a theme or reword its description; the audit log keeps the old wording."""
    area = theme.area
    permissions.require(role_of(user=by, area=area), permissions.ADMIN_AREA, "edit themes")
    name, description = name.strip(), description.strip()
    if not name:
        raise ValueError("Enter the theme's name.")
    if Theme.objects.filter(area=area, name__iexact=name).exclude(pk=theme.pk).exists():
        raise ValueError(f"Another theme is already called '{name}'.")
    before = {"name": theme.name, "description": theme.description}
    after = {"name": name, "description": description}
    if before != after:
        theme.name, theme.description = name, description
        theme.save(update_fields=["name", "description", "updated_at"])
        audit(action=AuditAction.THEME_UPDATE,
              obj=theme, by=by, area=area, before=before, after=after)
    return theme


@transaction.atomic
def theme_set_active(*, theme: Theme, active: bool, by: Actor) -> Theme:
    """Retire a theme (no new suggestions or choices; its history stays) or bring it back."""
    area = theme.area
    permissions.require(role_of(user=by, area=area), permissions.ADMIN_AREA, "edit themes")
    if theme.merged_into_id is not None and active:
        raise ValueError(f"'{theme.name}' was merged into another theme and cannot come back.")
    if theme.active != active:
        theme.active = active
        theme.save(update_fields=["active", "updated_at"])
        audit(action=AuditAction.THEME_RESTORE if active else AuditAction.THEME_RETIRE,
              obj=theme, by=by, area=area,
              before={"active": not active}, after={"active": active})
    return theme


@transaction.atomic
def theme_merge(*, source: Theme, target: Theme, by: Actor) -> Theme:
    """Merge ``source`` into ``target``: its comments and responses move to ``target``.

    ``source`` is kept, retired and pointing at ``target``, so its history still reads; the
    audit record lists what moved. Suggestions for ``source`` are dropped (the next analysis
    suggests ``target``), and the area's model is retrained on the merged labels.
    """
    area = source.area
    permissions.require(role_of(user=by, area=area), permissions.ADMIN_AREA, "merge themes")
    if source.area_id != target.area_id:
        raise ValueError("A theme can only be merged into a theme of the same area.")
    if source.pk == target.pk:
        raise ValueError("Choose a different theme to merge into.")
    if not target.active:
        raise ValueError(f"'{target.name}' is retired: choose a theme that is in use.")
    moved: list[str] = []
    for assignment in ThemeAssignment.objects.filter(theme=source):
        if ThemeAssignment.objects.filter(feedback_id=assignment.feedback_id,
                                          theme=target).exists():
            assignment.delete()
        else:
            assignment.theme = target
            assignment.save(update_fields=["theme", "updated_at"])
        moved.append(str(assignment.feedback_id))
    ThemeSuggestion.objects.filter(theme=source).delete()
    responses = list(source.responses.all())
    for response in responses:
        response.themes.add(target)
        response.themes.remove(source)
    source.active = False
    source.merged_into = target
    source.save(update_fields=["active", "merged_into", "updated_at"])
    audit(action=AuditAction.THEME_MERGE, obj=source, by=by, area=area,
          before={"theme": source.name},
          after={"merged_into": target.name, "comments": moved,
                 "responses": [str(r.pk) for r in responses]})
    if moved:
        labels_changed.send(sender=Theme, area=area)
    return target


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
def feedback_confirm_themes(*, feedback: Any, themes: Iterable[Theme], by: Actor) -> list[Theme]:
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
        ThemeAssignment(feedback=feedback, theme=t, confirmed_by=person(by),
                        from_suggestion=t.pk in suggested)
        for pk, t in chosen.items() if pk not in existing
    )
    after = sorted(t.slug for t in chosen.values())
    audit(action=AuditAction.FEEDBACK_CONFIRM_THEMES, obj=feedback, by=by, area=area,
          before={"themes": before}, after={"themes": after})
    if before != after:
        labels_changed.send(sender=Theme, area=area)
    return list(chosen.values())


@transaction.atomic
def feedback_bulk_confirm(*, items: Iterable[Any], theme: Theme | None, by: Actor) -> int:
    """Confirm many items at once: each item's own suggestions, or one chosen theme for all.

    The same decision as feedback_confirm_themes for each item, made for the whole batch in a
    fixed number of queries however many items it holds (one permission check, one read of
    the suggestions and of the existing themes, one delete, one insert, one audit insert).
    Corrections teach the area's model: a retraining task is queued once the batch is saved.
    """
    items = list(items)
    if not items:
        return 0
    area_ids = {item.area_id for item in items}
    if len(area_ids) != 1:
        raise ValueError("Confirm the comments of one area at a time.")
    area = Area.objects.get(pk=area_ids.pop())
    permissions.require(role_of(user=by, area=area), permissions.CONFIRM_THEMES, "confirm themes")
    if theme is not None and theme.area_id != area.pk:
        raise ValueError("A theme from another area cannot be used.")
    ids = [item.pk for item in items]
    suggested: dict[Any, dict[Any, Theme]] = {}
    for suggestion in ThemeSuggestion.objects.filter(feedback_id__in=ids).select_related("theme"):
        suggested.setdefault(suggestion.feedback_id, {})[suggestion.theme_id] = suggestion.theme
    existing: dict[Any, dict[Any, tuple[Any, str]]] = {}
    for pk, feedback_id, theme_id, slug in ThemeAssignment.objects.filter(
            feedback_id__in=ids).values_list("pk", "feedback_id", "theme_id", "theme__slug"):
        existing.setdefault(feedback_id, {})[theme_id] = (pk, slug)
    stale, new, changes = [], [], []
    for item in items:
        offered = suggested.get(item.pk, {})
        chosen = {theme.pk: theme} if theme is not None else offered
        if not chosen:
            continue
        had = existing.get(item.pk, {})
        stale += [pk for theme_id, (pk, _) in had.items() if theme_id not in chosen]
        new += [ThemeAssignment(feedback=item, theme=t, confirmed_by=person(by),
                                from_suggestion=pk in offered)
                for pk, t in chosen.items() if pk not in had]
        before = sorted(slug for _, slug in had.values())
        changes.append((item, {"themes": before},
                        {"themes": sorted(t.slug for t in chosen.values())}))
    if stale:
        ThemeAssignment.objects.filter(pk__in=stale).delete()
    if new:
        ThemeAssignment.objects.bulk_create(new)
    audit_each(action=AuditAction.FEEDBACK_CONFIRM_THEMES, changes=changes, by=by, area=area)
    if any(before != after for _, before, after in changes):
        labels_changed.send(sender=Theme, area=area)
    return len(changes)


def emerging_signature(words: Iterable[str]) -> str:
    return ",".join(sorted(words)[:8])[:300]


@transaction.atomic
def emerging_dismiss(*, area: Area, words: Iterable[str], by: Actor) -> None:
    """A person decided this group is not a theme: do not offer it again."""
    permissions.require(role_of(user=by, area=area), permissions.CONFIRM_THEMES,
                        "decide on emerging themes")
    signature = emerging_signature(words)
    dismissal, _ = EmergingDismissal.objects.get_or_create(
        area=area, signature=signature, defaults={"by": by})
    audit(action=AuditAction.THEME_EMERGING_DISMISS, obj=dismissal, by=by, area=area,
          after={"words": signature})


@transaction.atomic
def emerging_adopt(*, area: Area, name: str, words: Iterable[str], by: Actor) -> Theme:
    """Adopt an emerging group into the area's taxonomy as a new theme."""
    permissions.require(role_of(user=by, area=area), permissions.CONFIRM_THEMES,
                        "adopt emerging themes")
    name = name.strip()
    if not name:
        raise ValueError("Give the new theme a name.")
    slug = theme_new_slug(area=area, name=name)
    position = (Theme.objects.filter(area=area).order_by("-position").first() or Theme()).position
    theme = Theme.objects.create(area=area, slug=slug, name=name, position=position + 1,
                                 description="Adopted from an emerging group: "
                                             + ", ".join(list(words)[:8]))
    audit(action=AuditAction.THEME_EMERGING_ADOPT, obj=theme, by=by, area=area,
          after={"name": name, "words": emerging_signature(words)})
    return theme

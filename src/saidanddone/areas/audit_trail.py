"""The audit trail an area administrator reads: who did what, to which thing, when, in plain
words (issue 14).

The log itself is written by ``core.audit``; this module only reads one area's entries and
says them the way a person would. Objects are named through the app registry by their label,
so the areas floor imports nothing from the apps above it.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist
from django.db.models import QuerySet
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from saidanddone.areas.models import Area
from saidanddone.core.audit import AuditAction
from saidanddone.core.models import AuditEntry

# Where a staff member can look at each kind of object (URL name, taking the area and the pk).
OBJECT_PAGES = {
    "feedback.feedbackitem": "workspace:feedback_detail",
    "themes.theme": "workspace:theme_detail",
    "commitments.response": "workspace:response_detail",
    "commitments.commitment": "workspace:commitment_detail",
    "commitments.indicator": "workspace:indicator_detail",
    "publishing.publication": "workspace:publication_detail",
}
# Field names whose plain capitalised form reads badly.
FIELD_WORDS = {"not_possible_rationale": "Why it is not possible", "done_on": "Done on",
               "due_date": "Due date", "owner_team": "Owned by"}
# A changed value is shown up to this many characters: enough to recognise it.
VALUE_CHARS = 120


@dataclass(frozen=True)
class Change:
    field: str
    before: str
    after: str


@dataclass(frozen=True)
class AuditRow:
    at: dt.datetime
    who: str
    what: str
    kind: str
    name: str
    url: str | None
    changes: tuple[Change, ...]


def audit_trail(
    *,
    area: Area,
    actor_id: Any = None,
    by_system: bool = False,
    action: str | None = None,
    object_type: str | None = None,
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
) -> QuerySet[AuditEntry]:
    """This area's entries only, newest first, narrowed by whatever filters are given."""
    entries = AuditEntry.objects.filter(area=area).select_related("actor")
    if by_system:
        entries = entries.filter(actor__isnull=True)
    elif actor_id:
        entries = entries.filter(actor_id=actor_id)
    if action:
        entries = entries.filter(action=action)
    if object_type:
        entries = entries.filter(object_type=object_type)
    zone = timezone.get_current_timezone()
    if date_from:
        entries = entries.filter(at__gte=dt.datetime.combine(date_from, dt.time.min, zone))
    if date_to:
        entries = entries.filter(
            at__lt=dt.datetime.combine(date_to + dt.timedelta(days=1), dt.time.min, zone))
    return entries.order_by("-at")


def object_kinds(*, area: Area) -> list[tuple[str, str]]:
    """(label, plain name) for every kind of object this area's log mentions."""
    labels = AuditEntry.objects.filter(area=area).values_list("object_type", flat=True)
    return sorted(((label, kind_name(label)) for label in set(labels)), key=lambda p: p[1])


def kind_name(label: str) -> str:
    try:
        return str(apps.get_model(label)._meta.verbose_name).capitalize()
    except (LookupError, ValueError):
        return label


def action_name(action: str) -> str:
    try:
        return str(AuditAction(action).label)
    except ValueError:  # recorded before the registry, under a code it no longer has
        return action


def _plain_value(value: Any) -> str:
    if value is None or value == "":
        return "(empty)"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, list):
        return f"{len(value)} item{'s' if len(value) != 1 else ''}"
    text = str(value)
    return text if len(text) <= VALUE_CHARS else text[: VALUE_CHARS - 1] + "…"


def _choices(label: str, field: str) -> dict[str, str]:
    """The words for a field's stored codes ("with_forum" → "With the forum"), if it has any."""
    try:
        model_field = apps.get_model(label)._meta.get_field(field)
    except (LookupError, ValueError, FieldDoesNotExist):
        return {}
    return {str(k): str(v) for k, v in getattr(model_field, "flatchoices", None) or ()}


def changes_of(entry: AuditEntry) -> tuple[Change, ...]:
    """Each field the entry mentions, before and after, in plain words."""
    fields = list(entry.before) + [k for k in entry.after if k not in entry.before]
    changes = []
    for field in fields:
        words = _choices(entry.object_type, field)

        def say(values: dict[str, Any], field: str = field, words: dict[str, str] = words) -> str:
            if field not in values:
                return ""
            value = values[field]
            return words.get(str(value), _plain_value(value)) if words else _plain_value(value)

        changes.append(Change(field=FIELD_WORDS.get(field, field.replace("_", " ").capitalize()),
                              before=say(entry.before), after=say(entry.after)))
    return tuple(changes)


def _names(entries: Iterable[AuditEntry]) -> dict[tuple[str, str], str]:
    """The current name of every object the entries mention that still exists, one query per
    kind of object."""
    ids: dict[str, set[str]] = defaultdict(set)
    for entry in entries:
        ids[entry.object_type].add(entry.object_id)
    names: dict[tuple[str, str], str] = {}
    for label, pks in ids.items():
        try:
            model = apps.get_model(label)
        except (LookupError, ValueError):
            continue
        for obj in model._default_manager.filter(pk__in=pks):
            names[(label, str(obj.pk))] = str(obj)
    return names


def rows(*, area: Area, entries: Sequence[AuditEntry]) -> list[AuditRow]:
    names = _names(entries)
    out = []
    for entry in entries:
        name = names.get((entry.object_type, entry.object_id))
        url = None
        if name is not None and entry.object_type in OBJECT_PAGES:
            try:
                url = reverse(OBJECT_PAGES[entry.object_type], args=[area.slug, entry.object_id])
            except NoReverseMatch:
                url = None
        actor = entry.actor
        who = (actor.get_full_name() or actor.get_username()) if actor else "The system"
        out.append(AuditRow(
            at=entry.at, who=who, what=action_name(entry.action),
            kind=kind_name(entry.object_type),
            name=name if name is not None else "(no longer exists)",
            url=url, changes=changes_of(entry)))
    return out

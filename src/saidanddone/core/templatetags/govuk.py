"""Template helpers: GOV.UK form widgets, status tags, dates and accessible charts."""

from __future__ import annotations

import datetime as dt
import html
from decimal import Decimal
from typing import Any

from django import forms, template
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

from saidanddone.core.forms import DATE_PARTS, GovukDateInput

register = template.Library()

_WIDGET_CLASS = {
    forms.Textarea: "govuk-textarea",
    forms.Select: "govuk-select",
    forms.SelectMultiple: "govuk-select",
}


@register.filter
def input_type(bound_field: forms.BoundField) -> str:
    widget = bound_field.field.widget
    if isinstance(widget, GovukDateInput):
        return "date_parts"
    # CheckboxSelectMultiple subclasses RadioSelect in Django: test it first, or every "tick
    # all that apply" renders as radio buttons and keeps one choice.
    if isinstance(widget, forms.CheckboxSelectMultiple):
        return "checkbox_multiple"
    if isinstance(widget, forms.RadioSelect):
        return "radio"
    if isinstance(widget, forms.CheckboxInput):
        return "checkbox"
    return getattr(widget, "input_type", "") or "text"


@register.simple_tag
def govuk_widget(bound_field: forms.BoundField) -> SafeString:
    widget = bound_field.field.widget
    css = next((c for t, c in _WIDGET_CLASS.items() if isinstance(widget, t)), "govuk-input")
    if bound_field.errors:
        css += f" {css}--error"
    described = []
    if bound_field.help_text:
        described.append(f"{bound_field.auto_id}-hint")
    if bound_field.errors:
        described.append(f"{bound_field.auto_id}-error")
    attrs: dict[str, Any] = {"class": css}
    if described:
        attrs["aria-describedby"] = " ".join(described)
    return bound_field.as_widget(attrs=attrs)


@register.filter
def error_anchor(bound_field: forms.BoundField) -> str:
    """The id the error summary links to: the field's first input (GOV.UK), which for radios,
    checkboxes and a date is the first option or the first date box in error, not the
    fieldset."""
    kind = input_type(bound_field)
    if kind == "date_parts":
        parts = date_parts(bound_field)
        return str(next((p["id"] for p in parts if p["error"]), parts[0]["id"]))
    if kind in {"radio", "checkbox_multiple"}:
        return f"{bound_field.auto_id}_0"
    return str(bound_field.id_for_label or bound_field.auto_id)


@register.filter
def first_anchor(form: forms.Form) -> str:
    """Where a whole-form error links to: the form's first visible input, if it has one."""
    visible = form.visible_fields()
    return error_anchor(visible[0]) if visible else ""


@register.filter
def label_text(bound_field: forms.BoundField) -> str:
    """The label, with "(optional)" once for a field that may be left empty."""
    label = str(bound_field.label)
    if bound_field.field.required or "(optional)" in label.lower():
        return label
    return f"{label} (optional)"


@register.filter
def date_parts(bound_field: forms.BoundField) -> list[dict[str, Any]]:
    """The day, month and year boxes of a date field, with what is typed (or the date held)."""
    value = bound_field.value()
    widget = bound_field.field.widget
    values = value if isinstance(value, list | tuple) else widget.decompress(value)
    values = [str(v or "").strip() for v in values] + [""] * 3
    # GOV.UK: when only some boxes are missing, only those are marked; otherwise all of them.
    missing = {i for i in range(3) if not values[i]}
    marked = missing if bound_field.errors and 0 < len(missing) < 3 else (
        {0, 1, 2} if bound_field.errors else set())
    return [{"id": f"{bound_field.auto_id}_{part}", "name": f"{bound_field.html_name}_{part}",
             "label": label, "width": width, "value": values[i], "error": i in marked}
            for i, (part, label, width) in enumerate(DATE_PARTS)]


@register.filter
def match_words(score: float | None) -> str:
    """A machine's confidence in words a person can weigh, never a bare number ("0.78")."""
    if score is None:
        return "no score"
    if score >= 0.6:
        return "strong match"
    if score >= 0.3:
        return "possible match"
    return "weak match"


STATUS_TAGS = {
    "planned": ("We will", "govuk-tag--blue"),
    "in_progress": ("In progress", "govuk-tag--yellow"),
    "done": ("We did", "govuk-tag--green"),
    "not_possible": ("Not possible", "govuk-tag--grey"),
}


@register.simple_tag
def status_tag(status: str) -> SafeString:
    label, css = STATUS_TAGS.get(status, (status, "govuk-tag--grey"))
    return format_html('<strong class="govuk-tag {}">{}</strong>', css, label)


@register.simple_tag
def rag_tag(colour: str | None, reason: str = "") -> SafeString:
    if not colour:
        return mark_safe("")
    words = {"red": "Overdue", "amber": "Needs attention", "green": "On track"}[colour]
    # The reason may start with the tag's own words ("Overdue by 12 days", "On track"):
    # say them once.
    if reason.lower().startswith(words.lower()):
        reason = reason[len(words):].strip(" :;,.")
    return format_html('<span class="sd-rag sd-rag--{}">{}</span>{}', colour, words,
                       format_html(" <span class=\"govuk-body-s\">{}</span>", reason)
                       if reason else "")


@register.filter
def isodate(value: str | dt.date | None) -> str:
    """A date (or ISO date string from a stored publication) as '3 March 2026'."""
    if not value:
        return "not set"
    if isinstance(value, str):
        value = dt.date.fromisoformat(value)
    return f"{value.day} {value:%B %Y}"


@register.filter
def number(value: Decimal | float | None) -> str:
    if value is None:
        return ""
    d = Decimal(str(value))
    return f"{d:,.0f}" if d == d.to_integral_value() else f"{d:,.2f}".rstrip("0").rstrip(".")


# The chart's own units (viewBox). Drawn at most this wide and scaled down on a small screen:
# at 320 px the labels' 18 units are still about 13 px, so the axis can be read on a phone.
CHART_WIDTH, CHART_HEIGHT, CHART_FONT = 400, 250, 18


@register.simple_tag
def line_chart(
    points: list[Any], title: str, unit: str = "", chart_id: str = "chart",
    baseline: Decimal | float | None = None, target: Decimal | float | None = None,
) -> SafeString:
    """A small SVG line chart with the baseline and target as dashed lines. Hidden from screen
    readers: the table beside it has the same figures. A point without a value (a small number
    suppressed on a public page) is left out, so no point reveals it."""
    values = [(p.date, float(p.value)) for p in points if p.value is not None]
    if len(values) < 2:
        return mark_safe("")
    width, height, font = CHART_WIDTH, CHART_HEIGHT, CHART_FONT
    left, top, bottom = 64, 16, 40
    right: float
    reference = [(value, label, colour) for value, label, colour in (
        (baseline, "Baseline", "#505a5f"), (target, "Target", "#00703c")) if value is not None]
    # The baseline and target are named in the right margin, beside their lines, so no label
    # covers a figure.
    right = 86 if reference else 12
    levels = [v for _, v in values] + [float(v) for v, _, _ in reference]
    low, high = min(0.0, *levels), max(levels)
    span = (high - low) or 1.0
    first, last = values[0][0].toordinal(), values[-1][0].toordinal()
    days = (last - first) or 1

    def x_of(date: dt.date) -> float:
        return float(round(left + (date.toordinal() - first) / days * (width - left - right), 1))

    def y_of(value: float) -> float:
        return round(height - bottom - (value - low) / span * (height - top - bottom), 1)

    unit = html.escape(unit)
    coords = [(x_of(d), y_of(v)) for d, v in values]
    path = " ".join(f"{x},{y}" for x, y in coords)
    dots = "".join(f'<circle cx="{x}" cy="{y}" r="5" fill="#1d70b8"/>' for x, y in coords)
    lines, used = "", list[float]()
    for value, label, colour in reference:
        y = y_of(float(value))
        text_y = y + font / 3
        for other in used:  # keep two labels at about the same height apart
            if abs(text_y - other) < font:
                text_y = other + font if text_y >= other else other - font
        text_y = round(min(max(text_y, font), height - bottom), 1)
        used.append(text_y)
        lines += (f'<line x1="{left}" y1="{y}" x2="{width - right}" y2="{y}" stroke="{colour}" '
                  f'stroke-width="2" stroke-dasharray="8 5"/>'
                  f'<text x="{width - right + 6}" y="{text_y}" font-size="{font - 2}" '
                  f'fill="{colour}">{label}</text>')
    axis = (
        f'<text x="{left}" y="{height - 10}" font-size="{font}">{values[0][0]:%b %Y}</text>'
        f'<text x="{width - right}" y="{height - 10}" font-size="{font}" text-anchor="end">'
        f'{values[-1][0]:%b %Y}</text>'
        f'<text x="{left - 8}" y="{top + font / 2}" font-size="{font}" text-anchor="end">'
        f'{high:,.0f}{unit}</text>'
        f'<text x="{left - 8}" y="{height - bottom}" font-size="{font}" text-anchor="end">'
        f'{low:,.0f}{unit}</text>'
    )
    return format_html(
        '<svg class="sd-chart" id="{}" viewBox="0 0 {} {}" width="{}" height="{}" '
        'aria-hidden="true" focusable="false" font-family="arial, helvetica, sans-serif">'
        '<line x1="{}" y1="{}" x2="{}" y2="{}" stroke="#505a5f"/>'
        '<line x1="{}" y1="{}" x2="{}" y2="{}" stroke="#505a5f"/>{}'
        '<polyline fill="none" stroke="#1d70b8" stroke-width="3" points="{}"/>{}{}</svg>',
        chart_id, width, height, width, height,
        left, height - bottom, width - right, height - bottom, left, top, left, height - bottom,
        mark_safe(lines), path, mark_safe(dots), mark_safe(axis),  # noqa: S308  (numbers and words we formatted)
    )


@register.filter
def split_pairs(value: str) -> list[tuple[str, str]]:
    """'a:Label A,b:Label B' → [('a', 'Label A'), ('b', 'Label B')] for small template loops."""
    # Two parts wherever the template writes "key:Label" (a pair mypy cannot see in a split).
    return [tuple(part.split(":", 1)) for part in value.split(",")]  # type: ignore[misc]


@register.filter
def get_item(mapping: dict[str, Any], key: str) -> Any:
    return mapping.get(key)

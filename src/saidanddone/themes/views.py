from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render

from saidanddone.areas import permissions
from saidanddone.areas.actors import AreaRequest
from saidanddone.areas.decorators import area_view
from saidanddone.areas.models import Area
from saidanddone.core.forms import GovukForm
from saidanddone.core.views import form_error, run_service
from saidanddone.themes import selectors, services
from saidanddone.themes.models import Theme


class ThemeForm(GovukForm):
    name = forms.CharField(label="Name", max_length=160,
                           error_messages={"required": "Enter the theme's name."})
    description = forms.CharField(
        label="Description", required=False, max_length=1000, widget=forms.Textarea(
            attrs={"rows": 3}),
        help_text="In plain English: what comments under this theme are about.")


def _can_edit(request: AreaRequest) -> bool:
    return request.role in permissions.ADMIN_AREA


@area_view
def theme_list(request: AreaRequest, area: Area) -> HttpResponse:
    """The area's themes: add one (area administrators), and each theme's page to change it."""
    form = ThemeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        theme = run_service(form, lambda: services.theme_create(
            area=area, name=form.cleaned_data["name"].strip(),
            slug=services.theme_new_slug(area=area, name=form.cleaned_data["name"]),
            description=form.cleaned_data["description"].strip(), by=request.user))
        if theme is not None:
            messages.success(request, f"'{theme.name}' is now one of your themes.")
            return redirect("workspace:theme_list", area.slug)
    return render(request, "themes/theme_list.html", {
        "area": area, "form": form, "can_edit": _can_edit(request),
        **selectors.themes_with_counts(area=area)})


@area_view
def theme_detail(request: AreaRequest, area: Area, pk: Any) -> HttpResponse:
    """Rename or describe a theme, retire or restore it, or merge it into another."""
    theme = get_object_or_404(Theme, area=area, pk=pk)
    form = ThemeForm(request.POST if request.POST.get("action") == "save" else None,
                     initial={"name": theme.name, "description": theme.description})
    others = Theme.objects.filter(area=area, active=True).exclude(pk=theme.pk)
    if request.method == "POST":
        action = request.POST.get("action")
        done = None
        if action == "save" and form.is_valid():
            done = run_service(form, lambda: services.theme_update(
                theme=theme, name=form.cleaned_data["name"],
                description=form.cleaned_data["description"], by=request.user))
            message = "Saved."
        elif action in ("retire", "restore"):
            done = run_service(form, lambda: services.theme_set_active(
                theme=theme, active=action == "restore", by=request.user))
            message = "Retired: it is no longer suggested or offered." if action == "retire" \
                else "Restored: it is in use again."
        elif action == "merge":
            target = others.filter(pk=_uuid(request.POST.get("merge_into"))).first()
            if target is None:
                form_error(form, "Choose the theme to merge into.")
            else:
                done = run_service(form, lambda: services.theme_merge(
                    source=theme, target=target, by=request.user))
                message = f"Merged into '{target.name}'."
        if done is not None:
            messages.success(request, message)
            return redirect("workspace:theme_detail", area.slug, theme.pk)
    return render(request, "themes/theme_detail.html", {
        "area": area, "theme": theme, "form": form, "others": others,
        "can_edit": _can_edit(request),
        "history": selectors.theme_history(theme=theme)})


def _uuid(value: str | None) -> Any:
    import uuid

    try:
        return uuid.UUID(str(value))
    except ValueError:
        return None

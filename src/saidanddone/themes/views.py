from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from saidanddone.areas import permissions
from saidanddone.areas.models import Area
from saidanddone.core.views import area_view
from saidanddone.themes import selectors, services


@area_view
def emerging(request: HttpRequest, area: Area) -> HttpResponse:
    if request.method == "POST":
        permissions.require(request.role, permissions.CONFIRM_THEMES,  # type: ignore[attr-defined]
                            "decide on emerging themes")
        words = [w for w in request.POST.get("words", "").split(",") if w][:20]
        if request.POST.get("action") == "adopt":
            try:
                theme = services.emerging_adopt(area=area, name=request.POST.get("name", ""),
                                                words=words, by=request.user)
            except ValueError as exc:
                messages.error(request, str(exc))
            else:
                messages.success(request, f"'{theme.name}' is now one of your themes.")
        else:
            services.emerging_dismiss(area=area, words=words, by=request.user)
            messages.success(request, "Dismissed. It will not be suggested again.")
        return redirect("workspace:emerging", area.slug)
    return render(request, "themes/emerging.html",
                  {"area": area, "groups": selectors.emerging_themes(area=area, user=request.user)})

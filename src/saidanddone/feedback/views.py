from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from saidanddone.areas import permissions
from saidanddone.areas.models import Area
from saidanddone.core.views import area_view, run_service
from saidanddone.feedback import selectors, services
from saidanddone.feedback.forms import (
    ExclusionForm,
    FeedbackFilterForm,
    StaffFeedbackForm,
    ThemeConfirmForm,
    TriageForm,
)
from saidanddone.feedback.models import FeedbackItem
from saidanddone.themes.models import Theme
from saidanddone.themes.services import feedback_confirm_themes


@area_view
def feedback_list(request: HttpRequest, area: Area) -> HttpResponse:
    themes = Theme.objects.filter(area=area, active=True)
    form = FeedbackFilterForm(request.GET or None, themes=themes)
    filters = form.cleaned_data if form.is_valid() else {}
    items = selectors.feedback_list(area=area, user=request.user,
                                    **{k: v for k, v in filters.items() if v})
    page = Paginator(items.prefetch_related("theme_assignments__theme",
                                            "theme_suggestions__theme"), 50).get_page(
        request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "feedback/list.html", {
        "area": area, "form": form, "page": page, "query": query.urlencode(),
        "role": request.role,  # type: ignore[attr-defined]
    })


def _item_or_404(area: Area, pk: str) -> FeedbackItem:
    try:
        return selectors.feedback_get(area=area, pk=pk)
    except (FeedbackItem.DoesNotExist, ValueError) as exc:
        raise Http404("No such feedback") from exc


@area_view
def feedback_detail(request: HttpRequest, area: Area, pk: str) -> HttpResponse:
    item = _item_or_404(area, pk)
    role = request.role  # type: ignore[attr-defined]
    themes = list(Theme.objects.filter(area=area, active=True))
    confirmed = {str(a.theme_id) for a in item.theme_assignments.all()}
    suggested = list(item.theme_suggestions.select_related("theme"))
    initial = confirmed or {str(s.theme_id) for s in suggested}
    form = ThemeConfirmForm(initial={"themes": sorted(initial)}, themes=themes)
    if request.method == "POST" and request.POST.get("action") == "themes":
        form = ThemeConfirmForm(request.POST, themes=themes)
        if form.is_valid():
            chosen = [t for t in themes if str(t.pk) in form.cleaned_data["themes"]]
            if run_service(form, lambda: feedback_confirm_themes(feedback=item, themes=chosen,
                                                                   by=request.user)) is not None:
                messages.success(request, "Themes confirmed.")
                return redirect("workspace:feedback_detail", area.slug, item.pk)
    exclusion_form = ExclusionForm(initial={"exclusion": item.exclusion})
    if request.method == "POST" and request.POST.get("action") == "exclusion":
        exclusion_form = ExclusionForm(request.POST)
        if exclusion_form.is_valid() and run_service(exclusion_form, lambda: (
                services.feedback_set_exclusion(item=item,
                                                exclusion=exclusion_form.cleaned_data["exclusion"],
                                                by=request.user))) is not None:
            messages.success(request, "Saved.")
            return redirect("workspace:feedback_detail", area.slug, item.pk)
    triage_form = TriageForm()
    if request.method == "POST" and request.POST.get("action") == "triage":
        triage_form = TriageForm(request.POST)
        if triage_form.is_valid() and run_service(triage_form, lambda: (
                services.feedback_triage_decide(item=item, by=request.user,
                                                **triage_form.cleaned_data))) is not None:
            messages.success(request, "Safeguarding decision recorded.")
            return redirect("workspace:feedback_detail", area.slug, item.pk)
    return render(request, "feedback/detail.html", {
        "area": area, "item": item, "form": form, "exclusion_form": exclusion_form,
        "triage_form": triage_form, "suggested": suggested,
        "text": selectors.feedback_text_for(item=item, role=role),
        "sees_original": role in permissions.SEE_ORIGINAL_TEXT,
        "can_edit": role in permissions.EDIT_RESPONSES,
        "can_confirm": role in permissions.CONFIRM_THEMES,
        "confirmed": item.theme_assignments.select_related("theme", "confirmed_by"),
    })


@area_view
def feedback_new(request: HttpRequest, area: Area) -> HttpResponse:
    permissions.require(request.role, permissions.ENTER_FEEDBACK,  # type: ignore[attr-defined]
                        "enter feedback")
    form = StaffFeedbackForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        item = run_service(form, lambda: services.feedback_create(
            area=area, text=data["text"],
            channel=services.channel_get_or_create(area=area, kind=data["channel"]),
            respondent_role=data["respondent_role"], received_on=data["received_on"],
            reg56_category=data["reg56_category"], areas_of_need=data["areas_of_need"],
            consent=data["consent"], represents=data["represents"], by=request.user,
        ))
        if item is not None:
            messages.success(request, f"Feedback {item.reference} saved.")
            return redirect("workspace:feedback_detail", area.slug, item.pk)
    return render(request, "feedback/new.html", {"area": area, "form": form})

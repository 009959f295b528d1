from __future__ import annotations

from collections import OrderedDict
from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from saidanddone.areas import permissions
from saidanddone.areas.models import Area
from saidanddone.commitments.models import Response
from saidanddone.core.views import area_view, run_service
from saidanddone.publishing import selectors, services
from saidanddone.publishing.forms import CorrectionForm, PublicationForm, SignOffForm
from saidanddone.publishing.models import Publication

# Staff workspace ------------------------------------------------------------------------------


@area_view
def publication_list(request: HttpRequest, area: Area) -> HttpResponse:
    form = PublicationForm(request.POST or None,
                           responses=Response.objects.filter(area=area))
    if request.method == "POST":
        permissions.require(request.role, permissions.PUBLISH,  # type: ignore[attr-defined]
                            "prepare publications")
        if form.is_valid():
            data = dict(form.cleaned_data)
            data["responses"] = Response.objects.filter(area=area, pk__in=data["responses"])
            publication = run_service(form, lambda: services.publication_create(
                area=area, by=request.user, **data))
            if publication is not None:
                messages.success(request, "Publication drafted.")
                return redirect("workspace:publication_detail", area.slug, publication.pk)
    return render(request, "publishing/publication_list.html", {
        "area": area, "form": form,
        "publications": Publication.objects.filter(area=area),
        "can_publish": request.role in permissions.PUBLISH,  # type: ignore[attr-defined]
    })


@area_view
def publication_detail(request: HttpRequest, area: Area, pk: str) -> HttpResponse:
    try:
        publication = Publication.objects.get(area=area, pk=pk)
    except (Publication.DoesNotExist, ValueError) as exc:
        raise Http404("No such publication") from exc
    role = request.role  # type: ignore[attr-defined]
    action = request.POST.get("action") if request.method == "POST" else None
    sign_off_form = SignOffForm(request.POST if action == "sign_off" else None)
    correction_form = CorrectionForm(request.POST if action == "correct" else None)
    plain = CorrectionForm()  # carries errors of the simple state changes
    by = request.user
    done: Any = None
    if action == "sign_off" and sign_off_form.is_valid():
        done = run_service(sign_off_form, lambda: services.publication_sign_off(
            publication=publication, by=by, **sign_off_form.cleaned_data))
    elif action == "correct" and correction_form.is_valid():
        done = run_service(correction_form, lambda: services.publication_correct(
            publication=publication, by=by, **correction_form.cleaned_data))
    elif action in {"send", "publish", "draft"}:
        call = {"send": services.publication_send_to_forum,
                "publish": services.publication_publish,
                "draft": services.publication_return_to_draft}[action]
        done = run_service(plain, lambda: call(publication=publication, by=by))
    if done is not None:
        messages.success(request, "Saved.")
        return redirect("workspace:publication_detail", area.slug, publication.pk)
    return render(request, "publishing/publication_detail.html", {
        "area": area, "publication": publication, "sign_off_form": sign_off_form,
        "correction_form": correction_form, "form": plain,
        "responses": publication.responses.prefetch_related("commitments"),
        "sign_offs": publication.sign_offs.all(), "versions": publication.versions.all(),
        "can_publish": role in permissions.PUBLISH, "can_sign_off": role in permissions.SIGN_OFF,
    })


# Public pages: published data only ------------------------------------------------------------


def public_home(request: HttpRequest) -> HttpResponse:
    return render(request, "publishing/public_home.html", {"areas": selectors.public_areas()})


def accessibility(request: HttpRequest) -> HttpResponse:
    return render(request, "publishing/accessibility.html")


def area_home(request: HttpRequest, slug: str) -> HttpResponse:
    area = selectors.public_area_get(slug=slug)
    return render(request, "publishing/area_home.html", {
        "area": area, "publications": selectors.public_publications(area=area),
        "brand_colour": area.brand_colour,
    })


def publication_page(request: HttpRequest, slug: str, pub: str,
                     number: int | None = None) -> HttpResponse:
    area = selectors.public_area_get(slug=slug)
    publication, version, versions = selectors.public_version_get(area=area, slug=pub,
                                                                  number=number)
    content = version.content
    ids = [c["id"] for r in content["responses"] for c in r["commitments"]]
    live = selectors.public_commitment_statuses(area=area, ids=ids)
    groups: OrderedDict[str, dict[str, Any]] = OrderedDict()
    for response in sorted(content["responses"],
                           key=lambda r: (min((t["position"] for t in r["themes"]), default=999),
                                          r["title"])):
        theme = response["themes"][0] if response["themes"] else {"name": "Other", "slug": "other"}
        group = groups.setdefault(theme["slug"], {"name": theme["name"], "responses": []})
        commitments = [dict(c, live=live.get(c["id"])) for c in response["commitments"]]
        group["responses"].append(dict(response, commitments=commitments))
    return render(request, "publishing/publication_page.html", {
        "area": area, "publication": publication, "version": version, "versions": versions,
        "content": content, "groups": list(groups.values()),
        "latest": version.number == versions[0].number, "brand_colour": area.brand_colour,
    })


def commitment_page(request: HttpRequest, slug: str, pk: str) -> HttpResponse:
    area = selectors.public_area_get(slug=slug)
    try:
        commitment = selectors.public_commitment_get(area=area, pk=pk)
    except ValueError as exc:
        raise Http404("No such commitment") from exc
    indicators = {e.indicator for e in commitment.evidence.select_related("indicator")
                  if e.indicator is not None}
    published, response, version = selectors.public_commitment_published(commitment=commitment)
    return render(request, "publishing/commitment_page.html", {
        "area": area, "c": commitment, "published": published, "response": response,
        "version": version, "timeline": selectors.public_timeline(commitment),
        "indicators": [(i, list(i.points.all())) for i in indicators],
        "brand_colour": area.brand_colour,
    })

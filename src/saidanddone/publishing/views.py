from __future__ import annotations

import uuid
from collections import OrderedDict
from typing import Any

from django.contrib import messages
from django.http import (
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponseNotModified,
    JsonResponse,
)
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed
from django.utils.http import http_date

from saidanddone.areas import permissions
from saidanddone.areas.models import Area
from saidanddone.commitments.models import Response
from saidanddone.commitments.rules import is_late
from saidanddone.core.views import area_view, run_service
from saidanddone.publishing import opendata, pages, selectors, services
from saidanddone.publishing.checks import publication_checks
from saidanddone.publishing.forms import (
    CorrectionForm,
    GlossaryTermForm,
    PublicationForm,
    SearchForm,
    SignOffForm,
)
from saidanddone.publishing.models import GlossaryTerm, Publication

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
    checks = publication_checks(publication) if role in permissions.PUBLISH else None
    return render(request, "publishing/publication_detail.html", {
        "area": area, "publication": publication, "sign_off_form": sign_off_form,
        "checks": checks,
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
    versions = selectors.public_latest_versions(area=area)
    return render(request, "publishing/area_home.html", {
        "area": area, "latest": versions[0] if versions else None, "versions": versions,
        "health": selectors.public_loop_health(area=area), "brand_colour": area.brand_colour,
    })


# The stored rendering of each version, kept per process by its ETag (content hash), so the
# busiest page costs one small query. Bounded: a few publications per area, a few areas.
_STORED: OrderedDict[str, bytes] = OrderedDict()
_STORED_MAX = 32
CACHE_SECONDS = 300


def _stored_bytes(etag: str, version_id: Any) -> bytes:
    body = _STORED.get(etag)
    if body is None:
        body = selectors.public_stored_html(version_id=version_id).encode()
        _STORED[etag] = body
        while len(_STORED) > _STORED_MAX:
            _STORED.popitem(last=False)
    else:
        _STORED.move_to_end(etag)
    return body


def publication_page(request: HttpRequest, slug: str, pub: str,
                     number: int | None = None) -> HttpResponse:
    """Served from the version's stored rendering (decision 0200), with validators for browsers
    and a CDN. While a re-render is pending the page is rendered live, so it is never stale."""
    stored = selectors.public_stored_page(slug=slug, pub=pub, number=number)
    if stored and stored["rendered_etag"] and not stored["rendered_stale"] and (
            stored["rendered_at"] is None
            or timezone.localdate(stored["rendered_at"]) < timezone.localdate()):
        # "Late" depends on today: a page stored yesterday may be wrong now. Refresh it once
        # (decision 0203); this request and any before the refresh are rendered live.
        pages.stored_page_expired(version_id=stored["id"])
        stored = None
    if stored and stored["rendered_etag"] and not stored["rendered_stale"]:
        etag = f'"{stored["rendered_etag"]}"'
        if etag in [t.strip() for t in request.headers.get("If-None-Match", "").split(",")]:
            response = HttpResponseNotModified()
        else:
            response = HttpResponse(_stored_bytes(stored["rendered_etag"], stored["id"]),
                                    content_type="text/html; charset=utf-8")
            response["Last-Modified"] = http_date(stored["rendered_at"].timestamp())
        response["ETag"] = etag
        response["Cache-Control"] = f"public, max-age={CACHE_SECONDS}"
        return response
    area = selectors.public_area_get(slug=slug)
    _, version, _ = selectors.public_version_get(area=area, slug=pub, number=number)
    response = HttpResponse(pages.render_publication_page(version))
    response["Cache-Control"] = "public, max-age=60"
    return response


def search(request: HttpRequest, slug: str) -> HttpResponse:
    area = selectors.public_area_get(slug=slug)
    form = SearchForm(request.GET or None, area=area,
                      versions=selectors.public_latest_versions(area=area))
    results = None
    if form.is_valid() and any(form.cleaned_data.values()):
        results = selectors.public_search(area=area, **form.cleaned_data)
    return render(request, "publishing/search.html", {
        "area": area, "form": form, "results": results, "brand_colour": area.brand_colour,
    })


def archive(request: HttpRequest, slug: str) -> HttpResponse:
    area = selectors.public_area_get(slug=slug)
    publications = [(p, list(p.versions.defer("rendered_html", "content").order_by("-number")))
                    for p in selectors.public_publications(area=area)]
    return render(request, "publishing/archive.html", {
        "area": area, "publications": publications, "brand_colour": area.brand_colour,
    })


def easy_read(request: HttpRequest, slug: str, pub: str) -> HttpResponse:
    area = selectors.public_area_get(slug=slug)
    publication, version, _ = selectors.public_version_get(area=area, slug=pub)
    content = version.content
    ids = [c["id"] for r in content["responses"] for c in r["commitments"]]
    live = selectors.public_commitment_statuses(area=area, ids=ids)
    responses = [dict(r, lines=[line.strip() for line in r["easy_read"].splitlines()
                                if line.strip()],
                      now=[{"text": c["text"], "words": pages.easy_read_now(live.get(c["id"])),
                            "late": is_late(live.get(c["id"]))}
                           for c in r["commitments"] if live.get(c["id"]) is not None])
                 for r in content["responses"]]
    return render(request, "publishing/easy_read.html", {
        "area": area, "publication": publication, "version": version, "content": content,
        "responses": [r for r in responses if r["lines"]],
        "missing": [r for r in responses if not r["lines"]],
        "brand_colour": area.brand_colour,
    })


def local_offer_report(request: HttpRequest, slug: str, pub: str) -> HttpResponse:
    """Regulation 56: Local Offer comments by category, with our response to each."""
    area = selectors.public_area_get(slug=slug)
    publication, version, _ = selectors.public_version_get(area=area, slug=pub)
    content = version.content
    by_id = {r["id"]: r for r in content["responses"]}
    ids = [c["id"] for r in content["responses"] for c in r["commitments"]]
    live = selectors.public_commitment_statuses(area=area, ids=ids)
    groups = []
    for group in content.get("reg56", []):
        answered = []
        for item in group["responses"]:
            r = by_id.get(item["id"])
            if r is not None:
                answered.append(dict(r, count_here=item["count"], commitments=[
                    dict(c, live=live.get(c["id"]), late=is_late(live.get(c["id"])))
                    for c in r["commitments"]]))
        groups.append(dict(group, answered=answered))
    return render(request, "publishing/local_offer_report.html", {
        "area": area, "publication": publication, "version": version, "content": content,
        "groups": groups, "brand_colour": area.brand_colour,
    })


def open_data(request: HttpRequest, slug: str) -> HttpResponse:
    area = selectors.public_area_get(slug=slug)
    return render(request, "publishing/open_data.html", {
        "area": area, "fields": opendata.FIELDS,
        "versions": selectors.public_latest_versions(area=area),
        "brand_colour": area.brand_colour,
    })


def _data_version(slug: str, pub: str, number: int | None) -> Any:
    area = selectors.public_area_get(slug=slug)
    return selectors.public_version_get(area=area, slug=pub, number=number)[1]


def publication_csv(request: HttpRequest, slug: str, pub: str,
                    number: int | None = None) -> HttpResponse:
    version = _data_version(slug, pub, number)
    rows = opendata.version_rows(version, request.build_absolute_uri("/").rstrip("/"))
    response = HttpResponse(opendata.as_csv(rows), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = (
        f'attachment; filename="{slug}-{pub}-version-{version.number}.csv"')
    response["Cache-Control"] = "public, max-age=60"
    return response


def publication_json(request: HttpRequest, slug: str, pub: str,
                     number: int | None = None) -> HttpResponse:
    version = _data_version(slug, pub, number)
    base = request.build_absolute_uri("/").rstrip("/")
    rows = opendata.version_rows(version, base)
    data = opendata.as_json(version, rows, base + reverse("public:open_data", args=[slug]))
    response = JsonResponse(data, json_dumps_params={"indent": 1, "ensure_ascii": False})
    response["Cache-Control"] = "public, max-age=60"
    return response


def feed(request: HttpRequest, slug: str) -> HttpResponse:
    """An Atom feed of new publications, corrections and status changes of published promises."""
    area = selectors.public_area_get(slug=slug)
    base = request.build_absolute_uri("/").rstrip("/")
    atom = Atom1Feed(
        title=f"You said, we did in {area.name}",
        link=base + reverse("public:area", args=[slug]),
        description=f"New publications and changes to what {area.name} said it would do.",
        language="en-gb", feed_url=base + reverse("public:feed", args=[slug]),
    )
    for item in selectors.public_feed_items(area=area):
        if item["kind"] == "version":
            v = item["version"]
            url = base + reverse("public:publication_version",
                                 args=[slug, v.publication.slug, v.number])
            title = (f"Published: {v.content['title']}" if v.number == 1 else
                     f"Corrected: {v.content['title']} (version {v.number})")
            text = v.change_note or v.content.get("introduction") or v.content["title"]
        else:
            change = item["change"]
            c = change.commitment
            url = base + reverse("public:commitment", args=[slug, c.pk])
            title = f"{change.get_to_status_display()}: {c.text[:90]}"
            text = change.reason
        atom.add_item(title=title, link=url, description=text, unique_id=url + "#" + (
            str(item["version"].pk) if item["kind"] == "version" else str(item["change"].pk)),
            updateddate=item["at"], pubdate=item["at"])
    response = HttpResponse(content_type="application/atom+xml; charset=utf-8")
    atom.write(response, "utf-8")
    response["Cache-Control"] = "public, max-age=300"
    return response


# Staff: the area's glossary ---------------------------------------------------------------------


@area_view
def glossary(request: HttpRequest, area: Area) -> HttpResponse:
    form = GlossaryTermForm(request.POST if request.POST.get("action") == "add" else None)
    plain = GlossaryTermForm()
    if request.method == "POST":
        permissions.require(request.role, permissions.PUBLISH,  # type: ignore[attr-defined]
                            "manage the glossary")
        done: Any = None
        if request.POST.get("action") == "delete":
            term = GlossaryTerm.objects.filter(area=area, pk=_uuid(request.POST.get("term"))
                                               ).first()
            if term is None:
                raise Http404("No such term")
            done = run_service(plain, lambda: services.glossary_term_delete(
                term=term, by=request.user) or True)
            form = plain
        elif form.is_valid():
            done = run_service(form, lambda: services.glossary_term_set(
                area=area, by=request.user, **form.cleaned_data))
        if done:
            messages.success(request, "Glossary saved.")
            return redirect("workspace:glossary", area.slug)
    return render(request, "publishing/glossary.html", {
        "area": area, "form": form, "terms": GlossaryTerm.objects.filter(area=area),
        "can_publish": request.role in permissions.PUBLISH,  # type: ignore[attr-defined]
    })


def _uuid(value: Any) -> Any:
    try:
        return uuid.UUID(str(value))
    except ValueError:
        return None


def commitment_page(request: HttpRequest, slug: str, pk: str) -> HttpResponse:
    area = selectors.public_area_get(slug=slug)
    try:
        commitment = selectors.public_commitment_get(area=area, pk=pk)
    except ValueError as exc:
        raise Http404("No such commitment") from exc
    published, response, version = selectors.public_commitment_published(commitment=commitment)
    return render(request, "publishing/commitment_page.html", {
        "area": area, "c": commitment, "published": published, "response": response,
        "version": version, "timeline": selectors.public_timeline(commitment),
        "indicators": selectors.public_indicators(commitment=commitment),
        "brand_colour": area.brand_colour,
    })

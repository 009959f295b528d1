from __future__ import annotations

import re
import uuid
from collections import OrderedDict
from collections.abc import Mapping
from typing import Any
from urllib.parse import urlencode

from django import forms
from django.contrib import messages
from django.http import (
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponseNotModified,
    JsonResponse,
)
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed
from django.utils.http import http_date

from saidanddone.areas import permissions
from saidanddone.areas.actors import AreaRequest
from saidanddone.areas.decorators import area_view
from saidanddone.areas.models import Area
from saidanddone.commitments import selectors as commitment_selectors
from saidanddone.commitments.models import EvidenceFile, Response
from saidanddone.commitments.rules import is_late
from saidanddone.core.audit import AuditAction, audit
from saidanddone.core.views import run_service
from saidanddone.publishing import evidence_pack as pack_module
from saidanddone.publishing import opendata, pages, selectors, services
from saidanddone.publishing.checks import publication_checks
from saidanddone.publishing.forms import (
    AcceptAdvisoryForm,
    CorrectionForm,
    EvidencePackForm,
    GlossaryTermForm,
    PublicationForm,
    ReviewCommentForm,
    SearchForm,
    SignOffForm,
)
from saidanddone.publishing.models import GlossaryTerm, Publication, ReviewComment
from saidanddone.publishing.snapshot import digest_of, forum_decision_for

# Staff workspace ------------------------------------------------------------------------------


def _publication_or_404(area: Area, pk: Any) -> Publication:
    try:
        return Publication.objects.get(area=area, pk=pk)
    except (Publication.DoesNotExist, ValueError) as exc:
        raise Http404("No such publication") from exc


def _forum(area: Area) -> str:
    return area.forum_name or "the parent carer forum"


def _chosen_responses(area: Area, form: PublicationForm) -> dict[str, Any]:
    """The form's answers, with the ticked responses of this area (never another's)."""
    data = dict(form.cleaned_data)
    data["responses"] = list(Response.objects.filter(area=area, pk__in=data["responses"]))
    return data


def _responses_count(data: dict[str, Any]) -> str:
    count = len(data["responses"])
    return f"{count} response{'s' if count != 1 else ''}"


@area_view
def publication_list(request: AreaRequest, area: Area) -> HttpResponse:
    form = PublicationForm(request.POST or None,
                           responses=Response.objects.filter(area=area))
    if request.method == "POST":
        permissions.require(request.role, permissions.PUBLISH,
                            "prepare publications")
        if form.is_valid():
            data = _chosen_responses(area, form)
            publication = run_service(form, lambda: services.publication_create(
                area=area, by=request.user, **data))
            if publication is not None:
                messages.success(request, f"Drafted \u201c{publication.title}\u201d with "
                                 f"{_responses_count(data)}.")
                return redirect("workspace:publication_detail", area.slug, publication.pk)
    return render(request, "publishing/publication_list.html", {
        "area": area, "form": form,
        "publications": Publication.objects.filter(area=area),
        "can_publish": request.role in permissions.PUBLISH,
    })


@area_view
def publication_edit(request: AreaRequest, area: Area, pk: str) -> HttpResponse:
    """Change a draft: its details, and which responses it holds (every one it has is ticked)."""
    publication = _publication_or_404(area, pk)
    permissions.require(request.role, permissions.PUBLISH,
                        "prepare publications")
    if publication.state != Publication.State.DRAFT:
        messages.error(request, "Only a draft can be changed. Bring it back to draft first.")
        return redirect("workspace:publication_detail", area.slug, publication.pk)
    initial = {name: getattr(publication, name) for name in services.DETAILS}
    initial["responses"] = [str(pk) for pk in publication.responses.values_list("pk", flat=True)]
    form = PublicationForm(request.POST or None, initial=initial,
                           responses=Response.objects.filter(area=area).order_by("title"))
    if request.method == "POST" and form.is_valid():
        data = _chosen_responses(area, form)
        done = run_service(form, lambda: services.publication_update(
            publication=publication, by=request.user, **data))
        if done is not None:
            messages.success(request, f"Saved \u201c{publication.title}\u201d. It holds "
                             f"{_responses_count(data)}.")
            return redirect("workspace:publication_detail", area.slug, publication.pk)
    return render(request, "publishing/publication_edit.html", {
        "area": area, "publication": publication, "form": form})


_DIGEST = re.compile(r"[0-9a-f]{64}")


def _review_rows(publication: Publication, *, can_comment: bool, posted: Any) -> list[Any]:
    """Each response with the forum's comments on it and, for those who may comment, a form
    (bound only for the response the comment was posted on, so its errors show there)."""
    comments: dict[Any, list[ReviewComment]] = {}
    for comment in publication.review_comments.select_related("by", "resolved_by"):
        comments.setdefault(comment.response_id, []).append(comment)
    rows = []
    for n, response in enumerate(publication.responses.prefetch_related("commitments")
                                 .order_by("title"), start=1):
        form = None
        if can_comment:
            mine = posted is not None and posted.get("response") == str(response.pk)
            form = ReviewCommentForm(posted if mine else None, title=response.title,
                                     initial={"response": str(response.pk)},
                                     auto_id=f"comment-{n}-%s")
        rows.append({"response": response, "comments": comments.get(response.pk, []),
                     "form": form, "n": n})
    return rows


@area_view
def publication_detail(request: AreaRequest, area: Area, pk: str) -> HttpResponse:
    publication = _publication_or_404(area, pk)
    role = request.role
    action = request.POST.get("action") if request.method == "POST" else None
    by = request.user
    correction = services.open_correction(publication)
    number = correction.number if correction else services.next_version_number(publication)
    under_review = services.under_review(publication)
    can_comment = role in permissions.REVIEW_COMMENT and under_review
    # The digest of what the reviewer read: the preview's, when they come back from it, or else
    # what this page shows now. Posted with the decision, which is refused if it is stale.
    previewed = request.GET.get("previewed", "")
    seen = previewed if _DIGEST.fullmatch(previewed) else (
        services.content_digest(publication, services.next_version_number(publication))
        if role in permissions.SIGN_OFF and under_review else "")
    sign_off_form = SignOffForm(request.POST if action == "sign_off" else None,
                                initial={"seen_digest": seen})
    accept_form = AcceptAdvisoryForm(request.POST if action == "accept" else None)
    rows = _review_rows(publication, can_comment=can_comment,
                        posted=request.POST if action == "comment" else None)
    plain: forms.Form = forms.Form()
    if action == "sign_off" and sign_off_form.is_valid():
        done = run_service(sign_off_form, lambda: services.publication_sign_off(
            publication=publication, by=by, **sign_off_form.cleaned_data))
        if done is not None:
            messages.success(request, f"Recorded {_forum(area)}\u2019s decision on version "
                             f"{done.for_version}: {done.get_decision_display().lower()}. "
                             "The SEND team can now publish it with your statement.")
            return redirect("workspace:publication_detail", area.slug, publication.pk)
    elif action == "accept" and accept_form.is_valid():
        accepted = run_service(accept_form, lambda: services.publication_advisory_accept(
            publication=publication, by=by, **accept_form.cleaned_data))
        if accepted is not None:
            messages.success(request, f"Accepted \u201c{accepted.flagged}\u201d in "
                             f"{accepted.where}. It no longer blocks this publication.")
            return redirect(reverse("workspace:publication_detail",
                                    args=[area.slug, publication.pk]) + "#checks")
    elif action == "comment":
        permissions.require(role, permissions.REVIEW_COMMENT, "comment on a publication")
        if not under_review:
            messages.error(request, "You can comment while the publication is with the forum.")
            return redirect("workspace:publication_detail", area.slug, publication.pk)
        row = next((r for r in rows if r["form"] is not None and r["form"].is_bound), None)
        if row is None:
            raise Http404("No such response in this publication")
        form = row["form"]
        if form.is_valid():
            comment = run_service(form, lambda: services.review_comment_add(
                publication=publication, response=row["response"], by=by,
                text=form.cleaned_data["text"]))
            if comment is not None:
                messages.success(request, f"Added your comment on \u201c"
                                 f"{row['response'].title}\u201d.")
                return redirect(reverse("workspace:publication_detail",
                                        args=[area.slug, publication.pk])
                                + f"#response-{row['n']}")
    elif action == "resolve":
        permissions.require(role, permissions.RESOLVE_REVIEW_COMMENT,
                            "mark review comments resolved")
        comment = ReviewComment.objects.filter(publication=publication,
                                               pk=_uuid(request.POST.get("comment"))).first()
        if comment is None:
            raise Http404("No such comment")
        if run_service(plain, lambda: services.review_comment_resolve(comment=comment, by=by)):
            messages.success(request, f"Marked the comment on \u201c{comment.response.title}"
                             "\u201d resolved.")
            return redirect("workspace:publication_detail", area.slug, publication.pk)
    checks = publication_checks(publication) if role in permissions.PUBLISH else None
    comment_error = next((r["form"] for r in rows if r["form"] is not None
                          and r["form"].errors), None)
    return render(request, "publishing/publication_detail.html", {
        "area": area, "publication": publication, "sign_off_form": sign_off_form,
        "accept_form": accept_form, "accept_error": accept_form.data.get("fingerprint"),
        "checks": checks, "correction": correction, "number": number,
        "rows": rows, "comment_error": comment_error, "plain": plain,
        "sign_offs": publication.sign_offs.all(), "versions": publication.versions.all(),
        "can_publish": role in permissions.PUBLISH, "can_sign_off": role in permissions.SIGN_OFF,
        "can_preview": role in permissions.REVIEW_COMMENT and under_review,
        "can_resolve": role in permissions.RESOLVE_REVIEW_COMMENT,
        "forum_can_respond": publication.state in (Publication.State.WITH_FORUM,
                                                   Publication.State.SIGNED_OFF)
        or (correction is not None),
    })


@area_view
def publication_preview(request: AreaRequest, area: Area, pk: str,
                        easy: bool = False) -> HttpResponse:
    """The public page (or its Easy Read) of the version that would be published now, drawn by
    the public page's own context and template, for the forum's review (decision 0219)."""
    publication = _publication_or_404(area, pk)
    permissions.require(request.role, permissions.REVIEW_COMMENT,
                        "preview publications")
    if not services.under_review(publication):
        messages.info(request, "There is nothing waiting for the forum\u2019s decision, so "
                      "there is nothing to preview. Published versions are on the public page.")
        return redirect("workspace:publication_detail", area.slug, publication.pk)
    version = pages.preview_version(publication, services.next_version_number(publication))
    if easy:
        template, context = "publishing/easy_read.html", pages.easy_read_context(
            version, preview=True)
    else:
        template, context = pages.PAGE_TEMPLATE, pages.publication_page_context(
            version, preview=True)
    context.update(digest=digest_of(version.content), easy_read_link=not easy)
    return render(request, template, context)


# Each change of state is a page of its own: what will happen, then one button (GOV.UK "check
# your answers"). The success message says what happened.
STEPS: dict[str, dict[str, str]] = {
    "send": {"title": "Send it to the forum", "button": "Send to the forum"},
    "draft": {"title": "Bring it back to draft", "button": "Bring it back to draft"},
    "publish": {"title": "Check and publish", "button": "Publish"},
    "correct": {"title": "Correct the published version", "button": "Send the correction "
                "to the forum"},
    "publish_correction": {"title": "Check and publish the correction",
                           "button": "Publish the correction"},
    "withdraw": {"title": "Withdraw the correction", "button": "Withdraw the correction"},
}


def _step_done(step: str, publication: Publication, result: Any) -> str:
    title, forum = f"\u201c{publication.title}\u201d", _forum(publication.area)
    return {
        "send": f"Sent {title} to {forum}. They can now read it and record their decision.",
        "draft": f"{title} is back in draft. Change it, then send it to the forum again.",
        "publish": f"Published version {getattr(result, 'number', 1)} of {title}. It is now "
                   "on the public page.",
        "correct": f"Sent the correction (version {getattr(result, 'number', '')}) of {title} "
                   f"to {forum}. The published version stays on the public page until you "
                   "publish the correction.",
        "publish_correction": f"Published version {getattr(result, 'number', '')} of {title}, "
                              "with the forum\u2019s decision on it. It is now on the public "
                              "page.",
        "withdraw": f"Withdrew the correction of {title}. The published version is unchanged.",
    }[step]


@area_view
def publication_confirm(request: AreaRequest, area: Area, pk: str, step: str) -> HttpResponse:
    if step not in STEPS:
        raise Http404("No such step")
    publication = _publication_or_404(area, pk)
    permissions.require(request.role, permissions.PUBLISH,
                        "change publications")
    form: forms.Form = CorrectionForm(request.POST if step == "correct"
                                      and request.method == "POST" else None)
    # The steps other than "correct" have no fields: a form without fields carries their errors,
    # so the summary does not point at a box the page does not show.
    plain: forms.Form = forms.Form()
    by = request.user
    if request.method == "POST":
        calls: dict[str, Any] = {
            "send": lambda: services.publication_send_to_forum(publication=publication, by=by),
            "draft": lambda: services.publication_return_to_draft(publication=publication,
                                                                  by=by),
            "publish": lambda: services.publication_publish(publication=publication, by=by),
            "correct": lambda: services.publication_correction_request(
                publication=publication, by=by, **form.cleaned_data),
            "publish_correction": lambda: services.publication_correct(
                publication=publication, by=by),
            "withdraw": lambda: services.publication_correction_withdraw(
                publication=publication, by=by),
        }
        target = form if step == "correct" else plain
        if step != "correct" or form.is_valid():
            result = run_service(target, calls[step])
            if result is not None:
                messages.success(request, _step_done(step, publication, result))
                return redirect("workspace:publication_detail", area.slug, publication.pk)
        if step != "correct":
            form = plain
    correction = services.open_correction(publication)
    number = correction.number if correction else services.next_version_number(publication)
    responses = list(publication.responses.prefetch_related("commitments").order_by("title"))
    checks = publication_checks(publication)
    return render(request, "publishing/publication_confirm.html", {
        "area": area, "publication": publication, "step": step, "labels": STEPS[step],
        "form": form, "responses": responses, "number": number, "correction": correction,
        "commitment_count": sum(len(r.commitments.all()) for r in responses),
        "decision": forum_decision_for(publication, number), "checks": checks,
        "forum": _forum(area),
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
        "area": area, "latest": selectors.public_main_version(area=area), "versions": versions,
        "updates": [v for v in versions if v.publication.kind == Publication.Kind.UPDATE],
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


def stored_page_servable(stored: Mapping[str, Any] | None, tz: Any = None) -> bool:
    """Whether a version's stored rendering may be sent as it is: stored, not waiting for a
    re-render, and rendered today ("late" depends on the date; decision 0203). Shared by the
    view and the WSGI fast path (publishing/fastpath.py), so both follow one rule."""
    return bool(stored and stored["rendered_etag"] and not stored["rendered_stale"]
                and stored["rendered_at"] is not None
                and timezone.localdate(stored["rendered_at"], tz)
                >= timezone.localdate(timezone=tz))


def etag_matches(etag: str, if_none_match: str) -> bool:
    """The If-None-Match test of the stored page (``etag`` is quoted)."""
    return etag in [t.strip() for t in if_none_match.split(",")]


def publication_page(request: HttpRequest, slug: str, pub: str,
                     number: int | None = None) -> HttpResponse:
    """Served from the version's stored rendering (decision 0200), with validators for browsers
    and a CDN. While a re-render is pending the page is rendered live, so it is never stale.
    Most requests for a stored page are answered before Django by publishing/fastpath.py
    (decision 0225) with this view's bytes and headers."""
    stored = selectors.public_stored_page(slug=slug, pub=pub, number=number)
    if stored and stored["rendered_etag"] and not stored_page_servable(stored):
        if not stored["rendered_stale"]:
            # "Late" depends on today: a page stored yesterday may be wrong now. Refresh it
            # once (decision 0203); this request and any before the refresh are rendered live.
            pages.stored_page_expired(version_id=stored["id"])
        stored = None
    if stored and stored_page_servable(stored):
        etag = f'"{stored["rendered_etag"]}"'
        if etag_matches(etag, request.headers.get("If-None-Match", "")):
            response: HttpResponse = HttpResponseNotModified()
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
    _, version, _ = selectors.public_version_get(area=area, slug=pub)
    return render(request, "publishing/easy_read.html", pages.easy_read_context(version))


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


class TextSummaryAtomFeed(Atom1Feed):
    """Atom with plain-text summaries. Django writes ``<summary type="html">``, which tells a
    feed reader to run the text as markup: a ``<script>`` or ``<img onerror>`` typed into a
    status reason would come alive in every subscriber's reader (issue 11). Our summaries are
    plain text, so they say so, and a reader shows any angle brackets as they were typed."""

    def add_item_elements(self, handler: Any, item: dict[str, Any]) -> None:
        super().add_item_elements(handler, {**item, "description": None})
        if item["description"] is not None:
            handler.addQuickElement("summary", item["description"], {"type": "text"})


def feed(request: HttpRequest, slug: str) -> HttpResponse:
    """An Atom feed of new publications, corrections and status changes of published promises."""
    area = selectors.public_area_get(slug=slug)
    base = request.build_absolute_uri("/").rstrip("/")
    atom = TextSummaryAtomFeed(
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
def glossary(request: AreaRequest, area: Area) -> HttpResponse:
    form = GlossaryTermForm(request.POST if request.POST.get("action") == "add" else None)
    plain = GlossaryTermForm()
    if request.method == "POST":
        permissions.require(request.role, permissions.PUBLISH,
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
        "can_publish": request.role in permissions.PUBLISH,
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
        "rationale": selectors.public_rationale(commitment),
        "indicators": selectors.public_indicators(commitment=commitment),
        "brand_colour": area.brand_colour,
    })


def evidence_file(request: HttpRequest, slug: str, pk: str) -> HttpResponseBase:
    """A public evidence file: marked public, of a published commitment (decision 0220)."""
    area = selectors.public_area_get(slug=slug)
    try:
        record = commitment_selectors.public_evidence_file_get(area=area, pk=pk)
        return commitment_selectors.evidence_file_response(record, staff=False)
    except EvidenceFile.DoesNotExist as exc:
        raise Http404("No such evidence file") from exc


# The inspection evidence pack (issue 14, decision 0222) --------------------------------------

PACK_TYPES = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pdf": "application/pdf",
}


@area_view
def evidence_pack(request: AreaRequest, area: Area) -> HttpResponse:
    """Choose a period, then download the pack as a Word document or a PDF. The form is sent
    with GET (it changes nothing); a valid period goes on to the file's address."""
    permissions.require(getattr(request, "role", None), permissions.EVIDENCE_PACK,
                        "download the inspection evidence pack")
    start, end = commitment_selectors.default_period()
    bound = "format" in request.GET
    form = EvidencePackForm(request.GET if bound else None,
                            initial={"period_start": start, "period_end": end})
    if bound and form.is_valid():
        fmt = form.cleaned_data["format"] or "pdf"
        query = urlencode({"period_start": form.cleaned_data["period_start"].isoformat(),
                           "period_end": form.cleaned_data["period_end"].isoformat()})
        return redirect(reverse(f"workspace:evidence_pack_{fmt}", args=[area.slug]) + "?"
                        + query)
    return render(request, "publishing/evidence_pack_page.html", {"area": area, "form": form})


@area_view
def evidence_pack_download(request: AreaRequest, area: Area, fmt: str) -> HttpResponse:
    """The pack itself, for the period in the address (none: the last twelve months, as the
    page suggests). Each download is audited: it carries families' (redacted) words and the
    area's record out of the product."""
    permissions.require(getattr(request, "role", None), permissions.EVIDENCE_PACK,
                        "download the inspection evidence pack")
    query = request.GET.dict()
    if not any(k.startswith(("period_start", "period_end")) for k in query):
        # No period in the address: the page's own default, the last twelve months.
        start, end = commitment_selectors.default_period()
        query.update(period_start=start.isoformat(), period_end=end.isoformat())
    form = EvidencePackForm({**query, "format": fmt})
    if not form.is_valid():  # a period typed into the address by hand: the page says what's wrong
        return redirect(reverse("workspace:evidence_pack", args=[area.slug]) + "?"
                        + urlencode({**query, "format": fmt}))
    start, end = form.cleaned_data["period_start"], form.cleaned_data["period_end"]
    pack = pack_module.evidence_pack_build(area=area, user=request.user, start=start, end=end)
    body = pack_module.pack_pdf(pack) if fmt == "pdf" else pack_module.pack_docx(pack)
    audit(action=AuditAction.EVIDENCE_PACK_DOWNLOAD, obj=area, by=request.user, area=area,
          after={"format": fmt, "period_start": start, "period_end": end,
                 "commitments": pack.commitments_count, "bytes": len(body)})
    response = HttpResponse(body, content_type=PACK_TYPES[fmt])
    name = f"{area.slug}-evidence-pack-{start.isoformat()}-to-{end.isoformat()}.{fmt}"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response

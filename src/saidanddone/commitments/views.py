from __future__ import annotations

import uuid
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ObjectDoesNotExist
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from saidanddone.areas import permissions
from saidanddone.areas.actors import AreaRequest
from saidanddone.areas.decorators import area_view
from saidanddone.areas.models import Area
from saidanddone.commitments import selectors, services
from saidanddone.commitments.forms import (
    CommitmentEditForm,
    CommitmentFilterForm,
    CommitmentForm,
    DataPointCorrectForm,
    DataPointForm,
    DocumentUploadForm,
    DraftForm,
    EvidenceFileForm,
    EvidenceForm,
    IndicatorForm,
    PickerFilterForm,
    ProgressForm,
    ResponseForm,
    RevisionForm,
    RevisionReasonForm,
    StatusForm,
)
from saidanddone.commitments.imports import document_import, document_read
from saidanddone.commitments.models import TRANSITIONS, DataPoint, Evidence, Indicator, Status
from saidanddone.commitments.tasks import read_document_upload
from saidanddone.core import uploads
from saidanddone.core.forms import choice_field
from saidanddone.core.models import UploadRead
from saidanddone.core.views import form_error, run_service
from saidanddone.feedback.selectors import (
    countable_feedback,
    feedback_for,
    feedback_list,
    feedback_visible,
)
from saidanddone.importers import MAX_BYTES, DocumentError
from saidanddone.themes.models import Theme


def _get(fn: Any, **kwargs: Any) -> Any:
    try:
        return fn(**kwargs)
    except (ObjectDoesNotExist, ValueError) as exc:
        raise Http404("Not found") from exc


def _require_editor(request: AreaRequest) -> None:
    permissions.require(request.role, permissions.EDIT_RESPONSES,
                        "write responses and commitments")


# Responses ------------------------------------------------------------------------------------

@area_view
def response_list(request: AreaRequest, area: Area) -> HttpResponse:
    return render(request, "commitments/response_list.html", {
        "area": area, "responses": selectors.response_list(area=area),
        "can_edit": request.role in permissions.EDIT_RESPONSES})


def _picked(data: Any, name: str) -> list[str]:
    return [str(v) for v in data.getlist(name)] if hasattr(data, "getlist") else []


def _response_form(request: AreaRequest, area: Area, response: Any = None,
                   draft: Any = None) -> tuple[ResponseForm, PickerFilterForm]:
    """The response form and the filter of its "feedback this responds to" picker.

    A POST with ``action=filter`` (the picker's "Show matching comments" button) or
    ``action=from_feedback`` (the feedback list's "Make a response from the selected comments")
    only redraws the page, keeping everything typed and ticked; any other POST saves.
    Whatever is ticked, or already linked, always stays a choice: a comment that is not offered
    cannot be posted back, and would be unlinked by saving the page unchanged.
    """
    all_themes = Theme.objects.filter(area=area)
    visible = feedback_for(area=area, user=request.user)
    action = request.POST.get("action") if request.method == "POST" else None
    redraw = action in {"filter", "from_feedback"}
    picker = PickerFilterForm(request.POST if action == "filter" else request.GET or None,
                              themes=all_themes.filter(active=True))
    filters = picker.cleaned_data if picker.is_bound and picker.is_valid() else {}
    initial: dict[str, Any] = {}
    if response is not None:
        initial = {"title": response.title, "you_said": response.you_said,
                   "easy_read": response.easy_read,
                   "themes": [str(t.pk) for t in response.themes.all()],
                   "feedback": [str(f.pk) for f in response.feedback.all()]}
    elif draft is not None:
        # A machine's draft, for the officer to edit: nothing is saved until they save it.
        initial = {"title": draft.theme.name, "you_said": draft.draft.as_text(),
                   "themes": [str(draft.theme.pk)],
                   "feedback": [str(item.pk) for item in draft.items]}
    else:
        if request.GET.get("theme"):
            chosen = all_themes.filter(active=True, slug=request.GET["theme"]).first()
            if chosen:
                initial["themes"] = [str(chosen.pk)]
        if request.GET.getlist("feedback"):
            initial["feedback"] = _picked(request.GET, "feedback")
    if action == "from_feedback":
        initial = {"feedback": _picked(request.POST, "items")}
    elif action == "filter":
        initial = {name: request.POST.get(name, "") for name in ("title", "you_said",
                                                                  "easy_read")}
        initial |= {name: _picked(request.POST, name) for name in ("themes", "feedback")}
    ticked = set(_picked(request.POST, "feedback") if request.method == "POST" and not redraw
                 else initial.get("feedback", []))
    linked = {str(pk) for pk in response.feedback.values_list("pk", flat=True)} if response \
        else set()
    # The picker quotes the comments: only those this person may see (need to know).
    listed = countable_feedback(feedback_list(
        area=area, user=request.user, theme=filters.get("picker_theme") or None,
        received_from=filters.get("received_from"), received_to=filters.get("received_to")))
    keep = visible.filter(pk__in=_uuids(ticked | linked))
    feedback = sorted({*listed, *keep}, key=lambda f: (f.received_on, f.created_at),
                      reverse=True)
    theme_keep = set(initial.get("themes", [])) | set(_picked(request.POST, "themes"))
    if response is not None:  # a linked theme stays a choice even after it is retired
        theme_keep |= {str(pk) for pk in response.themes.values_list("pk", flat=True)}
    themes = [t for t in all_themes if t.active or str(t.pk) in theme_keep]
    form = ResponseForm(request.POST if request.method == "POST" and not redraw else None,
                        initial=initial, themes=themes, feedback=feedback)
    return form, picker


def _uuids(values: Any) -> list[Any]:
    """The values that are UUIDs: a hand-edited address must not become a 500."""
    import uuid

    found = []
    for value in values:
        try:
            found.append(uuid.UUID(str(value)))
        except ValueError:
            continue
    return found


def _response_data(area: Area, user: Any, form: ResponseForm,
                   response: Any = None) -> dict[str, Any]:
    data = form.cleaned_data
    feedback = list(feedback_for(area=area, user=user).filter(pk__in=data["feedback"]))
    if response is not None:
        # Links this person cannot see were not offered to them: saving must not drop them.
        hidden = response.feedback.exclude(pk__in=feedback_for(area=area, user=user))
        feedback += list(hidden)
    return {
        "title": data["title"], "you_said": data["you_said"], "easy_read": data["easy_read"],
        "themes": Theme.objects.filter(area=area, pk__in=data["themes"]),
        "feedback": feedback,
    }


def _draft(request: AreaRequest, area: Area) -> tuple[DraftForm, Any]:
    """The draft the query string asks for (theme and period), or None with the form's errors."""
    themes = Theme.objects.filter(area=area, active=True)
    form = DraftForm(request.GET if "theme" in request.GET else None, themes=themes)
    if not form.is_valid():
        return form, None
    theme = themes.get(slug=form.cleaned_data["theme"])
    months = selectors.DRAFT_PERIODS[form.cleaned_data["period"]][1]
    return form, selectors.you_said_draft(area=area, user=request.user, theme=theme,
                                          months=months)


@area_view
def response_draft(request: AreaRequest, area: Area) -> HttpResponse:
    """Draft a "You said" from a theme's comments: a summary, its count and quotes to edit."""
    _require_editor(request)
    form, result = _draft(request, area)
    return render(request, "commitments/response_draft.html",
                  {"area": area, "form": form, "result": result})


def _saving(request: AreaRequest) -> bool:
    return request.method == "POST" and request.POST.get("action") not in {"filter",
                                                                           "from_feedback"}


def _response_page(request: AreaRequest, area: Area, form: ResponseForm,
                   picker: PickerFilterForm, **context: Any) -> HttpResponse:
    return render(request, "commitments/response_form.html", {
        "area": area, "form": form, "picker": picker, **context,
        "feedback_field": form["feedback"],
        # ResponseForm set the choices as a list; the stubs allow any kind a field takes
        "shown": len(choice_field(form, "feedback").choices)})  # type: ignore[arg-type]


@area_view
def response_new(request: AreaRequest, area: Area) -> HttpResponse:
    _require_editor(request)
    draft = None
    if request.method == "GET" and request.GET.get("draft"):
        _, draft = _draft(request, area)
    form, picker = _response_form(request, area, draft=draft)
    if _saving(request) and form.is_valid():
        response = run_service(form, lambda: services.response_create(
            area=area, by=request.user, **_response_data(area, request.user, form)))
        if response is not None:
            messages.success(request, "Response saved. Now add what you will do.")
            return redirect("workspace:response_detail", area.slug, response.pk)
    return _response_page(request, area, form, picker, heading="New response", draft=draft)


@area_view
def response_edit(request: AreaRequest, area: Area, pk: str) -> HttpResponse:
    _require_editor(request)
    response = _get(selectors.response_get, area=area, pk=pk)
    form, picker = _response_form(request, area, response)
    if _saving(request) and form.is_valid() and run_service(
            form, lambda: services.response_update(
                response=response, by=request.user,
                **_response_data(area, request.user, form, response))) is not None:
        messages.success(request, "Response updated.")
        return redirect("workspace:response_detail", area.slug, response.pk)
    return _response_page(request, area, form, picker, heading="Edit response",
                          response=response)


@area_view
def response_detail(request: AreaRequest, area: Area, pk: str) -> HttpResponse:
    response = _get(selectors.response_get, area=area, pk=pk)
    form = CommitmentForm(request.POST or None)
    if request.method == "POST":
        _require_editor(request)
        if form.is_valid():
            commitment = run_service(form, lambda: services.commitment_create(
                response=response, by=request.user, **form.cleaned_data))
            if commitment is not None:
                messages.success(request, "Commitment added.")
                return redirect("workspace:commitment_detail", area.slug, commitment.pk)
    feedback = countable_feedback(feedback_visible(response.feedback.all(),
                                                   role=request.role))
    return render(request, "commitments/response_detail.html", {
        "area": area, "response": response, "form": form, "feedback": feedback,
        "commitments": response.commitments.all(),
        "can_edit": request.role in permissions.EDIT_RESPONSES,
    })


# Commitments ----------------------------------------------------------------------------------

@area_view
def commitment_list(request: AreaRequest, area: Area) -> HttpResponse:
    form = CommitmentFilterForm(request.GET or None, owners=selectors.owner_teams(area=area),
                                themes=Theme.objects.filter(area=area, active=True))
    filters = form.cleaned_data if form.is_valid() else {}
    items = selectors.commitment_list(area=area, **{k: v for k, v in filters.items() if v})
    return render(request, "commitments/commitment_list.html",
                  {"area": area, "form": form, "commitments": items})


@area_view
def commitment_detail(request: AreaRequest, area: Area, pk: str) -> HttpResponse:
    commitment = _get(selectors.commitment_get, area=area, pk=pk)
    indicators = Indicator.objects.filter(area=area)
    action = request.POST.get("action") if request.method == "POST" else None
    post = request.POST if request.method == "POST" else None
    # Five forms on one page: each its own ids (id_status_reason, id_revise_reason), so every
    # label and error link points at one input; the names posted stay the same.
    forms = {
        "status": StatusForm(post if action == "status" else None, auto_id="id_status_%s",
                             allowed=sorted(TRANSITIONS[commitment.status])),
        "progress": ProgressForm(post if action == "progress" else None,
                                 auto_id="id_progress_%s"),
        "evidence": EvidenceForm(post if action == "evidence" else None, indicators=indicators,
                                 auto_id="id_evidence_%s"),
        "file": EvidenceFileForm(post if action == "file" else None,
                                 request.FILES if action == "file" else None,
                                 auto_id="id_file_%s"),
        "revise": RevisionForm(post if action == "revise" else None, auto_id="id_revise_%s"),
        "reason": RevisionReasonForm(post if action == "reason" else None,
                                     auto_id="id_reason_%s",
                                     revisions=commitment.due_date_revisions.all()),
        "edit": CommitmentEditForm(post if action == "edit" else None, auto_id="id_edit_%s",
                                   initial={
                                       "text": commitment.text,
                                       "owner_team": commitment.owner_team,
                                       "accountable_role": commitment.accountable_role,
                                       "partners": commitment.partners,
                                       "start_date": commitment.start_date}),
    }
    held = selectors.held_records(commitment)
    if action == "release":
        _require_editor(request)
        record = next((r for r in held if str(r.pk) == request.POST.get("record")), None)
        if record is None:
            raise Http404("Nothing like that is waiting for a check")
        services.live_text_release(record=record, by=request.user,
                                   text=request.POST.get("text", ""))
        messages.success(request, "Checked. It now shows on the public page.")
        return redirect("workspace:commitment_detail", area.slug, commitment.pk)
    if action in forms:
        _require_editor(request)
        form = forms[action]
        if form.is_valid() and run_service(
                form, lambda: _commitment_action(action, commitment, form.cleaned_data,
                                                 request, indicators)) is not None:
            messages.success(request, "Saved.")
            return redirect("workspace:commitment_detail", area.slug, commitment.pk)
    return render(request, "commitments/commitment_detail.html", {
        "area": area, "c": commitment, "forms": forms,
        "rag": selectors.rag(commitment), "rag_reason": selectors.rag_reason(commitment),
        "can_edit": request.role in permissions.EDIT_RESPONSES,
        "open_form": action, "held": held, "version": services.commitment_version(commitment),
    })


def _commitment_action(action: str, commitment: Any, data: dict[str, Any],
                       request: AreaRequest, indicators: Any) -> Any:
    by = request.user
    # The version the page was drawn from: a change made since then by someone else refuses
    # this one (services._lock), rather than both being accepted.
    version = request.POST.get("version", "")
    if action == "status":
        services.commitment_set_status(commitment=commitment, status=data["status"],
                                       reason=data["reason"], rationale=data["rationale"], by=by,
                                       version=version)
        if data["status"] == Status.DONE and data["evidence_title"]:
            kind = Evidence.Kind.LINK if data["evidence_url"] else Evidence.Kind.NOTE
            services.evidence_add(commitment=commitment, kind=kind, by=by,
                                  title=data["evidence_title"], url=data["evidence_url"],
                                  description=data["reason"])
        return commitment
    if action == "progress":
        return services.commitment_add_progress(commitment=commitment, text=data["text"],
                                                public=data["public"], by=by)
    if action == "evidence":
        indicator = indicators.filter(pk=data["indicator"]).first() if data["indicator"] else None
        return services.evidence_add(commitment=commitment, kind=data["kind"],
                                     title=data["title"], url=data["url"],
                                     description=data["description"], indicator=indicator,
                                     by=by)
    if action == "file":
        upload = data["file"]
        return services.evidence_file_add(
            commitment=commitment, title=data["title"], description=data["description"],
            name=upload.name, content=data["content"], public=data["public"], by=by)
    if action == "revise":
        return services.commitment_revise_due_date(commitment=commitment, by=by,
                                                   version=version, **data)
    if action == "reason":
        revision = commitment.due_date_revisions.get(pk=data["revision"])
        return services.due_date_revision_correct_reason(revision=revision, reason=data["reason"],
                                                         by=by)
    return services.commitment_update(commitment=commitment, by=by, version=version, **data)


@area_view
def evidence_remove(request: AreaRequest, area: Area, pk: str) -> HttpResponse:
    """Are you sure? (the GOV.UK pattern, no script): GET asks, naming the evidence and its
    file; only the POST from this page removes it, and its file with it."""
    evidence = Evidence.objects.filter(commitment__area=area, pk=pk).select_related(
        "commitment", "file").first()
    if evidence is None:
        raise Http404("No such evidence")
    _require_editor(request)
    commitment = evidence.commitment
    form = forms.Form(request.POST or None)
    if request.method == "POST" and run_service(form, lambda: services.evidence_delete(
            evidence=evidence, by=request.user) or True):
        messages.success(request, f"Removed \u201c{evidence.title}\u201d.")
        return redirect(reverse("workspace:commitment_detail", args=[area.slug, commitment.pk])
                        + "#evidence")
    record = getattr(evidence, "file", None) if evidence.kind == Evidence.Kind.FILE else None
    on_public_page = (commitment.published_in.exists() and not evidence.held
                      and (record is None or record.public))
    return render(request, "commitments/evidence_remove.html", {
        "area": area, "c": commitment, "evidence": evidence, "record": record, "form": form,
        "on_public_page": on_public_page})


@area_view
def evidence_file(request: AreaRequest, area: Area, pk: str) -> HttpResponse:
    """An evidence file, public or staff-only, for the area's members (never cached)."""
    record = _get(selectors.evidence_file_get, area=area, pk=pk)
    response: HttpResponse = _get(selectors.evidence_file_response, record=record, staff=True)
    return response


# Indicators -----------------------------------------------------------------------------------

@area_view
def indicator_list(request: AreaRequest, area: Area) -> HttpResponse:
    form = IndicatorForm(request.POST or None)
    if request.method == "POST":
        permissions.require(request.role, permissions.MANAGE_INDICATORS,
                            "manage indicators")
        if form.is_valid():
            indicator = run_service(form, lambda: services.indicator_create(
                area=area, by=request.user, **form.cleaned_data))
            if indicator is not None:
                messages.success(request, "Indicator created.")
                return redirect("workspace:indicator_detail", area.slug, indicator.pk)
    return render(request, "commitments/indicator_list.html",
                  {"area": area, "indicators": selectors.indicator_list(area=area),
                   "form": form,
                   "can_edit": request.role in permissions.MANAGE_INDICATORS})


def _require_indicators(request: AreaRequest, action: str) -> None:
    permissions.require(request.role, permissions.MANAGE_INDICATORS,
                        action)


def _figure(indicator: Indicator, value: Any) -> DataPoint:
    try:
        point = indicator.points.filter(pk=uuid.UUID(str(value))).first()
    except ValueError:
        point = None
    if point is None:
        raise Http404("No such figure")
    return point


@area_view
def indicator_detail(request: AreaRequest, area: Area, pk: str) -> HttpResponse:
    indicator = _get(selectors.indicator_get, area=area, pk=pk)
    action = request.POST.get("action", "add") if request.method == "POST" else None
    form = DataPointForm(request.POST if action == "add" else None)
    if action:
        _require_indicators(request, "add or publish figures")
        done: Any = None
        if action in {"public", "private"}:
            point = _figure(indicator, request.POST.get("figure"))
            done = run_service(form, lambda: services.datapoint_set_public(
                point=point, public=action == "public", by=request.user))
            message = ("Figure shown on public pages." if action == "public"
                       else "Figure taken off public pages.")
        elif form.is_valid():
            done = run_service(form, lambda: services.datapoint_add(
                indicator=indicator, by=request.user, **form.cleaned_data))
            message = "Figure added. It is not public until you choose \u201cMake public\u201d."
        if done is not None:
            messages.success(request, message)
            return redirect("workspace:indicator_detail", area.slug, indicator.pk)
    points = list(indicator.points.prefetch_related("corrections"))
    return render(request, "commitments/indicator_detail.html", {
        "area": area, "indicator": indicator, "points": points, "form": form,
        "can_edit": request.role in permissions.MANAGE_INDICATORS})


def _indicator_initial(indicator: Indicator) -> dict[str, Any]:
    return {"name": indicator.name, "unit": indicator.unit, "direction": indicator.direction,
            "description": indicator.description, "baseline": indicator.baseline,
            "target": indicator.target, "target_date": indicator.target_date,
            "suppress_below": indicator.suppress_below or None}


@area_view
def indicator_edit(request: AreaRequest, area: Area, pk: str) -> HttpResponse:
    indicator = _get(selectors.indicator_get, area=area, pk=pk)
    _require_indicators(request, "change indicators")
    form = IndicatorForm(request.POST or None, initial=_indicator_initial(indicator))
    if request.method == "POST" and form.is_valid() and run_service(
            form, lambda: services.indicator_update(
                indicator=indicator, by=request.user, **form.cleaned_data)) is not None:
        messages.success(request, "Indicator saved.")
        return redirect("workspace:indicator_detail", area.slug, indicator.pk)
    return render(request, "commitments/indicator_edit.html",
                  {"area": area, "indicator": indicator, "form": form})


@area_view
def indicator_delete(request: AreaRequest, area: Area, pk: str) -> HttpResponse:
    """Are you sure? Deleting takes every figure with it; evidence stays, without the chart."""
    indicator = _get(selectors.indicator_get, area=area, pk=pk)
    _require_indicators(request, "delete indicators")
    form = forms.Form(request.POST or None)
    if request.method == "POST" and run_service(form, lambda: services.indicator_delete(
            indicator=indicator, by=request.user) or True):
        messages.success(request, f"Indicator \u201c{indicator.name}\u201d deleted.")
        return redirect("workspace:indicator_list", area.slug)
    return render(request, "commitments/indicator_delete.html", {
        "area": area, "indicator": indicator, "form": form,
        "evidence": indicator.evidence_for.select_related("commitment")})


@area_view
def indicator_figure(request: AreaRequest, area: Area, pk: str) -> HttpResponse:
    """Change one figure (date, value, source) with the reason, or delete it after a check."""
    indicator = _get(selectors.indicator_get, area=area, pk=pk)
    figure_id = request.POST.get("figure") or request.GET.get("figure")
    if not figure_id:
        return redirect("workspace:indicator_detail", area.slug, indicator.pk)
    _require_indicators(request, "change figures")
    point = _figure(indicator, figure_id)
    deleting = (request.POST.get("action") or request.GET.get("action")) == "delete"
    form: forms.Form
    if deleting:
        form = forms.Form(request.POST or None)
    else:
        form = DataPointCorrectForm(request.POST or None, initial={
            "date": point.date, "value": point.value, "source": point.source,
            "note": point.note})
    if request.method == "POST":
        if deleting:
            done = run_service(form, lambda: services.datapoint_delete(
                point=point, by=request.user) or True)
            message = "Figure deleted."
        else:
            done = form.is_valid() and run_service(form, lambda: services.datapoint_correct(
                point=point, by=request.user, **form.cleaned_data))
            message = "Figure changed. The earlier figure and your reason are kept."
        if done:
            messages.success(request, message)
            return redirect("workspace:indicator_detail", area.slug, indicator.pk)
    return render(request, "commitments/indicator_figure.html", {
        "area": area, "indicator": indicator, "point": point, "form": form,
        "deleting": deleting})


# Importing an existing "You said, we did" document --------------------------------------------

IMPORT_SALT = "saidanddone.document-import"


def _document_preview(document: dict[str, Any], filename: str) -> dict[str, Any]:
    """What the preview needs: the entries, and a signed payload with a one-time token
    (imports._spend) that the save sends back."""
    from django.core import signing

    return {"document": document, "filename": filename,
            "payload": signing.dumps({"document": document, "filename": filename,
                                      "token": uuid.uuid4().hex},
                                     salt=IMPORT_SALT, compress=True)}


@area_view
def document_import_view(request: AreaRequest, area: Area) -> HttpResponse:
    """Upload → preview with warnings → choose entries → save in one step (all or nothing).

    Every read runs in a child process within the upload limits; a big file is read in the
    background while this page shows how far it has got (``?reading=<id>``, decision 0212).
    """
    from django.core import signing

    _require_editor(request)
    uploads.upload_reads_purge()  # reads nobody came back for
    form = DocumentUploadForm()
    context: dict[str, Any] = {"area": area, "form": form}
    if request.method == "GET" and not request.GET.get("reading"):
        waiting = uploads.upload_read_latest(area=area, by=request.user,
                                             kind=UploadRead.Kind.DOCUMENT)
        if waiting is not None:  # back without the address: show where it has got to
            return redirect(reverse("workspace:document_import", args=[area.slug])
                            + f"?reading={waiting.pk}")
    if request.method == "GET" and request.GET.get("reading"):
        read = uploads.upload_read_get(area=area, by=request.user,
                                       kind=UploadRead.Kind.DOCUMENT, pk=request.GET["reading"])
        if read is None:
            form_error(form, "That upload has been read already or has expired. Upload the "
                             "document again.")
        elif read.status == UploadRead.Status.READY:
            uploads.upload_read_discard(read=read)  # its one use: the preview carries it now
            context.update(_document_preview(read.result or {}, read.name))
        elif read.status == UploadRead.Status.FAILED:
            uploads.upload_read_discard(read=read)
            form_error(form, read.message)
        else:
            context.update(reading=read, reading_ahead=uploads.upload_read_ahead(read=read),
                           reading_limit=uploads.upload_limits().wall_seconds)
    elif request.method == "POST" and request.POST.get("action") == "save":
        try:
            payload = signing.loads(request.POST.get("payload", ""), salt=IMPORT_SALT,
                                    max_age=3600)
        except signing.BadSignature:
            payload = {}
        if not payload.get("token"):  # expired, forged, or drawn before previews had tokens
            form_error(form, "The preview has expired. Upload the document again.")
            return render(request, "commitments/document_import.html", context)
        keep = [int(i) for i in request.POST.getlist("keep") if i.isdigit()]
        summary = run_service(form, lambda: document_import(
            area=area, document=payload["document"], keep=keep, by=request.user,
            source=payload["filename"], keep_indicators="indicators" in request.POST,
            token=payload["token"]))
        if summary is not None:
            messages.success(request, f"Saved {summary.responses} draft responses with "
                                      f"{summary.commitments} commitments and "
                                      f"{summary.indicators} indicators. Nothing is published "
                                      "until you publish it.")
            return redirect("workspace:response_list", area.slug)
        context.update(document=payload["document"], payload=request.POST.get("payload"),
                       filename=payload["filename"])
    elif request.method == "POST":
        form = DocumentUploadForm(request.POST, request.FILES)
        context["form"] = form
        if form.is_valid():
            upload = form.cleaned_data["document"]
            if upload.size > MAX_BYTES:
                form.add_error("document", f"The file is too big. The limit is "
                                           f"{MAX_BYTES // 1_000_000} MB.")
            else:
                content = upload.read()
                if uploads.reads_in_background(content):
                    read = uploads.upload_read_start(
                        area=area, by=request.user, kind=UploadRead.Kind.DOCUMENT,
                        name=upload.name, content=content, task=read_document_upload)
                    return redirect(reverse("workspace:document_import", args=[area.slug])
                                    + f"?reading={read.pk}")
                try:
                    document = document_read(content, upload.name)
                except DocumentError as exc:
                    form.add_error("document", exc.message)
                else:
                    context.update(_document_preview(document, upload.name))
    return render(request, "commitments/document_import.html", context)

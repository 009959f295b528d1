from __future__ import annotations

import csv
import io
import json
import uuid
from typing import Any
from urllib.parse import urlsplit

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.views.decorators.clickjacking import xframe_options_exempt
from django.views.decorators.csrf import csrf_exempt

from saidanddone.analysis.readers import InputError
from saidanddone.areas import permissions
from saidanddone.areas.actors import Actor, AreaRequest
from saidanddone.areas.decorators import area_view
from saidanddone.areas.models import Area
from saidanddone.core import uploads
from saidanddone.core.audit import audit
from saidanddone.core.middleware import CSP
from saidanddone.core.models import UploadRead
from saidanddone.core.spreadsheets import safe_row
from saidanddone.core.views import form_error, run_service
from saidanddone.feedback import selectors, services, surveys
from saidanddone.feedback.forms import (
    EraseForm,
    ExclusionForm,
    FeedbackFilterForm,
    ForumReportForm,
    PageFeedbackForm,
    PublicFeedbackForm,
    StaffFeedbackForm,
    SubjectAccessForm,
    SurveyMappingForm,
    SurveyUploadForm,
    ThemeConfirmForm,
    TriageForm,
)
from saidanddone.feedback.models import FeedbackItem, SurveyUpload
from saidanddone.feedback.ratelimit import minutes_until_next_window, rate_limited
from saidanddone.feedback.safeguarding import describe_signals
from saidanddone.feedback.tasks import read_survey_upload
from saidanddone.themes import services as theme_services
from saidanddone.themes.models import Theme
from saidanddone.themes.services import feedback_bulk_confirm, feedback_confirm_themes


@area_view
def feedback_list(request: AreaRequest, area: Area) -> HttpResponse:
    themes = Theme.objects.filter(area=area, active=True)
    can_triage = request.role in permissions.TRIAGE_SAFEGUARDING
    form = FeedbackFilterForm(request.GET or None, themes=themes, can_triage=can_triage)
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
        "role": request.role,
        "can_triage": can_triage, **_list_controls(request.role),
    })


def _list_controls(role: str) -> dict[str, bool]:
    """Which of the list's buttons this role may use: a control it cannot use is not shown."""
    return {"can_enter": role in permissions.ENTER_FEEDBACK,
            "can_report": role in permissions.FORUM_REPORT,
            "can_confirm": role in permissions.CONFIRM_THEMES,
            "can_respond": role in permissions.EDIT_RESPONSES}


def _item_or_404(request: AreaRequest, area: Area, pk: str) -> FeedbackItem:
    try:
        return selectors.feedback_get(area=area, user=request.user, pk=pk)
    except (FeedbackItem.DoesNotExist, ValueError) as exc:
        raise Http404("No such feedback") from exc


@area_view
def feedback_detail(request: AreaRequest, area: Area, pk: str) -> HttpResponse:
    item = _item_or_404(request, area, pk)
    role = request.role
    confirmed = {str(a.theme_id) for a in item.theme_assignments.all()}
    # A confirmed theme stays a choice after it is retired: not offered, it would be unticked
    # and lost when the page is saved unchanged.
    themes = [t for t in Theme.objects.filter(area=area) if t.active or str(t.pk) in confirmed]
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
    signals, _ = describe_signals(item)
    return render(request, "feedback/detail.html", {
        "area": area, "item": item, "form": form, "exclusion_form": exclusion_form,
        "triage_form": triage_form, "suggested": suggested, "signals": signals,
        "can_triage": role in permissions.TRIAGE_SAFEGUARDING,
        "text": selectors.feedback_text_for(item=item, role=role),
        "sees_original": role in permissions.SEE_ORIGINAL_TEXT,
        "can_edit": role in permissions.EDIT_RESPONSES,
        "can_confirm": role in permissions.CONFIRM_THEMES,
        "can_erase": role in permissions.DATA_PROTECTION,
        "confirmed": item.theme_assignments.select_related("theme", "confirmed_by"),
        "campaign_size": 0 if item.duplicate_of_id else item.campaign_size,
    })


@area_view
def feedback_new(request: AreaRequest, area: Area) -> HttpResponse:
    permissions.require(request.role, permissions.ENTER_FEEDBACK,
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


# Public forms: no sign-in ---------------------------------------------------------------------

def _public_area(slug: str) -> Area:
    area = Area.objects.filter(slug=slug).first()
    if area is None:
        raise Http404("No such area")
    return area


def _refuse_for_now(form: Any) -> int:
    """Say on the form itself that it was sent too often: the words stay in the box, and the
    family sees when to try again. Returns the status code to answer with (429)."""
    minutes = minutes_until_next_window()
    form.is_valid()  # the form keeps what was typed; add_error needs it cleaned
    form.add_error(None, (
        "You have sent a lot of comments in a short time from the same place, so this one "
        "has not been sent yet. Your words are still in the box below. Try again in "
        f"{minutes} minute{'s' if minutes != 1 else ''}."))
    return 429


def public_feedback_form(request: HttpRequest, slug: str, young: bool = False) -> HttpResponse:
    area = _public_area(slug)
    form = PublicFeedbackForm(request.POST or None, young=young,
                              initial={"key": uuid.uuid4()})
    # A young person ends on the young people's thank-you page (plain words, Childline).
    thanks = "public:feedback_thanks_young" if young else "public:feedback_thanks"
    status = 200
    if request.method == "POST":
        if rate_limited(request, "feedback"):
            status = _refuse_for_now(form)
        elif request.POST.get("website"):
            # A bot filled in the hidden field: answer as if stored, store nothing.
            return redirect(thanks, area.slug)
        elif form.is_valid():
            data = form.cleaned_data
            result = run_service(form, lambda: services.feedback_submit_public(
                area=area, text=data["comment"], respondent_role=data["respondent_role"],
                consent=data["consent"], topic=data["topic"], idempotency_key=data["key"]))
            if result is not None:
                return redirect(thanks, area.slug)
    template = "feedback/public_form_young.html" if young else "feedback/public_form.html"
    response = render(request, template, {"area": area, "form": form,
                                          "brand_colour": area.brand_colour,
                                          "max_chars": PublicFeedbackForm.MAX}, status=status)
    if status == 429:
        response["Retry-After"] = str(minutes_until_next_window() * 60)
    return response


def public_feedback_form_young(request: HttpRequest, slug: str) -> HttpResponse:
    return public_feedback_form(request, slug, young=True)


def public_feedback_thanks(request: HttpRequest, slug: str) -> HttpResponse:
    area = _public_area(slug)
    return render(request, "feedback/public_thanks.html",
                  {"area": area, "brand_colour": area.brand_colour})


def public_feedback_thanks_young(request: HttpRequest, slug: str) -> HttpResponse:
    area = _public_area(slug)
    return render(request, "feedback/public_thanks_young.html",
                  {"area": area, "brand_colour": area.brand_colour})


@csrf_exempt  # a cross-site iframe gets no CSRF cookie; see docs/decisions/0004
@xframe_options_exempt
def page_feedback(request: HttpRequest, slug: str) -> HttpResponse:
    """The small 'Is there anything wrong with this page?' form, made to sit in an iframe on the
    area's Local Offer pages. It records the page's address with the comment."""
    area = _public_area(slug)
    page = request.GET.get("page") or request.POST.get("page") or ""
    form = PageFeedbackForm(request.POST or None, initial={"key": uuid.uuid4(), "page": page})
    sent = False
    status = 200
    if request.method == "POST":
        if rate_limited(request, "page-feedback"):
            status = _refuse_for_now(form)
        elif request.POST.get("website"):
            sent = True
        elif form.is_valid():
            data = form.cleaned_data
            sent = run_service(form, lambda: services.feedback_submit_public(
                area=area, text=data["comment"], respondent_role="other",
                consent="paraphrase", kind="page_feedback",
                page_url=data["page"] or "",
                idempotency_key=data["key"])) is not None
    response = render(request, "feedback/page_feedback.html",
                      {"area": area, "form": form, "sent": sent}, status=status)
    ancestors = " ".join(filter(None, ["'self'", _origin(area.local_offer_url)]))
    response["Content-Security-Policy"] = CSP.replace("frame-ancestors 'none'",
                                                      f"frame-ancestors {ancestors}")
    return response


def _origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}" if parts.scheme and parts.netloc else ""


# Staff: triage, forum reports, bulk themes, data protection -----------------------------------

@area_view
def triage_queue(request: AreaRequest, area: Area) -> HttpResponse:
    permissions.require(request.role,
                        permissions.TRIAGE_SAFEGUARDING, "see the safeguarding triage queue")
    return render(request, "feedback/triage_queue.html", {
        "area": area, "entries": selectors.triage_queue(area=area, user=request.user),
        "failing_alerts": selectors.safeguarding_alerts_failing(area=area, user=request.user)})


@area_view
def forum_report_new(request: AreaRequest, area: Area) -> HttpResponse:
    permissions.require(request.role, permissions.FORUM_REPORT,
                        "add forum reports")
    form = ForumReportForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        item = run_service(form, lambda: services.feedback_create(
            area=area, text=data["text"], respondent_role="forum",
            channel=services.channel_get_or_create(area=area, kind="forum_report"),
            received_on=data["received_on"], represents=data["represents"],
            by=request.user))
        if item is not None:
            messages.success(request, f"Forum report saved. It counts as {item.represents} "
                                      "voices.")
            return redirect("workspace:feedback_list", area.slug)
    return render(request, "feedback/forum_report.html", {"area": area, "form": form})


@area_view
def feedback_bulk(request: AreaRequest, area: Area) -> HttpResponse:
    """Confirm the suggested themes of many items at once, or set one theme for all of them."""
    if request.method != "POST":
        return redirect("workspace:feedback_list", area.slug)
    ids = request.POST.getlist("items")
    items = list(selectors.feedback_for(area=area, user=request.user).filter(pk__in=[
        i for i in ids if _is_uuid(i)]))
    theme = Theme.objects.filter(area=area, slug=request.POST.get("theme", "")).first()
    if not items:
        messages.error(request, "Select at least one comment.")
    else:
        count = feedback_bulk_confirm(items=items, theme=theme, by=request.user)
        plural = "s" if count != 1 else ""
        messages.success(request, f"Themes confirmed for {count} comment{plural}.")
    back = request.POST.get("back", "")
    # Back to the same filtered list, but only ever to a page of this area's workspace.
    if back.startswith(f"/workspace/{area.slug}/feedback/"):
        return redirect(back)
    return redirect("workspace:feedback_list", area.slug)


def _is_uuid(value: str) -> bool:
    try:
        uuid.UUID(value)
    except ValueError:
        return False
    return True


@area_view
def feedback_erase_view(request: AreaRequest, area: Area, pk: str) -> HttpResponse:
    permissions.require(request.role, permissions.DATA_PROTECTION,
                        "erase feedback")
    item = _item_or_404(request, area, pk)
    form = EraseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        reference = run_service(form, lambda: services.feedback_erase(
            item=item, by=request.user, reason=form.cleaned_data["reason"]))
        if reference is not None:
            messages.success(request, f"Feedback {reference} has been erased everywhere.")
            return redirect("workspace:feedback_list", area.slug)
    return render(request, "feedback/erase.html", {"area": area, "item": item, "form": form})


# Personal data held by apps above this one (the families' e-mail subscriptions, issue 14):
# each registers, from its AppConfig.ready(), an object with ``title``, ``search_action``,
# ``find(*, area, terms) -> rows`` (shown on the page), ``export(*, area, terms) -> rows`` (in
# the download) and ``erase(*, area, ids, by) -> count``, so subject access and erasure cover
# it without this app importing it.
SUBJECT_ACCESS_SOURCES: dict[str, Any] = {}


def _audit(**kwargs: Any) -> None:
    audit(**kwargs)


@area_view
def data_protection(request: AreaRequest, area: Area) -> HttpResponse:
    """Retention schedule, and subject access: find a person's comments and export them."""
    permissions.require(request.role, permissions.DATA_PROTECTION,
                        "use the data protection tools")
    # The terms identify a person (an e-mail address, a phone number): they travel only in a
    # POST body, never in a URL, so they never reach a server or proxy log.
    form = SubjectAccessForm(request.POST if request.method == "POST" else None)
    matches = None
    other_data: list[dict[str, Any]] = []
    erased = 0
    if form.is_valid():
        terms = [t.strip() for t in form.cleaned_data["terms"].splitlines() if len(t.strip()) > 2]
        for name, source in SUBJECT_ACCESS_SOURCES.items():
            chosen = request.POST.getlist(f"erase_{name}")
            if chosen:
                erased += source.erase(area=area, ids=chosen, by=request.user)
        matches = list(selectors.feedback_matching(area=area, user=request.user, terms=terms))
        audit_read(area=area, by=request.user, what="subject_access_search", count=len(matches))
        for name, source in SUBJECT_ACCESS_SOURCES.items():
            rows = source.find(area=area, terms=terms)
            _audit(action=source.search_action, obj=area, by=request.user, area=area,
                   after={"matches": len(rows)})
            other_data.append({"name": name, "title": source.title, "rows": rows})
        if request.POST.get("format") in {"csv", "json"}:
            others = [(name, source.title, source.export(area=area, terms=terms))
                      for name, source in SUBJECT_ACCESS_SOURCES.items()]
            return subject_access_export(matches, request.POST["format"], area, others)
    due = selectors.feedback_due_for_purge(area=area, today=timezone.localdate())
    response = render(request, "feedback/data_protection.html", {
        "area": area, "form": form, "matches": matches, "due": due.count(),
        "kept": FeedbackItem.objects.filter(area=area, original_deleted_at__isnull=True)
        .exclude(text_original="").count(),
        "other_data": other_data, "erased": erased,
        "found_any": bool(matches) or any(source["rows"] for source in other_data),
    })
    if matches is not None:
        response["Cache-Control"] = "no-store"
    return response


def subject_access_export(items: list[FeedbackItem], fmt: str, area: Area,
                          others: list[tuple[str, str, list[dict[str, Any]]]] | None = None
                          ) -> HttpResponse:
    """Everything found for the person: their comments, then what other apps hold (their
    e-mail subscriptions). JSON: one list per kind, by name. CSV: the comments' table first
    (as it always was), then, after a blank line, each other kind's title and table."""
    rows = [{"reference": i.reference, "received_on": i.received_on.isoformat(),
             "channel": i.channel.name, "respondent_role": i.respondent_role,
             "text": i.text_original or i.text_redacted, "consent": i.consent} for i in items]
    others = others or []
    if fmt == "json":
        document = {"feedback": rows} | {name: found for name, _, found in others}
        response = HttpResponse(json.dumps(document, indent=2), content_type="application/json")
    else:
        buffer = io.StringIO()
        writer = csv.DictWriter(buffer, fieldnames=list(rows[0]) if rows else ["reference"])
        writer.writeheader()
        writer.writerows(safe_row(row) for row in rows)
        for _, title, found in others:
            if not found:
                continue
            plain = csv.writer(buffer)
            plain.writerows([[], [title]])
            block = csv.DictWriter(buffer, fieldnames=list(found[0]))
            block.writeheader()
            block.writerows(safe_row(row) for row in found)
        response = HttpResponse(buffer.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = (
        f'attachment; filename="{area.slug}-subject-access.{fmt}"')
    response["Cache-Control"] = "no-store"
    return response


def audit_read(*, area: Area, by: Actor, what: str, count: int) -> None:
    audit(action=f"feedback.{what}", obj=area, by=by, area=area, after={"matches": count})


# Survey imports: upload → map the columns → preview (bad rows with reasons, rows imported
# before) → import the good rows; the bad rows can be downloaded as CSV to correct.
# The upload is held as parsed rows in the database, never as a file (see SurveyUpload).

SURVEY_SESSION = "saidanddone.survey_upload"


def _survey_upload(request: AreaRequest, area: Area) -> Any:
    stored = request.session.get(SURVEY_SESSION) or {}
    if stored.get("area") != str(area.pk) or not _is_uuid(str(stored.get("upload", ""))):
        return None
    return SurveyUpload.objects.filter(pk=stored["upload"], area=area,
                                       by=request.user).first()


@area_view
def survey_import_view(request: AreaRequest, area: Area) -> HttpResponse:
    permissions.require(request.role, permissions.ENTER_FEEDBACK,
                        "import surveys")
    services.survey_uploads_purge()  # uploads abandoned by anyone, long enough ago
    uploads.upload_reads_purge()
    here = reverse("workspace:survey_import", args=[area.slug])
    context: dict[str, Any] = {"area": area}
    upload_form = SurveyUploadForm()
    step = request.POST.get("step", "") if request.method == "POST" else ""
    if request.method == "GET" and not request.GET:
        waiting = uploads.upload_read_latest(area=area, by=request.user,
                                             kind=UploadRead.Kind.SURVEY)
        if waiting is not None:  # back without the address: show where it has got to
            return redirect(here + f"?reading={waiting.pk}")
    if request.method == "GET" and request.GET.get("reading"):
        # A big export read in the background (decision 0212): progress, then the mapping.
        reading = uploads.upload_read_get(area=area, by=request.user,
                                       kind=UploadRead.Kind.SURVEY, pk=request.GET["reading"])
        if reading is None:
            form_error(upload_form, "That upload has been read already or has expired. Upload "
                                    "the file again.")
        elif reading.status == UploadRead.Status.READY:
            upload = run_service(upload_form, lambda: services.survey_upload_create(
                area=area, name=reading.name, content=b"", by=request.user,
                parsed=surveys.parsed_from_read(reading.result or {})))
            uploads.upload_read_discard(read=reading)
            if upload is not None:
                request.session[SURVEY_SESSION] = {"area": str(area.pk),
                                                   "upload": str(upload.pk)}
                return redirect(here + "?step=map")
        elif reading.status == UploadRead.Status.FAILED:
            uploads.upload_read_discard(read=reading)
            form_error(upload_form, reading.message)
        else:
            context.update(reading=reading, reading_ahead=uploads.upload_read_ahead(read=reading),
                           reading_limit=uploads.upload_limits().wall_seconds)
            return render(request, "feedback/survey_import.html", context)
    if step == "upload":
        upload_form = SurveyUploadForm(request.POST, request.FILES)
        if upload_form.is_valid():
            file = upload_form.cleaned_data["file"]
            content = file.read(surveys.MAX_BYTES + 1)
            if len(content) <= surveys.MAX_BYTES and uploads.reads_in_background(content):
                started = uploads.upload_read_start(
                    area=area, by=request.user, kind=UploadRead.Kind.SURVEY, name=file.name,
                    content=content, task=read_survey_upload)
                return redirect(here + f"?reading={started.pk}")
            upload = run_service(upload_form, lambda: services.survey_upload_create(
                area=area, name=file.name, content=content, by=request.user))
            if upload is not None:
                request.session[SURVEY_SESSION] = {"area": str(area.pk),
                                                   "upload": str(upload.pk)}
                return redirect(here + "?step=map")
    upload = _survey_upload(request, area)
    if step == "save" and upload is None:
        # A second click on "Save" after the first stored the import (or the upload expired).
        messages.info(request, services.SURVEY_ALREADY_SAVED)
        return redirect("workspace:feedback_list", area.slug)
    if step == "cancel":
        if upload is not None:
            services.survey_upload_discard(upload=upload)
        request.session.pop(SURVEY_SESSION, None)
        messages.success(request, "Import cancelled. The uploaded file has been deleted.")
        return redirect(here)
    if upload is not None and (request.GET.get("step") == "map"
                               or step in {"preview", "save", "bad_rows"}):
        parsed = surveys.ParsedFile(upload.header, upload.rows, upload.file_sha256)
        mapping_form = SurveyMappingForm(request.POST if step else None, header=upload.header,
                                         initial=SurveyMappingForm.guess(upload.header,
                                                                         upload.rows))
        context.update(mapping_form=mapping_form, filename=upload.name, header=upload.header,
                       row_total=len(upload.rows))
        if step and mapping_form.is_valid():
            try:
                read = surveys.survey_read(parsed, mapping_form.mapping(),
                                           today=timezone.localdate())
            except InputError as exc:
                form_error(mapping_form, str(exc))
            else:
                if step == "bad_rows":
                    response = HttpResponse(surveys.bad_rows_csv(upload.header, read.errors),
                                            content_type="text/csv; charset=utf-8")
                    stem = upload.name.rsplit(".", 1)[0][:80] or "survey"
                    response["Content-Disposition"] = (
                        f'attachment; filename="{slugify(stem)}-not-imported.csv"')
                    response["Cache-Control"] = "no-store"
                    return response
                before = selectors.survey_imported_before(
                    area=area, file_sha256=upload.file_sha256, rows=read.rows)
                context.update(read=read, preview=read.rows[:20], before=before,
                               to_import=len(read.rows) - before["comment_count"]
                               - before["repeated"])
                if step == "save":
                    record = run_service(mapping_form, lambda: services.survey_import(
                        area=area, rows=read.rows, by=request.user,
                        channel_name=mapping_form.cleaned_data["channel_name"],
                        source=upload.name, file_sha256=upload.file_sha256, upload=upload))
                    if record is not None:  # the service deleted the upload: its one use
                        request.session.pop(SURVEY_SESSION, None)
                        messages.success(request, _imported_message(record, len(read.errors)))
                        return redirect("workspace:feedback_list", area.slug)
        return render(request, "feedback/survey_import.html", context)
    context["form"] = upload_form
    return render(request, "feedback/survey_import.html", context)


def _imported_message(record: Any, bad: int) -> str:
    plural = "s" if record.comments != 1 else ""
    parts = [f"Imported {record.comments:,} comment{plural}. They are being checked for "
             "personal details now."]
    if record.skipped_duplicates:
        parts.append(f"{record.skipped_duplicates:,} had been imported before and were "
                     "skipped.")
    if bad:
        parts.append(f"{bad:,} row{'s' if bad != 1 else ''} could not be imported.")
    return " ".join(parts)


@area_view
def emerging(request: AreaRequest, area: Area) -> HttpResponse:
    if request.method == "POST":
        permissions.require(request.role, permissions.CONFIRM_THEMES,
                            "decide on emerging themes")
        words = [w for w in request.POST.get("words", "").split(",") if w][:20]
        if request.POST.get("action") == "adopt":
            try:
                theme = theme_services.emerging_adopt(area=area, name=request.POST.get("name", ""),
                                                words=words, by=request.user)
            except ValueError as exc:
                messages.error(request, str(exc))
            else:
                messages.success(request, f"'{theme.name}' is now one of your themes.")
        else:
            theme_services.emerging_dismiss(area=area, words=words, by=request.user)
            messages.success(request, "Dismissed. It will not be suggested again.")
        return redirect("workspace:emerging", area.slug)
    return render(request, "themes/emerging.html",
                  {"area": area, "groups": selectors.emerging_themes(area=area, user=request.user)})

"""The feedback list as a spreadsheet, for committee papers and analysis outside the product
(issue 14): exactly the comments the list shows this person with the same filters, redacted text
only, every cell safe to open (core.spreadsheets). Each download is audited: it is a copy of
families' words leaving the product."""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpResponse
from django.utils import timezone

from saidanddone.areas import permissions
from saidanddone.areas.actors import AreaRequest
from saidanddone.areas.decorators import area_view
from saidanddone.areas.models import Area
from saidanddone.core.audit import AuditAction, audit
from saidanddone.core.spreadsheets import spreadsheet_response
from saidanddone.feedback import selectors
from saidanddone.feedback.forms import FeedbackFilterForm
from saidanddone.feedback.models import FeedbackItem
from saidanddone.themes.models import Theme

COLUMNS = ("Reference", "Received", "How it reached us", "Who said it", "People it speaks for",
           "Consent", "Themes (confirmed)", "Themes (suggested, not yet confirmed)",
           "Sentiment", "What was said (redacted)", "Excluded from counts", "Repeat of")


def _row(item: FeedbackItem) -> list[Any]:
    confirmed = [a.theme.name for a in item.theme_assignments.all()]
    suggested = [] if confirmed else [s.theme.name for s in item.theme_suggestions.all()]
    return [
        item.reference, item.received_on, item.channel.name, item.get_respondent_role_display(),
        item.represents, item.get_consent_display(), "; ".join(confirmed), "; ".join(suggested),
        item.sentiment.capitalize(),
        item.text_redacted if item.analysed_at else "(still being checked for personal details)",
        item.get_exclusion_display(),
        item.duplicate_of.reference if item.duplicate_of is not None else "",
    ]


@area_view
def feedback_export(request: AreaRequest, area: Area, fmt: str) -> HttpResponse:
    if fmt not in ("csv", "xlsx"):
        raise Http404("No such format")
    role = request.role
    form = FeedbackFilterForm(request.GET or None,
                              themes=Theme.objects.filter(area=area, active=True),
                              can_triage=role in permissions.TRIAGE_SAFEGUARDING)
    filters = form.cleaned_data if form.is_valid() else {}
    items = selectors.feedback_list(area=area, user=request.user,
                                    **{k: v for k, v in filters.items() if v}).select_related(
        "duplicate_of").prefetch_related("theme_assignments__theme", "theme_suggestions__theme")
    rows = [_row(item) for item in items]
    audit(action=AuditAction.FEEDBACK_EXPORT, obj=area, by=request.user, area=area,
          after={"rows": len(rows), "format": fmt,
                 "filters": {k: str(v) for k, v in filters.items() if v}})
    stamp = timezone.localdate().isoformat()
    return spreadsheet_response(filename=f"{area.slug}-feedback-{stamp}", columns=COLUMNS,
                                rows=rows, fmt=fmt)

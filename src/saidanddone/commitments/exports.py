"""The commitments list as a spreadsheet, for committee papers and inspection (issue 14): the
commitments the list shows with the same filters, with owners, dates, status, whether each is
late (commitments.rules, the one rule) and its evidence; every cell safe to open."""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpResponse
from django.utils import timezone

from saidanddone.areas.actors import AreaRequest
from saidanddone.areas.decorators import area_view
from saidanddone.areas.models import Area
from saidanddone.commitments import selectors
from saidanddone.commitments.forms import CommitmentFilterForm
from saidanddone.commitments.models import Commitment, Evidence
from saidanddone.commitments.rules import is_late
from saidanddone.core.spreadsheets import spreadsheet_response
from saidanddone.themes.models import Theme

COLUMNS = ("Response", "What we will do", "Owner team", "Accountable role", "Partners",
           "Start date", "Due date", "Status", "Late", "Done on", "Last update",
           "Published", "Evidence")


def _evidence(items: list[Evidence]) -> str:
    return "; ".join(f"{e.title} ({e.url})" if e.url else e.title for e in items)


def _row(commitment: Commitment, evidence: dict[Any, list[Evidence]],
         published: set[Any]) -> list[Any]:
    return [
        commitment.response.title, commitment.text, commitment.owner_team,
        commitment.accountable_role, commitment.partners, commitment.start_date,
        commitment.due_date, commitment.get_status_display(),
        "Yes" if is_late(commitment) else "No", commitment.done_on, commitment.last_update_on,
        "Yes" if commitment.pk in published else "No",
        _evidence(evidence.get(commitment.pk, [])),
    ]


@area_view
def commitment_export(request: AreaRequest, area: Area, fmt: str) -> HttpResponse:
    if fmt not in ("csv", "xlsx"):
        raise Http404("No such format")
    form = CommitmentFilterForm(request.GET or None, owners=selectors.owner_teams(area=area),
                                themes=Theme.objects.filter(area=area, active=True))
    filters = form.cleaned_data if form.is_valid() else {}
    items = selectors.commitment_list(area=area, **{k: v for k, v in filters.items() if v})
    evidence: dict[Any, list[Evidence]] = {}
    for item in Evidence.objects.filter(commitment__in=[c.pk for c in items]).order_by(
            "created_at"):
        evidence.setdefault(item.commitment_id, []).append(item)
    published = set(Commitment.objects.filter(area=area, published_in__isnull=False)
                    .values_list("pk", flat=True))
    stamp = timezone.localdate().isoformat()
    return spreadsheet_response(filename=f"{area.slug}-commitments-{stamp}", columns=COLUMNS,
                                rows=[_row(c, evidence, published) for c in items], fmt=fmt)

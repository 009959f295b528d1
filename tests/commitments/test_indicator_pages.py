"""The indicator and commitment pages in the workspace: add, refuse, change, publish and delete
figures; confirm before deleting; correct a reason; the dashboard counts published work only."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from saidanddone.commitments import services
from saidanddone.commitments.models import Commitment, DataPoint, Indicator
from tests.helpers import check_page, sign_in, text_of

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


@pytest.fixture
def indicator(demo: Any, analyst: Any) -> Indicator:
    return services.indicator_create(area=demo, name="Replies on time", direction="up",
                                     unit="%", by=analyst)


def detail(indicator: Indicator) -> str:
    return reverse("workspace:indicator_detail", args=["westmere", indicator.pk])


def test_a_second_figure_for_a_date_is_refused_on_the_page_with_the_way_to_change_it(
        client: Any, indicator: Indicator, analyst: Any) -> None:
    sign_in(client, analyst)
    day = (TODAY - dt.timedelta(days=3)).isoformat()
    first = client.post(detail(indicator), {"action": "add", "date": day, "value": "40"})
    assert first.status_code == 302
    again = client.post(detail(indicator), {"action": "add", "date": day, "value": "45"})
    soup = check_page(again.content)
    assert "already a figure" in soup.select_one(".govuk-error-summary").get_text()
    assert "Change" in soup.select_one(".govuk-error-summary").get_text()
    assert list(indicator.points.values_list("value", flat=True)) == [Decimal(40)]


def test_a_figure_of_250_percent_is_refused_with_a_message(client: Any, indicator: Indicator,
                                                           analyst: Any) -> None:
    sign_in(client, analyst)
    page = client.post(detail(indicator), {"action": "add", "date": TODAY.isoformat(),
                                           "value": "250"})
    assert "between 0 and 100" in text_of(page.content)
    assert not indicator.points.exists()


def test_a_figure_is_changed_with_a_reason_and_made_public(client: Any, indicator: Indicator,
                                                          analyst: Any) -> None:
    point = services.datapoint_add(indicator=indicator, date=TODAY - dt.timedelta(days=3),
                                   value=Decimal(40), by=analyst)
    sign_in(client, analyst)
    url = reverse("workspace:indicator_figure", args=["westmere", indicator.pk])
    check_page(client.get(url + f"?figure={point.pk}").content)
    no_reason = client.post(url, {"figure": point.pk, "action": "change",
                                  "date": point.date.isoformat(), "value": "44"})
    assert "Enter why the figure has changed" in text_of(no_reason.content)
    done = client.post(url, {"figure": point.pk, "action": "change", "reason": "Typed wrongly.",
                             "date": point.date.isoformat(), "value": "44"})
    assert done.status_code == 302
    page = text_of(client.get(detail(indicator)).content)
    assert "from 40" in page and "Typed wrongly." in page and "Not public" in page
    client.post(detail(indicator), {"action": "public", "figure": point.pk})
    point.refresh_from_db()
    assert point.public and point.value == Decimal(44)


def test_deleting_a_figure_and_an_indicator_asks_first(client: Any, indicator: Indicator,
                                                      analyst: Any) -> None:
    point = services.datapoint_add(indicator=indicator, date=TODAY, value=Decimal(40),
                                   by=analyst)
    sign_in(client, analyst)
    url = reverse("workspace:indicator_figure", args=["westmere", indicator.pk])
    ask = check_page(client.get(url + f"?figure={point.pk}&action=delete").content)
    assert ask.h1.get_text() == "Are you sure you want to delete this figure?"
    assert DataPoint.objects.filter(pk=point.pk).exists()
    client.post(url, {"figure": point.pk, "action": "delete"})
    assert not DataPoint.objects.filter(pk=point.pk).exists()
    delete = reverse("workspace:indicator_delete", args=["westmere", indicator.pk])
    ask = check_page(client.get(delete).content)
    assert ask.h1.get_text() == "Are you sure you want to delete this indicator?"
    assert Indicator.objects.filter(pk=indicator.pk).exists()
    assert client.post(delete).status_code == 302
    assert not Indicator.objects.filter(pk=indicator.pk).exists()


def test_an_indicator_is_edited_on_its_page(client: Any, indicator: Indicator,
                                            analyst: Any) -> None:
    sign_in(client, analyst)
    url = reverse("workspace:indicator_edit", args=["westmere", indicator.pk])
    check_page(client.get(url).content)
    bad = client.post(url, {"name": "Replies", "unit": "%", "direction": "up",
                            "baseline": "-4"})
    assert "baseline must be 0 or more" in text_of(bad.content)
    client.post(url, {"name": "Replies in 5 days", "unit": "%", "direction": "up",
                      "baseline": "20", "target": "90", "suppress_below": "5"})
    indicator.refresh_from_db()
    assert (indicator.name, indicator.baseline, indicator.suppress_below) == (
        "Replies in 5 days", Decimal(20), 5)


def test_a_forum_reviewer_cannot_delete_an_indicator(client: Any, indicator: Indicator,
                                                     forum: Any) -> None:
    sign_in(client, forum)
    url = reverse("workspace:indicator_delete", args=["westmere", indicator.pk])
    assert client.post(url).status_code == 403
    assert Indicator.objects.filter(pk=indicator.pk).exists()


def test_a_revision_reason_is_corrected_from_the_commitment_page(client: Any, demo: Any,
                                                                 officer: Any) -> None:
    c = Commitment.objects.filter(area=demo, status="planned").first()
    services.commitment_revise_due_date(commitment=c, new_due_date=TODAY + dt.timedelta(days=90),
                                        reason="Waiting for teh new team.", by=officer)
    revision = c.due_date_revisions.get()
    sign_in(client, officer)
    url = reverse("workspace:commitment_detail", args=["westmere", c.pk])
    check_page(client.get(url).content)
    client.post(url, {"action": "reason", "revision": revision.pk,
                      "reason": "Waiting for the new team."})
    revision.refresh_from_db()
    assert revision.reason == "Waiting for the new team."


def test_the_dashboard_counts_done_among_published_commitments_only(client: Any, demo: Any,
                                                                    officer: Any) -> None:
    sign_in(client, officer)
    text = text_of(client.get(reverse("workspace:dashboard", args=["westmere"])).content)
    match = re.search(r"\( ?(\d+) of (\d+) published commitments", text)
    assert match, text
    published = Commitment.objects.filter(area=demo, published_in__isnull=False).distinct()
    assert int(match.group(1)) == sum(1 for c in published if c.status == "done")
    assert int(match.group(2)) == sum(1 for c in published if c.status != "not_possible")
    drafts = Commitment.objects.filter(area=demo, published_in__isnull=True).count()
    assert f"{drafts} draft" in text

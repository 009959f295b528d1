"""Issue 9 on the public side: one "late" rule shown everywhere and counted right, earlier
versions showing what was published then, Easy Read status words from the live status, and
indicator figures only once public, with small numbers suppressed."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from decimal import Decimal
from typing import Any

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse
from django.utils import timezone

from saidanddone.commitments import services as commitments
from saidanddone.commitments.models import Commitment, Evidence
from saidanddone.publishing import services
from saidanddone.publishing.checks import publication_checks
from saidanddone.publishing.models import Publication, PublicationVersion
from tests.helpers import check_page, text_of
from tests.publishing.corrections import correct

pytestmark = pytest.mark.django_db


@pytest.fixture
def publication(demo: Any) -> Publication:
    return Publication.objects.get(area=demo, state="published")


def late_by_hand(area: Any) -> set[str]:
    """Late, worked out here without the product's rule: open and past its due date."""
    today = timezone.localdate()
    return {str(c.pk) for c in Commitment.objects.filter(area=area, published_in__isnull=False)
            .distinct() if c.status in ("planned", "in_progress")
            and c.due_date is not None and c.due_date < today}


def soup_of(client: Any, url: str) -> BeautifulSoup:
    response = client.get(url)
    assert response.status_code == 200
    return check_page(response.content, url)


def commitment_ids_with_late_tag(soup: BeautifulSoup) -> tuple[set[str], set[str]]:
    """(every commitment linked on the page, those whose line carries a Late tag)."""
    shown, tagged = set(), set()
    for link in soup.select("a[href*='/commitments/']"):
        pk = str(link["href"]).rstrip("/").rsplit("/", 1)[-1]
        shown.add(pk)
        holder = link.find_parent(["div", "li"])
        if holder is not None and holder.select_one(".govuk-tag--red.sd-late"):
            tagged.add(pk)
    return shown, tagged


def test_home_page_late_number_equals_the_late_commitments_counted_by_hand(
        client: Any, demo: Any) -> None:
    text = text_of(client.get(reverse("public:area", args=["westmere"])).content)
    match = re.search(r"(\d+) (?:is|are) late", text)
    assert match, text
    expected = late_by_hand(demo)
    assert len(expected) > 0  # the demo has late promises, so the sentence is tested
    assert int(match.group(1)) == len(expected)
    published = Commitment.objects.filter(area=demo, published_in__isnull=False).distinct()
    promised = [c for c in published if c.status != "not_possible"]
    done = re.search(r"(\d+) of (\d+) things? we said we would do", text)
    assert done and (int(done.group(1)), int(done.group(2))) == (
        sum(1 for c in promised if c.status == "done"), len(promised))


def test_every_late_commitment_on_the_publication_page_carries_the_late_tag(
        client: Any, demo: Any, publication: Publication) -> None:
    soup = soup_of(client, reverse("public:publication", args=["westmere", publication.slug]))
    shown, tagged = commitment_ids_with_late_tag(soup)
    assert tagged == late_by_hand(demo) & shown and tagged
    summary = soup.select_one(".sd-summary").get_text()
    assert int(re.search(r"(\d+) (?:is|are) late", summary).group(1)) == len(
        late_by_hand(demo) & shown)


def test_commitment_page_search_and_local_offer_report_show_the_late_tag(
        client: Any, demo: Any, publication: Publication) -> None:
    late = sorted(late_by_hand(demo))
    page = soup_of(client, reverse("public:commitment", args=["westmere", late[0]]))
    assert page.select_one(".sd-status .sd-late").get_text() == "Late"
    search = soup_of(client, reverse("public:search", args=["westmere"]) + "?status=late")
    shown, tagged = commitment_ids_with_late_tag(search)
    assert shown == tagged == set(late)
    report = soup_of(client, reverse("public:local_offer_report",
                                     args=["westmere", publication.slug]))
    shown, tagged = commitment_ids_with_late_tag(report)
    assert tagged == set(late) & shown


def test_a_commitment_that_is_not_late_has_no_late_tag(client: Any, demo: Any) -> None:
    on_time = Commitment.objects.filter(area=demo, published_in__isnull=False,
                                        status="done").first()
    page = soup_of(client, reverse("public:commitment", args=["westmere", on_time.pk]))
    assert page.select_one(".sd-late") is None


def test_open_data_late_column_uses_the_same_rule(client: Any, demo: Any,
                                                  publication: Publication) -> None:
    body = client.get(reverse("public:publication_csv",
                              args=["westmere", publication.slug])).content.decode()
    rows = list(csv.DictReader(io.StringIO(body)))
    assert {r["commitment_id"] for r in rows if r["late"] == "yes"} == late_by_hand(demo)


def test_a_stored_page_from_yesterday_is_refreshed_because_late_changes_at_midnight(
        client: Any, publication: Publication,
        django_capture_on_commit_callbacks: Any) -> None:
    version = publication.versions.get()
    yesterday = timezone.now() - dt.timedelta(days=1)
    PublicationVersion.objects.filter(pk=version.pk).update(
        rendered_at=yesterday, rendered_html="<p>Stale copy</p>")
    from saidanddone.publishing.selectors import forget_stored_pages

    forget_stored_pages()
    with django_capture_on_commit_callbacks(execute=True) as queued:
        body = client.get(reverse("public:publication", args=["westmere", publication.slug]))
        again = client.get(reverse("public:publication", args=["westmere", publication.slug]))
    assert b"Stale copy" not in body.content and b"Stale copy" not in again.content
    assert len(queued) == 1  # one refresh queued, however many visitors come first
    version.refresh_from_db()
    assert version.rendered_at.date() == timezone.now().date()
    assert "Stale copy" not in version.rendered_html


def test_version_one_shows_each_status_as_published_beside_the_current_one(
        client: Any, demo: Any, publication: Publication, officer: Any, forum: Any) -> None:
    c = Commitment.objects.filter(response__publications=publication, status="planned",
                                  published_in__isnull=False).first()
    commitments.commitment_set_status(commitment=c, status="not_possible",
                                      reason="No funding.", rationale="The grant ended.",
                                      by=officer)
    correct(publication, "Fixed a typo.", officer, forum)
    first = soup_of(client, reverse("public:publication_version",
                                    args=["westmere", publication.slug, 1]))
    link = first.find("a", href=reverse("public:commitment", args=["westmere", c.pk]))
    card = link.find_parent("div")
    words = " ".join(card.select_one(".sd-status").get_text().split())
    assert words.startswith("Published as: We will · Now: Not possible"), words
    latest = soup_of(client, reverse("public:publication", args=["westmere", publication.slug]))
    card = latest.find("a", href=reverse("public:commitment", args=["westmere", c.pk])
                       ).find_parent("div")
    assert "Published as" not in card.get_text()
    assert card.select_one(".sd-status .govuk-tag").get_text() == "Not possible"


def test_easy_read_status_words_follow_the_live_status(client: Any, demo: Any,
                                                       publication: Publication,
                                                       officer: Any) -> None:
    c = Commitment.objects.filter(response__publications=publication, status="done",
                                  published_in__isnull=False).exclude(
                                      response__easy_read="").first()
    url = reverse("public:easy_read", args=["westmere", publication.slug])

    def words() -> str:
        soup = soup_of(client, url)
        return next(" ".join(li.get_text(" ").split()) for li in
                    soup.select(".sd-easy-read-now p") if c.text in li.get_text())

    assert "We did this." in words()
    commitments.commitment_set_status(commitment=c, status="in_progress",
                                      reason="The checks found more to do.", by=officer)
    Commitment.objects.filter(pk=c.pk).update(due_date=timezone.localdate()
                                              - dt.timedelta(days=3))
    assert "This is late. We have not finished it yet." in words()
    assert "We did this" not in words()


def test_easy_read_never_says_done_for_a_late_or_open_promise(client: Any, demo: Any,
                                                             publication: Publication) -> None:
    soup = soup_of(client, reverse("public:easy_read", args=["westmere", publication.slug]))
    statuses = {str(c.pk): c for c in Commitment.objects.filter(area=demo)}
    by_text = {c.text: c for c in statuses.values()}
    checked = 0
    for li in soup.select(".sd-easy-read-now p"):
        text = " ".join(li.get_text(" ").split())
        c = next(v for k, v in by_text.items() if text.startswith(k))
        if c.status != "done":
            assert "We did this" not in text
        if str(c.pk) in late_by_hand(demo):
            assert "This is late" in text
        checked += 1
    assert checked


def test_publication_checks_block_a_due_date_from_2020_or_9999(demo: Any, officer: Any) -> None:
    response = commitments.response_create(area=demo, title="Old promises",
                                           you_said="Families asked for short breaks.",
                                           by=officer)
    for due in (dt.date(2020, 3, 1), dt.date(9999, 1, 1)):
        commitments.commitment_create(response=response, text=f"Promise due {due.year}.",
                                      owner_team="Short Breaks Team", due_date=due,
                                      by=officer, historic=True)
    draft = services.publication_create(
        area=demo, title="Old update", period_label="2020", period_start=dt.date(2020, 1, 1),
        period_end=dt.date(2020, 12, 31), responses=[response], by=officer)
    messages = [p.message for p in publication_checks(draft).blocking if p.code == "due_date"]
    assert any("2020" in m and "already passed" in m for m in messages)
    assert any("9999" in m and "within 10 years" in m for m in messages)


# Figures on public pages ----------------------------------------------------------------------

@pytest.fixture
def cited(demo: Any, analyst: Any, officer: Any) -> tuple[Commitment, Any]:
    """A published commitment citing a new indicator with three figures."""
    c = Commitment.objects.filter(area=demo, published_in__isnull=False).first()
    indicator = commitments.indicator_create(area=demo, name="Families at drop-in sessions",
                                             unit="families", direction="up",
                                             baseline=Decimal(3), target=Decimal(60),
                                             suppress_below=5, by=analyst)
    today = timezone.localdate()
    for days, value, public in ((90, 3, True), (60, 41, True), (30, 52, True), (5, 77, False)):
        commitments.datapoint_add(indicator=indicator, date=today - dt.timedelta(days=days),
                                  value=Decimal(value), public=public, by=analyst)
    commitments.evidence_add(commitment=c, kind=Evidence.Kind.INDICATOR, title="Attendance",
                             indicator=indicator, by=officer)
    return c, indicator


def test_a_figure_not_yet_public_is_not_on_the_public_page(client: Any,
                                                           cited: tuple[Any, Any]) -> None:
    c, _ = cited
    text = text_of(client.get(reverse("public:commitment", args=["westmere", c.pk])).content)
    assert "41" in text and "52" in text
    assert "77" not in text


def test_a_small_number_shows_as_fewer_than_and_has_no_chart_point(
        client: Any, cited: tuple[Any, Any]) -> None:
    c, indicator = cited
    soup = soup_of(client, reverse("public:commitment", args=["westmere", c.pk]))
    table = next(t for t in soup.select("table")
                 if indicator.name in t.select_one("caption").get_text())
    values = [td.get_text() for td in table.select("td.govuk-table__cell--numeric")]
    assert values == ["fewer than 5", "41", "52"]
    chart = soup.select_one(f"#chart-{indicator.pk}")
    assert len(chart.select("circle")) == 2  # the suppressed figure is not drawn
    assert "Baseline" not in chart.get_text()  # the baseline (3) is below 5: not drawn
    assert "Target" in chart.get_text()
    caption = chart.find_parent("figure").get_text()
    assert "Baseline: fewer than 5" in caption


def test_open_data_json_carries_public_figures_only_with_small_numbers_suppressed(
        client: Any, cited: tuple[Any, Any], publication: Publication) -> None:
    _, indicator = cited
    data = client.get(reverse("public:publication_json",
                              args=["westmere", publication.slug])).json()
    found = next(i for i in data["indicators"] if i["name"] == indicator.name)
    assert [f["value"] for f in found["figures"]] == ["fewer than 5", "41", "52"]
    assert found["baseline"] == "fewer than 5" and found["target"] == "60"


def test_the_chart_draws_baseline_and_target_and_keeps_the_table(
        client: Any, demo: Any, analyst: Any) -> None:
    from saidanddone.core.templatetags.govuk import line_chart

    indicator = commitments.indicator_create(area=demo, name="Plans on time", unit="%",
                                             direction="up", by=analyst)
    today = timezone.localdate()
    points = [commitments.datapoint_add(indicator=indicator, date=today - dt.timedelta(days=d),
                                        value=Decimal(v), by=analyst)
              for d, v in ((60, 30), (30, 45))]
    svg = BeautifulSoup(line_chart(points, "Plans on time", "%", "c", Decimal(25),
                                   Decimal(90)), "lxml")
    dashed = svg.select("line[stroke-dasharray]")
    assert len(dashed) == 2
    assert {t.get_text() for t in svg.select("text")} >= {"Baseline", "Target", "90%", "0%"}
    assert min(float(str(t["font-size"])) / 400 * 290 for t in svg.select("text")) >= 11

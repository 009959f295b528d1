"""Disclosure control (decision 0208): no count below 5 can be read, or worked out by subtraction
from a published total and the other published counts, in any breakdown we publish."""

from __future__ import annotations

import itertools
import re
from typing import Any

import pytest
from django.urls import reverse
from hypothesis import example, given, settings
from hypothesis import strategies as st

from saidanddone.feedback.models import FeedbackItem
from saidanddone.publishing.disclosure import HIDDEN, SMALL, SMALL_NUMBER, Breakdown, protect
from saidanddone.publishing.models import Publication
from saidanddone.publishing.snapshot import reg56_content
from tests.helpers import check_page
from tests.publishing.corrections import correct

breakdowns = st.dictionaries(st.sampled_from("abcdefg"), st.integers(0, 40), max_size=6)


def reader_total_range(words: str) -> tuple[int, int]:
    """What a reader learns about the total from its words."""
    if words == SMALL:
        return 1, SMALL_NUMBER - 1
    if words.startswith("about "):
        middle = int(words.removeprefix("about ").replace(",", ""))
        return middle - 2, middle + 2
    if words.endswith("or more"):
        return SMALL_NUMBER, 10**9
    return int(words.replace(",", "")), int(words.replace(",", ""))


def reader_cell_values(words: str, cap: int) -> range:
    """Values a reader must allow for one cell, from its words alone."""
    if words == SMALL:
        return range(1, SMALL_NUMBER)
    if words == HIDDEN:
        return range(SMALL_NUMBER, cap + 1)
    return range(int(words.replace(",", "")), int(words.replace(",", "")) + 1)


def possible_values(shown: Breakdown, total: int) -> dict[str, set[int]]:
    """Every value each hidden cell could have, trying every combination consistent with what
    is shown: the subtraction a careful reader would do."""
    low, high = reader_total_range(shown.total)
    keys = list(shown.cells)
    options = [reader_cell_values(shown.cells[k], total + 10) for k in keys]
    found: dict[str, set[int]] = {k: set() for k in keys}
    for values in itertools.product(*options):
        if low <= sum(values) <= high:
            for key, value in zip(keys, values, strict=True):
                found[key].add(value)
    return found


@settings(max_examples=300, deadline=None)
@given(breakdowns)
@example({"a": 1, "b": 1, "c": 1, "d": 1})  # four ones: "fewer than 5" in total would pin them
def test_no_suppressed_cell_can_be_recovered_by_subtraction(cells: dict[str, int]) -> None:
    total = sum(cells.values())
    shown = protect(total, cells)
    hidden = [k for k, words in shown.cells.items() if words in (SMALL, HIDDEN)]
    # Every small count is hidden, and the words never lie about it.
    for key, n in cells.items():
        if 0 < n < SMALL_NUMBER:
            assert shown.cells[key] == SMALL
    if shown.total.replace(",", "").isdigit() and hidden:
        # The plain subtraction: total minus the shown cells is the sum of the hidden ones.
        rest = int(shown.total.replace(",", "")) - sum(
            int(w.replace(",", "")) for w in shown.cells.values() if w not in (SMALL, HIDDEN))
        assert len(hidden) != 1, f"{cells}: one hidden cell, so it is {rest}"
        assert rest >= SMALL_NUMBER, f"{cells}: the hidden cells add up to {rest}"
    # The careful reader: every hidden cell could still have at least two values.
    if len(hidden) <= 4:
        for key in hidden:
            values = possible_values(shown, total)[key]
            assert cells[key] in values
            assert len(values) >= 2, f"{cells} shown as {shown}: {key} must be {values}"


@settings(max_examples=200, deadline=None)
@given(st.dictionaries(st.sampled_from("abcdefg"), st.integers(SMALL_NUMBER, 10_000),
                       max_size=6))
def test_breakdowns_without_small_counts_are_shown_in_full(cells: dict[str, int]) -> None:
    total = sum(cells.values())
    shown = protect(total, cells)
    assert shown.total == f"{total:,}"
    assert shown.cells == {k: f"{n:,}" for k, n in cells.items()}


def test_the_example_from_the_issue_reveals_no_two() -> None:
    """14 comments, forum 12, parents 2: nothing shown lets a reader say "2 parents"."""
    shown = protect(14, {"forum": 12, "parents": 2})
    assert shown.cells["parents"] == "fewer than 5"
    assert shown.cells["forum"] == "not shown"  # otherwise 14 - 12 = 2
    words = [shown.total, *shown.cells.values()]
    assert "2" not in words and "12" not in words
    assert possible_values(shown, 14)["parents"] == {1, 2, 3, 4}


def test_a_small_total_hides_every_cell() -> None:
    assert protect(3, {"a": 2, "b": 1, "c": 0}) == Breakdown(
        SMALL, {"a": SMALL, "b": SMALL, "c": "0"})


def test_when_no_cell_is_left_to_hide_the_total_is_rounded() -> None:
    # 6 = 1 + 5: with both cells hidden, an exact 6 would still pin the 1 (the other is 5+).
    assert protect(6, {"a": 1, "b": 5}).total == "about 5"


def test_cells_that_do_not_add_up_are_refused() -> None:
    with pytest.raises(ValueError):
        protect(10, {"a": 3})


# The public pages, end to end.

def numbers_in(text: str) -> list[int]:
    return [int(n.replace(",", "")) for n in re.findall(r"\d[\d,]*", text)]


@pytest.fixture
def fourteen(demo: Any, officer: Any, forum: Any) -> tuple[Publication, Any, Any]:
    """A published response based on 14 comments: a forum report for 12 about the Local
    Offer's provision and two parents; and a second response answering two more parents about
    provision, so provision has 14 comments: 12 and 2. Corrected into a new published version."""
    publication = Publication.objects.get(area=demo, state="published")
    response, other = publication.responses.order_by("title")[:2]
    model = FeedbackItem.objects.filter(area=demo, analysed_at__isnull=False, exclusion="",
                                        no_content=False, duplicate_of__isnull=True).first()
    assert model is not None
    FeedbackItem.objects.filter(area=demo).update(reg56_category="")

    def made(role: str, represents: int, reg56: str) -> FeedbackItem:
        model.pk = None
        model.id = None
        model.respondent_role, model.represents, model.reg56_category = role, represents, reg56
        model.safeguarding_state = FeedbackItem._meta.get_field("safeguarding_state").default
        model.save()
        return FeedbackItem.objects.get(pk=model.pk)

    response.feedback.set([made("professional", 12, "provision"), made("parent", 1, ""),
                           made("parent", 1, "")])
    other.feedback.add(made("parent", 1, "provision"), made("parent", 1, "provision"))
    correct(publication, "Counts corrected.", officer, forum)
    return publication, response, other


@pytest.mark.django_db
def test_the_public_page_shows_no_recoverable_small_number(
        client: Any, fourteen: tuple[Any, Any, Any]) -> None:
    publication, response, _ = fourteen
    page = client.get(reverse("public:publication", args=["westmere", publication.slug]))
    soup = check_page(page.content)
    card = soup.select_one(f"#response-{response.pk}").find_parent("section")
    line = next(p.get_text(" ", strip=True) for p in card.select("p")
                if p.get_text().startswith("Based on"))
    assert line.startswith("Based on 14 comments")
    assert "parent or carer fewer than 5" in line
    assert "professional not shown" in line
    # Whatever numbers the line shows, none and no difference of two is the two parents.
    shown = numbers_in(line.replace("fewer than 5", ""))
    assert 2 not in shown
    assert all(abs(a - b) != 2 for a, b in itertools.combinations(shown, 2))


@pytest.mark.django_db
def test_the_reg56_report_shows_no_recoverable_small_number(
        client: Any, fourteen: tuple[Any, Any, Any]) -> None:
    publication, response, other = fourteen
    provision = next(g for g in reg56_content(publication) if g["category"] == "provision")
    counts = {r["id"]: r["count"] for r in provision["responses"]}
    assert provision["count"] == "14"
    assert counts == {str(other.pk): "fewer than 5", str(response.pk): "not shown"}
    page = client.get(reverse("public:local_offer_report", args=["westmere", publication.slug]))
    soup = check_page(page.content)
    heading = soup.select_one("h2.govuk-heading-m")
    assert heading.get_text() == "Content and quality of provision, and gaps"
    parts = []
    for sibling in heading.find_next_siblings():
        if sibling.name == "h2":
            break
        parts.append(sibling.get_text(" ", strip=True))
    section = " ".join(parts)
    assert "Comments: 14." in section
    assert "(number of comments not shown)" in section
    assert "(fewer than 5 comments)" in section
    assert not {2, 12} & set(numbers_in(section.replace("fewer than 5", "")))

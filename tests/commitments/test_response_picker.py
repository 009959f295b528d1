"""The "feedback this responds to" picker: filter by theme and received date without
JavaScript, keep what is typed and ticked, and start a response from the feedback list."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse

from saidanddone.commitments.models import Response
from saidanddone.feedback.models import FeedbackItem
from saidanddone.feedback.selectors import countable_feedback
from saidanddone.themes.models import Theme
from tests.core.html_forms import page_forms, submitted
from tests.helpers import check_page, sign_in

pytestmark = pytest.mark.django_db


def listed(html: bytes) -> dict[str, bool]:
    """Each comment offered in the picker, and whether it is ticked."""
    soup = BeautifulSoup(html, "lxml")
    return {str(b["value"]): b.has_attr("checked") for b in soup.select("input[name=feedback]")}


def countable(area: Any) -> Any:
    return countable_feedback(FeedbackItem.objects.filter(area=area))


def test_filtering_by_theme_lists_only_that_themes_comments(client: Any, demo: Any,
                                                            officer: Any) -> None:
    sign_in(client, officer)
    theme = Theme.objects.filter(area=demo, assignments__isnull=False).first()
    url = reverse("workspace:response_new", args=[demo.slug])
    everything = listed(client.get(url).content)
    page = client.get(url, {"picker_theme": theme.slug})
    check_page(page.content)
    shown = listed(page.content)
    about = {str(pk) for pk in countable(demo).filter(
        theme_assignments__theme=theme).values_list("pk", flat=True)}
    assert shown and set(shown) <= set(everything) and len(shown) < len(everything)
    assert about <= set(shown)


def test_filtering_by_date_lists_only_comments_received_then(client: Any, demo: Any,
                                                             officer: Any) -> None:
    sign_in(client, officer)
    days = sorted({f.received_on for f in countable(demo)})
    start, end = days[len(days) // 3], days[2 * len(days) // 3]
    page = client.get(reverse("workspace:response_new", args=[demo.slug]), {
        "received_from_day": start.day, "received_from_month": start.month,
        "received_from_year": start.year, "received_to_day": end.day,
        "received_to_month": end.month, "received_to_year": end.year})
    shown = FeedbackItem.objects.filter(pk__in=listed(page.content))
    assert shown.exists()
    assert all(start <= f.received_on <= end for f in shown)
    soup = BeautifulSoup(page.content, "lxml")
    assert soup.select_one("#id_received_from_day")["value"] == str(start.day)  # kept


def test_filtering_keeps_what_is_typed_and_every_ticked_comment(client: Any, demo: Any,
                                                                officer: Any) -> None:
    sign_in(client, officer)
    url = reverse("workspace:response_new", args=[demo.slug])
    old = countable(demo).order_by("received_on")[:2]
    ticked = [str(f.pk) for f in old]
    after = old[1].received_on + dt.timedelta(days=1)
    page = client.post(url, {
        "action": "filter", "title": "Letters about transport", "you_said": "Typed words",
        "feedback": ticked, "received_from_day": after.day,
        "received_from_month": after.month, "received_from_year": after.year})
    assert page.status_code == 200
    check_page(page.content)
    shown = listed(page.content)
    assert all(shown[pk] for pk in ticked), "ticked comments must stay listed and ticked"
    soup = BeautifulSoup(page.content, "lxml")
    assert soup.select_one("#id_title")["value"] == "Letters about transport"
    assert "Typed words" in soup.select_one("#id_you_said").get_text()
    assert not soup.select(".govuk-error-summary")  # filtering is not saving: no errors
    assert not Response.objects.filter(title="Letters about transport").exists()


def test_the_feedback_list_starts_a_response_with_the_selected_comments(
        client: Any, demo: Any, officer: Any) -> None:
    sign_in(client, officer)
    page = client.get(reverse("workspace:feedback_list", args=[demo.slug]))
    form = next(f for f in page_forms(page.content)
                if f.select_one("button[value=from_feedback]"))
    button = form.select_one("button[value=from_feedback]")
    assert button.get_text(strip=True) == "Make a response from the selected comments"
    boxes = [str(b["value"]) for b in form.select("input[name=items]")][:3]
    data: dict[str, Any] = submitted(form, button) | {"items": boxes}
    before = Response.objects.count()
    new = client.post(button["formaction"], data)
    assert new.status_code == 200
    check_page(new.content)
    shown = listed(new.content)
    assert all(shown.get(pk) for pk in boxes)
    assert sum(shown.values()) == len(boxes)
    assert Response.objects.count() == before
    # and saving that page makes the response with exactly those comments
    form = page_forms(new.content)[0]
    data = submitted(form, form.select_one("button[value=save]"))
    data |= {"title": ["From the list"], "you_said": ["What they said."]}
    assert client.post(button["formaction"], data).status_code == 302
    made = Response.objects.get(title="From the list")
    assert sorted(str(f.pk) for f in made.feedback.all()) == sorted(boxes)


def test_a_role_that_cannot_write_responses_has_no_such_button(client: Any, demo: Any,
                                                               analyst: Any) -> None:
    sign_in(client, analyst)
    page = client.get(reverse("workspace:feedback_list", args=[demo.slug]))
    assert b"Make a response from the selected comments" not in page.content

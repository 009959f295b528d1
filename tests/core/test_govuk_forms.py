"""GOV.UK form patterns, for every form in the project: "tick all that apply" is checkboxes and
keeps every tick; error messages name the field; dates are day, month and year boxes."""

from __future__ import annotations

import datetime as dt
import importlib
import pkgutil
from typing import Any

import pytest
from bs4 import BeautifulSoup
from django import forms
from django.template.loader import render_to_string
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import saidanddone
from saidanddone.commitments.forms import CommitmentForm, IndicatorForm, RevisionForm
from saidanddone.core.forms import GovukDateField, GovukForm, SignInForm, choice_field
from saidanddone.feedback.forms import ForumReportForm, StaffFeedbackForm
from saidanddone.urls import STAFF_DATA_URL_NAMES
from tests.helpers import check_page, sign_in

DJANGO_WORDING = ("This field is required", "Select a valid choice", "Enter a valid",
                  "Ensure this value", "Enter a whole number", "Enter a number")


def all_form_classes() -> list[type[forms.Form]]:
    """Every form class defined in the project's apps (views may define small ones too)."""
    for module in pkgutil.walk_packages(saidanddone.__path__, "saidanddone."):
        if module.name.rsplit(".", 1)[-1] in {"forms", "views"}:
            importlib.import_module(module.name)

    def below(cls: type) -> list[type]:
        return [s for c in cls.__subclasses__() for s in (c, *below(c))]

    return sorted({c for c in below(forms.Form) if c.__module__.startswith("saidanddone.")},
                  key=lambda c: f"{c.__module__}.{c.__name__}")


FORMS = all_form_classes()
MULTIPLE = [(cls, name) for cls in FORMS for name, f in cls.base_fields.items()
            if isinstance(f, forms.MultipleChoiceField)]
CHOICES = [(f"c{i}", f"Choice {i}") for i in range(5)]


def _render(field: forms.BoundField) -> BeautifulSoup:
    return BeautifulSoup(render_to_string("core/includes/field.html", {"field": field}), "lxml")


def test_the_project_has_forms_with_several_choices() -> None:
    assert len(FORMS) >= 25
    assert len(MULTIPLE) >= 4  # themes, feedback, areas of need, responses in a publication


@pytest.mark.parametrize("form_class", FORMS, ids=lambda c: c.__name__)
def test_every_form_uses_govuk_messages(form_class: type[forms.Form]) -> None:
    if form_class is SignInForm:
        return  # Django's own sign-in form: its few messages are set by hand
    assert issubclass(form_class, GovukForm), f"{form_class.__name__} is not a GovukForm"


@pytest.mark.parametrize("form_class", FORMS, ids=lambda c: c.__name__)
def test_every_date_is_typed_as_day_month_and_year(form_class: type[forms.Form]) -> None:
    for name, field in form_class.base_fields.items():
        assert not isinstance(field, forms.DateField | forms.DateTimeField), \
            f"{form_class.__name__}.{name}: use GovukDateField (GOV.UK date input)"
        assert not isinstance(field.widget, forms.DateInput), f"{form_class.__name__}.{name}"


@pytest.mark.parametrize(("form_class", "name"), MULTIPLE, ids=lambda x: getattr(x, "__name__", x))
@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(ticked=st.sets(st.sampled_from([c for c, _ in CHOICES]), min_size=1))
def test_several_choices_render_as_checkboxes_and_keep_every_tick(
        form_class: type[forms.Form], name: str, ticked: set[str]) -> None:
    form = form_class(data={name: sorted(ticked)})
    choice_field(form, name).choices = CHOICES
    soup = _render(form[name])
    boxes = soup.select(f"input[name={name}]")
    assert {b["type"] for b in boxes} == {"checkbox"}, f"{form_class.__name__}.{name}"
    assert len(boxes) == len(CHOICES)
    assert {b["value"] for b in boxes if b.has_attr("checked")} == ticked
    form.is_valid()
    assert set(form.cleaned_data[name]) == ticked


def test_a_new_response_stores_every_ticked_comment_and_theme(client: Any, demo: Any,
                                                              officer: Any) -> None:
    from saidanddone.commitments.models import Response
    from saidanddone.feedback.models import FeedbackItem
    from saidanddone.themes.models import Theme

    sign_in(client, officer)
    themes = [str(t.pk) for t in Theme.objects.filter(area=demo, active=True)[:3]]
    comments = [str(f.pk) for f in FeedbackItem.objects.filter(
        area=demo, analysed_at__isnull=False, exclusion="", duplicate_of__isnull=True,
        safeguarding_state="none")[:6]]
    result = client.post(reverse("workspace:response_new", args=[demo.slug]), {
        "title": "Several at once", "you_said": "Families said several things.",
        "themes": themes, "feedback": comments, "action": "save"})
    assert result.status_code == 302
    response = Response.objects.get(title="Several at once")
    assert sorted(str(t.pk) for t in response.themes.all()) == sorted(themes)
    assert sorted(str(f.pk) for f in response.feedback.all()) == sorted(comments)


# Error messages --------------------------------------------------------------------------------

def _empty_errors(form_class: type[forms.Form]) -> dict[str, list[str]]:
    form = form_class(data={"represents": "many", "value": "x", "baseline": "x"})
    form.is_valid()
    return {k: [str(e) for e in v] for k, v in form.errors.items()}


@pytest.mark.parametrize("form_class", FORMS, ids=lambda c: c.__name__)
def test_no_error_uses_djangos_generic_wording(form_class: type[forms.Form]) -> None:
    for name, errors in _empty_errors(form_class).items():
        for error in errors:
            assert not error.startswith(DJANGO_WORDING), f"{form_class.__name__}.{name}: {error}"


@pytest.mark.parametrize(("form_class", "field", "message"), [
    (CommitmentForm, "owner_team", "Enter the owner team"),
    (CommitmentForm, "text", "Enter what we will do"),
    (RevisionForm, "reason", "Enter why the date has changed"),
    (RevisionForm, "new_due_date", "Enter the new due date"),
    (StaffFeedbackForm, "channel", "Select how it reached us"),
    (StaffFeedbackForm, "consent", "Select whether we may quote it"),
    (StaffFeedbackForm, "represents", "The number of people must be a whole number"),
    (ForumReportForm, "received_on", "Enter the date you heard it"),
    (IndicatorForm, "direction", "Select which way is better"),
    (IndicatorForm, "baseline", "Baseline must be a number"),
])
def test_messages_name_the_field_and_the_fix(form_class: type[forms.Form], field: str,
                                             message: str) -> None:
    form = form_class(data={"represents": "many", "baseline": "lots", "consent": ""})
    form.is_valid()
    assert form.errors[field] == [message]


def test_too_long_text_says_the_limit() -> None:
    form = CommitmentForm(data={"text": "x", "owner_team": "x" * 161})
    form.is_valid()
    assert form.errors["owner_team"] == ["Owner team must be 160 characters or fewer"]


# The date input -------------------------------------------------------------------------------

class DueForm(GovukForm):
    due_date = GovukDateField(label="Due date")


@pytest.mark.parametrize(("day", "month", "year", "message"), [
    ("", "", "", "Enter the due date"),
    ("3", "", "2026", "The due date must include a month"),
    ("", "", "2026", "The due date must include a day and month"),
    ("31", "2", "2026", "The due date must be a real date"),
    ("3", "13", "2026", "The due date must be a real date"),
    ("three", "3", "2026", "The due date must be a real date"),
    ("3", "3", "26", "The due date must be a real date"),
])
def test_a_date_that_is_wrong_says_how(day: str, month: str, year: str, message: str) -> None:
    form = DueForm(data={"due_date_day": day, "due_date_month": month, "due_date_year": year})
    assert not form.is_valid()
    assert form.errors["due_date"] == [message]


@given(st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2999, 12, 31)))
def test_a_date_typed_in_the_three_boxes_is_that_date(date: dt.date) -> None:
    form = DueForm(data={"due_date_day": f" {date.day} ", "due_date_month": f"0{date.month}",
                         "due_date_year": str(date.year).zfill(4)})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["due_date"] == date


def test_a_stored_date_is_shown_in_its_three_boxes_and_reads_back_the_same() -> None:
    form = DueForm(initial={"due_date": dt.date(2026, 3, 7)})
    soup = _render(form["due_date"])
    assert soup.select_one("fieldset legend").get_text(strip=True) == "Due date"
    boxes = {str(i["name"]): str(i["value"]) for i in soup.select("input")}
    assert boxes == {"due_date_day": "7", "due_date_month": "3", "due_date_year": "2026"}
    again = DueForm(data=boxes, initial={"due_date": dt.date(2026, 3, 7)})
    assert again.is_valid() and again.cleaned_data["due_date"] == dt.date(2026, 3, 7)
    assert not again.has_changed()


def test_an_iso_date_posted_by_a_script_is_still_read() -> None:
    form = DueForm(data={"due_date": "2026-03-07"})
    assert form.is_valid() and form.cleaned_data["due_date"] == dt.date(2026, 3, 7)


@pytest.mark.django_db
def test_the_error_summary_links_to_the_day_box_and_the_first_radio(
        client: Any, demo: Any, officer: Any) -> None:
    sign_in(client, officer)
    page = client.post(reverse("workspace:feedback_new", args=[demo.slug]), {
        "text": "", "received_on_day": "31", "received_on_month": "2",
        "received_on_year": "2026"})
    soup = check_page(page.content)
    links = {a.get_text(): a["href"] for a in soup.select(".govuk-error-summary a")}
    assert links["The date received must be a real date"] == "#id_received_on_day"
    assert links["Select how it reached us"] == "#id_channel_0"
    assert soup.select_one("#id_received_on_day")["value"] == "31"  # what was typed is kept


@pytest.mark.django_db
def test_editing_a_commitment_keeps_its_start_date(client: Any, demo: Any,
                                                   officer: Any) -> None:
    from saidanddone.commitments.models import Commitment

    commitment = Commitment.objects.filter(area=demo, start_date__isnull=False).first()
    start = commitment.start_date
    sign_in(client, officer)
    url = reverse("workspace:commitment_detail", args=[demo.slug, commitment.pk])
    soup = BeautifulSoup(client.get(url).content, "lxml")
    assert soup.select_one("#id_edit_start_date_day")["value"] == str(start.day)
    result = client.post(url, {
        "action": "edit", "text": commitment.text, "owner_team": commitment.owner_team,
        "start_date_day": str(start.day), "start_date_month": str(start.month),
        "start_date_year": str(start.year), "partners": "The parent carer forum"})
    assert result.status_code == 302
    commitment.refresh_from_db()
    assert commitment.start_date == start
    assert commitment.partners == "The parent carer forum"


@pytest.mark.django_db
def test_every_workspace_form_sent_empty_summarises_its_errors_at_the_top(
        client: Any, demo: Any, admin_user: Any) -> None:
    """Each POST form on each workspace page, sent with nothing filled in (hidden fields and
    its button only, rolled back): the page that comes back passes the page checks, so its
    error summary is at the top and every link in it reaches an input."""
    from django.db import transaction

    from tests.core.html_forms import buttons, page_forms
    from tests.core.test_url_access import WORKSPACE, expected_status, kwargs_for

    sign_in(client, admin_user)
    with_errors = 0
    for name, route in WORKSPACE:
        if name in STAFF_DATA_URL_NAMES:
            continue  # files (exports, evidence), not pages with controls
        url = reverse(name, kwargs=kwargs_for(name, route, demo))
        page = client.get(url)
        assert page.status_code in expected_status(name, admin_user, demo), (
            f"{url}: {page.status_code}")
        if page.status_code != 200:
            continue  # a redirect (listed with its reason in test_url_access)
        for form in page_forms(page.content):
            if str(form.get("method") or "get").lower() != "post":
                continue
            data = {i["name"]: i.get("value", "")
                    for i in form.select("input[type=hidden][name]")}
            for button in buttons(form)[:1]:
                if button.get("name"):
                    data[button["name"]] = button.get("value", "")
            with transaction.atomic():
                result = client.post(form.get("action") or url, data)
                transaction.set_rollback(True)
            if result.status_code == 200 and b"govuk-error-summary" in result.content:
                with_errors += 1
                soup = check_page(result.content, f"{name} {data.get('action', '')}")
                text = soup.select_one(".govuk-error-summary").get_text()
                assert not any(w in text for w in DJANGO_WORDING), f"{name}: {text}"
    assert with_errors >= 10


@pytest.mark.django_db
def test_signing_in_with_nothing_says_what_to_enter(client: Any) -> None:
    page = client.post(reverse("login"), {"username": "", "password": ""})
    soup = check_page(page.content)
    summary = soup.select_one(".govuk-error-summary").get_text()
    assert "Enter your username" in summary and "Enter your password" in summary
    wrong = client.post(reverse("login"), {"username": "nobody", "password": "wrong"})
    assert "Enter a correct username and password" in wrong.content.decode()


def test_only_the_missing_date_box_is_marked() -> None:
    form = DueForm(data={"due_date_day": "12", "due_date_month": "", "due_date_year": "2026"})
    form.is_valid()
    soup = _render(form["due_date"])
    marked = [i["name"] for i in soup.select("input.govuk-input--error")]
    assert marked == ["due_date_month"]
    from saidanddone.core.templatetags.govuk import error_anchor

    assert error_anchor(form["due_date"]) == "id_due_date_month"

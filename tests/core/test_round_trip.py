"""Round trip: every edit form in the workspace, opened and sent back unchanged, changes nothing
in the database: no date, link, multi-selection or text is lost on the way through the HTML.

The form is read from the page as a browser would send it (tests/core/html_forms.py): text as
typed, boxes ticked, options selected, day/month/year boxes. ``EDIT_FORMS`` lists each edit form
with a factory that makes a well-filled object to edit; ``test_every_edit_form_is_checked``
finds every pre-filled form on every workspace page and fails when one is missing from it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import pytest
from django.apps import apps
from django.core import serializers
from django.urls import reverse
from django.utils import timezone

from saidanddone.areas.models import Area
from saidanddone.commitments import services as commitment_services
from saidanddone.commitments.models import Commitment, Response
from saidanddone.feedback.models import Exclusion, FeedbackItem
from saidanddone.publishing import services as publishing_services
from saidanddone.themes.models import Theme, ThemeAssignment
from tests.core.html_forms import buttons, page_forms, submitted
from tests.core.test_url_access import WORKSPACE, expected_status, kwargs_for
from tests.helpers import sign_in

pytestmark = pytest.mark.django_db

# Fields that record when a row was written: saving unchanged may touch them, nothing else.
WRITE_TIMES = {"updated_at", "last_update_on"}
# Models that record what happened rather than what is: a save may add to them.
HISTORY_MODELS = {"core.auditentry", "sessions.session", "django_tasks_db.dbtaskresult"}


def database_state() -> dict[str, Any]:
    """Every row of every model, as plain data, without write times."""
    state: dict[str, Any] = {}
    for model in apps.get_models():
        label = model._meta.label_lower
        if label in HISTORY_MODELS or model._meta.app_label in {"admin", "contenttypes",
                                                               "auth", "axes", "otp_static",
                                                               "otp_totp"}:
            continue
        rows = serializers.serialize("python", model._default_manager.all())
        state[label] = {str(r["pk"]): {k: v for k, v in r["fields"].items()
                                       if k not in WRITE_TIMES} for r in rows}
    return state


def _changes(before: dict[str, Any], after: dict[str, Any]) -> list[str]:
    found = []
    for label in sorted(set(before) | set(after)):
        old, new = before.get(label, {}), after.get(label, {})
        for pk in sorted(set(old) | set(new)):
            if old.get(pk) != new.get(pk):
                fields = sorted(k for k in set(old.get(pk, {})) | set(new.get(pk, {}))
                                if old.get(pk, {}).get(k) != new.get(pk, {}).get(k))
                found.append(f"{label} {pk[:8]}: {', '.join(fields) or 'row added/removed'}")
    return found


# Factories: a well-filled object of each kind, with what quietly got lost before ---------------

def _themes(area: Area, count: int) -> list[Theme]:
    themes = list(Theme.objects.filter(area=area, active=True).order_by("position")[:count])
    retired, _ = Theme.objects.get_or_create(
        area=area, slug="retired-round-trip",
        defaults={"name": "Retired theme for the round trip", "active": False})
    return [*themes, retired]


def _comments(area: Area, count: int) -> list[FeedbackItem]:
    items = list(FeedbackItem.objects.filter(area=area, analysed_at__isnull=False, exclusion="",
                                             duplicate_of__isnull=True)[:count])
    # Comments that are linked but no longer counted must survive a save too.
    FeedbackItem.objects.filter(pk=items[0].pk).update(exclusion=Exclusion.INDIVIDUAL_CASE)
    FeedbackItem.objects.filter(pk=items[1].pk).update(duplicate_of=items[2])
    return items


def response_with_links(area: Area, user: Any) -> dict[str, Any]:
    response = commitment_services.response_create(
        area=area, by=user, title="Replies to e-mails within five working days",
        you_said="Families said e-mails went unanswered.\nSome waited a month.",
        easy_read="We will answer e-mails.\nWe will tell you who to ask.",
        themes=_themes(area, 3), feedback=_comments(area, 6))
    return {"slug": area.slug, "pk": response.pk}


def commitment_with_dates(area: Area, user: Any) -> dict[str, Any]:
    # New due dates may not have passed already (commitments.rules): dates from today.
    today = timezone.localdate()
    response = Response.objects.filter(area=area).first()
    commitment = commitment_services.commitment_create(
        response=response, by=user, text="Publish the phone rota for the SEND team",
        owner_team="SEND casework", accountable_role="Head of SEND",
        partners="Westmere Parent Carer Forum", start_date=today - dt.timedelta(days=40),
        due_date=today + dt.timedelta(days=200))
    return {"slug": area.slug, "pk": commitment.pk}


def theme_with_description(area: Area, user: Any) -> dict[str, Any]:
    theme = Theme.objects.filter(area=area, active=True).exclude(description="").first()
    return {"slug": area.slug, "pk": theme.pk}


def feedback_with_confirmed_themes(area: Area, user: Any) -> dict[str, Any]:
    item = FeedbackItem.objects.filter(area=area, analysed_at__isnull=False,
                                       safeguarding_state="none").last()
    for theme in _themes(area, 2):
        ThemeAssignment.objects.get_or_create(feedback=item, theme=theme,
                                              defaults={"confirmed_by": user})
    FeedbackItem.objects.filter(pk=item.pk).update(exclusion=Exclusion.INDIVIDUAL_CASE)
    return {"slug": area.slug, "pk": item.pk}


def indicator_with_target(area: Area, user: Any) -> dict[str, Any]:
    indicator = commitment_services.indicator_create(
        area=area, by=user, name="Plans finished within 20 weeks", direction="up", unit="%",
        description="Of the plans finished in the month.", baseline=Decimal("41.5"),
        target=Decimal("80"), target_date=timezone.localdate() + dt.timedelta(days=300),
        suppress_below=5)
    return {"slug": area.slug, "pk": indicator.pk}


def draft_publication(area: Area, user: Any) -> dict[str, Any]:
    today = timezone.localdate()
    publication = publishing_services.publication_create(
        area=area, by=user, title="Winter update", kind="update", period_label="This winter",
        period_start=today - dt.timedelta(days=90), period_end=today,
        introduction="What changed since the annual report.\nAnd what is next.",
        responses=list(Response.objects.filter(area=area)[:3]))
    return {"slug": area.slug, "pk": publication.pk}


def area_with_every_setting(area: Area, user: Any) -> dict[str, Any]:
    area.send_team_email, area.send_team_phone = "send@westmere.example", "01632 960 100"
    area.local_offer_url = "https://localoffer.westmere.example/"
    area.complaints_url = "https://westmere.example/complaints"
    area.sendiass_name, area.sendiass_url = "Westmere SENDIASS", "https://sendiass.example/"
    area.safeguarding_contacts = "dsl@westmere.example\ndeputy@westmere.example"
    area.staff_names, area.school_names = "Priya Shah\nTom Reed", "Hollybank Primary"
    area.kept_phrases, area.next_publication_note = "Hope House", "Next report in July."
    area.save()
    return {"slug": area.slug}


def analyst_membership(area: Area, user: Any) -> dict[str, Any]:
    from saidanddone.areas.models import Membership

    return {"slug": area.slug, "pk": Membership.objects.get(area=area, user__username="analyst").pk}


@dataclass(frozen=True)
class EditForm:
    url_name: str
    action: str  # the value of the form's hidden "action" field, or of the button that saves
    factory: Callable[[Area, Any], dict[str, Any]]


EDIT_FORMS = [
    EditForm("workspace:response_edit", "save", response_with_links),
    EditForm("workspace:commitment_detail", "edit", commitment_with_dates),
    EditForm("workspace:theme_detail", "save", theme_with_description),
    EditForm("workspace:indicator_edit", "", indicator_with_target),
    EditForm("workspace:publication_edit", "", draft_publication),
    EditForm("workspace:feedback_detail", "themes", feedback_with_confirmed_themes),
    EditForm("workspace:feedback_detail", "exclusion", feedback_with_confirmed_themes),
    EditForm("workspace:area_settings", "", area_with_every_setting),
    EditForm("workspace:member_edit", "", analyst_membership),
]

# Forms that arrive pre-filled but do not edit something that exists: what they send is new.
NOT_EDIT_FORMS = {
    ("workspace:response_new", "save"): "creates a response (a draft may pre-fill it)",
    ("workspace:feedback_detail", "triage"): "records a new safeguarding decision",
    ("workspace:feedback_new", ""): "adds a comment (who said it and consent have defaults)",
    ("workspace:survey_import", ""): "imports a new survey (the columns are guessed)",
    ("workspace:commitment_detail", "progress"): "adds an update (public is ticked at first)",
    ("workspace:publication_list", ""): "drafts a new publication (an annual report at first)",
}


def _action_of(form: Any, button: Any) -> str:
    hidden = form.select_one("input[type=hidden][name=action]")
    if hidden is not None:
        return str(hidden.get("value", ""))
    return str(button.get("value", "")) if button is not None and button.get("name") else ""


def _save_button(form: Any) -> Any:
    """The button that saves: not one that only redraws the page (filters)."""
    found = [b for b in buttons(form) if b.get("value") not in {"filter", "from_feedback"}]
    return found[-1] if found else None


def _prefilled(form: Any, data: dict[str, list[str]]) -> bool:
    """Whether anything a person can see and change arrives filled in (hidden fields only
    say which thing a button acts on)."""
    hidden = {i.get("name") for i in form.select("input[type=hidden]")}
    return any(v for name, values in data.items() if name not in hidden for v in values)


@pytest.mark.parametrize("edit", EDIT_FORMS, ids=lambda e: f"{e.url_name}-{e.action}")
def test_saving_an_edit_form_unchanged_changes_nothing(client: Any, demo: Area,
                                                       admin_user: Any, edit: EditForm) -> None:
    sign_in(client, admin_user)
    url = reverse(edit.url_name, kwargs=edit.factory(demo, admin_user))
    page = client.get(url)
    assert page.status_code == 200
    found = [(f, _save_button(f)) for f in page_forms(page.content)
             if str(f.get("method") or "").lower() == "post"]
    found = [(f, b) for f, b in found if _action_of(f, b) == edit.action]
    assert len(found) == 1, f"{edit.url_name}: no single form with action {edit.action!r}"
    form, button = found[0]
    data = submitted(form, button)
    assert _prefilled(form, data), f"{edit.url_name} {edit.action}: the form shows nothing to edit"
    before = database_state()
    result = client.post(form.get("action") or url, data)
    assert result.status_code == 302, f"{edit.url_name}: not saved ({result.status_code})"
    assert _changes(before, database_state()) == []


def test_every_edit_form_is_checked(client: Any, demo: Area, admin_user: Any) -> None:
    """A pre-filled POST form on any workspace page is an edit form: it must be listed above
    (with a factory) or in NOT_EDIT_FORMS with the reason it edits nothing."""
    sign_in(client, admin_user)
    listed = {(e.url_name, e.action) for e in EDIT_FORMS} | set(NOT_EDIT_FORMS)
    extra_objects = {e.url_name: e.factory(demo, admin_user) for e in EDIT_FORMS}
    missing = set()
    for name, route in WORKSPACE:
        walked = reverse(name, kwargs=kwargs_for(name, route, demo))
        urls = {walked}
        if name in extra_objects:  # an object made for its edit form: that page opens
            urls.add(reverse(name, kwargs=extra_objects[name]))
        for url in urls:
            page = client.get(url)
            expected = expected_status(name, admin_user, demo) if url == walked else {200}
            assert page.status_code in expected, f"{url}: {page.status_code}"
            if page.status_code != 200 or page.streaming:  # a file (evidence), not a page
                continue
            for form in page_forms(page.content):
                if str(form.get("method") or "").lower() != "post":
                    continue
                button = _save_button(form)
                if _prefilled(form, submitted(form)):  # the button's own value is no answer
                    key = (name, _action_of(form, button))
                    if key not in listed:
                        missing.add(key)
    assert missing == set(), f"pre-filled forms not in EDIT_FORMS (add a factory) or " \
                             f"NOT_EDIT_FORMS (say why): {sorted(missing)}"


def test_round_trip_catches_a_lost_link(client: Any, demo: Area, admin_user: Any) -> None:
    """The check can fail: dropping one ticked comment from the posted form is seen."""
    sign_in(client, admin_user)
    kwargs = response_with_links(demo, admin_user)
    url = reverse("workspace:response_edit", kwargs=kwargs)
    form = page_forms(client.get(url).content)[0]
    data = submitted(form, _save_button(form))
    assert len(data["feedback"]) == 6
    data["feedback"] = data["feedback"][1:]
    before = database_state()
    client.post(url, data)
    assert any(c.startswith("commitments.response ") for c in _changes(before, database_state()))
    assert Commitment.objects.count() >= 0

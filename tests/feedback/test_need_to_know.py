"""Need to know: a comment flagged as a possible safeguarding concern is seen only by the people
who triage it (area administrators and SEND officers) until one of them has decided. Analysts
and forum reviewers never see its words, on any page, until then."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from saidanddone.areas import permissions
from saidanddone.commitments.models import Response
from saidanddone.feedback import services
from saidanddone.feedback.models import FeedbackItem, SafeguardingState
from saidanddone.feedback.selectors import feedback_list, feedback_visible
from tests.helpers import sign_in, text_of

pytestmark = pytest.mark.django_db

# Words no demo comment uses, so finding them on a page means the flagged comment is shown.
MARKER = "trampolinehall"
PHRASE = "nobody at the club listened"
FLAGGED_TEXT = (f"After the {MARKER} session my son said he wants to hurt himself and {PHRASE}.")
SIGNALS = [{"category": "self_harm", "evidence": "he wants to hurt himself"}]


@pytest.fixture
def flagged(demo: Any, officer: Any) -> FeedbackItem:
    item = services.feedback_create(
        area=demo, text=FLAGGED_TEXT, respondent_role="parent", by=officer,
        channel=services.channel_get_or_create(area=demo, kind="web_form"))
    services.feedback_apply_analysis(item=item)
    # Flagged whatever the engine of the day decides, so the test is about access alone.
    FeedbackItem.objects.filter(pk=item.pk).update(
        safeguarding_state=SafeguardingState.FLAGGED, safeguarding_signals=SIGNALS)
    item.refresh_from_db()
    assert MARKER in item.text_redacted
    return item


def pages(area: Any) -> dict[str, str]:
    """Every page that shows feedback text to a member of the area."""
    response = Response.objects.filter(area=area).first()
    list_url = reverse("workspace:feedback_list", args=[area.slug])
    return {
        "feedback list": list_url,
        "theme confirmation queue": list_url + "?status=unconfirmed",
        "flagged filter": list_url + "?status=flagged",
        "search": list_url + f"?q={MARKER}",
        "dashboard": reverse("workspace:dashboard", args=[area.slug]),
        "emerging themes": reverse("workspace:emerging", args=[area.slug]),
        "triage queue": reverse("workspace:triage", args=[area.slug]),
        "response picker (new)": reverse("workspace:response_new", args=[area.slug]),
        "response picker (edit)": reverse("workspace:response_edit",
                                          args=[area.slug, response.pk]),
        "response": reverse("workspace:response_detail", args=[area.slug, response.pk]),
        "data protection export": reverse("workspace:data_protection", args=[area.slug])
        + f"?terms={MARKER}&format=csv",
    }


def user(username: str) -> Any:
    return get_user_model().objects.get(username=username)


@pytest.mark.parametrize("username", ["analyst", "forum"])
def test_flagged_comment_is_on_no_page_for_analyst_or_forum_reviewer(
        client: Any, flagged: FeedbackItem, username: str) -> None:
    sign_in(client, user(username))
    for name, url in pages(flagged.area).items():
        page = client.get(url)
        assert page.status_code in {200, 403}, name
        assert PHRASE not in page.content.decode(), f"{name} shows a flagged comment"
        assert flagged.reference not in text_of(page.content), name
    search = client.get(reverse("workspace:feedback_list", args=["westmere"]), {"q": MARKER})
    assert "0 items" in text_of(search.content)
    detail = client.get(reverse("workspace:feedback_detail",
                                args=[flagged.area.slug, flagged.pk]))
    assert detail.status_code == 404
    assert PHRASE not in detail.content.decode()


@pytest.mark.parametrize("username", ["analyst", "forum"])
def test_analyst_and_forum_reviewer_cannot_open_the_triage_queue(
        client: Any, flagged: FeedbackItem, username: str) -> None:
    sign_in(client, user(username))
    assert client.get(reverse("workspace:triage", args=["westmere"])).status_code == 403
    listing = client.get(reverse("workspace:feedback_list", args=["westmere"]))
    assert "Safeguarding triage" not in text_of(listing.content)


def test_analyst_cannot_confirm_themes_on_a_flagged_comment_by_posting_its_id(
        client: Any, flagged: FeedbackItem, analyst: Any) -> None:
    from saidanddone.themes.models import Theme

    sign_in(client, analyst)
    client.post(reverse("workspace:feedback_bulk", args=["westmere"]),
                {"items": [str(flagged.pk)], "theme": "transport"})
    assert not flagged.theme_assignments.exists()
    transport = Theme.objects.get(area=flagged.area, slug="transport")
    page = client.post(reverse("workspace:feedback_detail", args=["westmere", flagged.pk]),
                       {"action": "themes", "themes": [str(transport.pk)]})
    assert page.status_code == 404
    assert not flagged.theme_assignments.exists()


@pytest.mark.parametrize("username", ["officer", "admin"])
def test_people_who_triage_see_the_flagged_comment(client: Any, flagged: FeedbackItem,
                                                   username: str) -> None:
    sign_in(client, user(username))
    urls = [reverse("workspace:feedback_list", args=["westmere"]) + "?status=flagged",
            reverse("workspace:triage", args=["westmere"]),
            reverse("workspace:feedback_detail", args=["westmere", flagged.pk])]
    for url in urls:
        page = client.get(url)
        assert page.status_code == 200
        assert PHRASE in page.content.decode(), url


@pytest.mark.parametrize("username", ["analyst", "forum"])
def test_flagged_comment_appears_once_triaged_as_not_a_concern(
        client: Any, flagged: FeedbackItem, officer: Any, username: str) -> None:
    services.feedback_triage_decide(item=flagged, decision="not_a_concern",
                                    reason="Spoke to the parent: the child is safe.",
                                    by=officer)
    sign_in(client, user(username))
    list_url = reverse("workspace:feedback_list", args=["westmere"])
    for url in (list_url, list_url + "?status=unconfirmed", list_url + f"?q={MARKER}",
                reverse("workspace:feedback_detail", args=["westmere", flagged.pk])):
        page = client.get(url)
        assert page.status_code == 200, url
        assert PHRASE in page.content.decode(), url


def test_analyst_or_forum_reviewer_cannot_make_the_safeguarding_decision(
        flagged: FeedbackItem, analyst: Any, forum: Any) -> None:
    for person in (analyst, forum):
        with pytest.raises(permissions.PermissionDenied):
            services.feedback_triage_decide(item=flagged, decision="not_a_concern",
                                            reason="Looks fine.", by=person)
    flagged.refresh_from_db()
    assert flagged.safeguarding_state == SafeguardingState.FLAGGED


@pytest.mark.parametrize(("role", "sees"), [
    ("area_admin", True), ("send_officer", True), ("analyst", False),
    ("forum_reviewer", False), (None, False),
])
def test_one_rule_decides_who_sees_flagged_feedback(flagged: FeedbackItem, role: str | None,
                                                    sees: bool) -> None:
    qs = FeedbackItem.objects.filter(pk=flagged.pk)
    assert feedback_visible(qs, role=role).exists() is sees
    assert (role in permissions.TRIAGE_SAFEGUARDING) is sees


def test_feedback_list_selector_scopes_by_the_acting_user(flagged: FeedbackItem,
                                                          forum: Any, officer: Any) -> None:
    area = flagged.area
    assert not feedback_list(area=area, user=forum).filter(pk=flagged.pk).exists()
    assert feedback_list(area=area, user=officer).filter(pk=flagged.pk).exists()


@pytest.mark.parametrize(("username", "sent_to_triage"),
                         [("officer", True), ("admin", True), ("analyst", False),
                          ("forum", False)])
def test_dashboard_sends_only_the_people_who_triage_to_the_flagged_comments(
        client: Any, flagged: FeedbackItem, username: str, sent_to_triage: bool) -> None:
    sign_in(client, user(username))
    page = client.get(reverse("workspace:dashboard", args=["westmere"]))
    assert page.status_code == 200
    triage = reverse("workspace:triage", args=["westmere"])
    assert (f'href="{triage}"' in page.content.decode()) is sent_to_triage
    assert "may be a safeguarding concern" in text_of(page.content)


def test_a_flagged_comment_is_not_used_to_train_the_areas_theme_model(
        flagged: FeedbackItem, officer: Any) -> None:
    from saidanddone.feedback import services as feedback_services
    from saidanddone.themes.models import Theme, ThemeAssignment

    transport = Theme.objects.get(area=flagged.area, slug="transport")
    ThemeAssignment.objects.create(feedback=flagged, theme=transport, confirmed_by=officer)
    seen: list[list[str]] = []
    from saidanddone import analysis

    real = analysis.train_themes

    def spy(texts: list[str], labels: Any, **kwargs: Any) -> Any:
        seen.append(list(texts))
        return real(texts, labels, **kwargs)

    analysis.train_themes = spy  # type: ignore[assignment]
    try:
        feedback_services.area_model_train(area=flagged.area)
    finally:
        analysis.train_themes = real  # type: ignore[assignment]
    assert seen, "the demo area has enough confirmed themes to train"
    assert all(MARKER not in text for texts in seen for text in texts)

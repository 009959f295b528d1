"""Privacy guards that must fail a test when broken (issue 9): the area's own list of schools
and settings is removed wherever text is read, and a safeguarding extract never shows a detail
that redaction removed, from the public form to the triage pages."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from saidanddone.feedback.models import Channel, FeedbackItem
from saidanddone.feedback.services import channel_get_or_create, feedback_create
from tests.publishing.test_checks import codes, draft_with

pytestmark = pytest.mark.django_db

# Settings named like places, not like schools: only the area's own list can tell.
OWN_SETTINGS = "Bramble Hollow\nThe Lanterns"


@pytest.fixture
def area_with_settings(demo: Any) -> Any:
    demo.school_names = OWN_SETTINGS
    demo.save(update_fields=["school_names"])
    return demo


def stored_and_analysed(area: Any, text: str, by: Any, on_commit: Any) -> FeedbackItem:
    with on_commit(execute=True):
        item = feedback_create(
            area=area, text=text, respondent_role="parent", by=by,
            channel=channel_get_or_create(area=area, kind=Channel.Kind.STAFF))
    return FeedbackItem.objects.get(pk=item.pk)


def test_intake_removes_a_setting_on_the_areas_own_list(
        area_with_settings: Any, officer: Any, django_capture_on_commit_callbacks: Any) -> None:
    item = stored_and_analysed(
        area_with_settings, "Since she moved to The Lanterns in May nobody has read her plan.",
        officer, django_capture_on_commit_callbacks)
    assert item.text_redacted, "the comment was never analysed"
    assert "Lanterns" not in item.text_redacted
    assert "nobody has read her plan" in item.text_redacted


def test_publication_checks_block_a_setting_on_the_areas_own_list(area_with_settings: Any,
                                                                  officer: Any) -> None:
    publication = draft_with(
        area_with_settings, officer,
        you_said="Parents at Bramble Hollow told us the review meetings kept moving.")
    assert "personal" in codes(publication)


def test_publication_checks_block_a_staff_name_on_the_areas_own_list(demo: Any,
                                                                     officer: Any) -> None:
    demo.staff_names = "Ffion Garside-Quill"
    demo.save(update_fields=["staff_names"])
    publication = draft_with(
        demo, officer, text="Ffion Garside-Quill will answer every e-mail within a week.")
    assert "personal" in codes(publication)


CONCERN = ("My son Tobiah Wrenfield-Ashe said last night he wants to kill himself because "
           "nobody at the new placement listens to him.")


def test_a_safeguarding_extract_never_shows_the_childs_name(
        client: Any, demo: Any, officer: Any, django_capture_on_commit_callbacks: Any) -> None:
    item = stored_and_analysed(demo, CONCERN, officer, django_capture_on_commit_callbacks)
    assert item.safeguarding_signals, "the concern was not flagged"
    assert "Wrenfield" not in item.text_redacted
    for signal in item.safeguarding_signals:
        assert "Tobiah" not in signal["evidence"] and "Wrenfield" not in signal["evidence"]
    client.force_login(officer)
    for url in (reverse("workspace:triage", args=[demo.slug]),
                reverse("workspace:dashboard", args=[demo.slug])):
        page = client.get(url).content.decode()
        assert "Tobiah" not in page and "Wrenfield" not in page, url

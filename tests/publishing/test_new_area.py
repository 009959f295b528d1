"""A new area's public pages work before its first publication (issue 14): its home says what
is coming, its form takes comments, every public page answers, and nothing unpublished shows."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

import pytest
from django.urls import reverse

from saidanddone.feedback.models import FeedbackItem
from saidanddone.publishing.models import Publication
from saidanddone.publishing.services import publication_create
from tests.conftest import user_with_role
from tests.helpers import check_page, text_of

PAGES = ["public:area", "public:search", "public:archive", "public:open_data",
         "public:feedback_form", "public:feedback_form_young"]


@pytest.mark.django_db
@pytest.mark.parametrize("name", PAGES)
def test_every_public_page_of_a_new_area_answers(client: Any, other_area: Any, name: str) -> None:
    response = client.get(reverse(name, args=[other_area.slug]))
    assert response.status_code == 200, name
    check_page(response.content, name)


@pytest.mark.django_db
def test_the_feed_of_a_new_area_is_an_empty_feed(client: Any, other_area: Any) -> None:
    response = client.get(reverse("public:feed", args=[other_area.slug]))
    assert response.status_code == 200
    assert b"<feed" in response.content and b"<entry>" not in response.content


@pytest.mark.django_db
def test_a_new_areas_home_says_what_is_coming_and_takes_comments(client: Any,
                                                                 other_area: Any) -> None:
    home = text_of(client.get(reverse("public:area", args=[other_area.slug])).content)
    assert "Nothing published yet" in home
    assert "Eastbrook Parents Together" in home
    form_url = reverse("public:feedback_form", args=[other_area.slug])
    sent = client.post(form_url, {
        "respondent_role": "parent", "topic": "transport", "consent": "paraphrase",
        "comment": "The new bus timetable does not fit the school day.",
        "key": str(uuid.uuid4()), "website": ""})
    assert sent.status_code == 302
    assert FeedbackItem.objects.filter(area=other_area).count() == 1
    listed = text_of(client.get(reverse("public:home")).content)
    assert "Eastbrook (nothing published yet" in listed


@pytest.mark.django_db
def test_a_note_about_the_first_publication_is_shown(client: Any, other_area: Any) -> None:
    other_area.next_publication_note = "Our first report comes out in March."
    other_area.save()
    home = text_of(client.get(reverse("public:area", args=[other_area.slug])).content)
    assert "Our first report comes out in March." in home


@pytest.mark.django_db
def test_a_draft_of_a_new_area_stays_private(client: Any, other_area: Any) -> None:
    officer = user_with_role(other_area, "eastbrook-officer", "send_officer")
    draft = publication_create(area=other_area, title="Eastbrook spring draft",
                               period_label="Spring 2026", period_start=dt.date(2026, 1, 1),
                               period_end=dt.date(2026, 3, 31), by=officer)
    assert draft.state == Publication.State.DRAFT
    home = text_of(client.get(reverse("public:area", args=[other_area.slug])).content)
    assert "Eastbrook spring draft" not in home
    url = reverse("public:publication", args=[other_area.slug, draft.slug])
    assert client.get(url).status_code == 404


@pytest.mark.django_db
def test_an_unknown_area_is_still_a_404(client: Any, db: Any) -> None:
    assert client.get(reverse("public:area", args=["nowhere"])).status_code == 404


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["public:feedback_form", "public:area"])
def test_the_worried_about_a_child_line_always_gives_somewhere_to_call(
        client: Any, other_area: Any, name: str) -> None:
    without = text_of(client.get(reverse(name, args=[other_area.slug])).content)
    assert "NSPCC helpline on 0808 800 5000" in without
    assert "call children's social care." not in without  # never a sentence with no number
    other_area.social_care_phone = "01632 960 111"
    other_area.save()
    with_number = text_of(client.get(reverse(name, args=[other_area.slug])).content)
    assert "call children's social care on 01632 960 111" in with_number

"""The young people's form ends on the young people's thank-you page: plain words, Childline,
and "send something else" back to the young people's form."""

from __future__ import annotations

import uuid
from typing import Any

import pytest
from django.urls import reverse

from saidanddone.feedback.models import FeedbackItem
from tests.helpers import check_page, text_of

pytestmark = pytest.mark.django_db


def test_young_person_ends_on_their_own_thank_you_page(client: Any, demo: Any) -> None:
    key = str(uuid.uuid4())
    answer = client.post(reverse("public:feedback_form_young", args=["westmere"]), {
        "respondent_role": "young_person", "comment": "I want a quiet room at lunch.",
        "consent": "paraphrase", "key": key}, follow=True)
    assert answer.redirect_chain[-1][0] == reverse("public:feedback_thanks_young",
                                                   args=["westmere"])
    soup = check_page(answer.content)
    text = text_of(answer.content)
    assert "0800 1111" in text
    assert soup.select_one("a[href='https://www.childline.org.uk/']").get_text() == \
        "childline.org.uk"
    again = soup.find("a", string="Send us something else")
    assert again["href"] == reverse("public:feedback_form_young", args=["westmere"])
    assert FeedbackItem.objects.filter(idempotency_key=key).exists()


def test_a_bot_on_the_young_form_also_sees_the_young_thank_you(client: Any, demo: Any) -> None:
    answer = client.post(reverse("public:feedback_form_young", args=["westmere"]), {
        "website": "spam", "comment": "x", "key": str(uuid.uuid4())})
    assert answer["Location"] == reverse("public:feedback_thanks_young", args=["westmere"])


def test_the_adult_form_still_ends_on_the_adult_page(client: Any, demo: Any) -> None:
    answer = client.post(reverse("public:feedback_form", args=["westmere"]), {
        "respondent_role": "parent", "comment": "The letters come too late.",
        "consent": "paraphrase", "key": str(uuid.uuid4())})
    assert answer["Location"] == reverse("public:feedback_thanks", args=["westmere"])

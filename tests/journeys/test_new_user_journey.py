"""The issue's test of done: a new user signs in, confirms a theme, adds a commitment, marks it
done with evidence, and sees it on the public page, all through the web pages."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.urls import reverse

from saidanddone.commitments.models import Commitment, Response
from saidanddone.feedback.models import FeedbackItem
from saidanddone.publishing.models import Publication
from saidanddone.themes.models import Theme
from tests.helpers import check_page, text_of

pytestmark = pytest.mark.django_db


def test_sign_in_confirm_commit_deliver_and_publish(client: Any, demo: Any) -> None:
    # Sign in with the form, as a person would.
    page = client.post(reverse("login"), {"username": "officer",
                                          "password": "said-and-done-demo"}, follow=True)
    assert "Dashboard" in text_of(page.content)

    # Confirm a theme on an unconfirmed comment.
    item = FeedbackItem.objects.filter(area=demo, theme_assignments__isnull=True,
                                       safeguarding_state="none", no_content=False).first()
    theme = Theme.objects.get(area=demo, slug="ehc-plans")
    url = reverse("workspace:feedback_detail", args=["westmere", item.pk])
    check_page(client.get(url).content)
    page = client.post(url, {"action": "themes", "themes": [str(theme.pk)]}, follow=True)
    assert "Themes confirmed." in text_of(page.content)
    assert item.theme_assignments.get().theme == theme

    # Write a response to it and add a commitment.
    page = client.post(reverse("workspace:response_new", args=["westmere"]), {
        "title": "Paperwork in good time", "you_said": "Papers arrived too late to read.",
        "themes": [str(theme.pk)], "feedback": [str(item.pk)]}, follow=True)
    response = Response.objects.get(area=demo, title="Paperwork in good time")
    page = client.post(reverse("workspace:response_detail", args=["westmere", response.pk]), {
        "text": "Send annual review papers two weeks before the meeting.",
        "owner_team": "SEND Assessment Team", "due_date": "2027-03-31"}, follow=True)
    commitment = Commitment.objects.get(response=response)

    # Mark it done with evidence.
    url = reverse("workspace:commitment_detail", args=["westmere", commitment.pk])
    page = client.post(url, {"action": "status", "status": "done",
                             "reason": "Papers now go out 14 days ahead.",
                             "evidence_title": "Review checklist",
                             "evidence_url": "https://localoffer.westmere.example/reviews"},
                       follow=True)
    assert "We did" in text_of(page.content)
    assert commitment.evidence.count() == 1

    # Publish a new period, the forum signs off, and it is on the public page.
    page = client.post(reverse("workspace:publication_list", args=["westmere"]), {
        "title": "Winter update", "period_label": "Winter 2026", "period_start": "2026-10-01",
        "period_end": "2026-12-31", "responses": [str(response.pk)]}, follow=True)
    publication = Publication.objects.get(area=demo, title="Winter update")
    url = reverse("workspace:publication_detail", args=["westmere", publication.pk])
    client.post(reverse("workspace:publication_send", args=["westmere", publication.pk]))
    client.logout()
    client.post(reverse("login"), {"username": "forum", "password": "said-and-done-demo"})
    # As a browser sends it: with the digest of what the page showed (decision 0219).
    seen = re.search(r'name="seen_digest" value="([0-9a-f]{64})"', client.get(url).content.decode())
    assert seen is not None
    client.post(url, {"action": "sign_off", "decision": "agreed", "seen_digest": seen.group(1),
                      "statement": "Families confirm papers now arrive in time."})
    client.logout()
    client.post(reverse("login"), {"username": "officer", "password": "said-and-done-demo"})
    page = client.post(reverse("workspace:publication_publish", args=["westmere", publication.pk]),
                       follow=True)
    publication.refresh_from_db()
    assert publication.state == "published"

    client.logout()
    public = client.get(reverse("public:publication", args=["westmere", publication.slug]))
    text = text_of(public.content)
    assert "Paperwork in good time" in text
    assert re.search(r"We did Send annual review papers two weeks before the meeting", text)
    assert "Families confirm papers now arrive in time." in text
    detail = client.get(reverse("public:commitment", args=["westmere", commitment.pk]))
    assert "Review checklist" in text_of(detail.content)
    check_page(detail.content)


def test_bad_status_change_in_the_form_gets_a_message_and_changes_nothing(
        client: Any, demo: Any, officer: Any) -> None:
    client.force_login(officer)
    commitment = Commitment.objects.filter(area=demo, status="planned").first()
    url = reverse("workspace:commitment_detail", args=["westmere", commitment.pk])
    page = client.post(url, {"action": "status", "status": "not_possible",
                             "reason": "No money."})
    assert page.status_code == 200
    assert "Explain publicly why this is not possible" in text_of(page.content)
    commitment.refresh_from_db()
    assert commitment.status == "planned"


def test_forum_reviewer_cannot_edit_a_commitment(client: Any, demo: Any, forum: Any) -> None:
    client.force_login(forum)
    commitment = Commitment.objects.filter(area=demo, status="planned").first()
    url = reverse("workspace:commitment_detail", args=["westmere", commitment.pk])
    page = client.post(url, {"action": "progress", "text": "Sneaky."})
    assert page.status_code == 403
    assert not commitment.progress_updates.filter(text="Sneaky.").exists()

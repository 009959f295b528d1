"""An officer drafts a 'You said' from a theme's comments, edits it, and only then saves it."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from saidanddone.areas.actors import SYSTEM
from saidanddone.commitments.models import Response
from saidanddone.commitments.selectors import you_said_draft
from saidanddone.feedback import services as feedback
from saidanddone.feedback.models import Consent, FeedbackItem, SafeguardingState
from saidanddone.themes.models import Theme
from saidanddone.themes.services import feedback_confirm_themes
from tests.helpers import check_page, sign_in

pytestmark = pytest.mark.django_db


def _comment(area: Any, text: str, consent: str, analyst: Any, theme: Theme) -> FeedbackItem:
    item = feedback.feedback_create(
        area=area, text=text, respondent_role="parent", consent=consent, by=SYSTEM,
        channel=feedback.channel_get_or_create(area=area, kind="web_form"))
    feedback.feedback_apply_analysis(item=item)
    item.refresh_from_db()
    feedback_confirm_themes(feedback=item, themes=[theme], by=analyst)
    return item


def test_quotes_come_only_from_comments_that_may_be_quoted(demo: Any, officer: Any,
                                                           analyst: Any) -> None:
    theme = Theme.objects.get(area=demo, slug="bullying")
    quotable = _comment(demo, "The school dealt with the name-calling quickly and kindly.",
                        Consent.VERBATIM, analyst, theme)
    _comment(demo, "We asked the school twice to follow its anti-bullying policy and heard "
             "nothing back.", Consent.PARAPHRASE, analyst, theme)
    flagged = _comment(demo, "Older boys push him around at break and the staff laugh.",
                       Consent.VERBATIM, analyst, theme)
    # A person looked at it and referred it: it counts, but it is never quoted.
    FeedbackItem.objects.filter(pk=flagged.pk).update(
        safeguarding_state=SafeguardingState.REFERRED)
    result = you_said_draft(area=demo, user=officer, theme=theme, months=None)
    assert result.draft.count == 3
    assert result.confirmed == 3
    assert result.draft.quotes == (quotable.text_redacted,)
    assert "We received 3 comments about bullying so far." in result.draft.summary


def test_the_draft_journey_saves_nothing_until_the_officer_saves(client: Any, demo: Any,
                                                                   officer: Any) -> None:
    sign_in(client, officer)
    url = reverse("workspace:response_draft", args=[demo.slug])
    page = client.get(url)
    check_page(page.content)
    # A mistake on purpose: no theme chosen. The error names the field.
    wrong = client.get(url, {"theme": "", "period": "12"})
    soup = check_page(wrong.content)
    assert "Choose the theme to draft for." in soup.select_one(".govuk-error-summary").get_text()
    before = Response.objects.filter(area=demo).count()
    drafted = client.get(url, {"theme": "contact", "period": "all"})
    soup = check_page(drafted.content)
    text = soup.get_text()
    assert "We received" in text and "about contact and communication" in text
    start = soup.find("a", string=lambda s: s and "Start a response from this draft" in s)
    new = client.get(start["href"])
    soup = check_page(new.content)
    you_said = soup.select_one("textarea[name=you_said]").get_text().strip()
    assert you_said.startswith("We received")
    ticked = [i["value"] for i in soup.select("input[name=feedback][checked]")]
    assert ticked  # the comments behind the draft are linked, for the officer to check
    assert Response.objects.filter(area=demo).count() == before

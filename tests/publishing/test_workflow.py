"""Publications: forum sign-off before publishing, immutable versions, corrections."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.urls import reverse

from saidanddone.areas.permissions import PermissionDenied
from saidanddone.commitments import services as commitments
from saidanddone.commitments.models import Response
from saidanddone.publishing import services
from saidanddone.publishing.models import Publication
from saidanddone.publishing.snapshot import suppress
from tests.helpers import text_of
from tests.publishing.corrections import correct

pytestmark = pytest.mark.django_db


@pytest.fixture
def draft(demo: Any, officer: Any) -> Publication:
    response = commitments.response_create(area=demo, title="Better signposting",
                                           you_said="Families could not find advice.",
                                           by=officer)
    commitments.commitment_create(response=response, text="Add an advice page.",
                                  owner_team="Local Offer Team", by=officer,
                                  due_date=dt.date.today() + dt.timedelta(days=40))
    return services.publication_create(
        area=demo, title="Spring update", period_label="Spring 2026",
        period_start=dt.date(2026, 1, 1), period_end=dt.date(2026, 3, 31),
        responses=[response], by=officer)


def test_publication_cannot_be_published_before_the_forum_responds(draft: Publication,
                                                                    officer: Any) -> None:
    with pytest.raises(ValueError, match="forum"):
        services.publication_publish(publication=draft, by=officer)
    services.publication_send_to_forum(publication=draft, by=officer)
    with pytest.raises(ValueError, match="forum"):
        services.publication_publish(publication=draft, by=officer)


def test_only_the_forum_signs_off(draft: Publication, officer: Any) -> None:
    services.publication_send_to_forum(publication=draft, by=officer)
    with pytest.raises(PermissionDenied):
        services.publication_sign_off(publication=draft, decision="agreed", statement="Fine.",
                                      by=officer)


def publish(draft: Publication, officer: Any, forum: Any) -> Any:
    services.publication_send_to_forum(publication=draft, by=officer)
    services.publication_sign_off(publication=draft, decision="not_agreed", by=forum,
                                  statement="Families say the advice is still hard to find.")
    return services.publication_publish(publication=draft, by=officer)


def test_published_page_shows_the_forums_own_words_beside_ours(client: Any, draft: Publication,
                                                               officer: Any, forum: Any) -> None:
    publish(draft, officer, forum)
    page = client.get(reverse("public:publication", args=["westmere", draft.slug]))
    text = text_of(page.content)
    assert "Not agreed" in text
    assert "Families say the advice is still hard to find." in text
    assert "Add an advice page." in text


def test_published_version_does_not_change_when_staff_edit(client: Any, draft: Publication,
                                                           officer: Any, forum: Any) -> None:
    publish(draft, officer, forum)
    response = draft.responses.get()
    commitments.response_update(response=response, title="Edited later", you_said="Changed.",
                                by=officer)
    page = client.get(reverse("public:publication", args=["westmere", draft.slug]))
    assert "Better signposting" in text_of(page.content)
    assert "Edited later" not in text_of(page.content)


def test_correction_makes_a_new_version_and_keeps_the_old_one(client: Any, draft: Publication,
                                                              officer: Any, forum: Any) -> None:
    publish(draft, officer, forum)
    response = draft.responses.get()
    commitments.response_update(response=response, title="Better advice and signposting",
                                you_said="Families could not find advice.", by=officer)
    with pytest.raises(ValueError):
        services.publication_correction_request(publication=draft, change_note="", by=officer)
    correct(draft, "Title made clearer.", officer, forum)
    latest = text_of(client.get(reverse("public:publication",
                                        args=["westmere", draft.slug])).content)
    first = text_of(client.get(reverse("public:publication_version",
                                       args=["westmere", draft.slug, 1])).content)
    assert "Better advice and signposting" in latest and "Title made clearer." in latest
    assert "Better signposting" in first and "earlier version" in first


def test_status_of_a_published_commitment_stays_live(client: Any, draft: Publication,
                                                     officer: Any, forum: Any) -> None:
    publish(draft, officer, forum)
    commitment = draft.responses.get().commitments.get()
    commitments.commitment_set_status(commitment=commitment, status="done",
                                      reason="The page is live.", by=officer)
    page = text_of(client.get(reverse("public:publication", args=["westmere", draft.slug])).content)
    assert "We did Add an advice page." in page
    detail = text_of(client.get(reverse("public:commitment",
                                        args=["westmere", commitment.pk])).content)
    assert "The page is live." in detail


def test_draft_response_is_not_on_any_public_page(client: Any, demo: Any) -> None:
    draft_response = Response.objects.get(area=demo, title="Help to prepare for adult life")
    publication = Publication.objects.get(area=demo, state="published")
    page = client.get(reverse("public:publication", args=["westmere", publication.slug]))
    assert draft_response.title not in text_of(page.content)


def test_small_counts_are_suppressed() -> None:
    assert [suppress(n) for n in (0, 1, 4, 5, 1261)] == [
        "0", "fewer than 5", "fewer than 5", "5", "1,261"]


def test_public_page_groups_responses_by_theme(client: Any, demo: Any) -> None:
    publication = Publication.objects.get(area=demo, state="published")
    page = client.get(reverse("public:publication", args=["westmere", publication.slug]))
    headings = [h.get_text() for h in __import__("bs4").BeautifulSoup(
        page.content, "lxml").select("h2.govuk-heading-l")]
    assert "EHC needs assessments and plans" in headings
    assert "Home-to-school transport" in headings


def test_publishing_too_early_from_the_page_shows_a_message(client: Any, draft: Publication,
                                                            officer: Any) -> None:
    client.force_login(officer)
    url = reverse("workspace:publication_publish", args=["westmere", draft.pk])
    page = client.post(url)
    assert page.status_code == 200
    assert "The forum must respond" in text_of(page.content)
    draft.refresh_from_db()
    assert draft.state == "draft"

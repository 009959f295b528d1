"""The checks before a publication goes to the forum: each problem with its fix and a link."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.urls import reverse

from saidanddone.commitments import services as commitments
from saidanddone.publishing import services
from saidanddone.publishing.checks import publication_checks
from saidanddone.publishing.models import GlossaryTerm, Publication
from tests.helpers import check_page, text_of

pytestmark = pytest.mark.django_db


# A due date still ahead whenever the suite runs: a new date may not have passed already.
FUTURE = dt.date.today() + dt.timedelta(days=200)


def draft_with(demo: Any, officer: Any, *, you_said: str = "Families could not find advice.",
               text: str = "Add an advice page.", due: dt.date | None = FUTURE,
               easy_read: str = "") -> Publication:
    response = commitments.response_create(area=demo, title="Better signposting",
                                           you_said=you_said, easy_read=easy_read, by=officer)
    commitments.commitment_create(response=response, text=text, owner_team="Local Offer Team",
                                  due_date=due, by=officer)
    return services.publication_create(
        area=demo, title="Spring update", period_label="Spring 2026",
        period_start=dt.date(2026, 1, 1), period_end=dt.date(2026, 3, 31),
        responses=[response], by=officer)


def codes(publication: Publication, blocking: bool = True) -> set[str]:
    result = publication_checks(publication)
    return {p.code for p in (result.blocking if blocking else result.advice)}


def test_the_demo_publication_passes_every_blocking_check(demo: Any) -> None:
    publication = Publication.objects.get(area=demo, state="published")
    assert publication_checks(publication).blocking == []


def test_personal_details_stop_it_going_to_the_forum(demo: Any, officer: Any) -> None:
    draft = draft_with(demo, officer,
                       you_said="Mrs Okafor rang 07700 900123 about her son Jamie.")
    assert "personal" in codes(draft)
    with pytest.raises(ValueError, match="Fix the problems"):
        services.publication_send_to_forum(publication=draft, by=officer)
    draft.refresh_from_db()
    assert draft.state == "draft"


def test_the_councils_own_phone_line_is_not_personal_data(demo: Any, officer: Any) -> None:
    draft = draft_with(demo, officer, you_said="Families could not get through.",
                       text=f"Answer the line on {demo.send_team_phone} every weekday.")
    assert "personal" not in codes(draft)


def test_an_unexplained_abbreviation_blocks_until_it_is_in_the_glossary(
        demo: Any, officer: Any) -> None:
    draft = draft_with(demo, officer, text="Train every ELSA in the borough.")
    problems = [p for p in publication_checks(draft).blocking if p.code == "acronym"]
    assert problems and "ELSA" in problems[0].message
    assert problems[0].link == reverse("workspace:glossary", args=[demo.slug])
    services.glossary_term_set(area=demo, short="ELSA",
                               expansion="emotional literacy support assistant", by=officer)
    assert "acronym" not in codes(draft)


def test_an_abbreviation_written_out_in_the_text_is_fine(demo: Any, officer: Any) -> None:
    draft = draft_with(demo, officer,
                       text="Train every Emotional Literacy Support Assistant (ELSA).")
    assert "acronym" not in codes(draft)


def test_a_we_will_without_a_due_date_blocks(demo: Any, officer: Any) -> None:
    draft = draft_with(demo, officer, due=None)
    problem = next(p for p in publication_checks(draft).blocking if p.code == "due_date")
    assert "Add an advice page." in problem.message
    assert "/commitments/" in problem.link


def test_missing_easy_read_and_long_sentences_are_advice_only(demo: Any, officer: Any) -> None:
    long = " ".join(["families"] * 30) + "."
    draft = draft_with(demo, officer, you_said=long)
    assert {"easy_read", "long_sentence"} <= codes(draft, blocking=False)
    services.publication_send_to_forum(publication=draft, by=officer)  # not refused


def test_the_detail_page_shows_each_problem_with_its_fix_and_link(
        client: Any, demo: Any, officer: Any) -> None:
    draft = draft_with(demo, officer, text="Train every ELSA.")
    client.force_login(officer)
    page = client.get(reverse("workspace:publication_detail", args=[demo.slug, draft.pk]))
    soup = check_page(page.content)
    blocking = soup.select(".sd-check--blocking")
    assert any("ELSA" in li.get_text() and li.find("a") for li in blocking)
    assert "Plain English report" in text_of(page.content)
    assert "It has no Easy Read text yet." in text_of(page.content)
    response = client.post(reverse("workspace:publication_send", args=[demo.slug, draft.pk]))
    assert "Fix the problems" in text_of(response.content)


def test_glossary_page_adds_and_removes_terms(client: Any, demo: Any, officer: Any) -> None:
    client.force_login(officer)
    url = reverse("workspace:glossary", args=[demo.slug])
    page = client.post(url, {"action": "add", "short": "PfA",
                             "expansion": "preparing for adulthood"}, follow=True)
    assert "preparing for adulthood" in text_of(page.content)
    term = GlossaryTerm.objects.get(area=demo, short="PfA")
    client.post(url, {"action": "delete", "term": str(term.pk)})
    assert not GlossaryTerm.objects.filter(area=demo, short="PfA").exists()


def test_glossary_rejects_a_phrase_and_a_forum_reviewer_cannot_change_it(
        client: Any, demo: Any, officer: Any, forum: Any) -> None:
    client.force_login(officer)
    url = reverse("workspace:glossary", args=[demo.slug])
    page = client.post(url, {"action": "add", "short": "two words", "expansion": "x"})
    assert "one short word" in text_of(page.content)
    check_page(page.content)
    client.force_login(forum)
    assert client.post(url, {"action": "add", "short": "PfA",
                             "expansion": "preparing for adulthood"}).status_code == 403

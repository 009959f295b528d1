"""Counts cannot be inflated: a forum report speaks for a plausible number of families, and a
campaign of template letters counts once, with its signatories, wherever feedback is counted."""

from __future__ import annotations

from typing import Any

import pytest
from django.db.models import Sum
from django.urls import reverse

from saidanddone.areas.actors import SYSTEM
from saidanddone.feedback import services
from saidanddone.feedback.models import FeedbackItem
from saidanddone.feedback.selectors import countable_feedback
from tests.helpers import check_page, text_of

pytestmark = pytest.mark.django_db

# A template letter as campaigns send them: the same words, each signed by its sender.
LETTER = ("Dear Councillor, I am writing as a parent to ask the council to keep the Riverside "
          "short breaks centre open. Families like mine depend on it for a few hours of rest "
          "each week, and our children depend on it for friendships and activities they cannot "
          "find anywhere else. Closing it would leave many families without any support during "
          "the school holidays. Please think again before the budget is decided. "
          "Yours faithfully, {name}, {town}")


def test_a_forum_report_for_100000_families_is_refused_with_a_message(
        client: Any, demo: Any, forum: Any) -> None:
    client.force_login(forum)
    before = FeedbackItem.objects.count()
    page = client.post(reverse("workspace:forum_report", args=["westmere"]), {
        "text": "Families told us the transport letters come too late.",
        "represents": "100000", "received_on": "2026-03-02",
        "received_on_0": "2", "received_on_1": "3", "received_on_2": "2026"})
    soup = check_page(page.content)
    summary = soup.select_one(".govuk-error-summary")
    assert summary is not None
    assert "how many families this speaks for, from 1 to 5,000" in summary.get_text()
    assert summary.select_one("a[href='#id_represents']") is not None
    assert FeedbackItem.objects.count() == before


def test_the_service_refuses_an_implausible_number_whatever_calls_it(demo: Any,
                                                                     forum: Any) -> None:
    channel = services.channel_get_or_create(area=demo, kind="forum_report")
    for represents in (0, services.MAX_REPRESENTS + 1, 100000):
        with pytest.raises(ValueError, match="from 1 to 5,000"):
            services.feedback_create(area=demo, text="What families said.", channel=channel,
                                     respondent_role="forum", represents=represents, by=forum)
    item = services.feedback_create(area=demo, text="What families said.", channel=channel,
                                    respondent_role="forum", represents=5000, by=forum)
    assert item.represents == 5000


@pytest.fixture
def send(django_capture_on_commit_callbacks: Any) -> Any:
    """Store a comment and run its analysis, as the worker does once the row is committed."""
    def sent(area: Any, text: str) -> FeedbackItem:
        channel = services.channel_get_or_create(area=area, kind="web_form")
        with django_capture_on_commit_callbacks(execute=True):
            item = services.feedback_create(area=area, text=text, channel=channel,
                                            respondent_role="parent", by=SYSTEM)
        item.refresh_from_db()
        return item
    return sent


def test_a_campaign_of_template_letters_counts_once_with_its_signatories(demo: Any,
                                                                        send: Any) -> None:
    people = [("Westmere", "A. Parent"), ("Eastbrook", "B. Carer"), ("Westmere", "C. Mum"),
              ("Westmere", "K. Hall"), ("Westmere", "E. Gran")]
    letters = [send(demo, LETTER.format(town=t, name=n)) for t, n in people]
    first, copies = letters[0], letters[1:]
    assert first.duplicate_of is None
    assert all(c.duplicate_of_id == first.pk for c in copies)
    assert first.campaign_size == 5
    ids = [i.pk for i in letters]
    counted = countable_feedback(FeedbackItem.objects.filter(pk__in=ids))
    assert counted.aggregate(n=Sum("represents"))["n"] == 1


def test_short_answers_that_repeat_are_each_a_voice(demo: Any, send: Any) -> None:
    items = [send(demo, "Very good.") for _ in range(3)]
    assert all(i.duplicate_of is None for i in items)
    assert countable_feedback(FeedbackItem.objects.filter(
        pk__in=[i.pk for i in items])).count() == 3


def test_different_letters_are_not_a_campaign(demo: Any, send: Any) -> None:
    a = send(demo, "The transport to school was late every day this term and nobody phoned "
                    "us to explain why or when it would come.")
    b = send(demo, "Our annual review papers arrived the night before, so we could not "
                    "prepare or ask the school any questions about them.")
    assert a.duplicate_of is None and b.duplicate_of is None


def test_campaign_detail_page_says_it_counts_once(client: Any, demo: Any, officer: Any,
                                                  send: Any) -> None:
    first = send(demo, LETTER.format(town="Westmere", name="F. Parent"))
    copy = send(demo, LETTER.format(town="Eastbrook", name="G. Parent"))
    client.force_login(officer)
    page = client.get(reverse("workspace:feedback_detail", args=["westmere", first.pk]))
    check_page(page.content)
    assert "one campaign with 2 signatories" in text_of(page.content)
    page = client.get(reverse("workspace:feedback_detail", args=["westmere", copy.pk]))
    assert "The campaign counts once" in text_of(page.content)


def test_a_campaign_from_a_survey_import_counts_once(
        demo: Any, officer: Any, django_capture_on_commit_callbacks: Any) -> None:
    from saidanddone.feedback import surveys

    body = "Comment\n" + "".join(
        f"\"{LETTER.format(town='Westmere', name=f'Parent {n}')}\"\n" for n in range(4))
    parsed = surveys.survey_parse("letters.csv", body.encode())
    read = surveys.survey_read(parsed, surveys.Mapping(comments=("Comment",)),
                               today=demo.created_at.date())
    with django_capture_on_commit_callbacks(execute=True):
        record = services.survey_import(area=demo, rows=read.rows, channel_name="Letters",
                                        by=officer)
    assert record.comments == 4
    assert countable_feedback(record.items.all()).count() == 1


def test_comments_stored_before_campaign_detection_are_marked_by_the_migration(
        demo: Any, send: Any) -> None:
    import importlib

    from django.apps import apps

    from saidanddone.feedback.models import DuplicateKey

    letters = [send(demo, LETTER.format(town="Westmere", name=n))
               for n in ("A. Parent", "B. Carer", "C. Mum")]
    # As they were before this release: no keys, no duplicate_of.
    DuplicateKey.objects.all().delete()
    FeedbackItem.objects.update(duplicate_of=None)
    migration = importlib.import_module(
        "saidanddone.feedback.migrations.0005_backfill_duplicate_keys")
    migration.forward(apps, None)
    first, *copies = [FeedbackItem.objects.get(pk=i.pk) for i in letters]
    assert first.duplicate_of is None
    assert [c.duplicate_of_id for c in copies] == [first.pk, first.pk]


def test_the_regulation_56_report_counts_a_campaign_once(demo: Any, send: Any) -> None:
    """Six copies of one letter and five different comments, all about the Local Offer's
    provision and answered by one response: the report counts six voices, not eleven."""
    from saidanddone.publishing.models import Publication
    from saidanddone.publishing.snapshot import reg56_content

    publication = Publication.objects.get(area=demo, state="published")
    response = publication.responses.order_by("title").first()
    response.feedback.clear()
    letters = [send(demo, LETTER.format(town="Westmere", name=n))
               for n in ("A. Parent", "B. Carer", "C. Mum", "K. Hall", "E. Gran", "J. Khan")]
    others = [send(demo, text) for text in (
        "The holiday club closed without any notice to families.",
        "There is no after school club that can take my son.",
        "Speech therapy stops as soon as children start secondary school.",
        "We have waited a year for a place at the special school.",
        "Nothing is open for disabled teenagers on a Saturday.")]
    for item in letters + others:
        FeedbackItem.objects.filter(pk=item.pk).update(reg56_category="provision")
    response.feedback.add(*letters, *others)
    provision = next(g for g in reg56_content(publication) if g["category"] == "provision")
    answered = next(r for r in provision["responses"] if r["id"] == str(response.pk))
    assert answered["count"] == "6"

"""Issue 9: indicator figures (edit, correct, delete, validate, publish) and believable dates."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.utils import timezone

from saidanddone.commitments import rules, services
from saidanddone.commitments.models import (
    Commitment,
    DataPoint,
    DataPointCorrection,
    DueDateRevision,
    Indicator,
    Response,
)
from saidanddone.commitments.selectors import loop_health, rag
from saidanddone.core.models import AuditEntry
from tests.commitments.conftest import days

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


@pytest.fixture
def indicator(demo: Any, analyst: Any) -> Indicator:
    return services.indicator_create(area=demo, name="Replies on time", direction="up",
                                     unit="%", baseline=Decimal(30), target=Decimal(80),
                                     by=analyst)




def actions(obj: Any) -> list[str]:
    return list(AuditEntry.objects.filter(object_id=str(obj.pk)).order_by("at")
                .values_list("action", flat=True))


# Figures -------------------------------------------------------------------------------------

def test_a_second_figure_for_the_same_date_is_refused_and_the_first_is_kept(
        indicator: Indicator, analyst: Any) -> None:
    services.datapoint_add(indicator=indicator, date=days(-10), value=Decimal(40), by=analyst)
    with pytest.raises(ValueError, match=r"already a figure.*Change"):
        services.datapoint_add(indicator=indicator, date=days(-10), value=Decimal(45),
                               by=analyst)
    assert list(indicator.points.values_list("value", flat=True)) == [Decimal(40)]


def test_a_figure_is_corrected_with_a_reason_that_is_kept(indicator: Indicator,
                                                         analyst: Any) -> None:
    point = services.datapoint_add(indicator=indicator, date=days(-10), value=Decimal(40),
                                   by=analyst)
    with pytest.raises(ValueError, match="Enter why the figure has changed"):
        services.datapoint_correct(point=point, date=point.date, value=Decimal(45), reason=" ",
                                   by=analyst)
    point.refresh_from_db()
    assert point.value == Decimal(40)
    services.datapoint_correct(point=point, date=point.date, value=Decimal(45),
                               reason="Typed wrongly.", by=analyst)
    point.refresh_from_db()
    assert point.value == Decimal(45)
    correction = DataPointCorrection.objects.get(point=point)
    assert (correction.old_value, correction.new_value, correction.reason) == (
        Decimal(40), Decimal(45), "Typed wrongly.")
    assert "indicator.datapoint_correct" in actions(indicator)


def test_a_correction_may_not_move_a_figure_onto_another_figures_date(
        indicator: Indicator, analyst: Any) -> None:
    first = services.datapoint_add(indicator=indicator, date=days(-20), value=Decimal(40),
                                   by=analyst)
    services.datapoint_add(indicator=indicator, date=days(-10), value=Decimal(50), by=analyst)
    with pytest.raises(ValueError, match="already another figure"):
        services.datapoint_correct(point=first, date=days(-10), value=Decimal(40),
                                   reason="Wrong day.", by=analyst)


@pytest.mark.parametrize(("date", "value", "message"), [
    (days(1), Decimal(50), "today or in the past"),
    (dt.date(1999, 12, 31), Decimal(50), "2000 or later"),
    (days(-1), Decimal(250), "between 0 and 100"),
    (days(-1), Decimal(-1), "0 or more"),
])
def test_a_figure_that_cannot_be_right_is_refused(indicator: Indicator, analyst: Any,
                                                  date: dt.date, value: Decimal,
                                                  message: str) -> None:
    with pytest.raises(ValueError, match=message):
        services.datapoint_add(indicator=indicator, date=date, value=value, by=analyst)
    assert not indicator.points.exists()


def test_a_count_may_be_over_100_but_not_negative(demo: Any, analyst: Any) -> None:
    count = services.indicator_create(area=demo, name="Calls", unit="calls", direction="up",
                                      by=analyst)
    services.datapoint_add(indicator=count, date=days(-1), value=Decimal(1900), by=analyst)
    with pytest.raises(ValueError, match="0 or more"):
        services.datapoint_add(indicator=count, date=days(-2), value=Decimal(-3), by=analyst)
    with pytest.raises(ValueError, match="does not fit"):  # 1,900 cannot become a percentage
        services.indicator_update(indicator=count, name="Calls", unit="%", direction="up",
                                  by=analyst)


@pytest.mark.parametrize(("field", "value", "message"), [
    ("baseline", Decimal(-5), "baseline must be 0 or more"),
    ("target", Decimal(250), "target is a percentage"),
])
def test_an_indicator_with_an_impossible_baseline_or_target_is_refused(
        demo: Any, analyst: Any, field: str, value: Decimal, message: str) -> None:
    before = Indicator.objects.count()
    wrong: dict[str, Any] = {field: value}
    with pytest.raises(ValueError, match=message):
        services.indicator_create(area=demo, name="Plans on time", unit="%", direction="up",
                                  by=analyst, **wrong)
    assert Indicator.objects.count() == before


def test_an_indicator_is_edited_and_deleted_with_an_audit_record(indicator: Indicator,
                                                               analyst: Any) -> None:
    services.datapoint_add(indicator=indicator, date=days(-5), value=Decimal(40), by=analyst)
    services.indicator_update(indicator=indicator, name="Replies within 5 days", unit="%",
                              direction="up", baseline=Decimal(25), target=Decimal(90),
                              suppress_below=5, by=analyst)
    indicator.refresh_from_db()
    assert (indicator.name, indicator.target, indicator.suppress_below) == (
        "Replies within 5 days", Decimal(90), 5)
    services.datapoint_add(indicator=indicator, date=days(-4), value=Decimal(95), by=analyst)
    with pytest.raises(ValueError, match="between 0 and 100"):
        services.indicator_update(indicator=indicator, name="x", unit="%", direction="up",
                                  target=Decimal(101), by=analyst)
    pk = indicator.pk
    services.indicator_delete(indicator=indicator, by=analyst)
    assert not Indicator.objects.filter(pk=pk).exists()
    assert not DataPoint.objects.filter(indicator_id=pk).exists()
    entry = AuditEntry.objects.get(object_id=str(pk), action="indicator.delete")
    assert entry.before["figures"][0]["value"] == "40.00"


def test_a_new_figure_is_not_public_until_staff_make_it_so(indicator: Indicator,
                                                          analyst: Any) -> None:
    point = services.datapoint_add(indicator=indicator, date=days(-3), value=Decimal(40),
                                   by=analyst)
    assert point.public is False
    services.datapoint_set_public(point=point, public=True, by=analyst)
    point.refresh_from_db()
    assert point.public is True
    assert "indicator.datapoint_public" in actions(indicator)


def test_a_forum_reviewer_cannot_change_figures(indicator: Indicator, analyst: Any,
                                                forum: Any) -> None:
    from saidanddone.areas.permissions import PermissionDenied

    point = services.datapoint_add(indicator=indicator, date=days(-3), value=Decimal(40),
                                   by=analyst)
    for call in (lambda: services.datapoint_delete(point=point, by=forum),
                 lambda: services.datapoint_set_public(point=point, public=True, by=forum),
                 lambda: services.indicator_delete(indicator=indicator, by=forum)):
        with pytest.raises(PermissionDenied):
            call()
    assert DataPoint.objects.filter(pk=point.pk, public=False).exists()


# Dates ----------------------------------------------------------------------------------------

@pytest.mark.parametrize(("due", "message"), [
    (dt.date(2020, 3, 1), "already passed"),
    (dt.date(9999, 12, 31), "within 10 years"),
])
def test_a_new_commitment_with_an_unbelievable_due_date_is_refused(
        response: Response, officer: Any, due: dt.date, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        services.commitment_create(response=response, text="Do it.", owner_team="SEND",
                                   due_date=due, by=officer)
    assert not response.commitments.exists()


@pytest.mark.parametrize(("due", "message"), [
    (dt.date(2020, 3, 1), "already passed"),
    (dt.date(9999, 12, 31), "within 10 years"),
])
def test_an_imported_historic_date_is_kept_but_fails_the_publication_rule(
        response: Response, officer: Any, due: dt.date, message: str) -> None:
    c = services.commitment_create(response=response, text="Do it.", owner_team="SEND",
                                   due_date=due, by=officer, historic=True)
    assert message in rules.due_date_problem(c)


def test_an_honest_date_passes_the_publication_rule_even_once_it_is_late(
        response: Response, officer: Any) -> None:
    c = services.commitment_create(response=response, text="Do it.", owner_team="SEND",
                                   due_date=days(-30), on=days(-200), by=officer)
    assert rules.due_date_problem(c) == ""
    assert rules.is_late(c, TODAY)


def test_a_due_date_revision_may_not_move_before_the_start(commitment: Commitment,
                                                           officer: Any) -> None:
    services.commitment_update(commitment=commitment, text=commitment.text,
                               owner_team=commitment.owner_team, start_date=days(60),
                               by=officer)
    with pytest.raises(ValueError, match="on or after the start date"):
        services.commitment_revise_due_date(commitment=commitment, new_due_date=days(30),
                                            reason="Sooner.", by=officer)
    with pytest.raises(ValueError, match="within 10 years"):
        services.commitment_revise_due_date(commitment=commitment,
                                            new_due_date=dt.date(9999, 1, 1),
                                            reason="Later.", by=officer)
    commitment.refresh_from_db()
    assert commitment.due_date == days(120)
    assert not DueDateRevision.objects.filter(commitment=commitment).exists()


def test_the_start_date_may_not_move_after_the_due_date(commitment: Commitment,
                                                        officer: Any) -> None:
    with pytest.raises(ValueError, match="start date must be on or before the due date"):
        services.commitment_update(commitment=commitment, text=commitment.text,
                                   owner_team=commitment.owner_team, start_date=days(200),
                                   by=officer)


def test_done_may_not_come_before_the_start(commitment: Commitment, officer: Any) -> None:
    with pytest.raises(services.TransitionError, match="cannot be done before it started"):
        services.commitment_set_status(commitment=commitment, status="done",
                                       reason="Finished.", on=days(-40), by=officer)
    commitment.refresh_from_db()
    assert commitment.status == "planned"
    services.commitment_set_status(commitment=commitment, status="done", reason="Finished.",
                                   on=days(-10), by=officer)


def test_a_revision_reason_with_a_typo_is_corrected_and_the_old_wording_kept(
        commitment: Commitment, officer: Any) -> None:
    services.commitment_revise_due_date(commitment=commitment, new_due_date=days(150),
                                        reason="Staff shortages in teh team.", by=officer)
    revision = commitment.due_date_revisions.get()
    with pytest.raises(ValueError, match="Enter the corrected reason"):
        services.due_date_revision_correct_reason(revision=revision, reason=" ", by=officer)
    services.due_date_revision_correct_reason(revision=revision,
                                              reason="Staff shortages in the team.", by=officer)
    revision.refresh_from_db()
    assert revision.reason == "Staff shortages in the team."
    assert revision.new_due_date == days(150)
    entry = AuditEntry.objects.get(object_id=str(commitment.pk),
                                   action="commitment.correct_revision_reason")
    assert entry.before["reason"] == "Staff shortages in teh team."


def test_staff_entered_feedback_may_not_be_dated_in_the_future(demo: Any,
                                                               officer: Any) -> None:
    from saidanddone.feedback import services as feedback
    from saidanddone.feedback.models import FeedbackItem

    before = FeedbackItem.objects.count()
    with pytest.raises(ValueError, match="today or in the past"):
        feedback.feedback_create(area=demo, text="The bus was late.", by=officer,
                                 channel=feedback.channel_get_or_create(area=demo,
                                                                        kind="web_form"),
                                 respondent_role="parent", received_on=dt.date(2031, 1, 1))
    assert FeedbackItem.objects.count() == before


# Late and loop health -------------------------------------------------------------------------

def test_late_is_one_rule_for_the_staff_rag(commitment: Commitment) -> None:
    Commitment.objects.filter(pk=commitment.pk).update(due_date=days(-1))
    commitment.refresh_from_db()
    assert rules.is_late(commitment) and rag(commitment) == "red"
    Commitment.objects.filter(pk=commitment.pk).update(status="done")
    commitment.refresh_from_db()
    assert not rules.is_late(commitment) and rag(commitment) is None


def test_imported_and_other_draft_commitments_never_count_as_done(
        demo: Any, response: Response, officer: Any) -> None:
    before = loop_health(area=demo)
    c = services.commitment_create(response=response, text="Historic promise.",
                                   owner_team="SEND", due_date=dt.date(2021, 1, 1),
                                   by=officer, historic=True)
    services.commitment_set_status(commitment=c, status="done", reason="Imported as done.",
                                   by=officer)
    after = loop_health(area=demo)
    assert (after.commitments_done, after.commitments_total) == (
        before.commitments_done, before.commitments_total)
    assert after.commitments_draft == before.commitments_draft + 1
    published = Commitment.objects.filter(area=demo, published_in__isnull=False).distinct()
    assert after.commitments_done == sum(1 for x in published if x.status == "done")

from __future__ import annotations

from django_tasks import task

from saidanddone.areas.models import Area
from saidanddone.core.uploads import upload_read_run
from saidanddone.feedback.models import SafeguardingAlert
from saidanddone.feedback.surveys import survey_table_read


@task()
def analyse_feedback(item_id: str) -> bool:
    """Analyse one comment, once: True when this run analysed it, False when it had been
    analysed already (a task queued twice, or run again after its worker died) or erased."""
    # Inside the task: services import this module at the top (a cycle otherwise).
    from saidanddone.feedback.services import feedback_analyse_once

    return feedback_analyse_once(item_id=item_id)


@task()
def notify_safeguarding_contacts(item_id: str) -> bool:
    """E-mail the area's designated contacts at once: a link to the item, never its text.

    A failure is recorded on the item's ``SafeguardingAlert`` and retried by the worker with a
    growing wait (``safeguarding_alerts_send_due``) until delivered.
    """
    # Inside the task: services import this module at the top (a cycle otherwise).
    from saidanddone.feedback.services import safeguarding_alert_send

    alert = SafeguardingAlert.objects.filter(item__pk=item_id).first()
    return alert is not None and safeguarding_alert_send(alert=alert)


@task()
def purge_expired_originals() -> int:
    """Delete original texts past each area's retention schedule (run daily)."""
    # Inside the task: services import this module at the top (a cycle otherwise).
    from saidanddone.feedback.services import feedback_purge_originals

    return sum(feedback_purge_originals(area=area) for area in Area.objects.all())


@task()
def purge_abandoned_survey_uploads() -> int:
    """Delete survey uploads left unfinished (run with the daily retention, or more often)."""
    # Inside the task: services import this module at the top (a cycle otherwise).
    from saidanddone.feedback.services import survey_uploads_purge

    return survey_uploads_purge()


@task()
def read_survey_upload(read_id: str) -> bool:
    """Read a big survey export in the background (``core.uploads.upload_read_run``)."""
    return upload_read_run(read_id=read_id, reader=survey_table_read)


@task()
def retrain_area_model(area_id: str) -> None:
    """Retrain an area's theme model from its confirmed themes; used from then on."""
    # Inside the task: services import this module at the top (a cycle otherwise).
    from saidanddone.feedback.services import area_model_train

    area = Area.objects.filter(pk=area_id).first()
    if area is not None:
        area_model_train(area=area)

from __future__ import annotations

from django_tasks import task


@task()
def analyse_feedback(item_id: str) -> None:
    from saidanddone.feedback.models import FeedbackItem
    from saidanddone.feedback.services import feedback_apply_analysis

    item = FeedbackItem.objects.filter(pk=item_id).select_related("area").first()
    if item is not None:  # erased before the worker got to it
        feedback_apply_analysis(item=item)


@task()
def notify_safeguarding_contacts(item_id: str) -> None:
    """E-mail the area's designated contacts at once: a link to the item, never its text."""
    from django.conf import settings
    from django.core.mail import send_mail
    from django.urls import reverse

    from saidanddone.feedback.models import FeedbackItem

    item = FeedbackItem.objects.filter(pk=item_id).select_related("area").first()
    if item is None or not item.area.safeguarding_emails:
        return
    link = settings.SAIDANDDONE_BASE_URL.rstrip("/") + reverse(
        "workspace:feedback_detail", args=[item.area.slug, item.pk])
    send_mail(
        subject=f"Possible safeguarding concern in {item.area.name} feedback ({item.reference})",
        message=(
            f"A comment received on {item.received_on:%d %B %Y} may be a safeguarding concern.\n"
            f"It must have a decision within {item.area.triage_hours} hours.\n\n"
            f"Sign in to read it and record a decision:\n{link}\n\n"
            "This e-mail does not contain the comment, on purpose."
        ),
        from_email=None, recipient_list=item.area.safeguarding_emails, fail_silently=False,
    )


@task()
def purge_expired_originals() -> int:
    """Delete original texts past each area's retention schedule (run daily)."""
    from saidanddone.areas.models import Area
    from saidanddone.feedback.services import feedback_purge_originals

    return sum(feedback_purge_originals(area=area) for area in Area.objects.all())


@task()
def purge_abandoned_survey_uploads() -> int:
    """Delete survey uploads left unfinished (run with the daily retention, or more often)."""
    from saidanddone.feedback.services import survey_uploads_purge

    return survey_uploads_purge()

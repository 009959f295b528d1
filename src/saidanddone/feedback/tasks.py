from __future__ import annotations

from django_tasks import task


@task()
def analyse_feedback(item_id: str) -> None:
    from saidanddone.feedback.models import FeedbackItem
    from saidanddone.feedback.services import feedback_apply_analysis

    item = FeedbackItem.objects.filter(pk=item_id).select_related("area").first()
    if item is not None:  # erased before the worker got to it
        feedback_apply_analysis(item=item)

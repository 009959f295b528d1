"""Receivers for the signals of the floors below feedback; connected in ``FeedbackConfig.ready``."""

from __future__ import annotations

from typing import Any

from django.dispatch import receiver

from saidanddone.feedback.services import area_model_queue_retraining
from saidanddone.themes.signals import labels_changed


@receiver(labels_changed, dispatch_uid="feedback-retrain-on-new-labels")
def retrain_on_new_labels(sender: Any, *, area: Any, **kwargs: Any) -> None:
    """A person's theme decisions changed: retrain the area's model once the transaction commits."""
    area_model_queue_retraining(area)

"""What themes tells the floors above it, without importing them (docs/architecture.md).

``labels_changed`` (keyword ``area``) is sent inside the transaction whenever a person's theme
decisions change: a confirmation, a bulk confirmation, a merge. Feedback, which holds the
comments an area's model trains on, queues the retraining (``feedback.signals``).
"""

from __future__ import annotations

from django.dispatch import Signal

labels_changed = Signal()

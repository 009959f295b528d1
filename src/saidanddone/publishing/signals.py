"""Keep stored public pages honest: a change to a published commitment (status, dates, reason)
marks its stored pages stale at once and queues a re-render (decision 0200).

A signal rather than a call in each commitments service, so that every path that saves a
commitment (services, imports, the admin) is covered.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.db.models.signals import post_save
from django.dispatch import receiver

from saidanddone.commitments.models import Commitment

# Saves that touch only these fields change nothing the publication page shows.
_INVISIBLE = frozenset({"last_update_on", "updated_at"})


@receiver(post_save, sender=Commitment, dispatch_uid="publishing.commitment_saved")
def commitment_saved(sender: Any, instance: Commitment, created: bool,
                     update_fields: Any = None, **kwargs: Any) -> None:
    if created or (update_fields and set(update_fields) <= _INVISIBLE):
        return
    from saidanddone.publishing.services import versions_mark_stale
    from saidanddone.publishing.tasks import render_versions

    ids = versions_mark_stale(commitment_id=instance.pk)
    if ids:
        transaction.on_commit(lambda: render_versions.enqueue(ids))

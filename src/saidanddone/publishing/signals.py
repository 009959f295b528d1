"""Keep stored public pages honest: a change to a published commitment (status, dates, reason),
or to what the area shows families (contacts, colour), marks its stored pages stale at once and
queues a re-render (decision 0200).

A signal rather than a call in each commitments service, so that every path that saves a
commitment (services, imports, the admin) is covered.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.db.models.signals import post_save
from django.dispatch import receiver

from saidanddone.areas.models import Area
from saidanddone.commitments.models import Commitment
from saidanddone.publishing.models import PublicationVersion
from saidanddone.publishing.selectors import forget_stored_pages
from saidanddone.publishing.services import versions_mark_stale
from saidanddone.publishing.tasks import render_versions

# Saves that touch only these fields change nothing the publication page shows.
_INVISIBLE = frozenset({"last_update_on", "updated_at"})


@receiver(post_save, sender=Commitment, dispatch_uid="publishing.commitment_saved")
def commitment_saved(sender: Any, instance: Commitment, created: bool,
                     update_fields: Any = None, **kwargs: Any) -> None:
    if created or (update_fields and set(update_fields) <= _INVISIBLE):
        return

    ids = versions_mark_stale(commitment_id=instance.pk)
    if ids:
        transaction.on_commit(lambda: render_versions.enqueue(ids))


# Area settings that no public page shows: changing them leaves the stored pages as they are.
_AREA_PRIVATE = frozenset({"safeguarding_contacts", "triage_hours", "owner_contacts",
                           "staff_names",
                           "school_names", "kept_phrases", "retention_days",
                           "safeguarding_threshold", "updated_at"})


@receiver(post_save, sender=Area, dispatch_uid="publishing.area_saved")
def area_saved(sender: Any, instance: Area, created: bool, update_fields: Any = None,
               **kwargs: Any) -> None:
    """The area's contacts, colour or names changed: every stored page of the area shows them
    (signposting, header), so all are marked stale at once and re-rendered by a task."""
    if created or (update_fields and set(update_fields) <= _AREA_PRIVATE):
        return

    versions = PublicationVersion.objects.filter(publication__area=instance)
    ids = [str(pk) for pk in versions.values_list("pk", flat=True)]
    if ids:
        versions.update(rendered_stale=True)
        forget_stored_pages()
        transaction.on_commit(lambda: render_versions.enqueue(ids))

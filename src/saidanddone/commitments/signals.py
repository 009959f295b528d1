"""An evidence file's bytes go with its row (decision 0220).

Whatever deletes the row (``evidence_delete``, a commitment or a whole area deleted, an
erasure), the file is removed once that deletion is committed; a rollback keeps both.
``services.evidence_files_sweep`` (run by ``retention``) catches what a crash between the
commit and the unlink could leave.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.db.models.signals import post_delete
from django.dispatch import receiver

from saidanddone.commitments.models import EvidenceFile


@receiver(post_delete, sender=EvidenceFile, dispatch_uid="commitments.evidence_file_deleted")
def evidence_file_deleted(sender: Any, instance: EvidenceFile, **kwargs: Any) -> None:
    path = instance.path
    transaction.on_commit(lambda: path.unlink(missing_ok=True))

from __future__ import annotations

from django_tasks import task

from saidanddone.commitments.imports import document_read
from saidanddone.core.uploads import upload_read_run


@task()
def read_document_upload(read_id: str) -> bool:
    """Read a big uploaded document in the background (``core.uploads.upload_read_run``)."""
    return upload_read_run(read_id=read_id, reader=document_read)

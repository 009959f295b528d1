"""Uploads read within limits: the Django side of ``importers.bounded`` (issue 11; 0211, 0212).

- ``upload_limits`` turns the settings into the child process's limits.
- A small file is read while the officer waits (still in a bounded child). A big one becomes
  an ``UploadRead`` that a worker reads in the background (``upload_read_run``), while the
  import page shows how far it has got.
- Each app keeps its own reader and its own task; this module knows neither documents nor
  surveys, only bytes in and plain data (JSON) out.
"""

from __future__ import annotations

import datetime as dt
import io
import logging
import uuid
import zipfile
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from saidanddone.core.models import UploadRead
from saidanddone.importers.bounded import MB, Limits, Progress
from saidanddone.importers.model import DocumentError

if TYPE_CHECKING:
    from django.contrib.auth.models import User

logger = logging.getLogger(__name__)

Reader = Callable[[bytes, str, Progress], Any]
"""Reads one upload: (content, file name, progress) → JSON-able data, or ``ValueError``."""

KEEP_HOURS = 24
"""How long a read upload waits for its officer before it is deleted."""

UNPACKED_FACTOR = 5
"""A zip-based file is read in the background when it unpacks to this many times the
background size, however small it is packed."""


def upload_limits() -> Limits:
    """The limits every read of an upload runs under (settings ``SAIDANDDONE_UPLOAD_*``)."""
    return Limits(
        cpu_seconds=settings.SAIDANDDONE_UPLOAD_CPU_SECONDS,
        memory_bytes=settings.SAIDANDDONE_UPLOAD_MEMORY_MB * MB,
        wall_seconds=float(settings.SAIDANDDONE_UPLOAD_WALL_SECONDS),
    )


def reads_in_background(content: bytes) -> bool:
    """Whether an upload is big enough to be read in the background: more than
    ``SAIDANDDONE_UPLOAD_BACKGROUND_BYTES``, or a DOCX/XLSX that unpacks to five times that."""
    threshold = settings.SAIDANDDONE_UPLOAD_BACKGROUND_BYTES
    if len(content) > threshold:
        return True
    if content.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(io.BytesIO(content)) as archive:
                unpacked = sum(info.file_size for info in archive.infolist())
        except (zipfile.BadZipFile, OSError, ValueError):
            return False  # the reader says it is damaged, at once
        return unpacked > UNPACKED_FACTOR * threshold
    return False


# Services ---------------------------------------------------------------------------------


@transaction.atomic
def upload_read_start(*, area: Any, by: User, kind: str, name: str, content: bytes,
                      task: Any) -> UploadRead:
    """Keep the upload and queue ``task`` (a task taking the read's id) to read it. The
    officer's earlier unfinished read of the same kind goes."""
    UploadRead.objects.filter(area=area, by=by, kind=kind).delete()
    read = UploadRead.objects.create(area=area, by=by, kind=kind, name=name[:255],
                                     size=len(content), content=content)
    transaction.on_commit(lambda: task.enqueue(str(read.pk)))
    return read


def upload_read_run(*, read_id: str, reader: Reader) -> bool:
    """Read a waiting upload with ``reader``; True when this call read it.

    The read happens outside any transaction (it may take the whole time limit); its outcome
    is stored in one update, and the upload's bytes go with it, read or not. A read left
    "reading" by a worker that died is read again once it is older than the time limit.
    """
    limits = upload_limits()
    stale = timezone.now() - dt.timedelta(seconds=limits.wall_seconds + 60)
    with transaction.atomic():
        read = UploadRead.objects.select_for_update().filter(pk=read_id).first()
        if read is None or read.status in {UploadRead.Status.READY, UploadRead.Status.FAILED}:
            return False
        if read.status == UploadRead.Status.READING and read.started_at and \
                read.started_at > stale:
            return False  # another worker is reading it now
        read.status = UploadRead.Status.READING
        read.started_at = timezone.now()
        read.phase = "Opening the file"
        read.save(update_fields=["status", "started_at", "phase", "updated_at"])
    content, name = bytes(read.content), read.name

    def progress(phase: str) -> None:
        UploadRead.objects.filter(pk=read_id).update(phase=phase[:200],
                                                     updated_at=timezone.now())

    fields: dict[str, Any] = {"content": b"", "finished_at": timezone.now(), "phase": ""}
    try:
        result = reader(content, name, progress)
    except ValueError as exc:  # DocumentError, InputError: the message is for the officer
        message = exc.message if isinstance(exc, DocumentError) else str(exc)
        fields.update(status=UploadRead.Status.FAILED, message=message)
    except Exception:  # our fault, not the file's: say so rather than leave it "being read"
        logger.exception("Reading upload %s failed", read_id)
        fields.update(status=UploadRead.Status.FAILED,
                      message=f"“{name}” could not be read because of a fault on our side. "
                              "Try again; if it happens again, tell your administrator.")
    else:
        fields.update(status=UploadRead.Status.READY, result=result)
    fields["finished_at"] = timezone.now()
    UploadRead.objects.filter(pk=read_id).update(**fields)
    return True


def upload_read_discard(*, read: UploadRead) -> None:
    """Taken by the import page, cancelled or failed and shown: the read goes at once."""
    UploadRead.objects.filter(pk=read.pk).delete()


def upload_reads_purge(*, now: dt.datetime | None = None) -> int:
    """Delete reads nobody came back for within ``KEEP_HOURS``."""
    cutoff = (now or timezone.now()) - dt.timedelta(hours=KEEP_HOURS)
    count, _ = UploadRead.objects.filter(created_at__lt=cutoff).delete()
    return count


# Selectors --------------------------------------------------------------------------------


def upload_read_get(*, area: Any, by: User, kind: str, pk: str) -> UploadRead | None:
    """The officer's own read of this kind in this area, or None (another's is never shown)."""
    try:
        uuid.UUID(str(pk))
    except ValueError:
        return None
    return UploadRead.objects.filter(pk=pk, area=area, by=by, kind=kind).first()


def upload_read_latest(*, area: Any, by: User, kind: str) -> UploadRead | None:
    """The officer's read of this kind not yet taken, if any: the import page shows it when
    they come back without its address."""
    return UploadRead.objects.filter(area=area, by=by, kind=kind).order_by("-created_at").first()


def upload_read_ahead(*, read: UploadRead) -> int:
    """How many uploads are waiting to be read before this one."""
    return UploadRead.objects.filter(status=UploadRead.Status.WAITING,
                                     created_at__lt=read.created_at).count()

"""The base model every table uses, the audit log, and uploads being read."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models


class BaseModel(models.Model):
    """UUID key (never guessable in a URL) with created/updated times."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True


class AuditEntry(models.Model):
    """One change: who did what to which object, and the values before and after.

    Written by services only (see ``core.audit.audit``); never edited or deleted by the app.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    at = models.DateTimeField(auto_now_add=True, db_index=True)
    area = models.ForeignKey(
        "areas.Area", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )
    action = models.CharField(max_length=80, db_index=True)
    object_type = models.CharField(max_length=80)
    object_id = models.CharField(max_length=64, db_index=True)
    before = models.JSONField(default=dict, blank=True)
    after = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["-at"]
        verbose_name_plural = "audit entries"

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.action} {self.object_type}:{self.object_id}"


class UploadRead(BaseModel):
    """An upload waiting to be read, or being read, in the background (files too big to read
    while the officer waits; see ``core.uploads``). Its bytes are dropped as soon as the read
    ends; what was read (plain data) waits here until the officer's import page takes it."""

    class Kind(models.TextChoices):
        DOCUMENT = "document", "“You said, we did” document"
        SURVEY = "survey", "Survey export"

    class Status(models.TextChoices):
        WAITING = "waiting", "Waiting to be read"
        READING = "reading", "Being read"
        READY = "ready", "Read"
        FAILED = "failed", "Could not be read"

    area = models.ForeignKey("areas.Area", on_delete=models.CASCADE, related_name="+")
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    name = models.CharField(max_length=255)
    size = models.PositiveIntegerField(default=0)
    content = models.BinaryField(default=b"")
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.WAITING)
    phase = models.CharField(max_length=200, blank=True)
    message = models.TextField(blank=True)
    result = models.JSONField(null=True, blank=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["status", "created_at"])]

    def __str__(self) -> str:
        return self.name

"""'We did / we will': responses, commitments and their lifecycle, progress, evidence, figures."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from django.conf import settings
from django.db import models

from saidanddone.commitments.evidence_files import KINDS, human_size
from saidanddone.core.models import BaseModel


class Response(BaseModel):
    """One 'You said, we did' entry: what families said (linked feedback and themes) and what
    the area does about it (one or more commitments)."""

    area = models.ForeignKey("areas.Area", on_delete=models.CASCADE, related_name="responses")
    title = models.CharField(
        max_length=200, help_text="What families asked for, in a few plain words."
    )
    you_said = models.TextField(
        "what families said", help_text="A summary in plain words. Never names or details."
    )
    easy_read = models.TextField(blank=True, help_text="Optional Easy Read version.")
    themes = models.ManyToManyField("themes.Theme", blank=True, related_name="responses")
    feedback = models.ManyToManyField(
        "feedback.FeedbackItem", blank=True, related_name="responses"
    )

    class Meta:
        ordering = ["title"]

    def __str__(self) -> str:
        return self.title


class Status(models.TextChoices):
    PLANNED = "planned", "We will"
    IN_PROGRESS = "in_progress", "In progress"
    DONE = "done", "We did"
    NOT_POSSIBLE = "not_possible", "Not possible"


# The one place the lifecycle lives. Every change needs a reason; "not possible" also needs a
# public rationale. Reopening a finished commitment is allowed (evidence may show it is not done).
TRANSITIONS: dict[str, frozenset[str]] = {
    Status.PLANNED: frozenset({Status.IN_PROGRESS, Status.DONE, Status.NOT_POSSIBLE}),
    Status.IN_PROGRESS: frozenset({Status.PLANNED, Status.DONE, Status.NOT_POSSIBLE}),
    Status.DONE: frozenset({Status.IN_PROGRESS}),
    Status.NOT_POSSIBLE: frozenset({Status.PLANNED, Status.IN_PROGRESS}),
}
OPEN_STATUSES = (Status.PLANNED, Status.IN_PROGRESS)


class Commitment(BaseModel):
    area = models.ForeignKey("areas.Area", on_delete=models.CASCADE, related_name="commitments")
    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="commitments")
    text = models.TextField(help_text="What we will do (or did), in plain words.")
    owner_team = models.CharField(max_length=160, help_text="The team that will do it.")
    accountable_role = models.CharField(
        max_length=160, blank=True, help_text="The job title accountable for it (not a name)."
    )
    partners = models.CharField(
        "partner organisations", max_length=300, blank=True,
        help_text="Who it is co-produced with, for example the parent carer forum.",
    )
    start_date = models.DateField(null=True, blank=True)
    due_date = models.DateField(null=True, blank=True)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.PLANNED,
                              db_index=True)
    status_changed_on = models.DateField(default=dt.date.today)
    not_possible_rationale = models.TextField(blank=True)
    done_on = models.DateField(null=True, blank=True)
    last_update_on = models.DateField(
        default=dt.date.today,
        help_text="The last day anyone recorded progress, a status change or evidence.",
    )

    class Meta:
        ordering = ["due_date", "created_at"]

    def __str__(self) -> str:
        return self.text[:80]

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    @property
    def is_late(self) -> bool:
        # rules imports OPEN_STATUSES from this module: importing rules here breaks that cycle.
        from saidanddone.commitments.rules import is_late

        return is_late(self)


class StatusChange(BaseModel):
    commitment = models.ForeignKey(
        Commitment, on_delete=models.CASCADE, related_name="status_changes"
    )
    from_status = models.CharField(max_length=20, choices=Status.choices, blank=True)
    to_status = models.CharField(max_length=20, choices=Status.choices)
    reason = models.TextField()
    changed_on = models.DateField(default=dt.date.today)
    # A live change to a published promise that may name a family waits here, off the public
    # page and the feed, until a person checks it (commitments/public_text.py, decision 0206).
    held = models.BooleanField(default=False, help_text="Waiting for a person to check.")
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL,
                           related_name="+")

    class Meta:
        ordering = ["changed_on", "created_at"]


class DueDateRevision(BaseModel):
    commitment = models.ForeignKey(
        Commitment, on_delete=models.CASCADE, related_name="due_date_revisions"
    )
    old_due_date = models.DateField(null=True, blank=True)
    new_due_date = models.DateField()
    reason = models.TextField()
    # A live change to a published promise that may name a family waits here, off the public
    # page and the feed, until a person checks it (commitments/public_text.py, decision 0206).
    held = models.BooleanField(default=False, help_text="Waiting for a person to check.")
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL,
                           related_name="+")

    class Meta:
        ordering = ["created_at"]


class ProgressUpdate(BaseModel):
    commitment = models.ForeignKey(
        Commitment, on_delete=models.CASCADE, related_name="progress_updates"
    )
    text = models.TextField()
    written_on = models.DateField(default=dt.date.today)
    public = models.BooleanField(default=True, help_text="Show on the public page.")
    # A live change to a published promise that may name a family waits here, off the public
    # page and the feed, until a person checks it (commitments/public_text.py, decision 0206).
    held = models.BooleanField(default=False, help_text="Waiting for a person to check.")
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL,
                           related_name="+")

    class Meta:
        ordering = ["written_on", "created_at"]


class Evidence(BaseModel):
    class Kind(models.TextChoices):
        LINK = "link", "Link to a page or document"
        NOTE = "note", "Description of what changed"
        INDICATOR = "indicator", "Figures (an indicator)"
        FILE = "file", "A file (PDF, Word document or image)"

    commitment = models.ForeignKey(Commitment, on_delete=models.CASCADE, related_name="evidence")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    title = models.CharField(max_length=200)
    url = models.URLField(blank=True)
    description = models.TextField(blank=True)
    indicator = models.ForeignKey(
        "commitments.Indicator", null=True, blank=True, on_delete=models.SET_NULL,
        related_name="evidence_for",
    )
    added_on = models.DateField(default=dt.date.today)
    # A live change to a published promise that may name a family waits here, off the public
    # page and the feed, until a person checks it (commitments/public_text.py, decision 0206).
    held = models.BooleanField(default=False, help_text="Waiting for a person to check.")
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL,
                           related_name="+")

    class Meta:
        ordering = ["added_on", "created_at"]
        verbose_name_plural = "evidence"


class EvidenceFile(BaseModel):
    """The file behind a piece of evidence (issue 14, item 5; decision 0220). The bytes live at
    ``MEDIA_ROOT/<area id>/evidence/<this id>.<extension>``: our name, never the uploader's.
    The type was read from the content; ``public`` files show on the public page once the
    commitment is published, staff-only ones never leave the workspace."""

    evidence = models.OneToOneField(Evidence, on_delete=models.CASCADE, related_name="file")
    area = models.ForeignKey("areas.Area", on_delete=models.CASCADE, related_name="+")
    extension = models.CharField(max_length=8)
    original_name = models.CharField(max_length=160)
    size = models.PositiveIntegerField()
    content_type = models.CharField(max_length=100)
    sha256 = models.CharField(max_length=64)
    public = models.BooleanField(default=False)

    @property
    def relative_path(self) -> str:
        return f"{self.area_id}/evidence/{self.pk}.{self.extension}"

    @property
    def path(self) -> Path:
        return Path(settings.MEDIA_ROOT) / self.relative_path

    @property
    def kind_label(self) -> str:
        return KINDS[self.extension].label if self.extension in KINDS else self.extension

    @property
    def size_label(self) -> str:
        return human_size(self.size)


class Indicator(BaseModel):
    class Direction(models.TextChoices):
        UP = "up", "Up is good"
        DOWN = "down", "Down is good"

    area = models.ForeignKey("areas.Area", on_delete=models.CASCADE, related_name="indicators")
    name = models.CharField(max_length=200)
    unit = models.CharField(max_length=60, blank=True, help_text="For example: %, weeks, families")
    direction = models.CharField(max_length=4, choices=Direction.choices)
    description = models.TextField(blank=True)
    baseline = models.DecimalField(max_digits=14, decimal_places=2, null=True, blank=True)
    target = models.DecimalField(max_digits=14, decimal_places=2, null=True, blank=True)
    target_date = models.DateField(null=True, blank=True)
    # Counts below this are shown as "fewer than N" on public pages (small-number suppression).
    suppress_below = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    @property
    def public_count(self) -> int:
        """How many figures are public (counted from prefetched points, when there are)."""
        return sum(1 for p in self.points.all() if p.public)

    @property
    def is_percentage(self) -> bool:
        return self.unit.strip().lower() in PERCENT_UNITS


# Units that mean a share out of 100.
PERCENT_UNITS = frozenset({"%", "percent", "per cent", "percentage"})


class DataPoint(BaseModel):
    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="points")
    date = models.DateField()
    value = models.DecimalField(max_digits=14, decimal_places=2)
    source = models.CharField(max_length=200, blank=True)
    note = models.CharField(max_length=300, blank=True)
    # A figure is shown on public pages only once staff have checked it and made it public
    # (decision 0203): a typo must not go straight to families.
    public = models.BooleanField(default=False)

    class Meta:
        ordering = ["date"]
        constraints = [
            models.UniqueConstraint(fields=["indicator", "date"], name="one_point_per_date"),
        ]


class DataPointCorrection(BaseModel):
    """A change to a recorded figure, with the reason: kept so the record can be trusted."""

    point = models.ForeignKey(DataPoint, on_delete=models.CASCADE, related_name="corrections")
    old_date = models.DateField()
    new_date = models.DateField()
    old_value = models.DecimalField(max_digits=14, decimal_places=2)
    new_value = models.DecimalField(max_digits=14, decimal_places=2)
    reason = models.TextField()
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL,
                           related_name="+")

    class Meta:
        ordering = ["created_at"]

"""'You said': what families and young people told the area."""

from __future__ import annotations

import datetime as dt
import uuid

from django.conf import settings
from django.db import models

from saidanddone.core.models import BaseModel


class Channel(BaseModel):
    class Kind(models.TextChoices):
        WEB_FORM = "web_form", "Web form"
        PAGE_FEEDBACK = "page_feedback", "Feedback about a web page"
        SURVEY = "survey", "Survey import"
        EVENT = "event", "Event or coffee morning"
        FORUM_REPORT = "forum_report", "Parent carer forum report"
        COMPLAINTS = "complaints", "Complaints and compliments summary"
        STAFF = "staff", "Entered by staff"

    area = models.ForeignKey("areas.Area", on_delete=models.CASCADE, related_name="channels")
    name = models.CharField(max_length=120)
    kind = models.CharField(max_length=20, choices=Kind.choices)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["area", "name"], name="channel_name_unique_in_area"),
        ]

    def __str__(self) -> str:
        return self.name


class RespondentRole(models.TextChoices):
    PARENT = "parent", "Parent or carer"
    YOUNG_PERSON = "young_person", "Child or young person"
    PROFESSIONAL = "professional", "Professional"
    FORUM = "forum", "Parent carer forum (on behalf of families)"
    OTHER = "other", "Other"


class Reg56Category(models.TextChoices):
    NONE = "", "Not about the Local Offer"
    PROVISION = "provision", "Content and quality of provision, and gaps"
    ACCESSIBILITY = "accessibility", "Accessibility of information"
    DEVELOPMENT = "development", "How the Local Offer was developed or reviewed"


class AreaOfNeed(models.TextChoices):
    COMMUNICATION = "communication", "Communication and interaction"
    COGNITION = "cognition", "Cognition and learning"
    SEMH = "semh", "Social, emotional and mental health"
    SENSORY_PHYSICAL = "sensory_physical", "Sensory and/or physical"


class Consent(models.TextChoices):
    VERBATIM = "verbatim", "May be quoted word for word"
    PARAPHRASE = "paraphrase", "Paraphrase only"
    DO_NOT_PUBLISH = "do_not_publish", "Do not publish"


class SafeguardingState(models.TextChoices):
    NONE = "none", "No concern found"
    FLAGGED = "flagged", "Flagged: waiting for a person to decide"
    REFERRED = "referred", "Referred to children's social care"
    NOT_A_CONCERN = "not_a_concern", "Checked: not a safeguarding concern"
    OTHER = "other", "Checked: other action taken"


class Exclusion(models.TextChoices):
    NONE = "", "Included"
    VEXATIOUS = "vexatious", "Vexatious"
    INDIVIDUAL_CASE = "individual_case", "About one child's case: signposted"


class FeedbackItem(BaseModel):
    area = models.ForeignKey("areas.Area", on_delete=models.CASCADE, related_name="feedback")
    channel = models.ForeignKey(Channel, on_delete=models.PROTECT, related_name="feedback")
    # Restricted: only roles in permissions.SEE_ORIGINAL_TEXT see this; deleted on retention.
    text_original = models.TextField(blank=True)
    text_redacted = models.TextField(blank=True)
    redactions = models.JSONField(default=list, blank=True)
    original_deleted_at = models.DateTimeField(null=True, blank=True)
    received_on = models.DateField(db_index=True)
    respondent_role = models.CharField(max_length=20, choices=RespondentRole.choices)
    reg56_category = models.CharField(
        "Local Offer category (regulation 56)", max_length=20, choices=Reg56Category.choices,
        blank=True,
    )
    areas_of_need = models.JSONField(default=list, blank=True)
    consent = models.CharField(max_length=20, choices=Consent.choices,
                               default=Consent.PARAPHRASE)
    represents = models.PositiveIntegerField(
        default=1, help_text="How many people this item speaks for (a forum report of 37 → 37)."
    )
    page_url = models.URLField(blank=True, max_length=500)
    respondent_topic = models.CharField(
        max_length=40, blank=True, help_text="What the person said it was about, if they chose.")
    # A double submit (or a retry after a lost connection) carries the same key: stored once.
    idempotency_key = models.UUIDField(null=True, blank=True, unique=True)
    safeguarding_state = models.CharField(
        max_length=20, choices=SafeguardingState.choices, default=SafeguardingState.NONE,
        db_index=True,
    )
    safeguarding_signals = models.JSONField(default=list, blank=True)
    exclusion = models.CharField(max_length=20, choices=Exclusion.choices, blank=True)
    duplicate_of = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="duplicates"
    )
    sentiment = models.CharField(max_length=10, blank=True)
    no_content = models.BooleanField(default=False)
    not_english = models.BooleanField(
        default=False, help_text="Not themed: it does not read as English (a person themes it).")
    analysed_at = models.DateTimeField(null=True, blank=True)
    # From a survey import: which import, which row of the file (answers to several questions
    # in one row are one respondent's), the question it answers, and the row's fingerprint
    # (see surveys.row_fingerprint) so the same row imported again is found and skipped.
    survey_import = models.ForeignKey(
        "SurveyImport", null=True, blank=True, on_delete=models.SET_NULL, related_name="items")
    survey_row = models.PositiveIntegerField(null=True, blank=True)
    survey_question = models.CharField(max_length=300, blank=True)
    import_fingerprint = models.CharField(max_length=64, blank=True, db_index=True)

    class Meta:
        ordering = ["-received_on", "-created_at"]
        indexes = [models.Index(fields=["area", "received_on"])]

    def __str__(self) -> str:
        return f"Feedback {str(self.pk)[:8]} ({self.received_on})"

    @property
    def arrived_at(self) -> dt.datetime:
        """When the family told us: the day it was received, or the moment it was stored if
        that was the same day (or, for a mistyped future date, earlier). A letter from the
        spring typed in today has been waiting since the spring: the child it describes has
        been waiting that long too, so every waiting time counts from here.
        """
        from django.utils import timezone

        if self.received_on >= timezone.localdate(self.created_at):
            return self.created_at
        return timezone.make_aware(dt.datetime.combine(self.received_on, dt.time.min))

    def waiting_hours_at(self, now: dt.datetime) -> float:
        return max(0.0, (now - self.arrived_at).total_seconds() / 3600)

    @property
    def reference(self) -> str:
        return str(self.pk)[:8].upper()

    @property
    def awaiting_triage(self) -> bool:
        return self.safeguarding_state == SafeguardingState.FLAGGED

    @property
    def campaign_size(self) -> int:
        """How many copies of one letter this item stands for (itself and its duplicates): a
        campaign counts once, as one voice with this many signatories."""
        return 1 + self.duplicates.count()


class SurveyImport(BaseModel):
    """One survey file imported: what it was (its content hash), when, by whom, how many
    comments were stored and how many rows were skipped as imported before."""

    area = models.ForeignKey("areas.Area", on_delete=models.CASCADE,
                             related_name="survey_imports")
    channel = models.ForeignKey(Channel, on_delete=models.PROTECT, related_name="+")
    source = models.CharField(max_length=255, blank=True)
    file_sha256 = models.CharField(max_length=64, db_index=True)
    comments = models.PositiveIntegerField(default=0)
    skipped_duplicates = models.PositiveIntegerField(default=0)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                           on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.source or 'Survey'} ({self.created_at:%d %B %Y})"


class SurveyUpload(BaseModel):
    """A survey export between upload and import, parsed into rows and kept in the database,
    never as a file: an abandoned import leaves no unredacted export on disk. Deleted when it
    is imported, cancelled, replaced by another upload, or older than ``survey_uploads_purge``
    allows."""

    area = models.ForeignKey("areas.Area", on_delete=models.CASCADE, related_name="+")
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    name = models.CharField(max_length=255)
    file_sha256 = models.CharField(max_length=64)
    header = models.JSONField(default=list)
    rows = models.JSONField(default=list)

    def __str__(self) -> str:
        return self.name


class DuplicateKey(models.Model):
    """One of a comment's duplicate keys (``analysis.text_keys``), indexed so a new comment
    finds the earlier copy of a template letter without reading the area's comments."""

    area = models.ForeignKey("areas.Area", on_delete=models.CASCADE, related_name="+")
    item = models.ForeignKey(FeedbackItem, on_delete=models.CASCADE,
                             related_name="duplicate_keys")
    key = models.BigIntegerField()

    class Meta:
        indexes = [models.Index(fields=["area", "key"])]

    def __str__(self) -> str:
        return str(self.key)


class RateBucket(models.Model):
    """Submissions from one client in one short window, for the public forms' rate limit.

    The key is a keyed hash of the client's address and the window, so no address is stored
    and the same client cannot be followed from one window to the next. Old windows are deleted
    within minutes.
    """

    key = models.CharField(max_length=64, primary_key=True)
    window_start = models.DateTimeField(db_index=True)
    count = models.PositiveIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.count} since {self.window_start:%H:%M}"


class WorkerHeartbeat(models.Model):
    """A worker process says it is alive, every few seconds, from a thread of its own.

    A task left RUNNING by a worker that has stopped beating (killed, out of memory, the
    machine gone) is abandoned: ``feedback.services.tasks_requeue_abandoned`` puts it back in
    the queue. The host and process id let a worker on the same machine tell at once that a
    dead one is dead, rather than waiting for its beat to go stale.
    """

    worker_id = models.CharField(max_length=64, primary_key=True)
    hostname = models.CharField(max_length=255)
    pid = models.PositiveIntegerField()
    started_at = models.DateTimeField()
    beat_at = models.DateTimeField(db_index=True)

    def __str__(self) -> str:
        return f"{self.worker_id} on {self.hostname} pid {self.pid}"


class SafeguardingAlert(models.Model):
    """The e-mail to an area's safeguarding contacts about one flagged comment.

    One row per comment (so it is sent once, however often the comment is analysed), tried
    until delivered: each failure counts an attempt, keeps the error and waits longer before
    the next try. After ``ALERT_PERSISTENT_FAILURE`` attempts it shows on the triage page.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    item = models.OneToOneField(FeedbackItem, on_delete=models.CASCADE,
                                related_name="safeguarding_alert")
    created_at = models.DateTimeField(auto_now_add=True)
    attempts = models.PositiveIntegerField(default=0)
    next_try_at = models.DateTimeField(db_index=True)
    last_error = models.CharField(max_length=500, blank=True)
    delivered_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        state = "delivered" if self.delivered_at else f"{self.attempts} attempt(s)"
        return f"Safeguarding e-mail for {self.item_id} ({state})"

"""Publications: a period's responses, signed off by the forum, published as immutable versions."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from saidanddone.core.models import BaseModel


class Publication(BaseModel):
    class State(models.TextChoices):
        DRAFT = "draft", "Draft"
        WITH_FORUM = "with_forum", "With the forum for sign-off"
        SIGNED_OFF = "signed_off", "Forum has responded"
        PUBLISHED = "published", "Published"

    class Kind(models.TextChoices):
        # The annual "You said, we did" is the main report families are shown; an update
        # (a winter update, a progress note) is listed beside it and never replaces it.
        ANNUAL = "annual", "Annual report"
        UPDATE = "update", "Update"

    area = models.ForeignKey("areas.Area", on_delete=models.CASCADE, related_name="publications")
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.ANNUAL)
    title = models.CharField(max_length=200)
    slug = models.SlugField(max_length=80)
    period_label = models.CharField(max_length=80, help_text="For example: 2025 to 2026")
    period_start = models.DateField()
    period_end = models.DateField()
    introduction = models.TextField(blank=True)
    responses = models.ManyToManyField(
        "commitments.Response", blank=True, related_name="publications"
    )
    state = models.CharField(max_length=20, choices=State.choices, default=State.DRAFT)

    class Meta:
        ordering = ["-period_end"]
        constraints = [
            models.UniqueConstraint(fields=["area", "slug"], name="publication_slug_in_area"),
        ]

    def __str__(self) -> str:
        return self.title


class ForumSignOff(BaseModel):
    class Decision(models.TextChoices):
        AGREED = "agreed", "Agreed"
        RESERVATIONS = "reservations", "Agreed with reservations"
        NOT_AGREED = "not_agreed", "Not agreed"

    publication = models.ForeignKey(
        Publication, on_delete=models.CASCADE, related_name="sign_offs"
    )
    decision = models.CharField(max_length=20, choices=Decision.choices)
    statement = models.TextField(help_text="The forum's own words, published beside ours.")
    # The version this decision is about: 1 for the first publication, 2 for the first
    # correction, and so on. A correction is published only with a decision of its own.
    for_version = models.PositiveIntegerField(default=1)
    # sha256 of exactly what the forum saw (publishing.services.content_digest). A version is
    # published beside this decision only while its content still has this digest.
    content_digest = models.CharField(max_length=64, blank=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL,
                           related_name="+")

    class Meta:
        ordering = ["-created_at"]


class Correction(BaseModel):
    """A corrected version on its way to the public: it goes to the forum before it is published.

    The publication stays published (and public) meanwhile; the correction waits for the forum's
    decision on it (a ForumSignOff with ``for_version`` equal to ``number``).
    """

    class State(models.TextChoices):
        WITH_FORUM = "with_forum", "With the forum"
        FORUM_RESPONDED = "forum_responded", "Forum has responded"
        PUBLISHED = "published", "Published"
        WITHDRAWN = "withdrawn", "Withdrawn"

    publication = models.ForeignKey(
        Publication, on_delete=models.CASCADE, related_name="corrections"
    )
    number = models.PositiveIntegerField(help_text="The version number it will be published as.")
    change_note = models.TextField(help_text="Shown to the public with the new version.")
    state = models.CharField(max_length=20, choices=State.choices, default=State.WITH_FORUM)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL,
                           related_name="+")

    class Meta:
        ordering = ["-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["publication"], name="one_open_correction",
                condition=models.Q(state__in=["with_forum", "forum_responded"])),
        ]


class AcceptedAdvisory(BaseModel):
    """An officer's decision that a check's finding is not a problem here, with the reason.

    Keyed by the finding's fingerprint (check code, where, field and the words flagged), so the
    acceptance lapses by itself when any of them changes: new words are checked afresh.
    """

    publication = models.ForeignKey(
        Publication, on_delete=models.CASCADE, related_name="accepted_advisories"
    )
    fingerprint = models.CharField(max_length=64)
    code = models.CharField(max_length=40)
    where = models.CharField(max_length=300)
    flagged = models.CharField("words flagged", max_length=300)
    message = models.CharField(max_length=400)
    reason = models.TextField()
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL,
                           related_name="+")

    class Meta:
        ordering = ["created_at"]
        constraints = [
            models.UniqueConstraint(fields=["publication", "fingerprint"],
                                    name="advisory_accepted_once"),
        ]


class PublicationVersion(BaseModel):
    """What the public sees: frozen at publication. Corrections make a new version."""

    publication = models.ForeignKey(
        Publication, on_delete=models.CASCADE, related_name="versions"
    )
    number = models.PositiveIntegerField()
    content = models.JSONField()
    change_note = models.TextField(blank=True)
    # The commitments this version made public: their later status, progress and evidence are
    # public too, so that a published promise can never go quietly stale.
    commitments = models.ManyToManyField(
        "commitments.Commitment", blank=True, related_name="published_in"
    )
    published_at = models.DateTimeField(auto_now_add=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL,
                           related_name="+")
    # The public page, rendered once (docs/decisions/0200): served as stored bytes with an ETag.
    # ``rendered_stale`` is set when a published commitment changes; the page is then rendered
    # live until the re-render task stores a fresh copy.
    rendered_html = models.TextField(blank=True)
    rendered_etag = models.CharField(max_length=80, blank=True)
    rendered_at = models.DateTimeField(null=True, blank=True)
    rendered_stale = models.BooleanField(default=True)

    class Meta:
        ordering = ["-number"]
        constraints = [
            models.UniqueConstraint(fields=["publication", "number"], name="version_number"),
        ]


class GlossaryTerm(BaseModel):
    """An abbreviation the area uses, with its expansion: expanded on first use in public."""

    area = models.ForeignKey("areas.Area", on_delete=models.CASCADE, related_name="glossary")
    short = models.CharField("abbreviation", max_length=20)
    expansion = models.CharField("what it stands for", max_length=200)
    explanation = models.CharField(max_length=300, blank=True,
                                   help_text="Optional: what it is, in plain words.")

    class Meta:
        ordering = ["short"]
        constraints = [
            models.UniqueConstraint(fields=["area", "short"], name="glossary_short_in_area"),
        ]

    def __str__(self) -> str:
        return f"{self.short} ({self.expansion})"


class ReviewComment(BaseModel):
    """A remark on one response of a publication under review ("This one does not say when").

    Staff-only: it is never part of a version's content, so no public page, feed or open data
    can carry it. Officers mark it resolved once they have acted on it."""

    publication = models.ForeignKey(
        Publication, on_delete=models.CASCADE, related_name="review_comments"
    )
    response = models.ForeignKey(
        "commitments.Response", on_delete=models.CASCADE, related_name="review_comments"
    )
    # The version under review when the comment was made (1, or a correction's number).
    for_version = models.PositiveIntegerField(default=1)
    text = models.TextField()
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL,
                           related_name="+")
    resolved_at = models.DateTimeField(null=True, blank=True)
    resolved_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["created_at"]

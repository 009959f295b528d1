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

    area = models.ForeignKey("areas.Area", on_delete=models.CASCADE, related_name="publications")
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
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL,
                           related_name="+")

    class Meta:
        ordering = ["-created_at"]


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

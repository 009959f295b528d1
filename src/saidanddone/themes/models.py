"""Themes per area, and the difference between what a machine suggested and a person confirmed."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from saidanddone.core.models import BaseModel


class DefaultTheme(models.Model):
    """The default SEND taxonomy every new area is given (loaded by a data migration)."""

    slug = models.SlugField(max_length=60, unique=True)
    name = models.CharField(max_length=160)
    description = models.TextField(blank=True)
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["position"]

    def __str__(self) -> str:
        return self.name


class Theme(BaseModel):
    area = models.ForeignKey("areas.Area", on_delete=models.CASCADE, related_name="themes")
    slug = models.SlugField(max_length=60)
    name = models.CharField(max_length=160)
    description = models.TextField(blank=True)
    position = models.PositiveIntegerField(default=0)
    active = models.BooleanField(default=True, help_text="Retired themes are kept for history.")
    merged_into = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="merged",
        help_text="Set when this theme was merged into another: its comments moved there.",
    )

    class Meta:
        ordering = ["position", "name"]
        constraints = [
            models.UniqueConstraint(fields=["area", "slug"], name="theme_slug_unique_in_area"),
        ]

    def __str__(self) -> str:
        return self.name


class ThemeSuggestion(BaseModel):
    """A machine's suggestion: never published, never counted as a person's decision."""

    feedback = models.ForeignKey(
        "feedback.FeedbackItem", on_delete=models.CASCADE, related_name="theme_suggestions"
    )
    theme = models.ForeignKey(Theme, on_delete=models.CASCADE, related_name="suggestions")
    score = models.FloatField()
    words = models.JSONField(default=list, blank=True)
    model_version = models.CharField(max_length=80, default="rules")

    class Meta:
        ordering = ["-score"]
        constraints = [
            models.UniqueConstraint(fields=["feedback", "theme"], name="one_suggestion_per_theme"),
        ]


class ThemeAssignment(BaseModel):
    """A theme a person confirmed for a feedback item: who and when."""

    feedback = models.ForeignKey(
        "feedback.FeedbackItem", on_delete=models.CASCADE, related_name="theme_assignments"
    )
    theme = models.ForeignKey(Theme, on_delete=models.CASCADE, related_name="assignments")
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    confirmed_at = models.DateTimeField(auto_now_add=True)
    from_suggestion = models.BooleanField(
        default=False, help_text="True when the person accepted the machine's suggestion."
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["feedback", "theme"], name="one_assignment_per_theme"),
        ]


class AreaModel(BaseModel):
    """A theme model trained on an area's own confirmed labels; the newest one is used."""

    area = models.ForeignKey("areas.Area", on_delete=models.CASCADE, related_name="theme_models")
    path = models.CharField(max_length=500, help_text="The model directory (plain files).")
    examples = models.PositiveIntegerField()
    labels = models.JSONField(default=list)
    metrics = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["-created_at"]


class EmergingDismissal(BaseModel):
    """A person decided an emerging group is not a theme: it is not offered again."""

    area = models.ForeignKey("areas.Area", on_delete=models.CASCADE, related_name="+")
    signature = models.CharField(max_length=300)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL,
                           related_name="+")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["area", "signature"], name="dismissed_once"),
        ]

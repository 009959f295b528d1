"""A family's wish to be told by e-mail when a publication, a theme or a commitment changes.

The address is kept only for that purpose: the row is deleted on unsubscribe, on erasure, and
seven days after it was asked for if it was never confirmed (decision 0221)."""

from __future__ import annotations

from django.db import models

from saidanddone.core.models import BaseModel


class Subscription(BaseModel):
    class What(models.TextChoices):
        COMMITMENT = "commitment", "a commitment"
        PUBLICATION = "publication", "a publication"
        THEME = "theme", "a theme"

    area = models.ForeignKey("areas.Area", on_delete=models.CASCADE, related_name="+")
    email = models.EmailField(max_length=254)
    what = models.CharField(max_length=20, choices=What.choices)
    # The commitment's id, or the publication's or theme's slug.
    target = models.CharField(max_length=80)
    # Only the hash of the link's secret is stored (see services.token_for).
    token_hash = models.CharField(max_length=64, unique=True)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    # Changes up to here have been looked at by the sweep (it looks back a little further, and
    # the outbox's keys make sure nothing is sent twice).
    checked_until = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["area", "email", "what", "target"],
                                               name="follow_once")]
        indexes = [models.Index(fields=["area", "email"])]

    def __str__(self) -> str:
        return f"Following {self.get_what_display()} ({self.target})"

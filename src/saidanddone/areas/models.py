"""The local area (the tenant) and who belongs to it in which role."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models

from saidanddone.core.models import BaseModel

hex_colour = RegexValidator(r"^#[0-9a-fA-F]{6}$", "Enter a colour as # and six hex digits.")


class Area(BaseModel):
    """A local area partnership: the council with its health partners and its parent carer forum.

    Every other row belongs to exactly one area, and every read is scoped to one.
    """

    name = models.CharField(max_length=120, unique=True)
    slug = models.SlugField(max_length=60, unique=True)
    council_name = models.CharField(max_length=160, blank=True)
    forum_name = models.CharField("parent carer forum", max_length=160, blank=True)
    brand_colour = models.CharField(
        max_length=7, default="#1d4f76", validators=[hex_colour],
        help_text="Header colour. Must contrast at least 4.5:1 with white text.",
    )
    # Signposting shown to families on public pages and forms.
    send_team_email = models.EmailField("SEND team mailbox", blank=True)
    send_team_phone = models.CharField("SEND team phone", max_length=40, blank=True)
    local_offer_url = models.URLField("Local Offer website", blank=True)
    complaints_url = models.URLField(blank=True)
    sendiass_name = models.CharField("SENDIASS name", max_length=160, blank=True)
    sendiass_url = models.URLField("SENDIASS website", blank=True)
    sendiass_phone = models.CharField("SENDIASS phone", max_length=40, blank=True)
    social_care_phone = models.CharField("children's social care phone", max_length=40, blank=True)
    next_publication_note = models.CharField(
        max_length=200, blank=True,
        help_text="When families can expect the next 'You said, we did', in plain words.",
    )
    safeguarding_contacts = models.TextField(
        "designated safeguarding contacts", blank=True,
        help_text="E-mail addresses, one a line. They are told at once when a comment may be "
                  "a safeguarding concern (with a link, never the text).",
    )
    staff_names = models.TextField(
        blank=True, help_text="Staff names, one a line: removed from feedback before anyone "
                              "but permitted staff reads it.")
    school_names = models.TextField(
        "school and setting names", blank=True,
        help_text="One a line: removed from feedback, as a school can identify a child.")
    kept_phrases = models.TextField(
        "services and helplines never redacted", blank=True,
        help_text="One a line, such as 'Hope House short breaks' or 'SENDIASS 01632 960 555': "
                  "names and numbers of public services that redaction must leave in.")
    safeguarding_threshold = models.FloatField(
        "safeguarding model threshold", null=True, blank=True,
        validators=[MinValueValidator(0.05), MaxValueValidator(0.95)],
        help_text="How readily the model flags a comment for a person (0.05 to 0.95; lower "
                  "flags more). Leave empty for the default, chosen on data to favour recall.")
    owner_contacts = models.TextField(
        "commitment owners' e-mail addresses", blank=True,
        help_text="One team a line, as on its commitments, then a colon and its addresses: "
                  "'SEND Service: send.managers@westmere.example'. Each team is sent a weekly "
                  "digest of its commitments that are due soon, late or have no recent update.")
    triage_hours = models.PositiveIntegerField(
        default=24, help_text="Hours within which a flagged comment must have a decision.")
    retention_days = models.PositiveIntegerField(
        default=90,
        help_text="Days after publication that original (unredacted) feedback text is kept.",
    )

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    @staticmethod
    def _lines(value: str) -> list[str]:
        return [line.strip() for line in value.splitlines() if line.strip()]

    @property
    def safeguarding_emails(self) -> list[str]:
        return self._lines(self.safeguarding_contacts)

    @property
    def staff_name_list(self) -> list[str]:
        return self._lines(self.staff_names)

    @property
    def school_name_list(self) -> list[str]:
        return self._lines(self.school_names)

    @property
    def kept_phrase_list(self) -> list[str]:
        return self._lines(self.kept_phrases)

    @property
    def owner_addresses(self) -> dict[str, tuple[str, list[str]]]:
        """Each owner team's addresses, keyed by the team's name in lower case (commitments
        name their team as typed): {"send service": ("SEND Service", ["a@x", "b@y"])}."""
        teams: dict[str, tuple[str, list[str]]] = {}
        for line in self._lines(self.owner_contacts):
            team, _, addresses = line.rpartition(":")
            emails = [a.strip() for a in addresses.replace(";", ",").split(",") if a.strip()]
            if team.strip() and emails:
                teams[team.strip().lower()] = (team.strip(), emails)
        return teams


class Role(models.TextChoices):
    AREA_ADMIN = "area_admin", "Area administrator"
    SEND_OFFICER = "send_officer", "SEND officer"
    ANALYST = "analyst", "Analyst"
    FORUM_REVIEWER = "forum_reviewer", "Forum reviewer"


class Membership(BaseModel):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    area = models.ForeignKey(Area, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(max_length=20, choices=Role.choices)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "area"], name="one_membership_per_area"),
        ]

    def __str__(self) -> str:
        return f"{self.user}: {self.get_role_display()} in {self.area}"


class Invitation(BaseModel):
    """An offer of a role in an area, sent by e-mail as a one-time link that expires.

    Only a hash of the link's secret is kept: the database never holds a working link.
    """

    area = models.ForeignKey(Area, on_delete=models.CASCADE, related_name="invitations")
    email = models.EmailField()
    role = models.CharField(max_length=20, choices=Role.choices)
    token_hash = models.CharField(max_length=64, unique=True)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    expires_at = models.DateTimeField()
    accepted_at = models.DateTimeField(null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+")
    withdrawn_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.email} as {self.get_role_display()}"


class OutgoingEmail(models.Model):
    """One e-mail the product owes someone (areas.mail): stored before it is sent, sent once,
    retried with a growing wait until delivered.

    ``key`` says what the e-mail is about ("forum-review:<publication>:<digest>:<user>"): a
    second request for the same key finds the first, so nothing is sent twice however often
    the event that causes it happens.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    key = models.CharField(max_length=200, unique=True)
    area = models.ForeignKey(Area, null=True, blank=True, on_delete=models.CASCADE,
                             related_name="+")
    to = models.JSONField(default=list)
    subject = models.CharField(max_length=200)
    body = models.TextField()
    created_at = models.DateTimeField(auto_now_add=True)
    attempts = models.PositiveIntegerField(default=0)
    next_try_at = models.DateTimeField(db_index=True)
    last_error = models.CharField(max_length=500, blank=True)
    delivered_at = models.DateTimeField(null=True, blank=True)
    # The addresses already sent to, for a backend that sends one address at a time (GOV.UK
    # Notify): a retry after a failure part-way through goes to the others only.
    delivered_to = models.JSONField(default=list, blank=True)

    def __str__(self) -> str:
        state = "delivered" if self.delivered_at else f"{self.attempts} attempt(s)"
        return f"{self.subject} ({state})"

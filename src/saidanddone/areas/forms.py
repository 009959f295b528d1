"""Forms of the area's own pages (the administrator's)."""

from __future__ import annotations

from typing import Any

from django import forms

from saidanddone.areas.models import Role
from saidanddone.areas.services import MIN_CONTRAST, contrast_ratio
from saidanddone.core.audit import AuditAction
from saidanddone.core.forms import GovukDateField, GovukForm, choice_field

# The person filter's value for changes nobody made by hand (tasks, set-up, public forms).
SYSTEM_CHOICE = "system"


class AuditFilterForm(GovukForm):
    person = forms.ChoiceField(label="Who", required=False)
    action = forms.ChoiceField(label="What they did", required=False,
                               choices=[("", "Anything"), *AuditAction.choices])
    kind = forms.ChoiceField(label="What it was done to", required=False)
    date_from = GovukDateField(label="From", required=False, noun="the first date")
    date_to = GovukDateField(label="To", required=False, noun="the last date")

    def __init__(self, *args: Any, people: list[tuple[str, str]] | None = None,
                 kinds: list[tuple[str, str]] | None = None,
                 **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choice_field(self, "person").choices = [
            ("", "Anyone"), *(people or []), (SYSTEM_CHOICE, "The system")]
        choice_field(self, "kind").choices = [("", "Anything"), *(kinds or [])]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        first, last = data.get("date_from"), data.get("date_to")
        if first and last and first > last:
            self.add_error("date_to", "The last date must be the same as or after the first "
                                      "date")
        return data


class AreaSettingsForm(GovukForm):
    """The settings an area's administrator keeps up to date (issue 14). Each field's help says
    where families or staff see it."""

    nouns = {"brand_colour": "the header colour", "retention_days": "the number of days",
             "triage_hours": "the number of hours"}
    council_name = forms.CharField(label="Council", max_length=160, required=False)
    forum_name = forms.CharField(label="Parent carer forum", max_length=160, required=False,
                                 help_text="Named on every public page as the forum that "
                                           "checks each publication.")
    send_team_email = forms.EmailField(label="SEND team mailbox", required=False)
    send_team_phone = forms.CharField(label="SEND team phone", max_length=40, required=False)
    local_offer_url = forms.URLField(label="Local Offer website", required=False,
                                     assume_scheme="https")
    complaints_url = forms.URLField(label="Complaints page", required=False,
                                    assume_scheme="https")
    sendiass_name = forms.CharField(label="SENDIASS name", max_length=160, required=False)
    sendiass_url = forms.URLField(label="SENDIASS website", required=False,
                                  assume_scheme="https")
    sendiass_phone = forms.CharField(label="SENDIASS phone", max_length=40, required=False)
    social_care_phone = forms.CharField(
        label="Children's social care phone", max_length=40, required=False,
        help_text="Shown beside every form for anyone worried a child is being harmed. Until "
                  "it is set, families are sent to GOV.UK's finder and the NSPCC helpline.")
    next_publication_note = forms.CharField(
        label="When the next “You said, we did” comes out", max_length=200, required=False,
        help_text="In plain words, such as “Our next report comes out in July.”")
    safeguarding_contacts = forms.CharField(
        label="Designated safeguarding contacts", required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="E-mail addresses, one a line. They are told at once when a comment may be a "
                  "safeguarding concern (with a link, never the text).")
    triage_hours = forms.IntegerField(
        label="Hours to decide on a possible safeguarding concern", min_value=1, max_value=168)
    owner_contacts = forms.CharField(
        label="Commitment owners' e-mail addresses", required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="One team a line, named as on its commitments, then a colon and its "
                  "addresses, such as “SEND Service: send.managers@westmere.example”. Each team "
                  "gets a weekly e-mail of its commitments that are due soon, late or not "
                  "updated for a long time.")
    staff_names = forms.CharField(
        label="Staff names", required=False, widget=forms.Textarea(attrs={"rows": 4}),
        help_text="One a line: removed from feedback before anyone but permitted staff reads "
                  "it.")
    school_names = forms.CharField(
        label="School and setting names", required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="One a line: removed from feedback, as a school can identify a child.")
    kept_phrases = forms.CharField(
        label="Services and helplines never redacted", required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="One a line, such as a short breaks service or SENDIASS's number.")
    retention_days = forms.IntegerField(
        label="Days to keep what families wrote, word for word, after publication",
        min_value=7, max_value=3650,
        help_text="After this the original text is deleted; the redacted text stays.")
    brand_colour = forms.RegexField(
        label="Header colour", regex=r"^#[0-9a-fA-F]{6}$", max_length=7,
        help_text="# and six hex digits, such as #1d4f76. It must be dark enough for white "
                  "text (a contrast of at least 4.5 to 1).",
        error_messages={"invalid": "Enter the header colour as # and six hex digits, like "
                                   "#1d4f76"})

    SECTIONS = (
        ("Who you are", ("council_name", "forum_name")),
        ("How families reach you", ("send_team_email", "send_team_phone", "local_offer_url",
                                    "complaints_url", "sendiass_name", "sendiass_url",
                                    "sendiass_phone", "social_care_phone",
                                    "next_publication_note")),
        ("Safeguarding", ("safeguarding_contacts", "triage_hours")),
        ("Keeping promises fresh", ("owner_contacts",)),
        ("Removing personal details", ("staff_names", "school_names", "kept_phrases")),
        ("Keeping data", ("retention_days",)),
        ("Look", ("brand_colour",)),
    )

    def clean_brand_colour(self) -> str:
        """The contrast check beside the field (the service checks it again, for every path)."""
        colour: str = self.cleaned_data.get("brand_colour", "")
        if colour and contrast_ratio(colour) < MIN_CONTRAST:
            raise forms.ValidationError(
                f"The header colour is too light for white text: choose a darker one (it needs "
                f"a contrast of 4.5 to 1, and has {contrast_ratio(colour):.1f} to 1)")
        return colour

    def clean_safeguarding_contacts(self) -> str:
        value: str = self.cleaned_data.get("safeguarding_contacts", "")
        lines = [line.strip() for line in value.splitlines() if line.strip()]
        checker = forms.EmailField()
        for number, line in enumerate(lines, start=1):
            try:
                checker.clean(line)
            except forms.ValidationError:
                raise forms.ValidationError(
                    f"Line {number} of the safeguarding contacts is not an e-mail address: "
                    "enter one address a line, like name@example.org") from None
        return "\n".join(lines)

    def clean_owner_contacts(self) -> str:
        value: str = self.cleaned_data.get("owner_contacts", "")
        lines = [line.strip() for line in value.splitlines() if line.strip()]
        checker = forms.EmailField()
        for number, line in enumerate(lines, start=1):
            team, colon, addresses = line.rpartition(":")
            emails = [a.strip() for a in addresses.replace(";", ",").split(",") if a.strip()]
            if not colon or not team.strip() or not emails:
                raise forms.ValidationError(
                    f"Line {number} of the commitment owners must be a team, a colon and its "
                    "addresses, like SEND Service: send@example.org")
            for email in emails:
                try:
                    checker.clean(email)
                except forms.ValidationError:
                    raise forms.ValidationError(
                        f"Line {number} of the commitment owners has “{email}”, which is not "
                        "an e-mail address") from None
        return "\n".join(lines)

    def sections(self) -> list[tuple[str, list[Any]]]:
        return [(title, [self[name] for name in names]) for title, names in self.SECTIONS]


ROLE_HINTS = {
    Role.AREA_ADMIN: "Runs the area: members, settings, the audit trail and data protection, "
                     "as well as everything a SEND officer does.",
    Role.SEND_OFFICER: "Reads what families wrote, decides on safeguarding concerns, writes "
                       "responses and commitments and publishes them.",
    Role.ANALYST: "Reads redacted comments, confirms themes and keeps indicators.",
    Role.FORUM_REVIEWER: "A member of the parent carer forum: reviews and signs off "
                         "publications, and adds the forum's own reports.",
}


class RoleField(forms.ChoiceField):
    """The four roles as radios, each with what it lets a person do (areas/role_radios.html)."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(label="Role", choices=Role.choices, widget=forms.RadioSelect, **kwargs)

    @staticmethod
    def hints() -> dict[str, str]:
        return {str(role): hint for role, hint in ROLE_HINTS.items()}


class InviteForm(GovukForm):
    email = forms.EmailField(label="E-mail address", max_length=254,
                             help_text="The invitation goes to this address, with a link that "
                                       "works once.")
    role = RoleField()


class MemberRoleForm(GovukForm):
    role = RoleField()


class AcceptInvitationForm(GovukForm):
    """A new account for someone accepting an invitation (their e-mail is the invited one)."""

    nouns = {"password_again": "the password again"}
    first_name = forms.CharField(label="First name", max_length=150)
    last_name = forms.CharField(label="Last name", max_length=150)
    username = forms.RegexField(
        label="Username", max_length=150, regex=r"^[\w.@+-]+$",
        help_text="You sign in with this. Letters, numbers and . @ + - _ only.",
        error_messages={"invalid": "Enter a username using only letters, numbers and "
                                   ". @ + - _"})
    password = forms.CharField(label="Password", widget=forms.PasswordInput(
        attrs={"autocomplete": "new-password"}), strip=False,
        help_text="At least 8 characters, and not a common password. Three unrelated words "
                  "are easy to remember and hard to guess.")
    password_again = forms.CharField(label="Password again", widget=forms.PasswordInput(
        attrs={"autocomplete": "new-password"}), strip=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("password") and data.get("password_again") and \
                data["password"] != data["password_again"]:
            self.add_error("password_again", "The passwords do not match")
        return data

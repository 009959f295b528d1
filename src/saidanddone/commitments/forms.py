from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings

from saidanddone.commitments import evidence_files
from saidanddone.commitments.models import Evidence, Indicator, Status
from saidanddone.commitments.selectors import DRAFT_PERIODS
from saidanddone.core.forms import GovukDateField, GovukForm, choice_field


class ResponseForm(GovukForm):
    nouns = {"you_said": "what families said"}
    title = forms.CharField(label="What families asked for", max_length=200,
                            help_text="A few plain words, for example 'Quicker replies to "
                                      "e-mails'.")
    you_said = forms.CharField(
        label="You said", widget=forms.Textarea(attrs={"rows": 5}),
        help_text="Summarise what families told us. Never include names or details that "
                  "could identify a child.",
    )
    themes = forms.MultipleChoiceField(label="Themes", required=False,
                                       widget=forms.CheckboxSelectMultiple)
    feedback = forms.MultipleChoiceField(
        label="Feedback this responds to", required=False, widget=forms.CheckboxSelectMultiple,
        help_text="Tick the comments this response answers.",
    )
    easy_read = forms.CharField(label="Easy Read version", required=False,
                                widget=forms.Textarea(attrs={"rows": 4}),
                                help_text="Short sentences, one idea per line.")

    def __init__(self, *args: Any, themes: Any = (), feedback: Any = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choice_field(self, "themes").choices = [(str(t.pk), t.name) for t in themes]
        choice_field(self, "feedback").choices = [
            (str(f.pk), f"{f.reference}, received {f.received_on.day} "
                        f"{f.received_on:%B %Y}: {f.text_redacted[:120]}") for f in feedback
        ]


class PickerFilterForm(GovukForm):
    """Narrows the "feedback this responds to" picker; ticked comments always stay listed."""

    picker_theme = forms.ChoiceField(label="Theme", required=False)
    received_from = GovukDateField(label="Received on or after", required=False,
                                   noun="the first date")
    received_to = GovukDateField(label="Received on or before", required=False,
                                 noun="the last date")

    def __init__(self, *args: Any, themes: Any = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choice_field(self, "picker_theme").choices = [("", "Any theme"),
                                               *[(t.slug, t.name) for t in themes]]


class DraftForm(GovukForm):
    theme = forms.ChoiceField(label="Theme", error_messages={
        "required": "Choose the theme to draft for.",
        "invalid_choice": "Choose the theme to draft for."})
    period = forms.ChoiceField(
        label="Comments received in", widget=forms.RadioSelect, initial="3",
        choices=[(key, label) for key, (label, _) in DRAFT_PERIODS.items()],
        error_messages={"required": "Choose the period the comments were received in.",
                        "invalid_choice": "Choose the period the comments were received in."})

    def __init__(self, *args: Any, themes: Any = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choice_field(self, "theme").choices = [("", "Choose a theme"),
                                        *[(t.slug, t.name) for t in themes]]


class CommitmentForm(GovukForm):
    text = forms.CharField(label="What we will do", widget=forms.Textarea(attrs={"rows": 3}),
                           help_text="One action, in plain words. Expand any abbreviation.")
    owner_team = forms.CharField(label="Owner team", max_length=160)
    accountable_role = forms.CharField(label="Accountable role", max_length=160, required=False,
                                       help_text="A job title, not a person's name.")
    partners = forms.CharField(label="Partner organisations", max_length=300, required=False,
                               help_text="For example, the parent carer forum.")
    start_date = GovukDateField(label="Start date", required=False)
    due_date = GovukDateField(label="Due date", required=False)


class CommitmentEditForm(CommitmentForm):
    due_date = None  # type: ignore[assignment]  # dates change through a revision, with reason


class StatusForm(GovukForm):
    status = forms.ChoiceField(label="New status", widget=forms.RadioSelect)
    reason = forms.CharField(label="Reason for the change",
                             widget=forms.Textarea(attrs={"rows": 2}),
                             help_text="Families will read this on the public page.")
    rationale = forms.CharField(
        label="Why it is not possible", required=False, widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Needed only for 'Not possible'. Published beside the commitment.",
    )
    evidence_title = forms.CharField(label="Evidence title", required=False, max_length=200,
                                     help_text="Optional: add evidence as you mark it done.")
    evidence_url = forms.URLField(label="Evidence link", required=False, assume_scheme="https")

    def __init__(self, *args: Any, allowed: Any = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choice_field(self, "status").choices = [(s, Status(s).label) for s in allowed]


class ProgressForm(GovukForm):
    text = forms.CharField(label="Progress update", widget=forms.Textarea(attrs={"rows": 3}))
    public = forms.BooleanField(label="Show on the public page", required=False, initial=True)


class EvidenceForm(GovukForm):
    # A file comes through its own form (EvidenceFileForm), which reads the upload.
    kind = forms.ChoiceField(label="Kind of evidence", widget=forms.RadioSelect,
                             choices=[c for c in Evidence.Kind.choices
                                      if c[0] != Evidence.Kind.FILE])
    title = forms.CharField(label="Title", max_length=200)
    url = forms.URLField(label="Link", required=False, assume_scheme="https")
    description = forms.CharField(label="Description", required=False,
                                  widget=forms.Textarea(attrs={"rows": 3}))
    indicator = forms.ChoiceField(label="Indicator", required=False)

    def __init__(self, *args: Any, indicators: Any = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choice_field(self, "indicator").choices = [("", "None"), *[(str(i.pk), i.name)
                                                           for i in indicators]]


class EvidenceFileForm(GovukForm):
    title = forms.CharField(label="Title", max_length=200,
                            help_text="For example: Annual transport review")
    description = forms.CharField(label="Description", required=False,
                                  widget=forms.Textarea(attrs={"rows": 3}))
    file = forms.FileField(label="File", help_text="A PDF, Word document, PNG or JPEG.")
    public = forms.BooleanField(
        label="Show this file on the public page", required=False,
        help_text="Families can open it once the commitment is published. Leave unticked to "
                  "keep it for staff.")

    def clean_file(self) -> Any:
        """Read the upload (at most one byte past the limit) and check it here too, so the
        message stands beside the field; the service checks the same again."""
        upload = self.cleaned_data["file"]
        max_mb = settings.SAIDANDDONE_EVIDENCE_MAX_MB
        limit = max_mb * 1024 * 1024
        content = bytes(upload.read(limit + 1))
        try:
            evidence_files.kind_of(content, max_bytes=limit, max_mb=max_mb,
                                   name=evidence_files.clean_name(upload.name))
        except ValueError as exc:
            raise forms.ValidationError(str(exc)) from exc
        self.cleaned_data["content"] = content
        return upload


class RevisionForm(GovukForm):
    new_due_date = GovukDateField(label="New due date")
    reason = forms.CharField(label="Why the date has changed",
                             widget=forms.Textarea(attrs={"rows": 2}),
                             help_text="Families will read this on the public page.")


class CommitmentFilterForm(GovukForm):
    status = forms.ChoiceField(label="Status", required=False,
                               choices=[("", "Any status"), *Status.choices])
    owner = forms.ChoiceField(label="Owner team", required=False)
    theme = forms.ChoiceField(label="Theme", required=False)
    timeliness = forms.ChoiceField(label="Timeliness", required=False, choices=[
        ("", "Any"), ("red", "Overdue"), ("amber", "Needs attention"), ("green", "On track")])

    def __init__(self, *args: Any, owners: Any = (), themes: Any = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choice_field(self, "owner").choices = [("", "Any team"), *[(o, o) for o in owners]]
        choice_field(self, "theme").choices = [("", "Any theme"),
                                               *[(t.slug, t.name) for t in themes]]


class IndicatorForm(GovukForm):
    name = forms.CharField(label="Name", max_length=200)
    unit = forms.CharField(label="Unit", max_length=60, required=False,
                           help_text="For example: %, weeks, families")
    direction = forms.ChoiceField(label="Which way is better?",
                                  choices=Indicator.Direction.choices, widget=forms.RadioSelect)
    description = forms.CharField(label="What it measures", required=False,
                                  widget=forms.Textarea(attrs={"rows": 3}))
    baseline = forms.DecimalField(label="Baseline", required=False, max_digits=14,
                                  decimal_places=2)
    target = forms.DecimalField(label="Target", required=False, max_digits=14, decimal_places=2)
    target_date = GovukDateField(label="Target date", required=False)
    suppress_below = forms.IntegerField(
        label="Smallest number shown in public", required=False, min_value=0,
        help_text="Figures below this are shown to the public as \u201cfewer than\u201d it, so "
                  "that nobody can be identified. Leave empty to show every figure.")


class DataPointForm(GovukForm):
    date = GovukDateField(label="Date", noun="the date of the figure")
    value = forms.DecimalField(label="Value", max_digits=14, decimal_places=2)
    source = forms.CharField(label="Source", max_length=200, required=False)
    note = forms.CharField(label="Note", max_length=300, required=False)


class DataPointCorrectForm(GovukForm):
    """Change a recorded figure: the reason is kept with the old figure."""

    date = GovukDateField(label="Date", noun="the date of the figure")
    value = forms.DecimalField(label="Value", max_digits=14, decimal_places=2)
    source = forms.CharField(label="Source", max_length=200, required=False)
    note = forms.CharField(label="Note", max_length=300, required=False)
    reason = forms.CharField(label="Why the figure has changed",
                             widget=forms.Textarea(attrs={"rows": 2}),
                             help_text="For example: the first figure was typed wrongly.",
                             error_messages={"required": "Enter why the figure has changed"})


class RevisionReasonForm(GovukForm):
    """Correct the wording of a published reason for a new due date (a typo)."""

    revision = forms.ChoiceField(label="Which reason", widget=forms.RadioSelect,
                                 error_messages={"required": "Select the reason to correct"})
    reason = forms.CharField(label="Corrected wording", widget=forms.Textarea(attrs={"rows": 2}),
                             help_text="Families will read this. The earlier wording is kept "
                                       "in the audit log.",
                             error_messages={"required": "Enter the corrected reason"})

    def __init__(self, *args: Any, revisions: Any = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choice_field(self, "revision").choices = [
            (str(r.pk), f"Moved to {r.new_due_date.day} {r.new_due_date:%B %Y}: {r.reason}")
            for r in revisions]


class DocumentUploadForm(GovukForm):
    nouns = {"document": "a 'You said, we did' document to upload"}
    document = forms.FileField(
        label="Upload a 'You said, we did' document",
        help_text="A saved web page, Word document, PDF, text file, CSV or Excel spreadsheet, "
                  "up to 20 MB.",
    )

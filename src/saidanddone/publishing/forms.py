from __future__ import annotations

from typing import Any

from django import forms

from saidanddone.core.forms import GovukDateField, GovukForm, choice_field
from saidanddone.publishing.models import ForumSignOff, Publication


class PublicationForm(GovukForm):
    title = forms.CharField(label="Title", max_length=200,
                            help_text="For example: You said, we did 2025 to 2026")
    kind = forms.ChoiceField(
        label="What kind of publication is it?", widget=forms.RadioSelect,
        choices=Publication.Kind.choices, initial=Publication.Kind.ANNUAL, required=False,
        help_text="The annual report is the main one families see. An update (such as a "
                  "winter update) is listed beside it and does not replace it.")
    period_label = forms.CharField(label="Period", max_length=80,
                                   help_text="As families would say it: '2025 to 2026'.")
    period_start = GovukDateField(label="Period starts", noun="the date the period starts")
    period_end = GovukDateField(label="Period ends", noun="the date the period ends")
    introduction = forms.CharField(label="Introduction", required=False,
                                   widget=forms.Textarea(attrs={"rows": 4}))
    responses = forms.MultipleChoiceField(label="Responses to include", required=False,
                                          widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args: Any, responses: Any = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choice_field(self, "responses").choices = [(str(r.pk), r.title) for r in responses]

    def clean_kind(self) -> str:
        # Left unticked (an older client, a script), it is the annual report: the default.
        return self.cleaned_data.get("kind") or Publication.Kind.ANNUAL

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("period_start") and data.get("period_end") and \
                data["period_end"] < data["period_start"]:
            self.add_error("period_end", "The period must end after it starts.")
        return data


class SignOffForm(GovukForm):
    decision = forms.ChoiceField(label="The forum's decision", widget=forms.RadioSelect,
                                 choices=ForumSignOff.Decision.choices)
    statement = forms.CharField(
        label="The forum's statement", widget=forms.Textarea(attrs={"rows": 5}),
        help_text="In the forum's own words. It is published beside the council's text.",
    )
    # The content digest of what the reviewer read (the preview, or this page): the decision is
    # refused if what would be published has changed since (decision 0219).
    seen_digest = forms.CharField(widget=forms.HiddenInput, required=False)


class ReviewCommentForm(GovukForm):
    """A comment on one response of a publication under review. One form per response, each
    with its own ids (``auto_id``) so that an error points at the right box."""

    response = forms.CharField(widget=forms.HiddenInput)
    text = forms.CharField(
        label="Your comment", max_length=2000, widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": "Enter your comment",
                        "max_length": "Your comment must be 2000 characters or fewer"},
        help_text="For example: this one does not say when. Only staff and the forum see "
                  "comments; they are never published.")

    def __init__(self, *args: Any, title: str = "", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if title:
            self.fields["text"].label = f"Your comment on \u201c{title}\u201d"


class AcceptAdvisoryForm(GovukForm):
    fingerprint = forms.CharField(widget=forms.HiddenInput)
    reason = forms.CharField(
        label="Why is this not a problem?", max_length=1000,
        error_messages={"required": "Enter why this is not a problem"},
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="For example: Westmere College is our partner college, not a person. "
                  "Your name and reason are kept with the checks.")


class CorrectionForm(GovukForm):
    change_note = forms.CharField(label="What has changed",
                                  widget=forms.Textarea(attrs={"rows": 3}),
                                  help_text="Shown to the public with the new version.")


class GlossaryTermForm(GovukForm):
    short = forms.CharField(label="Abbreviation", max_length=20,
                            help_text="As it is written, for example EHC or SENCo.")
    expansion = forms.CharField(label="What it stands for", max_length=200,
                                help_text="For example: education, health and care")
    explanation = forms.CharField(label="What it means", max_length=300,
                                  required=False)


STATUS_CHOICES = [("", "Any"), ("planned", "We will"), ("in_progress", "In progress"),
                  ("done", "We did"), ("not_possible", "Not possible"),
                  ("late", "Late (not done by its date)")]


class SearchForm(GovukForm):
    q = forms.CharField(label="Words to look for", required=False, max_length=100)
    period = forms.ChoiceField(label="Period", required=False)
    theme = forms.ChoiceField(label="Theme", required=False)
    status = forms.ChoiceField(label="Status", required=False, choices=STATUS_CHOICES)

    def __init__(self, *args: Any, area: Any = None, versions: Any = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        versions = list(versions)
        choice_field(self, "period").choices = [("", "All periods")] + [
            (v.publication.slug, v.content["period_label"]) for v in versions]
        themes: dict[str, tuple[int, str]] = {}
        for v in versions:
            for r in v.content["responses"]:
                for t in r["themes"]:
                    themes[t["slug"]] = (t["position"], t["name"])
        choice_field(self, "theme").choices = [("", "All themes")] + [
            (slug, name) for slug, (_, name) in sorted(themes.items(), key=lambda x: x[1])]


class EvidencePackForm(GovukForm):
    """The period of an inspection evidence pack, and which file (issue 14)."""

    FORMATS = (("docx", "Word document"), ("pdf", "PDF"))

    period_start = GovukDateField(label="Period starts", noun="the date the period starts")
    period_end = GovukDateField(label="Period ends", noun="the date the period ends")
    format = forms.ChoiceField(choices=FORMATS, required=False, widget=forms.HiddenInput)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("period_start") and data.get("period_end") and \
                data["period_end"] < data["period_start"]:
            self.add_error("period_end", "The period must end on or after the day it starts.")
        return data

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django import forms

from saidanddone.core.forms import GovukDateField, GovukForm, choice_field
from saidanddone.feedback.models import (
    AreaOfNeed,
    Channel,
    Consent,
    Exclusion,
    Reg56Category,
    RespondentRole,
    SafeguardingState,
)
from saidanddone.feedback.services import MAX_FEEDBACK_CHARS, MAX_REPRESENTS, represents_error
from saidanddone.feedback.surveys import Mapping, guess_columns
from saidanddone.feedback.topics import TOPICS


class FeedbackFilterForm(GovukForm):
    q = forms.CharField(label="Search the redacted text", required=False)
    theme = forms.ChoiceField(label="Theme", required=False)
    role = forms.ChoiceField(label="Who said it", required=False,
                             choices=[("", "Anyone"), *RespondentRole.choices])
    channel = forms.ChoiceField(label="Channel", required=False,
                                choices=[("", "Any channel"), *Channel.Kind.choices])
    STATUSES = [
        ("", "Any"), ("unconfirmed", "Themes not yet confirmed"),
        ("confirmed", "Themes confirmed"), ("flagged", "Possible safeguarding concern"),
        ("excluded", "Excluded"),
    ]
    status = forms.ChoiceField(label="Status", required=False, choices=STATUSES)

    def __init__(self, *args: Any, themes: Any = (), can_triage: bool = True,
                 **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choice_field(self, "theme").choices = [("", "Any theme"),
                                               *[(t.slug, t.name) for t in themes]]
        if not can_triage:  # they never see flagged comments, so offer no filter for them
            choice_field(self, "status").choices = [
                c for c in self.STATUSES if c[0] != "flagged"]


class StaffFeedbackForm(GovukForm):
    nouns = {"consent": "whether we may quote it", "represents": "the number of people"}
    text = forms.CharField(
        label="What was said", widget=forms.Textarea(attrs={"rows": 6}),
        max_length=MAX_FEEDBACK_CHARS,
        help_text="Write it as it was said. Leave out names, schools, dates of birth and "
                  "EHCP numbers where you can: details are also removed automatically.",
    )
    channel = forms.ChoiceField(label="How it reached us", choices=Channel.Kind.choices,
                                widget=forms.RadioSelect)
    respondent_role = forms.ChoiceField(label="Who said it", choices=RespondentRole.choices,
                                        widget=forms.RadioSelect)
    received_on = GovukDateField(label="Date received")
    reg56_category = forms.ChoiceField(label="Local Offer category (regulation 56)",
                                       choices=Reg56Category.choices, required=False)
    areas_of_need = forms.MultipleChoiceField(
        label="Areas of need (optional)", choices=AreaOfNeed.choices, required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    consent = forms.ChoiceField(label="May we quote it?", choices=Consent.choices,
                                widget=forms.RadioSelect, initial=Consent.PARAPHRASE)
    represents = forms.IntegerField(
        label="How many people does this speak for?", min_value=1, max_value=MAX_REPRESENTS,
        initial=1, help_text="For a forum report such as '37 parents at our coffee morning "
                             "said…', enter 37.",
        error_messages={"min_value": represents_error(), "max_value": represents_error()},
    )


class ThemeConfirmForm(GovukForm):
    themes = forms.MultipleChoiceField(
        label="Themes this comment is about", required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Tick every theme that applies. Suggestions from the computer are ticked "
                  "until you decide.",
    )

    def __init__(self, *args: Any, themes: Any = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choice_field(self, "themes").choices = [(str(t.pk), t.name) for t in themes]


class ExclusionForm(GovukForm):
    exclusion = forms.ChoiceField(label="Include in 'You said, we did'?",
                                  choices=Exclusion.choices, widget=forms.RadioSelect,
                                  required=False)


class TriageForm(GovukForm):
    decision = forms.ChoiceField(
        label="Decision", widget=forms.RadioSelect,
        choices=[(s.value, s.label) for s in SafeguardingState
                 if s not in (SafeguardingState.NONE, SafeguardingState.FLAGGED)],
        error_messages={"required": "Select what you decided about this comment"},
    )
    reason = forms.CharField(
        label="Reason", widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Enter the reason for your decision, so others can see why"},
    )


class PublicFeedbackForm(GovukForm):
    """The family's form: anonymous, plain words, GOV.UK patterns."""

    MAX = 2000
    respondent_role = forms.ChoiceField(
        label="Who are you?", widget=forms.RadioSelect,
        choices=[("parent", "A parent or carer"), ("young_person", "A child or young person"),
                 ("professional", "Someone who works with children"), ("other", "Someone else")],
        error_messages={"required": "Select who you are"},
    )
    topic = forms.ChoiceField(label="What is it about? (optional)", required=False,
                              widget=forms.RadioSelect)
    comment = forms.CharField(
        label="Your comment", widget=forms.Textarea(attrs={"rows": 8}), max_length=MAX,
        help_text="Do not include names, schools, dates of birth or education, health and care "
                  "plan (EHCP) numbers.",
        error_messages={"required": "Enter your comment",
                        "max_length": f"Your comment must be {MAX:,} characters or fewer"},
    )
    consent = forms.ChoiceField(
        label="Can we quote what you wrote?", widget=forms.RadioSelect,
        choices=[("verbatim", "Yes, you can use my words"),
                 ("paraphrase", "Only in your own words, not mine"),
                 ("do_not_publish", "No, do not publish it")],
        error_messages={"required": "Select whether we can quote what you wrote"},
    )
    # A field people never see: bots fill it in.
    website = forms.CharField(label="Leave this empty", required=False)
    key = forms.UUIDField(widget=forms.HiddenInput)

    def __init__(self, *args: Any, young: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choice_field(self, "topic").choices = [
            (t.key, t.young_label if young else t.label) for t in TOPICS]
        if young:
            self.fields["respondent_role"].label = "Who are you?"
            choice_field(self, "respondent_role").choices = [
                ("young_person", "I am a child or young person"),
                ("parent", "I am a parent or carer"), ("other", "Someone else")]
            self.fields["comment"].label = "Tell us what you think"
            self.fields["comment"].help_text = ("Do not write names or the name of your "
                                                "school.")
            self.fields["consent"].label = "Can we use your words?"


class PageFeedbackForm(GovukForm):
    comment = forms.CharField(
        label="Is there anything wrong with this page?", max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Do not include personal details. We will not reply.",
        error_messages={"required": "Enter what is wrong with this page"},
    )
    # Whatever the embedding page sent: never validated as a URL here (a family must not see
    # "Enter a valid URL" and lose their comment); services.page_address keeps it or drops it.
    page = forms.CharField(widget=forms.HiddenInput, required=False, strip=True)
    website = forms.CharField(label="Leave this empty", required=False)
    key = forms.UUIDField(widget=forms.HiddenInput)


class ForumReportForm(GovukForm):
    nouns = {"represents": "the number of families"}
    text = forms.CharField(
        label="What families told the forum", widget=forms.Textarea(attrs={"rows": 6}),
        max_length=5000, help_text="A summary in your words. Leave out names and schools.")
    represents = forms.IntegerField(
        label="How many families does this speak for?", min_value=1, max_value=MAX_REPRESENTS,
        help_text=f"The families who took part, from 1 to {MAX_REPRESENTS:,}.",
        error_messages={"required": "Enter how many families this speaks for",
                        "invalid": "Enter how many families this speaks for, as a number",
                        "min_value": represents_error(), "max_value": represents_error()})
    received_on = GovukDateField(label="When did you hear it?",
                                 noun="the date you heard it")


class EraseForm(GovukForm):
    reason = forms.CharField(label="Why it must be erased", max_length=300,
                             help_text="For example: a subject access and erasure request.")


class SubjectAccessForm(GovukForm):
    terms = forms.CharField(
        label="Details the person gave to find their comments",
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="One a line, for example an e-mail address, a phone number or a phrase "
                  "they remember writing.")


class SurveyUploadForm(GovukForm):
    file = forms.FileField(label="Survey export",
                           help_text="A CSV or Excel (XLSX) file with one response a row, "
                                     "up to 20 MB.")


class SurveyMappingForm(GovukForm):
    comments = forms.MultipleChoiceField(
        label="Which columns hold comments?", widget=forms.CheckboxSelectMultiple,
        help_text="Tick every free-text question. Each answer becomes its own comment, linked "
                  "to the others from the same person, with the question it answers.",
        error_messages={"required": "Select at least one column that holds comments"})
    respondent_id = forms.ChoiceField(
        label="Which column holds the respondent ID?", required=False,
        help_text="Used only to recognise rows imported before. It is not stored.")
    role = forms.ChoiceField(label="Which column says who answered?", required=False)
    date = forms.ChoiceField(label="Which column holds the date?", required=False)
    consent = forms.ChoiceField(
        label="Which column says whether we may quote them?", required=False,
        help_text="For example 'Can we quote you?'. 'No' means the comment is not published.")
    default_role = forms.ChoiceField(label="Who answered, where the file does not say",
                                     choices=RespondentRole.choices,
                                     initial=RespondentRole.PARENT)
    default_date = GovukDateField(label="Date, where the file does not say", required=False,
                                  noun="the date")
    default_consent = forms.ChoiceField(
        label="May we quote them, where the file does not say?", choices=Consent.choices,
        initial=Consent.PARAPHRASE, widget=forms.RadioSelect)
    channel_name = forms.CharField(label="Name of the survey", max_length=120,
                                   help_text="For example: Annual SEND survey 2026",
                                   error_messages={"required": "Enter the name of the survey"})

    def __init__(self, *args: Any, header: Sequence[str] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        columns = [(h, h) for h in header]
        choice_field(self, "comments").choices = columns
        for name in ("respondent_id", "role", "date", "consent"):
            choice_field(self, name).choices = [("", "None"), *columns]

    @staticmethod
    def guess(header: list[str], rows: list[dict[str, str]]) -> dict[str, object]:
        """Preselect the likely columns: comments by what the columns hold."""
        return guess_columns(header, rows)

    def mapping(self) -> Any:
        d = self.cleaned_data
        return Mapping(comments=tuple(d["comments"]), role=d["role"], date=d["date"],
                       consent=d["consent"], respondent_id=d["respondent_id"],
                       default_role=d["default_role"], default_date=d["default_date"],
                       default_consent=d["default_consent"])

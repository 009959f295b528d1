from __future__ import annotations

from typing import Any

from django import forms

from saidanddone.feedback.models import (
    AreaOfNeed,
    Channel,
    Consent,
    Exclusion,
    Reg56Category,
    RespondentRole,
    SafeguardingState,
)
from saidanddone.feedback.services import MAX_FEEDBACK_CHARS


class FeedbackFilterForm(forms.Form):
    q = forms.CharField(label="Search the redacted text", required=False)
    theme = forms.ChoiceField(label="Theme", required=False)
    role = forms.ChoiceField(label="Who said it", required=False,
                             choices=[("", "Anyone"), *RespondentRole.choices])
    channel = forms.ChoiceField(label="Channel", required=False,
                                choices=[("", "Any channel"), *Channel.Kind.choices])
    status = forms.ChoiceField(label="Status", required=False, choices=[
        ("", "Any"), ("unconfirmed", "Themes not yet confirmed"),
        ("confirmed", "Themes confirmed"), ("flagged", "Possible safeguarding concern"),
        ("excluded", "Excluded"),
    ])

    def __init__(self, *args: Any, themes: Any = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["theme"].choices = [("", "Any theme"), *[(t.slug, t.name) for t in themes]]


class StaffFeedbackForm(forms.Form):
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
    received_on = forms.DateField(label="Date received",
                                  widget=forms.DateInput(attrs={"type": "date"}))
    reg56_category = forms.ChoiceField(label="Local Offer category (regulation 56)",
                                       choices=Reg56Category.choices, required=False)
    areas_of_need = forms.MultipleChoiceField(
        label="Areas of need (optional)", choices=AreaOfNeed.choices, required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    consent = forms.ChoiceField(label="May we quote it?", choices=Consent.choices,
                                widget=forms.RadioSelect, initial=Consent.PARAPHRASE)
    represents = forms.IntegerField(
        label="How many people does this speak for?", min_value=1, max_value=100000,
        initial=1, help_text="For a forum report such as '37 parents at our coffee morning "
                             "said…', enter 37.",
    )


class ThemeConfirmForm(forms.Form):
    themes = forms.MultipleChoiceField(
        label="Themes this comment is about", required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Tick every theme that applies. Suggestions from the computer are ticked "
                  "until you decide.",
    )

    def __init__(self, *args: Any, themes: Any = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["themes"].choices = [(str(t.pk), t.name) for t in themes]


class ExclusionForm(forms.Form):
    exclusion = forms.ChoiceField(label="Include in 'You said, we did'?",
                                  choices=Exclusion.choices, widget=forms.RadioSelect,
                                  required=False)


class TriageForm(forms.Form):
    decision = forms.ChoiceField(
        label="Decision", widget=forms.RadioSelect,
        choices=[(s.value, s.label) for s in SafeguardingState
                 if s not in (SafeguardingState.NONE, SafeguardingState.FLAGGED)],
    )
    reason = forms.CharField(label="Reason", widget=forms.Textarea(attrs={"rows": 3}))

"""Forms of the area's own pages (the administrator's)."""

from __future__ import annotations

from typing import Any, cast

from django import forms

from saidanddone.core.audit import AuditAction
from saidanddone.core.forms import GovukDateField, GovukForm

# The person filter's value for changes nobody made by hand (tasks, set-up, public forms).
SYSTEM_CHOICE = "system"


class AuditFilterForm(GovukForm):
    person = forms.ChoiceField(label="Who", required=False)
    action = forms.ChoiceField(label="What they did", required=False,
                               choices=[("", "Anything"), *AuditAction.choices])
    kind = forms.ChoiceField(label="What it was done to", required=False)
    date_from = GovukDateField(label="From", required=False, noun="the first date")
    date_to = GovukDateField(label="To", required=False, noun="the last date")

    def __init__(self, *args: Any, people: list[tuple[str, str]], kinds: list[tuple[str, str]],
                 **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["person"]).choices = [
            ("", "Anyone"), *people, (SYSTEM_CHOICE, "The system")]
        cast(forms.ChoiceField, self.fields["kind"]).choices = [("", "Anything"), *kinds]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        first, last = data.get("date_from"), data.get("date_to")
        if first and last and first > last:
            self.add_error("date_to", "The last date must be the same as or after the first "
                                      "date")
        return data

"""GOV.UK form patterns in one place: error messages that name the field and say how to fix it,
and the date input (separate day, month and year boxes).

Every workspace and public form subclasses ``GovukForm``. Its messages are derived from each
field's label when the form is cleaned ("Enter the owner team", "Select the new status",
"Title must be 200 characters or fewer"); a message a form sets itself always wins, for the
labels where the generic wording would read wrongly.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any, ClassVar

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError

from saidanddone.core.passwords import is_published_demo_password

# Labels that are already a clause ("Who said it", "Why the date has changed") or start with
# their own determiner ("The forum's decision", "Your comment") take no "the".
_QUESTION_WORDS = ("who ", "what ", "when ", "where ", "why ", "how ", "which ", "whether ",
                   "the ", "your ", "a ", "an ")


def _plain_label(label: Any) -> str:
    """The label without "(optional)" or a question mark: the words a message can quote."""
    text = re.sub(r"\s*\(optional\)", "", str(label or ""), flags=re.IGNORECASE)
    return text.strip().rstrip("?").strip()


def _lower_first(text: str) -> str:
    """Lower-case the first letter unless the label names something ("Easy Read version",
    "Local Offer category") or starts with an abbreviation ("EHCP number")."""
    words = text.split()
    if not words or any(w[:1].isupper() for w in words[1:]) or words[0].isupper():
        return text
    return text[:1].lower() + text[1:]


def noun_for(label: Any) -> str:
    """'Owner team' → 'the owner team'; 'Why the date has changed' → 'why the date has changed'."""
    text = _lower_first(_plain_label(label))
    if text.lower().startswith(_QUESTION_WORDS):
        return text
    return f"the {text}"


def _sentence(text: str) -> str:
    return text[:1].upper() + text[1:]


def _escape(message: str) -> str:
    """Django fills messages with ``message % params``: a literal % must be doubled."""
    return message.replace("%", "%%")


def _default_messages(field: forms.Field) -> dict[str, str]:
    messages: dict[str, str] = {}
    for cls in reversed(type(field).__mro__):
        messages.update(getattr(cls, "default_error_messages", {}))
    return {code: str(text) for code, text in messages.items()}


def _choosing(field: forms.Field) -> bool:
    return isinstance(field, forms.ChoiceField | forms.FileField | forms.BooleanField) or \
        isinstance(field.widget, forms.RadioSelect | forms.CheckboxInput)


def govuk_messages(field: forms.Field, noun: str = "") -> dict[str, str]:
    """The GOV.UK message for every way this field can be wrong, from its label, or from
    ``noun`` where the label is a question ("How many people does this speak for?" → noun
    "the number of people": "Enter the number of people", "The number of people must be …")."""
    noun = noun or getattr(field, "noun", "")
    name = _sentence(noun) if noun else _sentence(_plain_label(field.label))
    noun = noun or noun_for(field.label)
    if isinstance(field.widget, forms.HiddenInput):
        again = "The page has expired. Reload it and try again"
        return {"required": again, "invalid": again}
    if isinstance(field, forms.FileField):
        return {"required": f"Select {noun}", "missing": f"Select {noun}",
                "empty": "The selected file is empty",
                "invalid": "The selected file could not be read. Save it again and upload it",
                "max_length": "The name of the selected file is too long"}
    verb = "Select" if _choosing(field) else "Enter"
    messages = {"required": f"{verb} {noun}", "invalid_choice": f"Select {noun}",
                "invalid_list": f"Select {noun}"}
    limit_max = getattr(field, "max_length", None)
    limit_min = getattr(field, "min_length", None)
    if limit_max:
        messages["max_length"] = f"{name} must be {limit_max:,} characters or fewer"
    if limit_min:
        messages["min_length"] = f"{name} must be {limit_min:,} characters or more"
    if isinstance(field, forms.IntegerField | forms.DecimalField | forms.FloatField):
        whole = not isinstance(field, forms.DecimalField | forms.FloatField)
        messages["invalid"] = f"{name} must be a {'whole ' if whole else ''}number"
        max_value = getattr(field, "max_value", None)
        min_value = getattr(field, "min_value", None)
        if max_value is not None:
            messages["max_value"] = f"{name} must be {max_value:,} or less"
        if min_value is not None:
            messages["min_value"] = f"{name} must be {min_value:,} or more"
        if isinstance(field, forms.DecimalField):
            places = field.decimal_places
            messages["max_decimal_places"] = (
                f"{name} must be a whole number" if places == 0
                else f"{name} must have no more than {places} decimal places")
            messages["max_digits"] = f"{name} is too large"
            messages["max_whole_digits"] = f"{name} is too large"
    elif isinstance(field, forms.URLField):
        messages["invalid"] = f"Enter {noun} as a web address, like https://www.example.org"
    elif isinstance(field, forms.EmailField):
        messages["invalid"] = f"Enter {noun} as an e-mail address, like name@example.org"
    elif isinstance(field, forms.UUIDField | forms.DateField):
        messages["invalid"] = f"Enter a real {noun.removeprefix('the ')}"
    return messages


def choice_field(form: forms.BaseForm, name: str) -> forms.ChoiceField:
    """The form's field of that name, a choice field whose choices are set per request."""
    field = form.fields[name]
    if not isinstance(field, forms.ChoiceField):
        raise TypeError(f"{name} is not a choice field")
    return field


class GovukForm(forms.Form):
    """A form whose error messages follow the GOV.UK pattern (see the module docstring).

    ``nouns`` names a field for its messages where its label is a question a message cannot
    quote ("May we quote it?" → "whether we may quote it").
    """

    nouns: ClassVar[dict[str, str]] = {}

    def full_clean(self) -> None:
        # Derived here, not in __init__, so a label a subclass changes after construction
        # (the young people's form) is the label the message quotes.
        for name, field in self.fields.items():
            defaults = _default_messages(field)
            for code, message in govuk_messages(field, self.nouns.get(name, "")).items():
                current = field.error_messages.get(code)
                if current is None or str(current) == defaults.get(code):
                    field.error_messages[code] = _escape(message)
        super().full_clean()


# The date input ------------------------------------------------------------------------------

DATE_PARTS = (("day", "Day", 2), ("month", "Month", 2), ("year", "Year", 4))


class GovukDateInput(forms.MultiWidget):
    """Day, month and year as three text boxes (GOV.UK date input), named ``<name>_day`` etc.

    Rendered by core/includes/field.html as a fieldset. A single ISO value posted under the
    field's own name (a script, an older test) is still read, so nothing that worked breaks.
    """

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        widgets: dict[str, forms.Widget | type[forms.Widget]] = {
            part: forms.TextInput(attrs={"inputmode": "numeric"}) for part, _, _ in DATE_PARTS}
        super().__init__(widgets, attrs)

    def decompress(self, value: Any) -> list[str]:
        if isinstance(value, dt.date):
            return [str(value.day), str(value.month), str(value.year)]
        if isinstance(value, str) and value:
            try:
                return self.decompress(dt.date.fromisoformat(value))
            except ValueError:
                return ["", "", ""]
        return ["", "", ""]

    def value_from_datadict(self, data: Any, files: Any, name: str) -> Any:
        if not any(f"{name}_{part}" in data for part, _, _ in DATE_PARTS) and name in data:
            return self.decompress(data.get(name)) if data.get(name) else ["", "", ""]
        return super().value_from_datadict(data, files, name)

    def value_omitted_from_data(self, data: Any, files: Any, name: str) -> bool:
        return name not in data and super().value_omitted_from_data(data, files, name)


class GovukDateField(forms.Field):
    """A date typed as day, month and year, with GOV.UK's messages.

    ``noun`` is how messages name the date where the label is a question
    ("When did you hear it?" → noun="the date you heard it").
    """

    widget = GovukDateInput

    def __init__(self, *, noun: str = "", **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.noun = noun

    def _noun(self) -> str:
        required = str(self.error_messages.get("required", ""))
        # The form may have named the date ("Enter the date you heard it"): use its words.
        if required.startswith("Enter ") and required != "This field is required.":
            return required.removeprefix("Enter ")
        return self.noun or noun_for(self.label)

    def prepare_value(self, value: Any) -> Any:
        return value

    def to_python(self, value: Any) -> dt.date | None:
        if isinstance(value, dt.date):
            return value
        parts = [str(p or "").strip() for p in (value or ["", "", ""])]
        parts += [""] * (3 - len(parts))
        noun = self._noun()
        if not any(parts):
            if self.required:
                raise ValidationError(self.error_messages.get("required") or f"Enter {noun}",
                                      code="required")
            return None
        missing = [label.lower() for (_, label, _), p in zip(DATE_PARTS, parts, strict=True)
                   if not p]
        if missing:
            raise ValidationError(f"{_sentence(noun)} must include a {' and '.join(missing)}",
                                  code="incomplete")
        if not all(p.isdigit() for p in parts) or len(parts[2]) != 4:
            raise ValidationError(f"{_sentence(noun)} must be a real date", code="invalid")
        day, month, year = (int(p) for p in parts)
        try:
            return dt.date(year, month, day)
        except ValueError as exc:
            raise ValidationError(f"{_sentence(noun)} must be a real date",
                                  code="invalid") from exc

    def validate(self, value: Any) -> None:
        pass  # to_python has said everything there is to say

    def has_changed(self, initial: Any, data: Any) -> bool:
        try:
            return self.to_python(data) != (initial or None)
        except ValidationError:
            return True


class SignInForm(AuthenticationForm):
    """Django's sign-in, with GOV.UK messages ("Enter your username")."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["username"].error_messages["required"] = "Enter your username"
        self.fields["password"].error_messages["required"] = "Enter your password"
        self.error_messages = {
            **self.error_messages,
            "invalid_login": "Enter a correct username and password. Both are case sensitive",
            "inactive": "This account cannot sign in. Ask your area administrator",
        }

    def clean(self) -> dict[str, Any]:
        # An account made with the demo's published password (by an old `setup`, or by a
        # command that skips the validators) can never be used outside a demo site.
        if is_published_demo_password(self.cleaned_data.get("password") or ""):
            raise ValidationError(
                "This password is published with the demo and cannot be used here. Ask your "
                "area administrator to set a new password for you", code="demo_password")
        return super().clean()

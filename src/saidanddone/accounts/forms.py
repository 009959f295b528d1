"""The second factor's forms: a code from the app, a recovery code, the password again."""

from __future__ import annotations

from django import forms

from saidanddone.core.forms import GovukForm

_CODE_ATTRS = {"autocomplete": "one-time-code", "inputmode": "numeric", "spellcheck": "false",
               "autocapitalize": "off"}


class CodeForm(GovukForm):
    """A code from the authenticator app: 6 digits (spaces are ignored, as apps show 123 456)."""

    code = forms.CharField(label="6-digit code", max_length=20, strip=True,
                           help_text="The code your authenticator app shows now",
                           widget=forms.TextInput(attrs=_CODE_ATTRS))

    def clean_code(self) -> str:
        code = "".join(self.cleaned_data["code"].split())
        if not (code.isdigit() and len(code) == 6):
            raise forms.ValidationError("Enter the 6-digit code, like 123456", code="invalid")
        return code


class RecoveryCodeForm(GovukForm):
    code = forms.CharField(label="Recovery code", max_length=40, strip=True,
                           help_text="One of the codes you were given when you set up your "
                                     "second factor. Each code works once",
                           widget=forms.TextInput(attrs={"autocomplete": "off",
                                                         "spellcheck": "false",
                                                         "autocapitalize": "off"}))


class PasswordAgainForm(GovukForm):
    password = forms.CharField(label="Your password", strip=False,
                               widget=forms.PasswordInput(attrs={
                                   "autocomplete": "current-password"}))

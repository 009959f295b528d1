"""The account's forms: a code from the app, a recovery code, the password again, and
resetting a forgotten password."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth.forms import PasswordResetForm, SetPasswordForm

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


class ResetRequestForm(GovukForm, PasswordResetForm):
    """Django's reset request, with GOV.UK wording. It says the same whether or not an account
    has the address, so the page cannot be used to find out who has one."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["email"].label = "E-mail address"
        self.fields["email"].help_text = "The address your account was set up with."


# SetPasswordForm is generic in the stubs only: at run time it cannot be subscripted.
class NewPasswordForm(GovukForm, SetPasswordForm):  # type: ignore[type-arg]
    """Choosing the new password from the e-mailed link."""

    error_messages = {"password_mismatch": "The passwords do not match"}
    nouns = {"new_password1": "the new password", "new_password2": "the new password again"}

    def __init__(self, user: Any = None, *args: Any, **kwargs: Any) -> None:
        # The reset view always passes the user; a form built without one (a test of every
        # form's messages) only validates.
        super().__init__(user, *args, **kwargs)
        self.fields["new_password1"].label = "New password"
        self.fields["new_password1"].help_text = (
            "At least 8 characters, and not a common password. Three unrelated words are easy "
            "to remember and hard to guess.")
        self.fields["new_password2"].label = "New password again"

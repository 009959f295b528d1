from __future__ import annotations

from django import forms

from saidanddone.core.forms import GovukForm


class FollowForm(GovukForm):
    email = forms.EmailField(
        label="Your e-mail address", max_length=254,
        error_messages={"required": "Enter your e-mail address",
                        "invalid": "Enter an e-mail address in the right format, "
                                   "like name@example.com"},
        widget=forms.EmailInput(attrs={"autocomplete": "email", "spellcheck": "false"}))

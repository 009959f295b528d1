"""Words for feedback's stored codes, for rows that are plain data rather than model objects
(a survey's preview): a page shows "Child or young person", never ``young_person``."""

from __future__ import annotations

from django import template

from saidanddone.feedback.models import RespondentRole

register = template.Library()


@register.filter
def respondent_role_label(code: str) -> str:
    return str(dict(RespondentRole.choices).get(code, code))

"""Text the public will read about a commitment: the personal-details rule, in one place.

Used twice: by the publication checks (publishing/checks.py) on everything a publication makes
public, and by the services here on a live change to a published promise (a public progress
update, a status reason, a date's reason, evidence), which appears at once and in the feed. A
live change that may name a family is held until a person checks it (docs/decisions/0206).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from saidanddone.analysis import redact
from saidanddone.areas.selectors import RedactionLists, redaction_lists

REDACTION_WORDS = {
    "child_name": "a child's name", "person_name": "a person's name", "phone": "a phone number",
    "email": "an e-mail address", "postcode": "a postcode", "address": "an address",
    "nhs_number": "an NHS number", "ni_number": "a National Insurance number",
    "upn": "a unique pupil number", "date_of_birth": "a date of birth",
    "school": "the name of a school or setting",
    "case_reference": "a case or plan reference number",
    "description": "a description that fits one child",
}


def _digits(text: str) -> str:
    return re.sub(r"\D", "", text)


def service_contacts(area: Any) -> set[str]:
    """The council's own service lines and mailboxes: not a family's personal details."""
    values = [area.send_team_phone, area.sendiass_phone, area.social_care_phone,
              area.send_team_email]
    return {v.strip().lower() for v in values if v} | {_digits(v) for v in values if _digits(v)}


@dataclass(frozen=True)
class Finding:
    kind: str  # the engine's type: "school", "phone", ...
    words: str  # the kind, in words: "the name of a school or setting"
    fragment: str  # the text it flagged


def personal_findings(text: str, allowed: set[str], lists: RedactionLists) -> list[Finding]:
    """What the redaction engine would remove from ``text``.

    The same engine and the same area lists as intake, imports and the command line: the
    area's own staff and school names are found, its services and helplines kept.
    """
    found = []
    for span in redact(text, names=lists.names, schools=lists.schools, keep=lists.keep).spans:
        fragment = text[span.start:span.end].strip()
        if fragment.lower() in allowed or (_digits(fragment) and _digits(fragment) in allowed):
            continue
        found.append(Finding(span.type, REDACTION_WORDS.get(span.type,
                                                            span.type.replace("_", " ")),
                             fragment))
    return found


def personal_details(text: str, allowed: set[str], lists: RedactionLists) -> list[str]:
    """The kinds of personal detail in ``text``, in words."""
    return [f.words for f in personal_findings(text, allowed, lists)]


def live_text_problems(area: Any, *texts: str) -> list[str]:
    """The kinds of personal detail in any of ``texts``, in words (empty: fine to show)."""
    lists = redaction_lists(area=area)
    allowed = service_contacts(area)
    return [kind for text in texts if text for kind in personal_details(text, allowed, lists)]

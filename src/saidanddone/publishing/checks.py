"""The checks a publication must pass before it goes to the forum (and again before publishing).

Each problem says what is wrong, how to fix it and where. Blocking problems stop the
publication; advice (long sentences, reading age, a missing Easy Read text) is shown but does
not. The text checks use the analysis engine (redaction, plain English, acronyms) on every
string the public would read.

Some blocking findings are advisories: the engine's judgement where a person can see it is
wrong, such as a partner college taken for a school or a person (docs/decisions/0204). An
officer may accept one with a recorded reason; it then no longer blocks. Personal details a
family could be identified by never can be accepted.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterator
from dataclasses import dataclass, field, replace

from django.urls import reverse

from saidanddone.analysis.plain_english import plain_english
from saidanddone.areas.selectors import redaction_lists
from saidanddone.commitments.models import OPEN_STATUSES, Commitment, Response, Status
from saidanddone.commitments.public_text import (  # one rule for published and live text
    personal_details,
    personal_findings,
)
from saidanddone.commitments.public_text import service_contacts as _service_contacts
from saidanddone.commitments.rules import due_date_problem
from saidanddone.feedback.selectors import countable_feedback
from saidanddone.publishing.disclosure import SMALL_NUMBER
from saidanddone.publishing.glossary import glossary_for
from saidanddone.publishing.models import AcceptedAdvisory, GlossaryTerm, Publication

# Fields whose purpose is to name organisations (the team that owns a promise, its partners).
# There a "name" the engine flags is most often the organisation itself ("Westmere College"),
# and the officer sees the whole value, so the finding is an advisory a person may accept.
ORGANISATION_FIELDS = frozenset({"owner team", "partner organisations"})
# The kinds of finding a person may accept in those fields: names of people, schools and
# settings. A phone number, an e-mail address or a child's name is never an organisation.
ACCEPTABLE_KINDS = frozenset({"person_name", "school"})


@dataclass(frozen=True)
class Problem:
    code: str
    blocking: bool
    where: str
    message: str
    fix: str
    link: str = ""
    field: str = ""  # the field the words are in ("partner organisations")
    flagged: str = ""  # the words the check flagged
    acceptable: bool = False  # an advisory: an officer may accept it with a reason
    accepted: AcceptedAdvisory | None = None

    @property
    def fingerprint(self) -> str:
        """Stable across runs; changes when the check, the place, the field or the words do."""
        key = "\x1f".join((self.code, self.where, self.field, self.flagged.strip().lower()))
        return hashlib.sha256(key.encode()).hexdigest()


@dataclass
class ResponseReport:
    """The plain-English report for one response, shown to staff."""

    response: Response
    reading_age: float
    long_sentences: tuple[str, ...]
    unexpanded: tuple[str, ...]
    has_easy_read: bool


@dataclass
class CheckResult:
    problems: list[Problem] = field(default_factory=list)
    reports: list[ResponseReport] = field(default_factory=list)

    @property
    def blocking(self) -> list[Problem]:
        return [p for p in self.problems if p.blocking and p.accepted is None]

    @property
    def advice(self) -> list[Problem]:
        return [p for p in self.problems if not p.blocking]

    @property
    def accepted(self) -> list[Problem]:
        return [p for p in self.problems if p.accepted is not None]

    @property
    def ok(self) -> bool:
        return not self.blocking


# What an import or a hurried draft writes where nobody owns the promise yet. A published
# promise needs a real owner, so these count as no owner at all.
PLACEHOLDER_OWNER = re.compile(
    r"^(owner\s*:?\s*)?(to be (confirmed|agreed|decided|determined|assigned)|tbc|tba|tbd|"
    r"unknown|not known|not yet known|n/?a|none|pending|-+|\?+)$")


def is_placeholder_owner(owner: str) -> bool:
    return bool(PLACEHOLDER_OWNER.match(re.sub(r"[\s.:()\[\]]+$", "",
                                               " ".join(owner.lower().split()))))


def public_strings(response: Response) -> Iterator[tuple[str, str, str]]:
    """(label, text, link) for every string of a response that a published page shows."""
    area_slug = response.area.slug
    edit = reverse("workspace:response_edit", args=[area_slug, response.pk])
    yield "title", response.title, edit
    yield "what families said", response.you_said, edit
    yield "Easy Read text", response.easy_read, edit
    for c in response.commitments.all():
        link = reverse("workspace:commitment_detail", args=[area_slug, c.pk])
        yield "commitment", c.text, link
        yield "owner team", c.owner_team, link
        yield "partner organisations", c.partners, link
        yield "reason it is not possible", c.not_possible_rationale, link
        for change in c.status_changes.all():
            yield "reason for a change of status", change.reason, link
        for revision in c.due_date_revisions.all():
            yield "reason for a new date", revision.reason, link
        for update in c.progress_updates.all():
            if update.public:
                yield "progress update", update.text, link
        for ev in c.evidence.all():
            if ev.kind == "file" and not getattr(getattr(ev, "file", None), "public", False):
                continue  # a staff-only file's words never reach the public (decision 0220)
            yield "evidence", f"{ev.title}\n{ev.description}", link


def publication_strings(publication: Publication) -> Iterator[tuple[str, str, str]]:
    """(label, text, link) for the strings a publication shows beside its responses: its title
    and introduction, the forum's statement, the note of a correction on its way, and the
    glossary (expansions and explanations are printed under the text)."""
    area = publication.area
    detail = reverse("workspace:publication_detail", args=[area.slug, publication.pk])
    yield "title", publication.title, detail
    yield "introduction", publication.introduction, detail
    sign_off = publication.sign_offs.first()
    if sign_off is not None:
        yield "forum's statement", sign_off.statement, detail
    for correction in publication.corrections.filter(
            state__in=["with_forum", "forum_responded"]):
        yield "note of what changed", correction.change_note, detail
    glossary = reverse("workspace:glossary", args=[area.slug])
    for term in GlossaryTerm.objects.filter(area=area):
        yield f"glossary entry for {term.short}", f"{term.expansion}\n{term.explanation}", glossary


def _commitment_problems(c: Commitment, where: str, link: str) -> Iterator[Problem]:
    short = c.text[:60] + ("..." if len(c.text) > 60 else "")
    if c.status in OPEN_STATUSES:
        if not c.owner_team.strip():
            yield Problem("owner", True, where, f"\u201c{short}\u201d has no owner team.",
                          "Add the team that will do it.", link)
        elif is_placeholder_owner(c.owner_team):
            yield Problem("owner_placeholder", True, where,
                          f"\u201c{short}\u201d has no real owner team: it says "
                          f"\u201c{c.owner_team.strip()}\u201d.",
                          "Name the team that will do it.", link)
        if c.due_date is None:
            yield Problem("due_date", True, where, f"\u201c{short}\u201d has no due date.",
                          "Every \u201cwe will\u201d needs a date families can hold us to.",
                          link)
        elif problem := due_date_problem(c):
            yield Problem("due_date", True, where, f"\u201c{short}\u201d: {problem}",
                          "Change the due date, with the reason families will read.", link)
    if c.status == Status.NOT_POSSIBLE and not c.not_possible_rationale.strip():
        yield Problem("rationale", True, where,
                      f"\u201c{short}\u201d is not possible but does not say why.",
                      "Explain publicly why it is not possible.", link)


def publication_checks(publication: Publication) -> CheckResult:
    area = publication.area
    glossary = glossary_for(area)
    allowed = _service_contacts(area)
    lists = redaction_lists(area=area)
    result = CheckResult()
    problems = result.problems
    detail = reverse("workspace:publication_detail", args=[area.slug, publication.pk])
    glossary_link = reverse("workspace:glossary", args=[area.slug])

    for label, text, link in publication_strings(publication):
        for kind in personal_details(text, allowed, lists):
            problems.append(Problem("personal", True, "The publication",
                                    f"The {label} may contain {kind}.",
                                    "Remove it or write it in general terms.", link))
    intro_report = plain_english(f"{publication.title}\n{publication.introduction}",
                                 known_acronyms=glossary)
    for short in intro_report.unexpanded_acronyms:
        problems.append(Problem("acronym", True, "The publication",
                                f"\u201c{short}\u201d is not explained.",
                                f"Add {short} to the glossary, or write it out in full the "
                                "first time it is used.", glossary_link))

    responses = list(publication.responses.select_related("area").prefetch_related(
        "commitments__progress_updates", "commitments__evidence__file",
        "commitments__status_changes",
        "commitments__due_date_revisions", "feedback"))
    if not responses:
        problems.append(Problem("empty", True, "The publication", "There are no responses.",
                                "Choose the responses to include.", detail))
    for response in responses:
        where = response.title
        edit = reverse("workspace:response_edit", args=[area.slug, response.pk])
        texts = []
        for label, text, link in public_strings(response):
            if not text:
                continue
            texts.append(text)
            for found in personal_findings(text, allowed, lists):
                acceptable = label in ORGANISATION_FIELDS and found.kind in ACCEPTABLE_KINDS
                problems.append(Problem(
                    "personal", True, where,
                    f"The {label} may contain {found.words}: \u201c{found.fragment}\u201d."
                    if acceptable else f"The {label} may contain {found.words}.",
                    "If it is an organisation, accept it and say why. Otherwise remove it."
                    if acceptable else "Remove it, or describe it in general terms so that "
                    "nobody can be identified.", link,
                    field=label, flagged=found.fragment, acceptable=acceptable))
        commitments = list(response.commitments.all())
        if not commitments:
            problems.append(Problem("no_action", True, where, "It says nothing about what "
                                    "we did or will do.", "Add at least one commitment.",
                                    reverse("workspace:response_detail",
                                            args=[area.slug, response.pk])))
        for c in commitments:
            problems.extend(_commitment_problems(
                c, where, reverse("workspace:commitment_detail", args=[area.slug, c.pk])))
        counted = sum(i.represents for i in countable_feedback(response.feedback.all()))
        if 0 < counted < SMALL_NUMBER:
            problems.append(Problem(
                "small_number", False, where,
                f"It is based on fewer than {SMALL_NUMBER} comments, so the count is published "
                f"as \u201cfewer than {SMALL_NUMBER}\u201d.",
                "Check that nothing in the summary could identify a family in a small group.",
                edit))
        report = plain_english("\n".join(texts[:3] + [c.text for c in commitments]),
                               known_acronyms=glossary)
        all_text = plain_english("\n".join(texts), known_acronyms=glossary)
        for short in all_text.unexpanded_acronyms:
            problems.append(Problem(
                "acronym", True, where, f"\u201c{short}\u201d is not explained.",
                f"Add {short} to the glossary, or write it out in full the first time.",
                glossary_link))
        for sentence in report.long_sentences:
            problems.append(Problem(
                "long_sentence", False, where,
                f"A long sentence: \u201c{sentence[:90]}{'...' if len(sentence) > 90 else ''}"
                "\u201d", "Split it into sentences of 25 words or fewer.", edit))
        if report.reading_age > 12:
            problems.append(Problem(
                "reading_age", False, where,
                f"The reading age is about {report.reading_age:g}.",
                "Aim for 12 or lower: shorter words and sentences.", edit))
        if not response.easy_read.strip():
            problems.append(Problem(
                "easy_read", False, where, "It has no Easy Read text yet.",
                "Add an Easy Read version: short sentences, one idea per line.", edit))
        result.reports.append(ResponseReport(
            response=response, reading_age=report.reading_age,
            long_sentences=report.long_sentences,
            unexpanded=all_text.unexpanded_acronyms, has_easy_read=bool(response.easy_read)))
    accepted = {a.fingerprint: a for a in
                AcceptedAdvisory.objects.filter(publication=publication).select_related("by")}
    result.problems = [
        replace(p, accepted=accepted[p.fingerprint])
        if p.acceptable and p.fingerprint in accepted else p for p in problems]
    return result

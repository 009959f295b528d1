"""What a publication version freezes: only what families may read, nothing identifying."""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from typing import Any

from saidanddone.commitments.models import Response
from saidanddone.feedback.models import FeedbackItem, Reg56Category
from saidanddone.feedback.selectors import countable_feedback
from saidanddone.publishing.disclosure import SMALL_NUMBER, coarsest, protect, suppress
from saidanddone.publishing.glossary import glossary_for, glossary_used
from saidanddone.publishing.models import Publication

# Every published count goes through the one disclosure rule (decision 0208); re-exported here
# for the callers that import them from the snapshot.
__all__ = ["SMALL_NUMBER", "suppress"]


def _counts(items: list[FeedbackItem], attr: str, labels: dict[str, str]) -> dict[str, Any]:
    """A total and its breakdown by ``attr``, largest first, protected together so that no
    small count can be worked out by subtraction."""
    counter: Counter[str] = Counter()
    for item in items:
        counter[str(getattr(item, attr))] += item.represents
    shown = protect(sum(counter.values()), dict(counter.most_common()))
    return {"total": shown.total,
            "cells": [{"label": labels.get(key, key), "count": words}
                      for key, words in shown.cells.items()]}


def response_content(response: Response) -> dict[str, Any]:
    items = list(
        countable_feedback(response.feedback.all()).select_related("channel")
    )
    role_labels = dict(FeedbackItem._meta.get_field("respondent_role").choices or [])
    themes = list(response.themes.all())
    by_role = _counts(items, "respondent_role", {k: str(v) for k, v in role_labels.items()})
    by_channel = _counts(items, "channel_id", {str(i.channel_id): i.channel.name for i in items})
    return {
        "id": str(response.pk),
        "title": response.title,
        "you_said": response.you_said,
        "easy_read": response.easy_read,
        "themes": [{"slug": t.slug, "name": t.name, "position": t.position} for t in themes],
        # One total beside two breakdowns of it: shown as exactly as both allow (0208).
        "feedback_count": coarsest(by_role["total"], by_channel["total"]),
        "by_role": by_role["cells"],
        "by_channel": by_channel["cells"],
        "commitments": [
            {
                "id": str(c.pk),
                "text": c.text,
                "owner_team": c.owner_team,
                "partners": c.partners,
                "start_date": c.start_date.isoformat() if c.start_date else None,
                "due_date": c.due_date.isoformat() if c.due_date else None,
                "status": c.status,
                "not_possible_rationale": c.not_possible_rationale,
            }
            for c in response.commitments.all().order_by("due_date", "created_at")
        ],
    }


def reg56_content(publication: Publication) -> list[dict[str, Any]]:
    """Local Offer comments (regulation 56), grouped by its three categories, with the response
    each was answered by. Counts only, suppressed below 5: never the comments themselves."""
    groups = []
    responses = list(publication.responses.order_by("title"))
    for key, label in Reg56Category.choices:
        if not key:
            continue
        per_response = {}
        for response in responses:
            n = sum(i.represents for i in countable_feedback(
                response.feedback.filter(reg56_category=key)))
            if n:
                per_response[str(response.pk)] = (response.title, n)
        # The category's total and its split by response form one breakdown (decision 0208).
        shown = protect(sum(n for _, n in per_response.values()),
                        {pk: n for pk, (_, n) in per_response.items()})
        groups.append({"category": key, "label": str(label), "count": shown.total,
                       "responses": [{"id": pk, "title": title, "count": shown.cells[pk]}
                                     for pk, (title, _) in per_response.items()]})
    return groups


def forum_decision_for(publication: Publication, number: int) -> Any:
    """The forum's latest decision on version ``number``: what is published beside it."""
    return publication.sign_offs.filter(for_version=number).order_by("-created_at").first()


def publication_content(publication: Publication, *, number: int = 1) -> dict[str, Any]:
    """What version ``number`` makes public, beside the forum's decision on that version."""
    sign_off = forum_decision_for(publication, number)
    responses = publication.responses.prefetch_related("themes", "commitments").order_by("title")
    frozen = [response_content(r) for r in responses]
    texts = [publication.introduction] + [
        t for r in frozen for t in [r["title"], r["you_said"], r["easy_read"]]
        + [x for c in r["commitments"] for x in (c["text"], c["owner_team"], c["partners"],
                                                  c["not_possible_rationale"])]]
    return {
        "title": publication.title,
        "kind": publication.kind,
        "period_label": publication.period_label,
        "period_start": publication.period_start.isoformat(),
        "period_end": publication.period_end.isoformat(),
        "introduction": publication.introduction,
        "forum": {
            "name": publication.area.forum_name,
            "decision": sign_off.decision,
            "decision_label": sign_off.get_decision_display(),
            "statement": sign_off.statement,
            "date": sign_off.created_at.date().isoformat(),
            "for_version": number,
        } if sign_off else None,
        "responses": frozen,
        "glossary": glossary_used(texts, glossary_for(publication.area)),
        "reg56": reg56_content(publication),
    }


def digest_of(content: dict[str, Any]) -> str:
    """sha256 of a version's content without the forum's own block (decision 0207): what a
    sign-off is bound to, and what a preview page carries to the sign-off form (0219)."""
    content = {k: v for k, v in content.items() if k != "forum"}
    canonical = json.dumps(content, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(canonical.encode()).hexdigest()

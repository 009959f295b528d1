"""What a publication version freezes: only what families may read, nothing identifying."""

from __future__ import annotations

from collections import Counter
from typing import Any

from saidanddone.commitments.models import Response
from saidanddone.feedback.models import FeedbackItem
from saidanddone.feedback.selectors import countable_feedback
from saidanddone.publishing.models import Publication

# Counts below this are published as "fewer than 5" (SEND.md: suppress small counts).
SMALL_NUMBER = 5


def suppress(count: int) -> str:
    if count == 0:
        return "0"
    return f"fewer than {SMALL_NUMBER}" if count < SMALL_NUMBER else f"{count:,}"


def _counts(items: list[FeedbackItem], attr: str, labels: dict[str, str]) -> list[dict[str, Any]]:
    counter: Counter[str] = Counter()
    for item in items:
        counter[str(getattr(item, attr))] += item.represents
    return [
        {"label": labels.get(key, key), "count": suppress(n)}
        for key, n in counter.most_common()
    ]


def response_content(response: Response) -> dict[str, Any]:
    items = list(
        countable_feedback(response.feedback.all()).select_related("channel")
    )
    role_labels = dict(FeedbackItem._meta.get_field("respondent_role").choices or [])
    themes = list(response.themes.all())
    return {
        "id": str(response.pk),
        "title": response.title,
        "you_said": response.you_said,
        "easy_read": response.easy_read,
        "themes": [{"slug": t.slug, "name": t.name, "position": t.position} for t in themes],
        "feedback_count": suppress(sum(i.represents for i in items)),
        "by_role": _counts(items, "respondent_role", {k: str(v) for k, v in role_labels.items()}),
        "by_channel": _counts(
            items, "channel_id", {str(i.channel_id): i.channel.name for i in items}
        ) if items else [],
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


def publication_content(publication: Publication) -> dict[str, Any]:
    sign_off = publication.sign_offs.first()
    responses = publication.responses.prefetch_related("themes", "commitments").order_by("title")
    return {
        "title": publication.title,
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
        } if sign_off else None,
        "responses": [response_content(r) for r in responses],
    }

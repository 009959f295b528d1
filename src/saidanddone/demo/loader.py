"""Load the fictional demo area through the same services people use (so it is audited too)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from saidanddone.areas.actors import SYSTEM
from saidanddone.areas.models import Area
from saidanddone.areas.services import membership_set, user_create
from saidanddone.commitments import services as commitments
from saidanddone.demo import content
from saidanddone.feedback import services as feedback
from saidanddone.feedback.models import Consent, FeedbackItem
from saidanddone.publishing import services as publishing
from saidanddone.themes.models import Theme
from saidanddone.themes.services import area_set_up, feedback_confirm_themes


def demo_exists() -> bool:
    return Area.objects.filter(slug=content.AREA["slug"]).exists()


@transaction.atomic
def demo_remove() -> None:
    area = Area.objects.filter(slug=content.AREA["slug"]).first()
    if area is not None:
        FeedbackItem.objects.filter(area=area).delete()  # before channels, which they protect
        area.delete()
    get_user_model().objects.filter(username__in=[u for u, _, _ in content.USERS]).delete()


@transaction.atomic
def demo_load(*, today: dt.date | None = None) -> Area:
    """Create Westmere with its users, feedback, responses, commitments and a publication."""
    today = today or timezone.localdate()

    def ago(days: int) -> dt.date:
        return today - dt.timedelta(days=days)

    area = area_set_up(**content.AREA, by=SYSTEM)
    users: dict[str, Any] = {}
    for username, first_name, role in content.USERS:
        user = user_create(username=username, password=content.PASSWORD, by=SYSTEM,
                           email=f"{username}@westmere.example")
        user.first_name = first_name
        user.save(update_fields=["first_name"])
        membership_set(area=area, user=user, role=role, by=SYSTEM)
        users[role] = user
    officer, analyst, forum = users["send_officer"], users["analyst"], users["forum_reviewer"]
    for short, expansion in content.GLOSSARY:
        publishing.glossary_term_set(area=area, short=short, expansion=expansion, by=officer)

    themes = {t.slug: t for t in Theme.objects.filter(area=area)}
    by_theme: dict[str, list[Any]] = {}
    for days, kind, role, slugs, text in content.FEEDBACK:
        item = feedback.feedback_create(
            area=area, text=text, channel=feedback.channel_get_or_create(area=area, kind=kind),
            respondent_role=role, received_on=ago(days), by=officer,
            represents=12 if kind == "forum_report" else 1,
            reg56_category=content.REG56.get(days, ""),
            # The demo's consent mix: online forms and surveys asked, and most adults said
            # yes to quotes; comments from events and young people are paraphrased.
            consent=(Consent.VERBATIM if kind in ("web_form", "survey") and role != "young_person"
                     else Consent.PARAPHRASE),
        )
        feedback.feedback_apply_analysis(item=item)
        if slugs:
            feedback_confirm_themes(feedback=item, themes=[themes[s] for s in slugs], by=analyst)
        for slug in slugs:
            by_theme.setdefault(slug, []).append(item)

    indicators = {}
    for key, (name, unit, direction, points, target) in content.INDICATORS.items():
        indicator = commitments.indicator_create(
            area=area, name=name, unit=unit, direction=direction, by=analyst,
            baseline=Decimal(points[0][1]), target=Decimal(target),
            target_date=today + dt.timedelta(days=180),
        )
        for days, value in points:
            commitments.datapoint_add(indicator=indicator, date=ago(days), value=Decimal(value),
                                      source="Westmere SEND performance report", by=analyst,
                                      public=True)
        indicators[key] = indicator

    published = []
    for title, said, slugs, easy_read, items in content.RESPONSES:
        response = commitments.response_create(
            area=area, title=title, you_said=said, by=officer,
            easy_read=easy_read or content.EASY_READ.get(title, ""),
            themes=[themes[s] for s in slugs],
            feedback=[f for s in slugs for f in by_theme.get(s, [])],
        )
        for (text, team, partners, started, due_in, changes, progress, evidence,
             rationale) in items:
            c = commitments.commitment_create(
                response=response, text=text, owner_team=team, partners=partners,
                start_date=ago(started), due_date=today + dt.timedelta(days=due_in),
                on=ago(started), by=officer,
            )
            for days, note in progress:
                commitments.commitment_add_progress(commitment=c, text=note, on=ago(days),
                                                    by=officer)
            for status, days, reason in changes:
                commitments.commitment_set_status(commitment=c, status=status, reason=reason,
                                                  rationale=rationale, on=ago(days), by=officer)
            for days, kind, ev_title, url, description, indicator_key in evidence:
                commitments.evidence_add(commitment=c, kind=kind, title=ev_title, url=url,
                                         description=description, on=ago(days),
                                         indicator=indicators.get(indicator_key or ""),
                                         by=officer)
        if title not in content.DRAFT_RESPONSE_TITLES:
            published.append(response)

    year_start = ago(365)
    publication = publishing.publication_create(
        area=area, title=f"You said, we did {year_start.year} to {today.year}",
        period_label=f"{year_start.year} to {today.year}", period_start=year_start,
        period_end=today, responses=published, by=officer,
        introduction="Every year we ask families what is working and what is not. This is what "
                     "you told us, what we have done and what we will do next.",
    )
    publishing.publication_send_to_forum(publication=publication, by=officer)
    publishing.publication_sign_off(
        publication=publication, decision="reservations", by=forum,
        statement="We agree this is a fair summary of what families told us, and the new phone "
                  "line has made a real difference. We are not yet satisfied on EHC plan "
                  "timeliness: most plans are still late, and we will keep asking for monthly "
                  "figures.",
    )
    publishing.publication_publish(publication=publication, by=officer)
    return area

"""The publication workflow: draft → with the forum → forum responded → published (versions)."""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify

from saidanddone.areas import permissions
from saidanddone.areas.actors import Actor, person
from saidanddone.areas.mail import email_queue
from saidanddone.areas.models import Area, Membership, Role
from saidanddone.areas.selectors import role_of
from saidanddone.commitments.models import Commitment, Response
from saidanddone.core.audit import AuditAction, audit
from saidanddone.publishing.checks import publication_checks
from saidanddone.publishing.models import (
    AcceptedAdvisory,
    Correction,
    ForumSignOff,
    GlossaryTerm,
    Publication,
    PublicationVersion,
    ReviewComment,
)
from saidanddone.publishing.pages import render_publication_page
from saidanddone.publishing.selectors import forget_stored_pages
from saidanddone.publishing.snapshot import digest_of, forum_decision_for, publication_content

State = Publication.State


def _require(area: Area, by: Actor, allowed: frozenset[Any], action: str) -> None:
    permissions.require(role_of(user=by, area=area), allowed, action)


@transaction.atomic
def publication_create(
    *, area: Area, title: str, period_label: str, period_start: dt.date, period_end: dt.date,
    by: Actor, introduction: str = "", responses: Iterable[Response] = (),
    kind: Publication.Kind | str = Publication.Kind.ANNUAL,
) -> Publication:
    _require(area, by, permissions.PUBLISH, "prepare publications")
    if period_end < period_start:
        raise ValueError("The period must end after it starts.")
    kind = Publication.Kind(kind)
    base = slugify(period_label or title)[:70] or "publication"
    slug, n = base, 2
    while Publication.objects.filter(area=area, slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    publication = Publication.objects.create(
        area=area, title=title.strip(), slug=slug, period_label=period_label.strip(),
        period_start=period_start, period_end=period_end, introduction=introduction.strip(),
        kind=kind,
    )
    chosen = list(responses)
    if any(r.area_id != area.pk for r in chosen):
        raise ValueError("Responses must belong to this area.")
    publication.responses.set(chosen)
    audit(action=AuditAction.PUBLICATION_CREATE, obj=publication, by=by, area=area,
          after={"title": publication.title, "kind": kind, "responses": len(chosen)})
    return publication


DETAILS = ("title", "kind", "period_label", "period_start", "period_end", "introduction")


@transaction.atomic
def publication_update(
    *, publication: Publication, title: str, period_label: str, period_start: dt.date,
    period_end: dt.date, by: Actor, introduction: str = "",
    kind: Publication.Kind | str = Publication.Kind.ANNUAL,
    responses: Iterable[Response] | None = None,
) -> Publication:
    """Change a draft's details and, when given, the responses it holds (all in one save)."""
    _require(publication.area, by, permissions.PUBLISH, "prepare publications")
    if publication.state != State.DRAFT:
        raise ValueError("Only a draft can be changed. Bring it back to draft first.")
    if not title.strip():
        raise ValueError("Enter a title.")
    if period_end < period_start:
        raise ValueError("The period must end after it starts.")
    before = {name: getattr(publication, name) for name in DETAILS}
    publication.title, publication.kind = title.strip(), Publication.Kind(kind)
    publication.period_label, publication.introduction = period_label.strip(), introduction.strip()
    publication.period_start, publication.period_end = period_start, period_end
    publication.save()
    after = {name: getattr(publication, name) for name in DETAILS}
    audit(action=AuditAction.PUBLICATION_UPDATE, obj=publication, by=by, area=publication.area,
          before={k: v for k, v in before.items() if after[k] != v},
          after={k: v for k, v in after.items() if before[k] != v})
    if responses is not None:
        publication_set_responses(publication=publication, responses=responses, by=by)
    return publication


@transaction.atomic
def publication_set_responses(
    *, publication: Publication, responses: Iterable[Response], by: Actor
) -> Publication:
    _require(publication.area, by, permissions.PUBLISH, "prepare publications")
    if publication.state != State.DRAFT:
        raise ValueError("Only a draft can be changed. Bring it back to draft first.")
    chosen = list(responses)
    if any(r.area_id != publication.area_id for r in chosen):
        raise ValueError("Responses must belong to this area.")
    before = sorted(str(pk) for pk in publication.responses.values_list("pk", flat=True))
    publication.responses.set(chosen)
    audit(action=AuditAction.PUBLICATION_RESPONSES, obj=publication, by=by, area=publication.area,
          before={"responses": before}, after={"responses": sorted(str(r.pk) for r in chosen)})
    return publication


def _set_state(publication: Publication, state: str, by: Actor, action: str) -> Publication:
    before = {"state": publication.state}
    publication.state = state
    publication.save(update_fields=["state", "updated_at"])
    audit(action=action, obj=publication, by=by, area=publication.area, before=before,
          after={"state": state})
    return publication


@transaction.atomic
def publication_send_to_forum(*, publication: Publication, by: Actor) -> Publication:
    _require(publication.area, by, permissions.PUBLISH, "send publications to the forum")
    if publication.state != State.DRAFT:
        raise ValueError("Only a draft can be sent to the forum.")
    if not publication.responses.exists():
        raise ValueError("Add at least one response before sending it to the forum.")
    _refuse_blocking(publication, "it can go to the forum")
    _set_state(publication, State.WITH_FORUM, by, AuditAction.PUBLICATION_SEND_TO_FORUM)
    _tell_the_forum(publication, by)
    return publication


def _tell_the_forum(publication: Publication, by: Actor) -> None:
    """Each forum reviewer with an e-mail address is told that a publication waits for their
    decision. Keyed by what they will see: sent back unchanged, it is not announced twice;
    changed and sent again, it is."""
    number = next_version_number(publication)
    digest = content_digest(publication, number)[:16]
    base = settings.SAIDANDDONE_BASE_URL.rstrip("/")
    args = [publication.area.slug, publication.pk]
    preview = base + reverse("workspace:publication_preview", args=args)
    decide = base + reverse("workspace:publication_detail", args=args)
    user = person(by)  # send_to_forum has refused the system: only officers send
    sender = user.get_full_name() or user.get_username()
    reviewers = Membership.objects.filter(
        area=publication.area, role=Role.FORUM_REVIEWER).exclude(user__email="").select_related(
        "user")
    for reviewer in reviewers:
        email_queue(
            key=f"forum-review:{publication.pk}:{number}:{digest}:{reviewer.user_id}",
            to=[reviewer.user.email], area=publication.area,
            subject=f"{publication.title}: waiting for the forum's decision",
            body=(f"{sender} has sent “{publication.title}” ({publication.period_label}) to "
                  f"{publication.area.forum_name or 'the parent carer forum'} for sign-off.\n\n"
                  f"Read exactly what will be published:\n{preview}\n\n"
                  f"Comment on any response, and record the forum's decision:\n{decide}\n\n"
                  "Nothing is published until the forum has decided."))


def _refuse_blocking(publication: Publication, what: str) -> None:
    blocking = publication_checks(publication).blocking
    if blocking:
        first = blocking[0]
        more = f" (and {len(blocking) - 1} more)" if len(blocking) > 1 else ""
        raise ValueError(f"Fix the problems in the checks before {what}: {first.where}: "
                         f"{first.message}{more}")


@transaction.atomic
def publication_return_to_draft(*, publication: Publication, by: Actor) -> Publication:
    _require(publication.area, by, permissions.PUBLISH, "change publications")
    if publication.state not in (State.WITH_FORUM, State.SIGNED_OFF):
        raise ValueError("Only a publication with the forum can go back to draft.")
    return _set_state(publication, State.DRAFT, by, AuditAction.PUBLICATION_RETURN_TO_DRAFT)


CHANGED_AFTER_SIGN_OFF = ("Something changed after the forum signed off: send it to the forum "
                          "again. The forum's decision is about what it saw, not what is there "
                          "now.")


def content_digest(publication: Publication, number: int) -> str:
    """sha256 of what version ``number`` would make public, without the forum's decision
    itself: every title, text, owner, date, status and count. A sign-off records it; publishing
    compares it with the content now, so an edit after the forum agreed cannot go out under
    its "Agreed" (decision 0207)."""
    return digest_of(publication_content(publication, number=number))


def _lock(publication: Publication) -> None:
    """Lock the publication's row and read its state as stored now: of two clicks on
    "Publish" at once, the second waits and then finds it already published."""
    publication.state = Publication.objects.select_for_update().get(pk=publication.pk).state


def _require_decision_on_this_content(publication: Publication, number: int) -> None:
    decision = forum_decision_for(publication, number)
    if decision is None or decision.content_digest != content_digest(publication, number):
        raise ValueError(CHANGED_AFTER_SIGN_OFF)


CHANGED_SINCE_PREVIEW = ("What will be published has changed since you looked at it. Read "
                         "the preview again, then record the forum's decision.")


def under_review(publication: Publication) -> bool:
    """Whether the forum has something of this publication to decide on (or has just decided
    and it is not yet published): the first version with the forum, or an open correction."""
    return publication.state in (State.WITH_FORUM, State.SIGNED_OFF) or (
        open_correction(publication) is not None)


@transaction.atomic
def publication_sign_off(
    *, publication: Publication, decision: ForumSignOff.Decision | str, statement: str, by: Actor,
    seen_digest: str | None = None,
) -> ForumSignOff:
    """The parent carer forum records whether it agrees, in its own words.

    ``seen_digest`` is the content digest of the page the reviewer read (the preview, carried
    by the form): when what would be published has changed since, the decision is refused, so
    the forum never agrees to words it has not seen (decision 0219). Services called without a
    page (commands, tests) pass None and decide on the content as it is now."""
    _require(publication.area, by, permissions.SIGN_OFF, "sign off for the forum")
    _lock(publication)
    correction = open_correction(publication)
    if publication.state not in (State.WITH_FORUM, State.SIGNED_OFF) and correction is None:
        raise ValueError("The forum can respond once the publication has been sent to it.")
    if not statement.strip():
        raise ValueError("Enter the forum's statement. It is published beside the council's.")
    number = next_version_number(publication)
    digest = content_digest(publication, number)
    if seen_digest is not None and seen_digest != digest:
        raise ValueError(CHANGED_SINCE_PREVIEW)
    sign_off = ForumSignOff.objects.create(
        publication=publication, decision=ForumSignOff.Decision(decision),
        statement=statement.strip(), by=person(by), for_version=number, content_digest=digest,
    )
    if correction is not None:
        correction.state = Correction.State.FORUM_RESPONDED
        correction.save(update_fields=["state", "updated_at"])
    else:
        _set_state(publication, State.SIGNED_OFF, by, AuditAction.PUBLICATION_SIGN_OFF)
    audit(action=AuditAction.PUBLICATION_FORUM_DECISION,
          obj=publication, by=by, area=publication.area,
          after={"decision": sign_off.decision, "statement": sign_off.statement,
                 "for_version": sign_off.for_version,
                 "content_digest": sign_off.content_digest})
    return sign_off


def next_version_number(publication: Publication) -> int:
    """The number the next published version will have: 1, then one more per correction."""
    latest = publication.versions.order_by("-number").values_list("number", flat=True).first()
    return (latest or 0) + 1


def open_correction(publication: Publication) -> Correction | None:
    """The correction on its way to the public (with the forum, or answered by it), if any."""
    return publication.corrections.filter(state__in=[
        Correction.State.WITH_FORUM, Correction.State.FORUM_RESPONDED]).first()


def _new_version(publication: Publication, by: Actor, change_note: str) -> PublicationVersion:
    number = next_version_number(publication)
    content = publication_content(publication, number=number)
    version = PublicationVersion.objects.create(
        publication=publication, number=number, content=content,
        change_note=change_note, by=person(by),
    )
    version.commitments.set(Commitment.objects.filter(response__in=publication.responses.all()))
    # Every version's page changes ("this is an earlier version"), so render them all now.
    for each in publication.versions.all():
        version_render(version=each)
    version.refresh_from_db()
    return version


@transaction.atomic
def publication_publish(*, publication: Publication, by: Actor) -> PublicationVersion:
    """Freeze the publication as version 1, readable by everyone."""
    _require(publication.area, by, permissions.PUBLISH, "publish")
    _lock(publication)
    if publication.state != State.SIGNED_OFF:
        raise ValueError("The forum must respond before the publication can be published.")
    if forum_decision_for(publication, next_version_number(publication)) is None:
        raise ValueError("The forum must respond to this version before it can be published.")
    _refuse_blocking(publication, "it can be published")
    _require_decision_on_this_content(publication, next_version_number(publication))
    version = _new_version(publication, by, change_note="")
    _set_state(publication, State.PUBLISHED, by, AuditAction.PUBLICATION_PUBLISH)
    audit(action=AuditAction.PUBLICATION_VERSION, obj=publication, by=by, area=publication.area,
          after={"version": version.number})
    return version


# Corrections (docs/decisions/0204): a corrected version goes to the forum first, and is
# published beside the forum's decision on that version, never beside its earlier statement.

@transaction.atomic
def publication_correction_request(
    *, publication: Publication, change_note: str, by: Actor
) -> Correction:
    """Ask the forum about a corrected version. The published version stays public meanwhile."""
    _require(publication.area, by, permissions.PUBLISH, "prepare corrections")
    if publication.state != State.PUBLISHED:
        raise ValueError("Only a published publication can be corrected.")
    if open_correction(publication) is not None:
        raise ValueError("A correction is already with the forum. Publish or withdraw it first.")
    if not change_note.strip():
        raise ValueError("Enter what has changed. The note is shown to the public.")
    _refuse_blocking(publication, "a correction can go to the forum")
    correction = Correction.objects.create(
        publication=publication, number=next_version_number(publication),
        change_note=change_note.strip(), by=person(by))
    audit(action=AuditAction.PUBLICATION_CORRECTION_REQUEST, obj=publication, by=by,
          area=publication.area,
          after={"version": correction.number, "change_note": correction.change_note})
    return correction


@transaction.atomic
def publication_correction_withdraw(*, publication: Publication, by: Actor) -> Correction:
    _require(publication.area, by, permissions.PUBLISH, "withdraw corrections")
    correction = open_correction(publication)
    if correction is None:
        raise ValueError("There is no correction waiting to be published.")
    correction.state = Correction.State.WITHDRAWN
    correction.save(update_fields=["state", "updated_at"])
    audit(action=AuditAction.PUBLICATION_CORRECTION_WITHDRAW, obj=publication, by=by,
          area=publication.area, after={"version": correction.number})
    return correction


@transaction.atomic
def publication_correct(*, publication: Publication, by: Actor) -> PublicationVersion:
    """Publish the corrected version the forum has responded to, with its public change note.

    Earlier versions stay readable, each beside the forum's decision on it.
    """
    _require(publication.area, by, permissions.PUBLISH, "publish corrections")
    _lock(publication)
    correction = open_correction(publication)
    if publication.state != State.PUBLISHED or correction is None:
        raise ValueError("Send the correction to the forum first.")
    if correction.state != Correction.State.FORUM_RESPONDED or \
            forum_decision_for(publication, correction.number) is None:
        raise ValueError("The forum must respond to the correction before it is published.")
    _refuse_blocking(publication, "a correction can be published")
    _require_decision_on_this_content(publication, correction.number)
    version = _new_version(publication, by, change_note=correction.change_note)
    correction.state = Correction.State.PUBLISHED
    correction.save(update_fields=["state", "updated_at"])
    audit(action=AuditAction.PUBLICATION_VERSION, obj=publication, by=by, area=publication.area,
          after={"version": version.number, "change_note": correction.change_note})
    return version


# Accepted advisories ---------------------------------------------------------------------------

@transaction.atomic
def publication_advisory_accept(
    *, publication: Publication, fingerprint: str, reason: str, by: Actor
) -> AcceptedAdvisory:
    """An officer accepts one advisory finding, saying why; it then no longer blocks."""
    _require(publication.area, by, permissions.PUBLISH, "accept check findings")
    if not reason.strip():
        raise ValueError("Enter why this is not a problem, for example: it is the name of a "
                         "partner college.")
    problem = next((p for p in publication_checks(publication).problems
                    if p.fingerprint == fingerprint), None)
    if problem is None:
        raise ValueError("That finding is no longer in the checks. It may have been fixed.")
    if not problem.acceptable:
        raise ValueError("This finding cannot be accepted: remove the personal details.")
    if problem.accepted is not None:
        raise ValueError("This finding has already been accepted.")
    accepted = AcceptedAdvisory.objects.create(
        publication=publication, fingerprint=fingerprint, code=problem.code,
        where=problem.where[:300], flagged=problem.flagged[:300],
        message=problem.message[:400], reason=reason.strip(), by=person(by))
    audit(action=AuditAction.PUBLICATION_ADVISORY_ACCEPT, obj=publication, by=by,
          area=publication.area,
          after={"where": problem.where, "field": problem.field, "flagged": problem.flagged,
                 "reason": accepted.reason})
    return accepted


# The stored rendering (docs/decisions/0200). Derived from published data, like a cache: it is
# not audited, and it can always be rebuilt from the version.

def version_render(*, version: PublicationVersion) -> PublicationVersion:
    """Render a version's public page once and store it, with its ETag."""
    version = PublicationVersion.objects.select_related("publication__area").get(pk=version.pk)
    html = render_publication_page(version)
    etag = hashlib.sha256(html.encode()).hexdigest()[:32]
    PublicationVersion.objects.filter(pk=version.pk).update(
        rendered_html=html, rendered_etag=etag, rendered_at=timezone.now(),
        rendered_stale=False)
    version.rendered_html, version.rendered_etag, version.rendered_stale = html, etag, False
    forget_stored_pages()
    return version


def versions_mark_stale(*, commitment_id: Any) -> list[str]:
    """A published commitment changed: its stored pages show an old status until re-rendered.
    Marked stale at once (pages are rendered live meanwhile); the re-render runs as a task."""
    ids = [str(pk) for pk in PublicationVersion.objects.filter(
        commitments__pk=commitment_id).values_list("pk", flat=True)]
    if ids:
        PublicationVersion.objects.filter(pk__in=ids).update(rendered_stale=True)
        forget_stored_pages()
    return ids


def versions_render_all(*, area: Area | None = None) -> int:
    """Re-render every stored page (after a template or branding change)."""
    qs = PublicationVersion.objects.all()
    if area is not None:
        qs = qs.filter(publication__area=area)
    n = 0
    for version in qs.only("pk"):
        version_render(version=version)
        n += 1
    return n


# The area's glossary --------------------------------------------------------------------------

@transaction.atomic
def glossary_term_set(*, area: Area, short: str, expansion: str, by: Actor,
                      explanation: str = "") -> GlossaryTerm:
    """Add an abbreviation, or change what an existing one stands for."""
    _require(area, by, permissions.PUBLISH, "manage the glossary")
    short, expansion = short.strip(), expansion.strip()
    if not short or not expansion:
        raise ValueError("Enter the abbreviation and what it stands for.")
    if len(short) > 20 or " " in short:
        raise ValueError("An abbreviation is one short word, such as EHC or SENCo.")
    term = GlossaryTerm.objects.filter(area=area, short=short).first()
    before = {"expansion": term.expansion, "explanation": term.explanation} if term else {}
    if term is None:
        term = GlossaryTerm(area=area, short=short)
    term.expansion, term.explanation = expansion, explanation.strip()
    term.save()
    audit(action=AuditAction.GLOSSARY_SET, obj=term, by=by, area=area, before=before,
          after={"short": short, "expansion": expansion, "explanation": term.explanation})
    return term


@transaction.atomic
def glossary_term_delete(*, term: GlossaryTerm, by: Actor) -> None:
    _require(term.area, by, permissions.PUBLISH, "manage the glossary")
    audit(action=AuditAction.GLOSSARY_DELETE, obj=term, by=by, area=term.area,
          before={"short": term.short, "expansion": term.expansion})
    term.delete()


# The forum's review: comments on single responses (issue 14). Staff-only, never published.

REVIEW_COMMENT_MAX = 2000


@transaction.atomic
def review_comment_add(
    *, publication: Publication, response: Response, text: str, by: Actor
) -> ReviewComment:
    """The forum (or an officer) remarks on one response of a publication under review."""
    _require(publication.area, by, permissions.REVIEW_COMMENT, "comment on a publication")
    if not under_review(publication):
        raise ValueError("You can comment while the publication is with the forum.")
    if not publication.responses.filter(pk=response.pk).exists():
        raise ValueError("That response is not in this publication.")
    text = text.strip()
    if not text:
        raise ValueError("Enter your comment")
    if len(text) > REVIEW_COMMENT_MAX:
        raise ValueError(f"Your comment must be {REVIEW_COMMENT_MAX} characters or fewer")
    comment = ReviewComment.objects.create(
        publication=publication, response=response, text=text, by=person(by),
        for_version=next_version_number(publication))
    audit(action=AuditAction.PUBLICATION_REVIEW_COMMENT,
          obj=publication, by=by, area=publication.area,
          after={"comment": str(comment.pk), "response": response.title, "text": text,
                 "for_version": comment.for_version})
    if role_of(user=by, area=publication.area) in permissions.SIGN_OFF:
        _tell_the_officers(comment)
    return comment


def _tell_the_officers(comment: ReviewComment) -> None:
    """The forum commented: each officer and administrator of the area with an e-mail address
    is told, through the outbox, with a link to the comment (the other direction of
    ``_tell_the_forum``). Officers' own comments are notes to each other on the page and are
    not e-mailed. The e-mail names the response, not the comment's words: those are read
    signed in, like everything else under review."""
    publication, area = comment.publication, comment.publication.area
    link = (settings.SAIDANDDONE_BASE_URL.rstrip("/")
            + reverse("workspace:publication_detail", args=[area.slug, publication.pk])
            + f"#comment-{comment.pk}")
    forum = area.forum_name or "The parent carer forum"
    if comment.by is not None:
        forum += f" ({comment.by.get_full_name() or comment.by.get_username()})"
    officers = Membership.objects.filter(
        area=area, role__in=permissions.RESOLVE_REVIEW_COMMENT).exclude(
        user__email="").exclude(user__is_active=False).select_related("user")
    for officer in officers:
        email_queue(
            key=f"review-comment:{comment.pk}:{officer.user_id}",
            to=[officer.user.email], area=area,
            subject=f"{publication.title}: the forum commented on \u201c{comment.response.title}"
                    "\u201d",
            body=(f"{forum} commented on the response \u201c{comment.response.title}"
                  f"\u201d in \u201c{publication.title}\u201d ({publication.period_label}), "
                  "which is waiting for the forum's decision.\n\n"
                  f"Read the comment, and mark it resolved once you have dealt with it:\n{link}"
                  "\n\nA change to the publication means the forum signs off again."))


@transaction.atomic
def review_comment_resolve(*, comment: ReviewComment, by: Actor) -> ReviewComment:
    """An officer says a comment has been dealt with. It stays on the page, marked resolved."""
    publication = comment.publication
    _require(publication.area, by, permissions.RESOLVE_REVIEW_COMMENT,
             "mark review comments resolved")
    comment = ReviewComment.objects.select_for_update().get(pk=comment.pk)
    if comment.resolved_at is not None:
        raise ValueError("This comment is already marked resolved.")
    comment.resolved_at, comment.resolved_by = timezone.now(), person(by)
    comment.save(update_fields=["resolved_at", "resolved_by", "updated_at"])
    audit(action=AuditAction.PUBLICATION_REVIEW_COMMENT_RESOLVE, obj=publication, by=by,
          area=publication.area,
          before={"resolved": False},
          after={"comment": str(comment.pk), "response": comment.response.title,
                 "resolved": True})
    return comment

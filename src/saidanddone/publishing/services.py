"""The publication workflow: draft → with the forum → forum responded → published (versions)."""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from saidanddone.areas import permissions
from saidanddone.areas.models import Area
from saidanddone.areas.selectors import role_of
from saidanddone.commitments.models import Commitment, Response
from saidanddone.core.audit import audit
from saidanddone.publishing.checks import publication_checks
from saidanddone.publishing.models import (
    ForumSignOff,
    GlossaryTerm,
    Publication,
    PublicationVersion,
)
from saidanddone.publishing.selectors import forget_stored_pages
from saidanddone.publishing.snapshot import publication_content

State = Publication.State


def _require(area: Area, by: Any, allowed: frozenset[Any], action: str) -> None:
    permissions.require(role_of(user=by, area=area), allowed, action)


@transaction.atomic
def publication_create(
    *, area: Area, title: str, period_label: str, period_start: dt.date, period_end: dt.date,
    by: Any, introduction: str = "", responses: Iterable[Response] = (),
) -> Publication:
    _require(area, by, permissions.PUBLISH, "prepare publications")
    if period_end < period_start:
        raise ValueError("The period must end after it starts.")
    base = slugify(period_label or title)[:70] or "publication"
    slug, n = base, 2
    while Publication.objects.filter(area=area, slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    publication = Publication.objects.create(
        area=area, title=title.strip(), slug=slug, period_label=period_label.strip(),
        period_start=period_start, period_end=period_end, introduction=introduction.strip(),
    )
    chosen = list(responses)
    if any(r.area_id != area.pk for r in chosen):
        raise ValueError("Responses must belong to this area.")
    publication.responses.set(chosen)
    audit(action="publication.create", obj=publication, by=by, area=area,
          after={"title": publication.title, "responses": len(chosen)})
    return publication


@transaction.atomic
def publication_set_responses(
    *, publication: Publication, responses: Iterable[Response], by: Any
) -> Publication:
    _require(publication.area, by, permissions.PUBLISH, "prepare publications")
    if publication.state != State.DRAFT:
        raise ValueError("Only a draft can be changed. Bring it back to draft first.")
    chosen = list(responses)
    if any(r.area_id != publication.area_id for r in chosen):
        raise ValueError("Responses must belong to this area.")
    before = sorted(str(pk) for pk in publication.responses.values_list("pk", flat=True))
    publication.responses.set(chosen)
    audit(action="publication.responses", obj=publication, by=by, area=publication.area,
          before={"responses": before}, after={"responses": sorted(str(r.pk) for r in chosen)})
    return publication


def _set_state(publication: Publication, state: str, by: Any, action: str) -> Publication:
    before = {"state": publication.state}
    publication.state = state
    publication.save(update_fields=["state", "updated_at"])
    audit(action=action, obj=publication, by=by, area=publication.area, before=before,
          after={"state": state})
    return publication


@transaction.atomic
def publication_send_to_forum(*, publication: Publication, by: Any) -> Publication:
    _require(publication.area, by, permissions.PUBLISH, "send publications to the forum")
    if publication.state != State.DRAFT:
        raise ValueError("Only a draft can be sent to the forum.")
    if not publication.responses.exists():
        raise ValueError("Add at least one response before sending it to the forum.")
    _refuse_blocking(publication, "it can go to the forum")
    return _set_state(publication, State.WITH_FORUM, by, "publication.send_to_forum")


def _refuse_blocking(publication: Publication, what: str) -> None:
    blocking = publication_checks(publication).blocking
    if blocking:
        first = blocking[0]
        more = f" (and {len(blocking) - 1} more)" if len(blocking) > 1 else ""
        raise ValueError(f"Fix the problems in the checks before {what}: {first.where}: "
                         f"{first.message}{more}")


@transaction.atomic
def publication_return_to_draft(*, publication: Publication, by: Any) -> Publication:
    _require(publication.area, by, permissions.PUBLISH, "change publications")
    if publication.state not in (State.WITH_FORUM, State.SIGNED_OFF):
        raise ValueError("Only a publication with the forum can go back to draft.")
    return _set_state(publication, State.DRAFT, by, "publication.return_to_draft")


@transaction.atomic
def publication_sign_off(
    *, publication: Publication, decision: ForumSignOff.Decision | str, statement: str, by: Any
) -> ForumSignOff:
    """The parent carer forum records whether it agrees, in its own words."""
    _require(publication.area, by, permissions.SIGN_OFF, "sign off for the forum")
    if publication.state not in (State.WITH_FORUM, State.SIGNED_OFF):
        raise ValueError("The forum can respond once the publication has been sent to it.")
    if not statement.strip():
        raise ValueError("Enter the forum's statement. It is published beside the council's.")
    sign_off = ForumSignOff.objects.create(
        publication=publication, decision=ForumSignOff.Decision(decision),
        statement=statement.strip(), by=by,
    )
    _set_state(publication, State.SIGNED_OFF, by, "publication.sign_off")
    audit(action="publication.forum_decision", obj=publication, by=by, area=publication.area,
          after={"decision": sign_off.decision, "statement": sign_off.statement})
    return sign_off


def _new_version(publication: Publication, by: Any, change_note: str) -> PublicationVersion:
    number = (publication.versions.order_by("-number").first() or PublicationVersion()).number
    content = publication_content(publication)
    version = PublicationVersion.objects.create(
        publication=publication, number=(number or 0) + 1, content=content,
        change_note=change_note, by=by,
    )
    version.commitments.set(Commitment.objects.filter(response__in=publication.responses.all()))
    # Every version's page changes ("this is an earlier version"), so render them all now.
    for each in publication.versions.all():
        version_render(version=each)
    version.refresh_from_db()
    return version


@transaction.atomic
def publication_publish(*, publication: Publication, by: Any) -> PublicationVersion:
    """Freeze the publication as version 1, readable by everyone."""
    _require(publication.area, by, permissions.PUBLISH, "publish")
    if publication.state != State.SIGNED_OFF:
        raise ValueError("The forum must respond before the publication can be published.")
    _refuse_blocking(publication, "it can be published")
    version = _new_version(publication, by, change_note="")
    _set_state(publication, State.PUBLISHED, by, "publication.publish")
    audit(action="publication.version", obj=publication, by=by, area=publication.area,
          after={"version": version.number})
    return version


@transaction.atomic
def publication_correct(
    *, publication: Publication, change_note: str, by: Any
) -> PublicationVersion:
    """Publish a corrected version. Earlier versions stay readable; the change note is public."""
    _require(publication.area, by, permissions.PUBLISH, "publish corrections")
    if publication.state != State.PUBLISHED:
        raise ValueError("Only a published publication can be corrected.")
    if not change_note.strip():
        raise ValueError("Say what changed. The note is shown to the public.")
    _refuse_blocking(publication, "a correction can be published")
    version = _new_version(publication, by, change_note=change_note.strip())
    audit(action="publication.version", obj=publication, by=by, area=publication.area,
          after={"version": version.number, "change_note": change_note.strip()})
    return version


# The stored rendering (docs/decisions/0200). Derived from published data, like a cache: it is
# not audited, and it can always be rebuilt from the version.

def version_render(*, version: PublicationVersion) -> PublicationVersion:
    """Render a version's public page once and store it, with its ETag."""
    from saidanddone.publishing.pages import render_publication_page

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
def glossary_term_set(*, area: Area, short: str, expansion: str, by: Any,
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
    audit(action="glossary.set", obj=term, by=by, area=area, before=before,
          after={"short": short, "expansion": expansion, "explanation": term.explanation})
    return term


@transaction.atomic
def glossary_term_delete(*, term: GlossaryTerm, by: Any) -> None:
    _require(term.area, by, permissions.PUBLISH, "manage the glossary")
    audit(action="glossary.delete", obj=term, by=by, area=term.area,
          before={"short": term.short, "expansion": term.expansion})
    term.delete()

"""Building the public "You said, we did" page of a version: used for the stored rendering and
for the live rendering that stands in while a stored one is being refreshed."""

from __future__ import annotations

import re
from collections import OrderedDict
from collections.abc import Mapping
from typing import Any

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone

from saidanddone.commitments.rules import is_late
from saidanddone.publishing import selectors
from saidanddone.publishing.models import Publication, PublicationVersion
from saidanddone.publishing.snapshot import publication_content
from saidanddone.publishing.tasks import render_versions

PAGE_TEMPLATE = "publishing/publication_page.html"


class FirstUse:
    """Expands each glossary term the first time it appears on a page: 'EHC (education,
    health and care)'. Later uses are left short."""

    def __init__(self, glossary: list[dict[str, str]] | Mapping[str, str]) -> None:
        items = glossary.items() if isinstance(glossary, Mapping) else [
            (g["short"], g["expansion"]) for g in glossary]
        self.terms = dict(items)
        self.seen: set[str] = set()
        self.pattern = re.compile(
            r"\b(" + "|".join(re.escape(t) for t in sorted(self.terms, key=len, reverse=True))
            + r")(s?)\b") if self.terms else None

    def __call__(self, text: str) -> str:
        if not self.pattern or not text:
            return text

        def swap(match: re.Match[str]) -> str:
            short = match.group(1)
            if match.string[max(match.start() - 1, 0):match.start()] == "(":
                self.seen.add(short)  # the author wrote "In full (SHORT)" already
            if short in self.seen:
                return match.group(0)
            self.seen.add(short)
            return f"{match.group(0)} ({self.terms[short]})"

        return self.pattern.sub(swap, text)


def theme_groups(content: dict[str, Any], live: Mapping[str, Any],
                 expand: FirstUse | None = None) -> list[dict[str, Any]]:
    expand = expand or FirstUse({})
    groups: OrderedDict[str, dict[str, Any]] = OrderedDict()
    for response in sorted(content["responses"],
                           key=lambda r: (min((t["position"] for t in r["themes"]), default=999),
                                          r["title"])):
        theme = response["themes"][0] if response["themes"] else {"name": "Other", "slug": "other"}
        group = groups.setdefault(theme["slug"], {"name": theme["name"], "slug": theme["slug"],
                                                  "responses": []})
        commitments = [dict(c, live=live.get(c["id"]), late=is_late(live.get(c["id"])),
                            text_expanded=expand(c["text"]),
                            owner_expanded=expand(c["owner_team"]))
                       for c in response["commitments"]]
        group["responses"].append(dict(response, commitments=commitments,
                                       you_said_expanded=expand(response["you_said"])))
    return list(groups.values())


# Easy Read words for where a promise is now. Taken from the live status when the page is
# shown, never from the text written at publication, so a late promise never reads as done.
EASY_READ_NOW = {
    "done": "We did this.",
    "in_progress": "We are doing this now.",
    "planned": "We have not started this yet.",
    "not_possible": "We cannot do this. The full version says why.",
}
EASY_READ_LATE = "This is late. We have not finished it yet."


def easy_read_now(live: Any) -> str:
    """The Easy Read sentence for a commitment's live status (late first)."""
    if live is None:
        return ""
    return EASY_READ_LATE if is_late(live) else EASY_READ_NOW.get(live.status, "")


def preview_version(publication: Publication, number: int) -> PublicationVersion:
    """The version that publishing now would store, unsaved: the same content, from the same
    function, with today's date. What the forum previews is what families would read."""
    return PublicationVersion(publication=publication, number=number,
                              content=publication_content(publication, number=number),
                              published_at=timezone.now())


def _live_statuses(version: PublicationVersion, ids: list[str], preview: bool) -> dict[str, Any]:
    area = version.publication.area
    if preview:  # publishing makes them public: the page shows them as it then will
        return selectors.preview_commitment_statuses(area=area, ids=ids)
    return selectors.public_commitment_statuses(area=area, ids=ids)


def publication_page_context(version: PublicationVersion, *,
                             preview: bool = False) -> dict[str, Any]:
    publication = version.publication
    area = publication.area
    versions = list(publication.versions.defer("rendered_html", "content").order_by("-number"))
    if preview:
        versions = [version] + [v for v in versions if v.number != version.number]
    content = version.content
    ids = [c["id"] for r in content["responses"] for c in r["commitments"]]
    live = _live_statuses(version, ids, preview)
    expand = FirstUse(content.get("glossary", []))
    return {
        "preview": preview,
        "area": area, "publication": publication, "version": version, "versions": versions,
        "content": content, "introduction": expand(content["introduction"]),
        "groups": theme_groups(content, live, expand),
        "latest": version.number == versions[0].number, "brand_colour": area.brand_colour,
        "service_name": settings.SAIDANDDONE_SERVICE_NAME,
        "summary": selectors.status_summary(live.values()),
    }


def render_publication_page(version: PublicationVersion, *, preview: bool = False) -> str:
    """The whole page as families see it. Nothing in it depends on who is asking.

    ``preview`` renders an unsaved version (``preview_version``) for the forum's review: the
    same template and context, marked "Preview: not published" outside the main content, with
    the links to pages that exist only once published left inert (decision 0219)."""
    return render_to_string(PAGE_TEMPLATE, publication_page_context(version, preview=preview))


def easy_read_context(version: PublicationVersion, *, preview: bool = False) -> dict[str, Any]:
    """The Easy Read page of a version (or of a preview), with each promise's words for now."""
    publication = version.publication
    area = publication.area
    content = version.content
    ids = [c["id"] for r in content["responses"] for c in r["commitments"]]
    live = _live_statuses(version, ids, preview)
    responses = [dict(r, lines=[line.strip() for line in r["easy_read"].splitlines()
                                if line.strip()],
                      now=[{"text": c["text"], "words": easy_read_now(live.get(c["id"])),
                            "late": is_late(live.get(c["id"]))}
                           for c in r["commitments"] if live.get(c["id"]) is not None])
                 for r in content["responses"]]
    return {
        "preview": preview, "area": area, "publication": publication, "version": version,
        "content": content, "responses": [r for r in responses if r["lines"]],
        "missing": [r for r in responses if not r["lines"]],
        "brand_colour": area.brand_colour,
    }


def stored_page_expired(*, version_id: Any) -> None:
    """A stored page rendered on an earlier day: mark it stale and queue one re-render.

    Whether a promise is late changes at midnight with no save to notice it. The conditional
    update lets only the first request after midnight queue the work."""
    from django.db import transaction

    marked = PublicationVersion.objects.filter(pk=version_id, rendered_stale=False).update(
        rendered_stale=True)
    selectors.forget_stored_pages()
    if marked:
        transaction.on_commit(lambda: render_versions.enqueue([str(version_id)]))

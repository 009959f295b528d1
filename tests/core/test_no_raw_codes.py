"""No page shows what only a developer should see: stored codes such as ``young_person``, a
label doubled ("(optional) (optional)", "On track On track"), or a machine's confidence as a
bare number ("(0.78)"). Every staff page (as each role) and every public page of the demo area
is walked, following links, up to a few pages of each kind."""

from __future__ import annotations

import re
from collections import Counter
from typing import Any
from urllib.parse import urljoin, urlsplit

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth import get_user_model
from django.urls import Resolver404, resolve, reverse

from saidanddone.urls import PUBLIC_DATA_URL_NAMES
from tests.core.test_url_access import PUBLIC, WORKSPACE, expected_status, kwargs_for
from tests.helpers import sign_in

pytestmark = pytest.mark.django_db

SNAKE_CODE = re.compile(r"(?<![\w@/.=-])[a-z]+(?:_[a-z0-9]+)+(?![\w@/.=-])")
DOUBLED = re.compile(r"(?<!\w)((?:\(?[A-Za-z]+\)?\s+){0,2}\(?[A-Za-z]+\)?)\s+\1(?!\w)")
# Doubled words that are English: "that that" in a quoted comment is not a bug we made.
DOUBLED_OK = {"that", "had", "is", "the"}
CONFIDENCE = re.compile(r"\(\s*[01]?\.\d+\s*\)|confidence:?\s*[01]?\.\d+", re.IGNORECASE)
PAGES_PER_KIND = 4
BLOCKS = "p, li, td, th, dd, dt, label, legend, h1, h2, h3, h4, caption, button, summary, option"


def _allowed_codes(url: str) -> set[str]:
    """The open data page documents its columns and status codes: there they are the point."""
    from saidanddone.commitments.models import Status
    from saidanddone.publishing.opendata import FIELD_NAMES

    if "/open-data/" in url:
        return set(FIELD_NAMES) | {str(s) for s in Status.values}
    return set()


def problems_in(html: bytes, where: str) -> list[str]:
    soup = BeautifulSoup(html, "lxml")
    # <code> is where a page names a code on purpose (the open data's column names).
    for hidden in soup.select("script, style, template, code"):
        hidden.decompose()
    main = soup.select_one("main") or soup
    text = " ".join(main.get_text(" ").split())
    found = [f"{where}: code {m.group(0)!r}" for m in SNAKE_CODE.finditer(text)
             if m.group(0) not in _allowed_codes(where)]
    found += [f"{where}: confidence {m.group(0)!r}" for m in CONFIDENCE.finditer(text)]
    # A doubled label is doubled inside one line of the page (a label, a cell, a paragraph),
    # not across two table cells that rightly say the same thing.
    for block in main.select(BLOCKS):
        line = " ".join(block.get_text(" ").split())
        found += [f"{where}: doubled {m.group(0)!r}" for m in DOUBLED.finditer(line)
                  if m.group(1).lower() not in DOUBLED_OK]
    return sorted(set(found))


def _same_site(url: str, base: str, prefix: str) -> str | None:
    parts = urlsplit(urljoin(base, url))
    if parts.netloc not in {"", "testserver"} or not parts.path.startswith(prefix):
        return None
    try:
        match = resolve(parts.path)
    except Resolver404:
        return None
    if match.view_name in PUBLIC_DATA_URL_NAMES or match.view_name == "logout":
        return None
    return parts.path + (f"?{parts.query}" if parts.query else "")


def walk(client: Any, start: list[str], prefix: str, user: Any = None,
         area: Any = None) -> list[str]:
    """Visit the start pages and what they link to, a few pages of each kind. A start page
    answers what test_url_access expects of it (or 403: a page this role may not open); a page
    reached by a link answers 200 or sends the visitor on."""
    seen: set[str] = set()
    per_kind: Counter[str] = Counter()
    queue = list(start)
    found: list[str] = []
    while queue:
        url = queue.pop(0)
        if url in seen:
            continue
        seen.add(url)
        kind = resolve(urlsplit(url).path).view_name
        if per_kind[kind] >= PAGES_PER_KIND:
            continue
        per_kind[kind] += 1
        page = client.get(url)
        if url in start:
            expected = expected_status(kind, user, area) | ({403} if user else set())
        else:
            expected = {200, 302}
        if page.status_code not in expected:
            found.append(f"{url}: answered {page.status_code}, expected {sorted(expected)}")
        if page.status_code != 200 or not page["Content-Type"].startswith("text/html"):
            continue
        found += problems_in(page.content, url)
        soup = BeautifulSoup(page.content, "lxml")
        for a in (soup.select_one("main") or soup).select("a[href]"):
            link = _same_site(str(a["href"]), url, prefix)
            if link and link not in seen:
                queue.append(link)
    return found


def test_the_checks_catch_each_kind_of_leak() -> None:
    page = (b"<main><p>Who: young_person</p><label>Role (optional) (optional)</label>"
            b"<p>On track On track</p><p>Suggested: Transport (0.78)</p>"
            b"<li>Transport: confidence 0.41</li></main>")
    kinds = {p.split(": ")[1].split()[0] for p in problems_in(page, "x")}
    assert kinds == {"code", "doubled", "confidence"}
    assert problems_in(b"<main><p>Write to send@westmere.gov.uk about it</p></main>", "x") == []


def test_public_pages_show_no_raw_codes(client: Any, demo: Any) -> None:
    start = [reverse(n, kwargs=kwargs_for(n, r, demo)) for n, r in PUBLIC
             if n not in PUBLIC_DATA_URL_NAMES]
    problems = walk(client, start, "/")
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("username", ["admin", "officer", "analyst", "forum"])
def test_staff_pages_show_no_raw_codes(client: Any, demo: Any, username: str) -> None:
    user = get_user_model().objects.get(username=username)
    sign_in(client, user)
    start = [reverse(n, kwargs=kwargs_for(n, r, demo)) for n, r in WORKSPACE]
    problems = walk(client, start, "/workspace/", user, demo)
    assert not problems, "\n".join(problems)


def test_a_survey_preview_says_who_answered_in_words(client: Any, demo: Any,
                                                     officer: Any) -> None:
    """Pages reached only by sending a form are not walked above: the survey preview is."""
    from tests.feedback.test_survey_import import GOOD_CSV, map_and, upload

    sign_in(client, officer)
    upload(client, "survey.csv", GOOD_CSV.encode())
    page = map_and(client, "preview")
    assert b"young person" in page.content.lower()
    assert problems_in(page.content, "survey preview") == []


def test_a_comments_suggested_themes_are_weighed_in_words(client: Any, demo: Any,
                                                          officer: Any) -> None:
    from saidanddone.feedback.models import FeedbackItem

    item = FeedbackItem.objects.filter(area=demo, theme_suggestions__isnull=False,
                                       safeguarding_state="none").first()
    sign_in(client, officer)
    page = client.get(reverse("workspace:feedback_detail", args=[demo.slug, item.pk]))
    assert b" match" in page.content
    assert problems_in(page.content, "feedback detail") == []

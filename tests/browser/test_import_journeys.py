"""Importing an old "You said, we did" page in a real browser, as the SEND officer who does it.

The officer first uploads a page that only looks like one (a mistake on purpose: nothing is
saved and the message says why), then a messy real-looking page: questions and answers with no
labels, a table with Status and Owner columns, a "not possible" answer. The preview shows each
entry's title, what was asked, and each action's status; the officer unticks one and saves.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.urls import reverse

from saidanddone.areas.models import Area
from saidanddone.commitments.models import Commitment, Response, Status
from tests.browser.conftest import axe_violations, screenshot, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LOOK_ALIKE = """Tell us what you think

We welcome comments about the Local Offer website.
You can e-mail the team or fill in the short survey below.
We will read every comment and reply within ten working days.
"""

OLD_PAGE = """Home > Local Offer > Have your say
You said, we did: Summer term 2025

We asked
What would make the annual review meeting easier?

You said
Papers arrive the night before the meeting.

We did
We now send every paper at least two weeks before the meeting.

Questions from the parent forum

• Why is there no hydrotherapy session after school?
Unfortunately we are unable to open the pool after 4pm because there is no lifeguard cover.
• Can the transport team text us when the bus is late?
We will start a text alert service in September.

Feedback | Action | Status | Owner
Short breaks forms are too long | We cut the form to four pages | Complete | Short Breaks Team
"""


def _upload(page: Any, tmp_path: Path, name: str, text: str) -> None:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    page.set_input_files("input[type=file]", str(path))
    page.click("button:has-text('Read the document')")


def test_an_officer_imports_an_old_page_and_keeps_what_it_found(
    live_server: Any, page: Any, area: Area, tmp_path: Path
) -> None:
    sign_in(page, live_server.url, "officer")
    page.goto(live_server.url + reverse("workspace:document_import", args=[area.slug]))
    before = Response.objects.filter(area=area).count()
    # A mistake on purpose: a page with no pairs in it.
    _upload(page, tmp_path, "contact-us.txt", LOOK_ALIKE)
    summary = page.locator(".govuk-error-summary").inner_text()
    assert "No “You said / We did” structure was found" in summary
    assert Response.objects.filter(area=area).count() == before
    assert axe_violations(page) == []
    screenshot(page, "import-look-alike")

    _upload(page, tmp_path, "you-said-we-did-summer.txt", OLD_PAGE)
    main = page.inner_text("main")
    assert "Found 4 entries" in main
    assert "We asked: What would make the annual review meeting easier?" in main
    assert "Untitled entry" not in main
    assert "Not possible" in main and "We did" in main and "We will" in main
    assert "owner: Short Breaks Team" in main
    assert axe_violations(page) == []
    screenshot(page, "import-preview")
    boxes = page.locator("input[name=keep]")
    assert boxes.count() == 4
    boxes.nth(3).uncheck()  # the officer leaves the table row out
    page.click("button:has-text('Save as drafts')")
    assert "Saved 3 draft responses" in page.inner_text("main")
    saved = Response.objects.filter(area=area).order_by("-created_at")[:3]
    assert len(saved) == 3
    refused = Commitment.objects.get(response__in=saved, status=Status.NOT_POSSIBLE)
    assert "lifeguard" in refused.not_possible_rationale
    screenshot(page, "import-saved")


def test_a_big_document_read_in_the_background_shows_progress_then_its_preview(
    live_server: Any, page: Any, area: Area
) -> None:
    """The progress page has a "Check progress" button (no script, no automatic reload) and
    becomes the usual preview once the worker has read the file."""
    from django.contrib.auth import get_user_model

    from saidanddone.commitments.imports import document_read
    from saidanddone.core.models import UploadRead
    from saidanddone.core.uploads import upload_read_run

    sign_in(page, live_server.url, "officer")
    officer = get_user_model().objects.get(username="officer")
    read = UploadRead.objects.create(area=area, by=officer, kind=UploadRead.Kind.DOCUMENT,
                                     name="you-said-we-did-summer.txt", size=3_000_000,
                                     content=OLD_PAGE.encode())
    page.goto(live_server.url + reverse("workspace:document_import", args=[area.slug])
              + f"?reading={read.pk}")
    main = page.inner_text("main")
    assert "Waiting to be read" in main and "Check progress" in main
    assert axe_violations(page) == []
    screenshot(page, "import-reading")
    upload_read_run(read_id=str(read.pk), reader=document_read)  # the worker's turn
    page.click("text=Check progress")
    assert "Found 4 entries" in page.inner_text("main")
    assert page.locator("input[name=keep]").count() == 4
    assert not UploadRead.objects.filter(pk=read.pk).exists()

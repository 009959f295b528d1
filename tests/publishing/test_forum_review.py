"""The forum's review (issue 14, item 3; decision 0219): a preview of exactly what would be
published, comments on single responses that never leave the staff pages, and a sign-off bound
to the version the reviewer read."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse

from saidanddone.areas.permissions import PermissionDenied
from saidanddone.commitments import services as commitments
from saidanddone.commitments.models import Commitment, Response
from saidanddone.core.models import AuditEntry
from saidanddone.publishing import services
from saidanddone.publishing.models import Publication, ReviewComment
from saidanddone.publishing.snapshot import digest_of, publication_content
from tests.helpers import check_page, sign_in, text_of

pytestmark = pytest.mark.django_db

COMMENT = "This one does not say when the new clinics open."


@pytest.fixture
def with_forum(demo: Any, officer: Any) -> Publication:
    """A new annual report of the demo's published responses (feedback counts, Easy Read and
    abbreviations from the glossary) and one new response whose promise is not public yet,
    sent to the forum."""
    fresh = commitments.response_create(
        area=demo, title="Assessment clinics", you_said="Waits for an EHC assessment are long.",
        easy_read="You waited too long.\nWe will open more clinics.", by=officer)
    commitments.commitment_create(response=fresh, text="Open two more assessment clinics.",
                                  owner_team="SEND Service", by=officer,
                                  due_date=dt.date.today() + dt.timedelta(days=60))
    publication = services.publication_create(
        area=demo, title="Forum review report", period_label="Review 2026",
        period_start=dt.date(2026, 1, 1), period_end=dt.date(2026, 12, 31), by=officer,
        responses=[*Response.objects.filter(area=demo, publications__state="published"),
                   fresh])
    services.publication_send_to_forum(publication=publication, by=officer)
    return publication


def preview_url(publication: Publication, easy: bool = False) -> str:
    name = "workspace:publication_preview" + ("_easy_read" if easy else "")
    return reverse(name, args=[publication.area.slug, publication.pk])


def detail_url(publication: Publication) -> str:
    return reverse("workspace:publication_detail", args=[publication.area.slug, publication.pk])


def main_text(html: bytes, *, without_forum: bool = False) -> str:
    main = BeautifulSoup(html, "lxml").select_one("main")
    assert main is not None
    if without_forum:
        for block in main.select(".sd-forum"):
            block.decompose()
    return " ".join(main.get_text(" ").split())


def digest_on(html: bytes) -> str:
    field = BeautifulSoup(html, "lxml").select_one("input[name=seen_digest]")
    assert field is not None
    return str(field["value"])


def first_response(publication: Publication) -> Response:
    return publication.responses.order_by("title").first()  # type: ignore[return-value]


# The preview ------------------------------------------------------------------------------------

def test_preview_is_what_gets_published(client: Any, with_forum: Publication, forum: Any,
                                        officer: Any) -> None:
    sign_in(client, forum)
    before_sign_off = client.get(preview_url(with_forum))
    assert before_sign_off.status_code == 200
    check_page(before_sign_off.content, "preview")
    soup = BeautifulSoup(before_sign_off.content, "lxml")
    banner = soup.select_one("#preview-banner")
    assert banner is not None and "Preview: not published" in banner.get_text()
    assert banner.find_parent("main") is None  # the main content is the page itself
    text = main_text(before_sign_off.content)
    assert "The forum's decision and statement will be shown here" in text
    assert "Words we use" in text and "Based on" in text  # the glossary and the counts
    assert "Easy Read version" in text
    due = dt.date.today() + dt.timedelta(days=60)
    assert "Open two more assessment clinics." in text
    assert f"Due {due.day} {due:%B %Y}." in text  # the live state of a promise not yet public

    services.publication_sign_off(publication=with_forum, decision="agreed", by=forum,
                                  statement="We agree: it is what families told us.")
    after_sign_off = client.get(preview_url(with_forum))  # still before it is published
    services.publication_publish(publication=with_forum, by=officer)
    client.logout()
    public = client.get(reverse("public:publication", args=[with_forum.area.slug,
                                                             with_forum.slug]))
    assert public.status_code == 200
    assert main_text(after_sign_off.content) == main_text(public.content)
    assert main_text(before_sign_off.content, without_forum=True) == main_text(
        public.content, without_forum=True)


def test_easy_read_preview_is_what_gets_published(client: Any, with_forum: Publication,
                                                  forum: Any, officer: Any) -> None:
    sign_in(client, forum)
    services.publication_sign_off(publication=with_forum, decision="agreed", by=forum,
                                  statement="We agree.")
    preview = client.get(preview_url(with_forum, easy=True))
    assert preview.status_code == 200
    check_page(preview.content, "easy read preview")
    assert "Preview: not published" in text_of(preview.content)
    services.publication_publish(publication=with_forum, by=officer)
    client.logout()
    public = client.get(reverse("public:easy_read", args=[with_forum.area.slug,
                                                           with_forum.slug]))
    assert main_text(preview.content) == main_text(public.content)


def test_a_correction_is_previewed_as_the_next_version(client: Any, demo: Any, officer: Any,
                                                       forum: Any) -> None:
    published = Publication.objects.get(area=demo, state="published")
    services.publication_correction_request(publication=published, by=officer,
                                            change_note="A due date was wrong.")
    sign_in(client, forum)
    page = client.get(preview_url(published))
    assert page.status_code == 200
    text = main_text(page.content)
    assert "Version 2" in text
    # Version 1 is linked (it is public); version 2 is not yet.
    links = [str(a["href"]) if a.has_attr("href") else None
             for a in BeautifulSoup(page.content, "lxml").select("main a")
             if "Version" in a.get_text()]
    assert links[0] is None and links[1].endswith("/version-1/")


def test_the_preview_is_not_public_and_not_stored(client: Any, with_forum: Publication,
                                                  forum: Any) -> None:
    response = client.get(preview_url(with_forum))
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))
    assert client.get(reverse("public:publication", args=[with_forum.area.slug,
                                                           with_forum.slug])).status_code == 404
    sign_in(client, forum)
    response = client.get(preview_url(with_forum))
    assert "no-store" in response["Cache-Control"]
    assert "public" not in response["Cache-Control"]
    assert not with_forum.versions.exists()


def test_the_preview_is_not_found_for_another_areas_member(
        client: Any, with_forum: Publication, other_officer: Any) -> None:
    sign_in(client, other_officer)
    for url in (preview_url(with_forum), preview_url(with_forum, easy=True)):
        response = client.get(url)
        assert response.status_code == 404
        assert b"Forum review report" not in response.content


def test_an_analyst_may_not_preview(client: Any, with_forum: Publication, analyst: Any) -> None:
    sign_in(client, analyst)
    assert client.get(preview_url(with_forum)).status_code == 403
    page = client.get(detail_url(with_forum))
    assert preview_url(with_forum).encode() not in page.content


def test_nothing_under_review_sends_you_back_to_the_publication(
        client: Any, demo: Any, officer: Any) -> None:
    published = Publication.objects.get(area=demo, state="published")
    sign_in(client, officer)
    response = client.get(preview_url(published), follow=True)
    assert response.redirect_chain[-1][0] == detail_url(published)
    assert "nothing to preview" in text_of(response.content)


def test_the_forum_reaches_the_preview_from_its_dashboard_and_the_publication(
        client: Any, with_forum: Publication, forum: Any) -> None:
    sign_in(client, forum)
    dashboard = client.get(reverse("workspace:dashboard", args=[with_forum.area.slug]))
    banner = BeautifulSoup(dashboard.content, "lxml").select_one("#waiting-for-you")
    assert banner is not None
    assert preview_url(with_forum) in [a["href"] for a in banner.select("a")]
    detail = client.get(detail_url(with_forum))
    assert preview_url(with_forum).encode() in detail.content
    assert preview_url(with_forum, easy=True).encode() in detail.content


# Comments on single responses -------------------------------------------------------------------

def post_comment(client: Any, publication: Publication, response: Response, text: str) -> Any:
    return client.post(detail_url(publication), {"action": "comment",
                                                 "response": str(response.pk), "text": text})


def test_the_forum_comments_on_one_response_and_an_officer_resolves_it(
        client: Any, with_forum: Publication, forum: Any, officer: Any) -> None:
    response = first_response(with_forum)
    sign_in(client, forum)
    result = post_comment(client, with_forum, response, COMMENT)
    assert result.status_code == 302
    comment = ReviewComment.objects.get(publication=with_forum)
    assert (comment.response, comment.by, comment.text) == (response, forum, COMMENT)
    page = client.get(detail_url(with_forum))
    block = BeautifulSoup(page.content, "lxml").select_one("#response-1")
    assert block is not None and response.title in block.get_text()
    assert COMMENT in block.get_text() and "Mark resolved" not in block.get_text()
    assert AuditEntry.objects.filter(action="publication.review_comment",
                                     after__text=COMMENT).exists()

    sign_in(client, officer)
    page = client.get(detail_url(with_forum))
    assert "Mark resolved" in text_of(page.content)
    result = client.post(detail_url(with_forum), {"action": "resolve",
                                                  "comment": str(comment.pk)})
    assert result.status_code == 302
    comment.refresh_from_db()
    assert comment.resolved_by == officer and comment.resolved_at is not None
    page = client.get(detail_url(with_forum))
    assert "Resolved" in text_of(page.content) and "Mark resolved" not in text_of(page.content)
    assert AuditEntry.objects.filter(action="publication.review_comment_resolve").exists()


def test_an_empty_comment_names_the_box_and_saves_nothing(
        client: Any, with_forum: Publication, forum: Any) -> None:
    sign_in(client, forum)
    page = post_comment(client, with_forum, first_response(with_forum), "   ")
    assert page.status_code == 200
    soup = check_page(page.content, "empty comment")
    summary = soup.select_one(".govuk-error-summary")
    assert summary is not None and "Enter your comment" in summary.get_text()
    assert not ReviewComment.objects.exists()
    page = post_comment(client, with_forum, first_response(with_forum), "x" * 2001)
    assert "2000 characters or fewer" in text_of(page.content)
    assert not ReviewComment.objects.exists()


def test_an_analyst_may_not_comment_nor_resolve(client: Any, with_forum: Publication,
                                                analyst: Any, forum: Any) -> None:
    response = first_response(with_forum)
    with pytest.raises(PermissionDenied):
        services.review_comment_add(publication=with_forum, response=response, text=COMMENT,
                                    by=analyst)
    comment = services.review_comment_add(publication=with_forum, response=response,
                                          text=COMMENT, by=forum)
    for who in (analyst, forum):  # the forum comments; officers make the change and resolve
        with pytest.raises(PermissionDenied):
            services.review_comment_resolve(comment=comment, by=who)
    sign_in(client, analyst)
    assert post_comment(client, with_forum, response, COMMENT).status_code == 403
    assert client.post(detail_url(with_forum), {"action": "resolve",
                                                "comment": str(comment.pk)}).status_code == 403
    page = client.get(detail_url(with_forum))
    assert COMMENT in text_of(page.content)  # staff may read it
    assert BeautifulSoup(page.content, "lxml").select("textarea[name=text]") == []
    assert ReviewComment.objects.count() == 1


def test_a_comment_is_refused_on_a_response_outside_the_publication_or_out_of_review(
        with_forum: Publication, forum: Any, officer: Any, demo: Any) -> None:
    outside = commitments.response_create(area=demo, title="Not in it", you_said="Other.",
                                          by=officer)
    with pytest.raises(ValueError, match="not in this publication"):
        services.review_comment_add(publication=with_forum, response=outside, text=COMMENT,
                                    by=forum)
    services.publication_return_to_draft(publication=with_forum, by=officer)
    with pytest.raises(ValueError, match="while the publication is with the forum"):
        services.review_comment_add(publication=with_forum, response=first_response(
            with_forum), text=COMMENT, by=forum)
    assert not ReviewComment.objects.exists()


def test_comments_never_reach_public_pages_feed_or_open_data(
        client: Any, with_forum: Publication, forum: Any, officer: Any) -> None:
    services.review_comment_add(publication=with_forum, response=first_response(with_forum),
                                text=COMMENT, by=forum)
    services.publication_sign_off(publication=with_forum, decision="agreed", by=forum,
                                  statement="We agree.")
    version = services.publication_publish(publication=with_forum, by=officer)
    assert COMMENT not in str(version.content) and COMMENT not in version.rendered_html
    slug, pub = with_forum.area.slug, with_forum.slug
    c = Commitment.objects.filter(response=first_response(with_forum)).first()
    assert c is not None
    for url in (reverse("public:area", args=[slug]), reverse("public:publication",
                                                             args=[slug, pub]),
                reverse("public:easy_read", args=[slug, pub]),
                reverse("public:local_offer_report", args=[slug, pub]),
                reverse("public:feed", args=[slug]),
                reverse("public:publication_csv", args=[slug, pub]),
                reverse("public:publication_json", args=[slug, pub]),
                reverse("public:commitment", args=[slug, c.pk]),
                reverse("public:search", args=[slug]) + "?q=clinics"):
        response = client.get(url)
        assert response.status_code == 200, url
        assert COMMENT.encode() not in response.content, url


# Sign-off against the version previewed --------------------------------------------------------

def sign_off_post(client: Any, publication: Publication, digest: str) -> Any:
    return client.post(detail_url(publication), {
        "action": "sign_off", "decision": "agreed", "statement": "We agree with this.",
        "seen_digest": digest})


def test_the_preview_carries_its_digest_to_the_sign_off_form(
        client: Any, with_forum: Publication, forum: Any) -> None:
    sign_in(client, forum)
    preview = client.get(preview_url(with_forum))
    back = BeautifulSoup(preview.content, "lxml").select_one(
        "#preview-banner a[href*='previewed=']")
    assert back is not None
    digest = services.content_digest(with_forum, 1)
    assert f"previewed={digest}" in back["href"]
    assert digest_on(client.get(back["href"]).content) == digest
    assert sign_off_post(client, with_forum, digest).status_code == 302
    assert with_forum.sign_offs.get().content_digest == digest


def test_a_sign_off_on_a_stale_preview_is_refused(client: Any, with_forum: Publication,
                                                  forum: Any, officer: Any) -> None:
    sign_in(client, forum)
    preview = client.get(preview_url(with_forum))
    seen = digest_of(publication_content(with_forum, number=1))
    assert f"previewed={seen}".encode() in preview.content
    # An officer changes a promise while the forum is reading.
    c = Commitment.objects.filter(response=first_response(with_forum)).first()
    assert c is not None
    commitments.commitment_update(commitment=c, by=officer, text=c.text + " By March.",
                                  owner_team=c.owner_team)
    page = sign_off_post(client, with_forum, seen)
    assert page.status_code == 200
    soup = check_page(page.content, "stale sign-off")
    summary = soup.select_one(".govuk-error-summary")
    assert summary is not None and "Read the preview again" in summary.get_text()
    assert not with_forum.sign_offs.exists()
    with_forum.refresh_from_db()
    assert with_forum.state == "with_forum"
    # Read again, then decided: accepted, bound to the new content.
    again = client.get(preview_url(with_forum))
    fresh = services.content_digest(with_forum, 1)
    assert fresh != seen and f"previewed={fresh}".encode() in again.content
    assert sign_off_post(client, with_forum, fresh).status_code == 302
    assert with_forum.sign_offs.get().content_digest == fresh


def test_a_sign_off_without_the_digest_of_what_was_read_is_refused(
        with_forum: Publication, forum: Any) -> None:
    with pytest.raises(ValueError, match="Read the preview again"):
        services.publication_sign_off(publication=with_forum, decision="agreed", by=forum,
                                      statement="We agree.", seen_digest="")
    assert not with_forum.sign_offs.exists()

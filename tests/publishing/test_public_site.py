"""The public site: stored pages, loop health, search, Easy Read, the reg 56 report, the archive,
open data and the feed."""

from __future__ import annotations

import csv
import io
import json
from typing import Any

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse

from saidanddone.commitments import services as commitments
from saidanddone.commitments.models import Commitment
from saidanddone.publishing.models import Publication, PublicationVersion
from saidanddone.publishing.opendata import FIELDS
from saidanddone.publishing.tasks import render_versions
from tests.helpers import check_page, text_of
from tests.publishing.corrections import correct

pytestmark = pytest.mark.django_db


@pytest.fixture
def publication(demo: Any) -> Publication:
    return Publication.objects.get(area=demo, state="published")


def page_url(publication: Publication) -> str:
    return reverse("public:publication", args=["westmere", publication.slug])


def test_home_states_loop_health_in_plain_words(client: Any, demo: Any) -> None:
    text = text_of(client.get(reverse("public:area", args=["westmere"])).content)
    published = Commitment.objects.filter(area=demo, published_in__isnull=False).distinct()
    promised = [c for c in published if c.status != "not_possible"]
    done = sum(1 for c in promised if c.status == "done")
    assert f"{done} of {len(promised)} things we said we would do are done" in text
    assert " are late" in text or "none are late" in text
    assert "Latest: You said, we did" in text


def test_published_page_is_served_from_its_stored_rendering(client: Any,
                                                            publication: Publication) -> None:
    version = publication.versions.get()
    assert version.rendered_html and not version.rendered_stale
    response = client.get(page_url(publication))
    assert response.content == version.rendered_html.encode()
    assert response["ETag"] == f'"{version.rendered_etag}"'
    assert response["Cache-Control"].startswith("public, max-age=")
    assert "Last-Modified" in response
    assert "Set-Cookie" not in response and "Cookie" not in response.get("Vary", "")
    again = client.get(page_url(publication), HTTP_IF_NONE_MATCH=response["ETag"])
    assert again.status_code == 304


def test_a_status_change_is_shown_at_once_and_the_stored_page_is_refreshed(
        client: Any, publication: Publication, officer: Any,
        django_capture_on_commit_callbacks: Any) -> None:
    c = Commitment.objects.filter(response__publications=publication, status="planned").first()
    with django_capture_on_commit_callbacks() as callbacks:
        commitments.commitment_set_status(commitment=c, status="in_progress",
                                          reason="Work started.", by=officer)
    version = publication.versions.get()
    assert version.rendered_stale
    soup = BeautifulSoup(client.get(page_url(publication)).content, "lxml")
    link = soup.find("a", href=reverse("public:commitment", args=["westmere", c.pk]))
    assert "In progress" in link.find_parent("div").get_text()
    assert callbacks  # the re-render is queued for after the commit
    render_versions.call([str(version.pk)])
    version.refresh_from_db()
    assert not version.rendered_stale and "In progress" in version.rendered_html
    assert client.get(page_url(publication)).content == version.rendered_html.encode()


def test_glossary_terms_are_written_out_on_first_use(client: Any,
                                                    publication: Publication) -> None:
    text = text_of(client.get(page_url(publication)).content)
    assert text.count("EHC (education, health and care)") == 1
    assert "Words we use" in text


def test_a_correction_rerenders_earlier_versions_as_earlier(
        client: Any, publication: Publication, officer: Any, forum: Any) -> None:
    correct(publication, "Dates corrected.", officer, forum)
    first = PublicationVersion.objects.get(publication=publication, number=1)
    assert "This is an earlier version" in first.rendered_html
    text = text_of(client.get(page_url(publication)).content)
    assert "Dates corrected." in text and "Version 2" in text


def test_search_by_theme_status_and_words(client: Any, demo: Any) -> None:
    url = reverse("public:search", args=["westmere"])
    soup = check_page(client.get(url, {"theme": "transport"}).content)
    titles = [h.get_text() for h in soup.select("section h3")]
    assert titles == ["Transport that children can rely on"]
    soup = check_page(client.get(url, {"status": "not_possible"}).content)
    assert [h.get_text() for h in soup.select("section h3")] == [
        "EHC plans on time and written for my child"]
    assert "Not possible" in soup.select_one("section").get_text()
    soup = check_page(client.get(url, {"q": "holiday clubs"}).content)
    assert [h.get_text() for h in soup.select("section h3")] == [
        "Short breaks and holiday clubs for every child"]
    assert "Nothing matched" in text_of(client.get(url, {"q": "zebra crossing"}).content)


def test_easy_read_shows_one_idea_per_line(client: Any, publication: Publication) -> None:
    page = client.get(reverse("public:easy_read", args=["westmere", publication.slug]))
    soup = check_page(page.content)
    assert soup.select_one(".sd-easy-read")
    assert "We now have a phone line." in [p.get_text() for p in soup.select("p")]


def test_local_offer_report_groups_comments_by_the_three_reg56_categories(
        client: Any, publication: Publication) -> None:
    page = client.get(reverse("public:local_offer_report", args=["westmere", publication.slug]))
    soup = check_page(page.content)
    headings = [h.get_text() for h in soup.select("h2.govuk-heading-m")]
    assert headings == ["Content and quality of provision, and gaps",
                        "Accessibility of information",
                        "How the Local Offer was developed or reviewed"]
    text = text_of(page.content)
    assert "Clearer information on the Local Offer" in text
    assert "fewer than 5" in text  # small counts suppressed
    assert "half the links are broken" not in text  # never a family's own words


def test_archive_lists_every_version(client: Any, publication: Publication,
                                     officer: Any, forum: Any) -> None:
    correct(publication, "Typo fixed.", officer, forum)
    text = text_of(client.get(reverse("public:archive", args=["westmere"])).content)
    assert "Version 1" in text and "Version 2" in text and "Typo fixed." in text


def test_csv_reads_back_with_every_field_described(client: Any,
                                                   publication: Publication) -> None:
    dictionary = check_page(client.get(reverse("public:open_data", args=["westmere"])).content)
    described = {code.get_text() for code in dictionary.select("#data-dictionary code")}
    response = client.get(reverse("public:publication_csv", args=["westmere", publication.slug]))
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert rows and set(rows[0]) <= described and set(rows[0]) == {f.name for f in FIELDS}
    count = sum(len(r["commitments"]) for r in publication.versions.get().content["responses"])
    assert len(rows) == count
    one = next(r for r in rows if r["status_now"] == "not_possible")
    assert one["not_possible_reason"] and one["area"] == "Westmere"


def test_json_has_the_same_records_and_the_dictionary(client: Any,
                                                      publication: Publication) -> None:
    data = json.loads(client.get(reverse("public:publication_json",
                                         args=["westmere", publication.slug])).content)
    names = [f["name"] for f in data["fields"]]
    assert names == [f.name for f in FIELDS]
    assert all(set(r) == set(names) for r in data["records"])
    assert data["dataset"]["forum"]["decision_label"] == "Agreed with reservations"


def test_feed_has_new_publications_and_later_status_changes(
        client: Any, publication: Publication, officer: Any) -> None:
    c = Commitment.objects.filter(response__publications=publication, status="planned").first()
    commitments.commitment_set_status(commitment=c, status="done", reason="Finished early.",
                                      by=officer)
    response = client.get(reverse("public:feed", args=["westmere"]))
    assert response["Content-Type"].startswith("application/atom+xml")
    soup = BeautifulSoup(response.content, "xml")
    titles = [e.title.get_text() for e in soup.find_all("entry")]
    assert titles[0].startswith("We did: ")
    assert any(t.startswith("Published: You said, we did") for t in titles)
    assert "Finished early." in response.content.decode()


def test_public_pages_link_the_feed_and_open_data(client: Any,
                                                  publication: Publication) -> None:
    soup = BeautifulSoup(client.get(page_url(publication)).content, "lxml")
    assert soup.find("link", rel="alternate", type="application/atom+xml")
    assert soup.find("a", href=reverse("public:publication_version_csv",
                                       args=["westmere", publication.slug, 1]))


def test_render_publications_command_refreshes_stored_pages(publication: Publication) -> None:
    from django.core.management import call_command

    PublicationVersion.objects.filter(publication=publication).update(rendered_html="old")
    call_command("render_publications", "--area", "westmere")
    assert "You said, we did" in publication.versions.get().rendered_html

"""Removing evidence asks first (GOV.UK "Are you sure?" pattern, no script): the commitment's
page links to a confirm page that names the evidence and its file; only the POST from that page
removes it, its file with it; only officers and administrators of the area may."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.urls import reverse

from saidanddone.commitments.models import Commitment, Evidence, EvidenceFile
from saidanddone.core.models import AuditEntry
from tests.commitments import evidence_samples as samples
from tests.helpers import check_page, sign_in, text_of

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media(settings: Any, tmp_path: Path) -> Path:
    settings.MEDIA_ROOT = tmp_path / "media"
    return Path(settings.MEDIA_ROOT)


@pytest.fixture
def published(demo: Any) -> Commitment:
    return Commitment.objects.filter(area=demo, published_in__isnull=False).first()


@pytest.fixture
def evidence(published: Commitment, officer: Any) -> Evidence:
    return samples.add_file(commitment=published, by=officer, public=True,
                            name="Transport review 2026.pdf", title="Annual transport review")


def confirm_url(evidence: Evidence, slug: str = "westmere") -> str:
    return reverse("workspace:evidence_remove", args=[slug, evidence.pk])


def detail_url(commitment: Commitment) -> str:
    return reverse("workspace:commitment_detail", args=["westmere", commitment.pk])


def test_the_commitment_page_links_to_the_question_not_a_button(
        client: Any, officer: Any, published: Commitment, evidence: Evidence) -> None:
    sign_in(client, officer)
    page = check_page(client.get(detail_url(published)).content)
    link = page.find("a", href=confirm_url(evidence))
    assert link is not None
    assert text_of(str(link)) == "Remove evidence: Annual transport review"
    assert not page.select("input[name=action][value=remove_evidence]")


def test_the_question_names_the_evidence_and_its_file_and_changes_nothing(
        client: Any, officer: Any, published: Commitment, evidence: Evidence,
        media: Path) -> None:
    sign_in(client, officer)
    response = client.get(confirm_url(evidence))
    assert response.status_code == 200
    page = check_page(response.content)
    assert text_of(str(page.h1)) == \
        "Are you sure you want to remove \u201cAnnual transport review\u201d?"
    body = text_of(response.content)
    assert "Transport review 2026.pdf" in body and "PDF" in body
    assert "public once published" in body
    assert "no longer show there" in body  # it is on a published commitment's public page
    form = page.select_one("main form[method=post]")
    assert form is not None and not form.get("action")  # posts back to this page
    assert text_of(str(form.select_one("button.govuk-button--warning"))) == "Yes, remove it"
    keep = form.find("a", string="No, keep it")
    assert keep is not None and keep["href"] == detail_url(published) + "#evidence"
    assert Evidence.objects.filter(pk=evidence.pk).exists()
    assert len([p for p in media.rglob("*") if p.is_file()]) == 1


def test_yes_removes_it_and_its_file_and_the_public_page_drops_it(
        client: Any, demo: Any, officer: Any, published: Commitment, evidence: Evidence,
        media: Path, django_capture_on_commit_callbacks: Any) -> None:
    public = reverse("public:commitment", args=[demo.slug, published.pk])
    assert "Annual transport review" in client.get(public).content.decode()
    record = evidence.file
    sign_in(client, officer)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(confirm_url(evidence))
    assert response.status_code == 302
    assert response["Location"] == detail_url(published) + "#evidence"
    assert not Evidence.objects.filter(pk=evidence.pk).exists()
    assert not EvidenceFile.objects.filter(pk=record.pk).exists()
    assert [p for p in media.rglob("*") if p.is_file()] == []
    removal = AuditEntry.objects.get(action="evidence.delete")
    assert removal.before["name"] == "Transport review 2026.pdf"
    page = client.get(detail_url(published))
    assert "Removed \u201cAnnual transport review\u201d." in text_of(page.content)
    client.logout()
    assert "Annual transport review" not in client.get(public).content.decode()
    # Asked again (a second tab, the back button): nothing there any more.
    sign_in(client, officer)
    assert client.get(confirm_url(evidence)).status_code == 404
    assert client.post(confirm_url(evidence)).status_code == 404


def test_a_note_or_link_is_asked_about_too(client: Any, officer: Any,
                                           published: Commitment) -> None:
    from saidanddone.commitments import services
    note = services.evidence_add(commitment=published, kind=Evidence.Kind.LINK,
                                 title="Minutes of the May board",
                                 url="https://www.example.org/minutes", by=officer)
    sign_in(client, officer)
    page = check_page(client.get(confirm_url(note)).content)
    assert "Minutes of the May board" in text_of(str(page.h1))
    assert "The file will be deleted" not in text_of(str(page))
    assert client.post(confirm_url(note)).status_code == 302
    assert not Evidence.objects.filter(pk=note.pk).exists()


@pytest.mark.parametrize("username", ["analyst", "forum"])
def test_only_officers_and_administrators_may_ask_or_remove(
        client: Any, demo: Any, username: str, published: Commitment, evidence: Evidence,
        media: Path) -> None:
    from django.contrib.auth import get_user_model
    sign_in(client, get_user_model().objects.get(username=username))
    assert client.get(confirm_url(evidence)).status_code == 403
    assert client.post(confirm_url(evidence)).status_code == 403
    page = client.get(detail_url(published)).content.decode()
    assert confirm_url(evidence) not in page  # no control they could not use
    assert Evidence.objects.filter(pk=evidence.pk).exists()
    assert len([p for p in media.rglob("*") if p.is_file()]) == 1


def test_an_administrator_may(client: Any, admin_user: Any, evidence: Evidence) -> None:
    sign_in(client, admin_user)
    assert client.get(confirm_url(evidence)).status_code == 200
    assert client.post(confirm_url(evidence)).status_code == 302
    assert not Evidence.objects.filter(pk=evidence.pk).exists()


def test_strangers_and_other_areas_get_nothing(
        client: Any, other_area: Any, other_officer: Any, evidence: Evidence) -> None:
    for answer in (client.get(confirm_url(evidence)), client.post(confirm_url(evidence))):
        assert answer.status_code == 302  # to sign in
        assert answer["Location"].startswith(reverse("login"))
    sign_in(client, other_officer)
    # Their own area's address with this evidence's id, and this area's address: both 404.
    assert client.get(confirm_url(evidence, other_area.slug)).status_code == 404
    assert client.post(confirm_url(evidence, other_area.slug)).status_code == 404
    assert client.get(confirm_url(evidence)).status_code == 404
    assert Evidence.objects.filter(pk=evidence.pk).exists()


def test_the_old_one_click_removal_is_gone(client: Any, officer: Any, published: Commitment,
                                           evidence: Evidence) -> None:
    sign_in(client, officer)
    client.post(detail_url(published), {"action": "remove_evidence",
                                        "evidence": str(evidence.pk)})
    assert Evidence.objects.filter(pk=evidence.pk).exists()

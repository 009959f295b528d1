"""The rules a council works by: edit a draft, owners that are real, advisories accepted with a
reason, a confirmation page before each change of state, corrections that go back to the forum,
and an update that never replaces the annual report."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse

from saidanddone.commitments import services as commitments
from saidanddone.commitments.models import Response
from saidanddone.core.models import AuditEntry
from saidanddone.publishing import selectors, services
from saidanddone.publishing.checks import is_placeholder_owner, publication_checks
from saidanddone.publishing.models import AcceptedAdvisory, Publication
from tests.helpers import check_page, text_of

pytestmark = pytest.mark.django_db
DUE = dt.date.today() + dt.timedelta(days=120)


def response_with(area: Any, officer: Any, title: str, *, owner: str = "Local Offer Team",
                  partners: str = "", text: str = "Add an advice page.") -> Response:
    response = commitments.response_create(area=area, title=title, by=officer,
                                           you_said="Families could not find advice.",
                                           easy_read="We will make advice easy to find.")
    commitments.commitment_create(response=response, text=text, owner_team=owner,
                                  partners=partners, due_date=DUE, by=officer)
    return response


def draft_of(area: Any, officer: Any, responses: list[Response], *, title: str = "Spring 2026",
             kind: str = "annual", end: dt.date = dt.date(2026, 3, 31)) -> Publication:
    return services.publication_create(
        area=area, title=title, period_label=title, period_start=dt.date(2026, 1, 1),
        period_end=end, responses=responses, by=officer, kind=kind)


def publish(publication: Publication, officer: Any, forum: Any) -> Any:
    services.publication_send_to_forum(publication=publication, by=officer)
    services.publication_sign_off(publication=publication, decision="agreed", by=forum,
                                  statement="We agree: families helped to write this.")
    return services.publication_publish(publication=publication, by=officer)


# Item 1: a draft can be changed after it is made ------------------------------------------------

def test_a_draft_grows_from_three_responses_to_seven_then_loses_two(demo: Any,
                                                                     officer: Any) -> None:
    made = [response_with(demo, officer, f"Response {n}") for n in range(7)]
    draft = draft_of(demo, officer, made[:3])
    assert set(draft.responses.all()) == set(made[:3])
    services.publication_update(publication=draft, title="Spring 2026", period_label="Spring",
                                period_start=dt.date(2026, 1, 1),
                                period_end=dt.date(2026, 3, 31), responses=made, by=officer)
    assert set(draft.responses.all()) == set(made)
    services.publication_set_responses(publication=draft, responses=made[2:], by=officer)
    assert set(Publication.objects.get(pk=draft.pk).responses.all()) == set(made[2:])


def test_the_edit_page_ticks_every_response_already_in_it_and_stores_the_change(
        client: Any, demo: Any, officer: Any) -> None:
    made = [response_with(demo, officer, f"Response {n}") for n in range(7)]
    draft = draft_of(demo, officer, made[:3])
    client.force_login(officer)
    url = reverse("workspace:publication_edit", args=[demo.slug, draft.pk])
    soup = check_page(client.get(url).content, url)
    ticked = {i["value"] for i in soup.select('input[name="responses"][checked]')}
    assert ticked == {str(r.pk) for r in made[:3]}
    assert soup.select('input[name="responses"]')[0]["type"] == "checkbox"
    form: dict[str, Any] = {
        "title": "Spring 2026, revised", "kind": "annual", "period_label": "Spring 2026",
        "period_start": "2026-01-01", "period_end": "2026-03-31", "introduction": "Hello.",
        "responses": [str(r.pk) for r in made[2:]]}
    # The date inputs may be one field or GOV.UK day/month/year fields: send both shapes.
    for name, (y, m, d) in (("period_start", (2026, 1, 1)), ("period_end", (2026, 3, 31))):
        form.update({f"{name}_day": d, f"{name}_month": m, f"{name}_year": y})
    page = client.post(url, form, follow=True)
    assert "It holds 5 responses." in text_of(page.content)
    draft.refresh_from_db()
    assert draft.title == "Spring 2026, revised" and draft.introduction == "Hello."
    assert set(draft.responses.all()) == set(made[2:])


def test_only_a_draft_can_be_changed(demo: Any, officer: Any, forum: Any) -> None:
    draft = draft_of(demo, officer, [response_with(demo, officer, "One")])
    services.publication_send_to_forum(publication=draft, by=officer)
    with pytest.raises(ValueError, match="Only a draft"):
        services.publication_update(publication=draft, title="New", period_label="P",
                                    period_start=dt.date(2026, 1, 1),
                                    period_end=dt.date(2026, 3, 31), by=officer)
    assert Publication.objects.get(pk=draft.pk).title == "Spring 2026"


# Item 10: a placeholder is not an owner ---------------------------------------------------------

@pytest.mark.parametrize("owner", ["Owner to be confirmed", "TBC", "to be agreed", "unknown",
                                   "-", "Owner: TBC", "To be confirmed."])
def test_a_placeholder_owner_blocks_publishing(demo: Any, officer: Any, owner: str) -> None:
    draft = draft_of(demo, officer, [response_with(demo, officer, "One", owner=owner)])
    assert "owner_placeholder" in {p.code for p in publication_checks(draft).blocking}
    with pytest.raises(ValueError, match="no real owner"):
        services.publication_send_to_forum(publication=draft, by=officer)


def test_a_real_owner_is_not_a_placeholder() -> None:
    assert not any(is_placeholder_owner(o) for o in (
        "Local Offer Team", "SEND Transport", "Unknown Pleasures Youth Club", "TBC Services"))


# Item 10: advisories an officer may accept, with a reason --------------------------------------

def _partner_finding(publication: Publication) -> Any:
    return next(p for p in publication_checks(publication).blocking
                if p.field == "partner organisations")


def test_a_partner_college_blocks_until_accepted_with_a_reason(demo: Any, officer: Any,
                                                               forum: Any) -> None:
    draft = draft_of(demo, officer, [response_with(demo, officer, "Courses after school",
                                                   partners="Westmere College")])
    finding = _partner_finding(draft)
    assert finding.acceptable and "Westmere College" in finding.flagged
    with pytest.raises(ValueError, match="Enter why"):
        services.publication_advisory_accept(publication=draft, fingerprint=finding.fingerprint,
                                             reason=" ", by=officer)
    with pytest.raises(ValueError, match="Fix the problems"):
        services.publication_send_to_forum(publication=draft, by=officer)
    services.publication_advisory_accept(publication=draft, fingerprint=finding.fingerprint,
                                         reason="Our partner college, not a person.",
                                         by=officer)
    result = publication_checks(draft)
    assert result.blocking == []
    assert [p.accepted.reason for p in result.accepted] == ["Our partner college, not a person."]
    assert AuditEntry.objects.filter(action="publication.advisory_accept",
                                     object_id=str(draft.pk)).count() == 1
    publish(draft, officer, forum)  # nothing blocks now


def test_an_acceptance_lapses_when_the_words_change(demo: Any, officer: Any) -> None:
    response = response_with(demo, officer, "Courses", partners="Westmere College")
    draft = draft_of(demo, officer, [response])
    finding = _partner_finding(draft)
    services.publication_advisory_accept(publication=draft, fingerprint=finding.fingerprint,
                                         reason="Our partner college.", by=officer)
    commitment = response.commitments.get()
    commitment.partners = "Ashdown Academy"
    commitment.save()
    assert _partner_finding(draft).accepted is None


@pytest.mark.parametrize(("field", "value"), [
    ("partners", "Call 07700 900123"), ("partners", "jo.bloggs@example.com"),
    ("text", "Dr Sarah Khan will ring families back.")])
def test_personal_details_can_never_be_accepted(demo: Any, officer: Any, field: str,
                                                value: str) -> None:
    kwargs = {field: value}
    draft = draft_of(demo, officer, [response_with(demo, officer, "One", **kwargs)])
    blocking = [p for p in publication_checks(draft).blocking if p.code == "personal"]
    assert blocking and not any(p.acceptable for p in blocking)
    with pytest.raises(ValueError, match="cannot be accepted"):
        services.publication_advisory_accept(publication=draft,
                                             fingerprint=blocking[0].fingerprint,
                                             reason="It is fine.", by=officer)
    assert not AcceptedAdvisory.objects.filter(publication=draft).exists()


def test_the_checks_list_says_who_accepted_and_why(client: Any, demo: Any, officer: Any) -> None:
    draft = draft_of(demo, officer, [response_with(demo, officer, "Courses",
                                                   partners="Westmere College")])
    client.force_login(officer)
    url = reverse("workspace:publication_detail", args=[demo.slug, draft.pk])
    finding = _partner_finding(draft)
    page = client.post(url, {"action": "accept", "fingerprint": finding.fingerprint,
                             "reason": ""})
    soup = check_page(page.content, url)
    assert "Enter why this is not a problem" in soup.select_one(".govuk-error-summary").get_text()
    page = client.post(url, {"action": "accept", "fingerprint": finding.fingerprint,
                             "reason": "Our partner college."}, follow=True)
    text = text_of(page.content)
    assert "It no longer blocks this publication." in text
    assert "Accepted by officer" in text or f"Accepted by {officer.get_full_name()}" in text
    assert "because: \u201cOur partner college.\u201d" in text


# Item 10: each change of state is confirmed, and says what happened ---------------------------

def test_publishing_is_a_confirmation_page_then_a_clear_message(client: Any, demo: Any,
                                                                officer: Any,
                                                                forum: Any) -> None:
    draft = draft_of(demo, officer, [response_with(demo, officer, f"R{n}") for n in range(3)])
    client.force_login(officer)
    send = reverse("workspace:publication_send", args=[demo.slug, draft.pk])
    check_page(client.get(send).content, send)
    assert Publication.objects.get(pk=draft.pk).state == "draft"  # a GET changes nothing
    page = client.post(send, follow=True)
    assert "Sent \u201cSpring 2026\u201d to" in text_of(page.content)
    draft.refresh_from_db()
    services.publication_sign_off(publication=draft, decision="reservations", by=forum,
                                  statement="We agree, but transport needs more work.")
    url = reverse("workspace:publication_publish", args=[demo.slug, draft.pk])
    soup = check_page(client.get(url).content, url)
    assert soup.select_one("#response-count").get_text() == "3"
    assert soup.select_one("#commitment-count").get_text() == "3"
    text = text_of(str(soup))
    assert "Agreed with reservations" in text
    assert "We agree, but transport needs more work." in text
    assert not draft.versions.exists()
    page = client.post(url, follow=True)
    text = text_of(page.content)
    assert "Published version 1 of \u201cSpring 2026\u201d. It is now on the public page." in text
    assert "Saved." not in text
    assert draft.versions.count() == 1


# Item 10: a correction goes back to the forum -----------------------------------------------

def test_a_correction_is_published_only_beside_the_forums_decision_on_it(
        client: Any, demo: Any, officer: Any, forum: Any) -> None:
    response = response_with(demo, officer, "Better signposting")
    draft = draft_of(demo, officer, [response])
    publish(draft, officer, forum)
    with pytest.raises(ValueError, match="Send the correction to the forum first"):
        services.publication_correct(publication=draft, by=officer)
    services.publication_correction_request(publication=draft, by=officer,
                                            change_note="The due date was wrong.")
    with pytest.raises(ValueError, match="forum must respond"):
        services.publication_correct(publication=draft, by=officer)
    with pytest.raises(ValueError, match="already with the forum"):
        services.publication_correction_request(publication=draft, by=officer,
                                                change_note="Again.")
    # The published version stays public while the forum considers the correction.
    assert selectors.public_publications(area=demo).filter(pk=draft.pk).exists()
    services.publication_sign_off(publication=draft, decision="not_agreed", by=forum,
                                  statement="The new date is still too late.")
    version = services.publication_correct(publication=draft, by=officer)
    assert version.number == 2
    assert version.content["forum"]["statement"] == "The new date is still too late."
    assert version.content["forum"]["for_version"] == 2
    first = draft.versions.get(number=1)
    assert first.content["forum"]["statement"] == "We agree: families helped to write this."
    latest = text_of(client.get(reverse("public:publication",
                                        args=[demo.slug, draft.slug])).content)
    assert "The new date is still too late." in latest
    assert "forum's decision on version 2" in latest
    assert "We agree: families helped to write this." not in latest


def test_a_withdrawn_correction_publishes_nothing(demo: Any, officer: Any, forum: Any) -> None:
    draft = draft_of(demo, officer, [response_with(demo, officer, "One")])
    publish(draft, officer, forum)
    services.publication_correction_request(publication=draft, by=officer, change_note="Typo.")
    services.publication_correction_withdraw(publication=draft, by=officer)
    with pytest.raises(ValueError):
        services.publication_correct(publication=draft, by=officer)
    assert draft.versions.count() == 1


# Item 10: a small update never replaces the annual report -----------------------------------

def test_a_winter_update_is_listed_beside_the_annual_report_not_over_it(
        client: Any, demo: Any, officer: Any, forum: Any) -> None:
    annual = Publication.objects.get(area=demo, state="published")
    assert annual.kind == "annual"
    update = draft_of(demo, officer, [response_with(demo, officer, "Winter")],
                      title="Winter update", kind="update",
                      end=annual.period_end + dt.timedelta(days=60))
    publish(update, officer, forum)
    main = selectors.public_main_version(area=demo)
    assert main is not None and main.publication == annual
    soup = BeautifulSoup(client.get(reverse("public:area", args=[demo.slug])).content, "lxml")
    assert f"Latest: {annual.title}" in soup.get_text()
    assert "Winter update" in soup.select_one("#updates").get_text()


def _form_as_browser_sends_it(html: bytes) -> dict[str, Any]:
    """Every field of the page's main form with the value it shows, as a browser would post."""
    soup = BeautifulSoup(html, "lxml")
    data: dict[str, list[str]] = {}
    for field in soup.select("main form input, main form textarea, main form select"):
        name = field.get("name")
        if not name or field.get("type") in {"submit", "button"}:
            continue
        if field.get("type") in {"checkbox", "radio"} and not field.has_attr("checked"):
            continue
        if field.name == "textarea":
            value = field.get_text()
        elif field.name == "select":
            chosen = field.select_one("option[selected]")
            value = str(chosen.get("value", "")) if chosen else ""
        else:
            value = str(field.get("value", ""))
        data.setdefault(str(name), []).append(value)
    return data


def test_the_edit_form_posted_back_unchanged_changes_nothing(client: Any, demo: Any,
                                                             officer: Any) -> None:
    made = [response_with(demo, officer, f"Response {n}") for n in range(4)]
    draft = draft_of(demo, officer, made[:3], kind="update")
    services.publication_update(publication=draft, title="Spring 2026", period_label="Spring",
                                period_start=dt.date(2026, 2, 3), period_end=dt.date(2026, 5, 6),
                                introduction="Line one.\nLine two.", kind="update", by=officer)
    before = Publication.objects.get(pk=draft.pk)
    client.force_login(officer)
    url = reverse("workspace:publication_edit", args=[demo.slug, draft.pk])
    page = client.post(url, _form_as_browser_sends_it(client.get(url).content))
    assert page.status_code == 302, text_of(page.content)
    after = Publication.objects.get(pk=draft.pk)
    for name in services.DETAILS:
        assert getattr(after, name) == getattr(before, name), name
    assert set(after.responses.all()) == set(made[:3])

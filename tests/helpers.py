"""Helpers shared by the web tests: page checks that every rendered page must pass."""

from __future__ import annotations

from typing import Any

from bs4 import BeautifulSoup


def check_page(html: str | bytes, where: str = "") -> BeautifulSoup:
    """One h1; a <title> that starts with it; every form field labelled; errors summarised."""
    soup = BeautifulSoup(html, "lxml")
    h1s = soup.find_all("h1")
    assert len(h1s) == 1, f"{where}: expected one h1, found {len(h1s)}"
    h1 = " ".join(h1s[0].get_text().split())
    title = " ".join((soup.title.get_text() if soup.title else "").split())
    assert title.startswith(h1), f"{where}: title {title!r} does not start with h1 {h1!r}"
    assert soup.html and soup.html.get("lang") == "en-GB", f"{where}: no lang on <html>"
    for field in soup.select("input, select, textarea"):
        if field.get("type") in {"hidden", "submit", "button"}:
            continue
        field_id = field.get("id")
        labelled = (field_id and soup.find("label", attrs={"for": field_id})) or field.get(
            "aria-label") or field.find_parent("label")
        assert labelled, f"{where}: field {field.get('name')!r} has no label"
    if soup.select(".govuk-error-message"):
        assert soup.select_one(".govuk-error-summary"), f"{where}: errors without a summary"
    order = {id(element): i for i, element in enumerate(soup.find_all(True))}
    for summary in soup.select(".govuk-error-summary"):
        # At the top of the page (GOV.UK): not down inside one of the forms, and before the
        # first message beside a field.
        assert summary.find_parent("form") is None, f"{where}: error summary inside a form"
        first = soup.select_one(".govuk-error-message")
        if first is not None:
            assert order[id(summary)] < order[id(first)], f"{where}: summary below an error"
    for link in soup.select(".govuk-error-summary a[href^='#']"):
        target = link["href"][1:]
        assert target and soup.find(id=target), f"{where}: error link to missing #{target}"
    return soup


def text_of(html: str | bytes) -> str:
    return " ".join(BeautifulSoup(html, "lxml").get_text(" ").split())


def sign_in(client: Any, user: Any) -> Any:
    client.force_login(user)
    return client

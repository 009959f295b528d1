"""Controls follow the role: for every role, every workspace page shows only the links, buttons
and forms that role may use. Each link shown is followed (GET) and each form shown is sent back
(POST, with its hidden fields, one tick in each group and its button, inside a rolled-back
savepoint): none may answer
403 "your role does not allow you to …"."""

from __future__ import annotations

from typing import Any
from urllib.parse import urljoin, urlsplit

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth import get_user_model
from django.db import transaction
from django.urls import Resolver404, resolve, reverse

from saidanddone.urls import STAFF_DATA_URL_NAMES
from tests.core.test_url_access import WORKSPACE, expected_status, kwargs_for
from tests.helpers import sign_in

pytestmark = pytest.mark.django_db

ROLES = ["admin", "officer", "analyst", "forum"]


def _workspace_path(url: str, base: str) -> str | None:
    """The path of a same-site workspace address, or None (public pages, other sites, #)."""
    parts = urlsplit(urljoin(base, url))
    if parts.netloc not in {"", "testserver"} or not parts.path.startswith("/workspace/"):
        return None
    try:
        resolve(parts.path)
    except Resolver404:
        return None
    return parts.path + (f"?{parts.query}" if parts.query else "")


def _plausible(field: Any) -> str:
    name = field.get("name", "")
    if name.endswith(("_day", "_month")):
        return "1"
    if name.endswith("_year"):
        return "2026"
    if field.get("type") == "url":
        return "https://www.example.org/"
    if field.get("inputmode") == "numeric" or field.get("type") == "number":
        return "1"
    return "Checked by the controls test"


def _controls(html: bytes, base: str) -> tuple[set[str], list[tuple[str, dict[str, Any]]]]:
    """(links, post forms) on a page: each form as (action, hidden fields and its button)."""
    soup = BeautifulSoup(html, "lxml")
    main = soup  # the whole page: the navigation is a control too
    links = {path for a in main.select("a[href]")
             if (path := _workspace_path(str(a["href"]), base))}
    forms: list[tuple[str, dict[str, Any]]] = []
    for form in main.select("form"):
        if str(form.get("method") or "get").lower() != "post":
            action = _workspace_path(str(form.get("action") or base), base)
            if action:
                links.add(action.split("?")[0])
            continue
        data: dict[Any, Any] = {i["name"]: i.get("value", "")
                                for i in form.select("input[type=hidden][name]")}
        # One tick in each group of boxes, so a button that acts on "the selected comments"
        # reaches its permission check instead of stopping at "Select at least one".
        for box in form.select("input[type=checkbox][name], input[type=radio][name]"):
            data.setdefault(box["name"], box.get("value", "on"))
        # Plausible answers in every box, so a view that validates before it checks the role
        # still reaches the check (a form the role may not send is a form it must not see).
        for field in form.select("input[name]:not([type]), input[type=text][name], "
                                 "input[type=url][name], input[type=number][name], textarea"):
            data.setdefault(field["name"], _plausible(field))
        for select in form.select("select[name]"):
            options = [o.get("value", "") for o in select.select("option") if o.get("value")]
            data.setdefault(select["name"], options[0] if options else "")
        buttons = form.select("button[type=submit], button:not([type]), input[type=submit]")
        for button in buttons or [None]:
            posted = dict(data)
            target = str(form.get("action") or base)
            if button is not None:
                target = str(button.get("formaction") or target)
                if button.get("name"):
                    posted[str(button["name"])] = button.get("value", "")
            action = _workspace_path(target, base)
            if action:
                forms.append((action, posted))
    return links, forms


@pytest.mark.parametrize("username", ROLES)
def test_no_control_shown_to_a_role_leads_to_a_403(client: Any, demo: Any,
                                                   username: str) -> None:
    user = get_user_model().objects.get(username=username)
    sign_in(client, user)
    problems: list[str] = []
    followed: set[str] = set()
    for name, route in WORKSPACE:
        if name in STAFF_DATA_URL_NAMES:
            continue  # files (exports, evidence), not pages with controls
        url = reverse(name, kwargs=kwargs_for(name, route, demo))
        page = client.get(url)
        if page.status_code == 403:
            continue  # a page the role may not open at all: nothing on it was shown to them
        assert page.status_code in expected_status(name, user, demo), (
            f"{username}: {url}: {page.status_code}")
        if page.status_code != 200:
            continue  # a redirect (listed with its reason in test_url_access)
        links, forms = _controls(page.content, url)
        for link in sorted(links - followed):
            followed.add(link)
            if client.get(link).status_code == 403:
                problems.append(f"{name}: link {link}")
        for action, data in forms:
            with transaction.atomic():
                status = client.post(action, data).status_code
                transaction.set_rollback(True)
            if status == 403:
                problems.append(f"{name}: form to {action} {data.get('action', '')}".strip())
    assert not problems, f"{username} is shown controls that answer 403:\n" + "\n".join(problems)

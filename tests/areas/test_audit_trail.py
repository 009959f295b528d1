"""The audit trail (issue 14): an area administrator reads every change in plain words,
filtered by person, action, object and date; nobody else reads it, and no area sees another's.
Every action the log can record is in one registry with its words (issue 15)."""

from __future__ import annotations

import ast
import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from django.urls import reverse

from saidanddone.areas.actors import SYSTEM
from saidanddone.core.audit import AuditAction, audit
from saidanddone.core.models import AuditEntry
from saidanddone.themes.services import theme_create, theme_update
from tests.helpers import check_page, sign_in, text_of

SRC = Path(__file__).resolve().parents[2] / "src" / "saidanddone"


def trail(client: Any, area: Any, **query: str) -> Any:
    return client.get(reverse("workspace:audit_trail", args=[area.slug]), query)


@pytest.fixture
def renamed(demo: Any, admin_user: Any) -> Any:
    theme = theme_create(area=demo, name="Sleep support", slug="sleep-support", by=admin_user)
    theme_update(theme=theme, name="Sleep and night-time support", description="", by=admin_user)
    return theme


@pytest.mark.django_db
def test_an_administrator_reads_changes_in_plain_words(client: Any, demo: Any,
                                                       admin_user: Any, renamed: Any) -> None:
    response = trail(sign_in(client, admin_user), demo)
    assert response.status_code == 200
    soup = check_page(response.content, "audit trail")
    first = text_of(str(soup.select("tbody tr")[0]))
    assert "Changed a theme" in first
    assert "Sleep support → Sleep and night-time support" in first
    assert "Theme" in first and (admin_user.get_full_name() or "admin") in first
    link = soup.select("tbody tr")[0].find("a")
    assert link["href"] == reverse("workspace:theme_detail", args=[demo.slug, renamed.pk])
    # No raw action code reaches what people read (codes are only the filter's option values).
    assert "theme.update" not in text_of(response.content)


@pytest.mark.django_db
@pytest.mark.parametrize("role_user", ["officer", "analyst", "forum"])
def test_nobody_but_an_administrator_reads_it(client: Any, demo: Any, role_user: str,
                                              request: Any) -> None:
    user = request.getfixturevalue(role_user)
    response = trail(sign_in(client, user), demo)
    assert response.status_code == 403
    assert "audit trail" in text_of(response.content)


@pytest.mark.django_db
def test_another_areas_changes_never_appear(client: Any, demo: Any, admin_user: Any,
                                            other_area: Any, other_officer: Any) -> None:
    theme_create(area=other_area, name="Eastbrook only theme", slug="eastbrook-only",
                 by=_admin_of(other_area))
    mine = trail(sign_in(client, admin_user), demo)
    assert "Eastbrook only theme" not in text_of(mine.content)
    # And the other area's officer cannot open Westmere's trail at all.
    client.logout()
    assert trail(sign_in(client, other_officer), demo).status_code == 404


def _admin_of(area: Any) -> Any:
    from tests.conftest import user_with_role
    return user_with_role(area, f"{area.slug}-admin", "area_admin")


@pytest.mark.django_db
def test_filters_by_action_person_system_kind_and_date(client: Any, demo: Any, admin_user: Any,
                                                      officer: Any, renamed: Any) -> None:
    sign_in(client, admin_user)
    only_updates = trail(client, demo, action=AuditAction.THEME_UPDATE.value)
    whats = [text_of(str(row.select("td")[2]))
             for row in check_page(only_updates.content).select("tbody tr")]
    assert whats and set(whats) == {"Changed a theme"}
    assert AuditEntry.objects.filter(area=demo, action="theme.update").count() == len(whats)

    by_officer = trail(client, demo, person=str(officer.pk))
    assert "Sleep support" not in text_of(by_officer.content)
    by_admin = trail(client, demo, person=str(admin_user.pk))
    assert "Sleep support" in text_of(by_admin.content)

    system = check_page(trail(client, demo, person="system").content)
    whos = {text_of(str(row.select("td")[1])) for row in system.select("tbody tr")}
    assert whos <= {"The system"}

    themes_only = check_page(trail(client, demo, kind="themes.theme").content)
    kinds = {text_of(str(row.select("td")[3])).split(":")[0] for row in themes_only.select(
        "tbody tr")}
    assert kinds == {"Theme"}

    today = dt.date.today()
    tomorrow = today + dt.timedelta(days=1)
    future = trail(client, demo, date_from_day=str(tomorrow.day),
                   date_from_month=str(tomorrow.month), date_from_year=str(tomorrow.year))
    assert "0 changes match the filters" in text_of(future.content)
    current = trail(client, demo, date_from_day=str(today.day), date_from_month=str(today.month),
                    date_from_year=str(today.year), date_to_day=str(today.day),
                    date_to_month=str(today.month), date_to_year=str(today.year))
    assert "Sleep support" in text_of(current.content)


@pytest.mark.django_db
def test_a_wrong_date_is_named_and_never_a_500(client: Any, demo: Any, admin_user: Any) -> None:
    sign_in(client, admin_user)
    half = trail(client, demo, date_from_day="3", date_from_year="2026")
    assert half.status_code == 200
    soup = check_page(half.content, "half a date")
    assert "The first date must include a month" in text_of(str(
        soup.select_one(".govuk-error-summary")))
    backwards = trail(client, demo, date_from_day="5", date_from_month="6", date_from_year="2026",
                      date_to_day="1", date_to_month="6", date_to_year="2026")
    assert "The last date must be the same as or after the first date" in text_of(
        backwards.content)
    assert trail(client, demo, person="not-a-person", kind="nonsense",
                 page="9999").status_code == 200


@pytest.mark.django_db
def test_an_action_outside_the_registry_is_refused(demo: Any) -> None:
    with pytest.raises(ValueError, match="not in AuditAction"):
        audit(action="theme.painted_purple", obj=demo, by=SYSTEM, area=demo)
    assert not AuditEntry.objects.filter(action="theme.painted_purple").exists()


BARE: list[str] = []  # string codes written at a call site instead of an AuditAction member


def _recorded_actions() -> set[str]:
    """Every action code the source passes to audit(), audit_each() or _set_state()."""
    found: set[str] = set()
    BARE.clear()
    for path in SRC.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(), str(path))):
            if not isinstance(node, ast.Call):
                continue
            name = getattr(node.func, "id", getattr(node.func, "attr", ""))
            values = [k.value for k in node.keywords if k.arg == "action"]
            if name == "_set_state" and len(node.args) == 4:
                values.append(node.args[3])
            if name in {"audit", "audit_each", "_set_state"}:
                for value in values:
                    if isinstance(value, ast.IfExp):
                        found |= {str(v.value) for v in (value.body, value.orelse)
                                  if isinstance(v, ast.Constant)}
                    elif isinstance(value, ast.Constant):
                        code = str(value.value)
                        found.add(code)
                        BARE.append(f"{path.name}:{node.lineno} {code}")
                    elif isinstance(value, ast.Attribute):
                        found.add(AuditAction[value.attr].value)
    return found


def test_every_action_the_code_records_has_its_words() -> None:
    recorded = _recorded_actions()
    assert len(recorded) >= 45  # the scan finds the calls (it would pass vacuously otherwise)
    assert recorded <= {a.value for a in AuditAction}, recorded - {a.value for a in AuditAction}
    for action in AuditAction:
        assert str(action.label)[0].isupper() and "." not in str(action.label), action


def test_call_sites_name_their_action_from_the_registry() -> None:
    _recorded_actions()
    assert BARE == [], "write AuditAction.<NAME>, not the bare code"

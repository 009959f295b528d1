"""An area administrator renames, adds, retires and merges themes; history is kept."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from saidanddone.areas.permissions import PermissionDenied
from saidanddone.commitments.models import Response
from saidanddone.core.models import AuditEntry
from saidanddone.themes import services
from saidanddone.themes.models import Theme, ThemeAssignment, ThemeSuggestion
from tests.helpers import check_page, sign_in

pytestmark = pytest.mark.django_db


def _theme(area: Any, slug: str) -> Theme:
    return Theme.objects.get(area=area, slug=slug)


def test_rename_keeps_the_old_name_in_the_history(demo: Any, admin_user: Any) -> None:
    theme = _theme(demo, "transport")
    services.theme_update(theme=theme, name="Travel to school and college",
                          description="Taxis, buses and travel training.", by=admin_user)
    theme.refresh_from_db()
    assert theme.name == "Travel to school and college"
    assert theme.slug == "transport"  # slugs never change: models and links keep working
    entry = AuditEntry.objects.get(action="theme.update", object_id=str(theme.pk))
    assert entry.before["name"] == "Home-to-school transport"


def test_two_themes_cannot_share_a_name(demo: Any, admin_user: Any) -> None:
    with pytest.raises(ValueError, match="already called"):
        services.theme_update(theme=_theme(demo, "transport"), name="bullying",
                              description="", by=admin_user)


def test_only_an_area_administrator_changes_themes(demo: Any, officer: Any) -> None:
    with pytest.raises(PermissionDenied):
        services.theme_set_active(theme=_theme(demo, "transport"), active=False, by=officer)


def test_merge_moves_comments_and_responses_and_keeps_the_old_theme(
        demo: Any, admin_user: Any) -> None:
    source, target = _theme(demo, "waiting-times"), _theme(demo, "health-therapies")
    moved = set(ThemeAssignment.objects.filter(theme=source).values_list("feedback_id",
                                                                         flat=True))
    responses = set(Response.objects.filter(themes=source).values_list("pk", flat=True))
    assert moved and responses
    services.theme_merge(source=source, target=target, by=admin_user)
    source.refresh_from_db()
    assert not source.active and source.merged_into == target
    assert not ThemeAssignment.objects.filter(theme=source).exists()
    assert not ThemeSuggestion.objects.filter(theme=source).exists()
    assert moved <= set(ThemeAssignment.objects.filter(theme=target)
                        .values_list("feedback_id", flat=True))
    assert responses <= set(Response.objects.filter(themes=target).values_list("pk", flat=True))
    assert not Response.objects.filter(themes=source).exists()
    entry = AuditEntry.objects.get(action="theme.merge", object_id=str(source.pk))
    assert set(entry.after["comments"]) == {str(pk) for pk in moved}
    with pytest.raises(ValueError, match="cannot come back"):
        services.theme_set_active(theme=source, active=True, by=admin_user)


def test_merge_refuses_itself_and_a_retired_target(demo: Any, admin_user: Any) -> None:
    theme, other = _theme(demo, "transport"), _theme(demo, "funding")
    with pytest.raises(ValueError, match="different theme"):
        services.theme_merge(source=theme, target=theme, by=admin_user)
    services.theme_set_active(theme=other, active=False, by=admin_user)
    with pytest.raises(ValueError, match="retired"):
        services.theme_merge(source=theme, target=other, by=admin_user)


def test_the_themes_pages_as_an_administrator(client: Any, demo: Any, admin_user: Any) -> None:
    sign_in(client, admin_user)
    listing = client.get(reverse("workspace:theme_list", args=[demo.slug]))
    assert listing.status_code == 200
    check_page(listing.content)
    # A mistake on purpose: no name. The error names the field; nothing is added.
    count = Theme.objects.filter(area=demo).count()
    wrong = client.post(reverse("workspace:theme_list", args=[demo.slug]),
                        {"name": "", "description": "Something"})
    soup = check_page(wrong.content)
    assert "Enter the theme's name." in soup.select_one(".govuk-error-summary").get_text()
    assert Theme.objects.filter(area=demo).count() == count
    added = client.post(reverse("workspace:theme_list", args=[demo.slug]),
                        {"name": "Sport and leisure", "description": "Clubs and activities."},
                        follow=True)
    assert "is now one of your themes" in added.content.decode()
    theme = Theme.objects.get(area=demo, slug="sport-and-leisure")
    url = reverse("workspace:theme_detail", args=[demo.slug, theme.pk])
    # Saved unchanged: nothing changes, nothing is recorded.
    page = client.get(url)
    check_page(page.content)
    client.post(url, {"action": "save", "name": theme.name, "description": theme.description})
    assert not AuditEntry.objects.filter(action="theme.update", object_id=str(theme.pk)).exists()
    # Merge without choosing a theme: an error, nothing merged.
    wrong = client.post(url, {"action": "merge", "merge_into": ""})
    assert "Choose the theme to merge into." in wrong.content.decode()
    theme.refresh_from_db()
    assert theme.active
    target = _theme(demo, "short-breaks")
    done = client.post(url, {"action": "merge", "merge_into": str(target.pk)}, follow=True)
    assert "Merged into" in done.content.decode()
    assert "merged into “Short breaks, social care and respite”" in done.content.decode()


def test_a_member_who_is_not_an_administrator_sees_themes_but_cannot_change_them(
        client: Any, demo: Any, officer: Any) -> None:
    sign_in(client, officer)
    theme = _theme(demo, "transport")
    url = reverse("workspace:theme_detail", args=[demo.slug, theme.pk])
    page = client.get(url)
    assert "Only an area administrator can change themes." in page.content.decode()
    refused = client.post(url, {"action": "retire"})
    assert refused.status_code == 403
    theme.refresh_from_db()
    assert theme.active


def test_the_themes_page_lists_themes_in_the_areas_order(client: Any, demo: Any,
                                                         officer: Any) -> None:
    sign_in(client, officer)
    soup = check_page(client.get(reverse("workspace:theme_list", args=[demo.slug])).content)
    shown = [a.get_text() for a in soup.select("table tbody th a")]
    expected = list(Theme.objects.filter(area=demo, active=True).order_by("position", "name")
                    .values_list("name", flat=True))
    assert shown[:len(expected)] == expected

"""An area's administrator keeps its settings up to date in the workspace (issue 14): what
families see changes on the public pages (stored pages included), an unchanged save changes
nothing, mistakes are named and save nothing, and only administrators may do it."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from saidanddone.areas.models import Area
from saidanddone.areas.services import AREA_SETTINGS
from saidanddone.core.models import AuditEntry
from saidanddone.publishing.models import Publication, PublicationVersion
from tests.helpers import check_page, sign_in, text_of

pytestmark = pytest.mark.django_db


def settings_url(area: Area) -> str:
    return reverse("workspace:area_settings", args=[area.slug])


def posted(area: Area, **changes: Any) -> dict[str, Any]:
    """The form as the browser sends it unchanged, with ``changes`` typed over it."""
    data: dict[str, Any] = {name: getattr(area, name) for name in AREA_SETTINGS}
    data.update(changes)
    return {k: "" if v is None else v for k, v in data.items()}


def test_the_page_shows_every_setting_in_sections(client: Any, demo: Area,
                                                  admin_user: Any) -> None:
    page = client.get(settings_url(demo)) if sign_in(client, admin_user) else None
    assert page.status_code == 200
    soup = check_page(page.content, "settings")
    assert [h.get_text() for h in soup.select("main h2")] == [
        "Who you are", "How families reach you", "Safeguarding", "Keeping promises fresh",
        "Removing personal details",
        "Keeping data", "Look"]
    names = {field["name"] for field in soup.select("form input, form textarea")
             if field.get("type") != "hidden"}
    assert names == set(AREA_SETTINGS)


def test_an_unchanged_save_changes_nothing(client: Any, demo: Area, admin_user: Any) -> None:
    sign_in(client, admin_user)
    audits = AuditEntry.objects.count()
    PublicationVersion.objects.update(rendered_stale=False)
    saved = client.post(settings_url(demo), posted(demo), follow=True)
    assert "Nothing was changed" in text_of(saved.content)
    assert AuditEntry.objects.count() == audits
    assert not PublicationVersion.objects.filter(rendered_stale=True).exists()


def test_a_new_number_reaches_the_form_and_the_stored_page(
        client: Any, demo: Area, admin_user: Any,
        django_capture_on_commit_callbacks: Any) -> None:
    sign_in(client, admin_user)
    with django_capture_on_commit_callbacks(execute=True):  # the re-render task, as on commit
        saved = client.post(settings_url(demo), posted(demo, social_care_phone="01632 960 321"),
                            follow=True)
    assert "Settings saved: 1 changed" in text_of(saved.content)
    entry = AuditEntry.objects.filter(area=demo, action="area.update").latest("at")
    assert entry.after == {"social_care_phone": "01632 960 321"}
    client.logout()
    form = text_of(client.get(reverse("public:feedback_form", args=[demo.slug])).content)
    assert "call children's social care on 01632 960 321" in form
    publication = Publication.objects.filter(area=demo, state="published").first()
    assert not PublicationVersion.objects.filter(publication=publication,
                                                 rendered_stale=True).exists()
    stored = PublicationVersion.objects.filter(publication=publication).latest("number")
    assert "01632 960 321" in text_of(stored.rendered_html)
    page = client.get(reverse("public:publication", args=[demo.slug, publication.slug]))
    assert "01632 960 321" in text_of(page.content)


def test_a_private_setting_leaves_the_stored_pages_alone(client: Any, demo: Area,
                                                          admin_user: Any) -> None:
    sign_in(client, admin_user)
    PublicationVersion.objects.update(rendered_stale=False)
    rendered = dict(PublicationVersion.objects.values_list("pk", "rendered_at"))
    client.post(settings_url(demo), posted(demo, school_names="Hollybank Primary\nThe Moor"))
    demo.refresh_from_db()
    assert demo.school_name_list == ["Hollybank Primary", "The Moor"]
    assert dict(PublicationVersion.objects.values_list("pk", "rendered_at")) == rendered


@pytest.mark.parametrize(("changes", "message"), [
    ({"brand_colour": "#ffee00"}, "The header colour is too light for white text"),
    ({"brand_colour": "yellow"}, "Enter the header colour as # and six hex digits"),
    ({"safeguarding_contacts": "dsl@westmere.example\nnot an address"},
     "Line 2 of the safeguarding contacts is not an e-mail address"),
    ({"retention_days": "2"}, "must be 7 or more"),
    ({"triage_hours": ""}, "Enter the number of hours"),
    ({"complaints_url": "not a web address"}, "as a web address"),
])
def test_a_mistake_is_named_and_saves_nothing(client: Any, demo: Area, admin_user: Any,
                                              changes: dict[str, str], message: str) -> None:
    sign_in(client, admin_user)
    before = {name: getattr(demo, name) for name in AREA_SETTINGS}
    audits = AuditEntry.objects.count()
    page = client.post(settings_url(demo), posted(demo, social_care_phone="01632 000 000",
                                                  **changes))
    assert page.status_code == 200
    soup = check_page(page.content, "settings with a mistake")
    assert message in text_of(str(soup.select_one(".govuk-error-summary")))
    demo.refresh_from_db()
    assert {name: getattr(demo, name) for name in AREA_SETTINGS} == before
    assert AuditEntry.objects.count() == audits


@pytest.mark.parametrize("username", ["officer", "analyst", "forum"])
def test_only_an_administrator_changes_settings(client: Any, demo: Area, username: str,
                                                request: Any) -> None:
    user = request.getfixturevalue(username if username != "forum" else "forum")
    sign_in(client, user)
    assert client.get(settings_url(demo)).status_code == 403
    assert client.post(settings_url(demo), posted(demo, social_care_phone="1")).status_code == 403
    demo.refresh_from_db()
    assert demo.social_care_phone != "1"


def test_the_service_itself_refuses_a_light_colour(demo: Area, admin_user: Any) -> None:
    from saidanddone.areas.services import area_update

    with pytest.raises(ValueError, match="too light for white text"):
        area_update(area=demo, by=admin_user, brand_colour="#ffee00")

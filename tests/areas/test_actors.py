"""Every service is told who acts: a person, or the system. Nobody (None) is refused."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.http import HttpResponse
from django.test import override_settings
from django.urls import path

from saidanddone import urls as site_urls
from saidanddone.areas import permissions
from saidanddone.areas.actors import SYSTEM, SignedInRequest, person, user_of
from saidanddone.areas.services import area_create, membership_set, user_create
from saidanddone.feedback import services as feedback
from saidanddone.feedback.models import FeedbackItem
from saidanddone.publishing import services as publishing

pytestmark = pytest.mark.django_db


def test_the_services_permission_error_is_djangos() -> None:
    assert issubclass(permissions.PermissionDenied, DjangoPermissionDenied)


def test_only_a_person_is_recorded_where_the_system_cannot_act(officer: Any) -> None:
    """person() narrows an actor to the user a record names; the system never gets that far."""
    assert person(officer) == officer and user_of(officer) == officer
    assert user_of(SYSTEM) is None
    with pytest.raises(DjangoPermissionDenied):
        person(SYSTEM)


def _glossary_as_the_signed_in_user(request: SignedInRequest) -> HttpResponse:
    """A view outside area_view that lets a service's refusal escape, as any view might."""
    from saidanddone.areas.models import Area

    publishing.glossary_term_set(area=Area.objects.get(slug="westmere"), short="ZZ",
                                 expansion="Something", by=request.user)
    return HttpResponse("changed")


# The site's own URLs too: the 403 page links to them.
urlpatterns = [path("outside-area-view/", _glossary_as_the_signed_in_user),
               *site_urls.urlpatterns]


@override_settings(ROOT_URLCONF=__name__, DEBUG=False)
def test_a_refusal_outside_area_view_is_a_403_page_not_a_server_error(
        client: Any, demo: Any, forum: Any) -> None:
    client.raise_request_exception = False
    client.force_login(forum)
    page = client.get("/outside-area-view/")
    assert page.status_code == 403
    assert "Your role does not allow you to manage the glossary." in page.content.decode()
    assert not demo.glossary.filter(short="ZZ").exists()


def test_nobody_acting_is_refused_not_waved_through(demo: Any) -> None:
    channel = feedback.channel_get_or_create(area=demo, kind="web_form")
    before = FeedbackItem.objects.count()
    with pytest.raises(permissions.PermissionDenied, match="No one is acting"):
        feedback.feedback_create(area=demo, text="The bus was late.", channel=channel,
                                 respondent_role="parent", by=None)
    with pytest.raises(permissions.PermissionDenied):
        publishing.glossary_term_set(area=demo, short="ZZ", expansion="Something", by=None)
    assert FeedbackItem.objects.count() == before


def test_the_system_takes_in_a_familys_comment_from_the_public_form(demo: Any) -> None:
    item, created = feedback.feedback_submit_public(
        area=demo, text="The bus was late again.", respondent_role="parent",
        consent="paraphrase", idempotency_key="7a1e8f0e-0000-4000-8000-000000000001")
    assert created and item.area == demo


def test_the_system_may_take_in_feedback_but_not_publish_or_confirm(demo: Any) -> None:
    channel = feedback.channel_get_or_create(area=demo, kind="web_form")
    feedback.feedback_create(area=demo, text="The bus was late.", channel=channel,
                             respondent_role="parent", by=SYSTEM)
    with pytest.raises(permissions.PermissionDenied):
        publishing.glossary_term_set(area=demo, short="ZZ", expansion="Something", by=SYSTEM)
    with pytest.raises(permissions.PermissionDenied):
        feedback.feedback_create(
            area=demo, text="Forty parents said so.", respondent_role="forum", by=SYSTEM,
            channel=feedback.channel_get_or_create(area=demo, kind="forum_report"))


def test_areas_and_accounts_are_made_by_the_set_up_commands_only(demo: Any, officer: Any,
                                                                  admin_user: Any) -> None:
    with pytest.raises(permissions.PermissionDenied):
        area_create(name="Northfold", by=officer)
    with pytest.raises(permissions.PermissionDenied):
        user_create(username="someone", password="a-long-password-1", by=None)
    with pytest.raises(permissions.PermissionDenied):
        membership_set(area=demo, user=officer, role="area_admin", by=officer)
    membership_set(area=demo, user=officer, role="send_officer", by=admin_user)
    assert area_create(name="Northfold", by=SYSTEM).slug == "northfold"

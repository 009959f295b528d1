"""Every URL pattern is walked: public pages open to all; everything else needs sign-in and
membership of the area, and a member of another area gets a 404 with none of the data."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from saidanddone.areas.models import Membership
from saidanddone.commitments.models import Commitment, Indicator, Response
from saidanddone.feedback.models import FeedbackItem
from saidanddone.publishing.models import Publication
from saidanddone.themes.models import Theme
from saidanddone.urls import PUBLIC_URL_NAMES
from tests.helpers import sign_in

pytestmark = pytest.mark.django_db


def all_url_names() -> list[tuple[str, str]]:
    """(name, route) for every named URL pattern, with its namespace."""
    found: list[tuple[str, str]] = []

    def walk(patterns: Any, namespace: str, prefix: str) -> None:
        for p in patterns:
            if isinstance(p, URLResolver):
                if p.app_name == "admin" or p.namespace == "admin":
                    continue
                ns = f"{namespace}{p.namespace}:" if p.namespace else namespace
                walk(p.url_patterns, ns, prefix + str(p.pattern))
            elif isinstance(p, URLPattern) and p.name:
                found.append((f"{namespace}{p.name}", prefix + str(p.pattern)))

    walk(get_resolver().url_patterns, "", "")
    return found


def kwargs_for(name: str, route: str, area: Any) -> dict[str, Any]:
    publication = Publication.objects.filter(area=area, state="published").first()
    objects = {
        "feedback": FeedbackItem.objects.filter(area=area).first(),
        "response": Response.objects.filter(area=area).first(),
        "commitment": Commitment.objects.filter(area=area, published_in__isnull=False).first(),
        "indicator": Indicator.objects.filter(area=area).first(),
        "publication": publication,
        "theme": Theme.objects.filter(area=area).first(),
        "member": Membership.objects.filter(area=area).order_by("user__username").first(),
    }
    kwargs: dict[str, Any] = {}
    if "<slug:slug>" in route:
        kwargs["slug"] = area.slug
    if "<slug:pub>" in route:
        kwargs["pub"] = publication.slug
    if "<int:number>" in route:
        kwargs["number"] = 1
    if "<str:fmt>" in route:
        kwargs["fmt"] = "csv"
    if "<uidb64>" in route:  # a password reset link that does not work: its own page
        kwargs["uidb64"], kwargs["token"] = "MQ", "not-a-token"
    if "<str:token>" in route:
        kwargs["token"] = "not-a-real-invitation"  # the page for a link that does not work
    if "evidence_file" in name:  # a public file on a published commitment (decision 0220)
        from tests.commitments.evidence_samples import public_evidence_file
        objects["evidence_file"] = public_evidence_file(area)
    if "<uuid:pk>" in route:
        key = next(k for k in objects if k in name)
        kwargs["pk"] = objects[key].pk
    return kwargs


# Pages whose walk (with the addresses kwargs_for builds) answers something other than 200 on
# purpose, each with its reason. Every other page a walker opens must answer 200: a walker that
# let any status but 500 through would walk past a page that broke into a 404 or a 403.
EXPECTED_STATUS: dict[str, tuple[int, str]] = {}


def expected_status(name: str) -> int:
    return EXPECTED_STATUS.get(name, (200, ""))[0]


WORKSPACE = [(n, r) for n, r in all_url_names() if n not in PUBLIC_URL_NAMES]
PUBLIC = [(n, r) for n, r in all_url_names() if n in PUBLIC_URL_NAMES and n != "logout"]


def test_every_url_is_either_public_or_workspace() -> None:
    names = {n for n, _ in all_url_names()}
    assert names == {n for n, _ in WORKSPACE} | {n for n, _ in PUBLIC} | {"logout"}
    # Staff pages: the area workspace, and your own account (its second factor).
    assert all(n.startswith(("workspace:", "account:")) for n, _ in WORKSPACE)


@pytest.mark.parametrize(("name", "route"), PUBLIC)
def test_public_page_opens_without_sign_in(client: Any, demo: Any, name: str,
                                           route: str) -> None:
    response = client.get(reverse(name, kwargs=kwargs_for(name, route, demo)))
    assert response.status_code == 200


@pytest.mark.parametrize(("name", "route"), WORKSPACE)
def test_workspace_page_sends_anonymous_visitor_to_sign_in(client: Any, demo: Any, name: str,
                                                           route: str) -> None:
    url = reverse(name, kwargs=kwargs_for(name, route, demo))
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize(("name", "route"), WORKSPACE)
def test_workspace_page_is_not_found_for_another_areas_member(
        client: Any, demo: Any, other_officer: Any, name: str, route: str) -> None:
    if name == "workspace:home" or name.startswith("account:"):
        pytest.skip("your own areas and your own account have no area in their address")
    sign_in(client, other_officer)
    for method in (client.get, client.post):
        response = method(reverse(name, kwargs=kwargs_for(name, route, demo)))
        assert response.status_code == 404
        assert b"Westmere" not in response.content


@pytest.mark.parametrize(("name", "route"), WORKSPACE)
def test_workspace_page_opens_for_a_member(client: Any, demo: Any, admin_user: Any, name: str,
                                           route: str) -> None:
    sign_in(client, admin_user)  # the administrator's role may open every page
    response = client.get(reverse(name, kwargs=kwargs_for(name, route, demo)), follow=True)
    assert response.status_code == 200


def test_workspace_home_lists_only_your_own_areas(client: Any, demo: Any,
                                                  other_officer: Any) -> None:
    sign_in(client, other_officer)
    response = client.get(reverse("workspace:home"), follow=True)
    assert b"Eastbrook" in response.content
    assert b"Westmere" not in response.content


def test_unpublished_commitment_is_not_public(client: Any, demo: Any) -> None:
    draft = Commitment.objects.filter(area=demo, published_in__isnull=True).first()
    assert draft is not None
    url = reverse("public:commitment", kwargs={"slug": demo.slug, "pk": draft.pk})
    assert client.get(url).status_code == 404

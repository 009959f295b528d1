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
    if name.endswith("evidence_remove"):  # "Are you sure?" before removing a file's evidence
        from tests.commitments.evidence_samples import public_evidence_file
        objects = {"evidence": public_evidence_file(area).evidence}
    if "<uuid:pk>" in route:
        key = next(k for k in objects if k in name)
        kwargs["pk"] = objects[key].pk
    return kwargs


# Every page a walker opens must answer 200, or the code listed here with its reason: a walker
# that let any status but 500 through would walk past a page that broke into a 404 or a 403.
# These are for a GET that does not follow redirects, with the addresses kwargs_for builds;
# followed, each of them ends on a page that answers 200.
EXPECTED_STATUS: dict[str, tuple[set[int], str]] = {
    "workspace:home": ({302}, "with one area, the workspace home goes straight to its dashboard"),
    "workspace:feedback_bulk": ({302}, "the bulk action is a form's POST: a GET goes back to "
                                       "the list"),
    "workspace:indicator_figure": ({302}, "no figure named in the address: back to the "
                                          "indicator"),
    "workspace:publication_edit": ({302}, "the demo's publication is published, not a draft: "
                                          "its page instead"),
    "workspace:publication_preview": ({302}, "nothing of the demo's is with the forum: nothing "
                                             "to preview, its page instead"),
    "workspace:publication_preview_easy_read": ({302}, "as the preview"),
    "account:verify": ({302}, "the code is entered already (or there is no app to ask for)"),
    "account:recovery": ({302}, "as account:verify"),
}


def expected_status(name: str, user: Any, area: Any, *, follow: bool = False) -> set[int]:
    """The codes a walker accepts for a GET of the page ``name`` of ``area`` (as kwargs_for
    builds its address) as ``user``. A 403 for a page the role may not open at all is for the
    caller to allow: the role tests say which those are."""
    if follow:
        return {200}
    from saidanddone.accounts.rules import confirmed_device

    if name in {"account:set_up", "account:remove"}:
        has_app = confirmed_device(user) is not None
        # Setting up is for someone with no authenticator app; removing, for someone with one.
        return {302 if has_app == (name == "account:set_up") else 200}
    if name == "workspace:feedback_detail":
        # The walk opens the area's first comment (kwargs_for), which may be one this role is
        # not told about (need to know: flagged for safeguarding): to that role it is not there.
        from saidanddone.feedback import selectors as feedback_selectors

        item = FeedbackItem.objects.filter(area=area).first()
        try:
            feedback_selectors.feedback_get(area=area, user=user, pk=item.pk)
        except FeedbackItem.DoesNotExist:
            return {404}
        return {200}
    return EXPECTED_STATUS.get(name, ({200}, ""))[0]



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

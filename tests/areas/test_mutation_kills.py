"""The permission check and the role lookup, pinned exactly (docs/mutation.md).

``require`` and ``role_of`` decide who may do anything at all; these tests kill the mutants the
broader tests let live: the exact refusal message, and the role each kind of actor gets."""

from __future__ import annotations

from typing import Any, cast

import pytest
from django.contrib.auth.models import AnonymousUser

from saidanddone.areas.actors import SYSTEM, SYSTEM_ROLE
from saidanddone.areas.models import Area, Role
from saidanddone.areas.permissions import PUBLISH, PermissionDenied, require
from saidanddone.areas.selectors import role_of


def test_an_allowed_role_passes_and_others_are_refused_in_plain_words() -> None:
    require(Role.SEND_OFFICER, PUBLISH, "publish")  # no exception
    for role in (Role.ANALYST, Role.FORUM_REVIEWER, None, SYSTEM_ROLE):
        with pytest.raises(PermissionDenied) as refused:
            require(role, PUBLISH, "publish a response")
        assert str(refused.value) == "Your role does not allow you to publish a response."


def test_nobody_acting_is_refused_with_what_to_pass_instead(demo: Area) -> None:
    with pytest.raises(PermissionDenied) as refused:
        role_of(user=None, area=demo)
    assert str(refused.value) == (
        "No one is acting. Pass the signed-in user, or areas.actors.SYSTEM for tasks, "
        "commands and public forms.")


def test_each_kind_of_actor_gets_its_role(demo: Area, officer: Any, analyst: Any,
                                          other_officer: Any) -> None:
    assert role_of(user=SYSTEM, area=demo) == SYSTEM_ROLE
    assert role_of(user=cast(Any, AnonymousUser()), area=demo) is None
    assert role_of(user=officer, area=demo) == Role.SEND_OFFICER
    assert role_of(user=analyst, area=demo) == Role.ANALYST
    # A member of another area has no role here.
    assert role_of(user=other_officer, area=demo) is None


def test_an_object_without_is_authenticated_counts_as_signed_out(demo: Area) -> None:
    assert role_of(user=cast(Any, object()), area=demo) is None

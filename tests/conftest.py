"""Shared fixtures. The demo area is loaded once per test database and every test rolls back."""

from __future__ import annotations

import importlib
from typing import Any

import pytest
from django.apps import apps as django_apps
from django.contrib.auth import get_user_model

from saidanddone.areas.actors import SYSTEM
from saidanddone.areas.models import Area
from saidanddone.areas.services import area_create, membership_set, user_create
from saidanddone.core.demo import demo_load
from saidanddone.core.demo_content import PASSWORD


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup: Any, django_db_blocker: Any) -> None:
    with django_db_blocker.unblock():
        if not Area.objects.filter(slug="westmere").exists():
            demo_load()


def demo_ensure() -> Area:
    """The demo area, loaded again if a transactional test emptied the tables (data migrations
    included: the default taxonomy goes back first)."""
    existing = Area.objects.filter(slug="westmere").first()
    if existing is not None:
        return existing
    for name, step in (("0002_default_taxonomy", "load"), ("0005_taxonomy_2026", "forward")):
        migration = importlib.import_module(f"saidanddone.themes.migrations.{name}")
        getattr(migration, step)(django_apps, None)
    return demo_load()


@pytest.fixture
def demo_restored(django_db_blocker: Any) -> Any:
    """For a transactional test that is not a browser test: the demo area is there before it,
    and put back after the tables are emptied, for the tests that follow in this process."""
    with django_db_blocker.unblock():
        demo_ensure()
    yield
    with django_db_blocker.unblock():
        demo_ensure()


@pytest.fixture
def demo(db: Any) -> Area:
    return Area.objects.get(slug="westmere")


def user_with_role(area: Area, username: str, role: str) -> Any:
    user = get_user_model().objects.filter(username=username).first() or user_create(
        username=username, password=PASSWORD, by=SYSTEM)
    membership_set(area=area, user=user, role=role, by=SYSTEM)
    return user


@pytest.fixture
def officer(demo: Area) -> Any:
    return get_user_model().objects.get(username="officer")


@pytest.fixture
def analyst(demo: Area) -> Any:
    return get_user_model().objects.get(username="analyst")


@pytest.fixture
def forum(demo: Area) -> Any:
    return get_user_model().objects.get(username="forum")


@pytest.fixture
def admin_user(demo: Area) -> Any:
    return get_user_model().objects.get(username="admin")


@pytest.fixture
def other_area(db: Any) -> Area:
    """A second area with its own officer: it must never see Westmere's data, nor the reverse."""
    area = area_create(name="Eastbrook", slug="eastbrook", forum_name="Eastbrook Parents Together",
                       by=SYSTEM)
    user_with_role(area, "eastbrook-officer", "send_officer")
    return area


@pytest.fixture
def other_officer(other_area: Area) -> Any:
    return get_user_model().objects.get(username="eastbrook-officer")



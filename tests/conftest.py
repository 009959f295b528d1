"""Shared fixtures. The demo area is loaded once per test database and every test rolls back."""

from __future__ import annotations

import importlib
import socket
from collections.abc import Iterator
from email import message_from_bytes
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from django.apps import apps as django_apps
from django.contrib.auth import get_user_model

from saidanddone.areas.actors import SYSTEM
from saidanddone.areas.models import Area
from saidanddone.areas.services import membership_set, user_create
from saidanddone.core.demo_accounts import PASSWORD
from saidanddone.demo.loader import demo_load
from saidanddone.themes.services import area_set_up


@pytest.fixture(autouse=True)
def _fresh_process_caches() -> Iterator[None]:
    """Each test starts with no page lookups remembered from another (tests run in a random
    order): the stored pages' two-second micro-cache would otherwise answer for rows that the
    other test's rollback has taken away."""
    from saidanddone.publishing.selectors import forget_stored_pages

    forget_stored_pages()
    yield
    forget_stored_pages()


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
    area = area_set_up(name="Eastbrook", slug="eastbrook", forum_name="Eastbrook Parents Together",
                       by=SYSTEM)
    user_with_role(area, "eastbrook-officer", "send_officer")
    return area


@pytest.fixture
def other_officer(other_area: Area) -> Any:
    return get_user_model().objects.get(username="eastbrook-officer")




# A real SMTP server on localhost that keeps what it is sent ----------------------------------

class Sink:
    def __init__(self) -> None:
        self.messages: list[Any] = []

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        self.messages.append((envelope.rcpt_tos, message_from_bytes(envelope.content)))
        return "250 Message accepted"

    def bodies(self) -> list[str]:
        return [message.get_payload(decode=True).decode() for _, message in self.messages]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture
def smtp_sink() -> Iterator[tuple[Sink, int]]:
    """A real SMTP conversation on localhost (aiosmtpd), and where the mail ends up."""
    sink, port = Sink(), free_port()
    controller = Controller(sink, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield sink, port
    finally:
        controller.stop()


def smtp_settings(port: int) -> dict[str, Any]:
    return {"EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "EMAIL_HOST": "127.0.0.1", "EMAIL_PORT": port, "EMAIL_USE_TLS": False}

"""Writes through Django's admin (reference data: areas, memberships, channels, themes) are
audited under registered actions, so the registry never turns an admin save into a 500."""

from __future__ import annotations

from typing import Any

import pytest

from saidanddone.core.models import AuditEntry
from saidanddone.feedback.models import Channel
from tests.helpers import sign_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def superuser(admin_user: Any) -> Any:
    admin_user.is_staff = admin_user.is_superuser = True
    admin_user.save()
    return admin_user


def test_changing_and_deleting_reference_data_in_the_admin_is_audited(
        client: Any, demo: Any, superuser: Any) -> None:
    sign_in(client, superuser)
    channel = Channel.objects.filter(area=demo).first()
    page = client.get(f"/admin/feedback/channel/{channel.pk}/change/")
    assert page.status_code == 200
    saved = client.post(f"/admin/feedback/channel/{channel.pk}/change/", {
        "area": str(demo.pk), "name": "Coffee mornings (renamed)", "kind": channel.kind})
    assert saved.status_code == 302, saved.content[:2000]
    entry = AuditEntry.objects.filter(action="reference.update").latest("at")
    assert entry.area_id == demo.pk and entry.after["changed"] == ["name"]

    spare = Channel.objects.create(area=demo, name="A spare channel", kind=channel.kind)
    gone = client.post(f"/admin/feedback/channel/{spare.pk}/delete/", {"post": "yes"})
    assert gone.status_code == 302
    assert not Channel.objects.filter(pk=spare.pk).exists()
    assert AuditEntry.objects.filter(action="reference.delete",
                                     object_id=str(spare.pk)).exists()

"""Production set-up: no demo users outside a demo site, the published demo password refused,
an existing account's role changed only on purpose, and `check --deploy` clean with the README's
production environment."""

from __future__ import annotations

import io
import os
import re
import secrets
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.test import override_settings
from django.urls import reverse

from saidanddone.areas.models import Area
from saidanddone.core.demo_accounts import PASSWORD, USERS
from saidanddone.demo.loader import demo_remove

ROOT = Path(__file__).resolve().parents[2]
DEMO_USERNAMES = [username for username, _, _ in USERS]


@pytest.mark.django_db
@override_settings(SAIDANDDONE_DEMO=False)
def test_setup_outside_a_demo_site_creates_no_demo_users() -> None:
    demo_remove()  # an empty database, as on a new server (the test's transaction restores it)
    Area.objects.all().delete()
    out = io.StringIO()
    call_command("setup", stdout=out)
    assert not Area.objects.exists()
    assert not get_user_model().objects.filter(username__in=DEMO_USERNAMES).exists()
    assert PASSWORD not in out.getvalue()
    assert "createarea" in out.getvalue()


@pytest.mark.django_db
@override_settings(SAIDANDDONE_DEMO=True)
def test_setup_on_a_demo_site_loads_the_demo() -> None:
    demo_remove()
    Area.objects.all().delete()
    call_command("setup", stdout=io.StringIO())
    assert Area.objects.filter(slug="westmere").exists()
    assert get_user_model().objects.filter(username__in=DEMO_USERNAMES).count() == len(USERS)


@pytest.mark.django_db
@override_settings(SAIDANDDONE_DEMO=False)
def test_the_demo_command_refuses_outside_a_demo_site() -> None:
    with pytest.raises(CommandError, match="SAIDANDDONE_DEMO"):
        call_command("demo", "--reset", stdout=io.StringIO())


def test_only_local_settings_make_a_demo_site() -> None:
    env = {k: v for k, v in os.environ.items() if k != "SAIDANDDONE_DEMO"}
    code = "from django.conf import settings; print(settings.SAIDANDDONE_DEMO)"
    for module, expected in (("local", "True"), ("production", "False")):
        out = subprocess.run(
            [sys.executable, "-c", f"import django; django.setup(); {code}"],
            env={**env, "DJANGO_SETTINGS_MODULE": f"saidanddone.settings.{module}",
                 "SECRET_KEY": "x" * 60, "PYTHONPATH": str(ROOT / "src")},
            capture_output=True, text=True, check=True, cwd=ROOT)
        assert out.stdout.strip() == expected, module


@pytest.mark.parametrize("password", [PASSWORD, PASSWORD.upper(), f" {PASSWORD} "])
@override_settings(SAIDANDDONE_DEMO=False)
def test_the_published_demo_password_is_refused_outside_a_demo_site(password: str) -> None:
    with pytest.raises(ValidationError, match="published with the demo"):
        validate_password(password)
    validate_password("a-long-password-of-my-own-7431")  # others still pass


@pytest.mark.django_db
@override_settings(SAIDANDDONE_DEMO=False)
def test_changepassword_refuses_the_demo_password(officer: Any, monkeypatch: Any) -> None:
    """Django's changepassword asks twice through getpass, then runs the validators."""
    answers = iter([PASSWORD, PASSWORD] * 3)
    monkeypatch.setattr("getpass.getpass", lambda prompt="": next(answers))
    with pytest.raises(CommandError, match="Aborting"):
        call_command("changepassword", officer.username, stdout=io.StringIO())
    officer.refresh_from_db()
    assert officer.check_password(PASSWORD)  # unchanged: the old demo password in this test DB


@pytest.mark.django_db
@override_settings(SAIDANDDONE_DEMO=False)
def test_an_account_with_the_demo_password_cannot_sign_in(client: Any, officer: Any) -> None:
    """Made before this rule, or by a path that skips the validators: still no way in."""
    response = client.post(reverse("login"), {"username": officer.username,
                                              "password": PASSWORD})
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session
    assert "published with the demo" in response.content.decode()


@pytest.mark.django_db
def test_addmember_will_not_silently_change_an_existing_account(demo: Any, officer: Any) -> None:
    with pytest.raises(CommandError, match="--existing") as refused:
        call_command("addmember", demo.slug, officer.username, "area_admin",
                     stdout=io.StringIO())
    assert "SEND officer → Area administrator" in str(refused.value)
    assert demo.memberships.get(user=officer).role == "send_officer"

    out = io.StringIO()
    call_command("addmember", demo.slug, officer.username, "area_admin", "--existing",
                 stdout=out)
    assert "SEND officer → Area administrator" in out.getvalue()
    assert demo.memberships.get(user=officer).role == "area_admin"


# check --deploy with the README's production environment ------------------------------------

def _readme_production_environment() -> dict[str, str]:
    readme = (ROOT / "README.md").read_text()
    section = readme.split("## Production checklist", 1)[1]
    block = re.search(r"```sh\n(.*?)```", section, re.DOTALL)
    assert block, "the checklist has its environment in a ```sh block"
    env = {}
    for line in block.group(1).splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            name, _, value = line.removeprefix("export ").partition("=")
            env[name] = value.strip("'\"")
    return env


def test_deploy_checks_pass_with_the_documented_environment(tmp_path: Path) -> None:
    documented = _readme_production_environment()
    assert documented["DJANGO_SETTINGS_MODULE"] == "saidanddone.settings.production"
    documented["SECRET_KEY"] = secrets.token_urlsafe(50)  # the README's is a placeholder
    documented["DATABASE_URL"] = f"sqlite:///{tmp_path / 'db.sqlite3'}"  # no server in tests
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "SECURE_"))}
    env.update(documented, SAIDANDDONE_VAR_DIR=str(tmp_path), PYTHONPATH=str(ROOT / "src"))
    result = subprocess.run(
        [sys.executable, "-m", "django", "check", "--deploy", "--fail-level", "WARNING"],
        env=env, capture_output=True, text=True, cwd=ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout

"""The demo may skip the second factor, only with DEBUG on, and says so on every page."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from django.urls import reverse

from samenplan.accounts.models import Role
from tests.factories import member_of

BANNER = "hier mag je inloggen zonder tweede factor"


@pytest.fixture
def newcomer(world):
    return member_of(world.north, Role.PROFESSIONAL, username="nieuw", second_factor=False)


def test_it_lets_a_user_without_a_second_factor_in_and_shows_the_banner_in_demo_mode(client, newcomer, settings):
    settings.DEBUG = True
    settings.SAMENPLAN_DEMO_MODE = True
    assert BANNER in client.get(reverse("account_login")).content.decode()
    client.force_login(newcomer)
    response = client.get(reverse("cases:caseload"))
    assert response.status_code == 200
    assert BANNER in response.content.decode()


def test_it_ignores_demo_mode_when_debug_is_off(client, newcomer, settings):
    settings.DEBUG = False
    settings.SAMENPLAN_DEMO_MODE = True
    assert BANNER not in client.get(reverse("account_login")).content.decode()
    client.force_login(newcomer)
    assert client.get(reverse("cases:caseload"))["Location"] == reverse("mfa_index")


def test_it_shows_no_banner_outside_demo_mode(client, world, settings):
    settings.DEBUG = True
    settings.SAMENPLAN_DEMO_MODE = False
    client.force_login(world.caseworker)
    assert BANNER not in client.get(reverse("cases:caseload")).content.decode()


def _settings_value(**environ) -> str:
    env = {k: v for k, v in os.environ.items() if k not in ("DEBUG", "SAMENPLAN_DEMO_MODE", "SECRET_KEY")}
    env.update(environ)
    script = (
        "import django, os; os.environ['DJANGO_SETTINGS_MODULE'] = 'samenplan.conf.settings'; django.setup(); "
        "from django.conf import settings; print(settings.SAMENPLAN_DEMO_MODE)"
    )
    result = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def test_the_environment_variable_counts_only_with_debug_on():
    assert _settings_value(DEBUG="1", SAMENPLAN_DEMO_MODE="1") == "True"
    assert _settings_value(DEBUG="0", SAMENPLAN_DEMO_MODE="1", SECRET_KEY="x" * 60) == "False"
    assert _settings_value(DEBUG="1") == "False"


def test_the_demo_command_turns_demo_mode_on(tmp_path):
    env = {k: v for k, v in os.environ.items() if k not in ("DEBUG", "SAMENPLAN_DEMO_MODE", "SECRET_KEY")}
    env["DATABASE_URL"] = f"sqlite:///{tmp_path}/demo.sqlite3"
    result = subprocess.run(
        [sys.executable, "-m", "samenplan", "demo", "--no-serve"], env=env, capture_output=True, text=True, timeout=300
    )
    assert result.returncode == 0, result.stderr
    assert "Second factor: skipped in demo mode" in result.stdout

"""Reading the access log takes a login with a second factor, through allauth's real login flow."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.urls import reverse

from samenplan.accounts.models import Membership, Role
from samenplan.audit.models import AccessLogRecord
from tests.factories import PASSWORD, member_of, totp_code

URL = reverse("audit:log")
REFUSAL = "Log in met je tweede factor om het toegangslog te lezen"


@pytest.fixture(autouse=True)
def _fresh_cache(db):
    """Login rate limits and used one-time codes live in the cache."""
    cache.clear()
    yield
    cache.clear()


def _reads_of_the_log(user) -> int:
    return AccessLogRecord.objects.filter(action="audit.access_log", user_id=user.pk).count()


@pytest.mark.parametrize("demo", [False, True])
def test_it_shows_the_log_after_a_login_with_password_and_code(client, world, settings, demo):
    settings.DEBUG = demo
    settings.SAMENPLAN_DEMO_MODE = demo
    response = client.post(reverse("account_login"), {"login": "team_lead", "password": PASSWORD})
    assert response["Location"] == reverse("mfa_authenticate")
    client.post(reverse("mfa_authenticate"), {"code": totp_code(world.team_lead)})
    response = client.get(URL)
    assert response.status_code == 200
    assert REFUSAL not in response.content.decode()
    assert _reads_of_the_log(world.team_lead) == 1


def test_it_refuses_the_log_in_demo_mode_after_a_login_without_a_second_factor(client, world, settings):
    settings.DEBUG = True
    settings.SAMENPLAN_DEMO_MODE = True
    reader = member_of(world.north, Role.TEAM_LEAD, username="demo_lead", second_factor=False)
    Membership.objects.create(user=reader, team=world.north, role=Role.LOG_READER)
    response = client.post(reverse("account_login"), {"login": "demo_lead", "password": PASSWORD})
    assert response.status_code == 302
    assert client.get(reverse("cases:caseload")).status_code == 200  # demo mode lets the login in
    response = client.get(URL)
    assert response.status_code == 403
    page = response.content.decode()
    assert REFUSAL in page
    assert "In de demo mag je inloggen zonder tweede factor" in page
    assert _reads_of_the_log(reader) == 0

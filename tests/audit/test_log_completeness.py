"""Every route that shows or changes client data leaves an access-log record naming who, what and whose."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pytest
from django.urls import reverse

from samenplan.audit.models import AccessLogRecord
from tests.test_permission_matrix import ROUTES, case_id, family_id, member_id


@dataclass(frozen=True)
class Probe:
    """A request that succeeds for ``persona`` and must leave an access-log record of ``event``."""

    persona: str
    event: str = "read"
    method: str = "GET"
    kwargs: Callable = lambda w: {}
    data: Callable = lambda w: {}
    names_the_case: bool = False


def on_case(persona, event="read", method="GET", data=lambda w: {}):
    return Probe(persona, event, method, case_id, data, names_the_case=True)


REGISTER = {
    "family_name": "De Wit", "registered_by": "family", "reason": "Hulp bij opvoeding", "opened_on": "2026-11-01",
}  # fmt: skip

WEB = {
    "cases:caseload": Probe("caseworker"),
    "cases:dossier": on_case("colleague"),
    "cases:add_note": on_case("coworker", "create", "POST", lambda w: {"text": "Vader vertelt.", "voice": "family"}),
    "cases:move_phase": on_case(
        "caseworker",
        "change",
        "POST",
        lambda w: {"phase": "closed", "version": w.case.version, "note": "Het gezin stopt."},
    ),
    "cases:register": Probe(
        "caseworker", "create", "POST", data=lambda w: {**REGISTER, "team": w.north.pk, "caseworker": w.caseworker.pk}
    ),
    "cases:change_workers": on_case("team_lead"),
    "cases:add_member": Probe("caseworker", kwargs=family_id),
    "cases:edit_member": Probe("caseworker", kwargs=member_id),
    "intake:conversation": on_case("caseworker"),
    "intake:clarify": on_case("coworker"),
    "intake:route": on_case("caseworker"),
    "audit:log": Probe("team_lead"),
}

API = {
    "api-families": Probe("colleague"),
    "api-family": Probe("colleague", kwargs=family_id),
    "api-family-members": Probe("team_lead", kwargs=family_id),
    "api-member": Probe("caseworker", kwargs=member_id),
    "api-cases": Probe("caseworker"),
    "api-case": on_case("colleague"),
    "api-case-entries": on_case("colleague"),
    "api-case-workers": on_case(
        "team_lead", "change", "POST", lambda w: {"caseworker": w.colleague.pk, "version": w.case.version}
    ),
    "api-case-conversations": on_case("colleague"),
    "api-case-clarifications": on_case("team_lead"),
    "api-case-route": on_case("coworker"),
    "api-case-phase": on_case(
        "coworker", "change", "POST", lambda w: {"target": "clarification", "version": w.case.version}
    ),
}
ALL_ROUTES = {**WEB, **API}


def test_it_covers_every_route_with_client_data():
    client_routes = {name for name, route in ROUTES.items() if route.client_data}
    assert client_routes == set(ALL_ROUTES), "add the new route to the access-log completeness table"


@pytest.mark.parametrize("name", sorted(ALL_ROUTES))
def test_it_logs_the_access(client, world, name):
    probe = ALL_ROUTES[name]
    persona, method, kwargs, data, event, with_case = (
        probe.persona,
        probe.method,
        probe.kwargs,
        probe.data,
        probe.event,
        probe.names_the_case,
    )
    channel = "api" if name in API else "web"
    user = world.persona(persona)
    client.force_login(user)
    last = AccessLogRecord.objects.order_by("-seq").values_list("seq", flat=True).first() or 0
    url = reverse(name, kwargs=kwargs(world))
    if method == "GET":
        response = client.get(url)
    elif channel == "api":
        response = client.post(url, data(world), content_type="application/json")
    else:
        response = client.post(url, data(world))
    assert response.status_code in (200, 201, 302), response.content[:500]
    records = list(AccessLogRecord.objects.filter(seq__gt=last))
    assert records, f"{name} left no access-log record"
    record = records[-1]
    assert (record.user_id, record.username, record.event, record.channel) == (
        user.pk,
        user.username,
        event,
        channel,
    )
    assert record.organisation_id == world.org.pk
    assert record.ip_address == "127.0.0.1"
    if with_case:
        assert (record.case_id, record.family_id) == (world.case.pk, world.case.family_id)


def test_it_logs_a_search_with_what_was_searched(client, world):
    client.force_login(world.colleague)
    client.get(reverse("cases:caseload"), {"q": "Jans"})
    record = AccessLogRecord.objects.order_by("-seq").first()
    assert (record.event, record.detail) == ("search", "q=Jans")


def test_it_logs_nothing_for_a_refused_request(client, world):
    client.force_login(world.outsider)
    before = AccessLogRecord.objects.count()
    assert client.get(reverse("cases:dossier", args=[world.case.pk])).status_code == 404
    assert AccessLogRecord.objects.count() == before

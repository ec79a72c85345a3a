"""Every route that shows or changes client data leaves an access-log record naming who, what and whose."""

from __future__ import annotations

import pytest
from django.urls import reverse

from samenplan.audit.models import AccessLogRecord
from tests.test_permission_matrix import ROUTES

# route → (persona, method, kwargs, form data, expected event, expects the case id in the record)
WEB = {
    "cases:caseload": ("caseworker", "GET", lambda w: {}, lambda w: {}, "read", False),
    "cases:dossier": ("colleague", "GET", lambda w: {"case_id": w.case.pk}, lambda w: {}, "read", True),
    "cases:add_note": (
        "coworker",
        "POST",
        lambda w: {"case_id": w.case.pk},
        lambda w: {"text": "Vader vertelt over de ruzies.", "voice": "family"},
        "create",
        True,
    ),
    "cases:move_phase": (
        "caseworker",
        "POST",
        lambda w: {"case_id": w.case.pk},
        lambda w: {"phase": "clarification", "version": w.case.version, "note": ""},
        "change",
        True,
    ),
    "cases:register": (
        "caseworker",
        "POST",
        lambda w: {},
        lambda w: {
            "family_name": "De Wit",
            "team": w.north.pk,
            "registered_by": "family",
            "reason": "Hulp bij opvoeding",
            "caseworker": w.caseworker.pk,
            "opened_on": "2026-11-01",
        },
        "create",
        False,
    ),
    "cases:add_member": (
        "caseworker",
        "GET",
        lambda w: {"family_id": w.case.family_id},
        lambda w: {},
        "read",
        False,
    ),
    "cases:edit_member": (
        "caseworker",
        "GET",
        lambda w: {"member_id": w.case.family.members.first().pk},
        lambda w: {},
        "read",
        False,
    ),
    "audit:log": ("team_lead", "GET", lambda w: {}, lambda w: {}, "read", False),
}

API = {
    "api-families": ("colleague", "GET", lambda w: {}, lambda w: {}, "read", False),
    "api-family": (
        "colleague",
        "GET",
        lambda w: {"family_id": w.case.family_id},
        lambda w: {},
        "read",
        False,
    ),
    "api-family-members": (
        "team_lead",
        "GET",
        lambda w: {"family_id": w.case.family_id},
        lambda w: {},
        "read",
        False,
    ),
    "api-member": (
        "caseworker",
        "GET",
        lambda w: {"member_id": w.case.family.members.first().pk},
        lambda w: {},
        "read",
        False,
    ),
    "api-cases": ("caseworker", "GET", lambda w: {}, lambda w: {}, "read", False),
    "api-case": ("colleague", "GET", lambda w: {"case_id": w.case.pk}, lambda w: {}, "read", True),
    "api-case-entries": ("colleague", "GET", lambda w: {"case_id": w.case.pk}, lambda w: {}, "read", True),
    "api-case-phase": (
        "coworker",
        "POST",
        lambda w: {"case_id": w.case.pk},
        lambda w: {"target": "clarification", "version": w.case.version},
        "change",
        True,
    ),
}
ALL_ROUTES = {**WEB, **API}


def test_it_covers_every_route_with_client_data():
    client_routes = {name for name, route in ROUTES.items() if route.client_data}
    assert client_routes == set(ALL_ROUTES), "add the new route to the access-log completeness table"


@pytest.mark.parametrize("name", sorted(ALL_ROUTES))
def test_it_logs_the_access(client, world, name):
    persona, method, kwargs, data, event, with_case = ALL_ROUTES[name]
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

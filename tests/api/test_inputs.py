"""What the API accepts as input: strict booleans, visible text, plausible dates, bounded lists, a version on
every change. Each refusal is a structured Dutch field error, and nothing is written."""

from __future__ import annotations

import json
import time

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from samenplan.audit.models import AccessLogRecord
from samenplan.cases.models import Case, DossierEntry, Family, Member, MemberRole
from tests.api.conftest import error_fields
from tests.api.test_families import new_family
from tests.factories import UserFactory

FAMILIES = "/api/v1/families/"
CHILD = {"given_name": "Ai", "role": "child"}


def counts() -> tuple[int, ...]:
    return tuple(m.objects.count() for m in (Family, Member, Case, DossierEntry, AccessLogRecord))


@pytest.mark.parametrize(
    ("overrides", "field", "code"),
    [
        ({"child_protection_measure": "maybe"}, "child_protection_measure", "invalid"),
        ({"child_protection_measure": "yes"}, "child_protection_measure", "invalid"),
        ({"child_protection_measure": 1}, "child_protection_measure", "invalid"),
        ({"opened_on": "0001-01-01"}, "opened_on", "date_out_of_range"),
        ({"opened_on": "2014-12-31"}, "opened_on", "date_out_of_range"),
        ({"opened_on": "9999-12-31"}, "opened_on", "date_out_of_range"),
        ({"family_name": "\u200b"}, "family_name", "blank"),
        ({"reason": "\u200b\u200d\ufeff \u2060\u00ad"}, "reason", "blank"),
        ({"members": [{"given_name": "\u200b", "role": "child"}]}, "members[0].given_name", "blank"),
        (
            {"members": [{"given_name": "Ai", "role": "child", "lives_at_home": "on"}]},
            "members[0].lives_at_home",
            "invalid",
        ),
        (
            {"members": [{"given_name": "Ai", "role": "child", "date_of_birth": "1899-12-31"}]},
            "members[0].date_of_birth",
            "date_out_of_range",
        ),
    ],
)
def test_it_refuses_implausible_input_and_writes_nothing(world, api, overrides, field, code):
    before = counts()

    response = api("caseworker").post(FAMILIES, new_family(world, **overrides), format="json")

    assert response.status_code == 400, response.json()
    assert error_fields(response) == {field: code}
    assert counts() == before


def test_it_refuses_text_no_database_can_store(world, api):
    body = json.dumps(new_family(world, family_name="Jansen\ud800"))  # a lone surrogate, as a JSON escape
    before = counts()

    response = api("caseworker").post(FAMILIES, body, content_type="application/json")

    assert error_fields(response) == {"family_name": "invalid"}
    assert counts() == before


def test_it_says_the_plausible_dates_in_dutch(world, api):
    response = api("caseworker").post(FAMILIES, new_family(world, opened_on="0001-01-01"), format="json")

    assert response.json()["errors"][0]["message"] == "Geef een datum van 01-01-2015 tot en met 31-12-2100."


def test_it_keeps_visible_text_and_trims_invisible_padding(world, api):
    response = api("caseworker").post(
        FAMILIES,
        new_family(world, family_name="\u200b De Vries\u00a0\u200b", child_protection_measure=True),
        format="json",
    )

    assert response.status_code == 201
    assert response.json()["name"] == "De Vries"


def test_it_refuses_a_note_of_only_a_zero_width_space(world, api):
    response = api("caseworker").post(
        f"/api/v1/cases/{world.case.pk}/entries/", {"text": "\u200b", "voice": "family"}, format="json"
    )

    assert response.status_code == 400
    assert error_fields(response) == {"text": "blank"}


def test_it_refuses_more_co_workers_than_a_case_has_and_says_the_limit(world, api):
    many = [UserFactory(organisation=world.org).pk for _ in range(11)]

    response = api("caseworker").post(FAMILIES, new_family(world, coworkers=many), format="json")

    assert error_fields(response) == {"coworkers": "too_many"}
    assert "10" in response.json()["errors"][0]["message"]


def _user_lookups(queries) -> list[str]:
    return [q["sql"] for q in queries.captured_queries if '"accounts_user"."id" IN' in q["sql"]]


def test_it_refuses_twenty_thousand_co_worker_ids_fast_without_looking_them_up(world, api):
    body = {"caseworker": world.caseworker.pk, "coworkers": list(range(1, 20_001)), "version": 1}
    client = api("caseworker")

    start = time.perf_counter()
    with CaptureQueriesContext(connection) as queries:
        response = client.post(f"/api/v1/cases/{world.case.pk}/workers/", body, format="json")
    elapsed = time.perf_counter() - start

    assert error_fields(response) == {"coworkers": "too_many"}
    assert _user_lookups(queries) == []
    assert elapsed < 2


def test_it_looks_up_co_workers_in_one_query(world, api):
    """Ten unknown ids cost one lookup, not ten."""
    body = {"caseworker": world.caseworker.pk, "coworkers": list(range(10**9, 10**9 + 10)), "version": 1}
    client = api("caseworker")

    with CaptureQueriesContext(connection) as queries:
        response = client.post(f"/api/v1/cases/{world.case.pk}/workers/", body, format="json")

    assert error_fields(response) == {"coworkers": "does_not_exist"}
    assert len(_user_lookups(queries)) == 1


def test_it_refuses_more_members_than_one_registration_holds(world, api):
    members = [{"given_name": f"Kind {i}", "role": "child"} for i in range(21)]
    before = counts()

    response = api("caseworker").post(FAMILIES, new_family(world, members=members), format="json")

    assert error_fields(response) == {"members": "max_length"}
    assert "20" in response.json()["errors"][0]["message"]
    assert counts() == before


@pytest.mark.parametrize("version", [None, "", "abc"])
@pytest.mark.parametrize(
    ("path", "body"),
    [
        ("/api/v1/members/{member}/", {"given_name": "Max"}),
        ("/api/v1/cases/{case}/phase/", {"target": "clarification"}),
        ("/api/v1/cases/{case}/workers/", {"caseworker": "{colleague}"}),
    ],
)
def test_it_requires_the_version_on_every_change(world, api, path, body, version):
    member = world.case.family.members.get(role=MemberRole.CHILD)
    url = path.format(member=member.pk, case=world.case.pk)
    body = {k: world.colleague.pk if v == "{colleague}" else v for k, v in body.items()}
    if version != "absent":
        body["version"] = version
    before = counts()
    method = "patch" if "members" in path else "post"

    response = getattr(api("caseworker"), method)(url, body, format="json")

    assert response.status_code == 400
    assert set(error_fields(response)) == {"version"}
    assert counts() == before
    member.refresh_from_db()
    world.case.refresh_from_db()
    assert (member.version, member.given_name, world.case.version) == (1, "Mees", 1)


def test_it_requires_the_version_when_it_is_left_out(world, api):
    member = world.case.family.members.get(role=MemberRole.CHILD)

    response = api("caseworker").patch(f"/api/v1/members/{member.pk}/", {"given_name": "Max"}, format="json")

    assert error_fields(response) == {"version": "required"}
    member.refresh_from_db()
    assert member.version == 1

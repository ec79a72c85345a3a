"""Refused attempts leave a trace (NEN 7513, ASVS), and lists and searches log which families they showed."""

from __future__ import annotations

import pytest
from django.urls import reverse

from samenplan.audit.chain import CHAINED_FIELDS
from samenplan.audit.models import AccessLogRecord
from tests.conftest import register

MISSING = 987654321


def records_after(seq: int) -> list[AccessLogRecord]:
    return list(AccessLogRecord.objects.filter(seq__gt=seq).order_by("seq"))


def last_seq() -> int:
    return AccessLogRecord.objects.order_by("-seq").values_list("seq", flat=True).first() or 0


def only_record(client_call) -> AccessLogRecord:
    before = last_seq()
    client_call()
    records = records_after(before)
    assert len(records) == 1, [(r.event, r.action) for r in records]
    return records[0]


@pytest.mark.parametrize(
    "route, kind, pk",
    [
        ("cases:dossier", "case", lambda w: w.case.pk),
        ("cases:add_member", "family", lambda w: w.case.family_id),
        ("cases:edit_member", "member", lambda w: w.case.family.members.first().pk),
        ("api-case", "case", lambda w: w.case.pk),
        ("api-family", "family", lambda w: w.case.family_id),
        ("api-member", "member", lambda w: w.case.family.members.first().pk),
    ],
)
def test_it_logs_a_refusal_alike_whether_or_not_the_record_exists(client, world, route, kind, pk):
    client.force_login(world.outsider)
    existing_id = pk(world)
    existing = only_record(lambda: client.get(reverse(route, args=[existing_id])))
    missing = only_record(lambda: client.get(reverse(route, args=[MISSING])))

    assert (existing.event, existing.action, existing.detail) == ("refused", route, f"{kind}={existing_id} GET")
    assert missing.detail == f"{kind}={MISSING} GET"
    same = [f for f in CHAINED_FIELDS if f not in ("seq", "at", "detail")]
    assert {f: getattr(existing, f) for f in same} == {f: getattr(missing, f) for f in same}
    assert (existing.family_id, existing.case_id, existing.member_id) == (None, None, None)
    assert existing.organisation_id == world.other_org.pk
    assert existing.channel == ("api" if route.startswith("api") else "web")


def test_it_logs_an_id_no_database_can_hold_as_a_refusal(client, world):
    client.force_login(world.south_worker)
    record = only_record(lambda: client.get(f"/cases/{10**30}/"))
    assert (record.event, record.detail[:10]) == ("refused", "case=10000")


def test_it_names_the_case_when_the_user_sees_it_but_may_not_change_it(client, world):
    client.force_login(world.colleague)
    url = reverse("cases:add_note", args=[world.case.pk])
    before = last_seq()
    assert client.post(url, {"text": "Een poging.", "voice": "family"}).status_code == 403
    [record] = records_after(before)
    assert (record.event, record.action, record.detail) == ("refused", "cases:add_note", f"case={world.case.pk} POST")
    assert (record.case_id, record.family_id, record.on_behalf_of) == (
        world.case.pk,
        world.case.family_id,
        world.north.name,
    )


def test_it_logs_a_refused_member_change_through_the_api(client, world):
    member = world.case.family.members.first()
    client.force_login(world.colleague)
    before = last_seq()
    response = client.patch(
        reverse("api-member", args=[member.pk]), {"given_name": "X", "version": 1}, content_type="application/json"
    )
    assert response.status_code == 403
    [record] = records_after(before)
    assert (record.event, record.channel, record.member_id, record.detail) == (
        "refused",
        "api",
        member.pk,
        f"member={member.pk} PATCH",
    )


def test_it_shows_a_refusal_to_the_team_lead_in_dutch(client, world):
    client.force_login(world.colleague)
    client.get(reverse("cases:edit_member", args=[world.case.family.members.first().pk]))  # 403: not theirs
    client.force_login(world.team_lead)
    html = client.get(reverse("audit:log")).content.decode()
    assert "toegang geweigerd" in html


def test_it_logs_the_families_the_caseload_showed(client, world):
    second = register(world.caseworker, world.north, name="Aydin")
    register(world.south_worker, world.south, name="Zuidema")  # another team: not shown, not logged
    client.force_login(world.colleague)
    record = only_record(lambda: client.get(reverse("cases:caseload"), {"scope": "team"}))
    assert (record.event, record.detail) == ("read", f"families={second.family_id},{world.case.family_id} scope=team")


def test_it_logs_the_families_an_htmx_search_showed(client, world):
    other = register(world.caseworker, world.north, name="Jansma")
    client.force_login(world.caseworker)
    record = only_record(lambda: client.get(reverse("cases:caseload"), {"q": "jans"}, headers={"HX-Request": "true"}))
    shown, searched = record.detail.split(" ", 1)
    assert (record.event, searched) == ("search", "q=jans")
    assert {int(pk) for pk in shown.removeprefix("families=").split(",")} == {world.case.family_id, other.family_id}


def test_it_logs_an_empty_search_as_showing_no_family(client, world):
    client.force_login(world.caseworker)
    record = only_record(lambda: client.get(reverse("cases:caseload"), {"q": "Bakker"}))
    assert record.detail == "families= q=Bakker"


def test_it_logs_only_the_families_on_the_page_the_api_returned(client, world):
    second = register(world.caseworker, world.north, name="Aydin")
    client.force_login(world.colleague)
    record = only_record(lambda: client.get(reverse("api-families"), {"page_size": 1}))
    assert record.detail == f"families={second.family_id}"  # families come by name: Aydin before Jansen
    record = only_record(lambda: client.get(reverse("api-families"), {"page_size": 1, "page": 2}))
    assert record.detail == f"families={world.case.family_id}"


def test_it_logs_the_families_of_the_cases_an_api_search_showed(client, world):
    client.force_login(world.caseworker)
    record = only_record(lambda: client.get(reverse("api-cases"), {"q": "jan"}))
    assert (record.event, record.detail) == ("search", f"families={world.case.family_id} q=jan")


def test_it_keeps_every_family_id_of_a_long_list(client, world):
    """Beyond the 500 characters of free text, a list's ids are all kept."""
    from samenplan.audit import log

    ids = list(range(10**6, 10**6 + 200))
    record = log.record(world.caseworker, "read", "t", families=ids, detail="x" * 600)
    stored = AccessLogRecord.objects.get(pk=record.pk).detail
    assert stored == "families=" + ",".join(map(str, ids)) + " " + "x" * 500

"""Requests for destruction (AVG art. 17, Jeugdwet art. 7.3.11): recorded by the caseworker, decided by the team
lead with the grounds from a fixed list, and when granted carried out by the same removal code as retention."""

from __future__ import annotations

import re
from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from samenplan.audit.log import verify
from samenplan.audit.models import AccessLogRecord
from samenplan.cases import actions as case_actions
from samenplan.cases.models import Case, DossierEntry, Family, Member, Voice
from samenplan.errors import StaleVersion
from samenplan.privacy import actions
from samenplan.privacy.models import DestructionRequest, Status
from tests.audit.statements import record_statements
from tests.conftest import register
from tests.factories import case_with_registration


def _record(world, **kwargs) -> DestructionRequest:
    family = world.case.family
    fields = {
        "scope": "family",
        "case": None,
        "requested_by": family.members.first(),
        "requested_on": timezone.localdate(),
    }
    return actions.do_record_destruction_request(world.caseworker, family, **{**fields, **kwargs})


def _second_case(world) -> Case:
    case = case_with_registration(
        family=world.case.family, team=world.north, caseworker=world.caseworker, registered_by="family",
        reason="Eerder traject", opened_on=date(2019, 1, 1), closed_on=date(2020, 6, 1), phase="closed",
    )  # fmt: skip
    case_actions.do_add_note(world.caseworker, world.case, text="Gesprek met vader.", voice=Voice.PROFESSIONAL)
    return case


def test_it_records_a_request_with_its_deadline_through_the_web(client, world):
    client.force_login(world.caseworker)
    member = world.case.family.members.first()
    response = client.post(
        reverse("privacy:record_request", args=[world.case.family_id]),
        {"requested_by": member.pk, "requested_on": "2027-01-31", "scope": "family"},
    )
    assert response.status_code == 422  # a date in the future
    assert "toekomst" in response.content.decode()
    assert not DestructionRequest.objects.exists()
    response = client.post(
        reverse("privacy:record_request", args=[world.case.family_id]),
        {"requested_by": member.pk, "requested_on": "2026-01-31", "scope": "family", "details": "Vernietig alles."},
    )
    made = DestructionRequest.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("privacy:request", args=[made.pk])
    assert (made.deadline, made.status, made.family_ref, made.team) == (
        date(2026, 2, 28), Status.OPEN, world.case.family_id, world.north,
    )  # fmt: skip
    record = AccessLogRecord.objects.get(action="privacy.record_request", event="create")
    assert (record.event, record.member_id, record.family_id) == ("create", member.pk, world.case.family_id)


def test_it_takes_the_deadline_from_the_setting(world, settings):
    settings.DESTRUCTION_DEADLINE_MONTHS = 3
    assert _record(world, requested_on=date(2026, 11, 23)).deadline == date(2027, 2, 23)


def test_it_refuses_a_case_or_member_of_another_family(world):
    other = world.outsider_case
    with pytest.raises(ValidationError) as error:
        _record(world, scope="case", case=other, requested_by=other.family.members.first())
    assert set(error.value.error_dict) == {"case", "requested_by"}


def test_it_asks_a_refusal_for_its_grounds_in_dutch_and_saves_nothing(client, world):
    made = _record(world)
    client.force_login(world.team_lead)
    response = client.post(reverse("privacy:decide", args=[made.pk]), {"decision": "refused", "version": made.version})
    assert response.status_code == 422
    page = response.content.decode()
    assert "Een weigering noemt minstens één grond." in page
    assert "Leg de weigering uit" in page
    made.refresh_from_db()
    assert (made.status, made.version) == (Status.OPEN, 1)


def test_it_records_a_refusal_with_grounds_and_keeps_the_file(client, world):
    made = _record(world)
    client.force_login(world.team_lead)
    response = client.post(
        reverse("privacy:decide", args=[made.pk]),
        {"decision": "refused", "grounds": ["legal_duty", "interest_of_another"], "explanation": "Er loopt een "
         "maatregel.", "version": made.version},
    )  # fmt: skip
    assert response.status_code == 302
    made.refresh_from_db()
    assert (made.status, made.grounds, made.decided_by) == (
        Status.REFUSED, ["interest_of_another", "legal_duty"], world.team_lead,
    )  # fmt: skip
    assert Family.objects.filter(pk=world.case.family_id).exists()
    page = client.get(reverse("privacy:request", args=[made.pk])).content.decode()
    assert "wettelijke plicht" in page


def test_it_destroys_the_whole_file_when_granted(client, world):
    _second_case(world)
    made = _record(world)
    family_id = world.case.family_id
    client.force_login(world.team_lead)
    response = client.post(reverse("privacy:decide", args=[made.pk]), {"decision": "granted", "version": 1})
    assert response.status_code == 302
    assert not Family.objects.filter(pk=family_id).exists()
    assert not Case.objects.filter(family_id=family_id).exists()
    assert not Member.objects.filter(family_id=family_id).exists()
    assert Family.objects.filter(pk=world.outsider_case.family_id).exists()
    made.refresh_from_db()
    assert (made.status, made.family_id, made.requested_by_id, made.family_ref) == (
        Status.GRANTED, None, None, family_id,
    )  # fmt: skip
    assert made.removed["cases.Case"] == 2 and made.removed["cases.Member"] == 2
    events = list(AccessLogRecord.objects.filter(family_id=family_id).order_by("-seq").values_list("event", "action"))
    assert events[:2] == [("delete", "privacy.remove_family"), ("change", "privacy.decide_request")]
    assert verify()[1] is None
    page = client.get(reverse("privacy:request", args=[made.pk]))  # the request stays readable for the lead
    assert page.status_code == 200 and f"gezin nr. {family_id} (verwijderd)" in page.content.decode()


def test_it_destroys_only_the_chosen_cases_when_partly_granted(world):
    older = _second_case(world)
    made = _record(world)
    actions.do_decide_destruction_request(
        world.team_lead, made, decision="partly", grounds=["legal_duty"], explanation="Het lopende traject blijft.",
        cases_to_remove=[older], expected_version=1,
    )  # fmt: skip
    assert not Case.objects.filter(pk=older.pk).exists()
    assert Case.objects.filter(pk=world.case.pk).exists()
    assert DossierEntry.objects.filter(case=world.case).exists()
    made.refresh_from_db()
    assert (made.status, made.family_id, made.removed) == (
        Status.PARTLY,
        world.case.family_id,
        {"cases.Case": 1, "intake.Registration": 1},
    )  # the walk finds the intake app by itself


def test_it_destroys_one_case_when_a_case_request_is_granted(world):
    older = _second_case(world)
    made = _record(world, scope="case", case=older)
    actions.do_decide_destruction_request(
        world.team_lead, made, decision="granted", grounds=[], explanation="", expected_version=1
    )
    assert not Case.objects.filter(pk=older.pk).exists()
    assert Family.objects.filter(pk=world.case.family_id).exists()


def test_it_refuses_a_stale_or_second_decision(world):
    made = _record(world)
    with pytest.raises(StaleVersion):
        actions.do_decide_destruction_request(
            world.team_lead, made, decision="refused", grounds=["legal_duty"], explanation="x", expected_version=7
        )
    actions.do_decide_destruction_request(
        world.team_lead, made, decision="refused", grounds=["legal_duty"], explanation="x", expected_version=1
    )
    with pytest.raises(ValidationError):
        actions.do_decide_destruction_request(
            world.team_lead, made, decision="granted", grounds=[], explanation="", expected_version=2
        )
    assert Family.objects.filter(pk=world.case.family_id).exists()


def test_it_lets_only_the_team_lead_decide(world):
    from django.core.exceptions import PermissionDenied

    made = _record(world)
    with pytest.raises(PermissionDenied):
        actions.do_decide_destruction_request(
            world.caseworker, made, decision="granted", grounds=[], explanation="", expected_version=1
        )


def test_it_lists_only_the_users_requests_in_a_fixed_number_of_queries(client, world):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    _record(world)
    client.force_login(world.team_lead)
    client.get(reverse("privacy:requests"))  # warm the session
    with CaptureQueriesContext(connection) as one:
        client.get(reverse("privacy:requests"))
    for i in range(3):
        case = register(world.caseworker, world.north, name=f"Gezin{i}")
        actions.do_record_destruction_request(
            world.caseworker, case.family, scope="family", case=None, requested_by=case.family.members.first(),
            requested_on=timezone.localdate(),
        )  # fmt: skip
    with CaptureQueriesContext(connection) as four:
        page = client.get(reverse("privacy:requests")).content.decode()
    # three for the page, and its access-log record (tests/audit/statements.py)
    assert len(four.captured_queries) == len(one.captured_queries) == 3 + record_statements()
    assert len(re.findall(r'href="/destruction-requests/\d+/"', page)) == 4
    client.force_login(world.outsider)
    assert not re.findall(
        r'href="/destruction-requests/\d+/"', client.get(reverse("privacy:requests")).content.decode()
    )
    record = AccessLogRecord.objects.filter(action="privacy.requests", user=world.team_lead).order_by("-seq").first()
    assert record.detail.startswith("families=")

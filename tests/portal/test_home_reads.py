"""What every portal page and the portal home read, each in one statement: the logged-in family member's account
(with member and family, as select_related makes them) and the home's overview of every case of the family (the
same overview as read part by part, with the same first registration, questions and first current route)."""

from datetime import UTC, date, datetime, timedelta

import pytest
from django.db import connections
from django.db.models import F
from django.urls import reverse

from samenplan.cases.actions import add_entry
from samenplan.cases.models import Case, DossierEntry, EntryKind, Family, Member, Voice
from samenplan.intake.models import Clarification, Route, RouteDecision
from samenplan.portal import access
from samenplan.portal.models import FamilyAccount, Proposal
from tests.conftest import decide_route
from tests.factories import case_with_registration

AT = datetime(2025, 1, 2, 10, 0, tzinfo=UTC)


def overview_part_by_part(member: Member) -> list[dict]:
    """The home's overview as it was read before it was one statement: one query per part (the reference)."""
    family_id = member.family_id
    cases = Case.objects.filter(family_id=family_id).order_by("-opened_on", "-pk").values("pk", "opened_on")
    registrations = (
        DossierEntry.objects.filter(case__family_id=family_id, kind=EntryKind.REGISTRATION, voice=Voice.FAMILY)
        .order_by("at", "pk")
        .values("case_id", "text")
    )
    questions = (
        Clarification.objects.filter(case__family_id=family_id)
        .order_by("recorded_at", "pk")
        .values("case_id", "help_question", "family_proposal", given_name=F("member__given_name"))
    )
    routes = (
        RouteDecision.objects.filter(case__family_id=family_id, current=True)
        .order_by("recorded_at", "pk")
        .values("case_id", "route", "decided_on", "rationale")
    )
    overview = {case["pk"]: {"case": case, "registration": None, "questions": [], "route": None} for case in cases}
    for entry in registrations:
        if overview[entry["case_id"]]["registration"] is None:
            overview[entry["case_id"]]["registration"] = entry
    for question in questions:
        overview[question["case_id"]]["questions"].append(question)
    for route in routes:
        if overview[route["case_id"]]["route"] is None:
            overview[route["case_id"]]["route"] = {**route, "label": Route(route["route"]).label}
    return list(overview.values())


def _busy_family(world) -> list:
    """The world's family with three cases: the first with a route decided together (through the actions), the
    second with two registrations in the family's words at the same moment, one of a professional before them,
    questions of two members (one proposed in the portal, two recorded at the same moment) and three route
    decisions (two current, one not); the third (the oldest) with nothing but its case."""
    first = decide_route(world.caseworker, world.case)
    second = case_with_registration(
        family=world.case.family, team=world.north, caseworker=world.caseworker, opened_on=date(2021, 3, 1)
    )
    third = case_with_registration(
        family=world.case.family, team=world.north, caseworker=world.caseworker, opened_on=date(2019, 6, 9)
    )
    add_entry(second, world.caseworker, EntryKind.REGISTRATION, "Van de <b>professional</b>", voice=Voice.PROFESSIONAL)
    for text in ("Eerst\nonze woorden & meer", "Tegelijk geschreven"):
        entry = add_entry(second, world.caseworker, EntryKind.REGISTRATION, text, voice=Voice.FAMILY)
        DossierEntry.objects.filter(pk=entry.pk).update(at=AT)
    parent, youth = (world.case.family.members.filter(role=role).first() for role in ("parent", "child"))
    asked = [
        Clarification.objects.create(
            case=second, member=who, help_question=words, author=world.caseworker, recorded_at=AT + timedelta(hours=h)
        )
        for who, words, h in ((youth, "Later gevraagd", 2), (parent, "Hoe <i>samen</i>?", 1), (youth, "Ook toen", 1))
    ]
    Proposal.objects.create(
        case=second,
        member=youth,
        author=world.caseworker,
        kind="question",
        words="Ook toen",
        proposed_at=AT,
        clarification=asked[2],
    )
    for route, current, days in (("acute", False, 0), ("light", True, 3), ("analysis", True, 2)):
        RouteDecision.objects.create(
            case=second, route=route, decided_on=date(2025, 2, days + 1), rationale=f"Waarom {route}",
            current=current, author=world.caseworker, recorded_at=AT + timedelta(days=days),
        )  # fmt: skip
    return [first, second, third]


@pytest.mark.parametrize("persona", ["parent", "youth"])
def test_the_home_overview_is_the_one_read_part_by_part(client, world, persona):
    first, second, third = _busy_family(world)
    member = FamilyAccount.objects.get(user=world.persona(persona)).member
    overview = access.home_overview(member)
    assert overview == overview_part_by_part(member)
    assert [item["case"]["pk"] for item in overview] == [first.pk, second.pk, third.pk]  # newest first
    busy = overview[1]
    assert busy["registration"]["text"] == "Eerst\nonze woorden & meer"  # the family's first, not the professional's
    assert [q["help_question"] for q in busy["questions"]] == ["Hoe <i>samen</i>?", "Ook toen", "Later gevraagd"]
    assert [bool(q["family_proposal"]) for q in busy["questions"]] == [False, True, False]
    assert (busy["route"]["route"], busy["route"]["decided_on"]) == ("analysis", date(2025, 2, 3))  # first current
    assert isinstance(overview[0]["case"]["opened_on"], date) and overview[0]["route"]["label"] == Route.LIGHT.label
    assert (overview[2]["registration"], overview[2]["questions"], overview[2]["route"]) == (None, [], None)

    client.force_login(world.persona(persona))
    page = client.get(reverse("portal:home")).content.decode()
    assert page.count('class="samenplan-card"') == 3
    assert "Eerst<br>onze woorden &amp; meer" in page and "professional" not in page
    assert "Hoe &lt;i&gt;samen&lt;/i&gt;?" in page and "Waarom analysis" in page and "Waarom light" not in page


def test_the_home_overview_of_a_family_without_cases_is_empty(world):
    family = Family.objects.create(organisation=world.org, name="Zonder")
    member = Member.objects.create(family=family, given_name="Sam", role="parent")
    assert access.home_overview(member) == [] == overview_part_by_part(member)


def _fields(record) -> dict:
    return {name: value for name, value in vars(record).items() if name != "_state"}


def test_the_own_account_is_the_account_select_related_reads(world):
    user = world.persona("youth")
    account = access._own_account(user, FamilyAccount.objects.get(user=user).member_id)
    expected = FamilyAccount.objects.select_related("member__family").get(user=user)
    assert user.family_account is account
    pairs = ((account, expected), (account.member, expected.member), (account.member.family, expected.member.family))
    for found, read in pairs:
        assert type(found) is type(read) and _fields(found) == _fields(read)
        assert (found._state.db, found._state.adding) == (read._state.db, False)
    assert account.member.portal_account is account  # related both ways, as select_related does
    assert "member" in account._state.fields_cache and "family" in account.member._state.fields_cache
    kept = connections["default"].__dict__["samenplan_prepared_values"]  # compiled once, not the ORM's each time
    assert "portal.own_account" in kept


def test_a_portal_page_answers_404_once_the_account_has_ended_during_the_session(client, world):
    user = world.persona("parent")
    client.force_login(user)
    assert client.get(reverse("portal:home")).status_code == 200
    FamilyAccount.objects.filter(user=user).delete()
    assert client.get(reverse("portal:home")).status_code == 404
    assert client.get(reverse("portal:goals")).status_code == 404

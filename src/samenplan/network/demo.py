"""Demo own strength, networks and family group plans: for the open demo cases whose question is clarified.

Each gets the own-strength answers of two participants and a network of four or five people; the family group
plans go through every state (offered, declined, accepted, made at a conference and approved). Under a
child-protection measure no plan is offered. Made through the actions, dated in the past with ``clock.as_of``.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from django.utils import timezone

from samenplan import clock
from samenplan.cases.models import Case, MemberRole
from samenplan.network import actions

ANSWERS = (
    {
        "tried": "Ik heb een weekrooster op de koelkast gehangen, maar na een week hield ik het niet meer vol.",
        "helps": "Als ik 's ochtends even wandel, ben ik rustiger. Mijn zus belt vaak.",
        "works_against": "Als ik moe ben van het werk, schreeuw ik sneller.",
        "needs": "Iemand die op woensdag de kinderen ophaalt, zodat ik even adem kan halen.",
        "who_can_help": "Mijn moeder en de buurvrouw.",
        "by_when": "Voor de zomervakantie.",
    },
    {
        "tried": "Ik ga naar mijn kamer als het thuis te hard gaat.",
        "helps": "Voetballen, en bij oma zijn.",
        "works_against": "Als mijn broertje aan mijn spullen zit.",
        "needs": "Dat mama niet meer zo boos wordt als ik laat ben.",
        "who_can_help": "Oma en mijn trainer.",
        "by_when": "Zo snel mogelijk, en zeker voor mijn verjaardag.",
    },
)

PEOPLE = (
    {
        "name": "Ria", "relation": "oma (moeders kant)", "circle": "family", "contact": "06-21436587",
        "support": ["practical", "comfort"], "responds": "yes", "effective": "yes", "accessible": "yes",
        "reliable": "yes", "youth_wish": "yes", "part_in_plan": "Haalt de kinderen op woensdag uit school.",
    },
    {
        "name": "Karin", "relation": "buurvrouw", "circle": "neighbourhood", "contact": "karin@voorbeeld.nl",
        "support": ["practical"], "responds": "yes", "effective": "partly", "accessible": "yes",
        "reliable": "partly", "youth_wish": "not_asked", "part_in_plan": "",
    },
    {
        "name": "Meester Ahmed", "relation": "leerkracht", "circle": "school_work", "contact": "",
        "support": ["information", "comfort"], "responds": "partly", "effective": "yes", "accessible": "partly",
        "reliable": "yes", "youth_wish": "yes", "part_in_plan": "Laat het weten als het op school minder gaat.",
    },
    {
        "name": "Tom", "relation": "oom", "circle": "family", "contact": "06-98765432",
        "support": ["information"], "responds": "no", "effective": "partly", "accessible": "no",
        "reliable": "partly", "youth_wish": "no", "part_in_plan": "",
    },
    {
        "name": "Sandra", "relation": "trainer voetbalclub", "circle": "school_work", "contact": "",
        "support": ["comfort"], "responds": "yes", "effective": "partly", "accessible": "yes", "reliable": "yes",
        "youth_wish": "yes", "part_in_plan": "",
    },
)  # fmt: skip

# The plan states the demo shows, one per case, in this order.
PLAN_STATES = ("made", "declined", "offered", "accepted")


def _moment(day: date, hour: int) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour, 30)))


def _days(case: Case, today: date) -> list[date]:
    """Five days after the question was clarified, each on or before today."""
    start = case.opened_on + timedelta(days=10)
    return [min(today, start + timedelta(days=3 * i)) for i in range(5)]


def add_demo_network(organisation_id: int, limit: int = 6) -> int:
    """Own strength, a network and a family group plan for the first open clarified demo cases of one organisation
    (another organisation's families are left alone); how many."""
    today = timezone.localdate()
    cases = (
        Case.objects.filter(
            closed_on__isnull=True, clarifications__isnull=False, family__organisation_id=organisation_id
        )
        .distinct()
        .select_related("family", "caseworker")
        .order_by("pk")
    )
    states = list(PLAN_STATES)
    made = 0
    for case in cases[:limit]:
        actor = case.caseworker
        days = _days(case, today)
        members = list(case.family.members.order_by("pk"))
        parent = next(m for m in members if m.role != MemberRole.CHILD)
        child = next((m for m in members if m.role == MemberRole.CHILD), None)
        with clock.as_of(_moment(days[0], 10)):
            answers = [{"member": parent, "version": 0, **ANSWERS[0]}]
            if child is not None:
                answers.append({"member": child, "version": 0, **ANSWERS[1]})
            actions.do_save_own_strength(actor, case, answers=answers)
        with clock.as_of(_moment(days[0], 11)):
            goals = list(case.goals.order_by("position")[:1])  # the grandmother helps with the first goal
            people = [
                actions.do_add_network_member(actor, case, **p, goals=goals if i == 0 else [])
                for i, p in enumerate(PEOPLE[: 4 + made % 2])
            ]
        if not case.child_protection_measure and states:
            _play_plan(actor, case, states.pop(0), days, people[0])
        made += 1
    return made


def _play_plan(actor, case: Case, state: str, days: list[date], grandmother) -> None:
    with clock.as_of(_moment(days[1], 14)):
        plan = actions.do_offer_family_group_plan(
            actor,
            case,
            expected_version=0,
            offered_on=days[1],
            offer_note="Uitgelegd dat het gezin zelf, met familie en vrienden, een plan mag maken.",
        )
    if state == "offered":
        return
    with clock.as_of(_moment(days[2], 15)):
        plan = actions.do_answer_family_group_plan(
            actor,
            case,
            accepted=state != "declined",
            expected_version=plan.version,
            answered_on=days[2],
            family_reason="We willen het eerst zelf proberen; de familie woont ver weg."
            if state == "declined"
            else "Oma en oom willen graag meedenken.",
        )
    if state in ("declined", "accepted"):
        return
    with clock.as_of(_moment(days[3], 19)):
        plan = actions.do_record_family_group_plan(
            actor,
            case,
            expected_version=plan.version,
            made_by="conference",
            coordinator="Joke van Dijk (Eigen Kracht Centrale)",
            made_on=days[3],
            content="Wij willen dat het thuis rustiger wordt. Oma helpt op woensdag, oom belt elke zondag, en we "
            "eten elke avond samen aan tafel zonder telefoons.",
            parts=[
                "Oma haalt de kinderen op woensdag uit school en ze eten bij haar.",
                "Elke avond eten we samen, zonder telefoons.",
            ],
        )
    with clock.as_of(_moment(days[3], 20)):
        first, second = plan.parts.order_by("pk")
        actions.do_take_part(actor, first, into="network", network_member=grandmother, expected_version=plan.version)
        plan.refresh_from_db()
        actions.do_take_part(actor, second, into="goal", expected_version=plan.version)
    plan.refresh_from_db()
    if actions.rules.approval_needed(actions.latest_safety(case)):
        with clock.as_of(_moment(days[4], 10)):
            actions.do_approve_family_group_plan(
                actor,
                case,
                expected_version=plan.version,
                approved_on=days[4],
                approval_note="Oma is er elke woensdag; de afspraken zijn concreet en de kinderen weten bij wie "
                "ze terechtkunnen.",
            )

"""The intake through /api/v1/, end to end: registration by a school → conversation → clarification with two
parents and a 14-year-old → route decision; and the structured errors on the way."""

from __future__ import annotations

from datetime import date

import pytest
from django.utils import timezone

from samenplan.audit.models import AccessLogRecord
from samenplan.cases.models import Case, Voice
from samenplan.intake.models import Clarification, Conversation, RouteDecision
from tests.api.conftest import error_fields, last_log
from tests.audit.statements import record_statements


def fourteen_years_ago() -> str:
    today = timezone.localdate()
    return date(today.year - 14, 1, 1).isoformat()


def register(client, world) -> dict:
    response = client.post(
        "/api/v1/families/",
        {
            "team": world.north.pk,
            "family_name": "Demir",
            "registered_by": "professional",
            "referrer_kind": "school",
            "referrer": "Mevrouw Kok, mentor Het Rivercollege",
            "referrer_contact": "kok@rivercollege.example",
            "reason": "Emre is dit schooljaar al twintig keer te laat en slaapt in de les.",
            "prior_help": [
                {
                    "agency": "Het Rivercollege",
                    "kind": "Gesprekken met de zorgcoördinator",
                    "period": "sinds oktober",
                    "running": True,
                    "helped": "partly",
                },
            ],
            "caseworker": world.caseworker.pk,
            "second_worker": world.coworker.pk,
            "intake_table": {
                "on": "2026-11-02",
                "participants": "Anna, jeugdarts",
                "outcome": "Huisbezoek met z'n tweeën.",
            },
            "opened_on": "2026-11-01",
            "members": [
                {
                    "given_name": "Elif",
                    "family_name": "Demir",
                    "role": "parent",
                    "has_custody": True,
                    "date_of_birth": "1983-04-02",
                },
                {
                    "given_name": "Murat",
                    "family_name": "Demir",
                    "role": "parent",
                    "has_custody": True,
                    "date_of_birth": "1980-10-11",
                },
                {
                    "given_name": "Emre",
                    "family_name": "Demir",
                    "role": "child",
                    "lives_at_home": True,
                    "date_of_birth": fourteen_years_ago(),
                },
            ],
        },
        format="json",
    )
    assert response.status_code == 201, response.json()
    return response.json()


@pytest.mark.guideline("G1.4")
@pytest.mark.guideline("G3.1")
@pytest.mark.guideline("G3.5")
def test_it_drives_the_intake_end_to_end(world, api):
    client = api("caseworker")
    family = register(client, world)
    case_id = family["cases"][0]["id"]
    ids = {m["given_name"]: m["id"] for m in family["members"]}
    registration = client.get(f"/api/v1/cases/{case_id}/").json()["registration"]
    assert (registration["referrer_kind"], registration["second_worker"]["id"]) == ("school", world.coworker.pk)
    assert registration["prior_help"][0]["helped"] == "partly"

    conversation = client.post(
        f"/api/v1/cases/{case_id}/conversations/",
        {
            "held_on": "2026-11-05",
            "place": "home",
            "members": list(ids.values()),
            "professionals": [world.coworker.pk],
            "steps": [
                {"step": 0, "notes": "Thee gedronken; doel van het gesprek samen afgesproken."},
                {"step": 1, "notes": "Schaalvraag gesteld aan iedereen."},
                {"step": 2, "skipped": True, "skip_reason": "Geen vragenlijst nodig."},
                {"step": 3, "notes": "Slaapritme en gamen besproken."},
                {"step": 4, "notes": "Iedereen herkent het beeld."},
                {"step": 5, "notes": "Wondervraag: Emre wil uitgeslapen op school zitten."},
                {"step": 6, "skipped": True, "skip_reason": "Volgend gesprek."},
                {"step": 7, "skipped": True, "skip_reason": "Volgend gesprek."},
                {"step": 8, "notes": "Samengevat door Elif."},
            ],
            "contributions": [
                {"step": 1, "speaker": ids["Emre"], "text": "Ik kan gewoon niet slapen voor twee uur."},
                {
                    "step": 8,
                    "speaker": ids["Elif"],
                    "text": "We gaan eerst proberen de telefoon 's avonds weg te leggen.",
                },
            ],
            "evaluation": "Murat: fijn dat het niet alleen over Emre ging.",
        },
        format="json",
    )
    assert conversation.status_code == 201, conversation.json()
    conversation_id = conversation.json()["id"]
    assert client.get(f"/api/v1/cases/{case_id}/").json()["phase"] == "clarification"

    levels = client.get("/api/v1/severity-levels/").json()
    clarified = client.post(
        f"/api/v1/cases/{case_id}/clarifications/",
        {
            "conversation": conversation_id,
            "participants": [
                {
                    "member": ids["Elif"],
                    "help_question": "Hoe krijgen we Emre 's ochtends zijn bed uit?",
                    "problems": [{"description": "Elke ochtend ruzie", "burden": 8}],
                    "goes_well": "Hij helpt zijn opa.",
                },
                {
                    "member": ids["Murat"],
                    "help_question": "Ik wil dat het thuis rustiger wordt.",
                    "problems": [{"description": "Ik werk 's nachts en mis veel", "burden": 5}],
                },
                {
                    "member": ids["Emre"],
                    "help_question": "Dat ze niet steeds over mijn telefoon beginnen.",
                    "problems": [{"description": "Niet kunnen slapen", "burden": 7}],
                    "exceptions": "In de vakantie slaap ik prima.",
                },
            ],
            "assessment": {
                "nature": "Verstoord slaapritme; spanning rond school.",
                "severity": levels[1]["id"],
                "safety": "safe",
                "safety_assessed_by": "Anna de Vries en Chris Visser (gedragswetenschapper)",
            },
        },
        format="json",
    )
    assert clarified.status_code == 201, clarified.json()
    body = clarified.json()
    assert {p["member"]["id"]: p["problems"][0]["burden"] for p in body["participants"]} == {
        ids["Elif"]: 8,
        ids["Murat"]: 5,
        ids["Emre"]: 7,
    }
    assert body["assessments"][0]["severity"]["rank"] == 2

    route = client.post(
        f"/api/v1/cases/{case_id}/route/",
        {
            "route": "light",
            "rationale": "Het probleem is duidelijk; het gezin wil het eerst zelf proberen met advies.",
            "light_help": "Advies over slaap en schermtijd; de jeugdarts belt over twee weken.",
            "agreements": [
                {"member": ids["Elif"], "agreement": "agrees"},
                {"member": ids["Murat"], "agreement": "agrees"},
                {
                    "member": ids["Emre"],
                    "agreement": "partly",
                    "comment": "Oké, maar mijn telefoon blijft op mijn kamer.",
                },
            ],
        },
        format="json",
    )
    assert route.status_code == 201, route.json()
    assert [a["agreement"] for a in route.json()["agreements"]] == ["agrees", "agrees", "partly"]
    case = client.get(f"/api/v1/cases/{case_id}/").json()
    assert case["phase"] == "goals"

    timeline = client.get(f"/api/v1/cases/{case_id}/entries/?page_size=100").json()["results"]
    kinds = {e["kind"] for e in timeline}
    assert {"registration", "conversation", "clarification", "route", "phase_change"} <= kinds
    family_words = [e for e in timeline if e["voice"] == Voice.FAMILY and e["speaker"]]
    assert {e["speaker"]["id"] for e in family_words} >= {ids["Elif"], ids["Murat"], ids["Emre"]}
    assert last_log("intake.decide_route").channel == "api"
    assert client.get(f"/api/v1/cases/{case_id}/route/").json()[0]["route"] == "light"
    assert len(client.get(f"/api/v1/cases/{case_id}/conversations/").json()["results"]) == 1
    assert last_log("api.intake.conversations").case_id == case_id


@pytest.mark.guideline("G3.3")
def test_it_takes_the_acute_route_with_a_crisis_record(world, api):
    case, member = world.case, world.case.family.members.first()
    client = api("caseworker")
    client.post(
        f"/api/v1/cases/{case.pk}/clarifications/",
        {"participants": [], "assessment": {"safety": "not_safe", "safety_explanation": "Blauwe plekken."}},
        format="json",
    )
    refused = client.post(
        f"/api/v1/cases/{case.pk}/route/",
        {"route": "light", "rationale": "x", "agreements": [{"member": member.pk, "agreement": "agrees"}]},
        format="json",
    )
    assert error_fields(refused) == {"other_route_reason": "acute_suggested"}
    response = client.post(
        f"/api/v1/cases/{case.pk}/route/",
        {
            "route": "acute",
            "rationale": "Mees is thuis niet veilig.",
            "agreements": [{"member": member.pk, "agreement": "disagrees", "comment": "Het was één keer."}],
            "crisis": {
                "what": "Mees slaapt bij zijn tante.",
                "by_whom": "Anna en Veilig Thuis",
                "on": "2026-11-20",
                "placement_referral": True,
                "placement_referral_note": "Raad voor de Kinderbescherming, 20-11.",
            },
        },
        format="json",
    )
    assert response.status_code == 201, response.json()
    assert response.json()["crisis"]["placement_referral"] is True


BAD = [
    (
        "conversations",
        {"held_on": "2026-11-05", "place": "park", "members": []},
        {"place": "invalid_choice", "members": "empty"},
    ),
    ("conversations", {"held_on": "2026-11-05", "place": "home", "members": [999_999]}, {"members": "does_not_exist"}),
    (
        "conversations",
        {
            "held_on": "2026-11-05",
            "place": "home",
            "members": ["parent"],
            "contributions": [{"step": 1, "speaker": "child", "text": "hoi"}],
        },
        {"contributions[0].speaker": "not_present"},
    ),
    ("conversations", {"held_on": "2999-01-01", "place": "home", "members": ["parent"]}, {"held_on": "future"}),
    (
        "conversations",
        {"held_on": "2026-11-05", "place": "home", "members": ["parent"], "steps": [{"step": 1}, {"step": 1}]},
        {"steps": "duplicate"},
    ),
    (
        "clarifications",
        {
            "participants": [
                {"member": "parent", "help_question": "Rust", "problems": [{"description": "Ruzie", "burden": 11}]}
            ]
        },
        {"participants[0].problems[0].burden": "max_value"},
    ),
    (
        "clarifications",
        {
            "participants": [
                {"member": "parent", "help_question": "Rust", "problems": [{"description": "Ruzie", "burden": 0}]}
            ]
        },
        {"participants[0].problems[0].burden": "min_value"},
    ),
    (
        "clarifications",
        {"participants": [{"member": "outsider", "help_question": "Rust"}]},
        {"participants[0].member": "does_not_exist"},
    ),
    (
        "clarifications",
        {
            "participants": [
                {"member": "parent", "help_question": "Rust"},
                {"member": "parent", "help_question": "Ook rust"},
            ]
        },
        {"participants[1].member": "duplicate"},
    ),
    ("clarifications", {"assessment": {"safety": "concerns"}}, {"assessment.safety_explanation": "required"}),
    (
        "clarifications",
        {"assessment": {"safety": "safe", "severity": 999_999}},
        {"assessment.severity": "does_not_exist"},
    ),
    ("route", {"route": "light", "rationale": "", "agreements": []}, {"rationale": "blank", "agreements": "empty"}),
    (
        "route",
        {"route": "light", "rationale": "Samen.", "agreements": [{"member": "parent", "agreement": "agrees"}]},
        {None: "not_in_clarification"},
    ),
]


@pytest.mark.parametrize(("path", "data", "errors"), BAD)
def test_it_refuses_bad_input_with_structured_errors_and_saves_nothing(world, api, path, data, errors):
    members = {"parent": world.case.family.members.get(role="parent").pk}
    members["child"] = world.case.family.members.get(role="child").pk
    members["outsider"] = world.outsider_case.family.members.first().pk

    def resolve(value):
        if isinstance(value, dict):
            return {k: members.get(v, v) if k in ("member", "speaker") else resolve(v) for k, v in value.items()}
        if isinstance(value, list):
            return [members.get(v, v) if isinstance(v, str) else resolve(v) for v in value]
        return value

    before = (Conversation.objects.count(), Clarification.objects.count(), RouteDecision.objects.count())
    entries, logs = world.case.entries.count(), AccessLogRecord.objects.count()
    response = api("caseworker").post(f"/api/v1/cases/{world.case.pk}/{path}/", resolve(data), format="json")
    assert response.status_code == 400, response.json()
    assert error_fields(response) == errors
    after = (Conversation.objects.count(), Clarification.objects.count(), RouteDecision.objects.count())
    assert (after, world.case.entries.count(), AccessLogRecord.objects.count()) == (before, entries, logs)
    assert Case.objects.get(pk=world.case.pk).phase == "registration"


@pytest.mark.parametrize("persona", ["colleague", "team_lead"])
def test_it_lets_readers_read_but_not_record(world, api, persona):
    client = api(persona)
    for path in ("conversations", "clarifications", "route"):
        assert client.get(f"/api/v1/cases/{world.case.pk}/{path}/").status_code == 200
    response = client.post(
        f"/api/v1/cases/{world.case.pk}/conversations/",
        {"held_on": "2026-11-05", "place": "home", "members": [world.case.family.members.first().pk]},
        format="json",
    )
    assert response.status_code == 403


def test_it_hides_another_organisation_s_case(world, api):
    client = api("outsider")
    for path in ("conversations", "clarifications", "route"):
        assert client.get(f"/api/v1/cases/{world.case.pk}/{path}/").status_code == 404


def test_it_describes_the_structured_registration_on_the_case(world, api):
    case = api("colleague").get(f"/api/v1/cases/{world.case.pk}/").json()
    assert case["registration"]["reason"] == "We maken veel ruzie thuis en willen dat het rustiger wordt."
    assert case["registered_by"] == "family"


def test_it_refuses_a_stale_version_with_409_and_saves_nothing(world, api):
    member = world.case.family.members.first()
    response = api("caseworker").post(
        f"/api/v1/cases/{world.case.pk}/clarifications/",
        {"participants": [{"member": member.pk, "help_question": "Rust."}], "version": world.case.version + 1},
        format="json",
    )
    assert response.status_code == 409
    assert error_fields(response) == {None: "stale_version"}
    assert not Clarification.objects.exists()


@pytest.mark.parametrize("conversations", [1, 4])
def test_it_reads_conversations_and_clarifications_in_a_fixed_number_of_queries(
    world, api, django_assert_num_queries, conversations
):
    from samenplan.intake import actions

    members = list(world.case.family.members.all())
    for _ in range(conversations):
        actions.do_record_conversation(
            world.caseworker,
            world.case,
            held_on=timezone.localdate(),
            place="office",
            members=members,
            steps={1: {"notes": "Schaalvraag."}},
            contributions=[{"step": 1, "speaker": members[0], "text": "Het is zwaar."}],
        )
        actions.do_clarify(
            world.caseworker,
            world.case,
            participants=[
                {"member": m, "help_question": "Rust.", "problems": [{"description": "Ruzie", "burden": 5}]}
                for m in members
            ],
            assessment={"safety": "safe"},
        )
    client = api("colleague")
    # each with its access-log record (tests/audit/statements.py)
    with django_assert_num_queries(10 + record_statements()):
        assert client.get(f"/api/v1/cases/{world.case.pk}/conversations/").status_code == 200
    with django_assert_num_queries(6 + record_statements()):
        assert client.get(f"/api/v1/cases/{world.case.pk}/clarifications/").status_code == 200

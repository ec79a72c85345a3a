"""Saving the family plan: versions with who and when, the goals and help copied in, a stale save refused and
nothing overwritten, the family's agreement per version, every step on the timeline and in the access log."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from samenplan.audit.models import AccessLogRecord
from samenplan.cases.models import DossierEntry, EntryKind, Voice
from samenplan.goals.actions import do_add_goal
from samenplan.plans import actions, rules, services
from samenplan.plans.models import PlanVersion
from tests.plans.factories import SAFETY, content, plan_version


def test_it_saves_version_one_with_the_goals_in_the_familys_words(world):
    do_add_goal(world.caseworker, world.case, words="Minder ruzie aan tafel.", whose="family", term="short")
    version = actions.do_new_version(world.caseworker, world.case, based_on=0, content=content(), reason="Eerste.")
    assert (version.number, version.author, version.based_on) == (1, world.caseworker, 0)
    goals = version.content["goals"]
    assert [g["words"] for g in goals] == ["Minder ruzie aan tafel."] and goals[0]["priority"] == 1
    assert services.current_version(world.case) == version
    entry = DossierEntry.objects.filter(case=world.case, kind=EntryKind.PLAN).latest("pk")
    assert "versie 1" in entry.text.lower() and entry.voice == Voice.SYSTEM
    record = AccessLogRecord.objects.filter(action="plans.new_version").latest("seq")
    assert (record.event, record.case_id) == ("create", world.case.pk)


@pytest.mark.guideline("G5.5")
def test_it_records_evaluation_and_aftercare_agreements_in_the_plan(world):
    version = plan_version(world.caseworker, world.case)
    assert version.content["evaluation"] == {
        "next_on": "2027-03-01", "how": "Een gesprek thuis.", "with_whom": "Sanne en Mees"
    }  # fmt: skip
    assert version.content["aftercare"]["text"] == "Na de hulp bellen we één keer per maand."


def test_every_change_makes_a_new_version_and_the_old_one_stays(world):
    first = plan_version(world.caseworker, world.case)
    second = plan_version(world.coworker, world.case, safety=SAFETY)
    assert (first.number, second.number, second.based_on) == (1, 2, 1)
    first.refresh_from_db()
    assert first.content["safety"]["needed"] is False and second.content["safety"]["needed"] is True
    entry = DossierEntry.objects.filter(case=world.case, kind=EntryKind.PLAN).latest("pk")
    assert "Veiligheidsplan" in entry.text  # names what changed


def test_a_save_that_changes_nothing_makes_no_version(world):
    first = plan_version(world.caseworker, world.case)
    again = actions.do_new_version(world.caseworker, world.case, based_on=1, content=content())
    assert again == first and PlanVersion.objects.count() == 1


def test_a_save_from_a_stale_version_is_refused_and_overwrites_nothing(world):
    plan_version(world.caseworker, world.case)
    plan_version(world.coworker, world.case, own={"text": "Van de collega.", "voice": "family"})
    with pytest.raises(actions.StalePlan) as refused:
        actions.do_new_version(world.caseworker, world.case, based_on=1, content=content())
    assert refused.value.current == 2 and refused.value.code == "stale_version"
    assert "versie 2" in refused.value.messages[0]
    assert services.current_version(world.case).content["own"]["text"] == "Van de collega."
    with pytest.raises(actions.StalePlan):  # a first version when one exists is stale too
        actions.do_new_version(world.caseworker, world.case, based_on=0, content=content())


def test_it_refuses_a_safety_plan_without_whom_to_call_with_a_dutch_error(world):
    with pytest.raises(ValidationError) as error:
        plan_version(world.caseworker, world.case, safety={**SAFETY, "night_contacts": ""})
    assert "nacht" in error.value.message_dict["safety.night_contacts"][0]
    assert not PlanVersion.objects.exists()


def test_only_the_cases_workers_change_the_plan(world):
    with pytest.raises(PermissionDenied):
        actions.do_new_version(world.colleague, world.case, based_on=0, content=content())


@pytest.mark.guideline("P7")
def test_it_records_each_participants_agreement_in_their_words_and_calls_it_agreed_when_all_say_yes(world):
    version = plan_version(world.caseworker, world.case)
    parent, child = services.participants(world.case)
    actions.do_record_agreement(world.caseworker, version, member=parent, agreement="yes", words="Dit is ons plan.")
    record = actions.do_record_agreement(
        world.caseworker, version, member=child, agreement="partly", words="Woensdag vind ik te vroeg."
    )
    people = [m.pk for m in services.participants(world.case)]
    answers = {a.member_id: a.agreement for a in version.agreements.all()}
    assert not rules.agreed_by_family(people, answers)
    entry = DossierEntry.objects.filter(case=world.case, kind=EntryKind.PLAN).latest("pk")
    assert (entry.voice, entry.speaker) == (Voice.FAMILY, child) and "Woensdag vind ik te vroeg." in entry.text
    actions.do_record_agreement(world.caseworker, version, member=child, agreement="yes")
    answers = {a.member_id: a.agreement for a in version.agreements.all()}
    assert rules.agreed_by_family(people, answers)
    assert version.agreements.count() == 2 and record.pk == version.agreements.get(member=child).pk


def test_it_refuses_partly_without_words_and_agreement_with_an_old_version(world):
    version = plan_version(world.caseworker, world.case)
    parent = services.participants(world.case)[0]
    with pytest.raises(ValidationError) as error:
        actions.do_record_agreement(world.caseworker, version, member=parent, agreement="no")
    assert "words" in error.value.message_dict
    plan_version(world.caseworker, world.case, own={"text": "Nieuw.", "voice": "family"})
    with pytest.raises(ValidationError) as error:
        actions.do_record_agreement(world.caseworker, version, member=parent, agreement="yes")
    assert error.value.message_dict["version"][0].startswith("Het gezin")


@pytest.mark.guideline("L5")
def test_the_first_version_starts_from_own_strength_and_the_network(world):
    from samenplan.network.actions import do_save_own_strength
    from tests.network.factories import network_member

    parent = world.case.family.members.order_by("pk").first()
    do_save_own_strength(
        world.caseworker, world.case, answers=[{"member": parent, "helps": "Wandelen.", "needs": "Rust.", "version": 0}]
    )
    network_member(world.caseworker, world.case)
    prefilled = services.prefill(world.case)
    assert prefilled["own"] == {"text": "Sanne Jansen: Wandelen. Rust.", "voice": "family"}
    assert "Haalt Mees op woensdag van school." in prefilled["network"]["text"]
    assert services.prefill_from_decision(world.case) == {}

"""Recording a conversation (DOMAIN §4): steps, skips, the family's own words, the timeline and the log."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from samenplan.audit.models import AccessLogRecord
from samenplan.cases.models import EntryKind, Phase, Voice
from samenplan.intake import actions
from samenplan.intake.models import Conversation


def record(world, family, **overrides):
    data = {
        "held_on": timezone.localdate(),
        "place": "home",
        "members": [family.mother, family.father, family.youth],
        "professionals": [world.coworker],
        "steps": {
            0: {"notes": "Koffie, compliment voor het opgeruimde huis. Agenda samen gemaakt."},
            1: {"notes": "Iedereen vertelt wat zwaar is."},
            2: {"skipped": True, "skip_reason": "Niet nodig: het beeld is al duidelijk."},
        },
        "contributions": [
            {"step": 0, "speaker": family.mother, "text": "Ik wil vooral dat we weer normaal kunnen praten."},
            {"step": 1, "speaker": family.youth, "text": "Ze letten alleen op mijn cijfers."},
        ],
        "evaluation": "Fijn dat Mees ook mocht praten.",
    }
    data.update(overrides)
    return actions.do_record_conversation(world.caseworker, family.case, **data)


@pytest.mark.guideline("P0")
def test_it_records_the_steps_and_the_family_s_own_words_with_the_speaker(world, family):
    conversation = record(world, family)

    assert set(conversation.members.all()) == {family.mother, family.father, family.youth}
    assert set(conversation.professionals.all()) == {world.caseworker, world.coworker}
    steps = {s.step: s for s in conversation.steps.all()}
    assert steps[2].skipped and steps[2].skip_reason.startswith("Niet nodig")
    assert steps[0].notes.startswith("Koffie")
    words = family.case.entries.filter(kind=EntryKind.CONVERSATION, voice=Voice.FAMILY, speaker=family.youth).get()
    assert words.text.endswith("Ze letten alleen op mijn cijfers.")
    summary = family.case.entries.filter(kind=EntryKind.CONVERSATION, voice=Voice.SYSTEM).get()
    assert "overgeslagen" in summary.text and "Niet nodig" in summary.text
    evaluation = family.case.entries.filter(kind=EntryKind.CONVERSATION, voice=Voice.FAMILY, speaker=None).get()
    assert "Fijn dat Mees ook mocht praten." in evaluation.text


def test_it_starts_clarifying_the_question_with_the_first_conversation(world, family):
    record(world, family)
    family.case.refresh_from_db()
    assert family.case.phase == Phase.CLARIFICATION
    record(world, family)  # a second conversation adds to it
    family.case.refresh_from_db()
    assert family.case.phase == Phase.CLARIFICATION


def test_it_writes_the_access_log_in_the_same_transaction(world, family):
    before = AccessLogRecord.objects.count()
    record(world, family)
    record_ = AccessLogRecord.objects.order_by("-seq").first()
    assert (record_.action, record_.case_id, record_.event, AccessLogRecord.objects.count()) == (
        "intake.record_conversation",
        family.case.pk,
        "create",
        before + 1,
    )


@pytest.mark.parametrize(
    ("overrides", "field", "code"),
    [
        ({"place": "park"}, "place", "invalid_choice"),
        ({"held_on": None}, "held_on", "required"),
        ({"members": []}, "members", "required"),
        ({"steps": {9: {"notes": "x"}}}, "steps", "invalid_choice"),
        ({"steps": {3: {"skipped": True, "notes": "toch iets"}}}, "steps[3].notes", "skipped_with_notes"),
        ({"contributions": [{"step": 1, "speaker": None, "text": "x"}]}, "contributions[0].speaker", "unknown_member"),
        ({"contributions": [{"step": 1, "text": "   ", "speaker": "mother"}]}, "contributions[0].text", "required"),
        ({"contributions": [{"step": 2, "text": "Hè?", "speaker": "mother"}]}, "contributions[0].step", "step_skipped"),
    ],
)
def test_it_refuses_bad_input_precisely_and_saves_nothing(world, family, overrides, field, code):
    for c in overrides.get("contributions", ()):
        if c.get("speaker") == "mother":
            c["speaker"] = family.mother
    entries, logs = family.case.entries.count(), AccessLogRecord.objects.count()
    with pytest.raises(ValidationError) as err:
        record(world, family, **overrides)
    assert err.value.error_dict[field][0].code == code
    assert err.value.error_dict[field][0].messages[0]  # a Dutch message
    assert (Conversation.objects.count(), family.case.entries.count(), AccessLogRecord.objects.count()) == (
        0,
        entries,
        logs,
    )


def test_it_refuses_a_speaker_who_was_not_there_or_not_of_this_family(world, family):
    with pytest.raises(ValidationError) as err:
        record(
            world,
            family,
            members=[family.mother],
            contributions=[{"step": 1, "speaker": family.youth, "text": "Ik was er niet."}],
        )
    assert err.value.error_dict["contributions[0].speaker"][0].code == "not_present"
    stranger = world.outsider_case.family.members.first()
    with pytest.raises(ValidationError) as err:
        record(world, family, members=[stranger])
    assert err.value.error_dict["members"][0].code == "unknown_member"


def test_it_refuses_a_conversation_in_the_future(world, family):
    with pytest.raises(ValidationError) as err:
        record(world, family, held_on=timezone.localdate() + timedelta(days=1))
    assert err.value.error_dict["held_on"][0].code == "future"


@pytest.mark.parametrize("persona", ["colleague", "team_lead", "scientist", "outsider"])
def test_it_lets_only_the_case_s_workers_record(world, family, persona):
    with pytest.raises(PermissionDenied):
        actions.do_record_conversation(
            world.persona(persona),
            family.case,
            held_on=timezone.localdate(),
            place="office",
            members=[family.mother],
        )

"""Clarifying the question per participant (DOMAIN §3.2): own words, burden 1-10, what goes well, safety."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from samenplan.audit.models import AccessLogRecord
from samenplan.cases import actions as case_actions
from samenplan.cases.models import EntryKind, Phase, Voice
from samenplan.intake import actions
from samenplan.intake.models import Clarification, Problem
from samenplan.intake.scales import levels_for, scale_for
from tests.factories import OrganisationFactory


def participants(family):
    return [
        {
            "member": family.mother,
            "help_question": "Hoe kan ik met Mees praten zonder dat het ruzie wordt?",
            "problems": [{"description": "Elke avond ruzie over huiswerk", "burden": 8}],
            "goes_well": "Op zaterdag koken we samen.",
            "exceptions": "Als zijn vader thuis is, is het rustiger.",
        },
        {
            "member": family.father,
            "help_question": "Ik wil dat mijn vrouw en zoon weer normaal met elkaar omgaan.",
            "problems": [
                {"description": "Ik sta ertussen", "burden": 6},
                {"description": "Slecht slapen", "burden": 4},
            ],
        },
        {
            "member": family.youth,
            "help_question": "Dat ze me met rust laten over school.",
            "problems": [{"description": "Ze zeuren over mijn cijfers", "burden": 9}],
            "goes_well": "Voetbal gaat goed.",
        },
    ]


@pytest.mark.guideline("G3.1")
@pytest.mark.guideline("P1")
def test_it_records_each_participant_s_question_in_their_own_words(world, family):
    level = levels_for(world.org)[1]
    records = actions.do_clarify(
        world.caseworker,
        family.case,
        participants=participants(family),
        assessment={
            "nature": "Spanningen tussen moeder en zoon rond school; geen zorgen over ontwikkeling.",
            "severity": level,
            "safety": "safe",
            "safety_assessed_by": "Anna de Vries",
        },
    )

    assert [r.member for r in records] == [family.mother, family.father, family.youth]
    burdens = {p.description: p.burden for p in Problem.objects.filter(clarification__case=family.case)}
    assert burdens == {
        "Elke avond ruzie over huiswerk": 8,
        "Ik sta ertussen": 6,
        "Slecht slapen": 4,
        "Ze zeuren over mijn cijfers": 9,
    }
    youth_words = family.case.entries.get(kind=EntryKind.CLARIFICATION, voice=Voice.FAMILY, speaker=family.youth)
    assert "Dat ze me met rust laten over school." in youth_words.text
    view = family.case.assessments.get()
    assert (view.severity, view.safety, view.safety_assessed_by) == (level, "safe", "Anna de Vries")
    assert family.case.entries.filter(kind=EntryKind.CLARIFICATION, voice=Voice.SYSTEM).count() == 1
    family.case.refresh_from_db()
    assert family.case.phase == Phase.CLARIFICATION
    assert AccessLogRecord.objects.order_by("-seq").first().action == "intake.clarify"


@pytest.mark.guideline("G2.1")
def test_it_assesses_nature_and_severity_together_with_the_family(world, family):
    level = levels_for(world.org)[2]
    words = "Moeder: het is zwaarder dan u denkt. Mees: zo erg is het niet."
    actions.do_clarify(
        world.caseworker,
        family.case,
        participants=participants(family),
        assessment={
            "nature": "Spanningen rond school.",
            "severity": level,
            "family_view": f"  {words}  ",
            "safety": "safe",
            "safety_assessed_by": "Anna de Vries",
        },
    )
    view = family.case.assessments.get()
    assert (view.severity, view.family_view) == (level, words)
    theirs = family.case.entries.get(kind=EntryKind.CLARIFICATION, voice=Voice.FAMILY, text__contains=words)
    assert theirs.author == world.caseworker
    professional = family.case.entries.get(kind=EntryKind.CLARIFICATION, voice=Voice.SYSTEM)
    assert words not in professional.text


@pytest.mark.guideline("G3.5")
def test_it_lets_several_conversations_add_to_the_clarification(world, family):
    actions.do_clarify(world.caseworker, family.case, participants=participants(family)[:1])
    actions.do_clarify(world.coworker, family.case, participants=participants(family)[2:])
    assert list(Clarification.objects.filter(case=family.case).values_list("member", "author")) == [
        (family.mother.pk, world.caseworker.pk),
        (family.youth.pk, world.coworker.pk),
    ]


@pytest.mark.parametrize(
    ("change", "field", "code"),
    [
        (lambda p, f: p[0]["problems"][0].update(burden=0), "participants[0].problems[0].burden", "burden_range"),
        (lambda p, f: p[1]["problems"][1].update(burden=11), "participants[1].problems[1].burden", "burden_range"),
        (lambda p, f: p[2]["problems"][0].update(burden="veel"), "participants[2].problems[0].burden", "burden_range"),
        (lambda p, f: p[0].update(help_question="  "), "participants[0].help_question", "required"),
        (
            lambda p, f: p[1]["problems"][0].update(description=""),
            "participants[1].problems[0].description",
            "required",
        ),
        (lambda p, f: p[2].update(member=f.mother), "participants[2].member", "duplicate"),
        (lambda p, f: p[0].update(member=None), "participants[0].member", "unknown_member"),
    ],
)
def test_it_refuses_bad_input_precisely_and_saves_nothing(world, family, change, field, code):
    data = participants(family)
    change(data, family)
    before = (Clarification.objects.count(), family.case.entries.count(), AccessLogRecord.objects.count())
    with pytest.raises(ValidationError) as err:
        actions.do_clarify(world.caseworker, family.case, participants=data)
    assert err.value.error_dict[field][0].code == code
    assert (Clarification.objects.count(), family.case.entries.count(), AccessLogRecord.objects.count()) == before


def test_it_refuses_a_member_of_another_family(world, family):
    data = participants(family)
    data[0]["member"] = world.outsider_case.family.members.first()
    with pytest.raises(ValidationError) as err:
        actions.do_clarify(world.caseworker, family.case, participants=data)
    assert err.value.error_dict["participants[0].member"][0].code == "unknown_member"


def test_it_asks_for_an_explanation_when_the_child_may_not_be_safe(world, family):
    with pytest.raises(ValidationError) as err:
        actions.do_clarify(world.caseworker, family.case, participants=[], assessment={"safety": "concerns"})
    assert err.value.error_dict["assessment.safety_explanation"][0].code == "required"
    with pytest.raises(ValidationError) as err:
        actions.do_clarify(world.caseworker, family.case, participants=[], assessment={"safety": "weet niet"})
    assert err.value.error_dict["assessment.safety"][0].code == "required"


def test_it_takes_severity_only_from_the_organisation_s_own_scale(world, family):
    foreign = levels_for(OrganisationFactory())[0]
    with pytest.raises(ValidationError) as err:
        actions.do_clarify(
            world.caseworker, family.case, participants=[], assessment={"safety": "safe", "severity": foreign}
        )
    assert err.value.error_dict["assessment.severity"][0].code == "invalid_choice"


def test_it_ships_a_neutral_default_scale_whose_levels_are_data(world):
    scale = scale_for(world.org)
    assert [level.rank for level in scale.levels.all()] == [1, 2, 3, 4]
    scale.levels.filter(rank=4).update(name="Zeer zorgelijk")
    assert levels_for(world.org).get(rank=4).name == "Zeer zorgelijk"  # an organisation configures its own names


def test_it_clarifies_only_while_the_question_is_open(world, family):
    case_actions.do_move_phase(
        world.caseworker, family.case, target="closed", expected_version=family.case.version, note="Stop."
    )
    family.case.refresh_from_db()
    with pytest.raises(PermissionDenied):  # a closed case is not changed
        actions.do_clarify(world.caseworker, family.case, participants=participants(family))

"""The goals actions: each write checks everything first, saves in one transaction with its dossier entry and
access-log record, and refuses bad input with a precise Dutch error and nothing half-saved."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone, translation

from samenplan.audit.models import AccessLogRecord
from samenplan.cases.models import DossierEntry, EntryKind, Member, Voice
from samenplan.goals import actions
from samenplan.goals.models import Goal, ProblemAgreement, ScaleScore


def _parent(case) -> Member:
    return case.family.members.filter(role="parent").first()


def _child(case) -> Member:
    return case.family.members.filter(role="child").first()


def _codes(error: ValidationError) -> dict[str, list[str]]:
    return {field: [e.code for e in errors] for field, errors in error.error_dict.items()}


@pytest.mark.guideline("G5.2")
@pytest.mark.guideline("L4")
def test_it_adds_a_goal_in_the_familys_words_last_in_order(world):
    case = world.case
    first = actions.do_add_goal(world.caseworker, case, words="Samen eten zonder ruzie")
    second = actions.do_add_goal(
        world.caseworker,
        case,
        words="  Mees gaat weer elke dag naar school  ",
        professional_words="Schoolverzuim terugdringen",
        whose="member",
        member=_child(case),
        term="long",
        target_date=timezone.localdate() + timedelta(days=90),
    )
    assert (first.position, second.position) == (1, 2)
    assert second.words == "Mees gaat weer elke dag naar school"
    entry = DossierEntry.objects.filter(case=case, kind=EntryKind.GOALS).order_by("-pk").first()
    assert entry.voice == Voice.FAMILY and entry.speaker == _child(case)
    assert "Mees gaat weer elke dag naar school" in entry.text
    assert AccessLogRecord.objects.filter(action="goals.add_goal", case_id=case.pk).count() == 2


@pytest.mark.guideline("L4")
def test_it_refuses_a_goal_without_the_familys_words(world):
    with translation.override("nl"), pytest.raises(ValidationError) as caught:
        actions.do_add_goal(world.caseworker, world.case, words="   ", whose="member")
    assert _codes(caught.value) == {"words": ["required"], "member": ["required"]}
    assert "eigen woorden" in caught.value.message_dict["words"][0]
    assert not Goal.objects.exists()
    assert not DossierEntry.objects.filter(kind=EntryKind.GOALS).exists()


def test_it_refuses_someone_who_may_not_edit_the_case(world):
    with pytest.raises(PermissionDenied):
        actions.do_add_goal(world.colleague, world.case, words="Rust in huis")


def test_it_refuses_a_member_of_another_family(world):
    stranger = Member.objects.exclude(family=world.case.family).first()
    with pytest.raises(ValidationError) as caught:
        actions.do_add_goal(world.caseworker, world.case, words="Rust", whose="member", member=stranger)
    assert _codes(caught.value) == {"member": ["unknown_member"]}


@pytest.mark.guideline("G5.1")
def test_it_records_agreement_and_no_does_not_block_goals(world):
    case = world.case
    actions.do_record_agreement(world.caseworker, case, member=_parent(case), agreement="yes")
    actions.do_record_agreement(
        world.caseworker, case, member=_child(case), agreement="no", words="Ik vind niet dat ik het probleem ben"
    )
    goal = actions.do_add_goal(world.caseworker, case, words="Minder ruzie")
    assert goal.pk
    shown = actions.current_agreements(case)
    assert [(a.member, a.agreement) for a in shown] == [(_parent(case), "yes"), (_child(case), "no")]
    with pytest.raises(ValidationError) as caught:
        actions.do_record_agreement(world.caseworker, case, member=_parent(case), agreement="partly")
    assert _codes(caught.value) == {"words": ["required"]}
    assert ProblemAgreement.objects.count() == 2


@pytest.mark.guideline("G5.6")
def test_it_records_scores_by_a_member_and_by_the_professional(world):
    case = world.case
    goal = actions.do_add_goal(world.caseworker, case, words="Minder ruzie")
    actions.do_add_score(
        world.caseworker, goal, score=3, desired=7, scored_on=date(2026, 1, 5), member=_parent(case),
        one_point_higher="We eten één keer per week samen zonder ruzie",
    )  # fmt: skip
    actions.do_add_score(world.caseworker, goal, score=4, scored_on=date(2026, 1, 5), professional=world.coworker)
    assert ScaleScore.objects.filter(goal=goal).count() == 2
    entry = DossierEntry.objects.filter(case=case, kind=EntryKind.GOALS, voice=Voice.FAMILY).first()
    assert entry.speaker == _parent(case)


@pytest.mark.parametrize("score", [-1, 11, 3.5, "7", None, True])
def test_it_refuses_a_score_off_the_scale(world, score):
    goal = actions.do_add_goal(world.caseworker, world.case, words="Minder ruzie")
    with translation.override("nl"), pytest.raises(ValidationError) as caught:
        actions.do_add_score(world.caseworker, goal, score=score, scored_on=date(2026, 1, 5), member=_parent(goal.case))
    assert _codes(caught.value) == {"score": ["range"]}
    assert "0" in caught.value.message_dict["score"][0] and "10" in caught.value.message_dict["score"][0]
    assert not ScaleScore.objects.exists()


def test_it_refuses_a_scorer_outside_the_family_and_the_case(world):
    goal = actions.do_add_goal(world.caseworker, world.case, words="Minder ruzie")
    stranger = Member.objects.exclude(family=world.case.family).first()
    for scorer in ({"member": stranger}, {"professional": world.colleague}, {}):
        with pytest.raises(ValidationError) as caught:
            actions.do_add_score(world.caseworker, goal, score=5, scored_on=date(2026, 1, 5), **scorer)
        assert list(_codes(caught.value)) == ["scorer"]
    assert not ScaleScore.objects.exists()

"""The actions of deciding together: options with both views, preferences, the decision's rules, help in progress."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from samenplan.analysis.models import Consultation
from samenplan.audit.models import AccessLogRecord
from samenplan.cases.models import DossierEntry, EntryKind, Voice
from samenplan.decisions import actions
from samenplan.decisions.models import Decision, Option, Preference
from samenplan.errors import StaleVersion
from tests.conftest import decide_route
from tests.decisions.factories import decision_input, offers, three_options


@pytest.fixture
def case(world):
    return decide_route(world.caseworker, world.case)


def _codes(error: ValidationError) -> dict[str, list[str]]:
    return {field: [e.code for e in errors] for field, errors in error.error_dict.items()}


@pytest.mark.guideline("P5")
@pytest.mark.guideline("G5.4")
def test_it_keeps_the_professionals_and_the_familys_view_of_an_option_apart(world, case):
    own, course, _coaching = three_options(world.caseworker, case)
    assert own.source == "family" and own.intensity == "network"
    assert course.name == "Opvoedcursus Samen Sterk" and course.evidence_level == "good"
    assert course.professional_cons == "Elke week een avond weg."
    assert course.family_cons == "Geen oppas voor de avond."
    family_entries = DossierEntry.objects.filter(case=case, kind=EntryKind.OPTIONS, voice=Voice.FAMILY)
    assert any("Geen oppas voor de avond." in e.text for e in family_entries)
    assert family_entries.get(text__contains="Geen oppas").speaker == case.family.members.order_by("pk").first()
    assert AccessLogRecord.objects.filter(action="decisions.add_option", case_id=case.pk).count() == 3


@pytest.mark.guideline("G1.2")
def test_it_lists_the_lightest_option_first(world, case):
    own, course, coaching = three_options(world.caseworker, case)
    assert actions.options_in_order(case) == [own, course, coaching]


def test_it_moves_the_case_to_deciding_on_help_with_the_first_option(world, case):
    assert case.phase == "goals"
    three_options(world.caseworker, case)
    case.refresh_from_db()
    assert case.phase == "decision"


def test_it_refuses_an_offer_of_another_organisation_and_a_recommendation_without_reasons(world, case):
    foreign = offers(world.outsider_case.family.organisation)[0]
    with pytest.raises(ValidationError) as error:
        actions.do_add_option(world.caseworker, case, source="catalogue", offer=foreign, recommended=True)
    assert _codes(error.value) == {"offer": ["required"], "recommendation_reasons": ["required"]}
    assert not Option.objects.exists()


def test_it_refuses_a_reader_who_may_not_change_the_case(world, case):
    with pytest.raises(PermissionDenied):
        actions.do_add_option(world.colleague, case, source="family", name="Iets")


def test_it_refuses_a_stale_change_of_an_option(world, case):
    own, *_rest = three_options(world.caseworker, case)
    actions.do_change_option(world.caseworker, own, expected_version=1, source="family", name="Oma en opa")
    with pytest.raises(StaleVersion):
        actions.do_change_option(world.coworker, own, expected_version=1, source="family", name="Alleen oma")
    own.refresh_from_db()
    assert own.name == "Oma en opa" and own.version == 2


@pytest.mark.guideline("P6")
def test_it_records_each_participants_preference_in_their_own_words(world, case):
    own, course, coaching = three_options(world.caseworker, case)
    mother, child = case.family.members.order_by("pk")
    seen = [own.pk, course.pk, coaching.pk]
    first = actions.do_save_preference(
        world.caseworker, case, member=mother, kind="order", ranking=[course, own, coaching],
        reasons="De cursus eerst, dan oma.", seen_options=seen, expected_version=0,
    )  # fmt: skip
    second = actions.do_save_preference(
        world.caseworker, case, member=child, kind="leave_to_professional", seen_options=seen, expected_version=0
    )
    assert first.ranking == [course.pk, own.pk, coaching.pk]
    assert second.kind == "leave_to_professional"
    entry = DossierEntry.objects.filter(case=case, kind=EntryKind.PREFERENCE, speaker=mother).get()
    assert entry.voice == Voice.FAMILY and "De cursus eerst, dan oma." in entry.text


def test_it_refuses_a_preference_on_a_stale_list_of_options(world, case):
    own, course, _coaching = three_options(world.caseworker, case)
    mother = case.family.members.order_by("pk").first()
    with pytest.raises(ValidationError) as error:
        actions.do_save_preference(
            world.caseworker, case, member=mother, kind="preferred", preferred=course, reasons="Lijkt me goed.",
            seen_options=[own.pk, course.pk], expected_version=0,
        )  # fmt: skip
    assert _codes(error.value) == {"options": ["stale_options"]}
    assert "in the meantime" in error.value.messages[0] or "ondertussen" in error.value.messages[0]
    assert not Preference.objects.exists()


def test_it_refuses_a_stale_version_of_a_preference(world, case):
    own, course, coaching = three_options(world.caseworker, case)
    mother = case.family.members.order_by("pk").first()
    seen = [own.pk, course.pk, coaching.pk]
    kwargs = {"member": mother, "kind": "leave_to_professional", "seen_options": seen}
    actions.do_save_preference(world.caseworker, case, expected_version=0, **kwargs)
    with pytest.raises(StaleVersion):
        actions.do_save_preference(world.coworker, case, expected_version=0, **kwargs)


@pytest.mark.guideline("G2.2")
@pytest.mark.guideline("G5.5")
def test_it_records_a_decision_made_together_with_evaluation_and_aftercare(world, case):
    own, course, _coaching = three_options(world.caseworker, case)
    decision = actions.do_record_decision(world.caseworker, case, **decision_input(case, [course, own]))
    assert decision.participation_level == 4 and decision.level_label == "Samen beslissen"
    assert set(decision.options.all()) == {course, own}
    assert decision.agreements.count() == 2 and not decision.crucial
    assert decision.evaluation_agreement and decision.aftercare_agreement
    assert DossierEntry.objects.filter(case=case, kind=EntryKind.DECISION).count() == 3
    entry = DossierEntry.objects.filter(case=case, kind=EntryKind.DECISION, voice=Voice.PROFESSIONAL).get()
    assert "Over twee maanden thuis" in entry.text and "belt de hulpverlener" in entry.text
    assert AccessLogRecord.objects.filter(action="decisions.record_decision", case_id=case.pk).exists()


def test_it_refuses_a_decision_without_options_or_with_a_level_outside_the_ladder(world, case):
    three_options(world.caseworker, case)
    with pytest.raises(ValidationError) as error:
        actions.do_record_decision(world.caseworker, case, **decision_input(case, [], participation_level=9))
    assert _codes(error.value) == {"options": ["no_options"], "participation_level": ["level_out_of_range"]}
    assert not Decision.objects.exists()


def test_it_needs_both_positions_and_the_resolution_when_someone_says_no(world, case):
    _own, course, _coaching = three_options(world.caseworker, case)
    mother, child = case.family.members.order_by("pk")
    agreements = [
        {"member": mother, "agreement": "yes"},
        {"member": child, "agreement": "no", "words": "Ik wil niet naar een cursus."},
    ]
    data = decision_input(case, [course], agreements=agreements)
    with pytest.raises(ValidationError) as error:
        actions.do_record_decision(world.caseworker, case, **data)
    assert _codes(error.value) == {"resolution": ["disagreement_needs_resolution"]}
    decision = actions.do_record_decision(
        world.caseworker, case, **data, family_position="Mees wil liever naar oma.",
        professional_position="De cursus helpt moeder om rustiger te reageren.", resolved_by="Moeder",
        resolution="Moeder gaat alleen; Mees gaat op woensdag naar oma.", safety_conditions="Geen.",
    )  # fmt: skip
    assert decision.has_disagreement
    assert DossierEntry.objects.filter(case=case, voice=Voice.FAMILY, text__contains="Mees wil liever").exists()


@pytest.mark.guideline("G1.6")
def test_it_needs_a_consultation_or_a_team_leads_override_for_heavy_care(world, case):
    heavy = actions.do_add_option(world.caseworker, case, source="catalogue", offer=offers(case.family.organisation)[2])
    with pytest.raises(ValidationError) as error:
        actions.do_record_decision(world.caseworker, case, **decision_input(case, [heavy]))
    assert _codes(error.value) == {"crucial": ["crucial_needs_consultation"]}
    with pytest.raises(PermissionDenied):
        actions.do_override_crucial(world.caseworker, case, reason="Spoed.")
    override = actions.do_override_crucial(world.team_lead, case, reason="Het gezin vraagt er zelf om; spoed.")
    decision = actions.do_record_decision(world.caseworker, case, **decision_input(case, [heavy]))
    override.refresh_from_db()
    assert decision.crucial and override.decision == decision
    with pytest.raises(ValidationError):  # the override is used up
        actions.do_record_decision(world.caseworker, case, **decision_input(case, [heavy]))


def test_it_takes_an_answered_consultation_as_the_basis_of_a_crucial_decision(world, case):
    three_options(world.caseworker, case)
    Consultation.objects.filter(case=case).update(
        status="answered", advice="Past bij de vraag.", answered_at=timezone.now()
    )
    option = case.options.first()
    decision = actions.do_record_decision(world.caseworker, case, **decision_input(case, [option], out_of_home=True))
    assert decision.crucial and decision.consultation is not None


def test_it_records_help_from_a_decision_and_keeps_the_caseworker(world, case):
    _own, course, _coaching = three_options(world.caseworker, case)
    decision = actions.do_record_decision(world.caseworker, case, **decision_input(case, [course]))
    goal = case.goals.create(words="Rustig samen eten", author=world.caseworker, recorded_at=timezone.now(), position=1)
    prefilled = actions.help_from_option(course)
    help = actions.do_add_help(
        world.caseworker, case, **prefilled, decision=decision, status="running",
        starts_on=timezone.localdate(), goals=[goal],
    )  # fmt: skip
    case.refresh_from_db()
    assert help.provider == "Zorgaanbieder Noord" and help.intensity == "light"
    assert list(help.goals.all()) == [goal]
    assert case.caseworker == world.caseworker and case.phase == "help"
    with pytest.raises(ValidationError) as error:
        actions.do_change_help(world.caseworker, help, expected_version=1, **prefilled, status="ended")
    assert _codes(error.value) == {"ends_on": ["required"]}
    with pytest.raises(StaleVersion):
        actions.do_change_help(world.caseworker, help, expected_version=7, **prefilled, status="running")


@pytest.mark.guideline("G1.6")
def test_it_records_the_familys_part_also_under_a_child_protection_measure(world, case):
    type(case).objects.filter(pk=case.pk).update(child_protection_measure=True)
    case.refresh_from_db()
    own, course, _coaching = three_options(world.caseworker, case)
    mother, child = case.family.members.order_by("pk")
    agreements = [
        {"member": mother, "agreement": "partly", "words": "Alleen als oma ook meedoet."},
        {"member": child, "agreement": "yes"},
    ]
    data = decision_input(case, [course, own], participation_level=3, agreements=agreements)
    with pytest.raises(ValidationError) as error:  # against the family's wish: crucial, so a scientist first
        actions.do_record_decision(world.caseworker, case, **data, against_family_wish=True)
    assert _codes(error.value) == {"crucial": ["crucial_needs_consultation"]}
    decision = actions.do_record_decision(world.caseworker, case, **data)
    assert decision.participation_level == 3
    assert [a.words for a in decision.agreements.filter(agreement="partly")] == ["Alleen als oma ook meedoet."]

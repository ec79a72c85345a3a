"""The analysis's actions: what they record, what they refuse (nothing half-saved), what lands in the dossier."""

from __future__ import annotations

from datetime import timedelta

import pytest
import rules as permission_rules
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from samenplan.analysis import actions
from samenplan.analysis.models import CoherentPicture, Consultation, InvestigationQuestion, SpecialCircumstance
from samenplan.audit.models import AccessLogRecord
from samenplan.cases import actions as case_actions
from samenplan.cases.models import Case, EntryKind, Phase, Voice
from samenplan.consent.actions import do_revoke_consent
from samenplan.consent.models import Consent
from samenplan.errors import StaleVersion
from tests.analysis.conftest import PICTURE, yilmaz
from tests.factories import record_consent


def codes(error: ValidationError) -> dict[str, list[str]]:
    return {field: [e.code for e in errors] for field, errors in error.error_dict.items()}


def entries(case, kind=EntryKind.ANALYSIS):
    return list(case.entries.filter(kind=kind).order_by("at", "pk"))


def save(world, case, **overrides):
    current = case.pictures.filter(current=True).first()
    fields = {**PICTURE, "expected_version": current.version if current else None, **overrides}
    return actions.do_save_picture(world.caseworker, case, **fields)


def share(world, picture, *views):
    views = views or [{"member": m, "agreement": "agrees"} for m in picture.case.family.members.all()]
    return actions.do_share_picture(world.caseworker, picture, views=list(views), expected_version=picture.version)


# ── special circumstances and the plan ─────────────────────────────────────────────────────────────────────


@pytest.mark.guideline("G4.1")
def test_it_records_a_special_circumstance_with_the_home_language(world, family):
    item = actions.do_record_circumstance(
        world.caseworker, family.case, member=family.mother, code="other_home_language", language="Turks"
    )
    assert (item.member, item.code, item.language) == (family.mother, "other_home_language", "Turks")
    assert "Turks" in entries(family.case)[-1].text
    assert AccessLogRecord.objects.filter(action="analysis.record_circumstance", member_id=family.mother.pk).exists()


def test_it_refuses_a_circumstance_twice_or_without_its_language(world, family):
    actions.do_record_circumstance(world.caseworker, family.case, member=family.mother, code="limited_dutch")
    with pytest.raises(ValidationError) as refused:
        actions.do_record_circumstance(world.caseworker, family.case, member=family.mother, code="limited_dutch")
    assert codes(refused.value) == {"code": ["duplicate"]}
    with pytest.raises(ValidationError) as refused:
        actions.do_record_circumstance(world.caseworker, family.case, member=family.mother, code="other_home_language")
    assert codes(refused.value) == {"language": ["language_needed"]}
    with pytest.raises(ValidationError) as refused:
        actions.do_record_circumstance(world.caseworker, family.case, member=world.case.family.members.first(),
                                       code="unknown")  # fmt: skip
    assert codes(refused.value) == {"member": ["unknown_member"], "code": ["invalid_choice"]}
    assert SpecialCircumstance.objects.filter(case=family.case).count() == 1


@pytest.mark.guideline("G4.1")
def test_it_adds_questions_to_the_plan_made_together(world, family):
    question = actions.do_add_question(
        world.caseworker,
        family.case,
        question="Waarom slaapt Ela slecht?",
        information_needed="Hoe de avonden thuis gaan.",
        method="observation",
        made_with=[family.mother, family.child],
    )
    assert set(question.made_with.all()) == {family.mother, family.child}
    assert "Ayse Yilmaz, Ela Yilmaz" in entries(family.case)[-1].text


@pytest.mark.guideline("G2.6")
def test_it_asks_an_instrument_and_for_whom_with_the_instrument_method(world, family):
    with pytest.raises(ValidationError) as refused:
        actions.do_add_question(
            world.caseworker, family.case, question="Hoe gaat het met Ela?", information_needed="Gedrag",
            method="instrument", made_with=[family.mother],
        )  # fmt: skip
    assert codes(refused.value) == {"instrument": ["instrument_needed"], "about": ["required"]}
    assert not InvestigationQuestion.objects.filter(case=family.case).exists()


@pytest.mark.guideline("G4.1")
@pytest.mark.guideline("G2.6")
def test_the_plan_warns_when_the_questionnaire_does_not_suit_the_member(world, family):
    from samenplan.analysis import services
    from samenplan.instruments.actions import ensure_shipped
    from samenplan.instruments.models import Definition

    ensure_shipped()
    demo = Definition.objects.get(code="demo-gezinsvragenlijst")
    question = actions.do_add_question(
        world.caseworker, family.case, question="Hoe gaat het thuis?", information_needed="Sterke kanten en zorgen",
        method="instrument", instrument=demo, about=family.mother, made_with=[family.mother],
    )  # fmt: skip
    assert services.plan(family.case)[0].warnings == []  # nothing recorded about her: nothing known against it
    for code, language in (("limited_dutch", ""), ("low_literacy", ""), ("other_home_language", "tr")):
        actions.do_record_circumstance(
            world.caseworker, family.case, member=family.mother, code=code, language=language
        )
    warnings = services.plan(family.case)[0].warnings
    assert question.instrument == demo
    assert "alleen in het Nederlands, en Ayse Yilmaz spreekt weinig Nederlands" in warnings[0]
    assert any("past niet bij dit gezin: laaggeletterdheid" in w for w in warnings), warnings
    assert any("Turks" in w for w in warnings), warnings


def test_it_refuses_another_organisations_questionnaire(world, family):
    from samenplan.instruments.actions import do_load_definition, shipped_files

    text = shipped_files()[0].read_text(encoding="utf-8").replace("code: ", "code: eigen-", 1)
    theirs = do_load_definition(None, text, organisation=world.other_org)  # loaded by the other organisation
    with pytest.raises(ValidationError) as refused:
        actions.do_add_question(
            world.caseworker, family.case, question="?", information_needed="x", method="instrument",
            instrument=theirs, about=family.mother, made_with=[family.mother],
        )  # fmt: skip
    assert codes(refused.value) == {"instrument": ["invalid_choice"]}


@pytest.mark.guideline("G4.7")
@pytest.mark.guideline("G2.5")
def test_it_asks_another_agency_only_with_the_familys_consent_for_those_data(world, family):
    consent = record_consent(world.caseworker, family.case, givers=[family.mother])
    ask = {
        "question": "Hoe gaat het met Ela op school?",
        "information_needed": "Gedrag in de klas",
        "method": "other_agency",
        "made_with": [family.mother],
        "recipient": consent.recipient,
    }
    with pytest.raises(ValidationError) as refused:  # only what is needed: name the data
        actions.do_add_question(world.caseworker, family.case, **ask)
    assert codes(refused.value) == {"data_kinds": ["required"]}
    with pytest.raises(ValidationError) as refused:  # health is not covered by the consent
        actions.do_add_question(world.caseworker, family.case, **ask, data_kinds=["school", "health"])
    assert codes(refused.value) == {"recipient": ["no_consent"]}
    assert "gezondheid" in refused.value.messages[0]
    question = actions.do_add_question(world.caseworker, family.case, **ask, data_kinds=["school"])
    assert (question.recipient, question.data_kinds) == (consent.recipient, ["school"])


@pytest.mark.parametrize("how", ["revoked", "expired"])
def test_it_refuses_information_from_an_agency_once_the_consent_is_revoked_or_expired(world, family, how):
    consent = record_consent(world.caseworker, family.case, givers=[family.mother])
    if how == "revoked":
        do_revoke_consent(world.caseworker, consent, revoked_by=family.mother, reason="Liever niet.",
                          expected_version=consent.version)  # fmt: skip
    else:
        yesterday = timezone.localdate() - timedelta(days=1)
        Consent.objects.filter(pk=consent.pk).update(given_on=yesterday - timedelta(days=30), expires_on=yesterday)
    with pytest.raises(ValidationError) as refused:
        actions.do_add_question(
            world.caseworker, family.case, question="School?", information_needed="Gedrag", method="other_agency",
            made_with=[family.mother], recipient=consent.recipient, data_kinds=["school"],
        )  # fmt: skip
    assert codes(refused.value) == {"recipient": [f"consent_{how}"]}
    assert not InvestigationQuestion.objects.filter(case=family.case).exists()


# ── the coherent picture ────────────────────────────────────────────────────────────────────────────────────


@pytest.mark.guideline("G4.2")
@pytest.mark.guideline("G4.3")
def test_it_records_the_picture_with_factors_of_each_kind_and_domain(world, family):
    picture = save(world, family.case)
    assert (picture.number, picture.current, picture.version) == (1, True, 1)
    assert {(f.kind, f.domain, f.source) for f in picture.factors.all()} == {
        ("causal", "child", "conversation"),
        ("maintaining", "parent", "conversation"),
        ("maintaining", "environment", "other_agency"),
        ("protective", "family", "conversation"),
    }
    text = entries(family.case)[-1].text
    for expected in ("Veroorzakende factor", "Instandhoudende factor", "Beschermende factor", "Veiligheid", "Krachten"):
        assert expected in text


def test_it_changes_a_draft_in_place_and_makes_a_new_version_after_the_family_saw_it(world, family):
    first = save(world, family.case)
    draft = save(world, family.case, strengths="Moeder zoekt hulp; Ela tekent graag.")
    assert (draft.pk, draft.number, draft.version) == (first.pk, 1, 2)
    shared = share(world, draft)
    second = save(world, family.case, safety="Ela is veilig; oma past op als moeder werkt.")
    assert (second.number, second.current) == (2, True)
    old = CoherentPicture.objects.get(pk=first.pk)
    assert (old.current, old.safety, old.shared_at) == (False, PICTURE["safety"], shared.shared_at)
    assert old.factors.count() == second.factors.count() == 4


def test_it_refuses_a_stale_or_missing_version_and_saves_nothing(world, family):
    picture = save(world, family.case)
    with pytest.raises(StaleVersion):
        save(world, family.case, expected_version=picture.version + 1, strengths="Anders")
    with pytest.raises(ValidationError) as refused:
        save(world, family.case, expected_version=None)
    assert codes(refused.value) == {"version": ["required"]}
    picture.refresh_from_db()
    assert (picture.version, picture.strengths) == (1, PICTURE["strengths"])


def test_it_names_every_wrong_factor_by_its_place(world, family):
    factors = [
        {"description": "Goed", "kind": "causal", "domain": "child", "source": "conversation"},
        {"description": "  ", "kind": "odd", "domain": "school", "source": "conversation"},
    ]
    with pytest.raises(ValidationError) as refused:
        save(world, family.case, factors=factors, safety="")
    assert codes(refused.value) == {
        "safety": ["required"],
        "factors[1].description": ["required"],
        "factors[1].kind": ["invalid_choice"],
        "factors[1].domain": ["invalid_choice"],
    }
    assert not family.case.pictures.exists()


@pytest.mark.guideline("P3")
@pytest.mark.guideline("G4.3")
def test_it_keeps_each_participants_view_in_their_own_words(world, family):
    picture = save(world, family.case)
    share(
        world,
        picture,
        {"member": family.mother, "agreement": "partly", "words": "Ik ben niet alleen moe, ik mis mijn familie."},
        {"member": family.child, "agreement": "agrees", "words": "Ik wil weer goed slapen."},
    )
    own = [e for e in entries(family.case) if e.voice == Voice.FAMILY]
    assert [(e.speaker, e.text.splitlines()[-1]) for e in own] == [
        (family.mother, "Ik ben niet alleen moe, ik mis mijn familie."),
        (family.child, "Ik wil weer goed slapen."),
    ]
    with pytest.raises(ValidationError):
        share(world, CoherentPicture.objects.get(pk=picture.pk))  # this version's view is recorded already


# ── finalising, consultation, override ─────────────────────────────────────────────────────────────────────


@pytest.mark.guideline("G4.3")
def test_it_finalises_only_after_the_family_saw_the_picture_and_then_allows_goals(world, family):
    picture = save(world, family.case)
    with pytest.raises(ValidationError) as refused:
        actions.do_finalise_picture(world.caseworker, picture, expected_version=picture.version)
    assert refused.value.code == "not_shared"
    with pytest.raises(ValidationError) as refused:  # the analysis ends with a final picture
        case_actions.do_move_phase(
            world.caseworker, family.case, target=Phase.GOALS, expected_version=family.case.version
        )
    assert refused.value.error_dict["phase"][0].code == "picture_first"
    picture = share(world, picture)
    final = actions.do_finalise_picture(world.caseworker, picture, expected_version=picture.version)
    assert final.is_final
    case = Case.objects.get(pk=family.case.pk)
    case = case_actions.do_move_phase(world.caseworker, case, target=Phase.GOALS, expected_version=case.version)
    assert case.phase == Phase.GOALS


def ask(world, family, scientist=None):
    return actions.do_request_consultation(
        world.caseworker,
        family.case,
        scientist=scientist or world.scientist,
        question="Missen we iets in dit beeld?",
        agreed_by=[family.mother],
        conditions="Alleen het beeld, niet het schoolrapport.",
    )


@pytest.mark.guideline("G4.4")
@pytest.mark.guideline("G2.7")
@pytest.mark.guideline("L8")
def test_it_finalises_a_multiple_and_complex_picture_only_after_the_scientists_advice(world, family):
    picture = share(world, save(world, family.case, multiple_and_complex=True))
    with pytest.raises(ValidationError) as refused:
        actions.do_finalise_picture(world.caseworker, picture, expected_version=picture.version)
    assert refused.value.code == "consultation_needed"
    assert "gedragswetenschapper" in refused.value.messages[0]
    consultation = ask(world, family)
    assert (consultation.picture, consultation.conditions) == (picture, "Alleen het beeld, niet het schoolrapport.")
    answered = actions.do_answer_consultation(
        world.scientist, consultation, advice="Kijk ook naar rouw om de verhuizing.", expected_version=1
    )
    assert answered.status == "answered"
    advice = entries(family.case, EntryKind.CONSULTATION)[-1]
    assert (advice.author, advice.voice) == (world.scientist, Voice.PROFESSIONAL)
    assert "rouw om de verhuizing" in advice.text
    final = actions.do_finalise_picture(world.caseworker, picture, expected_version=picture.version)
    assert final.is_final


@pytest.mark.guideline("G2.7")
def test_the_scientist_sees_the_case_only_while_consulted(world, family):
    save(world, family.case)
    assert not permission_rules.test_rule("cases.view_case", world.scientist, family.case)
    consultation = ask(world, family)
    assert permission_rules.test_rule("cases.view_case", world.scientist, family.case)
    assert not permission_rules.test_rule("cases.change_case", world.scientist, family.case)
    with pytest.raises(PermissionDenied):  # only the scientist asked answers
        actions.do_answer_consultation(world.consulted_scientist, consultation, advice="x", expected_version=1)
    actions.do_answer_consultation(world.scientist, consultation, advice="Goed beeld.", expected_version=1)
    assert not permission_rules.test_rule("cases.view_case", world.scientist, family.case)


def test_it_asks_only_a_scientist_of_the_organisation_with_the_familys_agreement(world, family):
    with pytest.raises(ValidationError) as refused:  # no picture yet
        ask(world, family)
    assert codes(refused.value) == {"__all__": ["no_picture"]}
    save(world, family.case)
    with pytest.raises(ValidationError) as refused:
        actions.do_request_consultation(
            world.caseworker, family.case, scientist=world.colleague, question="?", agreed_by=[], conditions=" "
        )
    assert codes(refused.value) == {
        "scientist": ["invalid_choice"], "agreed_by": ["required"], "conditions": ["required"],
    }  # fmt: skip
    assert not Consultation.objects.filter(case=family.case).exists()


@pytest.mark.guideline("G4.4")
def test_a_team_lead_may_record_why_no_consultation_is_needed(world, family):
    picture = share(world, save(world, family.case, multiple_and_complex=True))
    with pytest.raises(PermissionDenied):
        actions.do_override_consultation(world.caseworker, picture, reason="Niet nodig.", expected_version=2)
    with pytest.raises(ValidationError) as refused:
        actions.do_override_consultation(world.team_lead, picture, reason=" ", expected_version=2)
    assert codes(refused.value) == {"reason": ["required"]}
    picture = actions.do_override_consultation(
        world.team_lead, picture, reason="Het beeld is eenduidig; advies volgt later.", expected_version=2
    )
    final = actions.do_finalise_picture(world.caseworker, picture, expected_version=picture.version)
    assert final.is_final
    assert "eenduidig" in entries(family.case, EntryKind.CONSULTATION)[-1].text


# ── psycho-education and skipping ───────────────────────────────────────────────────────────────────────────


@pytest.mark.guideline("G4.5")
def test_it_records_psycho_education_with_the_material_given(world, family):
    item = actions.do_record_psycho_education(
        world.caseworker,
        family.case,
        topic="Slaapproblemen bij kinderen",
        explained="Wat slecht slapen met Ela doet, wat moeder zelf kan doen, welke hulp er is.",
        given_to=[family.mother, family.child],
        material_title="Folder 'Goed slapen'",
        material_description="Tips voor een vast avondritueel, in het Turks en Nederlands.",
    )
    assert set(item.given_to.all()) == {family.mother, family.child}
    assert "Folder 'Goed slapen'" in entries(family.case)[-1].text
    with pytest.raises(ValidationError) as refused:
        actions.do_record_psycho_education(
            world.caseworker, family.case, topic="", explained="x", given_to=[], material_description="Los blad",
            given_on=timezone.localdate() + timedelta(days=1),
        )  # fmt: skip
    assert set(codes(refused.value)) == {"topic", "given_to", "material_title", "given_on"}


@pytest.mark.guideline("G4.6")
def test_it_skips_the_analysis_under_a_measure_with_the_reason_in_the_dossier(world):
    measured = yilmaz(world, measure=True)
    reason = "Het rapport van de Raad voor de Kinderbescherming geeft al een volledig beeld."
    case = actions.do_skip_analysis(
        world.caseworker, measured.case, reason=reason, expected_version=measured.case.version
    )
    assert case.phase == Phase.GOALS
    assert reason in case.entries.filter(kind=EntryKind.PHASE_CHANGE).first().text


def test_it_refuses_to_skip_without_a_measure_or_without_a_reason(world, family):
    with pytest.raises(ValidationError) as refused:
        actions.do_skip_analysis(
            world.caseworker, family.case, reason="Genoeg info.", expected_version=family.case.version
        )
    assert codes(refused.value) == {"phase": ["skip_only_under_measure"]}
    measured = yilmaz(world, measure=True)
    with pytest.raises(ValidationError) as refused:
        actions.do_skip_analysis(world.caseworker, measured.case, reason="  ", expected_version=measured.case.version)
    assert codes(refused.value) == {"phase": ["picture_first"]}
    assert Case.objects.get(pk=measured.case.pk).phase == Phase.ANALYSIS


def test_a_family_removed_takes_its_whole_analysis_with_it(world, family):
    from samenplan.analysis.models import Factor, FamilyView, PsychoEducation
    from samenplan.privacy.actions import member_export, remove_family

    consent = record_consent(world.caseworker, family.case, givers=[family.mother])
    actions.do_add_question(
        world.caseworker, family.case, question="School?", information_needed="Gedrag", method="other_agency",
        made_with=[family.mother], recipient=consent.recipient, data_kinds=["school"],
    )  # fmt: skip
    actions.do_record_circumstance(world.caseworker, family.case, member=family.mother, code="low_literacy")
    picture = share(world, save(world, family.case))
    ask(world, family)
    save(world, family.case, strengths="Nieuw")  # a second version
    exported = str(member_export(family.mother))
    assert "Alleen het beeld, niet het schoolrapport." in exported and "low_literacy" in exported
    remove_family(world.caseworker, family.case.family, reason="Bewaartermijn verstreken.")
    assert not CoherentPicture.objects.filter(case_id=family.case.pk).exists()
    assert not Factor.objects.filter(picture_id=picture.pk).exists()
    assert not FamilyView.objects.filter(picture_id=picture.pk).exists()
    for model in (Consultation, InvestigationQuestion, SpecialCircumstance, PsychoEducation):
        assert not model.objects.filter(case_id=family.case.pk).exists(), model

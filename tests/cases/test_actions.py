"""Actions: every change is checked, saved whole or not at all, and logged in the same transaction."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError
from django.utils import timezone

from samenplan.audit.models import AccessLogRecord
from samenplan.cases import actions
from samenplan.cases.models import Case, DossierEntry, EntryKind, Family, Member, MemberRole, Phase, Voice
from samenplan.errors import StaleVersion
from tests.conftest import decide_route, register
from tests.factories import record_consent


@pytest.mark.guideline("L1")
def test_it_registers_a_family_with_one_fixed_caseworker(world):
    case = world.case
    assert case.caseworker == world.caseworker
    assert list(case.coworkers.all()) == [world.coworker]
    assert case.phase == Phase.REGISTRATION
    assert case.family.organisation == world.org
    assert case.family.members.count() == 2


@pytest.mark.guideline("G1.4")
def test_it_records_who_registered_the_reason_and_help_already_running(world):
    case = register(
        world.caseworker,
        world.north,
        name="Visser",
        registered_by="professional",
        referrer="Huisarts Dekker",
        referrer_kind="gp",
        reason="Moeder vertelt dat de jongste niet meer eet.",
        help_already="Logopedie bij De Klankkast",
    )
    registration = case.registration
    assert (registration.registered_by, registration.referrer_kind, registration.referrer_name) == (
        "professional",
        "gp",
        "Huisarts Dekker",
    )
    assert [h.kind for h in registration.prior_help.all()] == ["Logopedie bij De Klankkast"]
    first = case.entries.get()
    assert first.kind == EntryKind.REGISTRATION
    assert first.text == "Moeder vertelt dat de jongste niet meer eet."
    assert first.voice == Voice.REFERRER  # a referrer's reason is the referrer's words


def test_it_labels_what_samenplan_records_itself_as_its_own(world):
    case = world.case
    case = actions.do_change_workers(
        world.caseworker, case, caseworker=world.caseworker, coworkers=[], expected_version=case.version, note=""
    )
    case = decide_route(world.caseworker, case)
    record_consent(world.caseworker, case)
    actions.do_add_member(world.caseworker, case.family, given_name="Lotte", role=MemberRole.CHILD)
    actions.do_add_note(world.caseworker, case, text="Moeder belde.", voice=Voice.PROFESSIONAL)
    voices = {}
    for entry in case.entries.all():
        voices.setdefault(entry.kind, set()).add(entry.voice)
    for kind in (EntryKind.MEMBER, EntryKind.CASEWORKER, EntryKind.PHASE_CHANGE, EntryKind.CONSENT):
        assert voices[kind] == {Voice.SYSTEM}, kind
    assert Voice.SYSTEM in voices[EntryKind.CLARIFICATION] and Voice.SYSTEM in voices[EntryKind.ROUTE]
    assert voices[EntryKind.NOTE] == {Voice.PROFESSIONAL}
    assert voices[EntryKind.REGISTRATION] == {Voice.FAMILY}


def test_it_keeps_the_family_s_own_words_apart_from_the_professional_s(world):
    parent = world.case.family.members.get(role=MemberRole.PARENT)
    own = actions.do_add_note(
        world.caseworker, world.case, text="Ik wil weer rust in huis.", voice=Voice.FAMILY, speaker=parent
    )
    pro = actions.do_add_note(world.caseworker, world.case, text="Moeder oogt moe.", voice=Voice.PROFESSIONAL)
    assert (own.voice, own.speaker, pro.voice) == (Voice.FAMILY, parent, Voice.PROFESSIONAL)
    registration = world.case.entries.get(kind=EntryKind.REGISTRATION)
    assert registration.voice == Voice.FAMILY  # registered by the family itself: their words


def test_it_writes_the_log_record_with_the_change(world):
    before = AccessLogRecord.objects.count()
    entry = actions.do_add_note(world.coworker, world.case, text="Telefonisch contact.", voice=Voice.PROFESSIONAL)
    record = AccessLogRecord.objects.order_by("-seq").first()
    assert AccessLogRecord.objects.count() == before + 1
    assert (record.event, record.action, record.case_id, record.user_id) == (
        "create",
        "cases.add_note",
        entry.case_id,
        world.coworker.pk,
    )
    assert record.family_id == world.case.family_id
    assert record.organisation_id == world.org.pk
    assert record.on_behalf_of == "Wijkteam Noord"
    assert record.role == "professional"
    assert record.channel == "cli"


def test_it_saves_nothing_when_one_member_is_invalid(world):
    families, cases, records = Family.objects.count(), Case.objects.count(), AccessLogRecord.objects.count()
    with pytest.raises(ValidationError) as err:
        register(
            world.caseworker,
            world.north,
            name="Half",
            members=[
                {"given_name": "Ok", "role": MemberRole.PARENT},
                {"given_name": "Kind", "role": MemberRole.CHILD, "has_custody": True},
            ],
        )
    assert "members[1].has_custody" in err.value.message_dict
    assert (Family.objects.count(), Case.objects.count(), AccessLogRecord.objects.count()) == (
        families,
        cases,
        records,
    )


def test_it_rolls_back_the_change_when_the_log_cannot_be_written(world, monkeypatch):
    from samenplan.audit import log

    def broken(*args, **kwargs):
        raise IntegrityError("log unavailable")

    monkeypatch.setattr(log, "record", broken)
    entries = DossierEntry.objects.count()
    with pytest.raises(IntegrityError):
        actions.do_add_note(world.caseworker, world.case, text="x", voice=Voice.PROFESSIONAL)
    assert DossierEntry.objects.count() == entries


@pytest.mark.parametrize("persona", ["colleague", "team_lead", "scientist", "administrator", "outsider"])
def test_it_refuses_notes_from_anyone_but_caseworker_and_coworkers(world, persona):
    with pytest.raises(PermissionDenied):
        actions.do_add_note(world.persona(persona), world.case, text="x", voice=Voice.PROFESSIONAL)


def test_it_refuses_a_caseworker_outside_the_team(world):
    with pytest.raises(ValidationError) as err:
        register(world.caseworker, world.north, caseworker=world.south_worker, name="Verkeerd")
    assert err.value.message_dict["caseworker"]


def test_it_refuses_registering_in_a_team_one_is_not_in(world):
    with pytest.raises(PermissionDenied):
        register(world.caseworker, world.south, caseworker=world.south_worker)
    with pytest.raises(PermissionDenied):
        register(world.administrator, world.north, caseworker=world.caseworker)


def test_it_asks_for_a_referrer_when_a_professional_referred(world):
    with pytest.raises(ValidationError) as err:
        register(world.caseworker, world.north, registered_by="concern", referrer="  ")
    assert err.value.message_dict["referrer"]


def test_it_refuses_a_registration_date_in_the_future(world):
    with pytest.raises(ValidationError) as err:
        register(world.caseworker, world.north, opened_on=timezone.localdate() + timedelta(days=1))
    assert err.value.message_dict["opened_on"]


@pytest.mark.guideline("G2.3")
def test_it_moves_a_case_through_the_phases_and_records_each_step(world):
    case = decide_route(world.caseworker, world.case, "light")  # clarification, then goals: through the intake
    for target in (Phase.DECISION, Phase.HELP, Phase.EVALUATION):
        case = actions.do_move_phase(world.caseworker, case, target=target, expected_version=case.version)
    assert case.phase == Phase.EVALUATION
    assert case.entries.filter(kind=EntryKind.PHASE_CHANGE).count() == 5


def test_it_refuses_a_jump_the_guideline_does_not_allow(world):
    with pytest.raises(ValidationError) as err:
        actions.do_move_phase(world.caseworker, world.case, target=Phase.HELP, expected_version=1)
    assert err.value.error_dict["phase"][0].code == "not_next"


def test_it_closes_and_reopens_a_case_keeping_its_history(world):
    case = actions.do_move_phase(
        world.caseworker, world.case, target=Phase.CLOSED, expected_version=1, note="Afgerond."
    )
    assert case.closed_on == timezone.localdate()
    with pytest.raises(PermissionDenied):
        actions.do_add_note(world.caseworker, case, text="x", voice=Voice.PROFESSIONAL)
    case = actions.do_move_phase(world.caseworker, case, target=Phase.CLARIFICATION, expected_version=case.version)
    assert case.closed_on is None
    assert case.entries.count() == 3  # registration, closing, reopening


def test_it_refuses_a_stale_phase_change(world):
    actions.do_move_phase(world.caseworker, world.case, target=Phase.CLARIFICATION, expected_version=1)
    with pytest.raises(StaleVersion):
        actions.do_move_phase(world.coworker, world.case, target=Phase.CLOSED, expected_version=1, note="Afgerond.")


def test_it_changes_a_member_with_optimistic_locking(world):
    child = world.case.family.members.get(role=MemberRole.CHILD)
    changed = actions.do_change_member(world.caseworker, child, expected_version=1, lives_at_home=False)
    assert (changed.lives_at_home, changed.version) == (False, 2)
    with pytest.raises(StaleVersion):
        actions.do_change_member(world.coworker, child, expected_version=1, given_name="Max")
    assert Member.objects.get(pk=child.pk).given_name == "Mees"


def test_it_adds_a_member_and_notes_it_on_the_open_case(world):
    member = actions.do_add_member(
        world.coworker,
        world.case.family,
        given_name="Noor",
        role=MemberRole.CHILD,
        date_of_birth=date(2019, 1, 5),
    )
    assert member.family == world.case.family
    assert world.case.entries.filter(kind=EntryKind.MEMBER).exists()


def test_it_refuses_members_from_someone_who_only_reads(world):
    with pytest.raises(PermissionDenied):
        actions.do_add_member(world.colleague, world.case.family, given_name="X", role=MemberRole.CHILD)


def test_it_refuses_a_speaker_from_another_family(world):
    stranger = world.outsider_case.family.members.first()
    with pytest.raises(ValidationError) as err:
        actions.do_add_note(world.caseworker, world.case, text="x", voice=Voice.FAMILY, speaker=stranger)
    assert err.value.message_dict["speaker"]


def test_it_writes_dossier_steps_in_dutch_even_from_the_command_line(world):
    from django.utils import translation

    with translation.override("en"):
        case = actions.do_move_phase(world.caseworker, world.case, target=Phase.CLARIFICATION, expected_version=1)
    assert case.entries.get(kind=EntryKind.PHASE_CHANGE).text == "Van aanmelding naar vraagverheldering."

"""Recording and revoking consent, and asking for information: checked, whole or not at all, logged."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from samenplan.audit.models import AccessLogRecord
from samenplan.cases.models import DossierEntry, EntryKind, MemberRole
from samenplan.consent import actions, services
from samenplan.consent.models import Consent, InformationRequest, Purpose, Recipient
from samenplan.errors import StaleVersion
from tests.conftest import register
from tests.factories import record_consent


def today() -> date:
    """samenplan's day when the test runs (not when the module was read: a run may pass midnight)."""
    return timezone.localdate()


def years_ago(years: int, days: int = 0) -> date:
    """The date of birth of someone who turns ``years`` today (``days`` earlier: had that birthday days ago)."""
    now = today()
    birthday = now.replace(year=now.year - years, day=28) if (now.month, now.day) == (2, 29) else now
    return birthday.replace(year=now.year - years) - timedelta(days=days)


def family_with(world, *children, custody=(True,), name="De Jong"):
    members = [
        {"given_name": f"Ouder{i}", "family_name": name, "role": MemberRole.PARENT, "has_custody": c}
        for i, c in enumerate(custody)
    ]
    members += [
        {"given_name": given, "family_name": name, "role": MemberRole.CHILD, "date_of_birth": dob}
        for given, dob in children
    ]
    return register(world.caseworker, world.north, name=name, members=members)


def counts():
    return (
        Consent.objects.count(),
        Recipient.objects.count(),
        InformationRequest.objects.count(),
        DossierEntry.objects.count(),
        AccessLogRecord.objects.count(),
    )


def member(case, given_name):
    return case.family.members.get(given_name=given_name)


def errors_of(excinfo) -> dict[str, list[str]]:
    return {field: [e.code for e in errs] for field, errs in excinfo.value.error_dict.items()}


@pytest.mark.guideline("G3.6")
@pytest.mark.guideline("L9")
def test_it_records_a_consent_with_its_reason_on_the_timeline_and_in_the_log(world):
    before = counts()
    consent = record_consent(world.caseworker, world.case, expires_on=today() + timedelta(days=90))
    assert counts() == (before[0] + 1, before[1] + 1, before[2], before[3] + 1, before[4] + 1)
    assert {m.given_name for m in consent.givers.all()} == {"Sanne", "Mees"}
    assert (consent.recipient.name, consent.recipient.role, consent.purpose) == (
        "OBS De Regenboog",
        "school",
        Purpose.REQUEST_INFORMATION,
    )
    entry = world.case.entries.first()
    assert entry.kind == EntryKind.CONSENT
    assert "Dan hoeft het gezin het verhaal niet opnieuw te vertellen." in entry.text
    record = AccessLogRecord.objects.order_by("-seq").first()
    assert (record.event, record.action, record.case_id, record.user_id) == (
        "create",
        "consent.record",
        world.case.pk,
        world.caseworker.pk,
    )


def test_it_reuses_the_recipient_of_the_case_by_name_and_role(world):
    first = record_consent(world.caseworker, world.case)
    second = record_consent(world.coworker, world.case, recipient_name="obs de regenboog", purpose=Purpose.COORDINATE)
    assert first.recipient_id == second.recipient_id


@pytest.mark.parametrize(
    ("field", "change", "code"),
    [
        ("benefit", {"benefit": "  "}, "required"),
        ("data_kinds", {"data_kinds": []}, "required"),
        ("data_kinds", {"data_kinds": ["school", "bankrekening"]}, "invalid_choice"),
        ("purpose", {"purpose": "marketing"}, "invalid_choice"),
        ("recipient_name", {"recipient_name": ""}, "required"),
        ("recipient_role", {"recipient_role": "buurman"}, "invalid_choice"),
        ("givers", {"givers": []}, "required"),
        ("given_on", {"given_on": +1}, "future"),  # a date given as days from today
        ("expires_on", {"expires_on": -1}, "before_given"),
    ],
)
def test_it_refuses_incomplete_consent_and_saves_nothing(world, field, change, code):
    change = {k: today() + timedelta(days=v) if k.endswith("_on") else v for k, v in change.items()}
    before = counts()
    with pytest.raises(ValidationError) as excinfo:
        record_consent(world.caseworker, world.case, **change)
    assert errors_of(excinfo)[field] == [code]
    assert counts() == before


def test_it_refuses_a_member_of_another_family(world):
    stranger = world.outsider_case.family.members.first()
    with pytest.raises(ValidationError) as excinfo:
        record_consent(world.caseworker, world.case, givers=[stranger])
    assert errors_of(excinfo) == {"givers": ["invalid_choice"]}


@pytest.mark.guideline("G3.6")
def test_it_refuses_a_child_under_12_as_consent_giver_with_a_precise_message(world):
    case = family_with(world, ("Lotte", years_ago(11, days=1)))
    before = counts()
    with pytest.raises(ValidationError) as excinfo:
        record_consent(world.caseworker, case, givers=[member(case, "Lotte")])
    error = excinfo.value.error_dict["givers"][0]
    assert error.code == "giver_too_young"
    assert "Lotte De Jong" in error.message and "11" in error.message and "12" in error.message
    assert counts() == before


def test_it_lets_a_youth_consent_on_the_12th_birthday_itself(world):
    case = family_with(world, ("Lotte", years_ago(12)))
    consent = record_consent(world.caseworker, case, givers=list(case.family.members.all()))
    assert consent.givers.count() == 2


def test_it_refuses_a_parent_without_custody(world):
    case = family_with(world, ("Lotte", years_ago(8)), custody=(True, False))
    with pytest.raises(ValidationError) as excinfo:
        record_consent(world.caseworker, case, givers=[member(case, "Ouder1")])
    assert errors_of(excinfo) == {"givers": ["giver_without_custody"]}


def test_it_refuses_parents_when_the_youth_is_16_and_consents_alone(world):
    case = family_with(world, ("Daan", years_ago(16)))
    with pytest.raises(ValidationError) as excinfo:
        record_consent(world.caseworker, case, givers=[member(case, "Ouder0"), member(case, "Daan")])
    assert errors_of(excinfo) == {"givers": ["youth_consents_alone"]}
    consent = record_consent(world.caseworker, case, givers=[member(case, "Daan")])
    assert services.allows(case, consent.recipient, Purpose.REQUEST_INFORMATION, ["school"])


@pytest.mark.parametrize("persona", ["colleague", "team_lead", "scientist", "outsider", "administrator"])
def test_it_lets_only_the_caseworker_and_coworkers_record_consent(world, persona):
    with pytest.raises(PermissionDenied):
        record_consent(world.persona(persona), world.case)


@pytest.mark.guideline("L2")
def test_it_asks_an_agency_for_information_with_the_family_s_consent(world):
    consent = record_consent(world.caseworker, world.case)
    before = counts()
    request = actions.do_request_information(
        world.coworker,
        world.case,
        recipient=consent.recipient,
        data_kinds=["school"],
        question="Hoe gaat het met Mees op school?",
        reason="Dan hoeft het gezin het niet opnieuw te vertellen.",
    )
    assert counts() == (before[0], before[1], before[2] + 1, before[3] + 1, before[4] + 1)
    assert (request.requested_on, request.requested_by) == (today(), world.coworker)
    entry = world.case.entries.first()
    assert entry.kind == EntryKind.INFORMATION_REQUEST and "Hoe gaat het met Mees op school?" in entry.text
    record = AccessLogRecord.objects.order_by("-seq").first()
    assert (record.event, record.action, record.case_id) == ("create", "consent.request_information", world.case.pk)


def _ask(world, recipient, kinds=("school",)):
    return actions.do_request_information(
        world.caseworker,
        world.case,
        recipient=recipient,
        data_kinds=list(kinds),
        question="Wat weet u over de schoolgang?",
        reason="Zo krijgen we een compleet beeld.",
    )


@pytest.mark.guideline("L2")
@pytest.mark.guideline("L9")
def test_it_refuses_a_request_without_everyone_s_consent_and_names_who_is_missing(world):
    consent = record_consent(world.caseworker, world.case, givers=[member(world.case, "Sanne")])
    before = counts()
    with pytest.raises(ValidationError) as excinfo:
        _ask(world, consent.recipient)
    [error] = excinfo.value.error_list
    assert error.code == "no_consent"
    assert "Mees Jansen" in error.message and "OBS De Regenboog" in error.message
    assert counts() == before


def test_it_refuses_data_kinds_the_consent_does_not_cover_and_names_them(world):
    consent = record_consent(world.caseworker, world.case, data_kinds=["school"])
    with pytest.raises(ValidationError) as excinfo:
        _ask(world, consent.recipient, kinds=("school", "health"))
    messages = [e.message for e in excinfo.value.error_list]
    assert len(messages) == 2  # Sanne and Mees
    assert all(str(services.DataKind("health").label) in m for m in messages)


def test_it_refuses_a_request_for_another_purpose(world):
    consent = record_consent(world.caseworker, world.case, purpose=Purpose.REPORT_BACK)
    with pytest.raises(ValidationError) as excinfo:
        _ask(world, consent.recipient)
    assert {e.code for e in excinfo.value.error_list} == {"no_consent"}


@pytest.mark.guideline("L9")
def test_a_revocation_takes_effect_at_once(world):
    consent = record_consent(world.caseworker, world.case)
    _ask(world, consent.recipient)
    before = counts()
    revoked = actions.do_revoke_consent(
        world.caseworker,
        consent,
        revoked_by=member(world.case, "Mees"),
        reason="Ik wil niet dat school alles weet.",
        expected_version=consent.version,
    )
    assert counts() == (before[0], before[1], before[2], before[3] + 1, before[4] + 1)
    assert (revoked.revoked_by.given_name, revoked.revocation_recorded_by, revoked.version) == (
        "Mees",
        world.caseworker,
        2,
    )
    assert AccessLogRecord.objects.order_by("-seq").first().action == "consent.revoke"
    with pytest.raises(ValidationError) as excinfo:
        _ask(world, consent.recipient)
    assert {e.code for e in excinfo.value.error_list} == {"consent_revoked"}
    assert "Ik wil" not in excinfo.value.error_list[0].message  # the reason stays in the dossier


def test_it_refuses_a_request_once_the_consent_expired(world):
    consent = record_consent(world.caseworker, world.case, given_on=today() - timedelta(days=60))
    # Time passes: the consent ran until yesterday.
    Consent.objects.filter(pk=consent.pk).update(expires_on=today() - timedelta(days=1))
    with pytest.raises(ValidationError) as excinfo:
        _ask(world, consent.recipient)
    assert {e.code for e in excinfo.value.error_list} == {"consent_expired"}


def test_it_refuses_a_recipient_of_another_case(world):
    other = record_consent(world.outsider, world.outsider_case, givers=list(world.outsider_case.family.members.all()))
    with pytest.raises(ValidationError) as excinfo:
        _ask(world, other.recipient)
    assert errors_of(excinfo) == {"recipient": ["invalid_choice"]}


@pytest.mark.parametrize(
    ("change", "field", "code"),
    [({"question": " "}, "question", "required"), ({"reason": ""}, "reason", "required")],
)
def test_it_refuses_a_request_without_what_or_why(world, change, field, code):
    consent = record_consent(world.caseworker, world.case)
    fields = {"recipient": consent.recipient, "data_kinds": ["school"], "question": "Wat?", "reason": "Waarom."}
    with pytest.raises(ValidationError) as excinfo:
        actions.do_request_information(world.caseworker, world.case, **{**fields, **change})
    assert errors_of(excinfo) == {field: [code]}


def test_only_a_giver_revokes_and_only_once(world):
    consent = record_consent(world.caseworker, world.case, givers=[member(world.case, "Sanne")])
    with pytest.raises(ValidationError) as excinfo:
        actions.do_revoke_consent(
            world.caseworker, consent, revoked_by=member(world.case, "Mees"), reason="x", expected_version=1
        )
    assert errors_of(excinfo) == {"revoked_by": ["not_a_giver"]}
    sanne = member(world.case, "Sanne")
    actions.do_revoke_consent(world.caseworker, consent, revoked_by=sanne, reason="Klaar.", expected_version=1)
    with pytest.raises(StaleVersion):
        actions.do_revoke_consent(world.caseworker, consent, revoked_by=sanne, reason="Nog eens.", expected_version=1)
    with pytest.raises(ValidationError) as excinfo:
        actions.do_revoke_consent(world.caseworker, consent, revoked_by=sanne, reason="Nog eens.", expected_version=2)
    assert excinfo.value.error_list[0].code == "already_revoked"


def test_it_refuses_a_parent_whose_custody_is_not_recorded(world):
    case = family_with(world, ("Lotte", years_ago(7)), custody=(None,))
    with pytest.raises(ValidationError) as excinfo:
        record_consent(world.caseworker, case, givers=[member(case, "Ouder0")])
    assert errors_of(excinfo) == {"givers": ["giver_without_custody"]}

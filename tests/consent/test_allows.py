"""consent.services.allows: the one check before any share; truthy when allowed, otherwise it says what is missing."""

from datetime import timedelta

import pytest
from django.utils import timezone

from samenplan.cases import actions as case_actions
from samenplan.consent import actions
from samenplan.consent.models import Purpose
from samenplan.consent.services import allows
from tests.consent.test_actions import family_with, member, years_ago
from tests.factories import record_consent


def today():
    """samenplan's day when the test runs (not when the module was read: a run may pass midnight)."""
    return timezone.localdate()


@pytest.mark.guideline("G3.6")
def test_it_allows_what_the_family_consented_to(world):
    consent = record_consent(world.caseworker, world.case)
    result = allows(world.case, consent.recipient, Purpose.REQUEST_INFORMATION, ["school", "development"])
    assert result and result.missing == () and result.message == ""


def test_it_names_the_member_purpose_and_data_kind_that_are_missing(world):
    consent = record_consent(world.caseworker, world.case, givers=[member(world.case, "Sanne")])
    result = allows(world.case, consent.recipient, Purpose.REQUEST_INFORMATION, ["school"])
    assert not result
    [missing] = result.missing
    assert (missing.code, missing.member_id, missing.data_kinds) == (
        "no_consent",
        member(world.case, "Mees").pk,
        ("school",),
    )
    assert "Mees Jansen" in missing.message
    assert str(Purpose.REQUEST_INFORMATION.label) in missing.message


def test_it_says_when_a_consent_expires(world):
    consent = record_consent(world.caseworker, world.case, expires_on=today() + timedelta(days=10))
    args = (world.case, consent.recipient, Purpose.REQUEST_INFORMATION, ["school"])
    assert allows(*args, on=today() + timedelta(days=10))
    later = allows(*args, on=today() + timedelta(days=11))
    assert {m.code for m in later.missing} == {"consent_expired"}
    assert len(later.missing) == 2  # both givers' consent ran out


def test_it_says_who_revoked_and_when(world):
    consent = record_consent(world.caseworker, world.case, given_on=today() - timedelta(days=30))
    actions.do_revoke_consent(
        world.caseworker, consent, revoked_by=member(world.case, "Sanne"), reason="Liever niet.", expected_version=1
    )
    result = allows(world.case, consent.recipient, Purpose.REQUEST_INFORMATION, ["school"])
    assert {m.code for m in result.missing} == {"consent_revoked"}
    assert "Sanne Jansen" in result.message
    assert allows(world.case, consent.recipient, Purpose.REQUEST_INFORMATION, ["school"], on=today() - timedelta(1))


def test_it_cannot_allow_while_a_child_s_date_of_birth_is_unknown(world):
    case = family_with(world, ("Lotte", None), ("Daan", years_ago(17)))
    consent = record_consent(world.caseworker, case, givers=[member(case, "Daan")])
    result = allows(case, consent.recipient, Purpose.REQUEST_INFORMATION, ["school"])
    assert [m.code for m in result.missing] == ["age_unknown"]
    assert "Lotte De Jong" in result.message


def test_it_names_a_child_for_whom_no_parent_has_custody(world):
    case = family_with(world, ("Lotte", years_ago(13)), ("Daan", years_ago(17)), custody=(None,))
    consent = record_consent(world.caseworker, case, givers=[member(case, "Lotte"), member(case, "Daan")])
    result = allows(case, consent.recipient, Purpose.REQUEST_INFORMATION, ["school"])
    assert [(m.code, m.member_id) for m in result.missing] == [("no_custodial_parent", member(case, "Lotte").pk)]
    case_actions.do_change_member(world.caseworker, member(case, "Ouder0"), expected_version=1, has_custody=True)
    assert [m.code for m in allows(case, consent.recipient, Purpose.REQUEST_INFORMATION, ["school"]).missing] == [
        "no_consent"
    ]


def test_it_follows_the_configured_ages(world, settings):
    consent = record_consent(world.caseworker, world.case, givers=[member(world.case, "Mees")])
    args = (world.case, consent.recipient, Purpose.REQUEST_INFORMATION, ["school"])
    assert not allows(*args)  # Mees is 12: Sanne's consent is needed too
    settings.CONSENT_YOUTH_ALONE_FROM_AGE = 12
    assert allows(*args)


def test_it_refuses_to_guess_about_unknown_purposes_or_kinds(world):
    consent = record_consent(world.caseworker, world.case)
    with pytest.raises(ValueError):
        allows(world.case, consent.recipient, "marketing", ["school"])
    with pytest.raises(ValueError):
        allows(world.outsider_case, consent.recipient, Purpose.REQUEST_INFORMATION, ["school"])

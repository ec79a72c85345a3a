"""Who sees and changes which case. The SQL half and the object half of every predicate must agree."""

import random
from datetime import timedelta

import pytest
import rules
from django.utils import timezone

from samenplan.cases import access, actions
from samenplan.cases.models import Case
from samenplan.cases.predicates import (
    EDITORS,
    VIEWERS,
    CasesOf,
    editable_cases_q,
    visible_case,
    visible_cases_q,
)
from samenplan.emergency.actions import do_open_in_emergency
from samenplan.emergency.models import EmergencyAccess
from tests.conftest import PERSONAS, register
from tests.factories import consultation_on


def _extra_cases(world):
    rng = random.Random(7)
    cases = [
        world.case,
        world.outsider_case,
        register(world.south_worker, world.south, name="Zuidema"),
        register(world.two_team_worker, world.south, name="Tweeling"),
    ]
    north_pros = [world.caseworker, world.colleague, world.coworker]
    for i in range(6):
        caseworker = rng.choice(north_pros)
        coworkers = rng.sample([p for p in north_pros if p != caseworker], rng.randint(0, 2))
        cases.append(register(caseworker, world.north, name=f"Gezin{i}", coworkers=coworkers))
    closed = cases[-1]
    actions.do_move_phase(
        closed.caseworker, closed, target="closed", expected_version=closed.version, note="Gezin redt het zelf."
    )
    # Emergency access: an active grant (seen, never edited), one on the closed case, and an expired one.
    reason = "Crisis in het gezin, de eigen hulpverlener is niet bereikbaar."
    do_open_in_emergency(world.south_worker, world.case.pk, reason)
    do_open_in_emergency(world.south_worker, closed.pk, reason)
    old = do_open_in_emergency(world.south_worker, cases[5].pk, reason)
    EmergencyAccess.objects.filter(pk=old.pk).update(expires_at=timezone.now() - timedelta(minutes=1))
    # Consultations: open ones (the scientist sees the case), an answered one (no longer), one across teams.
    consultation_on(cases[4], world.consulted_scientist)
    consultation_on(cases[2], world.consulted_scientist)
    consultation_on(cases[5], world.scientist, status="answered")
    consultation_on(closed, world.consulted_scientist)
    return cases


@pytest.mark.parametrize("persona", PERSONAS)
def test_it_filters_lists_exactly_like_it_checks_one_case(world, persona):
    user = world.persona(persona)
    cases = _extra_cases(world)
    visible = set(Case.objects.filter(visible_cases_q(user)).values_list("pk", flat=True))
    editable = set(Case.objects.filter(editable_cases_q(user)).values_list("pk", flat=True))
    for case in Case.objects.filter(pk__in=[c.pk for c in cases]).select_related("family"):
        fresh = type(user).objects.get(pk=user.pk)
        assert rules.test_rule("cases.view_case", fresh, case) == (case.pk in visible), case
        assert rules.test_rule("cases.move_phase", fresh, case) == (case.pk in editable), case
        assert rules.test_rule("cases.change_case", fresh, case) == (case.pk in editable and case.is_open)
        # The check of one case by key (get_case_for_user) asks the same relations on the case's row.
        assert Case.objects.filter(visible_case(fresh, case.pk)).exists() == (case.pk in visible), case


@pytest.mark.parametrize("persona", PERSONAS)
def test_its_list_condition_as_text_finds_what_the_q_finds(world, persona):
    """``CasesOf`` (the caseload's condition as SQL text) holds exactly the cases of ``visible_cases_q`` and
    ``editable_cases_q``: every relation, emergency grants expired or not, consultations open or answered."""
    user = world.persona(persona)
    _extra_cases(world)
    for relations, q in ((VIEWERS, visible_cases_q), (EDITORS, editable_cases_q)):
        expected = set(Case.objects.filter(q(user)).values_list("pk", flat=True))
        assert set(Case.objects.filter(CasesOf(user, relations)).values_list("pk", flat=True)) == expected


@pytest.mark.parametrize("persona", PERSONAS)
def test_it_gets_one_case_exactly_when_the_list_holds_it(world, persona):
    from django.http import Http404

    user = world.persona(persona)
    cases = _extra_cases(world)
    visible = set(access.visible_cases(user).values_list("pk", flat=True))
    for case in cases:
        try:
            found = access.get_case_for_user(user, case.pk)
        except Http404:
            found = None
        assert (found is not None) == (case.pk in visible), case
        if found is not None:
            assert (found.family, found.team, found.caseworker) == (case.family, case.team, case.caseworker)


EXPECTED = {
    # persona: (sees world.case, edits world.case)
    "caseworker": (True, True),
    "coworker": (True, True),
    "colleague": (True, False),
    "team_lead": (True, False),
    "scientist": (False, False),
    "consulted_scientist": (True, False),
    "administrator": (False, False),
    "south_worker": (False, False),
    "outsider": (False, False),
    "two_team_worker": (True, False),
    "south_lead": (False, False),
}


@pytest.mark.parametrize(("persona", "expected"), EXPECTED.items())
def test_it_gives_each_role_its_own_access(world, persona, expected):
    user = world.persona(persona)
    assert (
        rules.test_rule("cases.view_case", user, world.case),
        rules.test_rule("cases.change_case", user, world.case),
    ) == expected


def test_it_never_crosses_organisations_even_with_a_forged_membership(world):
    from samenplan.accounts.models import Membership, Role

    # A membership in another organisation's team (which the admin screens never allow) still shows nothing.
    Membership.objects.create(user=world.outsider, team=world.north, role=Role.TEAM_LEAD)
    outsider = type(world.outsider).objects.get(pk=world.outsider.pk)
    assert not rules.test_rule("cases.view_case", outsider, world.case)
    assert world.case not in access.visible_cases(outsider)


def test_it_shows_nothing_to_an_inactive_or_anonymous_user(world):
    from django.contrib.auth.models import AnonymousUser

    world.caseworker.is_active = False
    assert not access.visible_cases(world.caseworker).exists()
    assert not access.visible_cases(AnonymousUser()).exists()
    assert not rules.test_rule("cases.view_case", AnonymousUser(), world.case)

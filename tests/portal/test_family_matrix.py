"""Guards on the permission matrix (tests/test_permission_matrix.py) for family accounts.

- Every route of the ``portal`` namespace, read from the URL configuration (tests/portal/routes.py), has a rule for
  each method it accepts, and the matrix sends each of them as the parent and the youth of the own family and of
  another family: so each has an exact expectation (allowed, 403 or 404). A route with an id in its path is never
  open to the other family's accounts.
- No professional route lets a family account in: outside the portal, a rule that is not one of the few shared
  account routes (``SHARED``) expects 404 for every family persona.
"""

from __future__ import annotations

import pytest

from tests.conftest import ALL_PERSONAS, FAMILY_PERSONAS
from tests.portal.routes import portal_routes
from tests.test_permission_matrix import RULES, accepted_pairs

OWN_FAMILY = ("parent", "youth")
OTHER_FAMILY = ("other_parent", "other_youth")
# Routes every user shares, family accounts included: the front door (it sends a family account on to the portal),
# the public health check, and by prefix allauth's account pages (log in, password, second factor) and the
# language switch.
SHARED = {"", "healthz", "language/"}
SHARED_PREFIXES = ("accounts/", "i18n/")


def _is_shared(path: str) -> bool:
    return path in SHARED or path.startswith(SHARED_PREFIXES)


def test_the_matrix_sends_every_request_as_both_families_parent_and_youth():
    assert set(OWN_FAMILY + OTHER_FAMILY) == set(FAMILY_PERSONAS)
    assert set(FAMILY_PERSONAS) <= set(ALL_PERSONAS)  # check_route sends every method as each of ALL_PERSONAS


@pytest.mark.guideline("G2.4")
def test_every_portal_route_has_a_rule_for_the_family_of_the_case_and_another_family(world):
    paths = {route.path for route in portal_routes()}
    assert paths, "no portal routes found"
    accepted = {(path, method) for path, method in accepted_pairs(world) if path in paths}
    missing = sorted(accepted - set(RULES))
    assert not missing, f"portal routes without a rule in tests/test_permission_matrix.py: {missing}"
    assert {path for path, _ in accepted} == paths, "a portal route that accepts no method"
    problems = []
    for path, method in sorted(accepted):
        rule = RULES[path, method]
        expected = {persona: rule.expected(persona) for persona in FAMILY_PERSONAS}
        for persona, outcome in expected.items():
            if outcome not in (None, 403, 404):
                problems.append(f"{method} {path} as {persona}: {outcome}")
        if "<int:" in path:  # an id of the own family's record: the other family gets 404 ("<str:kind>" is none)
            for persona in OTHER_FAMILY:
                if expected[persona] != 404:
                    problems.append(f"{method} {path} as {persona}: {expected[persona]}, not 404")
    assert not problems, problems


def test_no_professional_route_lets_a_family_account_in():
    portal = {route.path for route in portal_routes()}
    leaks = []
    for (path, method), rule in RULES.items():
        if path in portal or _is_shared(path):
            continue
        for persona in FAMILY_PERSONAS:
            if rule.expected(persona) != 404:
                leaks.append(f"{method} {path} as {persona}: {rule.expected(persona)}")
    assert not leaks, f"professional routes that a family account may use: {leaks}"


def test_the_portal_invitation_of_the_workbench_is_closed_to_every_family_account():
    """The one professional route in the portal namespace: the caseworker invites; a family account gets 404."""
    rules = [rule for (path, _), rule in RULES.items() if path == "cases/<int:case_id>/portal-invitation/"]
    assert rules
    assert all(rule.expected(persona) == 404 for rule in rules for persona in FAMILY_PERSONAS)

"""Intake fixtures: the Jansen family of ``world`` grown to two parents and a 14-year-old."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pytest

from samenplan.cases import actions
from samenplan.cases.models import MemberRole


@dataclass
class Family:
    case: object
    mother: object
    father: object
    youth: object


@pytest.fixture
def family(world) -> Family:
    """``world.case``: mother Sanne, father Ruben (added), and Mees, 14 (born 2012 in these tests)."""
    case = world.case
    mother = case.family.members.get(role=MemberRole.PARENT)
    youth = case.family.members.get(role=MemberRole.CHILD)
    actions.do_change_member(world.caseworker, youth, expected_version=youth.version, date_of_birth=date(2012, 2, 1))
    father = actions.do_add_member(
        world.caseworker,
        case.family,
        given_name="Ruben",
        family_name="Jansen",
        role=MemberRole.PARENT,
        has_custody=True,
        date_of_birth=date(1984, 7, 9),
    )
    youth.refresh_from_db()
    return Family(case, mother, father, youth)

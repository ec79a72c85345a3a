"""Analysis fixtures: the Yilmaz family on the analysis route — a mother who speaks little Dutch, and Ela, 9."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pytest

from samenplan.cases.models import Case, MemberRole
from tests.conftest import decide_route, register

PICTURE = {
    "nature_severity": "Ela slaapt slecht en is boos op school; thuis is veel spanning. Matig ernstig.",
    "safety": "Ela is thuis veilig; er is geen geweld.",
    "strengths": "Moeder zoekt zelf hulp en Ela heeft een goede band met oma.",
    "resources": "Oma woont in de buurt; de juf denkt mee.",
    "factors": [
        {"description": "Verhuizing en verlies van vriendinnen", "kind": "causal", "domain": "child",
         "source": "conversation"},
        {"description": "Moeder is moe en alleen", "kind": "maintaining", "domain": "parent", "source": "conversation"},
        {"description": "Weinig contact met school", "kind": "maintaining", "domain": "environment",
         "source": "other_agency"},
        {"description": "Warme band met oma", "kind": "protective", "domain": "family", "source": "conversation"},
    ],
}  # fmt: skip


@dataclass
class Family:
    case: Case
    mother: object
    child: object


def yilmaz(world, *, measure: bool = False) -> Family:
    case = register(
        world.caseworker,
        world.north,
        name="Yilmaz",
        members=[
            {"given_name": "Ayse", "family_name": "Yilmaz", "role": MemberRole.PARENT, "has_custody": True,
             "date_of_birth": date(1990, 5, 1)},
            {"given_name": "Ela", "family_name": "Yilmaz", "role": MemberRole.CHILD, "lives_at_home": True,
             "date_of_birth": date(2017, 3, 3)},
        ],
        child_protection_measure=measure,
    )  # fmt: skip
    case = decide_route(world.caseworker, case, route="analysis", rationale="Aard en ernst zijn nog onduidelijk.")
    return Family(case, case.family.members.get(role="parent"), case.family.members.get(role="child"))


@pytest.fixture
def family(world) -> Family:
    return yilmaz(world)

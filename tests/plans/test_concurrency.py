"""PostgreSQL, real parallel transactions on two connections: two people save the family plan at the same moment,
both started from the same version. One becomes the next version; the other is refused as stale (the web page
then shows the merge page). Never two versions with the same number, never a silent overwrite."""

from __future__ import annotations

import pytest

from samenplan.audit import log as audit_log
from samenplan.cases.models import DossierEntry, EntryKind
from samenplan.plans import actions, services
from samenplan.plans.models import FamilyPlan, PlanVersion
from tests.audit.test_concurrency import _in_threads
from tests.conftest import requires_postgres
from tests.plans.factories import content, plan_version

pytestmark = [requires_postgres(), pytest.mark.django_db(transaction=True)]


def _save_at_once(world, based_on: int, texts: tuple[str, str]) -> dict:
    outcomes = {}
    actors = (world.caseworker, world.coworker)

    def save(i):
        mine = content(own={"text": texts[i], "voice": "family"})
        try:
            version = actions.do_new_version(actors[i], world.case, based_on=based_on, content=mine)
            outcomes[i] = ("saved", version.number)
        except actions.StalePlan as stale:
            outcomes[i] = ("stale", stale.current)

    assert _in_threads(2, save) == []
    return outcomes


@pytest.mark.guideline("G5.5")
def test_two_editors_saving_from_the_same_version_lose_no_update(world):
    plan_version(world.caseworker, world.case)
    texts = ("Wij eten samen, zegt Sanne.", "Wij fietsen samen, zegt Mees.")
    outcomes = _save_at_once(world, 1, texts)
    assert sorted(o[0] for o in outcomes.values()) == ["saved", "stale"]
    winner = next(i for i, o in outcomes.items() if o[0] == "saved")
    loser = 1 - winner
    assert outcomes[winner] == ("saved", 2) and outcomes[loser] == ("stale", 2)  # told which version is newer
    assert list(PlanVersion.objects.order_by("number").values_list("number", flat=True)) == [1, 2]
    assert services.current_version(world.case).content["own"]["text"] == texts[winner]
    assert FamilyPlan.objects.get(case=world.case).version == 2
    # The refused editor merges on top of the newest version: both changes are there, in order.
    actions.do_new_version(
        (world.caseworker, world.coworker)[loser],
        world.case,
        based_on=2,
        content=content(own={"text": f"{texts[winner]}\n{texts[loser]}", "voice": "family"}),
    )
    assert services.current_version(world.case).content["own"]["text"].splitlines() == [texts[winner], texts[loser]]
    assert DossierEntry.objects.filter(case=world.case, kind=EntryKind.PLAN).count() == 3
    assert audit_log.verify()[1] is None


def test_two_editors_making_the_first_version_at_once_make_one_plan(world):
    outcomes = _save_at_once(world, 0, ("Eerste van Sanne.", "Eerste van Mees."))
    assert sorted(o[0] for o in outcomes.values()) == ["saved", "stale"]
    assert FamilyPlan.objects.filter(case=world.case).count() == 1
    assert PlanVersion.objects.count() == 1

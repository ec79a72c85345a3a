"""A case's next evaluation (``Case.next_evaluation_on``): the database keeps it equal to the earliest planned day of
the case's evaluations not held, however an evaluation is planned, held, changed or removed (the triggers of
migration cases 0024); the team overview counts the evaluations due only of the cases whose day has come."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.db.models import Min, Q
from django.utils import timezone

from samenplan.administration.overview import team_overview
from samenplan.cases.models import Case
from samenplan.evaluations.actions import do_hold_evaluation, do_plan_evaluation
from samenplan.evaluations.models import Evaluation, Outcome
from tests.conftest import register
from tests.migrating import migrate, migrate_to_the_latest, old_team

pytestmark = pytest.mark.django_db


def wrong_cases() -> list[tuple]:
    """Every case whose stored day differs from its evaluations' (the earliest planned of those not held)."""
    rows = Case.objects.annotate(
        found=Min("evaluations__planned_on", filter=Q(evaluations__held_on__isnull=True))
    ).values_list("pk", "next_evaluation_on", "found")
    return [row for row in rows if row[1] != row[2]]


def day(case: Case) -> date | None:
    return Case.objects.values_list("next_evaluation_on", flat=True).get(pk=case.pk)


def planned(case: Case, author, on: date, **more) -> Evaluation:
    return Evaluation.objects.create(case=case, planned_on=on, author=author, recorded_at=timezone.now(), **more)


def test_planning_and_holding_evaluations_through_the_actions_set_it(world):
    today = timezone.localdate()
    assert day(world.case) is None
    later = do_plan_evaluation(world.caseworker, world.case, planned_on=today + timedelta(days=60))
    assert day(world.case) == today + timedelta(days=60)
    sooner = do_plan_evaluation(world.caseworker, world.case, planned_on=today + timedelta(days=7))
    assert day(world.case) == today + timedelta(days=7)
    do_plan_evaluation(world.caseworker, world.case, planned_on=today + timedelta(days=30))  # not the earliest
    assert day(world.case) == today + timedelta(days=7)
    do_hold_evaluation(
        world.caseworker, world.case, held_on=today, outcome=Outcome.CONTINUE, evaluation=sooner,
        expected_version=sooner.version,
    )  # fmt: skip
    assert day(world.case) == today + timedelta(days=30)
    do_hold_evaluation(world.caseworker, world.case, held_on=today, outcome=Outcome.CONTINUE)  # held, not planned
    assert day(world.case) == today + timedelta(days=30)
    assert Evaluation.objects.get(pk=later.pk).held_on is None
    assert wrong_cases() == []


def test_evaluations_written_without_the_actions_set_it_too(world):
    """``objects.create``, ``bulk_create`` (the seed's) and an update of many by a statement."""
    today = timezone.localdate()
    other = register(world.caseworker, world.north, name="Visser")
    planned(world.case, world.caseworker, today - timedelta(days=3))  # overdue
    assert day(world.case) == today - timedelta(days=3)
    now, by = timezone.now(), world.caseworker
    Evaluation.objects.bulk_create([
        Evaluation(case=other, planned_on=today + timedelta(days=2), author=by, recorded_at=now),
        Evaluation(case=other, planned_on=today + timedelta(days=1), author=by, recorded_at=now),
        Evaluation(case=world.case, planned_on=today - timedelta(days=9), held_on=today - timedelta(days=9),
                   held_by=by, author=by, recorded_at=now),
    ])  # fmt: skip
    assert (day(world.case), day(other)) == (today - timedelta(days=3), today + timedelta(days=1))
    Evaluation.objects.filter(case=other).update(held_on=today, held_by=world.caseworker)
    assert (day(world.case), day(other)) == (today - timedelta(days=3), None)
    assert wrong_cases() == []


def test_a_changed_moved_or_removed_evaluation_leaves_the_day_of_those_that_remain(world):
    """Evaluations are not moved between cases nor deleted by the actions; should one be (by hand, a destroyed
    family), the day follows."""
    from samenplan.privacy.actions import remove_family

    today = timezone.localdate()
    other = register(world.caseworker, world.north, name="Visser")
    first = planned(world.case, world.caseworker, today + timedelta(days=5))
    second = planned(world.case, world.caseworker, today + timedelta(days=20))
    Evaluation.objects.filter(pk=first.pk).update(planned_on=today + timedelta(days=40))
    assert day(world.case) == today + timedelta(days=20)
    Evaluation.objects.filter(pk=second.pk).update(case=other)
    assert (day(world.case), day(other)) == (today + timedelta(days=40), today + timedelta(days=20))
    Evaluation.objects.filter(pk=first.pk).delete()
    assert day(world.case) is None
    planned(other, world.caseworker, today + timedelta(days=60), held_on=today, held_by=world.caseworker).delete()
    assert day(other) == today + timedelta(days=20)  # a held one removed: no change
    remove_family(world.administrator, other.family, reason="request")
    assert not Case.objects.filter(pk=other.pk).exists()
    assert wrong_cases() == []


def test_saving_a_case_read_earlier_does_not_undo_it(world):
    stale = Case.objects.get(pk=world.case.pk)
    planned(world.case, world.caseworker, timezone.localdate())
    stale.child_protection_measure = True
    stale.save()
    assert day(world.case) == timezone.localdate() and wrong_cases() == []


def test_the_overview_counts_every_due_evaluation_of_a_case_whose_day_has_come(world):
    """Two due on one case (overdue and this week), one later on another: the day says only whether to count."""
    today = timezone.localdate()
    planned(world.case, world.caseworker, today - timedelta(days=20))
    planned(world.case, world.caseworker, today)
    planned(world.case, world.caseworker, today + timedelta(days=90))
    other = register(world.caseworker, world.north, name="Visser")
    planned(other, world.caseworker, today + timedelta(days=90))
    for pages in (None, (1, 1)):
        due = {row.worker.username: row.evaluations_due for row in team_overview(world.north, pages=pages).workers}
        assert due["caseworker"] == 2


def test_the_seeds_set_it(capsys):
    """The scale seed's ``bulk_create`` of planned and held evaluations, the demo's actions dated in the past."""
    from django.core.management import call_command

    call_command("seed", "--scale", "--families", "8", "--log-per-family", "1")
    call_command("seed", "--families", "2")
    assert Case.objects.filter(next_evaluation_on__isnull=False).exists()
    assert wrong_cases() == []


@pytest.mark.django_db(transaction=True)
def test_the_migration_fills_the_existing_cases():
    before = [("cases", "0023_case_names_folded"), ("evaluations", "0002_closing_other_help")]
    after = [("cases", "0024_case_next_evaluation_on")]
    made = old_team(before)
    old, team, user, family = made.apps, made.team, made.user, made.family
    OldCase = old.get_model("cases", "Case")
    none, held, two = (
        OldCase.objects.create(family=family, team=team, caseworker=user, opened_on=date(2026, 1, 5)) for _ in "abc"
    )
    OldEvaluation = old.get_model("evaluations", "Evaluation")
    for case, planned_on, held_on in [
        (held, date(2026, 2, 1), date(2026, 2, 1)),
        (two, date(2026, 3, 1), None),
        (two, date(2026, 2, 15), None),
        (two, date(2026, 1, 20), date(2026, 1, 20)),
    ]:
        OldEvaluation.objects.create(
            case=case, planned_on=planned_on, held_on=held_on, author=user, recorded_at="2026-01-05T10:00:00Z"
        )

    new = migrate(after).get_model("cases", "Case")
    days = dict(new.objects.values_list("pk", "next_evaluation_on"))
    assert days == {none.pk: None, held.pk: None, two.pk: date(2026, 2, 15)}
    migrate_to_the_latest()

"""The demo shows evaluating, closing and reopening: cases evaluated twice (one adjusted), due and overdue planned
evaluations for the demo caseworker, a closed case with aftercare and a reopened case with its history."""

from django.utils import timezone

from samenplan import demo_data
from samenplan.audit import log
from samenplan.cases.models import Case, EntryKind
from samenplan.evaluations import services
from samenplan.evaluations.models import Closing, Evaluation, Reopening


def test_the_demo_holds_evaluations_a_closing_with_aftercare_and_a_reopening(db):
    users = demo_data.seed()
    anna = users["anna"]
    held = Evaluation.objects.filter(case__caseworker=anna, held_on__isnull=False)
    twice = [c for c in Case.objects.filter(caseworker=anna) if held.filter(case=c).count() >= 2]
    assert twice
    case = twice[0]
    dates = sorted({s.scored_on for g in case.goals.all() for s in g.scores.all()})
    assert {e.held_on for e in held.filter(case=case)} <= set(dates)  # the charts gained the evaluations' points
    assert held.filter(outcome="adjust").exclude(adjustment="").exists()
    due = services.evaluations_due(Case.objects.filter(caseworker=anna), timezone.localdate())
    assert {e.due_state for e in due} >= {"overdue", "due_this_week"}
    closing = Closing.objects.exclude(aftercare_what="").get()
    assert closing.goal_outcomes.exists() and not closing.case.is_open
    reopening = Reopening.objects.get()
    assert reopening.case.is_open and reopening.case.entries.filter(kind=EntryKind.REOPENING).exists()
    assert reopening.case.entries.filter(kind=EntryKind.CLOSING).exists()  # the history stays
    assert log.verify()[1] is None

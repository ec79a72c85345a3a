"""The demo holds the goals step filled in: goals in the family's words with scores over months, on two lines."""

from samenplan import demo_data
from samenplan.audit import log
from samenplan.cases.models import EntryKind
from samenplan.goals.models import Drieluik, Goal, MiracleAnswer, ProblemAgreement, ScaleScore, SignsOfSafety


def test_the_demo_caseworker_has_goals_with_several_scores_over_months_by_a_parent_and_herself(db):
    users = demo_data.seed()
    anna = users["anna"]
    goals = Goal.objects.filter(case__caseworker=anna)
    assert goals.count() >= 4
    best = max(goals, key=lambda g: g.scores.count())
    scores = list(best.scores.all())
    dates = sorted({s.scored_on for s in scores})
    assert len(dates) >= 3 and (dates[-1] - dates[0]).days >= 56  # several points over months
    assert {s.member_id is not None for s in scores} == {True, False}  # two lines: a parent and the professional
    assert {s.professional for s in scores if s.professional_id} == {anna}
    case = best.case
    assert ProblemAgreement.objects.filter(case=case, agreement__in=("partly", "no")).exists()
    assert MiracleAnswer.objects.filter(case=case).count() == 2 and Drieluik.objects.filter(case=case).exists()
    assert SignsOfSafety.objects.exists()  # the family whose child was not safe
    assert case.entries.filter(kind=EntryKind.GOALS, at__date=dates[0]).exists()  # dated in the past
    assert ScaleScore.objects.count() > 20
    assert not Goal.objects.exclude(case__family__organisation_id=anna.organisation_id).exists()  # Noord's only
    assert Goal.objects.filter(factors__isnull=False, case__caseworker=anna).exists()  # aimed at the picture
    assert log.verify()[1] is None

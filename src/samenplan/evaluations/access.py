"""Getting an evaluation for a user: 404 when they may not see its case, 403 when they see it but may not hold it.

Who may see follows the case (``cases.view_case``); who may plan, hold, close and reopen: the case's caseworker and
co-workers (``cases.move_phase``, which also holds on a closed case, so the action can say why it refuses).
"""

from __future__ import annotations

import rules
from django.core.exceptions import PermissionDenied
from django.http import Http404

from samenplan.audit import log
from samenplan.cases.models import Case
from samenplan.cases.predicates import visible_cases_q
from samenplan.evaluations.models import Evaluation
from samenplan.ids import parse_id


def get_evaluation_for_user(user, evaluation_id, *, edit: bool = False) -> Evaluation:
    number = parse_id(evaluation_id)
    evaluation = (
        Evaluation.objects.filter(case__in=Case.objects.filter(visible_cases_q(user)), pk=number)
        .select_related("case__family", "case__team")
        .first()
        if number is not None
        else None
    )
    if evaluation is None:
        log.refused(user, "evaluation", evaluation_id)
        raise Http404
    if edit and not rules.test_rule("cases.move_phase", user, evaluation.case):
        log.refused(user, "evaluation", evaluation_id, case=evaluation.case)
        raise PermissionDenied
    return evaluation

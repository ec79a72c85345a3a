"""Who may do what in the analysis, beyond seeing and changing the case (``cases.view_case``/``change_case``).

- Answering a consultation: the behavioural scientist it is addressed to, while it is open.
- Recording that a consultation is not needed (the override): a team lead of the case's team.
"""

from __future__ import annotations

import rules

from samenplan.accounts.models import Role
from samenplan.cases.predicates import TEAM_LEAD, can_view_case


@rules.predicate
def can_answer_consultation(user, consultation) -> bool:
    return (
        consultation is not None
        and consultation.is_open
        and consultation.scientist_id == user.pk
        and user.has_role(Role.BEHAVIOURAL_SCIENTIST)
        and can_view_case(user, consultation.case)
    )


@rules.predicate
def can_override_consultation(user, case) -> bool:
    return case is not None and case.is_open and can_view_case(user, case) and TEAM_LEAD.test(user, case)


@rules.predicate
def can_view_queue(user) -> bool:
    return bool(user.is_authenticated and user.is_active and user.has_role(Role.BEHAVIOURAL_SCIENTIST))


rules.add_rule("analysis.view_queue", can_view_queue)
rules.add_rule("analysis.answer_consultation", can_answer_consultation)
rules.add_rule("analysis.override_consultation", can_override_consultation)

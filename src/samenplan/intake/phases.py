"""The phase machine applied to a stored case: the facts it needs, read from the database, and its messages.

The decisions themselves are pure (``intake/rules.py``); this module only gathers the plain values and turns a
refusal code into a Dutch message that names the rule.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from samenplan.cases.models import Case, Phase
from samenplan.intake import rules
from samenplan.intake.models import RouteDecision

RULE_MESSAGES = {
    rules.UNKNOWN_PHASE: lambda: _("Unknown phase."),
    rules.SAME_PHASE: lambda: _("The case is already in this phase."),
    rules.NOT_NEXT: lambda: _("The guideline's order of steps: a case cannot go from %(current)s to %(target)s."),
    rules.ROUTE_FIRST: lambda: _(
        "First decide the route together: a case leaves the clarification of the question only after the route "
        "(light, acute or further investigation) has been decided."
    ),
    rules.ANALYSIS_ONLY_ON_ANALYSIS_ROUTE: lambda: _(
        "The problem-and-strengths analysis is only for the route 'unclear: further investigation'."
    ),
    rules.ANALYSIS_ROUTE_NEEDS_ANALYSIS: lambda: _(
        "On the route 'further investigation' the analysis comes first. It may be skipped only under a "
        "child-protection measure, with the reason recorded."
    ),
    rules.SKIP_ONLY_UNDER_MEASURE: lambda: _(
        "The analysis may be skipped only under a child-protection measure (gedwongen kader)."
    ),
    rules.PICTURE_FIRST: lambda: _(
        "The analysis ends with a coherent picture: finalise it first. Under a child-protection measure with "
        "extensive information available beforehand, the analysis may be skipped with a reason."
    ),
    rules.CLOSING_NEEDS_REASON: lambda: _("Closing a case needs a reason: write down why the help ends."),
    rules.REOPEN_TO_CLARIFICATION: lambda: _(
        "A closed case reopens by clarifying the question again; the history stays."
    ),
}


# Passed as ``decision`` when the caller has not read the current route decision: it is looked up. A page that
# shows the route and the phase form reads it once and passes it (None included) to both.
LOOK_UP = object()


def current_decision(case: Case) -> RouteDecision | None:
    return case.route_decisions.filter(current=True).order_by("-recorded_at", "-pk").first()


def fact_annotations() -> dict:
    """The facts the phase machine reads, as subqueries for a page's own query on the case: the current route
    decision's route and skip reason, and whether the analysis is complete (read by ``_analysis_complete``)."""
    from django.db.models import Exists, OuterRef, Subquery

    from samenplan.analysis.models import CoherentPicture

    current = RouteDecision.objects.filter(case_id=OuterRef("pk"), current=True).order_by("-recorded_at", "-pk")
    final = CoherentPicture.objects.filter(case_id=OuterRef("pk"), current=True, finalised_at__isnull=False)
    return {
        "decided_route": Subquery(current.values("route")[:1]),
        "decided_skip_reason": Subquery(current.values("analysis_skip_reason")[:1]),
        "analysis_complete": Exists(final),
    }


def annotated_decision(case: Case) -> RouteDecision | None:
    """The current route decision as ``fact_annotations`` read it: an unsaved copy holding the route and the skip
    reason only (what the route picture and the phase machine read), None without a decision."""
    if case.decided_route is None:
        return None
    return RouteDecision(case=case, route=case.decided_route, analysis_skip_reason=case.decided_skip_reason or "")


def facts_for(case: Case, *, reason: str = "", decision=LOOK_UP) -> rules.Facts:
    decision = current_decision(case) if decision is LOOK_UP else decision
    return rules.Facts(
        route=decision.route if decision else None,
        child_protection_measure=case.child_protection_measure,
        analysis_skip_reason=decision.analysis_skip_reason if decision else "",
        reason=reason,
        analysis_complete=_analysis_complete(case),
    )


def _analysis_complete(case: Case) -> bool:
    """The case's current coherent picture is final (the analysis app)."""
    if case.phase != Phase.ANALYSIS:
        return False  # only asked when leaving the analysis: no query on any other page
    if hasattr(case, "analysis_complete"):  # read with the case (``fact_annotations``)
        return case.analysis_complete
    return case.pictures.filter(current=True, finalised_at__isnull=False).exists()


def allowed_targets(case: Case, *, closing_reason: bool = True, decision=LOOK_UP) -> tuple[str, ...]:
    """Where this case may go now. ``closing_reason``: count closing as allowed (the form asks the reason)."""
    return rules.allowed_targets(case.phase, facts_for(case, reason="x" if closing_reason else "", decision=decision))


def check_move(case: Case, target: str, facts: rules.Facts, field: str = "phase") -> None:
    """Raise a field-level ValidationError naming the rule when the machine refuses this move."""
    code = rules.refusal(case.phase, target, facts)
    if code is None:
        return
    if code == rules.CLOSING_NEEDS_REASON:
        field = "note"
    labels = {"current": _label(case.phase), "target": _label(target)}
    message = RULE_MESSAGES[code]()
    raise ValidationError({field: ValidationError(message % labels if "%(" in message else message, code=code)})


def _label(phase: str) -> str:
    return str(Phase(phase).label) if phase in Phase.values else phase

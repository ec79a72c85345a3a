"""The phase machine of a case (DOMAIN §3): which phase may follow which, and under which conditions.

Pure: plain strings and values in, a refusal code (or None) out; no Django, no database. The phase list itself
lives in ``cases/rules.py``; this module adds the conditions the guideline sets on the moves between phases.
Every action that moves a case asks :func:`refusal` first; the caller turns a code into a Dutch message that
names the rule (``intake.messages.RULES``).
"""

from __future__ import annotations

from dataclasses import dataclass

from samenplan.cases.rules import (
    ANALYSIS,
    CLARIFICATION,
    CLOSED,
    DECISION,
    EVALUATION,
    GOALS,
    HELP,
    PHASE_ORDER,
    REGISTRATION,
)

# The three routes after clarifying the question (DOMAIN §3.2).
LIGHT = "light"
ACUTE = "acute"
ROUTE_ANALYSIS = "analysis"
ROUTES = (LIGHT, ACUTE, ROUTE_ANALYSIS)

# Safety answers (DOMAIN §3.2: is the child safe at home?).
SAFE = "safe"
CONCERNS = "concerns"
NOT_SAFE = "not_safe"

# Refusal codes: each names one rule of the guideline.
UNKNOWN_PHASE = "unknown_phase"
SAME_PHASE = "same_phase"
NOT_NEXT = "not_next"  # the guideline's order of steps
ROUTE_FIRST = "route_first"  # leaving clarification needs a jointly decided route
ANALYSIS_ONLY_ON_ANALYSIS_ROUTE = "analysis_only_on_analysis_route"
ANALYSIS_ROUTE_NEEDS_ANALYSIS = "analysis_route_needs_analysis"  # unless skipped under a measure, with a reason
PICTURE_FIRST = "picture_first"  # the analysis ends with a final coherent picture (or is skipped under a measure)
SKIP_ONLY_UNDER_MEASURE = "skip_only_under_measure"
CLOSING_NEEDS_REASON = "closing_needs_reason"
REOPEN_TO_CLARIFICATION = "reopen_to_clarification"

# The order of steps; the conditions below narrow it.
_NEXT: dict[str, tuple[str, ...]] = {
    REGISTRATION: (CLARIFICATION,),
    CLARIFICATION: (ANALYSIS, GOALS),
    ANALYSIS: (GOALS,),
    GOALS: (DECISION,),
    DECISION: (HELP,),
    HELP: (EVALUATION,),
    # Deciding is cyclic: evaluation continues the help, adjusts goals or help, or reopens the question.
    EVALUATION: (HELP, GOALS, DECISION, CLARIFICATION),
    # A quick return: the team is a safety net; reopening keeps the history and asks the question again.
    CLOSED: (CLARIFICATION,),
}


@dataclass(frozen=True)
class Facts:
    """What the machine needs to know about a case, as plain values.

    ``route``: the route decided since the case last entered clarification (None: not decided yet).
    ``analysis_skip_reason``: why the analysis is skipped (only under a child-protection measure).
    ``reason``: the reason given with this move (required for closing).
    ``analysis_complete``: the coherent picture is final (analysis/), so the analysis may go on to goals.
    """

    route: str | None = None
    child_protection_measure: bool = False
    analysis_skip_reason: str = ""
    reason: str = ""
    analysis_complete: bool = False


def refusal(current: str, target: str, facts: Facts = Facts()) -> str | None:
    """None when the case may move from ``current`` to ``target``; otherwise the code of the rule it breaks."""
    if current not in _NEXT or target not in _NEXT:
        return UNKNOWN_PHASE
    if current == target:
        return SAME_PHASE
    if target == CLOSED:
        # Closing is allowed from every open phase, always with a reason (the family may stop, help may end).
        return None if facts.reason.strip() else CLOSING_NEEDS_REASON
    if current == CLOSED:
        return None if target == CLARIFICATION else REOPEN_TO_CLARIFICATION
    if target not in _NEXT[current]:
        return NOT_NEXT
    if current == CLARIFICATION:
        return _leaving_clarification(target, facts)
    if current == ANALYSIS:
        return _leaving_analysis(facts)
    return None


def _leaving_analysis(facts: Facts) -> str | None:
    """The analysis goes on to goals with a final coherent picture, or skipped under a measure with a reason
    (extensive information was available before the measure started, G4.6)."""
    if facts.analysis_complete:
        return None
    if not facts.analysis_skip_reason.strip():
        return PICTURE_FIRST
    return None if facts.child_protection_measure else SKIP_ONLY_UNDER_MEASURE


def _leaving_clarification(target: str, facts: Facts) -> str | None:
    if facts.route not in ROUTES:
        return ROUTE_FIRST
    if target == ANALYSIS:
        return None if facts.route == ROUTE_ANALYSIS else ANALYSIS_ONLY_ON_ANALYSIS_ROUTE
    # target == GOALS: the light and acute routes go on; the analysis route only when the analysis is skipped.
    if facts.route != ROUTE_ANALYSIS:
        return None
    if not facts.analysis_skip_reason.strip():
        return ANALYSIS_ROUTE_NEEDS_ANALYSIS
    return None if facts.child_protection_measure else SKIP_ONLY_UNDER_MEASURE


def allowed_targets(current: str, facts: Facts = Facts()) -> tuple[str, ...]:
    """The phases this case may move to now, in the guideline's order (closing counts when a reason is given)."""
    return tuple(p for p in PHASE_ORDER if refusal(current, p, facts) is None)


def skip_refusal(route: str, child_protection_measure: bool, skip_reason: str) -> str | None:
    """May a route decision skip the analysis? Only on the analysis route, under a measure, with a reason."""
    if not skip_reason.strip():
        return None
    if route != ROUTE_ANALYSIS:
        return ANALYSIS_ONLY_ON_ANALYSIS_ROUTE
    return None if child_protection_measure else SKIP_ONLY_UNDER_MEASURE


def route_after(route: str, skip_reason: str = "") -> str:
    """The phase a case moves to once the route is decided."""
    if route == ROUTE_ANALYSIS and not skip_reason.strip():
        return ANALYSIS
    return GOALS


def suggested_route(safety: str | None) -> str | None:
    """'Not safe' makes the acute route the suggested one (DOMAIN §3.2)."""
    return ACUTE if safety == NOT_SAFE else None


def needs_reason_for_other_route(safety: str | None, route: str) -> bool:
    """Choosing another route than acute when the child is not safe needs a recorded reason."""
    return safety == NOT_SAFE and route != ACUTE


def burden_is_valid(burden) -> bool:
    """A burden score is a whole number from 1 to 10 (the scale question)."""
    return isinstance(burden, int) and not isinstance(burden, bool) and 1 <= burden <= 10


# ── The route picture (in the spirit of the guideline's Figuur 1) ───────────────────────────────────────────

DONE = "done"
CURRENT = "current"
UPCOMING = "upcoming"
SKIPPED = "skipped"
NOT_ON_ROUTE = "not_on_route"


@dataclass(frozen=True)
class Node:
    phase: str
    state: str
    note: str = ""  # the route chosen (on clarification) or why a step is skipped


def route_picture(phase: str, route: str | None, analysis_skip_reason: str = "", closed_from: str | None = None):
    """The family's way through the steps: for each phase whether it is done, current, to come or skipped.

    ``closed_from``: for a closed case, the phase it was closed in (the steps up to it count as done).
    """
    reached = closed_from if phase == CLOSED else phase
    order = [p for p in PHASE_ORDER if p != CLOSED]
    rank = {p: i for i, p in enumerate(order)}
    nodes = []
    for p in order:
        if p == ANALYSIS and route in (LIGHT, ACUTE):
            nodes.append(Node(p, NOT_ON_ROUTE))
            continue
        if p == ANALYSIS and route == ROUTE_ANALYSIS and analysis_skip_reason.strip():
            nodes.append(Node(p, SKIPPED, analysis_skip_reason.strip()))
            continue
        if reached is None or reached not in rank:
            state = UPCOMING
        elif rank[p] < rank[reached] or (phase == CLOSED and p == reached):
            state = DONE
        elif p == reached:
            state = CURRENT
        else:
            state = UPCOMING
        nodes.append(Node(p, state, route or "" if p == CLARIFICATION else ""))
    nodes.append(Node(CLOSED, CURRENT if phase == CLOSED else UPCOMING))
    return nodes

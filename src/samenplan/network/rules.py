"""The family's own strength and network first (DOMAIN §3.5.1 and §3.5.2): the decisions, without a database.

Pure: plain strings and values in, a refusal code (or a value) out; no Django. The actions ask these functions
and turn a code into a Dutch message (``network/messages.py``).
"""

from __future__ import annotations

from collections.abc import Mapping

# The answers to each of the four criteria a network member is judged on (seed 004 §2.4).
YES = "yes"
PARTLY = "partly"
NO = "no"
CRITERION_VALUES = (YES, PARTLY, NO)
CRITERIA = ("responds", "effective", "accessible", "reliable")

# Kinds of support (seed 004 §2.4: practical help, information and advice, comfort and support).
PRACTICAL = "practical"
INFORMATION = "information"
COMFORT = "comfort"
SUPPORT_KINDS = (PRACTICAL, INFORMATION, COMFORT)

# How strong the support is, from the four criteria.
STRONG = "strong"
MODERATE = "moderate"
WEAK = "weak"

# The family group plan (§3.5.2): its states, and the steps between them.
OFFERED = "offered"
ACCEPTED = "accepted"
DECLINED = "declined"
MADE = "made"
PLAN_STATES = (OFFERED, ACCEPTED, DECLINED, MADE)

OFFER = "offer"
ACCEPT = "accept"
DECLINE = "decline"
RECORD = "record"
APPROVE = "approve"
PLAN_STEPS = (OFFER, ACCEPT, DECLINE, RECORD, APPROVE)

# Who made the plan.
BY_FAMILY = "family"
BY_CONFERENCE = "conference"  # a Family Group Conference (Eigen Kracht-conferentie) with an independent coordinator

# Safety answers of the clarification (intake.rules): safety is at stake unless the child is safe.
SAFE = "safe"

# Refusal codes.
UNDER_MEASURE = "under_measure"  # no right to a family group plan under a child-protection measure
UNKNOWN_STEP = "unknown_step"
NOT_NOW = "not_now"  # the step does not follow the plan's state
ALREADY_APPROVED = "already_approved"
NO_APPROVAL_NEEDED = "no_approval_needed"
COORDINATOR_REQUIRED = "coordinator_required"
UNKNOWN_MAKER = "unknown_maker"

# From which state each step may be taken (None: no plan yet, or the last one was declined and is offered again).
_STEP_FROM: dict[str, tuple[str | None, ...]] = {
    OFFER: (None, DECLINED),
    ACCEPT: (OFFERED,),
    DECLINE: (OFFERED,),
    RECORD: (ACCEPTED,),
    APPROVE: (MADE,),
}
_STEP_TO = {OFFER: OFFERED, ACCEPT: ACCEPTED, DECLINE: DECLINED, RECORD: MADE, APPROVE: MADE}


def plan_offered(child_protection_measure: bool) -> bool:
    """Is the family offered its legal right to make its own plan (Jeugdwet)? Not under a child-protection
    measure: then the caseworker makes the plan with the family (DOMAIN §3.5.2)."""
    return not child_protection_measure


def step_refusal(
    step: str,
    state: str | None,
    *,
    child_protection_measure: bool,
    safety: str | None = None,
    approved: bool = False,
) -> str | None:
    """May ``step`` be taken on a plan in ``state`` (None: no plan yet)? A refusal code, or None.

    ``safety``: the latest safety answer of the clarification (None when not asked); ``approved``: whether the
    caseworker has approved the plan already.
    """
    if step not in PLAN_STEPS:
        return UNKNOWN_STEP
    if step == OFFER and not plan_offered(child_protection_measure):
        return UNDER_MEASURE
    if state not in _STEP_FROM[step]:
        return NOT_NOW
    if step == APPROVE:
        if not approval_needed(safety):
            return NO_APPROVAL_NEEDED
        if approved:
            return ALREADY_APPROVED
    return None


def state_after(step: str) -> str:
    return _STEP_TO[step]


def approval_needed(safety: str | None) -> bool:
    """Where the child's safety is at stake (the clarification found concerns or the child not safe), the
    caseworker approves the family's plan before it is followed (seed 004 §2.4)."""
    return safety is not None and safety != SAFE


def maker_refusal(made_by: str, coordinator: str) -> str | None:
    """A plan is made by the family, or at a conference with an independent coordinator who must be named."""
    if made_by not in (BY_FAMILY, BY_CONFERENCE):
        return UNKNOWN_MAKER
    if made_by == BY_CONFERENCE and not coordinator.strip():
        return COORDINATOR_REQUIRED
    return None


def unknown_criteria(criteria: Mapping[str, object]) -> list[str]:
    """The criteria (of :data:`CRITERIA`) whose value is not yes, partly or no."""
    return [name for name in CRITERIA if criteria.get(name) not in CRITERION_VALUES]


def strength(criteria: Mapping[str, str]) -> str:
    """How strong a network member's support is, from the four criteria: yes counts 2, partly 1, no 0.

    Strong from 7 of 8 points (at most one "partly"); weak at 3 or less, or when the person is not reliable; otherwise
    moderate.
    """
    points = sum({YES: 2, PARTLY: 1}.get(criteria.get(name, NO), 0) for name in CRITERIA)
    if criteria.get("reliable") == NO or points <= 3:
        return WEAK
    if points >= 7 and NO not in (criteria.get(name) for name in CRITERIA):
        return STRONG
    return MODERATE


def support_kinds(kinds) -> list[str]:
    """The known kinds among ``kinds``, in the fixed order, once each; unknown ones are left out."""
    chosen = set(kinds or ())
    return [kind for kind in SUPPORT_KINDS if kind in chosen]


def unknown_support_kinds(kinds) -> list[str]:
    return [str(kind) for kind in (kinds or ()) if kind not in SUPPORT_KINDS]

"""Pure decisions of the goals step (DOMAIN §3.4): which techniques show, score bounds, reordering goals.

Plain values in, plain values out; no Django, no database (tests in ``tests/unit/test_goals_rules.py``).
"""

from __future__ import annotations

from collections.abc import Sequence

# Safety answers of the clarification (intake, DOMAIN §3.2), repeated here so this module stays free of imports.
SAFE = "safe"
CONCERNS = "concerns"
NOT_SAFE = "not_safe"

# Agreement on the question and the problem (§3.4.1).
AGREE_YES = "yes"
AGREE_PARTLY = "partly"
AGREE_NO = "no"

# Goal status (§3.4.2).
OPEN = "open"
REACHED = "reached"
PARTLY_REACHED = "partly"
NOT_REACHED = "not_reached"
DROPPED = "dropped"

# Scale scores: 0 is the worst moment, 10 the goal reached (§3.4.3).
SCALE_MIN = 0
SCALE_MAX = 10

# Kinds of factor of the coherent picture a goal may aim at (§3.4.2): what keeps the problem going (the changeable
# factors) and what protects. A cause that lies in the past (a move, a loss) is not itself something a goal changes.
MAINTAINING = "maintaining"
PROTECTIVE = "protective"
GOAL_FACTOR_KINDS = (MAINTAINING, PROTECTIVE)


def goal_may_aim_at(kind: str) -> bool:
    """May a goal aim at a factor of this kind (analysis ``FactorKind``)? Changeable or protective ones only."""
    return kind in GOAL_FACTOR_KINDS


# Techniques the file holds (§3.4.3).
MIRACLE_QUESTION = "miracle_question"
DRIELUIK = "drieluik"
SIGNS_OF_SAFETY = "signs_of_safety"

UP = "up"
DOWN = "down"

# Refusal codes of a reorder.
STALE_ORDER = "stale_order"
UNKNOWN_GOAL = "unknown_goal"
AT_EDGE = "at_edge"
UNKNOWN_DIRECTION = "unknown_direction"


def shows_signs_of_safety(safety: str | None) -> bool:
    """Signs of Safety is shown when the clarification's latest safety answer was "concerns" or "not safe"."""
    return safety in (CONCERNS, NOT_SAFE)


def techniques(safety: str | None) -> tuple[str, ...]:
    """The conversation techniques shown for a case, given its latest safety answer (None: not assessed yet)."""
    always = (MIRACLE_QUESTION, DRIELUIK)
    return (*always, SIGNS_OF_SAFETY) if shows_signs_of_safety(safety) else always


def on_scale(value) -> bool:
    """True for a whole number from 0 to 10 (a bool is not a score)."""
    return isinstance(value, int) and not isinstance(value, bool) and SCALE_MIN <= value <= SCALE_MAX


def reorder(current: Sequence[int], seen: Sequence[int], goal: int, direction: str) -> tuple[list[int], str | None]:
    """Move ``goal`` one place up or down in the priority order.

    ``current`` is the order as stored now, ``seen`` the order the user saw when they pressed the button. When
    they differ somebody else changed the list in the meantime: refused (``STALE_ORDER``), nothing moves.
    Returns the new order and None, or the unchanged order and a refusal code.
    """
    order = list(current)
    if list(seen) != order:
        return order, STALE_ORDER
    if goal not in order:
        return order, UNKNOWN_GOAL
    if direction not in (UP, DOWN):
        return order, UNKNOWN_DIRECTION
    index = order.index(goal)
    target = index - 1 if direction == UP else index + 1
    if target < 0 or target >= len(order):
        return order, AT_EDGE
    order[index], order[target] = order[target], order[index]
    return order, None


def needs_reason(status: str) -> bool:
    """A dropped goal carries the reason why (§3.4.2)."""
    return status == DROPPED

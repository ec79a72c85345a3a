"""Pure rules of rating a conversation: who may answer, which scores are valid, and the team figure with its
small-number suppression. No database here (tests in tests/unit/test_feedback_rules.py).

The three questions follow the style of CollaboRATE (effort to clarify, to listen, to include what matters most),
each on a 0 to 9 scale; the wording is samenplan's own (``feedback.texts``). The team figure is the share of
answers with the top score on every question (how CollaboRATE is usually reported) and the mean per question. It
is shown only from :data:`THRESHOLD` answers up: fewer answers could point at one family.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from samenplan.caseload.outcomes_rules import THRESHOLD

LOWEST, HIGHEST = 0, 9
ITEMS = ("understand", "listen", "include")

# Why a member may not rate a conversation.
NOT_PRESENT = "not_present"
NOT_HELD_YET = "not_held_yet"
ALREADY_ANSWERED = "already_answered"


def refusal(*, present: bool, held_on: date, today: date, answered: bool) -> str | None:
    """None when a family member may rate this conversation now; otherwise why not. Only who took part rates it,
    only once it has been held, and only once."""
    if not present:
        return NOT_PRESENT
    if held_on > today:
        return NOT_HELD_YET
    if answered:
        return ALREADY_ANSWERED
    return None


def valid_score(value) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and LOWEST <= value <= HIGHEST


def is_top_score(scores: Sequence[int]) -> bool:
    """An answer with the highest score on every question."""
    return len(scores) == len(ITEMS) and all(score == HIGHEST for score in scores)


@dataclass(frozen=True)
class TeamFigure:
    """What a team lead may see of a team's answers. ``shown`` False: fewer than :data:`THRESHOLD` answers, and
    then every other field is None (the count too: "< 10")."""

    shown: bool
    count: int | None
    top_share: int | None  # a whole percentage
    means: dict[str, float] | None  # per question, one decimal

    @property
    def count_shown(self) -> str:
        return str(self.count) if self.shown else f"< {THRESHOLD}"


def team_figure(answers: Sequence[Sequence[int]]) -> TeamFigure:
    """The figure over ``answers`` (each the three scores in :data:`ITEMS` order), or nothing when too few."""
    if len(answers) < THRESHOLD:
        return TeamFigure(False, None, None, None)
    top = sum(1 for answer in answers if is_top_score(answer))
    means = {item: round(sum(a[i] for a in answers) / len(answers), 1) for i, item in enumerate(ITEMS)}
    return TeamFigure(True, len(answers), round(100 * top / len(answers)), means)

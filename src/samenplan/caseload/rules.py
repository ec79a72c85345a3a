"""What the dashboard shows and in which order: pure functions, no database (tests/unit/test_caseload_rules.py)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta

from samenplan.caseload.registry import (
    CONSENTS_PROVIDER_KEY,
    CONSULTATIONS_PROVIDER_KEY,
    EVALUATIONS_PROVIDER_KEY,
    FAMILY_INPUT_PROVIDER_KEY,
    INACTIVE_PROVIDER_KEY,
    PHASES_PROVIDER_KEY,
    PLANS_PROVIDER_KEY,
    Item,
)

CONSENT_WINDOW_DAYS = 30  # consents that end within this many days
ANSWERED_DAYS = 14  # an answered consultation stays on the dashboard this long
GROUP_LIMIT = 10  # items per group on the dashboard; the rest behind "show all" (paginated)

# The groups of things to do, most urgent first. Cases by phase are a summary, not a group of things to do.
GROUP_ORDER = (
    EVALUATIONS_PROVIDER_KEY,
    CONSULTATIONS_PROVIDER_KEY,
    CONSENTS_PROVIDER_KEY,
    FAMILY_INPUT_PROVIDER_KEY,
    PLANS_PROVIDER_KEY,
    INACTIVE_PROVIDER_KEY,
)
SUMMARY_KEYS = (PHASES_PROVIDER_KEY,)


def consent_expiring(expires_on: date | None, today: date, window: int = CONSENT_WINDOW_DAYS) -> bool:
    """Still valid today and ending within ``window`` days (a consent without an end date never expires)."""
    return expires_on is not None and today <= expires_on <= today + timedelta(days=window)


def is_inactive(last_activity: date | None, opened_on: date, today: date, days: int) -> bool:
    """Nothing written in the case for ``days`` days (a case without entries counts from its opening)."""
    return (today - (last_activity or opened_on)).days >= days


def is_recent(on: date, today: date, days: int) -> bool:
    """Within the last ``days`` days, today included."""
    return 0 <= (today - on).days <= days


def consultation_shows(is_open: bool, answered_on: date | None, today: date, days: int = ANSWERED_DAYS) -> bool:
    """A request waiting for advice always shows; an answered one for ``days`` days after the answer."""
    return is_open or (answered_on is not None and is_recent(answered_on, today, days))


def due_this_week(due: date, today: date) -> bool:
    """Due from today up to and including Sunday of this week."""
    return today <= due <= today + timedelta(days=6 - today.weekday())


def urgency(item: Item) -> tuple:
    """Overdue first, then what is the professional's own turn, then the earliest date, then the family's name."""
    return (not item.overdue, item.waiting, item.due or date.max, item.family_name.casefold(), item.case_id or 0)


def ordered(items: Iterable[Item]) -> list[Item]:
    return sorted(items, key=urgency)


@dataclass
class Group:
    key: str
    items: list[Item] = field(default_factory=list)  # ordered by urgency
    shown: list[Item] = field(default_factory=list)  # the first ``limit``

    @property
    def total(self) -> int:
        return len(self.items)

    @property
    def overdue(self) -> int:
        return sum(item.overdue for item in self.items)

    @property
    def more(self) -> int:
        return self.total - len(self.shown)


def groups(items_by_key: Mapping[str, list[Item]], limit: int = GROUP_LIMIT) -> list[Group]:
    """The groups to show: every group that has a provider (and so a key in ``items_by_key``), even when empty, in
    the order of urgency of ``GROUP_ORDER``; groups of unknown keys after them, by key. Summaries are left out."""
    keys = [k for k in GROUP_ORDER if k in items_by_key]
    keys += sorted(k for k in items_by_key if k not in GROUP_ORDER and k not in SUMMARY_KEYS)
    result = []
    for key in keys:
        items = ordered(items_by_key[key])
        result.append(Group(key, items, items[:limit]))
    return result


def shown_family_ids(shown: Iterable[Item]) -> list[int]:
    """The families the page names (for the access log), each once, in order."""
    return list(dict.fromkeys(item.family_id for item in shown if item.family_id is not None))


@dataclass(frozen=True)
class DigestLine:
    key: str
    due: int  # the professional's turn
    overdue: int


def digest(items_by_key: Mapping[str, list[Item]]) -> list[DigestLine]:
    """Counts only, per group in order of urgency: what is the professional's turn and how much of it is overdue.
    Groups with nothing to do are left out; waiting items (someone else's turn) do not count."""
    lines = []
    for group in groups(items_by_key, limit=0):
        due = [item for item in group.items if not item.waiting]
        if due:
            lines.append(DigestLine(group.key, len(due), sum(item.overdue for item in due)))
    return lines

"""Pure decisions of deciding together (DOMAIN §3.5.3 to §3.5.5, §5): the stepped-care order of the options, the
participation ladder, which options count as heavy care, and what a decision needs before it may be recorded.

Plain values in, plain values out; no Django, no database (tests in ``tests/unit/test_decision_rules.py``).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

# The stepped-care ladder (catalogue.Intensity), lightest first; repeated here so this module stays import-free.
NETWORK = "network"
LIGHT = "light"
AMBULATORY = "ambulatory"
INTENSIVE = "intensive"
RESIDENTIAL = "residential"
INTENSITY_ORDER = (NETWORK, LIGHT, AMBULATORY, INTENSIVE, RESIDENTIAL)
HEAVY = frozenset({INTENSIVE, RESIDENTIAL})  # "zware zorg": decided on a specialist's advice (§3.5)

# The NJi Databank's evidence levels (catalogue.EvidenceLevel), strongest first.
EVIDENCE_ORDER = ("strong", "good", "first", "well_founded", "not_assessed")
EFFECTIVE = frozenset({"strong", "good", "first"})  # "shown to be effective"

# Where an option comes from (§3.5.3).
FROM_CATALOGUE = "catalogue"
FROM_NETWORK = "network"
FROM_FAMILY = "family"  # the family's own idea, marked as theirs


def gettext_noop(message: str) -> str:
    """Marks an English msgid for ``makemessages`` without importing Django; the pages translate it when shown."""
    return message


# The participation ladder (§5): the guideline's five levels and what each means for the family (Dutch in the
# catalogue: Informeren, Raadplegen, Adviseren, Samen beslissen, Gezin beslist).
PARTICIPATION_LEVELS: tuple[tuple[int, str, str], ...] = (
    (1, gettext_noop("Inform"), gettext_noop("The professional tells the family the decision.")),
    (2, gettext_noop("Consult"), gettext_noop("The family gives information; it counts for little.")),
    (3, gettext_noop("Advise"), gettext_noop("The family gives advice; the professional decides.")),
    (4, gettext_noop("Decide together"), gettext_noop("Family and professional decide together, as partners.")),
    (
        5,
        gettext_noop("Family decides"),
        gettext_noop("The family decides; the professional advises and carries it out within the agreements."),
    ),
)
LEVEL_MIN, LEVEL_MAX = 1, 5
AIMED_AT = frozenset({4, 5})  # what the guideline aims at

# Agreement of a participant with the decision.
AGREE_YES = "yes"
AGREE_PARTLY = "partly"
AGREE_NO = "no"

# Kinds of preference (§5): an order, one preferred option, or leaving the choice to the professional.
ORDER = "order"
PREFERRED = "preferred"
LEAVE_TO_PROFESSIONAL = "leave_to_professional"

# Refusal codes of a decision.
NO_OPTIONS = "no_options"
LEVEL_OUT_OF_RANGE = "level_out_of_range"
CRUCIAL_NEEDS_CONSULTATION = "crucial_needs_consultation"
DISAGREEMENT_NEEDS_RESOLUTION = "disagreement_needs_resolution"
# Refusal codes of a preference.
STALE_OPTIONS = "stale_options"
NOT_AN_ORDER = "not_an_order"
PREFERRED_REQUIRED = "preferred_required"


@dataclass(frozen=True)
class OptionFacts:
    """What the order needs to know of an option."""

    pk: int
    name: str
    source: str
    intensity: str
    evidence_level: str = "not_assessed"


def ladder_intensity(source: str, intensity: str) -> str:
    """An idea of the family or of its network counts as network help, whatever intensity was typed."""
    if source in (FROM_NETWORK, FROM_FAMILY):
        return NETWORK
    return intensity if intensity in INTENSITY_ORDER else RESIDENTIAL


def _rank(order: Sequence[str], value: str) -> int:
    return order.index(value) if value in order else len(order)


def stepped_order(options: Iterable[OptionFacts]) -> list[OptionFacts]:
    """Lightest first (stepped care), then the strongest evidence, then by name (then by id, to be stable)."""
    return sorted(
        options,
        key=lambda o: (
            _rank(INTENSITY_ORDER, ladder_intensity(o.source, o.intensity)),
            _rank(EVIDENCE_ORDER, o.evidence_level),
            o.name.casefold(),
            o.pk,
        ),
    )


def is_heavy(source: str, intensity: str) -> bool:
    """Heavy care: intensive or residential help from the catalogue (never an idea of the family or network)."""
    return ladder_intensity(source, intensity) in HEAVY


def is_effective(evidence_level: str) -> bool:
    return evidence_level in EFFECTIVE


def level_in_range(level) -> bool:
    """A whole number from 1 to 5 (a bool is not a level)."""
    return isinstance(level, int) and not isinstance(level, bool) and LEVEL_MIN <= level <= LEVEL_MAX


def level_label(level: int) -> str:
    for number, label, _meaning in PARTICIPATION_LEVELS:
        if number == level:
            return label
    return str(level)


def is_crucial(*, heavy: bool, out_of_home: bool, against_family_wish: bool) -> bool:
    """A crucial decision (§3.5): heavy care, an out-of-home placement, or a decision against the family's wish."""
    return bool(heavy or out_of_home or against_family_wish)


def has_disagreement(agreements: Iterable[str]) -> bool:
    """Any participant who does not agree (no) makes the disagreement something to record and resolve."""
    return AGREE_NO in set(agreements)


def decision_refusals(
    *,
    option_count: int,
    level,
    crucial: bool,
    answered_consultation: bool,
    override: bool,
    agreements: Iterable[str],
    resolution_complete: bool,
) -> list[str]:
    """Every rule a decision breaks (empty: it may be recorded).

    - at least one chosen option;
    - a participation level from 1 to 5;
    - a crucial decision needs an answered consultation of a behavioural scientist or a team lead's override;
    - when a participant says no, both positions and how it was resolved (who decided, why) are recorded.
    """
    refusals = []
    if option_count < 1:
        refusals.append(NO_OPTIONS)
    if not level_in_range(level):
        refusals.append(LEVEL_OUT_OF_RANGE)
    if crucial and not (answered_consultation or override):
        refusals.append(CRUCIAL_NEEDS_CONSULTATION)
    if has_disagreement(agreements) and not resolution_complete:
        refusals.append(DISAGREEMENT_NEEDS_RESOLUTION)
    return refusals


def preference_refusal(
    *, kind: str, current_options: Sequence[int], seen_options: Sequence[int], ranking: Sequence[int], preferred
) -> str | None:
    """None when the preference may be saved; otherwise the code of the rule it breaks.

    ``seen_options``: the options the participant saw. When the case's options changed since, the list is stale.
    An order names every current option once; a preferred option is one of them; leaving the choice needs neither.
    """
    if sorted(current_options) != sorted(seen_options):
        return STALE_OPTIONS
    if kind == ORDER:
        return None if sorted(ranking) == sorted(current_options) and ranking else NOT_AN_ORDER
    if kind == PREFERRED:
        return None if preferred in current_options else PREFERRED_REQUIRED
    return None

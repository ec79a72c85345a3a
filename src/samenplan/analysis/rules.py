"""The analysis's decisions (DOMAIN §3.3), without Django: plain values in, a refusal code (or None) out.

The caller turns a code into a Dutch message (``analysis/messages.py``). Tested without a database in
``tests/unit/test_analysis_rules.py``.
"""

from __future__ import annotations

from collections.abc import Iterable

# Special circumstances of a family member (G4.1, §1.8). The codes are shared with the instrument engine
# (``instruments.rules.CIRCUMSTANCES``): an instrument's definition names the circumstances it does not suit.
MIGRATION_BACKGROUND = "migration_background"
OTHER_HOME_LANGUAGE = "other_home_language"
LIMITED_DUTCH = "limited_dutch"
LOW_LITERACY = "low_literacy"
INTELLECTUAL_DISABILITY = "intellectual_disability"
OTHER_DISABILITY = "other_disability"
CIRCUMSTANCES = (
    MIGRATION_BACKGROUND,
    OTHER_HOME_LANGUAGE,
    LIMITED_DUTCH,
    LOW_LITERACY,
    INTELLECTUAL_DISABILITY,
    OTHER_DISABILITY,
)

# Methods of collecting information in the investigation plan (§3.3.1).
INSTRUMENT = "instrument"
OBSERVATION = "observation"
CONVERSATION = "conversation"
OTHER_AGENCY = "other_agency"
METHODS = (INSTRUMENT, OBSERVATION, CONVERSATION, OTHER_AGENCY)

# Factor classification (§3.3.3): what the factor does, and where it lies.
CAUSAL = "causal"
MAINTAINING = "maintaining"
PROTECTIVE = "protective"
FACTOR_KINDS = (CAUSAL, MAINTAINING, PROTECTIVE)
CHILD = "child"
PARENT = "parent"
FAMILY = "family"
ENVIRONMENT = "environment"
DOMAINS = (CHILD, PARENT, FAMILY, ENVIRONMENT)

# Refusal codes.
LANGUAGE_NEEDED = "language_needed"
LANGUAGE_ONLY_FOR_HOME_LANGUAGE = "language_only_for_home_language"
INSTRUMENT_NEEDED = "instrument_needed"
INSTRUMENT_ONLY_FOR_INSTRUMENT = "instrument_only_for_instrument"
RECIPIENT_NEEDED = "recipient_needed"
RECIPIENT_ONLY_FOR_OTHER_AGENCY = "recipient_only_for_other_agency"
NOT_SHARED = "not_shared"  # the family's view first: the picture is made together (G4.3)
ALREADY_FINAL = "already_final"
CONSULTATION_NEEDED = "consultation_needed"  # multiple and complex: a behavioural scientist first (G4.4)
NO_FACTORS = "no_factors"


def circumstance_refusal(code: str, language: str) -> str | None:
    """A home language other than Dutch names the language; the other circumstances name none."""
    if code == OTHER_HOME_LANGUAGE:
        return None if language.strip() else LANGUAGE_NEEDED
    return LANGUAGE_ONLY_FOR_HOME_LANGUAGE if language.strip() else None


def method_refusal(method: str, has_instrument: bool, has_recipient: bool) -> str | None:
    """The method decides what a question of the plan must name: an instrument, or the agency asked."""
    if method == INSTRUMENT and not has_instrument:
        return INSTRUMENT_NEEDED
    if method != INSTRUMENT and has_instrument:
        return INSTRUMENT_ONLY_FOR_INSTRUMENT
    if method == OTHER_AGENCY and not has_recipient:
        return RECIPIENT_NEEDED
    if method != OTHER_AGENCY and has_recipient:
        return RECIPIENT_ONLY_FOR_OTHER_AGENCY
    return None


def new_version_needed(shared: bool, finalised: bool) -> bool:
    """A change to a picture the family has seen (or that is final) makes a new version; a draft changes in place."""
    return shared or finalised


def finalise_refusal(
    *,
    finalised: bool,
    shared: bool,
    factor_kinds: Iterable[str],
    multiple_and_complex: bool,
    answered_consultation: bool,
    override: bool,
) -> str | None:
    """May the coherent picture be finalised?

    It must name at least one factor, be discussed with the family (their view recorded) and — when the problems
    are multiple and complex — be discussed with a behavioural scientist whose advice is in, unless a team lead
    recorded an override with a reason.
    """
    if finalised:
        return ALREADY_FINAL
    if not any(kind in FACTOR_KINDS for kind in factor_kinds):
        return NO_FACTORS
    if not shared:
        return NOT_SHARED
    if multiple_and_complex and not (answered_consultation or override):
        return CONSULTATION_NEEDED
    return None


def missing_factor_kinds(factor_kinds: Iterable[str]) -> tuple[str, ...]:
    """The kinds of factor a picture does not name yet (a prompt, not a refusal: §3.3.3 asks for all three)."""
    present = set(factor_kinds)
    return tuple(kind for kind in FACTOR_KINDS if kind not in present)


def unsuitable_circumstances(circumstances: Iterable[str], unsuitable_for: Iterable[str]) -> tuple[str, ...]:
    """Which of a member's circumstances an instrument's definition says it does not suit (in the codes' order)."""
    mine, theirs = set(circumstances), set(unsuitable_for)
    return tuple(code for code in CIRCUMSTANCES if code in mine and code in theirs)


def only_in_dutch_for_little_dutch(languages: Iterable[str], circumstances: Iterable[str]) -> bool:
    """An instrument that exists only in Dutch, for a member who speaks little Dutch: the plan warns (read it aloud,
    use an interpreter, or choose another way). Without a list of languages nothing is known."""
    found = {str(language).strip().lower() for language in languages or ()}
    return LIMITED_DUTCH in set(circumstances) and found == {"nl"}

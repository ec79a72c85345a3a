"""Who in a family may have an own portal account, and what a family member sees of another's part.

Pure: ages and custody in, decisions out. The defaults (settings ``PORTAL_*``) follow the consent ages of
consent/rules.py: under 12 no own account; 12 to 15 an own account and youth and parents see the shared plan; from
16 the youth's own part (their goals, answers, consents) is hidden from the parents unless the youth agrees.
Parents without custody see what the configuration and the caseworker allow.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from samenplan.cases.rules import age_on

PARENT = "parent"
YOUTH = "youth"

# Why an invitation cannot be sent
TOO_YOUNG = "too_young"
AGE_UNKNOWN = "age_unknown"
NOT_A_FAMILY_MEMBER = "not_a_family_member"


@dataclass(frozen=True)
class PortalAges:
    own_account_from: int = 12
    own_part_private_from: int = 16
    parents_without_custody_see_plan: bool = False

    def __post_init__(self):
        if not 0 <= self.own_account_from <= self.own_part_private_from:
            raise ValueError("the age of a private own part must not be below the age of an own account")


def account_refusal(*, is_child: bool, date_of_birth: date | None, on: date, ages: PortalAges) -> str | None:
    """Why this member may not get an own account, or None when they may. Parents always may."""
    if not is_child:
        return None
    if date_of_birth is None:
        return AGE_UNKNOWN
    if age_on(date_of_birth, on) < ages.own_account_from:
        return TOO_YOUNG
    return None


def sees_shared_plan(*, is_child: bool, has_custody: bool | None, caseworker_allows: bool, ages: PortalAges) -> bool:
    """Does a family member with an account see the family's shared plan? A youth with an account does; a
    parent with custody does; a parent without custody when the configuration or the caseworker allows it."""
    if is_child:
        return True
    if has_custody is not False:  # custody, or not recorded (the caseworker records "no custody" explicitly)
        return True
    return ages.parents_without_custody_see_plan or caseworker_allows


def parent_sees_youth_part(
    *,
    youth_date_of_birth: date | None,
    on: date,
    youth_agrees: bool,
    parent_has_custody: bool | None,
    caseworker_allows: bool,
    ages: PortalAges,
) -> bool:
    """Does a parent see a youth's own part (their goals, answers, consents)?

    From ``own_part_private_from`` only when the youth agrees (an unknown age counts as that age: the safe side).
    Below it the parent sees it when they see the shared plan at all.
    """
    if not sees_shared_plan(
        is_child=False, has_custody=parent_has_custody, caseworker_allows=caseworker_allows, ages=ages
    ):
        return False
    if youth_date_of_birth is None or age_on(youth_date_of_birth, on) >= ages.own_part_private_from:
        return youth_agrees
    return True


# ── Plain words for the family (the "who looked at my file" page) ──────────────────────────────────────────

LOOKED = "looked"
CHANGED_GOAL = "changed_goal"
MADE_PDF = "made_pdf"
EXPORTED = "exported"
WROTE = "wrote"
EMERGENCY = "emergency"
SEARCHED = "searched"


def action_kind(event: str, action: str) -> str | None:
    """What kind of action an access-log record was, in words a family understands; None: not shown to them
    (a refused attempt shows nothing of the file)."""
    if event == "refused":
        return None
    if event == "emergency":
        return EMERGENCY
    if event == "print" or action.endswith("pdf") or ".pdf" in action:
        return MADE_PDF
    if event == "export":
        return EXPORTED
    if event == "search":
        return SEARCHED
    if event in ("create", "change", "delete"):
        return CHANGED_GOAL if action.startswith("goals.") else WROTE
    return LOOKED


FULL_NAME = "full_name"
FIRST_NAME = "first_name"
FIRST_NAME_INITIAL = "first_name_initial"


def shown_name(first_name: str, last_name: str, mode: str) -> str:
    """A professional's name as the organisation shows it to families (administration NameShown)."""
    first, last = (first_name or "").strip(), (last_name or "").strip()
    if mode == FIRST_NAME:
        return first
    if mode == FIRST_NAME_INITIAL:
        initial = next((part[0].upper() for part in last.split() if part[:1].isupper()), last[:1].upper())
        return f"{first} {initial}." if initial else first
    return f"{first} {last}".strip()


def addressed_as(*, is_child: bool) -> str:
    """Which way the portal speaks to a family member: "youth" (je) or "parent" (u)."""
    return YOUTH if is_child else PARENT


# ── The family's proposals and what is new from the family ──────────────────────────────────────────────────

PROPOSAL_MAX = 5000
WORDS_MISSING = "words_missing"
WORDS_TOO_LONG = "words_too_long"


def proposal_words_refusal(words: str | None) -> str | None:
    """Why these words cannot be a proposal (or a reason to decline one): none at all, or too long."""
    text = (words or "").strip()
    if not text:
        return WORDS_MISSING
    if len(text) > PROPOSAL_MAX:
        return WORDS_TOO_LONG
    return None


def seen_up_to(current: int, newest_shown: int) -> int:
    """The "seen up to" mark after a professional marks the family's input as seen: it never moves back (a page
    opened earlier and sent later must not make newer input new again)."""
    return max(current or 0, newest_shown or 0)


def is_new(entry_id: int, seen_up_to_entry: int | None) -> bool:
    """Is a family entry new for the case's professionals: written after the mark."""
    return entry_id > (seen_up_to_entry or 0)


# Where the caseworker takes a kind of family entry further: a URL name taking the case id. Any other kind (a new
# one added by a later app too) links to the dossier's timeline.
ENTRY_PAGES = {
    "portal": "portal:case_proposals",
    "clarification": "intake:clarify",
    "goals": "goals:overview",
    "plan": "plans:plan",
    "analysis": "analysis:overview",
    "options": "decisions:grid",
    "preference": "decisions:grid",
    "decision": "decisions:grid",
    "evaluation": "evaluations:progress",
    "network": "network:overview",
    "own_strength": "network:own_strength",
}


def entry_page(kind: str) -> str | None:
    """The page (URL name) where a family entry of ``kind`` is taken further; None: the dossier's timeline."""
    return ENTRY_PAGES.get(kind)


# ── The family's own data download (portal/own_data.py): what of the inspection export a member gets ─────────

# Records of the professionals' own work that are not the family's to download: consultations with a
# behavioural scientist, the team's meeting agenda, hand-overs between teams, emergency access, overrides of a
# crucial decision, and the invitation links' token hashes (a secret). The access log is given in plain words.
INTERNAL_MODELS = frozenset(
    {
        "analysis.Consultation",
        "analysis.Consultation_agreed_by",
        "decisions.CrucialOverride",
        "emergency.EmergencyAccess",
        "handover.Handover",
        "tables.AgendaItem",
        "portal.Invitation",
        "cases.Case_coworkers",
    }
)
INTERNAL_ENTRY_KINDS = frozenset({"consultation"})


def entry_is_internal(*, kind: str, voice: str, shared: bool = False) -> bool:
    """A dossier entry the family does not download: a professional's own note unless it was marked as shared
    with the family (``cases.SharedEntry``), and the consultation entries."""
    return kind in INTERNAL_ENTRY_KINDS or (kind == "note" and voice == "professional" and not shared)


def picture_is_internal(*, shared: bool) -> bool:
    """A coherent picture is the family's once it was discussed with them; a draft is the professionals'."""
    return not shared


def row_is_youths_own(*, pointed_at_hidden: bool, members: list[int], hidden: set[int]) -> bool:
    """A row that is (part of) a hidden youth's own part: it points at the youth or at another hidden row, or all
    the family members it names (those present, who gave it) are hidden youths."""
    return pointed_at_hidden or bool(members and set(members) <= hidden)


# ── Languages (issue 12): which languages a page may speak, and to whom ─────────────────────────────────────


def language_choices(
    *, professional: bool, languages: list[tuple[str, str]], workbench: list[str]
) -> list[tuple[str, str]]:
    """The languages a user may switch to: a professional the workbench's (Dutch and English), a family member
    or a visitor of the login pages every language of the portal."""
    if professional:
        return [(code, name) for code, name in languages if code in workbench]
    return list(languages)


def page_language(
    *,
    requested: str,
    chosen: str,
    family: bool,
    professional: bool,
    codes: list[str],
    workbench: list[str],
    default: str,
) -> str:
    """The language a page is rendered in. ``requested`` is what the browser asked for (the language cookie, then
    Accept-Language); ``chosen`` is the family member's stored choice, which wins for their session. A professional
    never gets a language the workbench has no catalogue for."""
    if family and chosen in codes:
        return chosen
    allowed = workbench if professional else codes
    return requested if requested in allowed else default


NEEDS_NO_INTERPRETER = frozenset({"", "nl"})


def interpreter_may_be_needed(*, language: str, circumstances: set[str], limited_dutch: str) -> bool:
    """Should the caseworker think of an interpreter for this family member? When they read the portal in another
    language than Dutch, or intake recorded that they speak little Dutch (analysis.SpecialCircumstance)."""
    return language not in NEEDS_NO_INTERPRETER or limited_dutch in circumstances

"""What the analysis pages and the API show: the plan with its warnings, the picture with its details.

Reads only; the writes are in ``actions.py``.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

import rules as permission_rules
from django.db.models import Prefetch

from samenplan.analysis import access, rules
from samenplan.analysis.forms import VersionForm
from samenplan.analysis.models import (
    CoherentPicture,
    Consultation,
    FactorKind,
    InvestigationQuestion,
    Method,
    SpecialCircumstance,
)
from samenplan.cases.models import Case, Phase


@dataclass
class PlanRow:
    question: InvestigationQuestion
    warnings: list[str] = field(default_factory=list)


def circumstances_by_member(case: Case) -> dict[int, list[SpecialCircumstance]]:
    found: dict[int, list[SpecialCircumstance]] = defaultdict(list)
    for item in case.special_circumstances.select_related("member"):
        found[item.member_id].append(item)
    return found


def home_language(items: list[SpecialCircumstance]) -> str:
    return next((c.language for c in items if c.code == rules.OTHER_HOME_LANGUAGE and c.language), "")


def instrument_warnings(question: InvestigationQuestion, items: list[SpecialCircumstance]) -> list[str]:
    """Why the chosen instrument may not suit the member it is for (G4.1); empty when nothing is known against it.

    The instrument engine (``instruments.rules.suitability_warnings``) reads the definition's suitability notes.
    """
    if question.method != Method.INSTRUMENT or not question.instrument or not items:
        return []
    definition = instrument_definition(question.instrument)
    if definition is None:
        return []
    from samenplan.instruments.rules import suitability_warnings

    return suitability_warnings(definition, [c.code for c in items], home_language(items))


def instrument_definition(code: str) -> dict | None:
    """The newest loaded definition with this code, as a dict; None when the instrument engine has none."""
    try:
        from samenplan.instruments.models import Definition
    except ImportError:  # the instrument engine is not installed in this build
        return None
    found = Definition.objects.filter(code=code).order_by("-version").first()
    return found.definition if found is not None else None


def instrument_choices(case: Case) -> list[tuple[str, str]]:
    """The instruments the organisation may use, as (code, name) — empty without the instrument engine."""
    try:
        from samenplan.instruments.models import Definition
    except ImportError:
        return []
    from django.db.models import Q

    rows = Definition.objects.filter(
        Q(organisation__isnull=True) | Q(organisation_id=case.family.organisation_id)
    ).order_by("code", "-version")
    seen: dict[str, str] = {}
    for row in rows:
        seen.setdefault(row.code, row.name)
    return list(seen.items())


def plan(case: Case) -> list[PlanRow]:
    circumstances = circumstances_by_member(case)
    questions = case.investigation_questions.select_related("about", "recipient").prefetch_related("made_with")
    return [
        PlanRow(q, instrument_warnings(q, circumstances.get(q.about_id, []) if q.about_id else [])) for q in questions
    ]


def picture_with_details(picture: CoherentPicture | None) -> CoherentPicture | None:
    if picture is None:
        return None
    return (
        CoherentPicture.objects.filter(pk=picture.pk)
        .select_related("recorded_by", "finalised_by", "override_by")
        .prefetch_related("factors", "family_views__member")
        .first()
    )


def factors_by_kind(picture: CoherentPicture | None) -> list[tuple[str, list]]:
    if picture is None:
        return []
    factors = list(picture.factors.all())
    return [(kind.label, [f for f in factors if f.kind == kind]) for kind in FactorKind]


def may_override(user, case: Case) -> bool:
    return permission_rules.test_rule("analysis.override_consultation", user, case)


def overview(user, case: Case, *, finalise_form=None) -> dict:
    current = access.current_picture(case)
    can_edit = permission_rules.test_rule("cases.change_case", user, case)
    consultations = case.consultations.select_related("scientist", "requested_by", "picture").prefetch_related(
        Prefetch("agreed_by")
    )
    earlier = (
        case.pictures.filter(current=False)
        .select_related("recorded_by")
        .prefetch_related("factors", "family_views__member")
    )
    kinds = [f.kind for f in current.factors.all()] if current else []
    answered = any(c.status == "answered" for c in consultations)
    refusal = (
        rules.finalise_refusal(
            finalised=current.is_final,
            shared=current.is_shared,
            factor_kinds=kinds,
            multiple_and_complex=current.multiple_and_complex,
            answered_consultation=answered,
            override=bool(current.override_reason),
        )
        if current
        else None
    )
    return {
        "family": case.family,
        "can_edit": can_edit,
        "can_override": current is not None
        and current.multiple_and_complex
        and not current.is_final
        and not current.override_reason
        and may_override(user, case),
        "circumstances": case.special_circumstances.select_related("member"),
        "plan": plan(case),
        "current": current,
        "factors": factors_by_kind(current),
        "missing_kinds": [FactorKind(k).label for k in rules.missing_factor_kinds(kinds)] if current else [],
        "finalise_blocked": refusal,
        "earlier": earlier,
        "consultations": consultations,
        "psycho_education": case.psycho_education.prefetch_related("given_to"),
        "may_skip": can_edit and case.phase == Phase.ANALYSIS and case.child_protection_measure,
        "finalise_form": finalise_form or VersionForm(initial={"version": current.version if current else None}),
        "open_consultations": [c for c in consultations if c.is_open],
        "Consultation": Consultation,
    }

"""What the analysis pages and the API show: the plan with its warnings, the picture with its details.

Reads only; the writes are in ``actions.py``.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

import rules as permission_rules
from django.db.models import Prefetch
from django.utils.translation import gettext as _

from samenplan.analysis import access, rules
from samenplan.analysis.forms import VersionForm
from samenplan.analysis.models import (
    CoherentPicture,
    FactorKind,
    InvestigationQuestion,
    Method,
    SpecialCircumstance,
)
from samenplan.cases.models import Case, Phase
from samenplan.instruments.rules import suitability_warnings


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
    """Why the chosen instrument may not suit the member it is for (G4.1): the instrument engine's suitability
    warnings (unsuitable, no norms, not in the home language), and a Dutch-only questionnaire for someone who
    speaks little Dutch. Empty when nothing is known against it."""
    if question.method != Method.INSTRUMENT or question.instrument is None or not items:
        return []
    definition = question.instrument.definition
    codes = [c.code for c in items]
    warnings = list(suitability_warnings(definition, codes, home_language(items)))
    if rules.only_in_dutch_for_little_dutch(definition.get("languages") or (), codes):
        warnings.insert(
            0,
            _("%(name)s is only in Dutch, and %(member)s speaks little Dutch: read it aloud together, use an "
              "interpreter, or choose another way.") % {"name": question.instrument.name, "member": question.about},
        )  # fmt: skip
    return warnings


def plan(case: Case) -> list[PlanRow]:
    circumstances = circumstances_by_member(case)
    questions = case.investigation_questions.select_related("about", "recipient", "instrument").prefetch_related(
        "made_with"
    )
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
    }

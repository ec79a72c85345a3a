"""Getting the analysis's records for a user: the record, or 404 when they may not see its case.

Who may see them follows the case (``cases.view_case``); changing follows ``cases.change_case``, except answering
a consultation (the scientist asked) and the override (a team lead): see ``predicates.py``.
"""

from __future__ import annotations

import rules
from django.db.models import QuerySet
from django.http import Http404

from samenplan.accounts.models import Role
from samenplan.analysis import predicates  # noqa: F401  (registers the rules)
from samenplan.analysis.models import CoherentPicture, Consultation, ConsultationStatus
from samenplan.audit import log
from samenplan.cases.models import Case
from samenplan.errors import read_only
from samenplan.ids import parse_id


def get_consultation_for_user(user, consultation_id, *, answer: bool = False) -> Consultation:
    """The consultation if the user may see its case (and, with ``answer``, answer it); otherwise 404 (or 403)."""
    number = parse_id(consultation_id)
    consultation = (
        Consultation.objects.select_related("case__family", "case__team", "picture", "scientist", "requested_by")
        .filter(pk=number)
        .first()
        if number is not None
        else None
    )
    if consultation is None or not rules.test_rule("cases.view_case", user, consultation.case):
        log.refused(user, "consultation", consultation_id)
        raise Http404
    if answer and not rules.test_rule("analysis.answer_consultation", user, consultation):
        log.refused(user, "consultation", consultation_id, case=consultation.case)
        raise read_only()
    return consultation


def current_picture(case: Case) -> CoherentPicture | None:
    return (
        case.pictures.filter(current=True)
        .select_related("recorded_by", "finalised_by", "override_by")
        .prefetch_related("factors", "family_views__member")
        .first()
    )


def open_requests_for(user) -> QuerySet[Consultation]:
    """The scientist's queue: open requests addressed to them, oldest first (only for cases they may see)."""
    if not user.has_role(Role.BEHAVIOURAL_SCIENTIST):
        return Consultation.objects.none()
    return (
        Consultation.objects.filter(
            scientist_id=user.pk, status=ConsultationStatus.OPEN, case__family__organisation_id=user.organisation_id
        )
        .select_related("case__family", "case__team", "requested_by")
        .order_by("requested_at", "pk")
    )


def circumstances_by_member(case: Case) -> dict[int, list]:
    """The special circumstances recorded at intake for ``case``, per family member id (one query)."""
    from samenplan.analysis.models import SpecialCircumstance

    found: dict[int, list] = {}
    for circumstance in SpecialCircumstance.objects.filter(case=case).order_by("member_id", "code", "pk"):
        found.setdefault(circumstance.member_id, []).append(circumstance)
    return found

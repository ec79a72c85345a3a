"""Getting cases, families and members for a user: the object, or 404 when they may not see it.

Views, the API and commands never call ``Model.objects.get`` on client data; they come here. Lists are filtered
in SQL with the same predicates that check single objects (see predicates.py).
"""

from __future__ import annotations

import rules
from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef, QuerySet
from django.http import Http404

from samenplan.cases.models import Case, DossierEntry, Family, Member
from samenplan.cases.predicates import editable_cases_q, visible_cases_q
from samenplan.ids import parse_id


def visible_cases(user) -> QuerySet[Case]:
    return Case.objects.filter(visible_cases_q(user)).select_related("family", "team", "caseworker", "registration")


def visible_families(user) -> QuerySet[Family]:
    return Family.objects.filter(Exists(Case.objects.filter(visible_cases_q(user), family_id=OuterRef("pk"))))


def _to_int(value) -> int:
    """An id from a URL or request body; anything no database could hold is simply not found."""
    number = parse_id(value)
    if number is None:
        raise Http404
    return number


def get_case_for_user(user, case_id, *, edit: bool = False) -> Case:
    """The case if the user may see it (and, with ``edit``, change it); otherwise 404."""
    case = (
        Case.objects.select_related("family", "team", "caseworker", "registration").filter(pk=_to_int(case_id)).first()
    )
    if case is None or not rules.test_rule("cases.view_case", user, case):
        raise Http404
    if edit and not rules.test_rule("cases.change_case", user, case):
        raise PermissionDenied  # they see the case, so its existence is no secret; changing is refused

    return case


def get_case_for_phase_change(user, case_id) -> Case:
    case = get_case_for_user(user, case_id)
    if not rules.test_rule("cases.move_phase", user, case):
        raise PermissionDenied
    return case


def get_case_for_assigning(user, case_id) -> Case:
    """The case whose caseworker and co-workers this user may change (the workers, or the team lead)."""
    case = get_case_for_user(user, case_id)
    if not rules.test_rule("cases.assign_workers", user, case):
        raise PermissionDenied
    return case


def get_family_for_user(user, family_id) -> Family:
    family = visible_families(user).filter(pk=_to_int(family_id)).first()
    if family is None:
        raise Http404
    return family


def can_edit_family(user, family: Family) -> bool:
    return Case.objects.filter(editable_cases_q(user), family=family, closed_on__isnull=True).exists()


def get_family_for_edit(user, family_id) -> Family:
    family = get_family_for_user(user, family_id)
    if not can_edit_family(user, family):
        raise PermissionDenied
    return family


def get_member_for_user(user, member_id, *, edit: bool = False) -> Member:
    member = Member.objects.select_related("family").filter(pk=_to_int(member_id)).first()
    if member is None:
        raise Http404
    if edit:
        get_family_for_edit(user, member.family_id)
    else:
        get_family_for_user(user, member.family_id)
    return member


def case_entries(case: Case) -> QuerySet[DossierEntry]:
    return case.entries.select_related("author", "speaker")

"""Getting options and help for a user (404 when they may not see the case) and reading a case's deciding step.

Who may see or change them follows the case (``cases.view_case`` / ``cases.change_case``).
"""

from __future__ import annotations

import rules
from django.core.exceptions import PermissionDenied
from django.http import Http404

from samenplan.audit import log
from samenplan.cases.models import Case
from samenplan.cases.predicates import visible_cases_q
from samenplan.decisions import actions
from samenplan.decisions import rules as decision_rules
from samenplan.decisions.models import Decision, HelpDeployment, Option, Preference
from samenplan.ids import parse_id


def _get_for_user(model, name: str, user, object_id, *, edit: bool):
    number = parse_id(object_id)
    obj = (
        model.objects.filter(case__in=Case.objects.filter(visible_cases_q(user)), pk=number)
        .select_related("case__family", "case__team")
        .first()
        if number is not None
        else None
    )
    if obj is None:
        log.refused(user, name, object_id)
        raise Http404
    if edit and not rules.test_rule("cases.change_case", user, obj.case):
        log.refused(user, name, object_id, case=obj.case)
        raise PermissionDenied
    return obj


def get_option_for_user(user, option_id, *, edit: bool = False) -> Option:
    """The option if the user may see its case (and, with ``edit``, change it); otherwise 404 (403 when seen)."""
    return _get_for_user(Option, "option", user, option_id, edit=edit)


def get_help_for_user(user, help_id, *, edit: bool = False) -> HelpDeployment:
    """The help in progress if the user may see its case (and, with ``edit``, change it); otherwise 404 / 403."""
    return _get_for_user(HelpDeployment, "help", user, help_id, edit=edit)


def offers_for_case(case: Case):
    """The catalogue an option may come from: the active offers of the case's organisation."""
    return actions.offers_for(case)


def preferences(case: Case):
    return (
        Preference.objects.filter(case=case)
        .select_related("member", "preferred", "author__family_account")
        .order_by("member_id")
    )


def decisions(case: Case):
    return (
        Decision.objects.filter(case=case)
        .select_related("consultation")
        .prefetch_related("options", "agreements__member")
        .order_by("-decided_at", "-pk")
    )


def help_deployments(case: Case):
    return HelpDeployment.objects.filter(case=case).select_related("decision", "offer").prefetch_related("goals")


def overview(case: Case) -> dict:
    """Everything of deciding together for a case, as the grid page and the API show it."""
    options = actions.options_in_order(case)
    names = {o.pk: o.name for o in options}
    prefs = list(preferences(case))
    for p in prefs:
        p.ranking_names = [names[pk] for pk in p.ranking if pk in names]
    members = list(case.family.members.all())
    answered = {p.member_id for p in prefs}
    return {
        "options": options,
        "preferences": prefs,
        "unanswered": [m for m in members if m.pk not in answered],
        "decisions": list(decisions(case)),
        "help": list(help_deployments(case)),
        "levels": decision_rules.PARTICIPATION_LEVELS,
        "option_ids": ",".join(str(o.pk) for o in sorted(options, key=lambda o: o.pk)),
    }

"""Web views of evaluating, closing and reopening. Thin: access, parse the form, call the action, render or redirect.

Every answer that shows the case goes through ``log.render_read``.
"""

from __future__ import annotations

import rules
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from samenplan.audit import log
from samenplan.cases.access import get_case_for_phase_change, get_case_for_user
from samenplan.evaluations import access, actions, services
from samenplan.evaluations import rules as evaluation_rules
from samenplan.evaluations.forms import CloseForm, EvaluationForm, PlanForm, ReopenForm
from samenplan.evaluations.models import Outcome
from samenplan.forms import apply_errors, form_outcome
from samenplan.goals import access as goal_access


def _render(request, template: str, form, case, *, action: str, detail: str = "", **extra) -> HttpResponse:
    context = {"form": form, "case": case, "family": case.family, **extra}
    outcome = form_outcome(form)
    detail = " ".join(d for d in (detail, outcome.pop("detail", "")) if d)
    return log.render_read(request, template, context, action=action, case=case, detail=detail, **outcome)


@login_required
@require_safe
def progress(request: HttpRequest, case_id: int) -> HttpResponse:
    """Progress over time: every goal's chart side by side with its table, the summary, the evaluations."""
    case = get_case_for_user(request.user, case_id)
    context = {
        **services.progress(case),
        "case": case,
        "family": case.family,
        "today": timezone.localdate(),
        "can_work": rules.test_rule("cases.move_phase", request.user, case),
        "closings": list(case.closings.prefetch_related("goal_outcomes__goal")),
        "reopenings": list(case.reopenings.select_related("previous_case")),
        "later_cases": list(case.later_cases.select_related("case")),
    }
    for evaluation in context["planned"]:
        evaluation.due_state = evaluation_rules.due_state(evaluation.planned_on, context["today"], False)
    return log.render_read(request, "evaluations/progress.html", context, action="evaluations.progress", case=case)


@login_required
@require_http_methods(["GET", "POST"])
def plan(request: HttpRequest, case_id: int) -> HttpResponse:
    case = get_case_for_phase_change(request.user, case_id)
    form = PlanForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            actions.do_plan_evaluation(request.user, case, **form.to_action())
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("The evaluation is planned."))
            return redirect("evaluations:progress", case_id=case.pk)
    return _render(request, "evaluations/plan.html", form, case, action="evaluations.plan")


def _hold(request, case, evaluation=None) -> HttpResponse:
    members, goals = services.hold_records(case)  # the goals' last scores are read only when the page is shown
    # Both ways here passed ``cases.move_phase``: the user is the caseworker or a co-worker, who score as the
    # professional of the case (goals.actions.case_professionals).
    kwargs = {"goals": goals, "members": members, "professional": request.user}
    if request.method == "POST":
        form = EvaluationForm(request.POST, **kwargs)
        if form.is_valid():
            try:
                held = actions.do_hold_evaluation(request.user, case, evaluation=evaluation, **form.to_action())
            except ValidationError as error:
                apply_errors(form, error)
            else:
                messages.success(request, _("The evaluation is saved."))
                if held.outcome == Outcome.ADJUST:  # the plan's new version starts here, the changes as its reason
                    messages.info(request, _("You agreed to adjust the plan. Make its new version now."))
                    return redirect(f"{reverse('plans:edit', args=[case.pk])}?evaluation={held.pk}")
                return redirect("evaluations:progress", case_id=case.pk)
    else:
        initial = {"held_on": timezone.localdate(), "version": evaluation.version if evaluation else None}
        form = EvaluationForm(initial=initial, **kwargs)
    goal_access.with_scores(goals)
    detail = f"evaluation={evaluation.pk}" if evaluation else ""
    return _render(
        request, "evaluations/hold.html", form, case, action="evaluations.hold", detail=detail, evaluation=evaluation
    )


# What the evaluation page and its saving use of the case's relations: the family (its members, its name on the page)
# and the team (the access-log record names it). Read without the caseworker and the registration: the case's
# query planned 0.54-0.64 ms with all four joins, 0.34-0.38 ms with these two (PostgreSQL, 50,000 families).
HOLD_RELATED = ("family", "team")


@login_required
@require_http_methods(["GET", "POST"])
def hold_now(request: HttpRequest, case_id: int) -> HttpResponse:
    """An evaluation at any time, not planned ahead."""
    return _hold(request, get_case_for_phase_change(request.user, case_id, related=HOLD_RELATED))


@login_required
@require_http_methods(["GET", "POST"])
def hold_planned(request: HttpRequest, evaluation_id: int) -> HttpResponse:
    evaluation = access.get_evaluation_for_user(request.user, evaluation_id, edit=True)
    return _hold(request, evaluation.case, evaluation)


@login_required
@require_http_methods(["GET", "POST"])
def close(request: HttpRequest, case_id: int) -> HttpResponse:
    case = get_case_for_phase_change(request.user, case_id)
    goals = actions.closing_goals(case)
    form = CloseForm(request.POST or None, goals=goals, initial={"version": case.version})
    if request.method == "POST" and form.is_valid():
        try:
            actions.do_close_case(request.user, case, **form.to_action())
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("The case is closed."))
            return redirect("evaluations:progress", case_id=case.pk)
    return _render(request, "evaluations/close.html", form, case, action="evaluations.close")


@login_required
@require_http_methods(["GET", "POST"])
def reopen(request: HttpRequest, case_id: int) -> HttpResponse:
    """Reopen within the organisation's period; after it, the page offers to register the family again."""
    case = get_case_for_phase_change(request.user, case_id)
    form = ReopenForm(request.POST or None, initial={"version": case.version})
    if request.method == "POST" and form.is_valid():
        try:
            actions.do_reopen(request.user, case, **form.to_action())
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("The case is reopened. Its history stays."))
            return redirect("evaluations:progress", case_id=case.pk)
    context = {"within": case.closed_on is not None and actions.may_reopen(case)}
    return _render(request, "evaluations/reopen.html", form, case, action="evaluations.reopen", **context)


@login_required
@require_POST
def register_return(request: HttpRequest, case_id: int) -> HttpResponse:
    """After the reopen period: a new case for the same family, linked to this one."""
    case = get_case_for_phase_change(request.user, case_id)
    form = ReopenForm(request.POST)
    if form.is_valid():
        try:
            reopening = actions.do_register_return(request.user, case, reason=form.cleaned_data["reason"])
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("The family is registered again; the new case is linked to the old one."))
            return redirect("cases:dossier", case_id=reopening.case_id)
    context = {"within": case.closed_on is not None and actions.may_reopen(case)}
    return _render(request, "evaluations/reopen.html", form, case, action="evaluations.register_return", **context)

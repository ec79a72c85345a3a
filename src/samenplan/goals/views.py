"""Web views of the goals step. Thin: access, parse the form, call the action, render or redirect.

Every answer that shows the case (a form, a form with its errors, the overview) goes through ``log.render_read``.
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
from samenplan.cases.access import get_case_for_user
from samenplan.forms import apply_errors
from samenplan.goals import access, actions, charts
from samenplan.goals.forms import (
    AgreementForm,
    ChangeGoalForm,
    DrieluikForm,
    GoalForm,
    MiracleForm,
    MoveForm,
    ScoreForm,
    SignsOfSafetyForm,
)


def _render(request, template: str, form, case, *, action: str, detail: str = "", **extra) -> HttpResponse:
    context = {"form": form, "case": case, "family": case.family, **extra}
    status = 422 if form.errors else 200
    return log.render_read(request, template, context, action=action, case=case, detail=detail, status=status)


def _overview(request, case, *, refusal: str = "", status: int = 200) -> HttpResponse:
    data = access.overview(case)
    for goal in data["goals"]:
        points = charts.points_for(goal)
        goal.chart = charts.progress_chart_svg(goal, points)
        goal.rows = charts.chart_rows(points)
    context = {
        **data,
        "case": case,
        "family": case.family,
        "can_edit": rules.test_rule("cases.change_case", request.user, case),
        "order": ",".join(str(g.pk) for g in data["goals"]),
        "refusal": refusal,
    }
    return log.render_read(request, "goals/overview.html", context, action="goals.overview", case=case, status=status)


@login_required
@require_safe
def overview(request: HttpRequest, case_id: int) -> HttpResponse:
    """The goals step of a case: agreement, goals with their charts, and the conversation techniques."""
    return _overview(request, get_case_for_user(request.user, case_id))


@login_required
@require_POST
def move(request: HttpRequest, case_id: int) -> HttpResponse:
    """A move up or down button; a stale list (someone else moved a goal) is refused with the current order."""
    case = get_case_for_user(request.user, case_id, edit=True)
    form = MoveForm(request.POST)
    if not form.is_valid():
        return _overview(request, case, refusal=_("The order of the goals is not valid. Reload the page."), status=422)
    try:
        data = form.cleaned_data
        actions.do_move_goal(
            request.user, case, goal_id=data["goal"], direction=data["direction"], seen_order=data["order"]
        )
    except ValidationError as error:
        stale = any(e.code == "stale_order" for errs in error.error_dict.values() for e in errs)
        return _overview(request, case, refusal=" ".join(error.messages), status=409 if stale else 422)
    messages.success(request, _("The order of the goals is changed."))
    return redirect(f"{_overview_url(case)}#goal-{form.cleaned_data['goal']}")


@login_required
@require_http_methods(["GET", "POST"])
def agreement(request: HttpRequest, case_id: int) -> HttpResponse:
    """Does each participant agree with the question and the problem? Before the goals are set."""
    case = get_case_for_user(request.user, case_id, edit=True)
    members = list(case.family.members.all())
    if request.method == "POST":
        form = AgreementForm(request.POST, members=members)
        if form.is_valid():
            try:
                actions.do_record_agreements(request.user, case, answers=form.to_action())
            except ValidationError as error:
                apply_errors(form, error)
            else:
                messages.success(request, _("The agreement is recorded. Now set the goals together."))
                return redirect("goals:overview", case_id=case.pk)
    else:
        current = {a.member_id: a for a in actions.current_agreements(case)}
        initial = {}
        for member_id, a in current.items():
            initial[f"m{member_id}-agreement"] = a.agreement
            initial[f"m{member_id}-words"] = a.words
        form = AgreementForm(members=members, initial=initial)
    return _render(request, "goals/agreement.html", form, case, action="goals.agreement")


@login_required
@require_http_methods(["GET", "POST"])
def add_goal(request: HttpRequest, case_id: int) -> HttpResponse:
    case = get_case_for_user(request.user, case_id, edit=True)
    if request.method == "POST":
        form = GoalForm(request.POST, case=case)
        if form.is_valid():
            try:
                goal = actions.do_add_goal(request.user, case, **form.to_action())
            except ValidationError as error:
                apply_errors(form, error)
            else:
                messages.success(request, _("The goal is saved."))
                return redirect(f"{_overview_url(case)}#goal-{goal.pk}")
    else:
        form = GoalForm(case=case, initial={"whose": "family", "term": "short"})
    context = {"disagreements": access.overview(case)["disagreements"]}
    return _render(request, "goals/goal_form.html", form, case, action="goals.add_goal", **context)


@login_required
@require_http_methods(["GET", "POST"])
def change_goal(request: HttpRequest, goal_id: int) -> HttpResponse:
    goal = access.get_goal_for_user(request.user, goal_id, edit=True)
    case = goal.case
    if request.method == "POST":
        form = ChangeGoalForm(request.POST, case=case)
        if form.is_valid():
            try:
                actions.do_change_goal(request.user, goal, **form.to_action())
            except ValidationError as error:
                apply_errors(form, error)
            else:
                messages.success(request, _("The goal is changed."))
                return redirect(f"{_overview_url(case)}#goal-{goal.pk}")
    else:
        fields = ("words", "professional_words", "whose", "member", "term", "target_date", "status")
        initial = {f: getattr(goal, f) for f in fields} | {"status_reason": goal.status_reason, "version": goal.version}
        initial["factors"] = list(goal.factors.values_list("pk", flat=True))
        form = ChangeGoalForm(case=case, initial=initial)
    return _render(
        request, "goals/goal_form.html", form, case, action="goals.change_goal", detail=f"goal={goal.pk}", goal=goal
    )


@login_required
@require_http_methods(["GET", "POST"])
def add_score(request: HttpRequest, goal_id: int) -> HttpResponse:
    goal = access.get_goal_for_user(request.user, goal_id, edit=True)
    case = goal.case
    professionals = actions.case_professionals(case)
    if request.method == "POST":
        form = ScoreForm(request.POST, case=case, professionals=professionals)
        if form.is_valid():
            try:
                actions.do_add_score(request.user, goal, **form.to_action())
            except ValidationError as error:
                apply_errors(form, error)
            else:
                messages.success(request, _("The score is saved."))
                return redirect(f"{_overview_url(case)}#goal-{goal.pk}")
    else:
        form = ScoreForm(case=case, professionals=professionals, initial={"scored_on": timezone.localdate()})
    return _render(
        request, "goals/score_form.html", form, case, action="goals.add_score", detail=f"goal={goal.pk}", goal=goal
    )


@login_required
@require_http_methods(["GET", "POST"])
def miracle(request: HttpRequest, case_id: int) -> HttpResponse:
    """The miracle question: each participant's answer in their own words."""
    case = get_case_for_user(request.user, case_id, edit=True)
    members = list(case.family.members.all())
    if request.method == "POST":
        form = MiracleForm(request.POST, members=members)
        if form.is_valid():
            try:
                actions.do_record_miracle_answers(request.user, case, answers=form.to_action())
            except ValidationError as error:
                apply_errors(form, error)
            else:
                messages.success(request, _("The answers to the miracle question are saved."))
                return redirect(f"{_overview_url(case)}#techniques")
    else:
        form = MiracleForm(members=members)
    return _render(request, "goals/miracle.html", form, case, action="goals.miracle")


@login_required
@require_http_methods(["GET", "POST"])
def drieluik(request: HttpRequest, case_id: int) -> HttpResponse:
    case = get_case_for_user(request.user, case_id, edit=True)
    existing = access.overview(case)["drieluik"]
    if request.method == "POST":
        form = DrieluikForm(request.POST)
        if form.is_valid():
            try:
                actions.do_save_drieluik(request.user, case, **form.to_action())
            except ValidationError as error:
                apply_errors(form, error)
            else:
                messages.success(request, _("The Drieluik is saved."))
                return redirect(f"{_overview_url(case)}#techniques")
    else:
        fields = ("nothing_changes", "wished", "what_we_do", "version")
        form = DrieluikForm(initial={f: getattr(existing, f) for f in fields} if existing else {})
    return _render(request, "goals/drieluik.html", form, case, action="goals.drieluik")


@login_required
@require_http_methods(["GET", "POST"])
def signs_of_safety(request: HttpRequest, case_id: int) -> HttpResponse:
    """Signs of Safety, only when the clarification found concerns or the child not safe (goals/rules.py)."""
    case = get_case_for_user(request.user, case_id, edit=True)
    data = access.overview(case)
    existing = data["signs_of_safety"]
    if request.method == "POST":
        form = SignsOfSafetyForm(request.POST)
        if form.is_valid():
            try:
                actions.do_save_signs_of_safety(request.user, case, **form.to_action())
            except ValidationError as error:
                apply_errors(form, error)
            else:
                messages.success(request, _("Signs of Safety is saved."))
                return redirect(f"{_overview_url(case)}#techniques")
    else:
        fields = ("worries", "goes_well", "must_happen", "safety_score", "version")
        form = SignsOfSafetyForm(initial={f: getattr(existing, f) for f in fields} if existing else {})
    return _render(
        request, "goals/signs_of_safety.html", form, case, action="goals.signs_of_safety",
        applies=data["shows_signs_of_safety"],
    )  # fmt: skip


def _overview_url(case) -> str:
    return reverse("goals:overview", kwargs={"case_id": case.pk})

"""Web views for own strength, the network and the family group plan. Thin: access, parse, act, render."""

from __future__ import annotations

import rules as permission_rules
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from samenplan.audit import log
from samenplan.cases.access import get_case_for_user
from samenplan.forms import apply_errors
from samenplan.network import access, actions, picture, rules
from samenplan.network.forms import (
    AnswerForm,
    ApproveForm,
    NetworkMemberForm,
    OfferForm,
    OwnStrengthForm,
    RecordPlanForm,
    ShareForm,
    TakePartForm,
)
from samenplan.network.models import NetworkMember


def _render(request, template: str, case, *, action: str, form=None, detail: str = "", **extra) -> HttpResponse:
    """Every answer of these pages shows the case (the form, or the form with its errors): it logs the read."""
    context = {"form": form, "case": case, "family": case.family, **extra}
    status = 422 if form is not None and form.errors else 200
    return log.render_read(request, template, context, action=action, case=case, detail=detail, status=status)


def _posted(request):
    return request.POST if request.method == "POST" else None


def _map(case, people) -> str | None:
    members = [m.given_name for m in case.family.members.all()]
    label = _("Network map of family %(name)s. The list below names every person and their support.") % {
        "name": case.family.name
    }
    try:
        return picture.svg(case.family.name, members, people, label=label)
    except picture.MapUnavailable:
        return None


@login_required
@require_http_methods(["GET", "HEAD"])
def overview(request: HttpRequest, case_id: int) -> HttpResponse:
    """Own strength, the network (map and list) and the family group plan of one case."""
    case = get_case_for_user(request.user, case_id)
    people = list(access.network_members(case))
    plans = list(access.family_group_plans(case))
    context = {
        "own_strengths": access.own_strengths(case),
        "people": people,
        "network_map": _map(case, people) if people else None,
        "legend": picture.legend(),
        "plans": plans,
        "plan": plans[0] if plans else None,
        "plan_step": next_step(case, plans[0] if plans else None)
        if rules.plan_offered(case.child_protection_measure) or plans
        else None,
        "criteria": [NetworkMember._meta.get_field(name).verbose_name for name in rules.CRITERIA],
        "plan_offered": rules.plan_offered(case.child_protection_measure),
        "approval_needed": rules.approval_needed(actions.latest_safety(case)),
        "can_edit": permission_rules.test_rule("cases.change_case", request.user, case),
    }
    return _render(request, "network/overview.html", case, action="network.overview", **context)


@login_required
@require_http_methods(["GET", "POST"])
def own_strength(request: HttpRequest, case_id: int) -> HttpResponse:
    """The six own-strength questions, per participant, in their own words."""
    case = get_case_for_user(request.user, case_id, edit=True)
    members, records = case.family.members.all(), access.own_strengths(case)
    if request.method == "POST":
        form = OwnStrengthForm(request.POST, members=members, records=records)
        if form.is_valid():
            try:
                actions.do_save_own_strength(request.user, case, **form.to_action())
            except ValidationError as error:
                apply_errors(form, error)
            else:
                messages.success(request, _("The answers are saved, in the family's own words."))
                return redirect("network:overview", case_id=case.pk)
    else:
        form = OwnStrengthForm(members=members, records=records)
    return _render(request, "network/own_strength.html", case, action="network.own_strength", form=form)


@login_required
@require_http_methods(["GET", "POST"])
def add_member(request: HttpRequest, case_id: int) -> HttpResponse:
    case = get_case_for_user(request.user, case_id, edit=True)
    form = NetworkMemberForm(_posted(request), case=case)
    if request.method == "POST" and form.is_valid():
        try:
            actions.do_add_network_member(request.user, case, **form.to_action())
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("The person is added to the network."))
            return redirect("network:overview", case_id=case.pk)
    return _render(request, "network/member_form.html", case, action="network.add_member", form=form)


@login_required
@require_http_methods(["GET", "POST"])
def edit_member(request: HttpRequest, network_member_id: int) -> HttpResponse:
    person = access.get_network_member_for_user(request.user, network_member_id, edit=True)
    if request.method == "POST":
        form = NetworkMemberForm(request.POST, case=person.case)
        if form.is_valid():
            try:
                actions.do_change_network_member(
                    request.user, person, expected_version=form.cleaned_data["version"], **form.to_action()
                )
            except ValidationError as error:
                apply_errors(form, error)
            else:
                messages.success(request, _("The network is saved."))
                return redirect("network:overview", case_id=person.case_id)
    else:
        form = NetworkMemberForm(initial=NetworkMemberForm.initial_for(person), case=person.case)
    return _render(
        request,
        "network/member_form.html",
        person.case,
        action="network.change_member",
        form=form,
        detail=f"network_member={person.pk}",
        person=person,
    )


# The step a plan's state asks for next, with its form and action.
PLAN_STEPS = {
    rules.OFFER: (OfferForm, actions.do_offer_family_group_plan),
    rules.ACCEPT: (AnswerForm, actions.do_answer_family_group_plan),
    rules.RECORD: (RecordPlanForm, actions.do_record_family_group_plan),
    rules.APPROVE: (ApproveForm, actions.do_approve_family_group_plan),
}


def next_step(case, plan) -> str | None:
    """The step the page offers: offer (none yet, or declined), answer, record, approve; None when done."""
    state = plan.state if plan else None
    if state in (None, rules.DECLINED):
        return rules.OFFER
    if state == rules.OFFERED:
        return rules.ACCEPT
    if state == rules.ACCEPTED:
        return rules.RECORD
    if rules.approval_needed(actions.latest_safety(case)) and not plan.approved:
        return rules.APPROVE
    return None


def _arguments(form) -> dict:
    if hasattr(form, "to_action"):
        return form.to_action()
    data = dict(form.cleaned_data)
    data["expected_version"] = data.pop("version")
    return data


@login_required
@require_http_methods(["GET", "POST"])
def family_group_plan(request: HttpRequest, case_id: int) -> HttpResponse:
    """The next step of the family group plan: offer it, the family's answer, record it, approve it."""
    case = get_case_for_user(request.user, case_id, edit=True)
    plan = actions.current_plan(case)
    step = next_step(case, plan)
    form = None
    if step is not None:
        form_class, action = PLAN_STEPS[step]
        initial = {"version": plan.version if plan else 0, _date_field(step): timezone.localdate()}
        form = form_class(_posted(request), initial=initial)
        if request.method == "GET" and step == rules.OFFER and not rules.plan_offered(case.child_protection_measure):
            form = None  # the page explains why; a posted offer is refused by the action, with that reason
        elif request.method == "POST" and form.is_valid():
            try:
                action(request.user, case, **_arguments(form))
            except ValidationError as error:
                apply_errors(form, error)
            else:
                messages.success(request, _("The family group plan is saved."))
                return redirect("network:overview", case_id=case.pk)
    elif request.method == "POST":
        messages.info(request, _("The family group plan needs no further step."))
        return redirect("network:overview", case_id=case.pk)
    context = {
        "plan": plan,
        "step": step,
        "plan_offered": rules.plan_offered(case.child_protection_measure),
        "approval_needed": rules.approval_needed(actions.latest_safety(case)),
    }
    return _render(
        request, "network/family_group_plan.html", case, action="network.family_group_plan", form=form, **context
    )


def _date_field(step: str) -> str:
    return {rules.OFFER: "offered_on", rules.ACCEPT: "answered_on", rules.RECORD: "made_on"}.get(step, "approved_on")


@login_required
@require_http_methods(["GET", "POST"])
def take_part(request: HttpRequest, part_id: int) -> HttpResponse:
    """Take a part of the family's own plan into the agreement with someone of the network."""
    part = access.get_plan_part_for_user(request.user, part_id, edit=True)
    case = part.plan.case
    form = TakePartForm(_posted(request), case=case, initial={"version": part.plan.version})
    if request.method == "POST" and form.is_valid():
        try:
            actions.do_take_part(
                request.user,
                part,
                into=form.cleaned_data["into"],
                network_member=form.cleaned_data["network_member"],
                expected_version=form.cleaned_data["version"],
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("The part of the plan is taken over, marked as the family's own."))
            return redirect("network:overview", case_id=case.pk)
    return _render(
        request,
        "network/take_part.html",
        case,
        action="network.take_part",
        form=form,
        detail=f"plan_part={part.pk}",
        part=part,
    )


@login_required
@require_http_methods(["GET", "POST"])
def share(request: HttpRequest, case_id: int) -> HttpResponse:
    """Share the network with a recipient to coordinate help: the same action and consent check as the API.

    Without the family's consent nothing is shared (the form says why); contact details only when agreed too.
    """
    case = get_case_for_user(request.user, case_id, edit=True)
    form, shared = ShareForm(_posted(request), case=case), None
    if request.method == "POST" and form.is_valid():
        try:
            shared = actions.do_share_network(request.user, case, recipient=form.cleaned_data["recipient"])
        except ValidationError as error:
            apply_errors(form, error)
    return _render(request, "network/share.html", case, action="network.share_page", form=form, shared=shared)

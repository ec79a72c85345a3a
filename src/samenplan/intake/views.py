"""Web views for the intake steps. Thin: access, parse the form, call the action, render or redirect."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from samenplan.administration.services import routing_advice
from samenplan.audit import log
from samenplan.cases.access import get_case_for_user
from samenplan.cases.models import Phase
from samenplan.forms import apply_errors
from samenplan.intake import actions, rules
from samenplan.intake.forms import ClarificationForm, ConversationForm, RouteForm
from samenplan.intake.models import Step
from samenplan.intake.scales import levels_for


def _render(request, template: str, form, case, *, action: str, **extra) -> HttpResponse:
    """Every answer of these pages shows the case (the form, or the form with its errors): it logs the read."""
    context = {"form": form, "case": case, "family": case.family, **extra}
    return log.render_read(request, template, context, action=action, case=case, status=422 if form.errors else 200)


@login_required
@require_http_methods(["GET", "POST"])
def conversation(request: HttpRequest, case_id: int) -> HttpResponse:
    """Record a conversation with the welcome and the 8 steps on one screen."""
    case = get_case_for_user(request.user, case_id, edit=True)
    if request.method == "POST":
        form = ConversationForm(request.POST, case=case, user=request.user)
        if form.is_valid():
            try:
                actions.do_record_conversation(request.user, case, **form.to_action())
            except ValidationError as error:
                apply_errors(form, error)
            else:
                messages.success(request, _("The conversation is saved. Now write down each person's question."))
                return redirect("intake:clarify", case_id=case.pk)
    else:
        registration = getattr(case, "registration", None)
        first = not case.conversations.exists()
        second = registration.second_worker if first and registration else None
        form = ConversationForm(
            case=case,
            user=request.user,
            initial={
                "held_on": timezone.localdate(),
                "place": "office",
                "members": case.family.members.all(),
                "professionals": [second] if second else [],
                "version": case.version,
            },
        )
    return _render(request, "intake/conversation.html", form, case, action="intake.conversation")


@login_required
@require_http_methods(["GET", "POST"])
def clarify(request: HttpRequest, case_id: int) -> HttpResponse:
    """Each participant's question in their own words, with burden scores; then the professional's view."""
    case = get_case_for_user(request.user, case_id, edit=True)
    latest = case.conversations.prefetch_related("members").order_by("-held_on", "-pk").first()
    present = list(latest.members.all()) if latest else []
    others = [m for m in case.family.members.all() if m not in present]
    members = present + others
    levels = levels_for(case.family.organisation_id)
    if request.method == "POST":
        form = ClarificationForm(request.POST, case=case, levels=levels, members=members)
        if form.is_valid():
            try:
                actions.do_clarify(request.user, case, conversation=latest, **form.to_action())
            except ValidationError as error:
                apply_errors(form, error)
            else:
                messages.success(request, _("The question is clarified. Decide the route together."))
                return redirect("intake:route", case_id=case.pk)
    else:
        initial = {"safety_assessed_by": str(request.user), "version": case.version}
        if latest:  # what they said at step 1 is their question: asked once, not twice
            for c in latest.contributions.filter(step=Step.QUESTIONS):
                key = f"m{c.speaker_id}-help_question"
                initial[key] = f"{initial[key]}\n{c.text}" if key in initial else c.text
        form = ClarificationForm(case=case, levels=levels, members=members, initial=initial)
    return _render(
        request, "intake/clarify.html", form, case, action="intake.clarify", conversation=latest, present=present
    )


@login_required
@require_http_methods(["GET", "POST"])
def route(request: HttpRequest, case_id: int) -> HttpResponse:
    """Decide the route together, with each participant's agreement."""
    case = get_case_for_user(request.user, case_id, edit=True)
    clarified = {c.member_id for c in case.clarifications.all()}
    members = [m for m in case.family.members.all() if m.pk in clarified] or list(case.family.members.all())
    safety = actions.latest_safety(case)
    if request.method == "POST":
        form = RouteForm(request.POST, members=members)
        if form.is_valid():
            try:
                decision = actions.do_decide_route(request.user, case, **form.to_action())
            except ValidationError as error:
                apply_errors(form, error)
            else:
                messages.success(
                    request, _("The route is decided: %(route)s.") % {"route": decision.get_route_display()}
                )
                return redirect("cases:dossier", case_id=case.pk)
    else:
        form = RouteForm(members=members, initial={"route": rules.suggested_route(safety), "version": case.version})
    context = {
        "safety": safety,
        "severity_advice": routing_advice(case),  # the organisation's advice for the assessed severity (DOMAIN §8)
        "not_safe": safety == rules.NOT_SAFE,
        "in_clarification": case.phase == Phase.CLARIFICATION,
    }
    return _render(request, "intake/route.html", form, case, action="intake.route", **context)

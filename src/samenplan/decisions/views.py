"""Web views of deciding together. Thin: access, parse the form, call the action, render or redirect.

One screen per conversation: the option grid shows the options side by side, the preferences, the decisions and the
help in progress, and links to each form. Every answer that shows the case goes through ``log.render_read``.
"""

from __future__ import annotations

import rules
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from samenplan.audit import log
from samenplan.cases.access import get_case_for_user
from samenplan.decisions import access, actions
from samenplan.decisions.forms import DecisionForm, HelpForm, OptionForm, OverrideForm, PreferenceForm
from samenplan.errors import read_only
from samenplan.forms import apply_errors, form_outcome
from samenplan.ids import parse_id


def _grid_url(case, anchor: str = "") -> str:
    return reverse("decisions:grid", kwargs={"case_id": case.pk}) + (f"#{anchor}" if anchor else "")


def _form_page(request, case, template: str, form, act, *, action: str, done: str, anchor: str = "", **extra):
    """Validate and act on a POST; on success back to the grid, otherwise the form again (with its errors)."""
    if request.method == "POST" and form.is_valid():
        try:
            act(form)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, done)
            return redirect(_grid_url(case, anchor))
    context = {"form": form, "case": case, "family": case.family, **extra}
    return log.render_read(request, template, context, action=action, case=case, **form_outcome(form))


@login_required
@require_safe
def grid(request: HttpRequest, case_id: int) -> HttpResponse:
    """The options side by side (lightest first), the preferences, the decisions and the help in progress."""
    case = get_case_for_user(request.user, case_id)
    context = {
        **access.overview(case),
        "case": case,
        "family": case.family,
        "can_edit": rules.test_rule("cases.change_case", request.user, case),
        "can_override": rules.test_rule("analysis.override_consultation", request.user, case),
        "open_override": actions.open_override(case),
    }
    return log.render_read(request, "decisions/grid.html", context, action="decisions.grid", case=case)


@login_required
@require_http_methods(["GET", "POST"])
def add_option(request: HttpRequest, case_id: int) -> HttpResponse:
    case = get_case_for_user(request.user, case_id, edit=True)
    data = request.POST if request.method == "POST" else None
    form = OptionForm(data, case=case, offers=access.offers_for_case(case), initial={"source": "catalogue"})
    return _form_page(
        request, case, "decisions/option_form.html", form,
        lambda f: actions.do_add_option(request.user, case, **{k: v for k, v in f.to_action().items()
                                                                if k != "expected_version"}),
        action="decisions.add_option", done=_("The option is added."), anchor="options",
    )  # fmt: skip


@login_required
@require_http_methods(["GET", "POST"])
def edit_option(request: HttpRequest, option_id: int) -> HttpResponse:
    option = access.get_option_for_user(request.user, option_id, edit=True)
    case = option.case
    fields = [name for name in OptionForm.base_fields if name != "version"]
    initial = {name: getattr(option, name) for name in fields} | {"version": option.version}
    data = request.POST if request.method == "POST" else None
    form = OptionForm(data, case=case, offers=access.offers_for_case(case), initial=initial)
    return _form_page(
        request, case, "decisions/option_form.html", form,
        lambda f: actions.do_change_option(request.user, option, **f.to_action()),
        action="decisions.edit_option", done=_("The option is changed."), anchor="options", option=option,
    )  # fmt: skip


@login_required
@require_http_methods(["GET", "POST"])
def preference(request: HttpRequest, case_id: int) -> HttpResponse:
    """One participant's preference (``?member=``): an order, one preferred option, or leaving the choice."""
    case = get_case_for_user(request.user, case_id, edit=True)
    members = {m.pk: m for m in case.family.members.all()}
    number = parse_id(request.POST.get("member") if request.method == "POST" else request.GET.get("member"))
    member = members.get(number) or next(iter(members.values()), None)
    data = access.overview(case)
    existing = next((p for p in data["preferences"] if p.member_id == getattr(member, "pk", None)), None)
    initial = {"member": getattr(member, "pk", None), "seen_options": data["option_ids"], "version": 0}
    if existing is not None:
        initial |= {"kind": existing.kind, "preferred": existing.preferred_id, "reasons": existing.reasons}
        initial |= {"version": existing.version}
        initial |= {f"rank-{pk}": place for place, pk in enumerate(existing.ranking, start=1)}
    form = PreferenceForm(request.POST if request.method == "POST" else None, case=case, options=data["options"],
                          initial=initial)  # fmt: skip
    return _form_page(
        request, case, "decisions/preference_form.html", form,
        lambda f: actions.do_save_preference(request.user, case, **f.to_action()),
        action="decisions.preference", done=_("The preference is saved."), anchor="preferences",
        member=member, members=list(members.values()), options=data["options"],
    )  # fmt: skip


@login_required
@require_http_methods(["GET", "POST"])
def decide(request: HttpRequest, case_id: int) -> HttpResponse:
    """Record the decision made together, with everyone's agreement, evaluation and aftercare."""
    case = get_case_for_user(request.user, case_id, edit=True)
    data = access.overview(case)
    members = list(case.family.members.all())
    form = DecisionForm(request.POST if request.method == "POST" else None, case=case, members=members)
    return _form_page(
        request, case, "decisions/decision_form.html", form,
        lambda f: actions.do_record_decision(request.user, case, **f.to_action()),
        action="decisions.decide", done=_("The decision is recorded."), anchor="decisions",
        options=data["options"], preferences=data["preferences"],
        consultation=actions.answered_consultation(case), open_override=actions.open_override(case),
    )  # fmt: skip


@login_required
@require_http_methods(["GET", "POST"])
def override(request: HttpRequest, case_id: int) -> HttpResponse:
    """A team lead records why a crucial decision may be made without a behavioural scientist's advice."""
    case = get_case_for_user(request.user, case_id)
    if not rules.test_rule("analysis.override_consultation", request.user, case):
        log.refused(request.user, "case", case_id, case=case)
        raise read_only()
    form = OverrideForm(request.POST if request.method == "POST" else None)
    return _form_page(
        request, case, "decisions/override_form.html", form,
        lambda f: actions.do_override_crucial(request.user, case, reason=f.cleaned_data["reason"]),
        action="decisions.override", done=_("Recorded: the crucial decision may be made without a consultation."),
        anchor="decisions",
    )  # fmt: skip


@login_required
@require_http_methods(["GET", "POST"])
def add_help(request: HttpRequest, case_id: int) -> HttpResponse:
    """Record help in progress; ``?decision=`` prefills it from the decision's chosen option."""
    case = get_case_for_user(request.user, case_id, edit=True)
    initial = {"status": "planned"}
    decision = case.decisions.filter(pk=parse_id(request.GET.get("decision"))).first()
    if decision is not None:
        initial |= actions.help_from_option(decision.options.order_by("pk").first()) | {"decision": decision}
        initial["goals"] = list(case.goals.all())
    form = HelpForm(request.POST if request.method == "POST" else None, case=case,
                    offers=access.offers_for_case(case), initial=initial)  # fmt: skip
    return _form_page(
        request, case, "decisions/help_form.html", form,
        lambda f: actions.do_add_help(request.user, case, **{k: v for k, v in f.to_action().items()
                                                             if k != "expected_version"}),
        action="decisions.add_help", done=_("The help is recorded."), anchor="help",
    )  # fmt: skip


@login_required
@require_http_methods(["GET", "POST"])
def edit_help(request: HttpRequest, help_id: int) -> HttpResponse:
    help = access.get_help_for_user(request.user, help_id, edit=True)
    case = help.case
    fields = ("description", "intensity", "provider", "contact_person", "starts_on", "ends_on", "status")
    initial = {f: getattr(help, f) for f in fields}
    initial |= {"decision": help.decision_id, "offer": help.offer_id, "goals": list(help.goals.all())}
    initial |= {"version": help.version}
    form = HelpForm(request.POST if request.method == "POST" else None, case=case,
                    offers=access.offers_for_case(case), initial=initial)  # fmt: skip
    return _form_page(
        request, case, "decisions/help_form.html", form,
        lambda f: actions.do_change_help(request.user, help, **f.to_action()),
        action="decisions.edit_help", done=_("The help is changed."), anchor="help", help=help,
    )  # fmt: skip

"""Web pages of the family plan. Thin: access, parse, act, render; every page with client data logs its read."""

from __future__ import annotations

import rules as permission_rules
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from samenplan.audit import log
from samenplan.audit.models import Event
from samenplan.cases.access import get_case_for_user
from samenplan.forms import apply_errors
from samenplan.plans import access, actions, pdf, present, rows, rules, services
from samenplan.plans.forms import AgreementForm, MergeForm, PlanForm, sign_content


def _render(request, template: str, case, *, action: str, form=None, status=None, detail="", **extra):
    context = {"form": form, "case": case, "family": case.family, **extra}
    if status is None:
        status = 422 if form is not None and form.errors else 200
    return log.render_read(request, template, context, action=action, case=case, detail=detail, status=status)


UNREADABLE = gettext_lazy("Your changes could not be read. Open the plan again and make them once more.")


def _no_plan(request, case, action: str) -> HttpResponse:
    """The answer of the pages that need a version while the plan has none: a page that says so."""
    return _render(request, "plans/no_plan.html", case, action=action)


def _agreement_rows(case, version):
    answers = {a.member_id: a for a in access.agreements(version)}
    people = services.participants(case)
    agreed = rules.agreed_by_family([m.pk for m in people], {k: a.agreement for k, a in answers.items()})
    return [(member, answers.get(member.pk)) for member in people], agreed


@login_required
@require_http_methods(["GET", "HEAD"])
def plan(request: HttpRequest, case_id: int) -> HttpResponse:
    """The plan as it is now (or an earlier version), the family's agreement and the list of versions."""
    case = get_case_for_user(request.user, case_id)
    versions = services.version_rows(case)  # listed on the page; the shown one among them
    version = access.version_among(versions, request.GET.get("version"))
    context = {"version": version, "versions": versions, "newest": versions[0].newest if versions else 0}
    if version is not None:
        answers = services.agreement_answers(version.pk)
        people = services.participants(case)
        agreed = {pk: answer["agreement"] for pk, answer in answers.items()}
        context["agreed"] = rules.agreed_by_family([m.pk for m in people], agreed)
        context["sections_html"] = rows.sections(present.sections(version.content))
        context["agreements_html"] = rows.agreements([(m, answers.get(m.pk)) for m in people])
        context["versions_html"] = rows.versions(versions, version.number, case.pk)
    context["can_edit"] = permission_rules.test_rule("cases.change_case", request.user, case)
    detail = f"plan_version={version.pk}" if version else ""
    return _render(request, "plans/plan.html", case, action="plans.plan", detail=detail, **context)


@login_required
@require_http_methods(["GET", "POST"])
def edit(request: HttpRequest, case_id: int) -> HttpResponse:
    """Change the plan: saving makes a new version. Saved from an older version, the merge page shows both."""
    case = get_case_for_user(request.user, case_id, edit=True)
    current = services.current_version(case)
    if request.method == "POST":
        form = PlanForm(request.POST)
        if form.is_valid():
            try:
                version = actions.do_new_version(
                    request.user,
                    case,
                    based_on=form.cleaned_data["based_on"],
                    content=form.to_content(),
                    reason=form.cleaned_data["reason"],
                )
            except actions.StalePlan as stale:
                started = form.cleaned_data["based_on"]
                if started > stale.current:  # no such version: not a stale page, a broken one
                    form.add_error(
                        None, _("Your changes could not be read. Open the plan again and make them once more.")
                    )
                else:
                    return _merge_page(request, case, started, form.to_content(), form.cleaned_data["reason"], stale)
            except ValidationError as error:
                apply_errors(form, error)
            else:
                messages.success(request, _("The plan is saved as version %(number)s.") % {"number": version.number})
                return redirect("plans:plan", case_id=case.pk)
    else:
        content = current.content if current else services.prefill(case)
        initial = PlanForm.initial_for(content, current.number if current else 0)
        reason = services.adjustment_reason(case, request.GET.get("evaluation"))
        if reason:  # opened from an evaluation that agreed to adjust the plan
            initial["reason"] = reason
        form = PlanForm(initial=initial)
    copied = present.sections(services.snapshot(case))
    copied = [s for s in copied if s.key in (rules.GOALS, rules.HELP)]
    return _render(request, "plans/edit.html", case, action="plans.edit", form=form, current=current, copied=copied)


def _merge_page(request, case, started_from: int, mine: dict, reason: str, stale=None, form=None):
    """Both versions per section: the one saved meanwhile and the editor's own; they choose where both changed."""
    theirs = services.current_version(case)
    base = access.get_version(case, started_from).content if started_from else rules.empty_content()
    outcome = rules.three_way(base, theirs.content, mine)
    conflicts = [key for key in rules.SECTIONS if outcome[key] == rules.CONFLICT]
    titles = {key: str(actions.section_title(key)) for key in rules.SECTIONS}
    if form is None:
        initial = {"based_on": theirs.number, "started_from": started_from, "mine": sign_content(mine)}
        form = MergeForm(initial={**initial, "reason": reason}, conflicts=conflicts, titles=titles)
    labels = present.labels()
    rows = []
    for shown_theirs, shown_mine in zip(present.sections(theirs.content), present.sections(mine), strict=True):
        key = shown_theirs.key
        rows.append(
            {
                "key": key,
                "title": titles[key],
                "outcome": outcome[key],
                "theirs": shown_theirs,
                "mine": shown_mine,
                "choice": form[f"choice_{key}"] if key in conflicts else None,
                "changes": rules.diff_lines(
                    rules.section_lines(theirs.content, key, labels), rules.section_lines(mine, key, labels)
                ),
            }
        )
    return _render(
        request,
        "plans/merge.html",
        case,
        action="plans.merge",
        form=form,
        status=409,
        detail=f"plan_version={theirs.pk} started_from={started_from}",
        theirs=theirs,
        started_from=started_from,
        rows=rows,
        conflicts=conflicts,
    )


@login_required
@require_POST
def merge(request: HttpRequest, case_id: int) -> HttpResponse:
    """Save the merged plan: per section the editor's choice, as a new version."""
    case = get_case_for_user(request.user, case_id, edit=True)
    first = MergeForm(request.POST)
    for name in list(first.fields):
        if name.startswith("choice_"):
            del first.fields[name]
    if not first.is_valid() or services.current_version(case) is None:
        messages.error(request, _("Your changes could not be read. Open the plan again and make them once more."))
        return redirect("plans:edit", case_id=case.pk)
    started, mine, reason = first.cleaned_data["started_from"], first.cleaned_data["mine"], first.cleaned_data["reason"]
    current = services.current_version(case)
    if started > current.number or first.cleaned_data["based_on"] != current.number:
        return _merge_page(request, case, min(started, current.number), mine, reason)
    base = access.get_version(case, started).content if started else rules.empty_content()
    outcome = rules.three_way(base, current.content, mine)
    conflicts = [key for key in rules.SECTIONS if outcome[key] == rules.CONFLICT]
    titles = {key: str(actions.section_title(key)) for key in rules.SECTIONS}
    form = MergeForm(request.POST, conflicts=conflicts, titles=titles)
    if form.is_valid():
        merged = rules.merge(current.content, mine, outcome, form.choices())
        try:
            version = actions.do_new_version(request.user, case, based_on=current.number, content=merged, reason=reason)
        except actions.StalePlan:
            return _merge_page(request, case, started, mine, reason)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("The plan is saved as version %(number)s.") % {"number": version.number})
            return redirect("plans:plan", case_id=case.pk)
    return _merge_page(request, case, started, mine, reason, form=form)


@login_required
@require_http_methods(["GET", "HEAD"])
def compare(request: HttpRequest, case_id: int) -> HttpResponse:
    """The difference between two versions, per section: words and lines added and removed."""
    case = get_case_for_user(request.user, case_id)
    newest = services.version_number(case)
    if not newest:
        return _no_plan(request, case, "plans.compare")
    new = access.get_version(case, request.GET.get("to") or newest)
    old = access.get_version(case, request.GET.get("from") or max(new.number - 1, 1))
    changes = rules.diff(old.content, new.content, present.labels())
    sections = [(str(actions.section_title(key)), changes[key]) for key in rules.SECTIONS]
    context = {"old": old, "new": new, "sections": sections, "versions": services.versions(case)}
    detail = f"plan_version={old.pk},{new.pk}"
    return _render(request, "plans/compare.html", case, action="plans.compare", detail=detail, **context)


@login_required
@require_http_methods(["GET", "POST"])
def agreement(request: HttpRequest, case_id: int) -> HttpResponse:
    """One participant's agreement with the newest version, in their own words."""
    case = get_case_for_user(request.user, case_id, edit=True)
    version = services.current_version(case)
    if version is None:
        return _no_plan(request, case, "plans.agreement")
    people = services.participants(case)
    form = AgreementForm(request.POST if request.method == "POST" else None, members=people)
    if request.method == "POST" and form.is_valid():
        try:
            actions.do_record_agreement(request.user, version, **form.cleaned_data)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("The agreement is saved, in their own words."))
            return redirect("plans:plan", case_id=case.pk)
    rows, _agreed = _agreement_rows(case, version)
    return _render(
        request, "plans/agreement.html", case, action="plans.agreement", form=form, version=version, agreements=rows
    )


@login_required
@require_http_methods(["GET", "HEAD"])
def download(request: HttpRequest, case_id: int) -> HttpResponse:
    """The plan as a PDF the family can take home: an export of client data, logged as one."""
    case = get_case_for_user(request.user, case_id)
    version = access.get_version(case, request.GET.get("version"), default_current=True)
    if version is None:
        return _no_plan(request, case, "plans.pdf")
    log.record(request.user, Event.EXPORT, "plans.pdf", case=case, detail=f"plan_version={version.pk}")
    response = HttpResponse(pdf.render(case, version), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="gezinsplan-{case.pk}-versie-{version.number}.pdf"'
    return response

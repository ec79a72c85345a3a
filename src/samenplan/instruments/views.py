"""Web views: the list of questionnaires, loading a definition, administering one in a case, its results.
Thin: parse, access, act, render."""

from __future__ import annotations

import rules
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods

from samenplan.audit import log
from samenplan.cases.access import get_case_for_user
from samenplan.forms import apply_errors
from samenplan.instruments import access, actions, charts
from samenplan.instruments import rules as instrument_rules
from samenplan.instruments.forms import AdministrationForm, ChooseForm, LoadForm
from samenplan.instruments.models import Informant


@login_required
@require_http_methods(["GET", "HEAD"])
def definitions(request: HttpRequest) -> HttpResponse:
    """The questionnaires this organisation may use, newest version first; no client data."""
    found = access.definitions_for(request.user.organisation_id).select_related("organisation", "loaded_by")
    context = {
        "definitions": found.order_by("name", "code", "-version"),
        "can_manage": rules.test_rule("instruments.manage", request.user),
    }
    return render(request, "instruments/definitions.html", context)


@login_required
@require_http_methods(["GET", "HEAD"])
def definition(request: HttpRequest, definition_id: int) -> HttpResponse:
    found = access.get_definition_for_user(request.user, definition_id)
    informants = [Informant(i).label for i in found.definition.get("informants", []) if i in Informant.values]
    context = {"definition": found, "spec": found.definition, "informants": informants}
    return render(request, "instruments/definition.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def load(request: HttpRequest) -> HttpResponse:
    """An administrator loads a definition (upload or paste); every problem is listed with its path."""
    if not rules.test_rule("instruments.manage", request.user):
        raise PermissionDenied
    form = LoadForm(request.POST or None, request.FILES or None)
    problems: list[str] = []
    if request.method == "POST" and form.is_valid():
        try:
            loaded = actions.do_load_definition(
                request.user, form.cleaned_data["text"], organisation=request.user.organisation
            )
        except ValidationError as error:
            problems = [m for messages_ in error.message_dict.values() for m in messages_]
            form.add_error(
                "text",
                ngettext(
                    "The definition has %(count)d problem; it is listed above.",
                    "The definition has %(count)d problems; they are listed above.",
                    len(problems),
                )
                % {"count": len(problems)},
            )
        else:
            messages.success(
                request,
                _("%(name)s (version %(version)d) is loaded.") % {"name": loaded.name, "version": loaded.version},
            )
            return redirect("instruments:definition", definition_id=loaded.pk)
    context = {"form": form, "problems": problems}
    return render(request, "instruments/load.html", context, status=422 if form.errors else 200)


@login_required
@require_http_methods(["GET", "POST"])
def administer(request: HttpRequest, case_id: int) -> HttpResponse:
    """Step 1 chooses the questionnaire and about whom (GET); step 2 records who filled it in and the answers."""
    case = get_case_for_user(request.user, case_id, edit=True)
    # The choice travels in the address (step 1 is a GET form) or, from the answers form, in the posted fields.
    chosen_in = request.POST if request.method == "POST" and "definition" in request.POST else request.GET
    choose = ChooseForm(
        chosen_in if "definition" in chosen_in else None,
        case=case,
        definitions=access.current_definitions(case.family.organisation_id),
    )
    context = {"case": case, "choose": choose, "form": None}
    if not choose.is_bound or not choose.is_valid():
        template, status = "instruments/administer.html", 422 if choose.errors else 200
        return log.render_read(request, template, context, action="instruments.administer", case=case, status=status)
    chosen, member = choose.cleaned_data["definition"], choose.cleaned_data["member"]
    form = AdministrationForm(request.POST if request.method == "POST" else None, case=case, definition=chosen)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            administration = actions.do_administer(
                request.user,
                case,
                definition=chosen,
                member=member,
                informant=data["informant"],
                informant_member=data["informant_member"],
                informant_name=data["informant_name"],
                administered_on=data["administered_on"],
                sex=data.get("sex", "unknown"),
                answers=form.answers(),
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("The questionnaire is saved and scored."))
            return redirect("instruments:administration", administration_id=administration.pk)
    age = member.age if member is not None else None
    context.update(
        form=form,
        definition=chosen,
        member=member,
        age_warning=instrument_rules.age_warning(chosen.definition, age),
        suitability=[
            f"{who}: {warning}"
            for who, codes, language in access.family_circumstances(case)
            for warning in instrument_rules.suitability_warnings(chosen.definition, codes, language)
        ],
    )
    return log.render_read(
        request,
        "instruments/administer.html",
        context,
        action="instruments.administer",
        case=case,
        member=member,
        detail=f"definition={chosen.pk}",
        status=422 if form.errors else 200,
    )


@login_required
@require_http_methods(["GET", "HEAD"])
def administration(request: HttpRequest, administration_id: int) -> HttpResponse:
    """The results with their bands and, per subscale, a chart and table of this and earlier administrations."""
    found = access.get_administration_for_user(request.user, administration_id)
    history = list(access.earlier_administrations(found))
    context = {
        "administration": found,
        "case": found.case,
        "definition": found.definition,
        "subscales": _subscale_views(found, history),
        "answers": _answer_rows(found),
        "newer": access.definitions_for(found.case.family.organisation_id)
        .filter(code=found.definition.code, version__gt=found.definition.version)
        .order_by("-version")
        .first(),
    }
    return log.render_read(
        request,
        "instruments/administration.html",
        context,
        action="instruments.administration",
        case=found.case,
        member=found.member,
        detail=f"administration={found.pk}",
    )


def _subscale_views(found, history) -> list[dict]:
    spec = found.definition.definition
    views = []
    for sub in spec.get("subscales", []):
        result = found.scores.get(sub["id"])
        if result is None:
            continue
        points = [
            charts.Point(a.administered_on, a.scores[sub["id"]]["score"], _band_label(a, sub["id"]), a.pk == found.pk)
            for a in history
            if (a.scores.get(sub["id"]) or {}).get("score") is not None
        ]
        low, high = instrument_rules.subscale_range(spec, sub) or (0, 1)
        bands = _bands_of(spec, sub["id"], found)
        step = 10 ** -instrument_rules.precision_of(sub)
        chart = charts.subscale_svg(sub["name"], points, bands, float(low), float(high), step) if points else ""
        views.append({"id": sub["id"], "result": result, "points": points, "chart": chart, "bands": bands})
    return views


def _band_label(administration, subscale_id) -> str:
    band = (administration.scores.get(subscale_id) or {}).get("band")
    return band["label"] if band else ""


def _bands_of(spec: dict, subscale_id: str, found) -> list[dict]:
    """The norm bands used for this result (its norm group), to shade the chart."""
    sex = found.sex if found.sex in instrument_rules.SEXES else None
    group = instrument_rules.norm_group(spec, subscale_id, found.age, sex)
    return list(group.get("bands", [])) if group else []


def _answer_rows(found) -> list[dict]:
    spec = found.definition.definition
    scales = instrument_rules.scales_by_id(spec)
    rows = []
    for item in spec.get("items", []):
        value = found.answers.get(item["id"])
        shown = value
        if item.get("kind") != instrument_rules.TEXT and value is not None:
            labels = {o["value"]: o["label"] for o in scales.get(item["scale"], {}).get("options", [])}
            shown = f"{labels.get(value, '')} ({value})"
        rows.append({"item": item, "value": shown, "text": item.get("kind") == instrument_rules.TEXT})
    return rows


@login_required
@require_http_methods(["GET", "POST"])
def assign(request: HttpRequest, case_id: int) -> HttpResponse:
    """Ask a family member to fill in a questionnaire themselves in the portal, by a date; the ones asked so far."""
    from samenplan.forms import form_outcome
    from samenplan.instruments.forms import AssignForm

    case = get_case_for_user(request.user, case_id, edit=True)
    form = AssignForm(
        request.POST or None, case=case, definitions=access.family_definitions(case.family.organisation_id)
    )
    if request.method == "POST" and form.is_valid():
        try:
            actions.do_assign(request.user, case, **form.cleaned_data)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("The questionnaire is waiting for the family member in the portal."))
            return redirect("instruments:assign", case_id=case.pk)
    context = {"case": case, "form": form, "assignments": list(access.case_assignments(case))}
    return log.render_read(
        request, "instruments/assign.html", context, action="instruments.assign", case=case, **form_outcome(form)
    )

"""Web views for the analysis. Thin: access, parse the form, call the action, render or redirect.

Every answer that shows the case (a form, or the form again with its errors) goes through ``audit.log.render_read``.
"""

from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from samenplan.analysis import access, actions, forms, services
from samenplan.audit import log
from samenplan.cases.access import get_case_for_user
from samenplan.errors import read_only
from samenplan.forms import apply_errors

FORM = "analysis/form.html"


def _render(request, template, context, *, action: str, case, form=None, detail: str = "") -> HttpResponse:
    status = 422 if form is not None and form.errors else 200
    return log.render_read(
        request,
        template,
        {**context, "case": case, "form": form},
        action=action,
        case=case,
        detail=detail,
        status=status,
    )


def _form_page(
    request: HttpRequest,
    case,
    make_form: Callable,
    act: Callable,
    *,
    action: str,
    done: str,
    page: dict,
    initial: dict | None = None,
    template: str = FORM,
    rename: dict | None = None,
) -> HttpResponse:
    """GET shows the form; POST checks it, calls ``act(data)`` and goes back to the analysis page."""
    if request.method == "POST":
        form = make_form(request.POST)
        if form.is_valid():
            try:
                act(form)
            except ValidationError as error:
                apply_errors(form, error, rename)
            else:
                messages.success(request, done)
                return redirect("analysis:overview", case_id=case.pk)
    else:
        form = make_form(None, initial=initial or {})
    return _render(request, template, page, action=action, case=case, form=form)


@login_required
@require_GET
def overview(request: HttpRequest, case_id: int) -> HttpResponse:
    """The analysis of one case: the plan with warnings, the coherent picture, consultations, psycho-education."""
    case = get_case_for_user(request.user, case_id)
    return _render(request, "analysis/overview.html", services.overview(request.user, case), action="analysis.overview",
                   case=case)  # fmt: skip


@login_required
@require_http_methods(["GET", "POST"])
def add_circumstance(request: HttpRequest, case_id: int) -> HttpResponse:
    case = get_case_for_user(request.user, case_id, edit=True)
    return _form_page(
        request,
        case,
        lambda data, **kw: forms.CircumstanceForm(data, case=case, **kw),
        lambda form: actions.do_record_circumstance(request.user, case, **form.cleaned_data),
        action="analysis.record_circumstance",
        done=_("The circumstance is recorded."),
        page={"title": gettext_lazy("Special circumstances"), "submit": gettext_lazy("Record"),
              "intro": gettext_lazy("Origin, language, literacy or a disability can make a questionnaire unsuitable. "
                                    "Record them, so the plan warns when a questionnaire does not fit.")},
    )  # fmt: skip


@login_required
@require_http_methods(["GET", "POST"])
def add_question(request: HttpRequest, case_id: int) -> HttpResponse:
    case = get_case_for_user(request.user, case_id, edit=True)
    return _form_page(
        request,
        case,
        lambda data, **kw: forms.QuestionForm(data, case=case, **kw),
        lambda form: actions.do_add_question(request.user, case, **form.cleaned_data),
        action="analysis.add_question",
        done=_("The question is added to the investigation plan."),
        page={"title": gettext_lazy("Investigation plan: a question"), "submit": gettext_lazy("Add to the plan"),
              "intro": gettext_lazy("Make the plan together: which questions need an answer, which information is "
                                    "needed, and how you collect it. Collect no more than needed.")},
        initial={"made_with": case.family.members.all()},
    )  # fmt: skip


@login_required
@require_http_methods(["GET", "POST"])
def picture(request: HttpRequest, case_id: int) -> HttpResponse:
    """Write the coherent picture (a new version once the family has seen the current one)."""
    case = get_case_for_user(request.user, case_id, edit=True)
    current = access.current_picture(case)
    rows = (len(current.factors.all()) if current else 0) + forms.EMPTY_FACTOR_ROWS
    return _form_page(
        request,
        case,
        lambda data, **kw: forms.PictureForm(data, rows=rows, **kw),
        lambda form: actions.do_save_picture(request.user, case, **form.to_action()),
        action="analysis.save_picture",
        done=_("The coherent picture is saved."),
        page={"current": current},
        initial=forms.PictureForm.initial_for(current, rows),
        template="analysis/picture.html",
    )


@login_required
@require_http_methods(["GET", "POST"])
def share(request: HttpRequest, case_id: int) -> HttpResponse:
    """Record that the picture was discussed with the family, and how each of them sees it."""
    case = get_case_for_user(request.user, case_id, edit=True)
    current = access.current_picture(case)
    members = list(case.family.members.all())
    if current is None:
        messages.error(request, _("Write the coherent picture first."))
        return redirect("analysis:overview", case_id=case.pk)
    return _form_page(
        request,
        case,
        lambda data, **kw: forms.ShareForm(data, members=members, **kw),
        lambda form: actions.do_share_picture(request.user, current, **form.to_action()),
        action="analysis.share_picture",
        done=_("The family's view is recorded."),
        page={"current": current},
        initial={"version": current.version},
        template="analysis/share.html",
    )


@login_required
@require_POST
def finalise(request: HttpRequest, case_id: int) -> HttpResponse:
    case = get_case_for_user(request.user, case_id, edit=True)
    current = access.current_picture(case)
    form = forms.VersionForm(request.POST)
    if current is None:
        form.add_error(None, _("Write the coherent picture first."))
    elif form.is_valid():
        try:
            actions.do_finalise_picture(request.user, current, expected_version=form.cleaned_data["version"])
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("The coherent picture is final."))
            return redirect("analysis:overview", case_id=case.pk)
    context = services.overview(request.user, case, finalise_form=form)
    return _render(request, "analysis/overview.html", context, action="analysis.finalise_picture", case=case, form=form)


@login_required
@require_http_methods(["GET", "POST"])
def override(request: HttpRequest, case_id: int) -> HttpResponse:
    """A team lead records why the picture may be final without a consultation."""
    case = get_case_for_user(request.user, case_id)
    if not services.may_override(request.user, case):
        log.refused(request.user, "case", case_id, case=case)
        raise read_only()
    current = access.current_picture(case)
    if current is None:
        messages.error(request, _("Write the coherent picture first."))
        return redirect("analysis:overview", case_id=case.pk)
    return _form_page(
        request,
        case,
        lambda data, **kw: forms.OverrideForm(data, **kw),
        lambda form: actions.do_override_consultation(
            request.user, current, reason=form.cleaned_data["reason"], expected_version=form.cleaned_data["version"]
        ),
        action="analysis.override_consultation",
        done=_("Recorded: no consultation is needed for this picture."),
        page={"title": gettext_lazy("No consultation needed"), "submit": gettext_lazy("Record"),
              "intro": gettext_lazy("The problems are marked as multiple and complex. As team lead you can record "
                                    "why the picture may be final without a behavioural scientist's advice.")},
        initial={"version": current.version},
    )  # fmt: skip


@login_required
@require_http_methods(["GET", "POST"])
def request_consultation(request: HttpRequest, case_id: int) -> HttpResponse:
    case = get_case_for_user(request.user, case_id, edit=True)
    scientists = actions.scientists_for(case)
    return _form_page(
        request,
        case,
        lambda data, **kw: forms.ConsultationForm(data, case=case, scientists=scientists, **kw),
        lambda form: actions.do_request_consultation(request.user, case, **form.cleaned_data),
        action="analysis.request_consultation",
        done=_("The consultation is asked. The behavioural scientist sees the case until the advice is in."),
        page={"title": gettext_lazy("Ask a behavioural scientist"), "submit": gettext_lazy("Ask for advice"),
              "intro": gettext_lazy("The current coherent picture goes with your question. Ask the family first, "
                                    "and record who agreed and on which conditions.")},
    )  # fmt: skip


@login_required
@require_GET
def queue(request: HttpRequest) -> HttpResponse:
    """The behavioural scientist's open requests, oldest first."""
    requests = list(access.open_requests_for(request.user))
    return log.render_read(
        request,
        "analysis/queue.html",
        {"requests": requests},
        action="analysis.queue",
        families=[r.case.family_id for r in requests],
    )


@login_required
@require_http_methods(["GET", "POST"])
def answer(request: HttpRequest, consultation_id: int) -> HttpResponse:
    """The scientist reads the question, the picture and the family's conditions, and gives advice."""
    consultation = access.get_consultation_for_user(request.user, consultation_id, answer=True)
    case = consultation.case
    if request.method == "POST":
        form = forms.AnswerForm(request.POST)
        if form.is_valid():
            try:
                actions.do_answer_consultation(
                    request.user,
                    consultation,
                    advice=form.cleaned_data["advice"],
                    expected_version=form.cleaned_data["version"],
                )
            except ValidationError as error:
                apply_errors(form, error)
            else:
                messages.success(request, _("Your advice is in the dossier."))
                return redirect("analysis:queue")
    else:
        form = forms.AnswerForm(initial={"version": consultation.version})
    context = {"consultation": consultation, "picture": services.picture_with_details(consultation.picture)}
    return _render(
        request, "analysis/answer.html", context, action="analysis.answer_consultation", case=case, form=form,
        detail=f"consultation={consultation.pk}",
    )  # fmt: skip


@login_required
@require_http_methods(["GET", "POST"])
def psycho_education(request: HttpRequest, case_id: int) -> HttpResponse:
    case = get_case_for_user(request.user, case_id, edit=True)
    return _form_page(
        request,
        case,
        lambda data, **kw: forms.PsychoEducationForm(data, case=case, **kw),
        lambda form: actions.do_record_psycho_education(request.user, case, **form.cleaned_data),
        action="analysis.psycho_education",
        done=_("The psycho-education is recorded."),
        page={"title": gettext_lazy("Psycho-education"), "submit": gettext_lazy("Record"),
              "intro": gettext_lazy("What the problem means and its consequences, what the family can do itself, "
                                    "and which help exists.")},
        initial={"given_on": timezone.localdate()},
    )  # fmt: skip


@login_required
@require_http_methods(["GET", "POST"])
def skip(request: HttpRequest, case_id: int) -> HttpResponse:
    """Skip the analysis under a child-protection measure, with the reason recorded (G4.6)."""
    case = get_case_for_user(request.user, case_id, edit=True)
    if request.method == "POST":
        form = forms.SkipForm(request.POST)
        if form.is_valid():
            try:
                case = actions.do_skip_analysis(request.user, case, **_skip_arguments(form))
            except ValidationError as error:
                apply_errors(form, error, {"phase": "reason"})
            else:
                messages.success(request, _("The analysis is skipped; the case is now in the phase: goals."))
                return redirect("cases:dossier", case_id=case.pk)
    else:
        form = forms.SkipForm(initial={"version": case.version})
    page = {"title": gettext_lazy("Skip the analysis"), "submit": gettext_lazy("Skip the analysis"),
            "intro": gettext_lazy("Under a child-protection measure, when extensive information was available "
                                  "before it started, the analysis may be skipped. Write down why.")}  # fmt: skip
    return _render(request, FORM, page, action="analysis.skip", case=case, form=form)


def _skip_arguments(form) -> dict:
    return {"reason": form.cleaned_data["reason"], "expected_version": form.cleaned_data["version"]}

"""Questionnaires for the family member: the ones the caseworker asked them to fill in, each on an accessible form
(one fieldset per question, no JavaScript), saved to go on later, then sent: an administration with the member as
informant, scored like one the professional entered."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from samenplan.audit.log import render_read
from samenplan.errors import StaleVersion
from samenplan.forms import apply_errors, form_outcome
from samenplan.portal import access, access_questionnaires, actions_questionnaires
from samenplan.portal.forms_questionnaires import AnswersForm, initial_answers

STALE = gettext_lazy("You changed this on another screen in the meantime. Look again and save once more.")


@require_http_methods(["GET", "HEAD"])
@login_required
@access.family_member_required
def questionnaires(request):
    """The questionnaires for this member: to fill in (with the date), and the ones sent."""
    member = request.member
    found = list(access_questionnaires.assignments_for_member(member))
    context = {
        "member": member,
        "family": member.family,
        "voice": access.voice(member),
        "open": [a for a in found if not a.is_done],
        "done": [a for a in found if a.is_done],
    }
    return render_read(
        request, "portal/questionnaires_list.html", context, action="portal.questionnaires", family=member.family
    )


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
@access.family_member_required
def questionnaire(request, assignment_id: int):
    member = request.member
    assignment = access_questionnaires.get_assignment_for_member(member, assignment_id)
    initial = {"version": assignment.version, **initial_answers(assignment.answers)}
    form = AnswersForm(
        request.POST if request.method == "POST" and not assignment.is_done else None,
        definition=assignment.definition,
        initial=initial,
    )
    if form.is_bound and form.is_valid():
        act = actions_questionnaires.do_send if form.sends else actions_questionnaires.do_save
        try:
            act(request.user, member, assignment, answers=form.answers(), version=form.cleaned_data["version"])
        except StaleVersion:
            form.add_error(None, STALE)
        except ValidationError as error:
            apply_errors(form, error, {"version": None})
        else:
            if form.sends:
                messages.success(request, _("Thank you. The questionnaire has been sent."))
                return redirect("portal:questionnaires")
            messages.success(request, _("Saved. You can go on later."))
            return redirect("portal:questionnaire", assignment_id=assignment.pk)
        assignment.refresh_from_db()
        form.data = form.data.copy()
        form.data["version"] = str(assignment.version)
    context = {"member": member, "family": member.family, "voice": access.voice(member)}
    context |= {"assignment": assignment, "spec": assignment.definition.definition, "form": form}
    outcome = form_outcome(form)
    outcome["detail"] = " ".join(filter(None, [f"assignment={assignment.pk}", outcome.get("detail", "")]))
    return render_read(
        request, "portal/questionnaires_form.html", context, action="portal.questionnaire", case=assignment.case,
        member=member, **outcome,
    )  # fmt: skip

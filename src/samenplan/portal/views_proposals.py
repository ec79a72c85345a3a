"""The family proposes in its own words (question, goal, own solution) and gives its view of the coherent picture;
the caseworker takes a proposal in or declines it, and marks what the family wrote as seen."""

from __future__ import annotations

import rules
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from django.views.decorators.http import require_http_methods

from samenplan.audit.log import render_read
from samenplan.cases.access import get_case_for_user
from samenplan.errors import StaleVersion
from samenplan.forms import FORM_ERRORS, apply_errors, form_outcome
from samenplan.portal import access, actions_proposals
from samenplan.portal.forms_proposals import (
    PROPOSAL_TEXTS,
    DeclineProposalForm,
    FamilyViewForm,
    ProposalForm,
    SeenForm,
    TakeProposalForm,
)
from samenplan.portal.models import ProposalKind

KINDS = {"question": ProposalKind.QUESTION, "goal": ProposalKind.GOAL, "own-solution": ProposalKind.OWN_SOLUTION}


def _context(member, **extra) -> dict:
    return {"member": member, "family": member.family, "voice": access.voice(member), **extra}


# ── The family (portal) ────────────────────────────────────────────────────────────────────────────────────


@require_http_methods(["GET", "HEAD"])
@login_required
@access.family_member_required
def proposals(request):
    member = request.member
    context = _context(member, proposals=access.family_proposals(member), case=access.proposal_case(member))
    voice = "youth" if context["voice"] == "youth" else "parent"
    context["choices"] = [(slug, PROPOSAL_TEXTS[(voice, kind)][0]) for slug, kind in KINDS.items()]
    return render_read(request, "portal/proposals_list.html", context, action="portal.proposals", family=member.family)


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
@access.family_member_required
def propose(request, kind: str):
    member = request.member
    case = access.proposal_case(member)
    if kind not in KINDS or case is None:
        raise Http404
    form = ProposalForm(request.POST or None, kind=KINDS[kind], voice=access.voice(member))
    if request.method == "POST" and form.is_valid():
        try:
            actions_proposals.do_propose(request.user, member, case, kind=KINDS[kind], **form.cleaned_data)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("Thank you. Your contact person reads it and answers you here."))
            return redirect("portal:proposals")
    context = _context(member, form=form, case=case)
    return render_read(
        request, "portal/proposals_form.html", context, action="portal.propose", case=case, **form_outcome(form)
    )


PICTURE_CHANGED = gettext_noop("The picture was changed while you were reading it. Read it again, then answer.")


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
@access.family_member_required
def picture(request):
    """The current coherent picture of the family's case, and the member's own view of it."""
    from samenplan.analysis import actions as analysis_actions
    from samenplan.analysis.access import current_picture

    member = request.member
    case = access.proposal_case(member)
    current = current_picture(case) if case is not None else None
    mine = next((v for v in current.family_views.all() if v.member_id == member.pk), None) if current else None
    initial = {"version": current.version} if current else {}
    form = FamilyViewForm(request.POST or None, voice=access.voice(member), initial=initial) if current else None
    if request.method == "POST":
        if form is None:
            raise Http404
        if form.is_valid():
            try:
                analysis_actions.do_family_view(
                    request.user, member, current, agreement=form.cleaned_data["agreement"],
                    words=form.cleaned_data["words"], expected_version=form.cleaned_data["version"],
                )  # fmt: skip
            except StaleVersion:
                form.add_error(None, _(PICTURE_CHANGED))
            except ValidationError as error:
                apply_errors(form, error)
            else:
                messages.success(request, _("Thank you. Your answer has been saved."))
                return redirect("portal:picture")
        if form.errors:  # show the newest version to answer
            form.data = form.data.copy()
            form.data["version"] = str(current.version)
    context = _context(member, case=case, current=current, mine=mine, form=form)
    extra = form_outcome(form) if form is not None else {"status": 200}
    return render_read(
        request, "portal/proposals_picture.html", context, action="portal.picture", family=member.family, case=case,
        **extra,
    )  # fmt: skip


# ── The caseworker ─────────────────────────────────────────────────────────────────────────────────────────


def _case_page(request, case, *, decline=None, failed=None, status=200):
    context = {"case": case, "family": case.family, "proposals": list(access.case_proposals(case))}
    context["decline"], context["failed"] = decline, failed
    context["can_edit"] = rules.test_rule("cases.change_case", request.user, case)
    detail = FORM_ERRORS if status != 200 else ""
    return render_read(
        request, "portal/proposals_case.html", context, action="portal.case_proposals", case=case, status=status,
        detail=detail,
    )  # fmt: skip


@require_http_methods(["GET", "HEAD"])
@login_required
def case_proposals(request, case_id: int):
    """The family's proposals on the case: take one in with one click, or decline it with a reason."""
    return _case_page(request, get_case_for_user(request.user, case_id))


STALE = gettext_noop("Someone else decided on this proposal in the meantime. Look at the list again.")


@require_http_methods(["POST"])
@login_required
def take_proposal(request, case_id: int, proposal_id: int):
    case = get_case_for_user(request.user, case_id, edit=True)
    proposal = access.get_case_proposal(case, proposal_id)
    form = TakeProposalForm(request.POST)
    if form.is_valid():
        try:
            actions_proposals.do_take_proposal(request.user, proposal, expected_version=form.cleaned_data["version"])
        except StaleVersion:
            form.add_error(None, _(STALE))
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("Taken in, in the family's own words."))
            return redirect("portal:case_proposals", case.pk)
    return _case_page(request, case, failed=(proposal.pk, form), status=422)


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def decline_proposal(request, case_id: int, proposal_id: int):
    case = get_case_for_user(request.user, case_id, edit=request.method == "POST")
    proposal = access.get_case_proposal(case, proposal_id)  # decided meanwhile: the action says so (422)
    form = DeclineProposalForm(request.POST or None, initial={"version": proposal.version})
    if request.method == "POST" and form.is_valid():
        try:
            data = form.cleaned_data
            actions_proposals.do_decline_proposal(
                request.user, proposal, reason=data["reason"], expected_version=data["version"]
            )
        except StaleVersion:
            form.add_error(None, _(STALE))
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("Not taken in. The family reads your reason in the portal."))
            return redirect("portal:case_proposals", case.pk)
    context = {"case": case, "family": case.family, "proposal": proposal, "form": form}
    return render_read(
        request, "portal/proposals_decline.html", context, action="portal.decline_proposal", case=case,
        **form_outcome(form),
    )  # fmt: skip


@require_http_methods(["POST"])
@login_required
def family_input_seen(request, case_id: int):
    """The case's professionals have read what the family wrote, up to the newest entry the page showed."""
    case = get_case_for_user(request.user, case_id, edit=True)
    form = SeenForm(request.POST)
    if form.is_valid():
        actions_proposals.do_mark_family_input_seen(request.user, case, up_to=form.cleaned_data["up_to"])
        messages.success(request, _("Marked as seen."))
    else:
        messages.error(request, _("This did not work. Reload the page, then try again."))
    return redirect("cases:dossier", case.pk)

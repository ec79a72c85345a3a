"""The portal's pages to give a consent the caseworker proposed, and to limit a consent one gave."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from samenplan.audit.log import render_read
from samenplan.consent import access as consent_access
from samenplan.consent import actions as consent_actions
from samenplan.errors import StaleVersion
from samenplan.forms import apply_errors, form_outcome
from samenplan.portal import access
from samenplan.portal.forms import FamilyGiveConsentForm, FamilyLimitConsentForm


def _context(member, **extra) -> dict:
    return {"member": member, "family": member.family, "voice": access.voice(member), **extra}


def _render(request, template, context, form, *, action: str, case, detail: str):
    outcome = form_outcome(form)
    detail = " ".join(filter(None, (detail, outcome.pop("detail", ""))))
    return render_read(request, template, context, action=action, case=case, detail=detail, **outcome)


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
@access.family_member_required
def give(request, consent_proposal_id: int):
    """A consent the caseworker proposed, in plain words; the member says yes (or leaves it)."""
    member = request.member
    proposal = consent_access.get_proposal_for_member(member, consent_proposal_id)
    given = consent_actions.given_from(proposal, member)
    form = FamilyGiveConsentForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            consent_actions.do_give_proposed_consent(request.user, proposal, member=member)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("Thank you. Your consent has been saved."))
            return redirect("portal:consents")
    context = _context(member, proposal=proposal, given=given, form=form)
    return _render(
        request, "portal/consent_give.html", context, form, action="portal.give_consent", case=proposal.case,
        detail=f"proposal={proposal.pk}",
    )  # fmt: skip


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
@access.family_member_required
def limit(request, consent_id: int):
    """Share less: leave kinds of data out or end the consent earlier (a new version of the consent)."""
    member = request.member
    consent = access.get_consent_for_member(member, consent_id)
    form = FamilyLimitConsentForm(request.POST if request.method == "POST" else None, consent=consent)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            consent_actions.do_limit_consent(
                request.user, consent, limited_by=member, data_kinds=data["data_kinds"],
                expires_on=data["expires_on"] or consent.expires_on, reason=data["reason"],
                expected_version=data["version"],
            )  # fmt: skip
        except StaleVersion:
            form.add_error(None, _("Someone changed this consent in the meantime. Look again and try once more."))
        except ValidationError as error:
            apply_errors(form, error, {"limited_by": None})
        else:
            messages.success(request, _("Saved. From now on we share only what you chose."))
            return redirect("portal:consents")
    context = _context(member, consent=consent, form=form)
    return _render(
        request, "portal/consent_limit.html", context, form, action="portal.limit_consent", case=consent.case,
        detail=f"consent={consent.pk}",
    )  # fmt: skip

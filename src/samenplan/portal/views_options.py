"""The family weighs the options for help in the portal: what they see as good and less good about each option,
and which one they prefer (or that they leave the choice to the professional), in their own words (P6)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from samenplan.audit.log import render_read
from samenplan.errors import StaleVersion
from samenplan.forms import apply_errors, form_outcome
from samenplan.portal import access, access_options, actions_options
from samenplan.portal.forms_options import FamilyPreferenceForm, ReactionForm

STALE = gettext_lazy("You changed this on another screen in the meantime. Look again and save once more.")


def _context(member, **extra) -> dict:
    return {"member": member, "family": member.family, "voice": access.voice(member), **extra}


@require_http_methods(["GET", "HEAD"])
@login_required
@access.family_member_required
def options(request):
    """The options side by side in plain words, lightest first: what the professional and the family see."""
    member = request.member
    context = _context(member, **access_options.options_for_member(member))
    return render_read(
        request, "portal/options_list.html", context, action="portal.options", family=member.family,
        case=context["case"],
    )  # fmt: skip


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
@access.family_member_required
def option(request, option_id: int):
    """One option in full, and the member's own words about it."""
    member = request.member
    found = access_options.get_option_for_member(member, option_id)
    own = found.reactions.filter(member=member).first()
    initial = {"option_version": found.version, "version": own.version if own else 0}
    if own is not None:
        initial |= {"pros": own.pros, "cons": own.cons}
    form = ReactionForm(request.POST or None, voice=access.voice(member), initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            actions_options.do_family_reaction(request.user, member, found, **form.cleaned_data)
        except StaleVersion:
            form.add_error(None, STALE)
        except ValidationError as error:
            apply_errors(form, error, {"member": None, "option_version": None, "version": None})
        else:
            messages.success(request, _("Thank you. Your words have been saved."))
            return redirect("portal:options")
        found.refresh_from_db()  # the option as it is now; their words stay in the form
        current = found.reactions.filter(member=member).first()
        form.data = form.data.copy()
        form.data["option_version"] = str(found.version)
        form.data["version"] = str(current.version if current else 0)
    return render_read(
        request, "portal/options_option.html", _context(member, option=found, form=form), action="portal.option",
        case=found.case, **form_outcome(form),
    )  # fmt: skip


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
@access.family_member_required
def preference(request):
    """The member's own preference among the options, or leaving the choice to the professional."""
    member = request.member
    data = access_options.options_for_member(member)
    if data["case"] is None:
        raise Http404
    own = data["own_preference"]
    seen = ",".join(str(o.pk) for o in sorted(data["options"], key=lambda o: o.pk))
    initial = {"seen_options": seen, "version": own.version if own else 0}
    if own is not None:
        initial |= {"choice": str(own.preferred_id) if own.preferred_id else own.kind, "reasons": own.reasons}
    form = FamilyPreferenceForm(
        request.POST or None, options=data["options"], voice=access.voice(member), initial=initial
    )
    if request.method == "POST" and form.is_valid():
        try:
            actions_options.do_family_preference(request.user, member, data["case"], **form.to_action())
        except StaleVersion:
            form.add_error(None, STALE)
        except ValidationError as error:
            apply_errors(form, error, {"member": None, "kind": "choice", "preferred": "choice", "ranking": "choice"})
        else:
            messages.success(request, _("Thank you. Your choice has been saved."))
            return redirect("portal:options")
        form.data = form.data.copy()  # the list as it is now; their words stay in the form
        form.data["seen_options"] = seen
        form.data["version"] = str(own.version if own else 0)
    context = _context(member, **data, form=form)
    return render_read(
        request, "portal/options_preference.html", context, action="portal.preference", case=data["case"],
        **form_outcome(form),
    )  # fmt: skip

"""The portal's "what the family sees" pages: the network map, the route through the steps, the psycho-education
given, the safety plan with the agreements and the next evaluation, and the notes shared with the family. Read
only; each responds through ``render_read`` with the family member as the actor; only their own family's records."""

from __future__ import annotations

import contextlib

from django.contrib.auth.decorators import login_required
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from samenplan.audit.log import render_read
from samenplan.portal import access, access_see, family_route


def _context(member, **extra) -> dict:
    return {"member": member, "family": member.family, "voice": access.voice(member), **extra}


@require_http_methods(["GET", "HEAD"])
@login_required
@access.family_member_required
def network(request):
    """The family in the middle and the people around it: the map (Graphviz) and the same in a list."""
    from samenplan.network import picture

    member = request.member
    case = access_see.family_case(member)
    context = _context(member, case=case, legend=picture.legend(), **access_see.network(member, case))
    context["network_map"] = None
    if context["people"]:
        members = [m.given_name for m in member.family.members.all()]
        label = _("Map of the people around your family. The list below names everyone.")
        with contextlib.suppress(picture.MapUnavailable):  # then the list alone, with a sentence
            context["network_map"] = picture.svg(member.family.name, members, context["people"], label=label)
    return render_read(request, "portal/see_network.html", context, action="portal.network", family=member.family,
                       case=case)  # fmt: skip


@require_http_methods(["GET", "HEAD"])
@login_required
@access.family_member_required
def route(request):
    """The steps of the help (the intake's Figuur 1), with where the family is now."""
    member = request.member
    case = access_see.family_case(member)
    steps = family_route.steps(case, access.voice(member)) if case is not None else []
    context = _context(member, case=case, steps=steps)
    return render_read(request, "portal/see_route.html", context, action="portal.route", family=member.family,
                       case=case)  # fmt: skip


@require_http_methods(["GET", "HEAD"])
@login_required
@access.family_member_required
def explained(request):
    """The psycho-education given to the family: what was explained, when, to whom, and what they got to read."""
    member = request.member
    context = _context(member, items=access_see.psycho_education(member))
    return render_read(request, "portal/see_explained.html", context, action="portal.explained", family=member.family)


@require_http_methods(["GET", "HEAD"])
@login_required
@access.family_member_required
def safety(request):
    """The safety plan (when there is one), what was agreed in the plan, and the next evaluation."""
    from samenplan.plans import present
    from samenplan.plans import rules as plan_rules

    member = request.member
    case, version = access.get_plan_version_for_member(member)
    from samenplan.portal.views import _in_family_voice

    content = access.plan_content_for(member, case, version.content) if version else {}
    sections = _in_family_voice(present.sections(content), member) if version else []
    keys = (plan_rules.OWN, plan_rules.NETWORK, plan_rules.HELP, plan_rules.EVALUATION)
    context = _context(member, case=case, version=version)
    context["safety"] = next((s for s in sections if s.key == plan_rules.SAFETY and not s.empty), None)
    context["agreements"] = [s for s in sections if s.key in keys]
    context["evaluation"] = access_see.next_evaluation(case or access_see.family_case(member))
    detail = f"plan_version={version.pk}" if version else ""
    return render_read(request, "portal/see_safety.html", context, action="portal.safety", family=member.family,
                       case=case, detail=detail)  # fmt: skip


@require_http_methods(["GET", "HEAD"])
@login_required
@access.family_member_required
def notes(request):
    """The notes of the professionals that they shared with the family. Nothing else of their timeline."""
    member = request.member
    context = _context(member, notes=access_see.shared_notes(member))
    return render_read(request, "portal/see_notes.html", context, action="portal.notes", family=member.family)

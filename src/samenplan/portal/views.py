"""The family portal: accepting an invitation, and the family's home page. Professionals invite from the case."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from samenplan.audit.log import render_read
from samenplan.cases.access import get_case_for_user
from samenplan.errors import StaleVersion
from samenplan.forms import apply_errors, form_outcome
from samenplan.goals import charts
from samenplan.portal import access, actions, oidc, rules
from samenplan.portal.forms import (
    AcceptForm,
    FamilyAgreementForm,
    FamilyRevokeForm,
    FamilyScoreForm,
    InviteForm,
    ShareOwnPartForm,
)
from samenplan.portal.models import Invitation


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def invite(request, case_id: int):
    case = get_case_for_user(request.user, case_id, edit=request.method == "POST")
    form = InviteForm(request.POST or None, family=case.family)
    if request.method == "POST" and form.is_valid():
        try:
            actions.do_invite(
                request.user,
                case,
                form.cleaned_data["member"],
                form.cleaned_data["email"],
                accept_url=lambda token: request.build_absolute_uri(reverse("portal:accept", args=[token])),
                language=form.cleaned_data["language"],
            )
        except ValidationError as error:
            for field, errors in error.message_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        except PermissionDenied:
            raise
        else:
            messages.success(request, _("The invitation has been sent."))
            return redirect("cases:dossier", case.pk)
    status = 400 if form.errors else 200
    return render_read(
        request,
        "portal/invite.html",
        {"case": case, "family": case.family, "form": form},
        action="portal.invite",
        case=case,
        status=status,
    )


@require_http_methods(["GET", "HEAD", "POST"])
def accept(request, link: str):
    """The link from the e-mail. Shows nothing of the family: only a password form, or why the link fails."""
    token = link
    invitation = actions.find_invitation(token)
    if invitation is None:
        return render(request, "portal/accept_invalid.html", status=404)
    form = AcceptForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            user = actions.do_accept(token, form.cleaned_data["password1"])
        except ValidationError:
            return render(request, "portal/accept_invalid.html", status=404)
        login(request, user, backend="samenplan.accounts.backends.ModelBackend")
        return redirect("portal:home")
    role = Invitation.objects.filter(pk=invitation.pk).values_list("member__role", flat=True).first()
    context = {"form": form, "voice": rules.addressed_as(is_child=role == "child"), "oidc_enabled": oidc.enabled()}
    context["oidc_name"] = settings.PORTAL_OIDC_NAME
    return render(request, "portal/accept.html", context, status=400 if form.errors else 200)


@require_http_methods(["GET", "HEAD"])
@login_required
@access.family_member_required
def home(request):
    member = request.member
    return render_read(
        request,
        "portal/home.html",
        _context(member, overview=access.home_overview(member)),
        action="portal.home",
        family=member.family,
    )


def _context(member, **extra) -> dict:
    return {"member": member, "family": member.family, "voice": access.voice(member), **extra}


@require_http_methods(["GET", "HEAD"])
@login_required
@access.family_member_required
def goals(request):
    member = request.member
    items = []
    for goal in access.family_goals(member):
        points = charts.points_for(goal)
        items.append(
            {"goal": goal, "chart": charts.progress_svg(points, title=str(goal)), "rows": charts.chart_rows(points)}
        )
    context = _context(member, items=items, share_form=ShareOwnPartForm(initial={"shares": _shares(request)}))
    context["may_share"] = member.role == "child"
    return render_read(request, "portal/goals.html", context, action="portal.goals", family=member.family)


def _shares(request) -> bool:
    return bool(getattr(request.user.family_account, "shares_own_part", False))


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
@access.family_member_required
def score(request, goal_id: int):
    member = request.member
    goal = access.get_goal_for_member(member, goal_id)
    form = FamilyScoreForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            actions.do_family_score(request.user, member, goal, **form.cleaned_data)
        except ValidationError as error:
            apply_errors(form, error, {"scorer": None, "scored_on": None})
        else:
            messages.success(request, _("Your score has been saved."))
            return redirect("portal:goals")
    return render_read(
        request,
        "portal/score.html",
        _context(member, goal=goal, form=form),
        action="portal.score",
        case=goal.case,
        **form_outcome(form),
    )


@require_http_methods(["POST"])
@login_required
@access.family_member_required
def share_own_part(request):
    member = request.member
    if member.role != "child":
        raise Http404
    form = ShareOwnPartForm(request.POST)
    if form.is_valid():
        actions.do_share_own_part(request.user, member, shares=form.cleaned_data["shares"])
        messages.success(request, _("Saved."))
    return redirect("portal:goals")


@require_http_methods(["GET", "HEAD"])
@login_required
@access.family_member_required
def consents(request):
    member = request.member
    from samenplan.consent import access as consent_access

    items = list(access.family_consents(member))
    proposals = [
        {"proposal": p, "given": any(member in c.givers.all() for c in p.consents.all())}
        for p in consent_access.proposals_for_member(member)
    ]
    context = _context(member, consents=items, proposals=proposals)
    return render_read(request, "portal/consents.html", context, action="portal.consents", family=member.family)


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
@access.family_member_required
def revoke(request, consent_id: int):
    member = request.member
    consent = access.get_consent_for_member(member, consent_id)
    form = FamilyRevokeForm(request.POST or None, initial={"version": consent.version})
    if request.method == "POST" and form.is_valid():
        try:
            actions.do_family_revoke(
                request.user, member, consent, reason=form.cleaned_data["reason"], version=form.cleaned_data["version"]
            )
        except StaleVersion:
            form.add_error(None, _("Someone changed this consent in the meantime. Look again and try once more."))
        except ValidationError as error:
            apply_errors(form, error, {"revoked_by": None})
        else:
            messages.success(request, _("Your consent has been taken back. From now on nothing is shared."))
            return redirect("portal:consents")
    return render_read(
        request,
        "portal/revoke.html",
        _context(member, consent=consent, form=form),
        action="portal.revoke",
        case=consent.case,
        **form_outcome(form),
    )


@require_http_methods(["GET", "HEAD"])
@login_required
@access.family_member_required
def access_log(request):
    member = request.member
    page = Paginator(access.family_log(member), 25).get_page(request.GET.get("page"))
    context = _context(member, page=page, rows=access.plain_log_rows(page.object_list))
    return render_read(request, "portal/access_log.html", context, action="portal.access_log", family=member.family)


@require_http_methods(["POST"])
def accept_oidc(request, link: str):
    """From the invitation page: use the link to log in through the municipality's login (DigiD) instead."""
    if not oidc.enabled() or actions.find_invitation(link) is None:
        return render(request, "portal/accept_invalid.html", status=404)
    return oidc.start_with_invitation(request, link)


def _in_family_voice(sections, member):
    """The plan's sections with the family's words marked as theirs, said the way the portal speaks to them."""
    from django.utils.translation import pgettext

    youth = access.voice(member) == "youth"
    for section in sections:
        if section.family_words:
            section.voice = (
                pgettext("youth", "In your family's own words")
                if youth
                else pgettext("parent", "In your family's own words")
            )
    return sections


def _plan_context(member, case, version, form=None) -> dict:
    from samenplan.plans import present, services

    content = access.plan_content_for(member, case, version.content) if version else {}
    asked = version is not None and member.pk in {m.pk for m in services.participants(case)}
    answer = version.agreements.filter(member=member).first() if version else None
    if asked and form is None:
        form = FamilyAgreementForm(voice=access.voice(member), initial={"version": version.number})
    context = _context(member, case=case, version=version, form=form if asked else None, answer=answer)
    context["sections"] = _in_family_voice(present.sections(content), member) if version else []
    context["safety"] = present.has_safety_plan(content) if version else False
    context["versions"] = services.versions(case) if case is not None else []
    return context


@require_http_methods(["GET", "HEAD"])
@login_required
@access.family_member_required
def plan(request):
    """The family's plan as it is now, in plain words, with the safety plan first; the member's own answer."""
    member = request.member
    case, version = access.get_plan_version_for_member(member)
    detail = f"plan_version={version.pk}" if version else ""
    context = _plan_context(member, case, version)
    return render_read(
        request, "portal/plan.html", context, action="portal.plan", family=member.family, case=case, detail=detail
    )


@require_http_methods(["POST"])
@login_required
@access.family_member_required
def plan_agreement(request):
    """The member's own answer to the newest version: yes, partly or no, in their own words."""
    from samenplan.plans import services

    member = request.member
    case, version = access.get_plan_version_for_member(member)
    if version is None or member.pk not in {m.pk for m in services.participants(case)}:
        raise Http404
    form = FamilyAgreementForm(request.POST, voice=access.voice(member))
    if form.is_valid():
        read = form.cleaned_data.pop("version")
        try:
            if read is not None and read != version.number:  # a newer version was saved while they read
                raise ValidationError({"version": form.texts["stale"]})
            actions.do_family_agreement(request.user, member, version, **form.cleaned_data)
        except ValidationError as error:
            if "version" in getattr(error, "error_dict", {}):
                form.add_error(None, form.texts["stale"])
            else:
                apply_errors(form, error, {"member": None})
        else:
            messages.success(request, _("Thank you. Your answer has been saved."))
            return redirect("portal:plan")
    form.errors  # noqa: B018 (validated first: the page then offers the newest version to answer)
    form.data = form.data.copy()
    form.data["version"] = str(version.number)
    context = _plan_context(member, case, version, form=form)
    detail = f"plan_version={version.pk}"
    return render_read(
        request, "portal/plan.html", context, action="portal.plan_agreement", case=case, detail=detail, status=422
    )


@require_http_methods(["GET", "HEAD"])
@login_required
@access.family_member_required
def plan_version(request, number: int):
    """An earlier (or the newest) version and what changed from the one before it."""
    from samenplan.plans import present
    from samenplan.plans import rules as plan_rules
    from samenplan.plans.actions import section_title

    member = request.member
    case, version = access.get_plan_version_for_member(member, number)
    content = access.plan_content_for(member, case, version.content)
    before = access.get_plan_version_for_member(member, number - 1)[1] if number > 1 else None
    old = access.plan_content_for(member, case, before.content) if before else plan_rules.empty_content()
    changes = plan_rules.diff(old, content, present.labels())
    context = _context(member, case=case, version=version, before=before)
    context["changes"] = [(str(section_title(key)), changes[key]) for key in plan_rules.SECTIONS]
    context["sections"] = _in_family_voice(present.sections(content), member)
    return render_read(
        request, "portal/plan_version.html", context, action="portal.plan_version", case=case,
        detail=f"plan_version={version.pk}",
    )  # fmt: skip


@require_http_methods(["GET", "HEAD"])
@login_required
@access.family_member_required
def plan_pdf(request):
    """The plan as a PDF to keep: an export of client data, logged as one with the family member as the actor."""
    import copy

    from django.http import HttpResponse

    from samenplan.audit.log import record
    from samenplan.audit.models import Event
    from samenplan.plans import pdf

    member = request.member
    case, version = access.get_plan_version_for_member(member)
    if version is None:
        raise Http404
    shown = copy.copy(version)
    shown.content = access.plan_content_for(member, case, version.content)
    record(request.user, Event.EXPORT, "portal.plan_pdf", case=case, detail=f"plan_version={version.pk}")
    response = HttpResponse(pdf.render(case, shown), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="gezinsplan-versie-{version.number}.pdf"'
    return response

"""The administrator's pages (organisation, teams, people and roles, settings, severity scale) and the page on
which an invited professional sets a password. Thin: parse, access, act, render.

An administrator sees no client data: the pages count a team's cases, never name a family. They still write a
read record (``administration.*``), so the access log shows who looked at the organisation's set-up.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from samenplan.accounts.models import Membership, Team, User
from samenplan.administration import access, actions, overview, rows, services
from samenplan.administration.forms import (
    InviteForm,
    NameForm,
    PasswordForm,
    RoleForm,
    ScaleForm,
    SettingsForm,
    TeamForm,
)
from samenplan.administration.predicates import led_team_ids
from samenplan.audit import log
from samenplan.caseload.paging import paginate
from samenplan.cases.models import Case
from samenplan.forms import apply_errors
from samenplan.ids import parse_id
from samenplan.intake.scales import scale_for

FORM_ERRORS = "form with errors"
GET_POST = require_http_methods(["GET", "POST"])


def _page(request, template, context, action, form=None, detail="") -> HttpResponse:
    failed = form is not None and form.errors
    return log.render_read(
        request,
        template,
        context,
        action=action,
        detail=FORM_ERRORS if failed else detail,
        status=422 if failed else 200,
    )


def _base_url(request) -> str:
    return request.build_absolute_uri("/")


@login_required
@GET_POST
def home(request: HttpRequest) -> HttpResponse:
    """The organisation: its name (renamed here), and counts of teams, people and open cases."""
    access.require_administrator(request.user)
    org = request.user.organisation
    form = NameForm(request.POST or None, initial={"name": org.name})
    if request.method == "POST" and form.is_valid():
        try:
            actions.do_rename_organisation(request.user, form.cleaned_data["name"])
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("The organisation's name is saved."))
            return redirect("administration:home")
    counts = {
        "teams": Team.objects.filter(organisation=org, archived_at__isnull=True).count(),
        "people": User.objects.filter(organisation=org, is_active=True).count(),
        "open_cases": Case.objects.filter(team__organisation=org, closed_on__isnull=True).count(),
    }
    return _page(request, "administration/home.html", {"form": form, "org": org, "counts": counts},
                 "administration.home", form)  # fmt: skip


@login_required
@GET_POST
def teams(request: HttpRequest) -> HttpResponse:
    access.require_administrator(request.user)
    form = TeamForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            team = actions.do_create_team(request.user, form.cleaned_data["name"])
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("Team %(name)s is made.") % {"name": team.name})
            return redirect("administration:teams")
    context = {"form": form, "teams": services.teams_with_counts(request.user.organisation_id)}
    return _page(request, "administration/teams.html", context, "administration.teams", form)


@login_required
@GET_POST
def team(request: HttpRequest, team_id: int) -> HttpResponse:
    team = access.get_team_for_administrator(request.user, team_id)
    form = TeamForm(request.POST or None, initial={"name": team.name})
    if request.method == "POST" and form.is_valid():
        try:
            actions.do_rename_team(request.user, team, form.cleaned_data["name"])
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("The team's name is saved."))
            return redirect("administration:teams")
    counted = services.teams_with_counts(request.user.organisation_id).get(pk=team.pk)
    members = (
        Membership.objects.filter(team=team).select_related("user").order_by("user__first_name", "user__last_name")
    )
    context = {"form": form, "team": counted, "members": members, "has_cases": team.cases.exists()}
    return _page(request, "administration/team.html", context, "administration.team", form, detail=f"team={team.pk}")


@login_required
@require_POST
def archive_team(request: HttpRequest, team_id: int) -> HttpResponse:
    team = access.get_team_for_administrator(request.user, team_id)
    archived = request.POST.get("archived") != "0"
    actions.do_archive_team(request.user, team, archived=archived)
    if archived:
        messages.success(request, _("Team %(name)s is archived.") % {"name": team.name})
    else:
        messages.success(request, _("Team %(name)s is back in use.") % {"name": team.name})
    return redirect("administration:team", team_id=team.pk)


@login_required
@require_POST
def delete_team(request: HttpRequest, team_id: int) -> HttpResponse:
    team = access.get_team_for_administrator(request.user, team_id)
    try:
        actions.do_delete_team(request.user, team)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
        return redirect("administration:team", team_id=team.pk)
    messages.success(request, _("Team %(name)s is removed.") % {"name": team.name})
    return redirect("administration:teams")


@login_required
@require_http_methods(["GET", "HEAD"])
def people(request: HttpRequest) -> HttpResponse:
    """Who has which role where: a row per person, a column per team."""
    access.require_administrator(request.user)
    org_id = request.user.organisation_id
    all_teams = list(Team.objects.filter(organisation_id=org_id).order_by("archived_at", "name"))
    persons = list(User.objects.filter(organisation_id=org_id).order_by("first_name", "last_name", "username"))
    roles: dict[tuple[int, int], list[str]] = {}
    for m in Membership.objects.filter(team__organisation_id=org_id).order_by("role"):
        roles.setdefault((m.user_id, m.team_id), []).append(m.get_role_display())
    rows = [(p, [", ".join(roles.get((p.pk, t.pk), [])) for t in all_teams]) for p in persons]
    context = {"teams": all_teams, "rows": rows}
    return _page(request, "administration/people.html", context, "administration.people")


@login_required
@GET_POST
def invite(request: HttpRequest) -> HttpResponse:
    access.require_administrator(request.user)
    form = InviteForm(request.POST or None, organisation_id=request.user.organisation_id)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            invitation = actions.do_invite(
                request.user,
                username=data["username"], first_name=data["first_name"], last_name=data["last_name"],
                email=data["email"], team=data["team"], role=data["role"] or None, base_url=_base_url(request),
            )  # fmt: skip
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("The invitation is sent to %(email)s.") % {"email": invitation.email})
            return redirect("administration:person", user_id=invitation.user_id)
    return _page(request, "administration/invite.html", {"form": form}, "administration.invite", form)


def _person_page(request, person, role_form=None) -> HttpResponse:
    memberships = person.memberships.select_related("team").order_by("team__name", "role")
    role_form = role_form or RoleForm(organisation_id=request.user.organisation_id)
    invitation = person.invitations.order_by("-created_at").first()
    context = {"person": person, "memberships": memberships, "role_form": role_form, "invitation": invitation}
    return _page(request, "administration/person.html", context, "administration.person", role_form,
                 detail=f"user={person.pk}")  # fmt: skip


@login_required
@require_http_methods(["GET", "HEAD"])
def person(request: HttpRequest, user_id: int) -> HttpResponse:
    return _person_page(request, access.get_person_for_administrator(request.user, user_id))


@login_required
@require_POST
def grant_role(request: HttpRequest, user_id: int) -> HttpResponse:
    target = access.get_person_for_administrator(request.user, user_id)
    form = RoleForm(request.POST, organisation_id=request.user.organisation_id)
    if form.is_valid():
        try:
            actions.do_grant_role(request.user, target, form.cleaned_data["team"], form.cleaned_data["role"])
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("The role is given."))
            return redirect("administration:person", user_id=target.pk)
    return _person_page(request, target, form)


@login_required
@require_POST
def revoke_role(request: HttpRequest, user_id: int) -> HttpResponse:
    target = access.get_person_for_administrator(request.user, user_id)
    membership = (
        target.memberships.select_related("team", "user")
        .filter(team_id=parse_id(request.POST.get("team")), role=request.POST.get("role", ""))
        .first()
    )
    if membership is None:
        messages.error(request, _("This person does not have that role (any more)."))
        return redirect("administration:person", user_id=target.pk)
    try:
        actions.do_revoke_role(request.user, membership)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("The role is taken away."))
    return redirect("administration:person", user_id=target.pk)


@login_required
@require_POST
def set_active(request: HttpRequest, user_id: int) -> HttpResponse:
    target = access.get_person_for_administrator(request.user, user_id)
    active = request.POST.get("active") == "1"
    try:
        actions.do_set_active(request.user, target, active=active)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        if active:
            messages.success(request, _("%(name)s can log in again.") % {"name": target})
        else:
            messages.success(
                request, _("%(name)s is disabled; their sessions and API tokens have ended.") % {"name": target}
            )
    return redirect("administration:person", user_id=target.pk)


@login_required
@require_POST
def reinvite(request: HttpRequest, user_id: int) -> HttpResponse:
    target = access.get_person_for_administrator(request.user, user_id)
    try:
        invitation = actions.do_reinvite(request.user, target, base_url=_base_url(request))
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("A new invitation is sent to %(email)s.") % {"email": invitation.email})
    return redirect("administration:person", user_id=target.pk)


@login_required
@GET_POST
def organisation_settings(request: HttpRequest) -> HttpResponse:
    access.require_administrator(request.user)
    record = services.settings_for(request.user.organisation_id)
    initial = {**services.values_of(record), "version": record.version}
    form = SettingsForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            actions.do_change_settings(request.user, data, expected_version=data["version"])
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("The settings are saved."))
            return redirect("administration:settings")
    return _page(request, "administration/settings.html", {"form": form}, "administration.settings", form)


@login_required
@GET_POST
def severity_scale(request: HttpRequest) -> HttpResponse:
    access.require_administrator(request.user)
    record = services.settings_for(request.user.organisation_id)
    scale = scale_for(request.user.organisation_id)
    levels = list(scale.levels.all())
    initial = {"name": scale.name, "version": record.version}
    advice = services.advice_by_rank(request.user.organisation_id)
    for i, level in enumerate(levels):
        initial[f"level_{i}_name"], initial[f"level_{i}_description"] = level.name, level.description
        initial[f"level_{i}_advice"] = advice.get(level.rank, "")
    form = ScaleForm(request.POST or None, initial=initial, rows=len(levels) + 2)
    if request.method == "POST" and form.is_valid():
        try:
            actions.do_change_severity_scale(
                request.user, name=form.cleaned_data["name"], levels=form.levels(),
                expected_version=form.cleaned_data["version"],
            )  # fmt: skip
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("The severity scale is saved."))
            return redirect("administration:severity_scale")
    return _page(request, "administration/severity_scale.html", {"form": form}, "administration.severity_scale", form)


@require_http_methods(["GET", "POST"])
def accept(request: HttpRequest, token: str) -> HttpResponse:
    """The link in the invitation: the invited person chooses a password (no login needed; it works once)."""
    try:
        invitation = actions.invitation_for(token)
    except actions.InvitationProblem as problem:
        return render(request, "administration/accept.html", {"problem": problem.messages[0]}, status=410)
    form = PasswordForm(request.POST or None, user=invitation.user)
    if request.method == "POST" and form.is_valid():
        try:
            actions.do_accept_invitation(
                token, password1=form.cleaned_data["password1"], password2=form.cleaned_data["password2"]
            )
        except actions.InvitationProblem as problem:
            return render(request, "administration/accept.html", {"problem": problem.messages[0]}, status=410)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            if request.user.is_authenticated:
                logout(request)  # whoever was logged in here, the invited person logs in next
            messages.success(request, _("Your password is set. Log in with your user name and password."))
            return redirect("account_login")
    context = {"form": form, "invitation": invitation}
    return render(request, "administration/accept.html", context, status=422 if form.errors else 200)


@login_required
@require_http_methods(["GET", "HEAD"])
def my_overview(request: HttpRequest) -> HttpResponse:
    """The team lead's entry: the overview of their (first) team."""
    led = led_team_ids(request.user)
    if not led:
        raise PermissionDenied
    return redirect("administration:team_overview", team_id=led[0])


@login_required
@require_http_methods(["GET", "HEAD"])
def team_overview(request: HttpRequest, team_id: int) -> HttpResponse:
    """How the team's work is spread; every family on it is named in the read record. The open cases and those
    waiting are a page each: the counts and medians cover them all, only the page's rows are named."""
    team, led = access.get_led_teams(request.user, team_id)
    pages = overview.page_number(request.GET.get("page")), overview.page_number(request.GET.get("waiting"))
    data = overview.team_overview(team, inactivity_days=team.inactivity_days, pages=pages)
    cases = paginate(request, data.cases, label=_("Pages of the open cases"))
    waiting = paginate(request, data.waiting_for_intake, param="waiting", label=_("Pages of the cases waiting"))
    shown = [*cases.object_list, *waiting.object_list]
    overview.label(shown)
    context = {
        **{"overview": data, "led_teams": led, "cases_pager": cases, "waiting_pager": waiting},
        "case_rows": rows.case_rows(cases.object_list, data.medians),
        "waiting_items": rows.waiting_items(waiting.object_list),
        "worker_rows": rows.worker_rows(data.workers, len(data.phases)),
        "cases_pagination": cases.html(),
        "waiting_pagination": waiting.html(),
    }
    return log.render_read(
        request, "administration/overview.html", context, action="administration.team_overview",
        families=data.family_ids(shown), detail=f"team={team.pk}",
    )  # fmt: skip

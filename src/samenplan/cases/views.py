"""Web views for the caseload, the family dossier and registering a family. Thin: parse, access, act, render."""

from __future__ import annotations

from itertools import groupby
from operator import itemgetter

import rules
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connections, router
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import get_token
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST
from django.views.decorators.vary import vary_on_headers

from samenplan.accounts.models import Role, Team, display_name
from samenplan.audit import log
from samenplan.audit.models import Event
from samenplan.caseload.paging import Counted, PreparedCounted, paginate
from samenplan.cases import access, actions, search
from samenplan.cases.caselist import OpenCases, PhaseRank
from samenplan.cases.forms import (
    MemberForm,
    NoteForm,
    PhaseForm,
    RegisterFamilyForm,
    SearchForm,
    ShareEntryForm,
    WorkersForm,
)
from samenplan.cases.models import Case, DossierEntry, EntryKind, Member, MemberRole, Phase
from samenplan.cases.predicates import EDITORS, VIEWERS, CasesOf, registering_team_ids
from samenplan.cases.rows import (
    caseload_rows,
    dossier_address,
    dossier_urls,
    link_sections,
    local_time,
    member_rows,
    phase_sections,
    route_steps,
    table_rows,
    timeline_entries,
)
from samenplan.dbrouter import reads_replica
from samenplan.forms import FORM_ERRORS, apply_errors, form_outcome
from samenplan.ids import parse_id
from samenplan.intake import phases, picture
from samenplan.links import url_for_ids

# What a row of the caseload shows, read as plain values (no model instances: the page shows a few fields).
CASELOAD_FIELDS = (
    "pk",
    "phase",
    "family_id",
    "family_name",  # the family's name as copied on the case (Case.family_name): no join with the families
    "child_protection_measure",
    "closed_on",
    "opened_on",
    "team__name",
    "caseworker__first_name",
    "caseworker__last_name",
    "caseworker__username",
)


@reads_replica
@login_required
@require_http_methods(["GET", "HEAD"])
@vary_on_headers("HX-Request")
def caseload(request: HttpRequest) -> HttpResponse:
    """My cases grouped by phase; with a search, every case I may see whose family or a member's name matches."""
    form = SearchForm(request.GET)
    query = form.cleaned_data["q"].strip() if form.is_valid() else ""
    # Someone without cases of their own (a team lead) starts with the team's; anyone may switch.
    default_scope = "mine" if request.user.has_role(Role.PROFESSIONAL) else "team"
    scope = request.GET.get("scope") if request.GET.get("scope") in ("team", "mine") else default_scope
    event, detail = (Event.SEARCH, f"q={query}") if query else (Event.READ, f"scope={scope}")
    phase = request.GET.get("phase") if request.GET.get("phase") in Phase.values else ""
    # One query: the page's rows and the length of the whole list (the heading's "N cases", the pager).
    cases = _matching_cases(request.user, query, phase) if query else _open_cases(request.user, scope, phase)
    pager = paginate(request, cases)
    rows = caseload_rows(pager.object_list)
    groups = [(Phase(p), list(items)) for p, items in groupby(rows, key=itemgetter("phase"))]
    groups = [(phase, items, table_rows(items)) for phase, items in groups]
    context = {"form": form, "groups": groups, "sections": phase_sections(groups, query), "query": query,
               "scope": scope, "count": pager.page.paginator.count, "pager": pager,
               "phase": Phase(phase).label if phase else ""}  # fmt: skip
    template = "cases/_caseload_results.html" if request.htmx else "cases/caseload.html"
    families = [row["family_id"] for row in rows]
    return log.render_read(
        request, template, context, action="cases.caseload", event=event, detail=detail, families=families
    )


def _open_cases(user, scope: str, phase: str) -> OpenCases:
    """The open cases of the caseload without a search: the user's own (``scope`` "mine": caseworker or co-worker)
    or every one they see, in ``phase`` if given, as the page's rows (``CASELOAD_FIELDS``) in the page's order: one
    statement, a UNION of the parts of the condition (``caselist.OpenCases``), run as a prepared statement."""
    condition = CasesOf(user, EDITORS if scope == "mine" else VIEWERS)

    def build():
        cases = Case.objects.filter(condition).filter(closed_on__isnull=True)
        cases = cases.filter(phase=phase) if phase else cases
        return cases.order_by(PhaseRank(), "family_name", "pk").values(*CASELOAD_FIELDS)

    return OpenCases(condition, phase, "caseload", build)


COMPILED_WORDS = 3  # a search of more words is compiled on every request: a connection keeps a bounded number


def _matching_cases(user, query: str, phase: str) -> Counted:
    """Every case the user may see whose family or a member's name matches ``query`` (``access.matching_cases_q``),
    in ``phase`` if given, as the page's rows in the page's order. The query's text is the same for every search
    with words of the same kinds (``search.word_kind``) by a user with relations of the same shape: compiled once
    per shape, page and database connection, run with each search's parameters (up to ``COMPILED_WORDS`` words).
    On PostgreSQL a search of longer words only runs as a prepared statement, planned once per connection: the
    trigram indexes answer ``LIKE`` with any pattern (``search.FoldedContains``), so a plan made without the words
    is as good (planning took ≈ 1 ms, a third of the query's time); a short word or a phrase of prefixes needs its
    pattern in the plan to start a btree index scan."""
    condition = CasesOf(user)
    connection = connections[router.db_for_read(Case)]
    text, params = condition.sql(connection.ops.quote_name(Case._meta.db_table), connection)
    words = search.query_words(query)
    kinds = tuple(map(search.word_kind, words))

    def build():
        cases = Case.objects.filter(condition).filter(access.matching_cases_q(query))
        cases = cases.filter(phase=phase) if phase else cases
        return cases.order_by(PhaseRank(), "family_name", "pk").values(*CASELOAD_FIELDS)

    if len(words) > COMPILED_WORDS:
        return Counted(build())
    params = [*params, *(param for word in words for param in search.word_params(word)), *([phase] if phase else [])]
    key = ("search", text, kinds, bool(phase))
    return PreparedCounted(Case, key, build, params, prepare=set(kinds) == {search.LONG})


def _members_with_languages(case) -> list:
    """The family's members, each with the language they chose for the portal and the special circumstances of
    intake: what the caseworker needs to plan an interpreter (issue 12)."""
    from samenplan.analysis.access import circumstances_by_member
    from samenplan.analysis.rules import LIMITED_DUTCH
    from samenplan.portal.languages import language_label
    from samenplan.portal.rules import interpreter_may_be_needed

    found = circumstances_by_member(case) if getattr(case, "has_special_circumstances", True) else {}
    members = access.family_members(case.family)
    edit_url = url_for_ids("cases:edit_member")
    for member in members:
        # what the members' table shows of each, worked out here rather than by a filter or tag per cell
        member.role_label = capfirst(_role_label(member.role))
        member.edit_url = edit_url(member.pk)
        if member.date_of_birth:
            member.born_iso, member.born_text = member.date_of_birth.isoformat(), f"{member.date_of_birth:%d-%m-%Y}"
        member.circumstances = found.get(member.pk, [])
        member.language_label = language_label(member.language) if member.language else ""
        member.interpreter_hint = interpreter_may_be_needed(
            language=member.language, circumstances={c.code for c in member.circumstances}, limited_dutch=LIMITED_DUTCH
        )
    return members


def _timeline(request, case, before, can_edit: bool) -> dict:
    """One page of the timeline as ``_timeline_entries.html`` shows it. What each entry shows is worked out here,
    once per entry or once per page, and not by the template engine per entry (its date filters, ``{% url %}``
    and ``{% include %}`` cost several times as much): the local time in both notations, the kind's label, the
    author's and the speaker's name (each once, as their models name them) and, for a note the user may share,
    the address of its share form; and the entries' HTML (``rows.timeline_entries``)."""
    entries, older = access.timeline_page(case, before)
    labels, authors, speakers = {}, {}, {}
    share_url = url_for_ids("cases:share_entry") if can_edit else None
    zone = timezone.get_current_timezone()
    for entry in entries:
        entry["at_iso"], entry["at_text"] = local_time(entry["at"], zone)
        kind = entry["kind"]
        if kind not in labels:
            labels[kind] = capfirst(DossierEntry(kind=kind).get_kind_display())
        entry["kind_label"] = labels[kind]
        author = entry["author_id"]
        if author not in authors:
            authors[author] = display_name(
                entry["author__first_name"], entry["author__last_name"], entry["author__username"]
            )
        entry["author"] = authors[author]
        speaker = entry["speaker_id"]
        if speaker is not None and speaker not in speakers:
            speakers[speaker] = str(
                Member(given_name=entry["speaker__given_name"], family_name=entry["speaker__family_name"])
            )
        entry["speaker"] = speakers.get(speaker, "")
        entry["share_url"] = share_url(entry["pk"]) if share_url and kind == EntryKind.NOTE else ""
    # the form token of the share forms, and of the page's {% csrf_token %} (as "csrf_token" in the context, before
    # the context processor's): each masking of it costs some 40 µs
    token = get_token(request)
    html = timeline_entries(entries, format_html('<input type="hidden" name="csrfmiddlewaretoken" value="{}">', token))
    # "load older entries" links to the dossier (as {% url 'cases:dossier' case.pk %} gave it, ≈ 45 µs)
    dossier_url = dossier_address(case.pk) if older else ""
    return {
        "entries": entries,
        "entries_html": html,
        "older": older,
        "can_edit": can_edit,
        "dossier_url": dossier_url,
        "csrf_token": token,
    }


def _role_label(role: str) -> str:
    """The role's label in the active language (as ``get_role_display``, which translates every role's label on
    each call); a role no longer offered as stored."""
    try:
        return str(MemberRole(role).label)
    except ValueError:
        return role


def _dossier_context(request, case, **extra):
    """Everything the dossier shows, each read once: the same list of members for the table and the note form,
    the current route decision for the route picture and the phase form, the sections' counts on the case."""
    family = case.family
    registration = getattr(case, "registration", None)
    before = request.GET.get("before")
    case = access.annotate_for_dossier(request.user, case)
    members = _members_with_languages(case)
    decision = phases.annotated_decision(case)
    route = picture.route_picture(case, decision)
    can_edit = rules.test_rule("cases.change_case", request.user, case)
    return {
        "case": case,
        "registration": registration,
        "prior_help": registration.prior_help.all() if registration and case.has_prior_help else (),
        "family": family,
        "members": members,
        "member_rows": member_rows(members, can_edit),
        "link_sections": link_sections(case),
        "urls": dossier_urls(case, family),
        **_timeline(request, case, before, can_edit),
        "paged": bool(before),
        "coworkers": case.coworkers.all(),
        "other_cases": access.visible_cases(request.user).filter(family=family).exclude(pk=case.pk)
        if case.has_other_cases
        else (),
        "can_move": rules.test_rule("cases.move_phase", request.user, case),
        "can_assign": rules.test_rule("cases.assign_workers", request.user, case),
        "note_form": NoteForm.unbound(family=family, members=members),
        "phase_form": PhaseForm.unbound(case=case, decision=decision),
        "route_picture": route,
        "route_steps": route_steps(route),
        "step_actions": picture.step_actions(case) if can_edit else [],
        "today": timezone.localdate(),
        **extra,
    }


@reads_replica
@login_required
@require_http_methods(["GET", "HEAD"])
@vary_on_headers("HX-Request")
def dossier(request: HttpRequest, case_id: int) -> HttpResponse:
    """The family's dossier with the newest page of its timeline; ``?before=<entry>`` continues further back (with
    htmx only the next entries, as "load more"; without JavaScript the dossier with the older page)."""
    case = access.get_case_for_dossier(request.user, case_id)
    # seen through the emergency button: a banner, logged as such
    event = Event.EMERGENCY if case.emergency_until is not None else Event.READ
    if request.htmx and request.GET.get("before"):
        can_edit = rules.test_rule("cases.change_case", request.user, case)
        context = {"case": case, **_timeline(request, case, request.GET["before"], can_edit)}
        detail = f"before={parse_id(request.GET['before'])}"
        page = "cases/_timeline_entries.html"
        return log.render_read(request, page, context, action="cases.dossier", case=case, event=event, detail=detail)
    context = _dossier_context(request, case, emergency_until=case.emergency_until)
    return log.render_read(request, "cases/dossier.html", context, action="cases.dossier", case=case, event=event)


@login_required
@require_POST
def add_note(request: HttpRequest, case_id: int) -> HttpResponse:
    case = access.get_case_for_user(request.user, case_id, edit=True)
    form = NoteForm(request.POST, family=case.family)
    if form.is_valid():
        try:
            actions.do_add_note(request.user, case, **form.cleaned_data)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            if request.htmx:
                context = _dossier_context(request, case)
                return log.render_read(request, "cases/_timeline.html", context, action="cases.add_note", case=case)
            messages.success(request, _("Saved in the dossier."))
            return redirect("cases:dossier", case_id=case.pk)
    template = "cases/_timeline.html" if request.htmx else "cases/dossier.html"
    context = _dossier_context(request, case, note_form=form)
    return log.render_read(
        request, template, context, action="cases.add_note", case=case, detail=FORM_ERRORS, status=422
    )


@login_required
@require_POST
def share_entry(request: HttpRequest, entry_id: int) -> HttpResponse:
    """Share a note with the family (they read it in the portal), or take the sharing back."""
    entry = access.get_entry_for_user(request.user, entry_id, edit=True)
    form = ShareEntryForm(request.POST)
    if form.is_valid():
        try:
            shared = actions.do_share_entry(request.user, entry, shared=form.cleaned_data["shared"])
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            done = _("The family now reads this note.") if shared else _("This note is internal again.")
            messages.success(request, done)
            return redirect(f"{reverse('cases:dossier', args=[entry.case_id])}#entry-{entry.pk}")
    else:
        messages.error(request, " ".join(form.errors.get("shared", [])) or _("Try again."))
    context = _dossier_context(request, entry.case)
    return log.render_read(
        request, "cases/dossier.html", context, action="cases.share_entry", case=entry.case, detail=FORM_ERRORS,
        status=422,
    )  # fmt: skip


@login_required
@require_POST
def move_phase(request: HttpRequest, case_id: int) -> HttpResponse:
    case = access.get_case_for_phase_change(request.user, case_id)
    form = PhaseForm(request.POST, case=case)
    if form.is_valid():
        try:
            case = actions.do_move_phase(
                request.user,
                case,
                target=form.cleaned_data["phase"],
                expected_version=form.cleaned_data["version"],
                note=form.cleaned_data["note"],
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(
                request, _("The case is now in the phase: %(phase)s.") % {"phase": case.get_phase_display()}
            )
            return redirect("cases:dossier", case_id=case.pk)
    context = _dossier_context(request, case, phase_form=form)
    return log.render_read(
        request, "cases/dossier.html", context, action="cases.move_phase", case=case, detail=FORM_ERRORS, status=422
    )


@login_required
@require_http_methods(["GET", "POST"])
def change_workers(request: HttpRequest, case_id: int) -> HttpResponse:
    """Hand the case over to another fixed caseworker, or bring in co-workers."""
    case = access.get_case_for_assigning(request.user, case_id)
    if request.method == "POST":
        form = WorkersForm(request.POST, case=case)
        if form.is_valid():
            data = form.cleaned_data
            try:
                actions.do_change_workers(
                    request.user,
                    case,
                    caseworker=data["caseworker"],
                    coworkers=list(data["coworkers"]),
                    expected_version=data["version"],
                    note=data["note"],
                )
            except ValidationError as error:
                apply_errors(form, error)
            else:
                messages.success(request, _("The changes are saved."))
                return redirect("cases:dossier", case_id=case.pk)
    else:
        form = WorkersForm(case=case, initial={"caseworker": case.caseworker, "coworkers": case.coworkers.all()})
    context = {"form": form, "case": case}
    return log.render_read(
        request, "cases/workers_form.html", context, action="cases.change_workers", case=case, **form_outcome(form)
    )


@login_required
@require_http_methods(["GET", "POST"])
def register(request: HttpRequest) -> HttpResponse:
    team_ids = registering_team_ids(request.user)
    if not team_ids:
        raise PermissionDenied
    teams = Team.objects.filter(pk__in=team_ids, archived_at__isnull=True)  # an archived team takes no new cases
    same = ()
    if request.method == "POST":
        form = RegisterFamilyForm(request.POST, teams=teams)
        if form.is_valid():
            data = form.cleaned_data
            members = form.members()
            if not data["same_family_checked"]:
                same = list(
                    access.possibly_the_same_families(
                        request.user, data["family_name"], [m["date_of_birth"] for m in members]
                    )
                )
            if same:
                form.add_error(
                    "same_family_checked",
                    _("A family you know has this name and a member with the same date of birth. Check below."),
                )
                return log.render_read(
                    request,
                    "cases/register.html",
                    {"form": form, "same": same},
                    action="cases.register",
                    detail="possibly the same family",
                    families=[case.family_id for case in same],
                    status=422,
                )
            try:
                case = actions.do_register_family(
                    request.user,
                    team=data["team"],
                    family_name=data["family_name"],
                    registered_by=data["registered_by"],
                    referrer=data["referrer"],
                    referrer_kind=data["referrer_kind"],
                    referrer_contact=data["referrer_contact"],
                    reason=data["reason"],
                    prior_help=form.prior_help(),
                    second_worker=data["second_worker"],
                    intake_table=form.intake_table(),
                    caseworker=data["caseworker"],
                    child_protection_measure=data["child_protection_measure"],
                    opened_on=data["opened_on"],
                    members=members,
                )
            except ValidationError as error:
                apply_errors(form, error, rename={"intake_table.on": "intake_table_on"})
            else:
                if members:
                    messages.success(request, _("The family is registered."))
                    return redirect("cases:dossier", case_id=case.pk)
                messages.success(request, _("The family is registered. Add the family members now."))
                return redirect("cases:add_member", family_id=case.family_id)
    else:
        form = RegisterFamilyForm(
            teams=teams,
            initial={"opened_on": timezone.localdate(), "caseworker": request.user, "team": teams.first()},
        )
    # No client data on this page (only what the user typed), so no read record.
    return render(request, "cases/register.html", {"form": form}, status=422 if form.errors else 200)


@login_required
@require_http_methods(["GET", "POST"])
def add_member(request: HttpRequest, family_id: int) -> HttpResponse:
    family = access.get_family_for_edit(request.user, family_id)
    case = access.visible_cases(request.user).filter(family=family, closed_on__isnull=True).first()
    if request.method == "POST":
        form = MemberForm(request.POST)
        if form.is_valid():
            try:
                member = actions.do_add_member(request.user, family, **form.member_fields())
            except ValidationError as error:
                apply_errors(form, error)
            else:
                messages.success(request, _("%(name)s is added to the family.") % {"name": member})
                if "add_another" in request.POST:
                    return redirect("cases:add_member", family_id=family.pk)
                return redirect("cases:dossier", case_id=case.pk)
    else:
        form = MemberForm()
    context = {"form": form, "family": family, "case": case, "members": family.members.all()}
    return log.render_read(
        request, "cases/member_form.html", context, action="cases.add_member", family=family, **form_outcome(form)
    )


@login_required
@require_http_methods(["GET", "POST"])
def edit_member(request: HttpRequest, member_id: int) -> HttpResponse:
    member = access.get_member_for_user(request.user, member_id, edit=True)
    family = member.family
    case = access.visible_cases(request.user).filter(family=family, closed_on__isnull=True).first()
    if request.method == "POST":
        form = MemberForm(request.POST)
        if form.is_valid():
            try:
                actions.do_change_member(
                    request.user,
                    member,
                    expected_version=form.cleaned_data["version"],
                    **form.member_fields(),
                )
            except ValidationError as error:
                apply_errors(form, error)
            else:
                messages.success(request, _("The changes are saved."))
                return redirect("cases:dossier", case_id=case.pk)
    else:
        form = MemberForm.for_member(member)
    context = {"form": form, "family": family, "case": case, "member": member}
    return log.render_read(
        request, "cases/member_form.html", context, action="cases.edit_member", member=member, **form_outcome(form)
    )

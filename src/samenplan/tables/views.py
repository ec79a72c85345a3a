"""Pages of the tables: the administrator sets them up, a case's workers put it on the agenda, the table (team
lead or members) records the outcome. Pages with cases respond through the access log."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from samenplan.administration import access as admin_access
from samenplan.audit import log
from samenplan.cases.access import get_case_for_assigning
from samenplan.forms import apply_errors
from samenplan.tables import access, actions
from samenplan.tables.forms import AgendaForm, OutcomeForm, TableForm
from samenplan.tables.models import TableKind, TeamTable

FORM_ERRORS = "form with errors"


def _status(*forms) -> dict:
    return {"status": 422, "detail": FORM_ERRORS} if any(f.errors for f in forms) else {"status": 200}


@login_required
@require_http_methods(["GET", "POST"])
def configure(request: HttpRequest, team_id: int) -> HttpResponse:
    """The administrator sets up the team's intake table and review table (one form each)."""
    team = admin_access.get_team_for_administrator(request.user, team_id)
    tables = {t.kind: t for t in TeamTable.objects.filter(team=team).prefetch_related("members")}
    org = request.user.organisation_id
    rows = []
    for kind in TableKind:
        table = tables.get(kind.value)
        initial = {"version": table.version if table else 0, "frequency": table.frequency if table else "",
                   "members": list(table.members.all()) if table else []}  # fmt: skip
        posted = request.method == "POST" and request.POST.get("kind") == kind.value
        form = TableForm(request.POST if posted else None, initial=initial, organisation_id=org, prefix=kind.value)
        if posted and form.is_valid():
            data = form.cleaned_data
            try:
                actions.do_configure_table(request.user, team, kind=kind.value, members=list(data["members"]),
                                           frequency=data["frequency"], expected_version=data["version"])  # fmt: skip
            except ValidationError as error:
                apply_errors(form, error)
            else:
                messages.success(request, _("The %(table)s is saved.") % {"table": kind.label})
                return redirect("tables:configure", team_id=team.pk)
        rows.append((kind, table, form))
    context = {"team": team, "rows": rows}
    forms = [form for _kind, _table, form in rows]
    return log.render_read(request, "tables/configure.html", context, action="tables.configure", **_status(*forms))


@login_required
@require_http_methods(["GET", "POST"])
def put_on_agenda(request: HttpRequest, case_id: int) -> HttpResponse:
    case = get_case_for_assigning(request.user, case_id)
    form = AgendaForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            actions.do_put_on_agenda(request.user, case, **form.cleaned_data)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("The case is on the table's agenda."))
            return redirect("cases:dossier", case_id=case.pk)
    tables = TeamTable.objects.filter(team_id=case.team_id)
    context = {"case": case, "form": form, "tables": tables}
    return log.render_read(request, "tables/put_on_agenda.html", context, action="tables.put_on_agenda", case=case,
                           **_status(form))  # fmt: skip


def _agenda_page(request, table, failed=None, failed_form=None) -> HttpResponse:
    items = list(table.items.select_related("case__family", "put_by", "decided_by").order_by("-decided_at", "put_at"))
    open_items = [(i, failed_form if failed and i.pk == failed.pk else OutcomeForm(initial={"version": i.version},
                   auto_id=f"id_%s_{i.pk}")) for i in items if i.decided_at is None]  # fmt: skip
    decided = [i for i in items if i.decided_at is not None][:50]
    context = {"table": table, "open_items": open_items, "decided": decided}
    families = [i.case.family_id for i in items if i.decided_at is None] + [i.case.family_id for i in decided]
    extra = _status(failed_form) if failed_form is not None else {"status": 200}
    return log.render_read(request, "tables/agenda.html", context, action="tables.agenda", families=families,
                           **extra)  # fmt: skip


@login_required
@require_http_methods(["GET", "HEAD"])
def agenda(request: HttpRequest, table_id: int) -> HttpResponse:
    return _agenda_page(request, access.get_table_for_user(request.user, table_id))


@login_required
@require_POST
def record_outcome(request: HttpRequest, item_id: int) -> HttpResponse:
    item = access.get_item_for_user(request.user, item_id)
    form = OutcomeForm(request.POST, auto_id=f"id_%s_{item.pk}")
    if form.is_valid():
        try:
            actions.do_record_outcome(request.user, item, outcome=form.cleaned_data["outcome"],
                                      expected_version=form.cleaned_data["version"])  # fmt: skip
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("The outcome is in the dossier."))
            return redirect("tables:agenda", table_id=item.table_id)
    return _agenda_page(request, item.table, failed=item, failed_form=form)

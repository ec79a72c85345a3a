"""Setting up a team's tables (the administrator), putting a case on a table's agenda (its workers or the team
lead) and recording the table's outcome in the dossier (the team lead or a member of the table)."""

from __future__ import annotations

import rules
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from samenplan import clock
from samenplan.accounts.models import Role, Team, User
from samenplan.administration.predicates import administers
from samenplan.audit import log
from samenplan.audit.models import Event
from samenplan.cases.actions import add_entry, lock_case
from samenplan.cases.models import Case, EntryKind, Voice
from samenplan.errors import check_version
from samenplan.tables.models import AgendaItem, TableKind, TeamTable
from samenplan.validation import clean_text

TEXT_MAX = 4000
MEMBERS_MAX = 50


def do_configure_table(
    actor: User, team: Team, *, kind: str, members: list[User], frequency: str, expected_version=None
) -> TeamTable:
    """Make or change the team's table of ``kind``: who takes part (people of the organisation) and how often."""
    if not administers(actor) or team.organisation_id != actor.organisation_id:
        raise PermissionDenied
    errors = {}
    frequency = clean_text(frequency or "")
    if kind not in TableKind.values:
        errors["kind"] = ValidationError(_("Choose the intake table or the review table."), code="invalid_choice")
    if not frequency:
        errors["frequency"] = ValidationError(_("Say how often the table meets."), code="required")
    if any(m.organisation_id != team.organisation_id for m in members):
        errors["members"] = ValidationError(_("Choose people of your own organisation."), code="other_organisation")
    if len(members) > MEMBERS_MAX:
        errors["members"] = ValidationError(_("A table has at most 50 members."), code="too_many")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        table = TeamTable.objects.select_for_update().filter(team=team, kind=kind).first()
        if table is None:
            table = TeamTable.objects.create(team=team, kind=kind, frequency=frequency)
            old = "none"
        else:
            check_version(table, expected_version)
            old = f"{table.frequency!r} members={sorted(table.members.values_list('pk', flat=True))}"
            table.frequency = frequency
            table.version += 1
            table.save(update_fields=["frequency", "version"])
        table.members.set(members)
        new = f"{frequency!r} members={sorted(m.pk for m in members)}"
        log.record(actor, Event.CHANGE, "tables.configure", detail=f"team={team.pk} {kind}: {old} -> {new}")
    return table


def may_decide(user: User, table: TeamTable) -> bool:
    """The team lead of the table's team, or one of the table's members."""
    return table.team_id in user.teams_with_role(Role.TEAM_LEAD) or table.members.filter(pk=user.pk).exists()


def do_put_on_agenda(actor: User, case: Case, *, kind: str, question: str) -> AgendaItem:
    """Put a case on the agenda of its team's table, with the question for the table; a dossier entry says so."""
    if not rules.test_rule("cases.assign_workers", actor, case):
        raise PermissionDenied
    question = clean_text(question or "")
    errors = {}
    table = TeamTable.objects.filter(team_id=case.team_id, kind=kind).first() if kind in TableKind.values else None
    if table is None:
        errors["kind"] = ValidationError(
            _("Your team has no such table. Your administrator sets it up."), code="no_table"
        )
    if not question:
        errors["question"] = ValidationError(_("Write what the table should discuss."), code="required")
    elif len(question) > TEXT_MAX:
        errors["question"] = ValidationError(_("Use at most 4000 characters."), code="max_length")
    if not case.is_open:
        errors["kind"] = ValidationError(_("This case is closed."), code="closed")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        locked = lock_case(case)
        if AgendaItem.objects.filter(table=table, case=locked, decided_at__isnull=True).exists():
            raise ValidationError(
                {"kind": ValidationError(_("This case is already on that table's agenda."), code="already")}
            )
        item = AgendaItem.objects.create(table=table, case=locked, question=question, put_by=actor, put_at=clock.now())
        text = _("On the agenda of the %(table)s: %(question)s") % {
            "table": table.get_kind_display(),
            "question": question,
        }
        add_entry(locked, actor, EntryKind.TABLE, text, voice=Voice.SYSTEM)
        log.record(actor, Event.CREATE, "tables.put_on_agenda", case=locked, detail=f"item={item.pk} table={table.pk}")
    return item


def do_record_outcome(actor: User, item: AgendaItem, *, outcome: str, expected_version) -> AgendaItem:
    """The table's outcome for a case on its agenda, written to the case's dossier."""
    if not may_decide(actor, item.table):
        raise PermissionDenied
    outcome = clean_text(outcome or "")
    if not outcome:
        raise ValidationError({"outcome": ValidationError(_("Write what the table decided."), code="required")})
    if len(outcome) > TEXT_MAX:
        raise ValidationError({"outcome": ValidationError(_("Use at most 4000 characters."), code="max_length")})
    with transaction.atomic():
        locked = (
            AgendaItem.objects.select_for_update().select_related("table", "case__family", "case__team").get(pk=item.pk)
        )
        check_version(locked, expected_version)
        if locked.decided_at is not None:
            raise ValidationError({"outcome": ValidationError(_("The outcome is already recorded."), code="decided")})
        locked.outcome, locked.decided_by, locked.decided_at = outcome, actor, clock.now()
        locked.version += 1
        locked.save(update_fields=["outcome", "decided_by", "decided_at", "version"])
        text = _("Outcome of the %(table)s: %(outcome)s") % {
            "table": locked.table.get_kind_display(),
            "outcome": outcome,
        }
        add_entry(locked.case, actor, EntryKind.TABLE, text, voice=Voice.SYSTEM)
        log.record(actor, Event.CHANGE, "tables.record_outcome", case=locked.case, detail=f"item={locked.pk}")
    return locked

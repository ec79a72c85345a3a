"""Asking for a warm handover, and the receiving team lead's decision. The case keeps its dossier; on acceptance
it moves to the other team with a caseworker of that team (its co-workers, of the old team, step back)."""

from __future__ import annotations

import rules
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _

from samenplan import clock
from samenplan.accounts.models import Role, Team, User, professionals_of
from samenplan.audit import log
from samenplan.audit.models import Event
from samenplan.cases.actions import add_entry, lock_case
from samenplan.cases.models import Case, EntryKind, Voice
from samenplan.errors import check_version
from samenplan.handover.models import Handover
from samenplan.validation import clean_text

TEXT_MAX = 4000


def do_request_handover(actor: User, case: Case, *, to_team: Team, reason: str) -> Handover:
    if not rules.test_rule("cases.assign_workers", actor, case):
        raise PermissionDenied
    reason = clean_text(reason or "")
    errors = {}
    if to_team.organisation_id != case.team.organisation_id or to_team.pk == case.team_id:
        errors["to_team"] = ValidationError(_("Choose another team of your organisation."), code="invalid_choice")
    elif to_team.archived_at is not None:
        errors["to_team"] = ValidationError(_("This team is archived: it takes no new cases."), code="archived")
    if not reason:
        errors["reason"] = ValidationError(_("Say why the family is better off with this team."), code="required")
    elif len(reason) > TEXT_MAX:
        errors["reason"] = ValidationError(_("Use at most 4000 characters."), code="max_length")
    if not case.is_open:
        errors["to_team"] = ValidationError(_("This case is closed."), code="closed")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        locked = lock_case(case)
        if locked.handovers.filter(accepted__isnull=True).exists():
            raise ValidationError(
                {"to_team": ValidationError(_("A handover of this case is already waiting."), code="pending")}
            )
        handover = Handover.objects.create(
            case=locked, from_team=locked.team, to_team=to_team, reason=reason, requested_by=actor,
            requested_at=clock.now(),
        )  # fmt: skip
        with translation.override(settings.LANGUAGE_CODE):
            text = _("Warm handover to %(team)s asked: %(reason)s") % {"team": to_team.name, "reason": reason}
        add_entry(locked, actor, EntryKind.CASEWORKER, text, voice=Voice.SYSTEM)
        log.record(
            actor, Event.CREATE, "handover.request", case=locked, detail=f"handover={handover.pk} to={to_team.pk}"
        )
    return handover


def do_decide_handover(
    actor: User, handover: Handover, *, accept: bool, caseworker: User | None, note: str, expected_version
) -> Handover:
    """The receiving team lead accepts (choosing a caseworker of their team) or declines (saying why)."""
    if handover.to_team_id not in actor.teams_with_role(Role.TEAM_LEAD):
        raise PermissionDenied
    note = clean_text(note or "")
    errors = {}
    if accept and (caseworker is None or not professionals_of([handover.to_team]).filter(pk=caseworker.pk).exists()):
        errors["caseworker"] = ValidationError(_("Choose a professional of your team."), code="invalid_choice")
    if not accept and not note:
        errors["note"] = ValidationError(_("Say why your team does not take the case."), code="required")
    if len(note) > TEXT_MAX:
        errors["note"] = ValidationError(_("Use at most 4000 characters."), code="max_length")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        locked = Handover.objects.select_for_update().select_related("to_team", "from_team").get(pk=handover.pk)
        check_version(locked, expected_version)
        if locked.accepted is not None:
            raise ValidationError(_("This handover is already decided."), code="decided")
        case = lock_case(locked.case_id)
        if case.team_id != locked.from_team_id or not case.is_open:
            raise ValidationError(_("The case has changed meanwhile; this handover no longer applies."), code="stale")
        locked.accepted, locked.decided_by, locked.decided_at, locked.note = accept, actor, clock.now(), note
        locked.version += 1
        locked.save(update_fields=["accepted", "decided_by", "decided_at", "note", "version"])
        with translation.override(settings.LANGUAGE_CODE):
            if accept:
                names = {"old": locked.from_team.name, "new": locked.to_team.name, "name": caseworker}
                text = (
                    _(
                        "Warm handover accepted: the case moves from %(old)s to %(new)s; %(name)s is the fixed "
                        "caseworker now."
                    )
                    % names
                )
            else:
                text = _("Warm handover to %(team)s not accepted.") % {"team": locked.to_team.name}
        if note:
            text = f"{text}\n{note}"
        if accept:
            case.team, case.caseworker = locked.to_team, caseworker
            case.version += 1
            case.save(update_fields=["team", "caseworker", "version"])
            case.coworkers.clear()
        add_entry(case, actor, EntryKind.CASEWORKER, text, voice=Voice.SYSTEM)
        log.record(actor, Event.CHANGE, "handover.decide", case=case, detail=f"handover={locked.pk} accepted={accept}")
    return locked

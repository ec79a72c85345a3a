"""Every change to families, members, cases and the dossier goes through here.

Each action runs in one transaction that also writes the access-log record, so a change is never
saved without its log line, nor logged without being saved. Views, the API, commands and tests call these.
"""

from __future__ import annotations

from datetime import date

import rules as permission_rules
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connections, router, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from samenplan import clock, prepared
from samenplan.accounts.models import Membership, Role, Team, User
from samenplan.audit import log
from samenplan.audit.models import Event
from samenplan.cases import rules
from samenplan.cases.access import _case_from_row, can_edit_family
from samenplan.cases.models import (
    Case,
    DossierEntry,
    EntryKind,
    Family,
    Member,
    MemberRole,
    Phase,
    RegisteredBy,
    SharedEntry,
    Voice,
)
from samenplan.cases.predicates import registering_team_ids
from samenplan.errors import check_version
from samenplan.intake import phases
from samenplan.intake.models import Helped, PriorHelp, ReferrerKind, Registration

MEMBER_MESSAGES = {
    "given_name_required": lambda: _("Give the family member's given name."),
    "role_required": lambda: _("Choose the family member's role in the family."),
    "custody_only_for_parents": lambda: _("Custody applies to parents only."),
    "lives_at_home_only_for_children": lambda: _("'Lives at home' applies to children only."),
    "born_in_future": lambda: _("The date of birth lies in the future."),
    "implausibly_old": lambda: _("This date of birth is more than 120 years ago."),
    "too_old_for_youth_care": lambda: _("A child in youth care is younger than 27 years."),
}

NOTE_VOICES = (Voice.FAMILY, Voice.PROFESSIONAL)  # a note is someone's words; samenplan records the rest

MEMBER_FIELDS = ("given_name", "family_name", "date_of_birth", "role", "has_custody", "lives_at_home")


def lock_case(case_or_id, expected_version=None) -> Case:
    """The case row, locked until the transaction ends: one change of a case's records at a time.

    With ``expected_version`` the version the client last read is checked too (StaleVersion when it moved on)."""
    pk = getattr(case_or_id, "pk", case_or_id)
    locked = _locked_case(pk)
    if expected_version is not None:
        check_version(locked, expected_version)
    return locked


def _locked_case(pk) -> Case:
    """``Case.objects.select_for_update().select_related("family", "team").get(pk=pk)``: the case, its family and
    its team read and their rows locked (``FOR UPDATE`` over the join locks all three, as before).

    Every write of a case's records starts here, with the same query but for the key: compiling it through the
    ORM was ≈ 1 ms of a write's CPU (saving an evaluation, issue 14). So it is compiled once per database
    connection and run with each key, the objects made from the row as the ORM makes them
    (``cases.access._case_from_row``, which ``_case_by_key`` uses the same way). Only the SQL and the description
    of its columns are kept. The compiled parameters are checked to be exactly the key: otherwise the query runs
    as the ORM compiles it."""
    database = router.db_for_write(Case)
    connection = connections[database]
    compiled = connection.__dict__.setdefault("samenplan_locked_case", {})
    if database not in compiled or connection.get_autocommit():
        query = Case.objects.using(database).select_for_update().select_related("family", "team").filter(pk=pk)
        if connection.get_autocommit():
            return query.get()  # raises TransactionManagementError, as the ORM does outside a transaction
        compiler = query.query.get_compiler(using=database)
        sql, params = compiler.as_sql()
        if list(params) != [pk]:
            return query.get()
        compiled[database] = sql, compiler.select, compiler.klass_info
    sql, select, klass_info = compiled[database]
    with connection.cursor() as cursor:
        cursor.execute(sql, [pk])
        rows = cursor.fetchall()
    if not rows:
        raise Case.DoesNotExist("Case matching query does not exist.")
    return _case_from_row(select, klass_info, None, database, rows)


def add_entry(case: Case, author: User, kind: str, text: str, *, voice: str, speaker=None):
    """One entry on the timeline; ``voice`` says whose words: the family's, a professional's, or samenplan's record."""
    entry = new_entry(case, author, kind, text, voice=voice, speaker=speaker)
    entry.save(force_insert=True)
    return entry


def new_entry(case: Case, author: User, kind: str, text: str, *, voice: str, speaker=None) -> DossierEntry:
    """An entry as :func:`add_entry` writes it, not saved yet: :func:`add_entries` saves several in one query."""
    return DossierEntry(case=case, author=author, at=clock.now(), kind=kind, voice=voice, speaker=speaker, text=text)


def add_entries(entries: list[DossierEntry]) -> list[DossierEntry]:
    """Entries made by :func:`new_entry`, saved in one query, in their order on the timeline: ``bulk_create``, its
    INSERT compiled once per connection and number of entries (``prepared.insert_many``)."""
    return prepared.insert_many(entries)


def _member_errors(fields: dict, today: date, prefix: str = "") -> dict[str, ValidationError]:
    errors = rules.member_field_errors(
        fields.get("role", ""),
        fields.get("has_custody"),
        fields.get("lives_at_home"),
        fields.get("date_of_birth"),
        today,
    )
    if not str(fields.get("given_name", "")).strip():
        errors = {"given_name": "given_name_required", **errors}
    if fields.get("role") not in MemberRole.values:
        errors = {"role": "role_required", **errors}
    return {prefix + field: ValidationError(MEMBER_MESSAGES[code](), code=code) for field, code in errors.items()}


def _validate_member(fields: dict, today: date) -> None:
    if errors := _member_errors(fields, today):
        raise ValidationError(errors)


def _check_team_workers(team: Team, users, field: str) -> None:
    """All of ``users`` are professionals of ``team``: one query, however many there are."""
    ids = {user.pk for user in users}
    if len(ids) > rules.MAX_COWORKERS:
        raise ValidationError(
            {
                field: ValidationError(
                    _("A case has at most %(maximum)d co-workers beside the fixed caseworker.")
                    % {"maximum": rules.MAX_COWORKERS},
                    code="too_many",
                )
            }
        )
    professionals = Membership.objects.filter(
        team=team, role=Role.PROFESSIONAL, user_id__in=ids, user__organisation_id=team.organisation_id
    ).values_list("user_id", flat=True)
    if ids - set(professionals):
        raise ValidationError(
            {field: ValidationError(_("Choose a professional of team %(team)s.") % {"team": team}, code="not_in_team")}
        )


def do_register_family(
    actor: User,
    *,
    team: Team,
    family_name: str,
    registered_by: str,
    reason: str,
    caseworker: User,
    referrer: str = "",
    referrer_kind: str = "",
    referrer_contact: str = "",
    help_already: str = "",
    prior_help: list[dict] | tuple[dict, ...] = (),
    coworkers: tuple[User, ...] | list[User] = (),
    second_worker: User | None = None,
    intake_table: dict | None = None,
    child_protection_measure: bool = False,
    opened_on: date | None = None,
    members: list[dict] | tuple[dict, ...] = (),
) -> Case:
    """Register a family with its first case, a structured registration and one fixed caseworker (§3.1).

    ``referrer`` is the referrer's name (and organisation); ``help_already`` (free text, older callers) becomes
    one item of ``prior_help``. A ``second_worker`` joins the first conversation and becomes a co-worker.
    """
    if team.pk not in registering_team_ids(actor):
        raise PermissionDenied
    if team.archived_at is not None:
        raise ValidationError(
            {"team": ValidationError(_("This team is archived: it takes no new cases."), code="archived")}
        )
    today = timezone.localdate()
    opened_on = opened_on or today
    prior_help = [*prior_help, *([{"kind": help_already}] if help_already.strip() else [])]
    intake_table = intake_table or {}
    errors: dict[str, ValidationError] = {}
    if registered_by not in RegisteredBy.values:
        errors["registered_by"] = ValidationError(_("Choose who registered."), code="invalid_choice")
    if registered_by in (RegisteredBy.PROFESSIONAL, RegisteredBy.CONCERN):
        if not referrer.strip():
            errors["referrer"] = ValidationError(_("Say who referred or reported the family."), code="required")
        if referrer_kind not in ReferrerKind.values:
            errors["referrer_kind"] = ValidationError(
                _("Choose the kind of referrer: GP, school, youth doctor, Veilig Thuis, other agency or other."),
                code="required" if not referrer_kind else "invalid_choice",
            )
    if not reason.strip():
        errors["reason"] = ValidationError(_("Write down the reason for registration."), code="required")
    if not family_name.strip():
        errors["family_name"] = ValidationError(_("Give the family a name."), code="required")
    if opened_on > today:
        errors["opened_on"] = ValidationError(_("The registration date lies in the future."), code="future")
    for i, item in enumerate(prior_help):
        if not str(item.get("kind", "")).strip():
            errors[f"prior_help[{i}].kind"] = ValidationError(_("Say which help it was."), code="required")
        if item.get("helped", Helped.UNKNOWN) not in Helped.values:
            errors[f"prior_help[{i}].helped"] = ValidationError(
                _("Choose yes, partly, no or not asked yet."), code="invalid_choice"
            )
    table_on = intake_table.get("on")
    if table_on is not None and table_on > today:
        errors["intake_table.on"] = ValidationError(_("The intake table's date lies in the future."), code="future")
    if table_on is None and (intake_table.get("participants") or intake_table.get("outcome")):
        errors["intake_table.on"] = ValidationError(_("Give the date of the intake table."), code="required")
    if errors:
        raise ValidationError(errors)
    _check_team_workers(team, [caseworker], "caseworker")
    _check_team_workers(team, coworkers, "coworkers")
    if len(members) > rules.MAX_MEMBERS_AT_REGISTRATION:
        raise ValidationError(
            {
                "members": ValidationError(
                    _("Register at most %(maximum)d family members at once; add more afterwards.")
                    % {"maximum": rules.MAX_MEMBERS_AT_REGISTRATION},
                    code="too_many",
                )
            }
        )
    if second_worker is not None:
        _check_team_workers(team, [second_worker], "second_worker")
        if second_worker.pk == caseworker.pk:
            raise ValidationError(
                {
                    "second_worker": ValidationError(
                        _("The second worker is someone other than the caseworker."), code="same_worker"
                    )
                }
            )
    member_errors = {}
    for i, fields in enumerate(members):
        member_errors.update(_member_errors(fields, today, prefix=f"members[{i}]."))
    if member_errors:
        raise ValidationError(member_errors)

    with transaction.atomic():
        family = Family.objects.create(organisation_id=team.organisation_id, name=family_name.strip())
        case = Case.objects.create(
            family=family,
            team=team,
            caseworker=caseworker,
            child_protection_measure=child_protection_measure,
            opened_on=opened_on,
        )
        registration = Registration.objects.create(
            case=case,
            registered_by=registered_by,
            referrer_kind=referrer_kind if registered_by != RegisteredBy.FAMILY else "",
            referrer_name=referrer.strip() if registered_by != RegisteredBy.FAMILY else "",
            referrer_contact=referrer_contact.strip() if registered_by != RegisteredBy.FAMILY else "",
            reason=reason.strip(),
            second_worker=second_worker,
            intake_table_on=table_on,
            intake_table_participants=str(intake_table.get("participants", "")).strip(),
            intake_table_outcome=str(intake_table.get("outcome", "")).strip(),
        )
        PriorHelp.objects.bulk_create(
            PriorHelp(
                registration=registration,
                agency=str(item.get("agency", "")).strip(),
                kind=str(item["kind"]).strip(),
                period=str(item.get("period", "")).strip(),
                running=bool(item.get("running", False)),
                helped=item.get("helped", Helped.UNKNOWN),
            )
            for item in prior_help
        )
        others = {c.pk: c for c in [*coworkers, *([second_worker] if second_worker else [])] if c.pk != caseworker.pk}
        if others:
            case.coworkers.set(others.values())
        for fields in members:
            Member.objects.create(family=family, **{k: fields.get(k) for k in MEMBER_FIELDS if k in fields})
        voice = Voice.FAMILY if registered_by == RegisteredBy.FAMILY else Voice.REFERRER
        add_entry(case, actor, EntryKind.REGISTRATION, registration.reason, voice=voice)
        log.record(actor, Event.CREATE, "cases.register_family", case=case)
    return case


def do_change_workers(
    actor: User,
    case: Case,
    *,
    caseworker: User,
    coworkers: list[User] | tuple[User, ...] = (),
    expected_version: int | None,
    note: str = "",
) -> Case:
    """Hand the case to another fixed caseworker and/or change the co-workers. There is always one caseworker."""
    if not permission_rules.test_rule("cases.assign_workers", actor, case):
        raise PermissionDenied
    _check_team_workers(case.team, [caseworker], "caseworker")
    _check_team_workers(case.team, coworkers, "coworkers")
    with transaction.atomic():
        locked = Case.objects.select_for_update().select_related("family", "team", "caseworker").get(pk=case.pk)
        check_version(locked, expected_version)
        previous_caseworker = locked.caseworker
        previous = set(locked.coworkers.values_list("pk", flat=True))
        new = {c.pk for c in coworkers if c.pk != caseworker.pk}
        if caseworker.pk == previous_caseworker.pk and new == previous:
            raise ValidationError(_("Nothing was changed."), code="unchanged")
        locked.caseworker = caseworker
        locked.version += 1
        locked.save(update_fields=["caseworker", "version"])
        locked.coworkers.set(new)
        with translation.override(settings.LANGUAGE_CODE):  # the dossier speaks the organisation's language
            names = ", ".join(str(c) for c in sorted(coworkers, key=str) if c.pk in new) or _("none")
            if caseworker.pk != previous_caseworker.pk:
                text = _("Fixed caseworker is now %(new)s (was %(old)s).") % {
                    "new": caseworker,
                    "old": previous_caseworker,
                }
            else:
                text = _("Fixed caseworker stays %(name)s.") % {"name": caseworker}
            text = " ".join((text, _("Co-workers: %(names)s.") % {"names": names}))
        if note.strip():
            text = f"{text}\n{note.strip()}"
        add_entry(locked, actor, EntryKind.CASEWORKER, text, voice=Voice.SYSTEM)
        log.record(actor, Event.CHANGE, "cases.change_workers", case=locked)
    return locked


def do_add_member(actor: User, family: Family, **fields) -> Member:
    _require_family_editor(actor, family)
    _validate_member(fields, timezone.localdate())
    with transaction.atomic():
        member = Member.objects.create(family=family, **{k: fields.get(k) for k in MEMBER_FIELDS if k in fields})
        for case in family.cases.filter(closed_on__isnull=True):
            with translation.override(settings.LANGUAGE_CODE):  # the dossier speaks the organisation's language
                text = _("Added to the family: %(name)s") % {"name": member}
            add_entry(case, actor, EntryKind.MEMBER, text, voice=Voice.SYSTEM)
        log.record(actor, Event.CREATE, "cases.add_member", member=member, family=family)
    return member


def do_change_member(actor: User, member: Member, *, expected_version: int | None, **fields) -> Member:
    _require_family_editor(actor, member.family)
    merged = {k: fields.get(k, getattr(member, k)) for k in MEMBER_FIELDS}
    _validate_member(merged, timezone.localdate())
    with transaction.atomic():
        locked = Member.objects.select_for_update().get(pk=member.pk)
        check_version(locked, expected_version)
        changed = [k for k in MEMBER_FIELDS if k in fields and getattr(locked, k) != fields[k]]
        for k in changed:
            setattr(locked, k, fields[k])
        locked.version += 1
        locked.save(update_fields=[*changed, "version"])
        log.record(
            actor,
            Event.CHANGE,
            "cases.change_member",
            member=locked,
            family=member.family,
            detail=",".join(changed),
        )
    return locked


def do_add_note(
    actor: User, case: Case, *, text: str, voice: str, speaker: Member | None = None, shared: bool = False
) -> DossierEntry:
    """A note on the timeline; with ``shared`` the family reads it in the portal too (see ``do_share_entry``)."""
    if not permission_rules.test_rule("cases.change_case", actor, case):
        raise PermissionDenied
    errors = {}
    if not text.strip():
        errors["text"] = ValidationError(_("Write something first."), code="required")
    if voice not in NOTE_VOICES:
        errors["voice"] = ValidationError(_("Say whose words these are."), code="invalid_choice")
    if speaker is not None and speaker.family_id != case.family_id:
        errors["speaker"] = ValidationError(_("Choose a member of this family."), code="invalid_choice")
    if speaker is not None and voice != Voice.FAMILY:
        errors["speaker"] = ValidationError(
            _("Only the family's own words are said by a family member."), code="invalid_choice"
        )
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        entry = add_entry(case, actor, EntryKind.NOTE, text.strip(), voice=voice, speaker=speaker)
        log.record(actor, Event.CREATE, "cases.add_note", case=case)
        if shared:
            SharedEntry.objects.create(case=case, entry=entry, shared_by=actor, shared_at=clock.now())
            log.record(actor, Event.CHANGE, "cases.share_entry", case=case, detail=f"entry={entry.pk} shared")
    return entry


def do_move_phase(actor: User, case: Case, *, target: str, expected_version: int | None, note: str = "") -> Case:
    """Move a case to another phase, as the phase machine allows (intake/rules.py).

    Closing needs a reason (``note``) and sets the closing date; reopening clears it, keeps the history and asks
    for the route again.
    """
    if not permission_rules.test_rule("cases.move_phase", actor, case):
        raise PermissionDenied
    with transaction.atomic():
        locked = lock_case(case)
        check_version(locked, expected_version)
        previous = move_phase(actor, locked, target, phases.facts_for(locked, reason=note), note=note)
        log.record(actor, Event.CHANGE, "cases.move_phase", case=locked, detail=f"{previous}->{target}")
    return locked


def move_phase(actor: User, locked: Case, target: str, facts, note: str = "") -> str:
    """The one place a case changes phase, inside the caller's transaction on a locked case.

    Asks the phase machine (refusing with a message that names the rule), saves, and writes the timeline entry.
    Entering clarification again (reopening, or after an evaluation) retires the earlier route decision.
    Returns the phase the case came from.
    """
    phases.check_move(locked, target, facts)
    previous = locked.phase
    locked.phase = target
    locked.closed_on = timezone.localdate(clock.now()) if target == Phase.CLOSED else None
    locked.version += 1
    locked.save(update_fields=["phase", "closed_on", "version"])
    if target == Phase.CLARIFICATION:
        locked.route_decisions.filter(current=True).update(current=False)
    with translation.override(settings.LANGUAGE_CODE):  # the dossier speaks the organisation's language
        text = _("From %(previous)s to %(target)s.") % {
            "previous": Phase(previous).label,
            "target": Phase(target).label,
        }
    if note.strip():
        text = f"{text}\n{note.strip()}"
    add_entry(locked, actor, EntryKind.PHASE_CHANGE, text, voice=Voice.SYSTEM)
    return previous


def _require_family_editor(actor: User, family: Family) -> None:
    if not can_edit_family(actor, family):
        raise PermissionDenied


# ── Notes shared with the family (the portal shows these and nothing else of the timeline) ───────────────────


def do_share_entry(actor: User, entry: DossierEntry, *, shared: bool) -> bool:
    """Mark a note of the dossier as shared with the family (``shared``), or take the sharing back. The entry
    itself is not changed. Only notes can be shared; the case's editors do it. Returns whether it is shared now."""
    if not permission_rules.test_rule("cases.change_case", actor, entry.case):
        raise PermissionDenied
    if entry.kind != EntryKind.NOTE:
        raise ValidationError({"shared": ValidationError(_("Only notes can be shared with the family."), code="kind")})
    with transaction.atomic():
        case = lock_case(entry.case_id)
        existing = SharedEntry.objects.filter(entry=entry).first()
        if shared and existing is None:
            SharedEntry.objects.create(case=case, entry=entry, shared_by=actor, shared_at=clock.now())
        elif not shared and existing is not None:
            existing.delete()
        else:
            return shared  # already so: nothing changes, nothing to log
        state = "shared" if shared else "unshared"
        log.record(actor, Event.CHANGE, "cases.share_entry", case=case, detail=f"entry={entry.pk} {state}")
    return shared

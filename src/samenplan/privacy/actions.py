"""Writes of the privacy app: requests for destruction, removing files (retention and destruction alike),
exporting a member's data, pruning the access log. Each in one transaction with its access-log record."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, time

import rules as permission_rules
from django.conf import settings
from django.core import serializers
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.db.models import Min
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from samenplan.audit import log
from samenplan.audit.models import AccessLogRecord, ChainHead, Event, LogCheckpoint
from samenplan.cases.models import Case, Family, Member
from samenplan.errors import StaleVersion, check_version
from samenplan.privacy import graph, rules
from samenplan.privacy.models import DestructionRequest, RefusalGround, Scope, Status

ERROR_TEXT = {
    ("decision", "invalid"): gettext_noop("Choose a decision."),
    ("grounds", "invalid"): gettext_noop("Choose grounds from the list."),
    ("grounds", "required"): gettext_noop("A refusal names at least one ground."),
    ("grounds", "not_allowed"): gettext_noop("A granted request has no grounds for refusal."),
    ("explanation", "required"): gettext_noop("Explain the refusal: the family receives this explanation."),
}

# removing files


def _summary(counts: dict[str, int], limit: int = 400) -> str:
    text = " ".join(f"{label}={n}" for label, n in counts.items())
    return text[:limit]


def remove_family(actor, family: Family, *, reason: str) -> dict[str, int]:
    """Remove the family, its members and cases and everything that hangs off them (found through the foreign-key
    graph). Writes one access-log record with ids and counts only. Call inside a transaction."""
    found = graph.collect(Family, [family.pk])
    case_ids = sorted(found.rows[Case])
    detail = f"reason={reason} cases={','.join(map(str, case_ids))}"[:100]
    log.record(
        actor, Event.DELETE, "privacy.remove_family", family=family, detail=f"{detail} {_summary(found.counts())}"
    )
    return graph.remove(found)


def remove_cases(actor, family: Family, cases: list[Case], *, reason: str) -> dict[str, int]:
    """Remove some of a family's cases and what hangs off them; the family and its members stay."""
    found = graph.collect(Case, [case.pk for case in cases])
    detail = f"reason={reason} cases={','.join(str(c.pk) for c in cases)}"[:100]
    log.record(
        actor, Event.DELETE, "privacy.remove_cases", family=family, detail=f"{detail} {_summary(found.counts())}"
    )
    return graph.remove(found)


@dataclass
class RetentionResult:
    due: list[int]  # family ids
    removed: dict[str, int]


def due_families(today: date, years: int) -> list[int]:
    """Ids of the families whose file is past retention: every case closed, the last one ``years`` ago."""
    rows = Case.objects.order_by("family_id").values_list("family_id", "opened_on", "closed_on")
    per_family: dict[int, list[tuple]] = {}
    for family_id, opened_on, closed_on in rows.iterator(chunk_size=2000):
        per_family.setdefault(family_id, []).append((opened_on, closed_on))
    return [pk for pk, cases in per_family.items() if rules.is_due(cases, years, today)]


def run_retention(
    actor, *, today: date, years: int, apply: bool, progress: Callable[[int, int], None] | None = None
) -> RetentionResult:
    """Find the families past retention; with ``apply``, remove each in its own transaction (rechecked under a
    lock, so a case reopened meanwhile keeps its family)."""
    due = due_families(today, years)
    removed: dict[str, int] = {}
    if not apply:
        return RetentionResult(due, removed)
    done = []
    for number, family_id in enumerate(due, start=1):
        with transaction.atomic():
            family = Family.objects.select_for_update().filter(pk=family_id).first()
            cases = list(
                Case.objects.select_for_update().filter(family_id=family_id).values_list("opened_on", "closed_on")
            )
            if family is not None and rules.is_due(cases, years, today):
                # Requests for destruction about the file are part of it once it is past retention.
                requests = DestructionRequest.objects.filter(family_ref=family_id)
                if count := requests.count():
                    requests.delete()
                    removed[DestructionRequest._meta.label] = removed.get(DestructionRequest._meta.label, 0) + count
                for label, n in remove_family(actor, family, reason="retention").items():
                    removed[label] = removed.get(label, 0) + n
                done.append(family_id)
        if progress:
            progress(number, len(due))
    return RetentionResult(done, removed)


# requests for destruction


def do_record_destruction_request(
    actor,
    family: Family,
    *,
    scope: str,
    case: Case | None,
    requested_by: Member,
    requested_on: date,
    details: str = "",
) -> DestructionRequest:
    errors = {}
    if scope == Scope.CASE and (case is None or case.family_id != family.pk):
        errors["case"] = _("Choose one of this family's cases.")
    if requested_by.family_id != family.pk:
        errors["requested_by"] = _("Choose a member of this family.")
    if requested_on > timezone.localdate():
        errors["requested_on"] = _("The date of the request cannot be in the future.")
    if errors:
        raise ValidationError(errors)
    team = (case or family.cases.order_by("-opened_on", "-pk").first()).team
    with transaction.atomic():
        request = DestructionRequest.objects.create(
            organisation_id=family.organisation_id,
            team=team,
            family=family,
            family_ref=family.pk,
            scope=scope,
            case=case if scope == Scope.CASE else None,
            requested_by=requested_by,
            requested_on=requested_on,
            deadline=rules.destruction_deadline(requested_on, settings.DESTRUCTION_DEADLINE_MONTHS),
            details=details,
            recorded_by=actor,
        )
        log.record(
            actor, Event.CREATE, "privacy.record_request", family=family, member=requested_by,
            case=request.case, detail=f"request={request.pk} scope={scope}",
        )  # fmt: skip
    return request


def do_decide_destruction_request(
    actor,
    request: DestructionRequest,
    *,
    decision: str,
    grounds: list[str],
    explanation: str,
    cases_to_remove: list[Case] = (),
    expected_version: int | None,
) -> DestructionRequest:
    """Record the team lead's decision; when (partly) granted, remove through the same code as retention."""
    codes = rules.refusal_errors(decision, grounds, explanation)
    errors = {field: _(ERROR_TEXT[(field, code)]) for field, code in codes.items()}
    cases_to_remove = list(cases_to_remove)
    if decision == "partly" and not errors:
        if request.scope != Scope.FAMILY:
            errors["decision"] = _("One case cannot be partly destroyed: grant or refuse it.")
        elif not cases_to_remove or any(c.family_id != request.family_id for c in cases_to_remove):
            errors["cases"] = _("Choose the cases that are destroyed.")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        locked = (
            DestructionRequest.objects.select_for_update(of=("self",))
            .select_related("family", "case")
            .get(pk=request.pk)
        )
        if not permission_rules.test_rule("privacy.decide_request", actor, locked):
            raise PermissionDenied
        if expected_version is None:
            raise StaleVersion()
        check_version(locked, expected_version)
        if not locked.is_open:
            raise ValidationError({"decision": _("This request has already been decided.")})
        family = locked.family
        locked.status = {"granted": Status.GRANTED, "partly": Status.PARTLY, "refused": Status.REFUSED}[decision]
        locked.grounds = [g for g in RefusalGround.values if g in grounds]
        locked.explanation = explanation
        locked.decided_by = actor
        locked.decided_at = timezone.now()
        locked.version += 1
        log.record(
            actor, Event.CHANGE, "privacy.decide_request", family=family,
            detail=f"request={locked.pk} decision={decision} grounds={','.join(locked.grounds)}",
        )  # fmt: skip
        removed: dict[str, int] = {}
        if family is not None and decision == "granted" and locked.scope == Scope.FAMILY:
            removed = remove_family(actor, family, reason=f"request:{locked.pk}")
        elif family is not None and decision == "granted" and locked.case is not None:
            removed = remove_cases(actor, family, [locked.case], reason=f"request:{locked.pk}")
        elif family is not None and decision == "partly":
            removed = remove_cases(actor, family, cases_to_remove, reason=f"request:{locked.pk}")
        locked.removed = removed
        # the removal set this request's links to null in the database; keep what is left
        fresh = DestructionRequest.objects.values("family_id", "case_id", "requested_by_id").get(pk=locked.pk)
        locked.family_id, locked.case_id, locked.requested_by_id = (
            fresh["family_id"], fresh["case_id"], fresh["requested_by_id"],
        )  # fmt: skip
        locked.save(
            update_fields=[
                "status", "grounds", "explanation", "decided_by", "decided_at", "version", "removed",
                "family", "case", "requested_by",
            ]
        )  # fmt: skip
    return locked


# the request for inspection


def _rows(model, pks) -> list[dict]:
    rows = model._base_manager.filter(pk__in=pks).order_by("pk")
    return [
        {"model": item["model"], "id": item["pk"], "fields": item["fields"]}
        for item in serializers.serialize("python", rows)
    ]


def member_export(member: Member) -> dict:
    """Everything about a member and their family's cases, through the foreign-key graph, plus who accessed it."""
    family = member.family
    about_member = graph.collect(Member, [member.pk], follow_detaching=True)
    case_ids = list(family.cases.values_list("pk", flat=True))
    about_cases = graph.collect(Case, case_ids, follow_detaching=True)
    records: dict[str, list[dict]] = {"cases.Family": _rows(Family, [family.pk])}
    for part in (about_member, about_cases):
        for model, pks in part.ordered():
            if model is Member:
                pks = {member.pk}  # other members are other people: their own request covers them
            existing = {row["id"] for row in records.get(model._meta.label, [])}
            records.setdefault(model._meta.label, []).extend(_rows(model, set(pks) - existing))
    accesses = (
        AccessLogRecord.objects.filter(family_id=family.pk)
        .exclude(event=Event.REFUSED)
        .order_by("seq")
        .values("at", "username", "role", "on_behalf_of", "event", "action", "channel", "case_id", "member_id")
    )
    return {
        "exported_at": timezone.now(),
        "member": member.pk,
        "family": family.pk,
        "records": {label: rows for label, rows in records.items() if rows},
        "accessed_by": list(accesses),
    }


def do_export_member(actor, member: Member) -> str:
    """The JSON export for a request for inspection (AVG art. 15), logged as an export of the member."""
    with transaction.atomic():
        data = member_export(member)
        log.record(actor, Event.EXPORT, "privacy.export_member", member=member, family=member.family)
    return json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2)


# retention of the access log


@dataclass
class PruneResult:
    cutoff: date
    count: int  # records older than the cutoff (removed with apply)
    first_kept: int  # the first record kept (its seq), 0 when the log holds none


def prune_log(actor, *, today: date, years: int, apply: bool) -> PruneResult:
    """Remove access-log records made before ``today - years``, keeping every chain verifiable: for each chain an
    ``audit.prune`` record names its new start (first kept position and the hash it chains from), its checkpoint
    moves there, and the database then lets the older records (and only those) be deleted. One transaction.

    Within a chain the records' times rise with their positions, so a chain's old records are those before its
    first record made on or after the cutoff. (On PostgreSQL, archiving a whole month is cheaper: ``samenplan audit
    partitions --archive``.)"""
    cutoff = rules.log_cutoff(today, years)
    cutoff_at = timezone.make_aware(datetime.combine(cutoff, time.min))
    with transaction.atomic():
        heads = list(ChainHead.objects.select_for_update().order_by("pk"))
        moves = []
        for head in heads:
            field = "seq" if head.legacy else "pos"
            start, _prev = log.chain_start(head)
            records = AccessLogRecord.objects.filter(chain_id=head.pk)
            first_recent = records.filter(at__gte=cutoff_at).aggregate(m=Min(field))["m"]
            last_old = first_recent - 1 if first_recent is not None else head.seq
            if last_old >= start:
                moves.append((head, field, last_old, last_old - start + 1))
        count = sum(n for *_rest, n in moves)
        first_kept = AccessLogRecord.objects.filter(at__gte=cutoff_at).aggregate(m=Min("seq"))["m"] or 0
        if not apply or not count:
            return PruneResult(cutoff, count, first_kept)
        for head, field, last_old, removed in moves:
            prev_hash = AccessLogRecord.objects.values_list("hash", flat=True).get(
                chain_id=head.pk, **{field: last_old}
            )
            log.record(
                actor, Event.DELETE, log.PRUNE_ACTION,
                detail=f"{log.prune_detail(head.pk, last_old + 1, prev_hash)} removed={removed} "
                f"before={cutoff.isoformat()}",
            )  # fmt: skip
            LogCheckpoint.objects.update_or_create(
                chain_id=head.pk,
                defaults={"first_seq": last_old + 1, "prev_hash": prev_hash, "pruned_at": timezone.now()},
            )
            # the trigger lets these through, no others
            AccessLogRecord.objects.filter(chain_id=head.pk, **{f"{field}__lte": last_old}).delete()
        first_kept = AccessLogRecord.objects.order_by("seq").values_list("seq", flat=True).first() or 0
    return PruneResult(cutoff, count, first_kept)

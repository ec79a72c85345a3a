"""Writing the access log. Call :func:`record` inside the transaction of the change it describes."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from samenplan.audit import chain, context
from samenplan.audit.models import AccessLogRecord, ChainHead


def record(
    user,
    event: str,
    action: str,
    *,
    case=None,
    family=None,
    member=None,
    detail: str = "",
    on_behalf_of: str = "",
) -> AccessLogRecord:
    """Append one record, chained to the one before. Locks the chain head until the transaction ends."""
    if member is not None and family is None:
        family = member.family
    if case is not None and family is None:
        family = case.family
    team_id = case.team_id if case is not None else None
    organisation_id = family.organisation_id if family is not None else getattr(user, "organisation_id", None)
    ctx = context.current()
    with transaction.atomic():
        head = ChainHead.objects.select_for_update().filter(pk=1).first()
        if head is None:
            head, _ = ChainHead.objects.get_or_create(pk=1, defaults={"seq": 0, "hash": chain.GENESIS})
            head = ChainHead.objects.select_for_update().get(pk=1)
        fields = {
            "seq": head.seq + 1,
            "at": timezone.now(),
            "event": str(event),
            "user_id": getattr(user, "pk", None),
            "username": getattr(user, "username", "") or "",
            "role": user.role_labels(team_id) if hasattr(user, "role_labels") else "",
            "on_behalf_of": on_behalf_of or (case.team.name if case is not None else ""),
            "organisation_id": organisation_id,
            "family_id": family.pk if family is not None else None,
            "case_id": case.pk if case is not None else None,
            "member_id": member.pk if member is not None else None,
            "channel": str(ctx.channel),
            "action": action,
            "detail": detail[:500],
            "ip_address": ctx.ip_address,
        }
        digest = chain.record_hash(head.hash, fields)
        entry = AccessLogRecord.objects.create(prev_hash=head.hash, hash=digest, **fields)
        head.seq, head.hash = entry.seq, digest
        head.save(update_fields=["seq", "hash"])
    return entry


def verify(progress=None, every: int = 5000) -> tuple[int, tuple[int, str] | None]:
    """Recompute the whole chain. Returns (records checked, first break or None).

    ``progress(done, total)`` is called every ``every`` records and at the end.
    """
    records = AccessLogRecord.objects.order_by("seq").values("prev_hash", "hash", *chain.CHAINED_FIELDS)
    count = 0
    total = records.count() if progress else 0

    def counted():
        nonlocal count
        for rec in records.iterator(chunk_size=2000):
            count += 1
            if progress and count % every == 0:
                progress(count, total)
            yield rec

    broken = chain.first_break(counted())
    if progress:
        progress(count, total)
    if broken is None:
        head = ChainHead.objects.filter(pk=1).first()
        if head is not None and head.seq != count:
            broken = (count + 1, f"records missing at the end: the chain head says #{head.seq}")
        elif head is not None and count and head.hash != records.last()["hash"]:
            broken = (count, "the last record does not match the chain head")
    return count, broken

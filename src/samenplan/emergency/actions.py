"""Writes of emergency access: opening a case with a reason, and the team lead's review. Each in one transaction
with its access-log record."""

from __future__ import annotations

from datetime import timedelta

import rules
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from samenplan.audit import log
from samenplan.audit.models import Event
from samenplan.cases.models import Case
from samenplan.cases.predicates import may_see_by_rule
from samenplan.emergency.models import EmergencyAccess
from samenplan.ids import parse_id

REASON_MIN_CHARACTERS = 20
REASON_MIN_WORDS = 4
REASON_MAX = 2000
NOTE_MAX = 2000


def _check_reason(reason: str) -> str:
    reason = " ".join((reason or "").split())
    if not reason:
        raise ValidationError({"reason": ValidationError(_("Say why you need this case now."), code="required")})
    words = [w for w in reason.split() if any(c.isalpha() for c in w)]
    if len(reason) < REASON_MIN_CHARACTERS or len(words) < REASON_MIN_WORDS or len(set(reason.lower())) < 5:
        raise ValidationError(
            {
                "reason": ValidationError(
                    _("Describe the emergency in a sentence: what is happening, and why you need this case."),
                    code="too_short",
                )
            }
        )
    if len(reason) > REASON_MAX:
        raise ValidationError(
            {"reason": ValidationError(_("Keep the reason under 2000 characters."), code="max_length")}
        )
    return reason


def do_open_in_emergency(actor, case_id, reason: str) -> EmergencyAccess:
    """Give ``actor`` read-only access to a case of their organisation they may not see by their rules.

    A case that does not exist, or belongs to another organisation, is refused with the same message and the same
    refusal record (naming only the requested number), so the answer reveals nothing.
    """
    if not rules.test_rule("emergency.open", actor):
        raise PermissionDenied
    reason = _check_reason(reason)
    number = parse_id(case_id)
    case = (
        Case.objects.filter(pk=number, family__organisation_id=actor.organisation_id)
        .select_related("family", "team")
        .first()
        if number is not None
        else None
    )
    if case is None:
        log.refused(actor, "case", case_id)
        raise ValidationError(
            {
                "case": ValidationError(
                    _("There is no case with this number that you can open in an emergency."), code="not_available"
                )
            }
        )
    if may_see_by_rule(actor, case):
        raise ValidationError(
            {
                "case": ValidationError(
                    _("You can already open this case; no emergency access is needed."), code="already_visible"
                )
            }
        )
    now = timezone.now()
    with transaction.atomic():
        grant = EmergencyAccess.objects.create(
            user=actor,
            case=case,
            reason=reason,
            started_at=now,
            expires_at=now + timedelta(hours=settings.EMERGENCY_ACCESS_HOURS),
        )
        log.record(
            actor,
            Event.EMERGENCY,
            "emergency.open",
            case=case,
            detail=f"grant={grant.pk} until={grant.expires_at:%Y-%m-%dT%H:%M:%SZ} reason={reason}",
        )
    return grant


def do_review(actor, grant: EmergencyAccess, note: str = "") -> EmergencyAccess:
    """The team lead marks a grant as reviewed, with an optional note."""
    note = (note or "").strip()
    if len(note) > NOTE_MAX:
        raise ValidationError(
            {"review_note": ValidationError(_("Keep the note under 2000 characters."), code="max_length")}
        )
    with transaction.atomic():
        grant = (
            EmergencyAccess.objects.select_for_update().select_related("case__family", "case__team").get(pk=grant.pk)
        )
        if grant.reviewed_at is not None:
            raise ValidationError(_("This emergency access has already been reviewed."), code="already_reviewed")
        grant.reviewed_by, grant.reviewed_at, grant.review_note = actor, timezone.now(), note
        grant.save(update_fields=["reviewed_by", "reviewed_at", "review_note"])
        log.record(actor, Event.CHANGE, "emergency.review", case=grant.case, detail=f"grant={grant.pk} reviewed")
    return grant

"""Handovers a team lead receives: only those to a team they lead (404 otherwise)."""

from __future__ import annotations

from django.http import Http404

from samenplan.accounts.models import Role
from samenplan.audit import log
from samenplan.handover.models import Handover
from samenplan.ids import parse_id


def received_by(user):
    led = user.teams_with_role(Role.TEAM_LEAD) if getattr(user, "is_authenticated", False) and user.is_active else []
    return Handover.objects.filter(to_team_id__in=led)


def get_handover_to_decide(user, handover_id) -> Handover:
    found = received_by(user).select_related("case__family", "from_team", "to_team").filter(pk=parse_id(handover_id))
    handover = found.first()
    if handover is None:
        log.refused(user, "handover", handover_id)
        raise Http404
    return handover

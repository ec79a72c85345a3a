"""The family member downloads their own data: built and logged as an export in one transaction."""

from __future__ import annotations

import json

from django.core.exceptions import PermissionDenied
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction

from samenplan.accounts.models import User
from samenplan.audit import log
from samenplan.audit.models import Event
from samenplan.cases.models import Member
from samenplan.portal import own_data
from samenplan.portal.access import acts_as

JSON, PDF = "json", "pdf"


def do_export_own_data(user: User, member: Member, *, kind: str) -> bytes:
    """The member's own data (``portal.own_data``) as JSON or PDF bytes, logged as an export with the member as
    the actor. Only the member themselves."""
    if not acts_as(user, member) or kind not in (JSON, PDF):
        raise PermissionDenied
    with transaction.atomic():
        data = own_data.own_data(member)
        log.record(user, Event.EXPORT, "portal.own_data", member=member, family=member.family, detail=f"format={kind}")
    if kind == JSON:
        return json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2).encode()
    from samenplan.portal import pdf

    return pdf.render_own_data(member, data)

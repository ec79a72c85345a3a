"""Getting requests for destruction, families and members for the privacy pages: the object, or 404 (403 when
the user sees it but may not act on it), each in one query, refusals logged as in cases/access.py."""

from __future__ import annotations

import rules
from django.db.models import Exists, OuterRef, Q, QuerySet

from samenplan.cases.access import _forbidden, _one, visible_families
from samenplan.cases.models import Family, Member
from samenplan.privacy.models import DestructionRequest
from samenplan.privacy.predicates import lead_team_ids, responsible_family_ids


def visible_requests(user) -> QuerySet[DestructionRequest]:
    if not getattr(user, "organisation_id", None):
        return DestructionRequest.objects.none()
    return (
        DestructionRequest.objects.filter(organisation_id=user.organisation_id)
        .filter(
            Q(team_id__in=lead_team_ids(user)) | Q(family_id__in=responsible_family_ids(user)) | Q(recorded_by=user)
        )
        .select_related("team", "family", "case", "requested_by", "recorded_by", "decided_by")
    )


def get_request_for_user(user, request_id, *, decide: bool = False) -> DestructionRequest:
    request = _one(user, "destruction_request", visible_requests(user), request_id)
    if decide and not rules.test_rule("privacy.decide_request", user, request):
        raise _forbidden(user, "destruction_request", request_id, family=request.family)
    return request


def _responsible(user, ref: str) -> Exists:
    return Exists(Family.objects.filter(pk=OuterRef(ref), pk__in=responsible_family_ids(user)))


def get_family_for_request(user, family_id) -> Family:
    """The family whose request for destruction this user may record (404 unseen, 403 seen only)."""
    family = _one(user, "family", visible_families(user).annotate(responsible=_responsible(user, "pk")), family_id)
    if not family.responsible:
        raise _forbidden(user, "family", family_id, family=family)
    return family


def get_member_for_export(user, member_id) -> Member:
    """The member whose data this user may export for a request for inspection (404 unseen, 403 seen only)."""
    members = (
        Member.objects.select_related("family")
        .filter(family__in=visible_families(user))
        .annotate(responsible=_responsible(user, "family_id"))
    )
    member = _one(user, "member", members, member_id)
    if not member.responsible:
        raise _forbidden(user, "member", member_id, member=member)
    return member

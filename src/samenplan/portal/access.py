"""What a logged-in family member may read: their own family's cases and records, nothing else (else 404)."""

from __future__ import annotations

from functools import wraps

from django.http import Http404

from samenplan.cases.models import EntryKind, Member, Voice
from samenplan.portal.middleware import family_member_id


def family_member_required(view):
    """Portal views: only for a logged-in family member (``request.member``); everyone else gets 404."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        member_id = family_member_id(request)
        if member_id is None:
            raise Http404
        request.member = Member.objects.select_related("family").get(pk=member_id)
        return view(request, *args, **kwargs)

    return wrapped


def home_overview(member: Member) -> list[dict]:
    """Per case of the member's family: the registration in the family's words, the clarified questions, the
    current route and the consents (read-only)."""
    family = member.family
    overview = []
    for case in family.cases.order_by("-opened_on", "-pk"):
        overview.append(
            {
                "case": case,
                "registration": case.entries.filter(kind=EntryKind.REGISTRATION, voice=Voice.FAMILY)
                .order_by("at", "pk")
                .first(),
                "questions": case.clarifications.select_related("member").order_by("recorded_at", "pk"),
                "route": case.route_decisions.filter(current=True).first(),
                "consents": case.consents.select_related("recipient").prefetch_related("givers").order_by("-given_on"),
            }
        )
    return overview

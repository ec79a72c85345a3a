"""The questionnaires a family member was asked to fill in: only their own (another's, or another family's: 404).
A member's answers are their own part; nobody else in the family sees them here."""

from __future__ import annotations

from django.http import Http404

from samenplan.cases.models import Member
from samenplan.ids import parse_id


def assignments_for_member(member: Member):
    from samenplan.instruments.models import Assignment

    return (
        Assignment.objects.filter(member=member, case__family_id=member.family_id)
        .select_related("definition", "about", "case", "administration")
        .order_by("completed_at", "due_on", "pk")
    )


def get_assignment_for_member(member: Member, assignment_id):
    number = parse_id(assignment_id)
    found = assignments_for_member(member).filter(pk=number).first() if number is not None else None
    if found is None:
        raise Http404
    return found

"""Which conversations a family member may rate, and a team lead's teams (404 when not theirs)."""

from __future__ import annotations

from django.http import Http404

from samenplan.cases.models import Member
from samenplan.ids import parse_id
from samenplan.intake.models import Conversation


def conversations_for_member(member: Member):
    """The conversations of the member's own family that the member took part in, newest first."""
    return (
        Conversation.objects.filter(case__family_id=member.family_id, members=member)
        .select_related("case")
        .order_by("-held_on", "-pk")
    )


def get_conversation_for_member(member: Member, conversation_id) -> Conversation:
    """A conversation of the member's own family that they took part in; otherwise 404 (whether it exists or not)."""
    number = parse_id(conversation_id)
    conversation = conversations_for_member(member).filter(pk=number).first() if number is not None else None
    if conversation is None:
        raise Http404
    return conversation

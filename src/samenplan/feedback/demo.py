"""Demo ratings of conversations: family members of one team rate the conversations they took part in, through
their own portal accounts and the real action, so the team lead's figure (shown from 10 answers) has something to
show in the demo. Synthetic data only."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError

from samenplan.feedback import actions
from samenplan.feedback.models import ConversationRating
from samenplan.intake.models import Conversation
from samenplan.portal import actions as portal_actions
from samenplan.portal.models import FamilyAccount

# Answers in turn: understand, listen, include (0 to 9). Top scores and a few lower ones, as families answer.
ANSWERS = [(9, 9, 9), (8, 9, 7), (9, 9, 9), (7, 8, 8), (9, 9, 9), (6, 7, 5), (9, 8, 9), (9, 9, 9), (8, 8, 7)]
COMMENTS = ["", "Fijn dat we zelf mochten zeggen wat belangrijk is.", "", "Het ging wat snel.", ""]
WANTED = 12


def _user_for(member, case, caseworker):
    """The member's portal account; made through the real invitation when they may have one (else None)."""
    account = FamilyAccount.objects.filter(member=member).select_related("user").first()
    if account is not None:
        return account.user
    tokens: list[str] = []
    try:
        portal_actions.do_invite(
            caseworker, case, member,
            f"demo-{member.pk}@example.org", accept_url=tokens.append,
        )  # fmt: skip
    except (ValidationError, PermissionDenied):  # too young for an own account; a closed case
        return None
    return portal_actions.do_accept(tokens[0], None)  # no password: a demo account that cannot log in


def add_demo_ratings(team, caseworker) -> int:
    """At least :data:`WANTED` answers on ``team``'s conversations (fewer when there are not enough members)."""
    given = ConversationRating.objects.filter(conversation__case__team=team).count()
    conversations = Conversation.objects.filter(case__team=team).prefetch_related("members").order_by("-held_on")
    i = 0
    for conversation in conversations:
        for member in conversation.members.all():
            if given >= WANTED:
                return given
            case = conversation.case
            user = _user_for(member, case, case.caseworker or caseworker)
            if user is None:
                continue
            understand, listen, include = ANSWERS[i % len(ANSWERS)]
            try:
                actions.do_rate_conversation(
                    user, member, conversation, understand=understand, listen=listen, include=include,
                    comment=COMMENTS[i % len(COMMENTS)],
                )  # fmt: skip
            except ValidationError:  # already answered, or not held yet
                continue
            i += 1
            given += 1
    return given

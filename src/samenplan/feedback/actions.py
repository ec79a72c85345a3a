"""A family member rates a conversation: one answer, the family's own, in the dossier and in the access log."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from samenplan import clock
from samenplan.audit import log
from samenplan.audit.models import Event
from samenplan.cases.actions import add_entry, lock_case
from samenplan.cases.models import EntryKind, Member, Voice
from samenplan.feedback import rules
from samenplan.feedback.models import ConversationRating
from samenplan.intake.models import Conversation


def refusal_message(code: str, member: Member) -> str:
    """Why ``member`` may not rate the conversation, addressing a parent with "u" and a youth with "je"."""
    if code == rules.NOT_HELD_YET:
        return _("This conversation has not taken place yet.")
    youth = member.role == "child"
    if code == rules.NOT_PRESENT:
        if youth:
            return pgettext("youth", "You can only rate a conversation you took part in.")
        return pgettext("parent", "You can only rate a conversation you took part in.")
    if youth:
        return pgettext("youth", "You have already rated this conversation. You can rate each conversation once.")
    return pgettext("parent", "You have already rated this conversation. You can rate each conversation once.")


def rating_refusal(member: Member, conversation: Conversation) -> str | None:
    return rules.refusal(
        present=conversation.members.filter(pk=member.pk).exists(),
        held_on=conversation.held_on,
        today=timezone.localdate(clock.now()),
        answered=ConversationRating.objects.filter(conversation=conversation, member=member).exists(),
    )


def do_rate_conversation(
    user, member: Member, conversation: Conversation, *, understand: int, listen: int, include: int, comment: str = ""
) -> ConversationRating:
    """``member`` (logged in as ``user``, acting for themselves) rates ``conversation`` of their own family once.
    The answer lands in the dossier in the family's voice and in the access log with the member as the actor."""
    from samenplan.portal.access import acts_as

    if not acts_as(user, member) or conversation.case.family_id != member.family_id:
        raise PermissionDenied
    scores = {"understand": understand, "listen": listen, "include": include}
    errors = {
        item: ValidationError(_("Choose a whole number from 0 to 9."), code="invalid")
        for item, value in scores.items()
        if not rules.valid_score(value)
    }
    if errors:
        raise ValidationError(errors)
    comment = (comment or "").strip()
    try:
        with transaction.atomic():
            case = lock_case(conversation.case_id)
            refusal = rating_refusal(member, conversation)
            if refusal:
                raise ValidationError(refusal_message(refusal, member), code=refusal)
            rating = ConversationRating.objects.create(
                conversation=conversation, member=member, comment=comment, answered_by=user, answered_at=clock.now(),
                **scores,
            )  # fmt: skip
            with translation.override(settings.LANGUAGE_CODE):  # the dossier speaks the organisation's language
                text = _(
                    "%(member)s rated the conversation of %(day)s: making the situation clear %(understand)s, hearing "
                    "what matters most %(listen)s, taking it into the next steps %(include)s (0 to 9)."
                ) % {"member": member, "day": conversation.held_on.strftime("%d-%m-%Y"), **scores}
                if comment:
                    text = " ".join((text, _("Comment: %(comment)s") % {"comment": comment}))
            add_entry(case, user, EntryKind.PORTAL, text, voice=Voice.FAMILY, speaker=member)
            log.record(
                user, Event.CREATE, "feedback.rate", case=case, member=member,
                detail=f"conversation={conversation.pk} rating={rating.pk}",
            )  # fmt: skip
    except IntegrityError as error:  # answered twice at the same moment: the other answer won
        raise ValidationError(refusal_message(rules.ALREADY_ANSWERED, member), code=rules.ALREADY_ANSWERED) from error
    return rating

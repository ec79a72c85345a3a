"""The portal's pages to rate a conversation: the conversations the member took part in, and the three questions."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from samenplan.audit.log import render_read
from samenplan.feedback import access as feedback_access
from samenplan.feedback import actions as feedback_actions
from samenplan.feedback.forms import RatingForm
from samenplan.feedback.models import ConversationRating
from samenplan.forms import apply_errors, form_outcome
from samenplan.portal import access


def _context(member, **extra) -> dict:
    return {"member": member, "family": member.family, "voice": access.voice(member), **extra}


@require_http_methods(["GET", "HEAD"])
@login_required
@access.family_member_required
def conversations(request):
    """The conversations the member took part in, each with their answer or a link to give one."""
    member = request.member
    found = list(feedback_access.conversations_for_member(member))
    answered = set(
        ConversationRating.objects.filter(member=member, conversation__in=found).values_list(
            "conversation_id", flat=True
        )
    )
    items = [{"conversation": c, "answered": c.pk in answered} for c in found]
    return render_read(
        request, "portal/rate_conversations.html", _context(member, items=items), action="portal.conversations",
        family=member.family,
    )  # fmt: skip


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
@access.family_member_required
def rate(request, conversation_id: int):
    member = request.member
    conversation = feedback_access.get_conversation_for_member(member, conversation_id)
    voice = access.voice(member)
    form = RatingForm(request.POST if request.method == "POST" else None, voice=voice)
    refusal = feedback_actions.rating_refusal(member, conversation)
    if request.method == "POST" and form.is_valid():
        try:
            feedback_actions.do_rate_conversation(request.user, member, conversation, **form.cleaned_data)
        except ValidationError as error:
            apply_errors(form, error, {"conversation": None, "member": None})
        else:
            messages.success(request, _("Thank you. Your answer has been saved."))
            return redirect("portal:conversations")
    refused = feedback_actions.refusal_message(refusal, member) if refusal else ""
    context = _context(member, conversation=conversation, form=form, refusal=refused)
    outcome = form_outcome(form)
    detail = " ".join(filter(None, (f"conversation={conversation.pk}", outcome.pop("detail", ""))))
    return render_read(
        request, "portal/rate_form.html", context, action="portal.rate", case=conversation.case, detail=detail,
        **outcome,
    )  # fmt: skip

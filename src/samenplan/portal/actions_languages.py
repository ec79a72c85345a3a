"""A family member's language: chosen by themselves in the portal, or by the caseworker when inviting them."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from samenplan.accounts.models import User
from samenplan.audit import log
from samenplan.audit.models import Event
from samenplan.cases.models import Member


def check_language(code: str) -> None:
    if code not in {c for c, _name in settings.LANGUAGES}:
        raise ValidationError({"language": _("Choose one of the languages in the list.")}, code="unknown_language")


def do_choose_language(actor: User, member: Member, code: str) -> Member:
    """Store the language ``member`` reads best. ``actor`` is the family member themselves (the portal's switch)
    or the caseworker who invites them (portal.actions.do_invite, inside its transaction)."""
    check_language(code)
    with transaction.atomic():
        locked = Member.objects.select_for_update().get(pk=member.pk)
        if locked.language != code:
            locked.language = code
            locked.save(update_fields=["language"])
            log.record(actor, Event.CHANGE, "portal.language", member=locked, detail=f"language={code}")
    member.language = code
    return member

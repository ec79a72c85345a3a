"""Inviting a family member to the portal, and accepting the invitation (every write logged)."""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

import rules as permission_rules
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from samenplan import clock
from samenplan.accounts.models import User
from samenplan.audit import log
from samenplan.audit.models import Event
from samenplan.cases.actions import add_entry
from samenplan.cases.models import Case, EntryKind, Member, MemberRole, Voice
from samenplan.portal import rules
from samenplan.portal.models import FamilyAccount, Invitation


def portal_ages() -> rules.PortalAges:
    return rules.PortalAges(
        own_account_from=settings.PORTAL_OWN_ACCOUNT_FROM_AGE,
        own_part_private_from=settings.PORTAL_OWN_PART_PRIVATE_FROM_AGE,
        parents_without_custody_see_plan=settings.PORTAL_PARENTS_WITHOUT_CUSTODY_SEE_PLAN,
    )


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def do_invite(actor: User, case: Case, member: Member, email: str, *, accept_url, language: str = "") -> Invitation:
    """Send ``member`` a one-time link to make a portal account. ``accept_url(token)`` builds the link.
    ``language``: the language the member reads best; stored on the member, the e-mail is written in it."""
    from samenplan.portal.actions_languages import check_language, do_choose_language

    if language:
        check_language(language)
    if not permission_rules.test_rule("cases.change_case", actor, case):
        raise PermissionDenied
    if member.family_id != case.family_id:
        raise ValidationError({"member": _("This person is not a member of this family.")})
    refusal = rules.account_refusal(
        is_child=member.role == MemberRole.CHILD,
        date_of_birth=member.date_of_birth,
        on=timezone.localdate(clock.now()),
        ages=portal_ages(),
    )
    if refusal == rules.TOO_YOUNG:
        raise ValidationError(
            {"member": _("This child is too young for an own account. The parents see the plan.")}, code=refusal
        )
    if refusal == rules.AGE_UNKNOWN:
        raise ValidationError({"member": _("Fill in the date of birth of this child first.")}, code=refusal)
    if FamilyAccount.objects.filter(member=member).exists():
        raise ValidationError({"member": _("This person already has an account.")}, code="has_account")
    token = secrets.token_urlsafe(32)
    now = clock.now()
    with transaction.atomic():
        invitation = Invitation.objects.create(
            member=member,
            email=email,
            token_hash=hash_token(token),
            invited_by=actor,
            created_at=now,
            expires_at=now + timedelta(days=settings.PORTAL_INVITATION_DAYS),
        )
        log.record(actor, Event.CREATE, "portal.invite", case=case, member=member, detail=f"invitation={invitation.pk}")
        add_entry(
            case,
            actor,
            EntryKind.MEMBER,
            _("%(member)s was invited to the family portal.") % {"member": member},
            voice=Voice.SYSTEM,
            speaker=member,
        )
        if language:
            do_choose_language(actor, member, language)
        link = accept_url(token)
        with translation.override(member.language or settings.LANGUAGE_CODE):  # the family member's language
            subject = _("Your invitation for samenplan")
            body = _(
                "Hello %(name)s,\n\nYou are invited to samenplan. There you can read your family's plan.\n"
                "Open this link to choose a password:\n%(link)s\n\n"
                "The link works once. It works until %(until)s.\n"
            ) % {
                "name": member.given_name,
                "link": link,
                "until": timezone.localtime(invitation.expires_at).strftime("%d-%m-%Y %H:%M"),
            }
        transaction.on_commit(lambda: send_mail(subject, body, None, [email]))
    return invitation


def find_invitation(token: str) -> Invitation | None:
    """The invitation for ``token`` while it is still usable: not used, not expired."""
    return (
        Invitation.objects.only("pk", "expires_at")
        .filter(token_hash=hash_token(token or ""), used_at__isnull=True, expires_at__gt=clock.now())
        .first()
    )


def do_accept(token: str, password: str | None) -> User:
    """Use the invitation once: make the member's account with ``password`` (None: the member logs in through
    OpenID Connect only, portal/oidc.py). ValidationError when the link is no longer usable (used, expired,
    unknown) or the member has an account by now."""
    with transaction.atomic():
        invitation = (
            Invitation.objects.select_for_update()
            .select_related("member__family")
            .filter(token_hash=hash_token(token or ""))
            .first()
        )
        if invitation is None or invitation.used_at is not None or invitation.expires_at <= clock.now():
            raise ValidationError(_("This link no longer works. Ask your contact person for a new one."), "invalid")
        member = invitation.member
        if FamilyAccount.objects.filter(member=member).exists():
            raise ValidationError(_("You already have an account. Log in."), "has_account")
        user = User(
            username=f"family-{member.pk}-{secrets.token_hex(4)}",
            email=invitation.email,
            first_name=member.given_name,
            last_name=member.family_name,
        )
        if password is None:
            user.set_unusable_password()
        else:
            user.set_password(password)
        user.save()
        user._password_changed = False  # a new account: no earlier sessions to end (accounts.signals)
        account = FamilyAccount.objects.create(user=user, member=member)
        invitation.used_at = clock.now()
        invitation.save(update_fields=["used_at"])
        Invitation.objects.filter(member=member, used_at__isnull=True).update(used_at=invitation.used_at)
        log.record(user, Event.CREATE, "portal.accept", member=member, detail=f"account={account.pk}")
        from allauth.account.models import EmailAddress

        EmailAddress.objects.create(user=user, email=invitation.email, verified=True, primary=True)
    return user


# ── What a family member does in the portal (the family member is the actor) ───────────────────────────────


def do_family_score(user: User, member: Member, goal, *, score, one_point_higher: str = ""):
    """The family member's own scale score on a goal of their family, today: the family's voice in the dossier,
    the family member as the actor in the access log (goals.actions.do_add_score)."""
    from samenplan.goals import actions as goal_actions

    return goal_actions.do_add_score(
        user,
        goal,
        score=score,
        scored_on=timezone.localdate(clock.now()),
        member=member,
        one_point_higher=one_point_higher,
    )


def do_family_revoke(user: User, member: Member, consent, *, reason: str, version: int | None):
    """The family member takes back a consent they gave; it stops allowing anything at once."""
    from samenplan.consent import actions as consent_actions

    return consent_actions.do_revoke_consent(user, consent, revoked_by=member, reason=reason, expected_version=version)


def do_share_own_part(user: User, member: Member, *, shares: bool) -> FamilyAccount:
    """A youth agrees (or no longer agrees) that the parents see their own part from the private age."""
    with transaction.atomic():
        account = FamilyAccount.objects.select_for_update().get(user=user, member=member)
        if account.shares_own_part != shares:
            account.shares_own_part = shares
            account.save(update_fields=["shares_own_part"])
            for case in member.family.cases.filter(closed_on__isnull=True):
                add_entry(
                    case,
                    user,
                    EntryKind.PORTAL,
                    _("%(member)s lets the parents see their own goals.")
                    if shares
                    else _("%(member)s no longer lets the parents see their own goals."),
                    voice=Voice.FAMILY,
                    speaker=member,
                )
        log.record(user, Event.CHANGE, "portal.share_own_part", member=member, detail=f"shares={int(shares)}")
    return account


def do_family_agreement(user: User, member: Member, version, *, agreement: str, words: str = ""):
    """The family member's own answer to the newest version of their plan: the family's voice in the dossier,
    the family member as the actor in the access log (plans.actions.do_record_agreement)."""
    from samenplan.plans import actions as plan_actions

    return plan_actions.do_record_agreement(user, version, member=member, agreement=agreement, words=words)

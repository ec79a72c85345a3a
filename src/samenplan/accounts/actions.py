"""Setting up organisations, teams and users. No client data: these are the administrator's records."""

from __future__ import annotations

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from samenplan.accounts import signals
from samenplan.accounts.models import Membership, Organisation, Role, Team, User
from samenplan.audit import log
from samenplan.audit.models import Event


def do_create_organisation(name: str) -> Organisation:
    name = name.strip()
    if not name:
        raise ValidationError({"name": _("Give the organisation a name.")})
    if Organisation.objects.filter(name=name).exists():
        raise ValidationError({"name": _("There is already an organisation with this name.")})
    return Organisation.objects.create(name=name)


def do_create_team(organisation: Organisation, name: str) -> Team:
    name = name.strip()
    if not name:
        raise ValidationError({"name": _("Give the team a name.")})
    if organisation.teams.filter(name=name).exists():
        raise ValidationError({"name": _("This organisation already has a team with this name.")})
    return Team.objects.create(organisation=organisation, name=name)


def do_create_user(
    organisation: Organisation,
    username: str,
    *,
    password: str,
    first_name: str = "",
    last_name: str = "",
    email: str = "",
) -> User:
    user = User(
        username=username.strip(),
        organisation=organisation,
        first_name=first_name.strip(),
        last_name=last_name.strip(),
        email=email.strip(),
    )
    user.full_clean(exclude=["password"])
    try:
        validate_password(password, user)
    except ValidationError as exc:
        raise ValidationError({"password": exc.messages}) from exc
    user.set_password(password)
    try:
        with transaction.atomic():
            user.save()
    except IntegrityError as exc:
        raise ValidationError({"username": _("This user name is taken.")}) from exc
    return user


def do_grant_role(user: User, team: Team, role: str) -> Membership:
    """Give a user a role in a team of their own organisation."""
    if role not in Role.values:
        raise ValidationError({"role": _("Unknown role.")})
    if user.organisation_id != team.organisation_id:
        raise ValidationError({"team": _("A user can only work in teams of their own organisation.")})
    membership, _created = Membership.objects.get_or_create(user=user, team=team, role=role)
    return membership


def do_revoke_role(user: User, team: Team, role: str) -> int:
    deleted, _details = Membership.objects.filter(user=user, team=team, role=role).delete()
    return deleted


def do_end_sessions(actor: User, target: User) -> int:
    """End every session and API token of ``target`` (a team lead for their team members, an administrator in
    their organisation; ``accounts.access`` checks who). Returns how many API tokens ended."""
    with transaction.atomic():
        tokens = signals.end_all(target)
        log.record(
            actor,
            Event.CHANGE,
            "accounts.end_sessions",
            detail=f"user={target.pk} {target.username}; api_tokens={tokens}",
        )
    return tokens

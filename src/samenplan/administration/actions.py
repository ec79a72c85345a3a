"""The administrator's changes: the organisation, its teams, its people and their roles, its settings and severity
scale; and accepting an invitation. Each in one transaction with its access-log record (old and new value).

No client data is read or written here: a team's cases are counted, never opened.
"""

from __future__ import annotations

import hashlib
import secrets
import smtplib
from datetime import timedelta

from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.db.models import ProtectedError, Q
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from samenplan.accounts.models import Membership, Organisation, Role, Team, User
from samenplan.administration import messages, rules, services
from samenplan.administration.models import Invitation, OrganisationSettings, SeverityAdvice
from samenplan.administration.predicates import administers
from samenplan.audit import log
from samenplan.audit.models import Event
from samenplan.errors import check_version

NAME_MAX = 200


def _require(actor: User, organisation_id: int | None = None) -> None:
    if not administers(actor) or (organisation_id is not None and organisation_id != actor.organisation_id):
        raise PermissionDenied


def _lock_organisation(actor: User) -> Organisation:
    """Serialises the organisation's changes of people and roles (the last-administrator rule reads, then writes).
    Once the lock is held the actor is read again: an administrator disabled, or stripped of the role, while the
    request waited does not act."""
    organisation = Organisation.objects.select_for_update().get(pk=actor.organisation_id)
    still = User.objects.filter(pk=actor.pk, is_active=True).first()
    if still is None or not administers(still):
        raise PermissionDenied
    return organisation


def _name(value: str, field: str = "name") -> str:
    name = (value or "").strip()
    if not name:
        raise ValidationError({field: ValidationError(_("Give a name."), code="required")})
    if len(name) > NAME_MAX:
        raise ValidationError({field: ValidationError(_("Use at most 200 characters."), code="max_length")})
    return name


# --- the organisation and its teams ---------------------------------------------------------------------------


def do_rename_organisation(actor: User, name: str) -> Organisation:
    _require(actor)
    name = _name(name)
    with transaction.atomic():
        org = _lock_organisation(actor)
        if Organisation.objects.filter(name__iexact=name).exclude(pk=org.pk).exists():
            raise ValidationError({"name": _("There is already an organisation with this name.")})
        old = org.name
        org.name = name
        org.save(update_fields=["name"])
        log.record(actor, Event.CHANGE, "administration.rename_organisation", detail=f"name: {old!r} -> {name!r}")
    return org


def _team_name_taken(organisation_id: int, name: str, exclude: int | None = None) -> bool:
    return Team.objects.filter(organisation_id=organisation_id, name__iexact=name).exclude(pk=exclude).exists()


def _duplicate_team() -> ValidationError:
    return ValidationError(
        {"name": ValidationError(_("Your organisation already has a team with this name."), code="duplicate")}
    )


def do_create_team(actor: User, name: str) -> Team:
    _require(actor)
    name = _name(name)
    with transaction.atomic():
        org = _lock_organisation(actor)
        if _team_name_taken(org.pk, name):
            raise _duplicate_team()
        try:
            with transaction.atomic():
                team = Team.objects.create(organisation=org, name=name)
        except IntegrityError as exc:
            raise _duplicate_team() from exc
        log.record(actor, Event.CREATE, "administration.create_team", detail=f"team={team.pk} name={name!r}")
    return team


def do_rename_team(actor: User, team: Team, name: str) -> Team:
    _require(actor, team.organisation_id)
    name = _name(name)
    with transaction.atomic():
        _lock_organisation(actor)
        team = Team.objects.select_for_update().get(pk=team.pk)
        if _team_name_taken(team.organisation_id, name, exclude=team.pk):
            raise _duplicate_team()
        old = team.name
        team.name = name
        team.save(update_fields=["name"])
        log.record(
            actor, Event.CHANGE, "administration.rename_team", detail=f"team={team.pk} name: {old!r} -> {name!r}"
        )
    return team


def do_archive_team(actor: User, team: Team, *, archived: bool) -> Team:
    """Archive a team (no new cases or roles; its cases and history stay), or take it out of the archive."""
    _require(actor, team.organisation_id)
    with transaction.atomic():
        team = Team.objects.select_for_update().get(pk=team.pk)
        if archived and team.archived_at is None:
            team.archived_at = timezone.now()
        elif not archived:
            team.archived_at = None
        team.save(update_fields=["archived_at"])
        log.record(actor, Event.CHANGE, "administration.archive_team", detail=f"team={team.pk} archived={archived}")
    return team


def do_delete_team(actor: User, team: Team) -> None:
    """Remove a team made by mistake: only while it has no cases (a team with cases is archived instead)."""
    _require(actor, team.organisation_id)
    with transaction.atomic():
        team = Team.objects.select_for_update().get(pk=team.pk)
        if team.cases.exists():
            raise ValidationError(
                _("This team has cases, so it cannot be removed: their history must stay. Archive the team instead."),
                code="has_cases",
            )
        _check_administrators_remain(actor, team.organisation_id, lose=Q(team=team))
        log.record(actor, Event.DELETE, "administration.delete_team", detail=f"team={team.pk} name={team.name!r}")
        try:
            with transaction.atomic():
                team.delete()
        except ProtectedError as exc:  # a handover or a table's agenda still names the team: history to keep
            raise ValidationError(
                _("Cases of other teams were once with this team, so it cannot be removed. Archive it instead."),
                code="has_history",
            ) from exc


# --- people and roles -----------------------------------------------------------------------------------------


def _check_administrators_remain(actor: User, organisation_id: int, *, lose: Q) -> None:
    """Refuse a change after which the organisation would have no active administrator left. ``lose``: the
    administrator memberships the change ends (called with the organisation row locked)."""
    remaining = (
        Membership.objects.filter(team__organisation_id=organisation_id, role=Role.ADMINISTRATOR, user__is_active=True)
        .exclude(lose)
        .values("user_id")
        .distinct()
    )
    if not remaining.exists():
        raise ValidationError(
            _(
                "This would leave your organisation without an active administrator. Give someone else the "
                "administrator role first."
            ),
            code="last_administrator",
        )


def do_grant_role(actor: User, person: User, team: Team, role: str) -> Membership:
    _require(actor, person.organisation_id)
    errors = {}
    if role not in Role.values:
        errors["role"] = ValidationError(_("Choose one of the roles."), code="invalid_choice")
    if team.organisation_id != person.organisation_id or team.organisation_id != actor.organisation_id:
        errors["team"] = ValidationError(
            _("%(name)s works for another organisation: they can only get a role in a team of their own.")
            % {"name": person},
            code="other_organisation",
        )
    elif team.archived_at is not None:
        errors["team"] = ValidationError(_("This team is archived: it takes no new roles."), code="archived")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        _lock_organisation(actor)
        membership, created = Membership.objects.get_or_create(user=person, team=team, role=role)
        if not created:
            raise ValidationError(
                {"role": ValidationError(_("%(name)s already has this role in this team.") % {"name": person})}
            )
        log.record(
            actor,
            Event.CREATE,
            "administration.grant_role",
            detail=f"user={person.pk} {person.username}; team={team.pk}; role={role}",
        )
    return membership


def do_revoke_role(actor: User, membership: Membership) -> None:
    person, team = membership.user, membership.team
    _require(actor, team.organisation_id)
    with transaction.atomic():
        _lock_organisation(actor)
        if membership.role == Role.ADMINISTRATOR:
            _check_administrators_remain(actor, team.organisation_id, lose=Q(pk=membership.pk))
        log.record(
            actor,
            Event.DELETE,
            "administration.revoke_role",
            detail=f"user={person.pk} {person.username}; team={team.pk}; role={membership.role}",
        )
        membership.delete()


def do_set_active(actor: User, person: User, *, active: bool) -> User:
    """Disable an account (its sessions and API tokens end at once: ``accounts.signals``) or enable it again."""
    _require(actor, person.organisation_id)
    if not active and person.pk == actor.pk:
        raise ValidationError(_("You cannot disable your own account. Ask another administrator."), code="own_account")
    with transaction.atomic():
        _lock_organisation(actor)
        person = User.objects.select_for_update().get(pk=person.pk)
        if not active:
            _check_administrators_remain(actor, person.organisation_id, lose=Q(user=person))
        if person.is_active != active:
            person.is_active = active
            person.save(update_fields=["is_active"])  # disabling raises the session generation, ends the tokens
            log.record(
                actor,
                Event.CHANGE,
                "administration.enable_user" if active else "administration.disable_user",
                detail=f"user={person.pk} {person.username}; active: {not active} -> {active}",
            )
    return person


# --- invitations ----------------------------------------------------------------------------------------------


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def do_invite(
    actor: User,
    *,
    username: str,
    first_name: str,
    last_name: str,
    email: str,
    team: Team | None,
    role: str | None,
    base_url: str,
) -> Invitation:
    """Make an account without a password and mail its one-time link; with a first role when given."""
    _require(actor)
    errors = {}
    username, email = (username or "").strip(), (email or "").strip()
    try:
        validate_email(email)
    except ValidationError:
        errors["email"] = ValidationError(_("Give a valid e-mail address, such as naam@gemeente.nl."), code="invalid")
    if team is not None and team.organisation_id != actor.organisation_id:
        errors["team"] = ValidationError(_("Choose a team of your own organisation."), code="other_organisation")
    elif team is not None and team.archived_at is not None:
        errors["team"] = ValidationError(_("This team is archived: it takes no new roles."), code="archived")
    if (team is None) != (not role):
        errors["role" if team is not None else "team"] = ValidationError(
            _("Choose both a team and a role, or neither."), code="incomplete"
        )
    person = User(
        username=username,
        organisation_id=actor.organisation_id,
        first_name=(first_name or "").strip(),
        last_name=(last_name or "").strip(),
        email=email,
    )
    try:
        person.full_clean(exclude=["password", "organisation", "email"])
    except ValidationError as exc:
        for field, field_errors in exc.error_dict.items():
            errors.setdefault(field, field_errors)
    if username and User.objects.filter(username__iexact=username).exists():
        errors["username"] = ValidationError(_("This user name is taken."), code="unique")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        _lock_organisation(actor)
        person.set_unusable_password()
        try:
            with transaction.atomic():
                person.save()
        except IntegrityError as exc:
            raise ValidationError({"username": _("This user name is taken.")}) from exc
        if team is not None:
            Membership.objects.create(user=person, team=team, role=role)
        invitation = _send_invitation(actor, person, base_url)
    return invitation


def do_reinvite(actor: User, person: User, *, base_url: str) -> Invitation:
    """A new link for someone who has not set a password yet; earlier links stop working."""
    _require(actor, person.organisation_id)
    if person.has_usable_password():
        raise ValidationError(_("%(name)s has already set a password.") % {"name": person}, code="accepted")
    if not person.is_active:
        raise ValidationError(_("This account is disabled. Enable it first."), code="disabled")
    with transaction.atomic():
        _lock_organisation(actor)
        return _send_invitation(actor, person, base_url)


def _send_invitation(actor: User, person: User, base_url: str) -> Invitation:
    now = timezone.now()
    person.invitations.filter(used_at__isnull=True, withdrawn_at__isnull=True).update(withdrawn_at=now)
    token = secrets.token_urlsafe(32)
    invitation = Invitation.objects.create(
        organisation_id=person.organisation_id,
        user=person,
        email=person.email,
        token_hash=_token_hash(token),
        invited_by=actor,
        created_at=now,
        expires_at=now + timedelta(hours=settings.INVITATION_VALID_HOURS),
    )
    log.record(
        actor,
        Event.CREATE,
        "administration.invite",
        detail=f"user={person.pk} {person.username}; invitation={invitation.pk}",
    )
    link = base_url.rstrip("/") + reverse("administration:accept", args=[token])
    with translation.override(settings.LANGUAGE_CODE):
        subject = _("Your account for samenplan")
        body = _(
            "Hello %(name)s,\n\n%(inviter)s has made an account for you in samenplan for %(organisation)s. Your user "
            "name is: %(username)s\n\nChoose your password with this link. It works once, until %(until)s:\n"
            "%(link)s\n\nAfter that you log in and set up a second step (an app on your phone or a security key).\n"
        ) % {
            "name": person.get_full_name() or person.username,
            "inviter": actor,
            "organisation": person.organisation,
            "username": person.username,
            "until": timezone.localtime(invitation.expires_at).strftime("%d-%m-%Y %H:%M"),
            "link": link,
        }
    try:
        send_mail(subject, body, None, [person.email])
    except (OSError, smtplib.SMTPException) as exc:
        raise ValidationError(
            {"email": _("The invitation could not be sent: the mail server did not accept it. Try again later.")}
        ) from exc
    invitation.token = token  # for the caller (tests, the command line); never stored
    return invitation


class InvitationProblem(ValidationError):
    """The link cannot be used: unknown, used, withdrawn, expired, or the account is disabled."""


def invitation_for(token: str, *, lock: bool = False) -> Invitation:
    """The invitation of a link that can still be used; otherwise an InvitationProblem saying why, in Dutch."""
    found = Invitation.objects.select_related("user", "organisation")
    if lock:
        found = found.select_for_update()
    invitation = found.filter(token_hash=_token_hash(token or "")).first()
    if invitation is None:
        raise InvitationProblem(_("This link is not valid. Check that you copied the whole link from the e-mail."),
                                code="unknown")  # fmt: skip
    if invitation.used_at is not None:
        raise InvitationProblem(
            _("This link has already been used: it works only once. Log in with your user name and password."),
            code="used",
        )
    if invitation.withdrawn_at is not None:
        raise InvitationProblem(
            _("This link was replaced by a newer invitation. Use the link in the most recent e-mail."), code="withdrawn"
        )
    if invitation.expires_at <= timezone.now():
        raise InvitationProblem(_("This link has expired. Ask your administrator to invite you again."), code="expired")
    if not invitation.user.is_active:
        raise InvitationProblem(_("This account is disabled. Ask your administrator."), code="disabled")
    return invitation


def do_accept_invitation(token: str, *, password1: str, password2: str) -> User:
    """Set the invited person's password through the one-time link; the link is then used up."""
    with transaction.atomic():
        invitation = invitation_for(token, lock=True)
        person = invitation.user
        if password1 != password2:
            raise ValidationError({"password2": _("The two passwords are not the same.")})
        try:
            validate_password(password1, person)
        except ValidationError as exc:
            raise ValidationError({"password1": exc.messages}) from exc
        person.set_password(password1)
        person.save(update_fields=["password"])
        invitation.used_at = timezone.now()
        invitation.save(update_fields=["used_at"])
        log.record(person, Event.CHANGE, "administration.accept_invitation", detail=f"invitation={invitation.pk}")
    return person


# --- settings and the severity scale --------------------------------------------------------------------------


def _logged_changes(actor: User, action: str, changed) -> None:
    for field, old, new in changed:
        log.record(actor, Event.CHANGE, action, detail=f"{field}: {old!r} -> {new!r}")


def do_change_settings(actor: User, values: dict, *, expected_version) -> OrganisationSettings:
    """Change the organisation's settings (all of ``services.FIELDS``), checked by ``rules.check_settings``."""
    _require(actor)
    problems = rules.check_settings(rules.Values(**{f: values[f] for f in services.FIELDS}))
    if problems:
        raise messages.as_error(problems)
    with transaction.atomic():
        _lock_organisation(actor)
        record = services.settings_for(actor.organisation_id)
        check_version(record, expected_version)
        changed = rules.changes(services.values_of(record), {f: values[f] for f in services.FIELDS})
        if not changed:
            return record
        for field, _old, new in changed:
            setattr(record, field, new)
        record.version += 1
        record.save()
        _logged_changes(actor, "administration.change_settings", changed)
    return record


def do_change_severity_scale(actor: User, *, name: str, levels: list[tuple], expected_version):
    """Rename the scale and set its levels (lowest first): (name, description) or (name, description, routing
    advice). A level that assessments use can be renamed, not removed. The version is the organisation settings'
    (both are edited by the administrator)."""
    from samenplan.intake.models import Assessment, SeverityLevel
    from samenplan.intake.scales import scale_for

    _require(actor)
    advice = [(level[2] if len(level) > 2 else "").strip() for level in levels]
    levels = [((level[0] or "").strip(), (level[1] or "").strip()) for level in levels]
    problems = rules.check_scale(levels)
    problems += [(f"levels[{i}].advice", "advice_too_long") for i, text in enumerate(advice) if len(text) > 300]
    if not (name or "").strip():
        problems.append(("name", "name_missing"))
    if problems:
        raise messages.as_error(problems)
    with transaction.atomic():
        _lock_organisation(actor)
        record = services.settings_for(actor.organisation_id)
        check_version(record, expected_version)
        scale = scale_for(actor.organisation_id)
        current = {level.rank: level for level in scale.levels.all()}
        removed = [level for rank, level in current.items() if rank > len(levels)]
        used = set(Assessment.objects.filter(severity__in=removed).values_list("severity_id", flat=True))
        if used:
            raise ValidationError(
                {
                    "levels": _(
                        "Level %(names)s is used in assessments of cases, so it cannot be removed. Rename it instead."
                    )
                    % {"names": ", ".join(str(lv.name) for lv in removed if lv.pk in used)}
                }
            )
        changed = []
        if scale.name != name.strip():
            changed.append(("scale name", scale.name, name.strip()))
            scale.name = name.strip()
            scale.save(update_fields=["name"])
        for level in removed:
            changed.append((f"level {level.rank}", f"{level.name}: {level.description}", None))
            level.delete()
        for rank, (level_name, description) in enumerate(levels, start=1):
            level = current.get(rank)
            if level is None:
                SeverityLevel.objects.create(scale=scale, rank=rank, name=level_name, description=description)
                changed.append((f"level {rank}", None, f"{level_name}: {description}"))
            elif (level.name, level.description) != (level_name, description):
                changed.append((f"level {rank}", f"{level.name}: {level.description}", f"{level_name}: {description}"))
                level.name, level.description = level_name, description
                level.save(update_fields=["name", "description"])
        old_advice = services.advice_by_rank(actor.organisation_id)
        for rank, text in enumerate(advice, start=1):
            if old_advice.get(rank, "") != text:
                changed.append((f"advice {rank}", old_advice.get(rank), text or None))
        for rank in old_advice:
            if rank > len(advice):
                changed.append((f"advice {rank}", old_advice[rank], None))
        SeverityAdvice.objects.filter(organisation_id=actor.organisation_id).delete()
        SeverityAdvice.objects.bulk_create(
            SeverityAdvice(organisation_id=actor.organisation_id, rank=rank, advice=text)
            for rank, text in enumerate(advice, start=1)
            if text
        )
        if changed:
            record.version += 1
            record.save()
            _logged_changes(actor, "administration.change_severity_scale", changed)
    return scale

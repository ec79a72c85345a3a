"""Organisations (tenants), their teams, and users with a role per team."""

from __future__ import annotations

from functools import cached_property

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import connection, models
from django.db.models.expressions import RawSQL
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext_lazy as _


class Organisation(models.Model):
    """A tenant: a neighbourhood-team organisation. Every client record belongs to exactly one."""

    name = models.CharField(_("name"), max_length=200, unique=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Team(models.Model):
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="teams", verbose_name=_("organisation")
    )
    name = models.CharField(_("name"), max_length=200)
    archived_at = models.DateTimeField(
        _("archived at"),
        null=True,
        blank=True,
        help_text=_("An archived team takes no new cases or roles; its cases and history stay."),
    )

    class Meta:
        verbose_name = _("team")
        verbose_name_plural = _("teams")
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["organisation", "name"], name="team_name_unique_per_org")]

    def __str__(self) -> str:
        return self.name


class Role(models.TextChoices):
    PROFESSIONAL = "professional", _("professional")
    BEHAVIOURAL_SCIENTIST = "behavioural_scientist", _("behavioural scientist")
    TEAM_LEAD = "team_lead", _("team lead")
    ADMINISTRATOR = "administrator", _("administrator")
    # Reads the team's access log; given on purpose, never implied by another role.
    LOG_READER = "log_reader", _("log reader")


def display_name(first_name: str, last_name: str, username: str) -> str:
    """How samenplan names a user (``str(user)``): the full name, else the username. For rows read as values,
    without a ``User`` instance per row."""
    return f"{first_name} {last_name}".strip() or username


class User(AbstractUser):
    """A professional, behavioural scientist, team lead or administrator of one organisation."""

    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="users",
        null=True,
        blank=True,
        verbose_name=_("organisation"),
    )
    session_generation = models.PositiveIntegerField(
        _("session generation"),
        default=0,
        help_text=_("Raised to end all of the user's sessions: a session of an earlier generation is refused."),
    )

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self) -> str:
        return display_name(self.first_name, self.last_name, self.username)

    # Every session stores this hash at log-in and Django compares it on every request. It covers the session
    # generation, not the password hash, so a password re-hashed on log-in (a stronger hasher) keeps sessions,
    # while a real password change raises the generation (samenplan.accounts.signals) and ends them all.
    def _session_hash(self, secret) -> str:
        key_salt = "samenplan.accounts.User.get_session_auth_hash"
        value = f"{self.pk}:{self.session_generation}"
        return salted_hmac(key_salt, value, secret=secret, algorithm="sha256").hexdigest()

    def get_session_auth_hash(self) -> str:
        return self._session_hash(settings.SECRET_KEY)

    def get_session_auth_fallback_hash(self):
        for fallback_secret in settings.SECRET_KEY_FALLBACKS:
            yield self._session_hash(fallback_secret)

    def set_password(self, raw_password) -> None:
        super().set_password(raw_password)
        if not getattr(self, "_rehashing", False):
            self._password_changed = True  # read by the pre_save signal

    def check_password(self, raw_password) -> bool:
        self._rehashing = True  # a correct password may be re-hashed and saved: that is no change
        try:
            return super().check_password(raw_password)
        finally:
            self._rehashing = False

    @cached_property
    def team_roles(self) -> dict[int, frozenset[str]]:
        """Team id → roles in that team (cached for the request). Read with the user when it was loaded through
        :func:`with_team_roles` (the logged-in user of a page), otherwise in one query of its own."""
        if ROLES_COLUMN in self.__dict__:
            pairs = [pair.split(":", 1) for pair in (self.__dict__[ROLES_COLUMN] or "").split(",") if pair]
            pairs = [(int(team_id), role) for team_id, role in pairs]
        else:
            pairs = self.memberships.values_list("team_id", "role")
        roles: dict[int, set[str]] = {}
        for team_id, role in pairs:
            roles.setdefault(team_id, set()).add(role)
        return {team_id: frozenset(r) for team_id, r in roles.items()}

    def teams_with_role(self, *roles: str) -> list[int]:
        return sorted(team_id for team_id, r in self.team_roles.items() if r & set(roles))

    def has_role(self, *roles: str) -> bool:
        return bool(self.teams_with_role(*roles))

    def role_labels(self, team_id: int | None = None) -> str:
        """The user's roles, for the access log: in one team, or in all their teams."""
        if team_id is not None:
            roles = self.team_roles.get(team_id, frozenset())
        else:
            roles = frozenset().union(*self.team_roles.values()) if self.team_roles else frozenset()
        if not roles:
            family_account = getattr(self, "family_account", None)  # a family member: "ouder" or "jongere"
            if family_account is not None:
                return family_account.role_label
        return ",".join(sorted(roles))


ROLES_COLUMN = "samenplan_team_roles"
# The user's memberships as "team:role,team:role" (a role is a plain word, a team an id: neither holds "," or ":").
_ROLES_SQL = {
    "postgresql": "SELECT string_agg(m.team_id || ':' || m.role, ',') FROM accounts_membership m "
    'WHERE m.user_id = "accounts_user"."id"',
    "sqlite": "SELECT group_concat(m.team_id || ':' || m.role, ',') FROM accounts_membership m "
    'WHERE m.user_id = "accounts_user"."id"',
}


def with_team_roles(users):
    """The users of the queryset with their roles read in the same query (a subquery on the membership's user
    index), so that ``team_roles`` asks nothing more: how the logged-in user is loaded on every request."""
    roles = RawSQL(_ROLES_SQL[connection.vendor], [])  # noqa: S611 (constant SQL)
    return users.annotate(**{ROLES_COLUMN: roles})


def professionals_of(teams):
    """Active users who work as a professional in any of ``teams`` (a queryset or list of teams): the people
    who can be a case's caseworker or co-worker."""
    return (
        User.objects.filter(memberships__team__in=teams, memberships__role=Role.PROFESSIONAL, is_active=True)
        .distinct()
        .order_by("first_name", "last_name")
    )


class Membership(models.Model):
    """A user's role in a team. A user may hold several roles, in several teams of one organisation."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("user"))
    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("team"))
    role = models.CharField(_("role"), max_length=32, choices=Role.choices)

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(fields=["user", "team", "role"], name="membership_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.user} - {self.team} ({self.get_role_display()})"

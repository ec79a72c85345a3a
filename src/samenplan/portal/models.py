"""Family accounts: a login of one family member (cases.Member), and the invitations that create them."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from samenplan.cases.models import Member


class FamilyAccount(models.Model):
    """Makes a user a family member's account. Such a user has no team membership and is refused by every
    professional route (portal.middleware); the portal refuses every user without one."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="family_account", verbose_name=_("user")
    )
    member = models.OneToOneField(
        Member, on_delete=models.PROTECT, related_name="portal_account", verbose_name=_("family member")
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    shares_own_part = models.BooleanField(
        _("shares their own part with the parents"),
        default=False,
        help_text=_("A youth from the private age (PORTAL_OWN_PART_PRIVATE_FROM_AGE) agrees that parents see it."),
    )

    class Meta:
        verbose_name = _("family account")
        verbose_name_plural = _("family accounts")

    def __str__(self) -> str:
        return str(self.member)

    @property
    def role_label(self) -> str:
        """How the access log names the actor's role."""
        return "jongere" if self.member.role == "child" else "ouder"


class Invitation(models.Model):
    """A one-time link sent by e-mail. Only a hash of the token is stored; it expires and is used once."""

    member = models.ForeignKey(
        Member, on_delete=models.CASCADE, related_name="portal_invitations", verbose_name=_("family member")
    )
    email = models.EmailField(_("e-mail address"))
    token_hash = models.CharField(max_length=64, unique=True)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("invited by")
    )
    created_at = models.DateTimeField(_("created at"))
    expires_at = models.DateTimeField(_("expires at"))
    used_at = models.DateTimeField(_("used at"), null=True, blank=True)

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.member} {self.created_at:%d-%m-%Y}"

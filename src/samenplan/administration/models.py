"""An organisation's settings (data, with documented defaults in ``rules.DEFAULTS``) and invitations of new
professionals. No client data: these are the administrator's records."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from samenplan.accounts.models import Organisation


class NameShown(models.TextChoices):
    """How a professional's name appears to families (in the family's portal and letters, once they exist)."""

    FULL_NAME = "full_name", _("first and last name (Anna de Vries)")
    FIRST_NAME = "first_name", _("first name only (Anna)")
    FIRST_NAME_INITIAL = "first_name_initial", _("first name and initial of the last name (Anna V.)")


class OrganisationSettings(models.Model):
    """What an organisation sets for itself. Made on the first change; until then ``rules.DEFAULTS`` apply.

    ``version`` covers these settings and the severity scale (intake.SeverityScale): both are edited here."""

    organisation = models.OneToOneField(
        Organisation, on_delete=models.CASCADE, related_name="settings", verbose_name=_("organisation")
    )
    consent_youth_with_parents_from_age = models.PositiveSmallIntegerField(
        _("youth consents together with the parents from age")
    )
    consent_youth_alone_from_age = models.PositiveSmallIntegerField(_("youth consents alone from age"))
    reopen_period_days = models.PositiveIntegerField(_("reopen period (days)"))
    inactivity_days = models.PositiveIntegerField(_("without activity after (days)"))
    name_shown_to_families = models.CharField(_("name shown to families"), max_length=32, choices=NameShown.choices)
    evaluation_interval_weeks = models.PositiveIntegerField(_("evaluation interval (weeks)"))
    version = models.PositiveIntegerField(default=1)
    updated_at = models.DateTimeField(_("changed at"), auto_now=True)

    class Meta:
        verbose_name = _("organisation settings")
        verbose_name_plural = _("organisation settings")

    def __str__(self) -> str:
        return str(self.organisation)


class Invitation(models.Model):
    """A one-time link by e-mail with which an invited professional sets their password.

    Only a hash of the token is stored; the link works once, until ``expires_at``. A new invitation of the same
    person ends the earlier ones."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="invitations")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="invitations", verbose_name=_("invited")
    )
    email = models.EmailField(_("e-mail address"))
    token_hash = models.CharField(max_length=64, unique=True)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("invited by")
    )
    created_at = models.DateTimeField(_("sent at"))
    expires_at = models.DateTimeField(_("valid until"))
    used_at = models.DateTimeField(_("used at"), null=True, blank=True)
    withdrawn_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True)

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.email} ({self.created_at:%d-%m-%Y})"


class SeverityAdvice(models.Model):
    """The organisation's routing advice for a level of its severity scale (DOMAIN §8, e.g. "levels 1 to 3: the
    neighbourhood network"), shown at the route decision. Advice only: the family and professional decide."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="severity_advice")
    rank = models.PositiveSmallIntegerField(_("level"))
    advice = models.CharField(_("advice at the route decision"), max_length=300)

    class Meta:
        verbose_name = _("routing advice")
        verbose_name_plural = _("routing advice")
        constraints = [models.UniqueConstraint(fields=["organisation", "rank"], name="severity_advice_once_per_rank")]

    def __str__(self) -> str:
        return f"{self.rank}: {self.advice}"

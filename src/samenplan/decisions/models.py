"""Deciding together on help (DOMAIN §3.5.3 to §3.5.5, §3.7).

The options for help laid side by side, each seen by the professional and by the family; the family's preferences;
the decision with the participation level the family had; and the help in progress that follows from it.
``HelpDeployment`` is the help actually given (network, light or professional): the family plan lists it and the
evaluations look at it.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from samenplan.cases.models import Case
from samenplan.catalogue.models import HelpOffer, Intensity
from samenplan.goals.models import Goal


class HelpStatus(models.TextChoices):
    PLANNED = "planned", _("planned")
    WAITING = "waiting", _("on the waiting list")
    RUNNING = "running", _("running")
    ENDED = "ended", _("ended")
    STOPPED = "stopped", _("stopped early")


class HelpDeployment(models.Model):
    """Help that is given to the family: by the network, as light help or by a professional (§3.7).

    The caseworker stays the owner of the case when a specialist is brought in ("erbij halen", not "overdragen").
    """

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="help_deployments", verbose_name=_("case"))
    offer = models.ForeignKey(
        HelpOffer, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("help offer")
    )
    description = models.CharField(_("what help"), max_length=300)
    intensity = models.CharField(_("intensity"), max_length=20, choices=Intensity.choices)
    provider = models.CharField(_("provided by"), max_length=200, blank=True)
    contact_person = models.CharField(_("contact person"), max_length=200, blank=True)
    starts_on = models.DateField(_("starts on"), null=True, blank=True)
    ends_on = models.DateField(_("ends on"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=HelpStatus.choices, default=HelpStatus.PLANNED)
    goals = models.ManyToManyField(Goal, blank=True, related_name="help_deployments", verbose_name=_("goals served"))
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(_("recorded at"))
    changed_at = models.DateTimeField(_("changed at"))
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("help in progress")
        verbose_name_plural = _("help in progress")
        ordering = ["starts_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(starts_on__isnull=True)
                | models.Q(ends_on__isnull=True)
                | models.Q(ends_on__gte=models.F("starts_on")),
                name="help_ends_after_it_starts",
            ),
        ]

    def __str__(self) -> str:
        return self.description

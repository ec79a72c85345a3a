"""A warm handover of a case to another team of the organisation (DOMAIN §8): asked by the case's workers or team
lead, with the reason; the case moves only when the receiving team's lead accepts it, and keeps its history."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from samenplan.accounts.models import Team
from samenplan.cases.models import Case


class Handover(models.Model):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="handovers", verbose_name=_("case"))
    from_team = models.ForeignKey(Team, on_delete=models.PROTECT, related_name="+", verbose_name=_("from team"))
    to_team = models.ForeignKey(Team, on_delete=models.PROTECT, related_name="+", verbose_name=_("to team"))
    reason = models.TextField(_("why this team"))
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    requested_at = models.DateTimeField(_("asked at"))
    accepted = models.BooleanField(_("accepted"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    note = models.TextField(_("note of the receiving team lead"), blank=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("warm handover")
        verbose_name_plural = _("warm handovers")
        ordering = ["-requested_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.case_id}: {self.from_team_id} -> {self.to_team_id}"

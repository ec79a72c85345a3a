"""A team's intake table (aanmeldtafel) and review table (toetstafel), DOMAIN §8: who takes part and how often
(configuration, per team), and the cases on their agenda with the table's outcome (client data: hangs off the case)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from samenplan.accounts.models import Team
from samenplan.cases.models import Case


class TableKind(models.TextChoices):
    INTAKE = "intake", _("intake table")
    REVIEW = "review", _("review table")


class TeamTable(models.Model):
    """One of a team's tables. Made by the administrator; a team without one simply has none."""

    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="tables", verbose_name=_("team"))
    kind = models.CharField(_("kind"), max_length=16, choices=TableKind.choices)
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="tables", verbose_name=_("who takes part")
    )
    frequency = models.CharField(_("how often"), max_length=200, help_text=_("For example: every Tuesday morning."))
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("team table")
        verbose_name_plural = _("team tables")
        constraints = [models.UniqueConstraint(fields=["team", "kind"], name="team_table_once_per_kind")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}, {self.team}"


class AgendaItem(models.Model):
    """A case put on a table's agenda, with the question for the table and, once discussed, the outcome."""

    table = models.ForeignKey(TeamTable, on_delete=models.PROTECT, related_name="items", verbose_name=_("table"))
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="table_items", verbose_name=_("case"))
    question = models.TextField(_("question for the table"))
    put_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    put_at = models.DateTimeField(_("put on the agenda at"))
    outcome = models.TextField(_("outcome"), blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(_("discussed at"), null=True, blank=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("agenda item")
        verbose_name_plural = _("agenda items")
        ordering = ["put_at", "pk"]

    def __str__(self) -> str:
        return f"{self.table}: {self.case_id}"

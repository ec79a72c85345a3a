"""Requests for destruction (vernietigingsverzoek): what was asked, by when, what was decided and removed.

The request outlives what it removed: its links to the family, case and member are set to null when those go
(through retention or through the request itself); ``family_ref`` keeps the family's id, as the access log does.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from samenplan.accounts.models import Organisation, Team
from samenplan.cases.models import Case, Family, Member


class Scope(models.TextChoices):
    FAMILY = "family", _("the whole file of the family")
    CASE = "case", _("one case")


class Status(models.TextChoices):
    OPEN = "open", _("awaiting a decision")
    GRANTED = "granted", _("granted")
    PARTLY = "partly", _("partly granted")
    REFUSED = "refused", _("refused")


class RefusalGround(models.TextChoices):
    """The fixed list of rules.REFUSAL_GROUNDS, with the text people read."""

    INTEREST_OF_ANOTHER = "interest_of_another", _("keeping the data is of considerable importance to someone else")
    LEGAL_DUTY = "legal_duty", _("a legal duty requires keeping the data")
    LEGAL_CLAIMS = "legal_claims", _("the data are needed for a legal claim")
    NOT_ENTITLED = "not_entitled", _("the requester may not ask for this part")


class DestructionRequest(models.Model):
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    team = models.ForeignKey(Team, on_delete=models.PROTECT, related_name="+", verbose_name=_("team"))
    family = models.ForeignKey(Family, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("family"))
    family_ref = models.BigIntegerField(_("family number"))
    scope = models.CharField(_("what is to be destroyed"), max_length=16, choices=Scope.choices)
    case = models.ForeignKey(
        Case, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("case")
    )
    requested_by = models.ForeignKey(
        Member, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("asked by")
    )
    requested_on = models.DateField(_("date of the request"))
    deadline = models.DateField(_("decide and carry out by"))
    details = models.TextField(_("what the request says"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("recorded by")
    )
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.OPEN)
    grounds = models.JSONField(_("grounds for refusal"), default=list, blank=True)
    explanation = models.TextField(_("explanation of the decision"), blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("decided by"),
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    removed = models.JSONField(_("removed records"), default=dict, blank=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("request for destruction")
        verbose_name_plural = _("requests for destruction")
        ordering = ["status", "deadline", "pk"]
        default_permissions = ()

    def __str__(self) -> str:
        return f"#{self.pk} ({self.get_status_display()})"

    @property
    def is_open(self) -> bool:
        return self.status == Status.OPEN

    def ground_labels(self) -> list[str]:
        labels = dict(RefusalGround.choices)
        return [str(labels.get(g, g)) for g in self.grounds]

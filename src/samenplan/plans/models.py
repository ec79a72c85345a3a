"""The family plan (DOMAIN §3.6): one plan per case, for all family members, kept as numbered versions.

Every saved change is a new ``PlanVersion`` with its author, time and a snapshot of the whole content (see
``rules.SECTIONS``); nothing in a version is changed afterwards. ``FamilyPlan.version`` is the number of the newest
version: an editor names the number they started from, and a save from an older one is not written over the newer
(the merge page shows both). The family's agreement is recorded per version, per participant, in their own words.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from samenplan.cases.models import Case, Member
from samenplan.plans import rules


class FamilyPlan(models.Model):
    """The one plan of a case. ``version`` is the number of its newest version (0 before the first)."""

    case = models.OneToOneField(Case, on_delete=models.CASCADE, related_name="family_plan", verbose_name=_("case"))
    created_at = models.DateTimeField(_("created at"))
    version = models.PositiveIntegerField(_("newest version"), default=0)

    class Meta:
        verbose_name = _("family plan")
        verbose_name_plural = _("family plans")

    def __str__(self) -> str:
        return f"plan {self.case_id} v{self.version}"


class PlanVersion(models.Model):
    """One version of the plan: the whole content as it was saved, by whom, when, and from which version."""

    plan = models.ForeignKey(FamilyPlan, on_delete=models.CASCADE, related_name="versions", verbose_name=_("plan"))
    number = models.PositiveIntegerField(_("version"))
    based_on = models.PositiveIntegerField(_("based on version"), default=0)
    content = models.JSONField(_("content"), default=rules.empty_content)
    reason = models.TextField(_("what changed and why"), blank=True)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("saved at"))

    class Meta:
        verbose_name = _("plan version")
        verbose_name_plural = _("plan versions")
        ordering = ["plan", "-number"]
        constraints = [models.UniqueConstraint(fields=["plan", "number"], name="plan_version_number_once")]

    def __str__(self) -> str:
        return f"plan {self.plan_id} v{self.number}"


class Agreement(models.TextChoices):
    YES = rules.YES, _("yes")
    PARTLY = rules.PARTLY, _("partly")
    NO = rules.NO, _("no")


class PlanAgreement(models.Model):
    """One participant's agreement with one version of the plan, in their own words. A later answer of the same
    participant on the same version replaces it (the earlier one stays on the timeline)."""

    version = models.ForeignKey(
        PlanVersion, on_delete=models.CASCADE, related_name="agreements", verbose_name=_("plan version")
    )
    member = models.ForeignKey(Member, on_delete=models.PROTECT, related_name="+", verbose_name=_("participant"))
    agreement = models.CharField(_("agrees with the plan"), max_length=10, choices=Agreement.choices)
    words = models.TextField(_("in their own words"), blank=True)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(_("recorded at"))

    class Meta:
        verbose_name = _("agreement with the plan")
        verbose_name_plural = _("agreements with the plan")
        ordering = ["member__role", "member__date_of_birth", "pk"]
        constraints = [models.UniqueConstraint(fields=["version", "member"], name="plan_agreement_once_per_member")]

    def __str__(self) -> str:
        return f"{self.member_id}: {self.agreement}"

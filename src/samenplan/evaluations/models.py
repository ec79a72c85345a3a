"""Evaluations, closing and reopening (DOMAIN §3.8, §3.9).

An ``Evaluation`` is planned ahead (``planned_on``, how, with whom) or held at any time; when it is held it records
the family's experience of the help in their own words, whether the situation or the question changed, and the
outcome: continue, adjust (what changes, in words) or end. A ``Closing`` records why the help ends, the outcome per
goal, the family's view and the aftercare. A ``Reopening`` continues a closed case within the organisation's
period, or links a new case of the same family to the old one after it. Every record belongs to a ``cases.Case``.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from samenplan.cases.models import Case
from samenplan.evaluations import rules
from samenplan.goals.models import Goal


class Outcome(models.TextChoices):
    CONTINUE = rules.CONTINUE, _("continue the help")
    ADJUST = rules.ADJUST, _("adjust goals or help")
    END = rules.END, _("end the help")


class Evaluation(models.Model):
    """One evaluation of the help with the family: planned (``planned_on``) and/or held (``held_on``)."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="evaluations", verbose_name=_("case"))
    planned_on = models.DateField(_("planned on"), null=True, blank=True)
    how = models.CharField(_("how"), max_length=200, blank=True, help_text=_("For example: a conversation at home."))
    with_whom = models.CharField(_("with whom"), max_length=300, blank=True)
    held_on = models.DateField(_("held on"), null=True, blank=True)
    held_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("held by"),
    )
    helps = models.TextField(_("does the help help?"), blank=True)
    should_change = models.TextField(_("what should change?"), blank=True)
    situation_changed = models.BooleanField(_("the situation or the question changed"), default=False)
    situation_words = models.TextField(_("what changed"), blank=True)
    outcome = models.CharField(_("outcome"), max_length=10, choices=Outcome.choices, blank=True)
    outcome_reason = models.TextField(_("why"), blank=True)
    adjustment = models.TextField(_("what changes in the goals or the help"), blank=True)
    conversation_went = models.TextField(_("how did the conversation go?"), blank=True)
    open_questions = models.TextField(_("open questions"), blank=True)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(_("recorded at"))
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("evaluation")
        verbose_name_plural = _("evaluations")
        ordering = ["-held_on", "planned_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(planned_on__isnull=False) | models.Q(held_on__isnull=False),
                name="evaluation_planned_or_held",
            ),
            models.CheckConstraint(
                condition=~models.Q(outcome="adjust") | ~models.Q(adjustment=""),
                name="evaluation_adjust_says_what",
            ),
        ]
        indexes = [models.Index(fields=["held_on", "planned_on"], name="evaluation_due_idx")]

    def __str__(self) -> str:
        day = self.held_on or self.planned_on
        return f"{self.case_id}: {day:%d-%m-%Y}"

    @property
    def is_held(self) -> bool:
        return self.held_on is not None


class ClosingReason(models.TextChoices):
    GOALS_REACHED = rules.GOALS_REACHED, _("the goals are reached")
    MANAGES_WITHOUT = rules.MANAGES_WITHOUT, _("the family manages without youth care")
    MOVED = rules.MOVED, _("the family moved")
    REFERRED = rules.REFERRED, _("referred to specialised care")
    FAMILY_ENDS = rules.FAMILY_ENDS, _("the family ends the contact")
    OTHER = rules.OTHER, _("other")


class GoalOutcome(models.TextChoices):
    REACHED = rules.REACHED, _("reached")
    PARTLY = rules.PARTLY, _("partly reached")
    NOT_REACHED = rules.NOT_REACHED, _("not reached")


class Closing(models.Model):
    """The closing of a case (§3.9): why, the outcome per goal, the family's view and the aftercare."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="closings", verbose_name=_("case"))
    closed_on = models.DateField(_("closed on"))
    reason = models.CharField(_("reason"), max_length=20, choices=ClosingReason.choices)
    reason_other = models.TextField(_("the reason in words"), blank=True)
    family_view = models.TextField(_("the family's view of the help"), blank=True)
    other_help = models.TextField(
        _("other help discussed"),
        blank=True,
        help_text=_("When the family does not manage without youth care yet: which other help was discussed."),
    )
    aftercare_what = models.TextField(_("aftercare: what"), blank=True)
    aftercare_until = models.DateField(_("aftercare: until"), null=True, blank=True)
    aftercare_contact = models.CharField(_("aftercare: who to call"), max_length=300, blank=True)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(_("recorded at"))

    class Meta:
        verbose_name = _("closing")
        verbose_name_plural = _("closings")
        ordering = ["-closed_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(reason="other") | ~models.Q(reason_other=""), name="closing_other_has_words"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.case_id}: {self.closed_on:%d-%m-%Y}"


class ClosingGoal(models.Model):
    """The outcome of one goal at a closing: reached, partly reached or not reached."""

    closing = models.ForeignKey(Closing, on_delete=models.CASCADE, related_name="goal_outcomes")
    goal = models.ForeignKey(Goal, on_delete=models.CASCADE, related_name="+", verbose_name=_("goal"))
    outcome = models.CharField(_("outcome"), max_length=12, choices=GoalOutcome.choices)

    class Meta:
        verbose_name = _("outcome of a goal")
        verbose_name_plural = _("outcomes of goals")
        ordering = ["goal__position", "pk"]
        constraints = [models.UniqueConstraint(fields=["closing", "goal"], name="closinggoal_once")]

    def __str__(self) -> str:
        return f"{self.goal_id}: {self.outcome}"


class Reopening(models.Model):
    """A family that comes back: within the period the closed ``case`` continues (``previous_case`` empty); after
    it ``case`` is a new case of the same family and ``previous_case`` the old one."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="reopenings", verbose_name=_("case"))
    previous_case = models.ForeignKey(
        Case,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="later_cases",
        verbose_name=_("earlier case of the family"),
    )
    closing = models.ForeignKey(Closing, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    reason = models.TextField(_("why the family comes back"))
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(_("recorded at"))

    class Meta:
        verbose_name = _("reopening")
        verbose_name_plural = _("reopenings")
        ordering = ["-recorded_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.case_id}"

"""Goals (DOMAIN §3.4): the participants' agreement on the problem, goals in the family's own words, scale scores
over time, and the conversation techniques the file holds (miracle question, Drieluik, Signs of Safety).

Every record belongs to a ``cases.Case``; the actions in ``actions.py`` write them together with an entry on the
case's timeline and an access-log record. The family's words are stored verbatim, as theirs.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from samenplan.analysis.models import Factor
from samenplan.cases.models import Case, Member
from samenplan.goals import rules


class Agreement(models.TextChoices):
    YES = rules.AGREE_YES, _("yes")
    PARTLY = rules.AGREE_PARTLY, _("partly")
    NO = rules.AGREE_NO, _("no")


class ProblemAgreement(models.Model):
    """One participant's agreement on the question and the problem (§3.4.1), in their own words.

    Recorded before goals are set; a later record for the same participant replaces the earlier one on the page
    (the earlier stays on the timeline). "No" does not block the work: it is shown next to the goals.
    """

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="problem_agreements", verbose_name=_("case"))
    member = models.ForeignKey(Member, on_delete=models.PROTECT, related_name="+", verbose_name=_("participant"))
    agreement = models.CharField(_("agrees with the question and the problem"), max_length=10, choices=Agreement)
    words = models.TextField(_("in their own words"), blank=True)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(_("recorded at"))

    class Meta:
        verbose_name = _("agreement on the problem")
        verbose_name_plural = _("agreements on the problem")
        ordering = ["recorded_at", "pk"]

    def __str__(self) -> str:
        return f"{self.member_id}: {self.get_agreement_display()}"


class Whose(models.TextChoices):
    """Whose goal it is."""

    MEMBER = "member", _("one family member")
    PARENTS = "parents", _("both parents")
    FAMILY = "family", _("the whole family")


class Term(models.TextChoices):
    SHORT = "short", _("short term")
    LONG = "long", _("long term")


class GoalStatus(models.TextChoices):
    OPEN = rules.OPEN, _("open")
    REACHED = rules.REACHED, _("reached")
    PARTLY = rules.PARTLY_REACHED, _("partly reached")
    NOT_REACHED = rules.NOT_REACHED, _("not reached")
    DROPPED = rules.DROPPED, _("dropped")


class Goal(models.Model):
    """A goal of the family (§3.4.2): in the family's own words, whose goal, term, priority, target date, status.

    ``position`` is the priority order within the case (1 first). ``marked_as_family_own`` marks a goal taken
    from the family's own plan (family group plan, §3.5.2).
    """

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="goals", verbose_name=_("case"))
    words = models.TextField(_("the goal in the family's own words"))
    professional_words = models.TextField(
        _("the professional's wording"), blank=True, help_text=_("Only when it differs from the family's words.")
    )
    whose = models.CharField(_("whose goal"), max_length=10, choices=Whose, default=Whose.FAMILY)
    member = models.ForeignKey(
        Member,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("family member"),
        help_text=_("When the goal is one family member's: whose."),
    )
    term = models.CharField(_("term"), max_length=10, choices=Term, default=Term.SHORT)
    position = models.PositiveIntegerField(_("priority"), default=1)
    target_date = models.DateField(_("target date"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=12, choices=GoalStatus, default=GoalStatus.OPEN)
    status_reason = models.TextField(_("why"), blank=True, help_text=_("Required when the goal is dropped."))
    marked_as_family_own = models.BooleanField(
        _("from the family's own plan"), default=False, help_text=_("Taken from the family group plan.")
    )
    factors = models.ManyToManyField(
        Factor,
        blank=True,
        related_name="goals",
        verbose_name=_("factors of the coherent picture"),
        help_text=_("The changeable or protective factors of the current coherent picture this goal aims at."),
    )
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(_("recorded at"))
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("goal")
        verbose_name_plural = _("goals")
        ordering = ["position", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(whose="member", member__isnull=False)
                | (~models.Q(whose="member") & models.Q(member__isnull=True)),
                name="goal_member_only_for_member_goal",
            ),
            models.CheckConstraint(
                condition=~models.Q(status="dropped") | ~models.Q(status_reason=""),
                name="goal_dropped_has_reason",
            ),
        ]

    def __str__(self) -> str:
        return self.words[:60]

    @property
    def whose_label(self) -> str:
        if self.whose == Whose.MEMBER and self.member is not None:
            return str(self.member)
        return str(self.get_whose_display())


class ScaleScore(models.Model):
    """A 0 to 10 score on one goal (§3.4.3): 0 the worst moment, 10 the goal reached.

    Given by a named family member of the case, or by the professional (``member`` empty, ``professional`` set).
    """

    goal = models.ForeignKey(Goal, on_delete=models.CASCADE, related_name="scores", verbose_name=_("goal"))
    member = models.ForeignKey(
        Member, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("given by")
    )
    professional = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("given by the professional"),
    )
    score = models.PositiveSmallIntegerField(_("score (0 to 10)"))
    desired = models.PositiveSmallIntegerField(_("desired score"), null=True, blank=True)
    one_point_higher = models.TextField(_("what would one point higher look like?"), blank=True)
    scored_on = models.DateField(_("date"))
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(_("recorded at"))

    class Meta:
        verbose_name = _("scale score")
        verbose_name_plural = _("scale scores")
        ordering = ["scored_on", "pk"]
        constraints = [
            models.CheckConstraint(condition=models.Q(score__lte=rules.SCALE_MAX), name="scalescore_score_0_10"),
            models.CheckConstraint(
                condition=models.Q(desired__isnull=True) | models.Q(desired__lte=rules.SCALE_MAX),
                name="scalescore_desired_0_10",
            ),
            models.CheckConstraint(
                condition=models.Q(member__isnull=False, professional__isnull=True)
                | models.Q(member__isnull=True, professional__isnull=False),
                name="scalescore_one_scorer",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.goal_id}: {self.score} ({self.scored_on:%d-%m-%Y})"

    @property
    def scorer_label(self) -> str:
        return str(self.member) if self.member_id else _("%(name)s (professional)") % {"name": self.professional}


class MiracleAnswer(models.Model):
    """One participant's answer to the miracle question (§3.4.3), in their own words."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="miracle_answers", verbose_name=_("case"))
    member = models.ForeignKey(Member, on_delete=models.PROTECT, related_name="+", verbose_name=_("participant"))
    words = models.TextField(_("in their own words"))
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(_("recorded at"))

    class Meta:
        verbose_name = _("answer to the miracle question")
        verbose_name_plural = _("answers to the miracle question")
        ordering = ["recorded_at", "pk"]

    def __str__(self) -> str:
        return f"{self.member_id}: {self.words[:40]}"


class Drieluik(models.Model):
    """The Drieluik (three panels) of a case: if nothing changes / how you would like it / what we will do."""

    case = models.OneToOneField(Case, on_delete=models.CASCADE, related_name="drieluik", verbose_name=_("case"))
    nothing_changes = models.TextField(_("in six months, if nothing changes"), blank=True)
    wished = models.TextField(_("how would you like it to be?"), blank=True)
    what_we_do = models.TextField(_("what we will do"), blank=True)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(_("recorded at"))
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("Drieluik")
        verbose_name_plural = _("Drieluiken")

    def __str__(self) -> str:
        return f"Drieluik ({self.case_id})"


class SignsOfSafety(models.Model):
    """Signs of Safety (§3.4.3): worries / what goes well / what must happen, and a 0 to 10 safety scale."""

    case = models.OneToOneField(Case, on_delete=models.CASCADE, related_name="signs_of_safety", verbose_name=_("case"))
    worries = models.TextField(_("worries"), blank=True)
    goes_well = models.TextField(_("what goes well"), blank=True)
    must_happen = models.TextField(_("what must happen"), blank=True)
    safety_score = models.PositiveSmallIntegerField(_("safety (0 to 10)"), null=True, blank=True)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(_("recorded at"))
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("Signs of Safety")
        verbose_name_plural = _("Signs of Safety")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(safety_score__isnull=True) | models.Q(safety_score__lte=rules.SCALE_MAX),
                name="signsofsafety_score_0_10",
            ),
        ]

    def __str__(self) -> str:
        return f"Signs of Safety ({self.case_id})"

"""The family's own strength and its network first (DOMAIN §3.5.1 and §3.5.2).

Per participant the six own-strength questions in their own words; the people around the family (network
members) with the support they give and how they are judged; and the family group plan: offered, accepted or
declined, and, when made, its content and parts. Every record belongs to a ``cases.Case``; the actions in
``actions.py`` write them with an entry on the case's timeline and an access-log record.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from samenplan.cases.models import Case, Member
from samenplan.goals.models import Goal
from samenplan.network import rules

# The six own-strength questions of seed 004 §2.4, in the order they are asked: (field, question).
OWN_STRENGTH_QUESTIONS = (
    ("tried", _("What have you already tried to make this problem smaller or to prevent it?")),
    ("helps", _("What can you already do, or what do you already have, that helps you reach your goals?")),
    ("works_against", _("What could work against you in reaching your goals?")),
    ("needs", _("What do you need to reach your goals?")),
    ("who_can_help", _("Who can help you reach your goals?")),
    ("by_when", _("When do you want to have reached your goals?")),
)
OWN_STRENGTH_FIELDS = tuple(name for name, _question in OWN_STRENGTH_QUESTIONS)


class OwnStrength(models.Model):
    """One participant's answers to the six own-strength questions, in their own words (§3.5.1)."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="own_strengths", verbose_name=_("case"))
    member = models.ForeignKey(Member, on_delete=models.PROTECT, related_name="+", verbose_name=_("participant"))
    tried = models.TextField(_("what did you try?"), blank=True)
    helps = models.TextField(_("what helps you?"), blank=True)
    works_against = models.TextField(_("what works against you?"), blank=True)
    needs = models.TextField(_("what do you need?"), blank=True)
    who_can_help = models.TextField(_("who can help?"), blank=True)
    by_when = models.TextField(_("by when?"), blank=True)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(_("recorded at"))
    changed_at = models.DateTimeField(_("changed at"))
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("own strength")
        verbose_name_plural = _("own strength")
        ordering = ["member__role", "member__date_of_birth", "pk"]
        constraints = [models.UniqueConstraint(fields=["case", "member"], name="own_strength_once_per_member")]

    def __str__(self) -> str:
        return f"{self.member_id} ({self.case_id})"

    def answers(self) -> list[tuple[str, str]]:
        """(question, answer) for the questions answered, in the order they are asked."""
        return [(question, getattr(self, name)) for name, question in OWN_STRENGTH_QUESTIONS if getattr(self, name)]


class Circle(models.TextChoices):
    FAMILY = "family", _("relatives")
    FRIENDS = "friends", _("friends")
    NEIGHBOURHOOD = "neighbourhood", _("neighbourhood")
    SCHOOL_WORK = "school_work", _("school, work or club")
    PROFESSIONAL = "professional", _("professional helper")


class SupportKind(models.TextChoices):
    PRACTICAL = rules.PRACTICAL, _("practical help")
    INFORMATION = rules.INFORMATION, _("information and advice")
    COMFORT = rules.COMFORT, _("comfort and support")


class Judgement(models.TextChoices):
    YES = rules.YES, _("yes")
    PARTLY = rules.PARTLY, _("partly")
    NO = rules.NO, _("no")


class YouthWish(models.TextChoices):
    YES = "yes", _("yes, the youth wants them involved")
    NO = "no", _("no, the youth does not want them involved")
    NOT_ASKED = "not_asked", _("not asked (yet), or there is no youth")


class NetworkMember(models.Model):
    """Someone around the family who helps or could help: family, friends, neighbours, school (§3.5.1).

    Not a user of samenplan. Client data: follows its case's access rules; the contact details leave samenplan
    only with the family's consent (``network/sharing.py``).
    """

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="network_members", verbose_name=_("case"))
    name = models.CharField(_("name"), max_length=200)
    relation = models.CharField(_("relation to the family"), max_length=200, help_text=_("For example: grandmother."))
    circle = models.CharField(_("circle"), max_length=20, choices=Circle.choices)
    contact = models.CharField(
        _("how to reach them"), max_length=200, blank=True, help_text=_("Phone number, e-mail address or address.")
    )
    support = models.JSONField(_("kinds of support"), default=list, help_text=_("Values of SupportKind."))
    responds = models.CharField(_("responds to requests for help"), max_length=10, choices=Judgement.choices)
    effective = models.CharField(_("gives real, effective help"), max_length=10, choices=Judgement.choices)
    accessible = models.CharField(_("is easy to reach"), max_length=10, choices=Judgement.choices)
    reliable = models.CharField(_("is reliable"), max_length=10, choices=Judgement.choices)
    youth_wish = models.CharField(
        _("does the youth want them involved?"), max_length=10, choices=YouthWish.choices, default=YouthWish.NOT_ASKED
    )
    part_in_plan = models.TextField(_("their part in the plan"), blank=True)
    goals = models.ManyToManyField(
        Goal, blank=True, related_name="network_members", verbose_name=_("helps with the goals")
    )
    part_from_family_plan = models.BooleanField(
        _("agreed in the family group plan"), default=False, help_text=_("The family's own agreement.")
    )
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(_("recorded at"))
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("network member")
        verbose_name_plural = _("network members")
        ordering = ["circle", "name", "pk"]

    def __str__(self) -> str:
        return f"{self.name} ({self.relation})"

    @property
    def criteria(self) -> dict[str, str]:
        return {name: getattr(self, name) for name in rules.CRITERIA}

    @property
    def strength(self) -> str:
        return rules.strength(self.criteria)

    def support_labels(self) -> list[str]:
        return [str(SupportKind(k).label) for k in rules.support_kinds(self.support)]

    def criteria_labels(self) -> list[tuple[str, str]]:
        """(criterion, answer) in words, in the fixed order."""
        return [
            (self._meta.get_field(name).verbose_name, getattr(self, f"get_{name}_display")()) for name in rules.CRITERIA
        ]


class PlanState(models.TextChoices):
    OFFERED = rules.OFFERED, _("offered")
    ACCEPTED = rules.ACCEPTED, _("accepted")
    DECLINED = rules.DECLINED, _("declined")
    MADE = rules.MADE, _("made")


class MadeBy(models.TextChoices):
    FAMILY = rules.BY_FAMILY, _("by the family and its network")
    CONFERENCE = rules.BY_CONFERENCE, _("at a Family Group Conference, with an independent coordinator")


class FamilyGroupPlan(models.Model):
    """The family's right to make its own plan (§3.5.2): offered, accepted or declined, and when made, its content.

    One case may have several over time (declined now, offered again later); the newest is the current one.
    """

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="family_group_plans", verbose_name=_("case"))
    state = models.CharField(_("state"), max_length=10, choices=PlanState.choices, default=PlanState.OFFERED)
    offered_on = models.DateField(_("offered on"))
    offer_note = models.TextField(_("what was explained"), blank=True)
    answered_on = models.DateField(_("answered on"), null=True, blank=True)
    family_reason = models.TextField(_("the family's reasons"), blank=True, help_text=_("In their own words."))
    made_on = models.DateField(_("made on"), null=True, blank=True)
    made_by = models.CharField(_("made"), max_length=12, choices=MadeBy.choices, blank=True)
    coordinator = models.CharField(_("independent coordinator"), max_length=200, blank=True)
    content = models.TextField(_("the family's plan"), blank=True, help_text=_("In the family's own words."))
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("approved by"),
    )
    approved_on = models.DateField(_("approved on"), null=True, blank=True)
    approval_note = models.TextField(_("approval: what was weighed"), blank=True)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(_("recorded at"))
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("family group plan")
        verbose_name_plural = _("family group plans")
        ordering = ["-offered_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.get_state_display()} ({self.case_id})"

    @property
    def approved(self) -> bool:
        return self.approved_by_id is not None


class PlanPart(models.Model):
    """One part of a family group plan, in the family's words; it can be taken into a network agreement (and
    into a goal), marked as the family's own."""

    plan = models.ForeignKey(FamilyGroupPlan, on_delete=models.CASCADE, related_name="parts", verbose_name=_("plan"))
    text = models.TextField(_("part of the plan"), help_text=_("In the family's own words."))
    network_member = models.ForeignKey(
        NetworkMember,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="plan_parts",
        verbose_name=_("taken into the agreement with"),
    )
    goal = models.ForeignKey(
        Goal,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("taken into the goal"),
    )

    class Meta:
        verbose_name = _("part of the family group plan")
        verbose_name_plural = _("parts of the family group plan")
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.text[:40]

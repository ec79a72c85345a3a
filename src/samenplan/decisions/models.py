"""Deciding together on help (DOMAIN §3.5.3 to §3.5.5, §3.7).

The options for help laid side by side, each seen by the professional and by the family; the family's preferences;
the decision with the participation level the family had; and the help in progress that follows from it.
``HelpDeployment`` is the help actually given (network, light or professional): the family plan lists it and the
evaluations look at it.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from samenplan.analysis.models import Consultation
from samenplan.cases.models import Case, Member
from samenplan.catalogue.models import EvidenceLevel, HelpOffer, Intensity
from samenplan.decisions import rules
from samenplan.goals.models import Goal
from samenplan.network.models import NetworkMember


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
    decision = models.ForeignKey(
        "decisions.Decision",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="help_deployments",
        verbose_name=_("decided in"),
    )
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


# ── Options, preferences and the decision (§3.5.3 to §3.5.5, §5) ────────────────────────────────────────────


class OptionSource(models.TextChoices):
    CATALOGUE = rules.FROM_CATALOGUE, _("from the catalogue of help")
    NETWORK = rules.FROM_NETWORK, _("from the family's network")
    FAMILY = rules.FROM_FAMILY, _("the family's own idea")


class Option(models.Model):
    """An option for help under consideration, seen by the professional and by the family (§3.5.3, G5.4).

    Each view has its own pros, cons and expected results: the family's are their words (P5, P6).
    """

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="options", verbose_name=_("case"))
    source = models.CharField(_("where the option comes from"), max_length=20, choices=OptionSource.choices)
    offer = models.ForeignKey(
        HelpOffer, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("help offer")
    )
    network_member = models.ForeignKey(
        NetworkMember,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("someone of the network"),
    )
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("what it is"), blank=True)
    intensity = models.CharField(_("intensity"), max_length=20, choices=Intensity.choices)
    evidence_level = models.CharField(
        _("evidence level"), max_length=20, choices=EvidenceLevel.choices, default=EvidenceLevel.NOT_ASSESSED
    )
    waiting_weeks = models.PositiveSmallIntegerField(_("waiting time in weeks"), null=True, blank=True)
    professional_pros = models.TextField(_("what is good about it, says the professional"), blank=True)
    professional_cons = models.TextField(_("what is less good, says the professional"), blank=True)
    professional_results = models.TextField(_("what it will bring, says the professional"), blank=True)
    family_pros = models.TextField(_("what is good about it, says the family"), blank=True)
    family_cons = models.TextField(_("what is less good, says the family"), blank=True)
    family_results = models.TextField(_("what it will bring, says the family"), blank=True)
    family_speaker = models.ForeignKey(
        Member, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("in the words of")
    )
    recommended = models.BooleanField(_("the professional recommends it"), default=False)
    recommendation_reasons = models.TextField(_("why the professional recommends it"), blank=True)
    tried_before = models.TextField(_("what the family tried before, and how it went"), blank=True)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(_("recorded at"))
    changed_at = models.DateTimeField(_("changed at"))
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("option")
        verbose_name_plural = _("options")
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.name

    @property
    def facts(self) -> rules.OptionFacts:
        return rules.OptionFacts(self.pk, self.name, self.source, self.intensity, self.evidence_level)

    @property
    def ladder_intensity(self) -> str:
        return rules.ladder_intensity(self.source, self.intensity)

    @property
    def is_heavy(self) -> bool:
        return rules.is_heavy(self.source, self.intensity)

    @property
    def is_effective(self) -> bool:
        return rules.is_effective(self.evidence_level)

    @property
    def is_family_idea(self) -> bool:
        return self.source == OptionSource.FAMILY


class OptionReaction(models.Model):
    """What one family member sees in an option: the pros and cons in their own words, written by themselves in
    the portal (P6). One per member and option, changed in place (``version`` guards against two devices).

    The professional's option grid shows it next to the family's view, marked as this member's words; a 16+
    youth's reaction is their own part (portal/rules.py).
    """

    option = models.ForeignKey(Option, on_delete=models.CASCADE, related_name="reactions", verbose_name=_("option"))
    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="+", verbose_name=_("family member"))
    pros = models.TextField(_("what is good about it, in their own words"), blank=True)
    cons = models.TextField(_("what is less good, in their own words"), blank=True)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(_("recorded at"))
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("reaction to an option")
        verbose_name_plural = _("reactions to options")
        ordering = ["option_id", "member_id"]
        constraints = [models.UniqueConstraint(fields=["option", "member"], name="one_reaction_per_member_option")]

    def __str__(self) -> str:
        return f"{self.member}: {self.option}"


class PreferenceKind(models.TextChoices):
    ORDER = rules.ORDER, _("puts the options in order")
    PREFERRED = rules.PREFERRED, _("prefers one option")
    LEAVE = rules.LEAVE_TO_PROFESSIONAL, _("would rather leave the choice to the professional")


class Preference(models.Model):
    """A participant's preference among the case's options, with their reasons in their own words (§5, P6).

    One per participant, changed in place (``version`` guards against two people editing it at once).
    """

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="preferences", verbose_name=_("case"))
    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="+", verbose_name=_("participant"))
    kind = models.CharField(_("preference"), max_length=30, choices=PreferenceKind.choices)
    ranking = models.JSONField(_("order of the options"), default=list, blank=True)
    preferred = models.ForeignKey(
        Option, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("preferred option")
    )
    reasons = models.TextField(_("reasons, in their own words"), blank=True)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(_("recorded at"))
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("preference")
        verbose_name_plural = _("preferences")
        ordering = ["member_id", "pk"]
        constraints = [models.UniqueConstraint(fields=["case", "member"], name="one_preference_per_participant")]

    def __str__(self) -> str:
        return f"{self.member}: {self.get_kind_display()}"


class CrucialOverride(models.Model):
    """A team lead's decision that the next crucial decision of the case needs no consultation, with a reason.

    Used by at most one decision (``decision``); until then it is open.
    """

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="crucial_overrides", verbose_name=_("case"))
    reason = models.TextField(_("why no consultation is needed"))
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(_("recorded at"))
    decision = models.OneToOneField(
        "decisions.Decision",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="override",
        verbose_name=_("used for the decision"),
    )

    class Meta:
        verbose_name = _("override of the consultation")
        verbose_name_plural = _("overrides of the consultation")
        ordering = ["-at", "-pk"]

    def __str__(self) -> str:
        return f"{self.case}: {self.reason[:40]}"


class Decision(models.Model):
    """The decision on help, made together (§3.5.4), with evaluation and aftercare agreed with it (§3.5.5).

    Recorded once; a new decision (after an evaluation) is a new row. The family plan reads ``summary``,
    ``participation_level``, ``evaluation_agreement`` and ``aftercare_agreement``.
    """

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="decisions", verbose_name=_("case"))
    decided_at = models.DateTimeField(_("decided at"))
    options = models.ManyToManyField(Option, related_name="decisions", verbose_name=_("chosen options"))
    summary = models.TextField(_("what was decided, in concrete words"))
    arguments = models.TextField(_("the arguments, summarised"), blank=True)
    participation_level = models.PositiveSmallIntegerField(
        _("participation level"), choices=[(n, _(label)) for n, label, _meaning in rules.PARTICIPATION_LEVELS]
    )
    out_of_home = models.BooleanField(_("out-of-home placement"), default=False)
    against_family_wish = models.BooleanField(_("against the family's wish"), default=False)
    crucial = models.BooleanField(_("crucial decision"), default=False)
    consultation = models.ForeignKey(
        Consultation,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("advice of the behavioural scientist"),
    )
    family_position = models.TextField(_("the family's position"), blank=True)
    professional_position = models.TextField(_("the professional's position"), blank=True)
    resolved_by = models.CharField(_("who decided"), max_length=300, blank=True)
    resolution = models.TextField(_("why, and how it was resolved"), blank=True)
    safety_conditions = models.TextField(_("under which safety conditions"), blank=True)
    evaluation_on = models.DateField(_("evaluation on"), null=True, blank=True)
    evaluation_agreement = models.TextField(_("evaluation: when, how and with whom"))
    aftercare_agreement = models.TextField(_("aftercare"), blank=True)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(_("recorded at"))
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("decision")
        verbose_name_plural = _("decisions")
        ordering = ["-decided_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(participation_level__gte=rules.LEVEL_MIN)
                & models.Q(participation_level__lte=rules.LEVEL_MAX),
                name="decision_participation_level_1_to_5",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.case}: {self.summary[:40]}"

    @property
    def level_label(self) -> str:
        return gettext(rules.level_label(self.participation_level))

    @property
    def has_disagreement(self) -> bool:
        return bool(self.family_position or self.resolution)


class DecisionAgreement(models.Model):
    """Whether a participant agrees with the decision: yes, partly or no, in their own words."""

    class Answer(models.TextChoices):
        YES = rules.AGREE_YES, _("yes")
        PARTLY = rules.AGREE_PARTLY, _("partly")
        NO = rules.AGREE_NO, _("no")

    decision = models.ForeignKey(Decision, on_delete=models.CASCADE, related_name="agreements")
    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="+", verbose_name=_("participant"))
    agreement = models.CharField(_("agrees"), max_length=10, choices=Answer.choices)
    words = models.TextField(_("in their own words"), blank=True)

    class Meta:
        verbose_name = _("agreement with the decision")
        verbose_name_plural = _("agreements with the decision")
        ordering = ["member_id", "pk"]
        constraints = [models.UniqueConstraint(fields=["decision", "member"], name="one_agreement_per_participant")]

    def __str__(self) -> str:
        return f"{self.member}: {self.get_agreement_display()}"

"""Intake (DOMAIN §3.1, §3.2, §4): the registration, conversations, clarifying the question, the route.

Every record belongs to a ``cases.Case``; the actions in ``actions.py`` write them together with an entry on the
case's timeline and an access-log record. The family's words are stored as theirs, with who said them.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from samenplan.accounts.models import Organisation
from samenplan.cases.models import Case, Member, RegisteredBy
from samenplan.intake import rules


class ReferrerKind(models.TextChoices):
    GP = "gp", _("general practitioner")
    SCHOOL = "school", _("school")
    YOUTH_DOCTOR = "youth_doctor", _("youth doctor")
    VEILIG_THUIS = "veilig_thuis", _("Veilig Thuis")
    OTHER_AGENCY = "other_agency", _("other agency")
    OTHER = "other", _("other")


class Registration(models.Model):
    """Who registered the family, why (in their words), and how the case starts (§3.1)."""

    case = models.OneToOneField(Case, on_delete=models.CASCADE, related_name="registration", verbose_name=_("case"))
    registered_by = models.CharField(_("registered by"), max_length=20, choices=RegisteredBy.choices)
    referrer_kind = models.CharField(_("kind of referrer"), max_length=20, choices=ReferrerKind.choices, blank=True)
    referrer_name = models.CharField(_("referrer"), max_length=200, blank=True, help_text=_("Name and organisation."))
    referrer_contact = models.CharField(
        _("referrer's contact details"), max_length=200, blank=True, help_text=_("Phone number or e-mail address.")
    )
    reason = models.TextField(_("reason for registration"), help_text=_("In the words of whoever registered."))
    second_worker = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("second worker for the first conversation"),
    )
    intake_table_on = models.DateField(_("discussed at the intake table on"), null=True, blank=True)
    intake_table_participants = models.CharField(_("who took part"), max_length=500, blank=True)
    intake_table_outcome = models.TextField(_("outcome of the intake table"), blank=True)

    class Meta:
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")

    def __str__(self) -> str:
        return f"{self.get_registered_by_display()} ({self.case_id})"

    @property
    def referrer_label(self) -> str:
        kind = self.get_referrer_kind_display() if self.referrer_kind else ""
        return ", ".join(p for p in (self.referrer_name, kind) if p)


class Helped(models.TextChoices):
    YES = "yes", _("yes")
    PARTLY = "partly", _("partly")
    NO = "no", _("no")
    UNKNOWN = "unknown", _("not asked yet")


class PriorHelp(models.Model):
    """Help the family already received or still gets, and whether it helped in the family's view (G1.4)."""

    registration = models.ForeignKey(
        Registration, on_delete=models.CASCADE, related_name="prior_help", verbose_name=_("registration")
    )
    agency = models.CharField(_("agency"), max_length=200, blank=True)
    kind = models.TextField(_("which help"))
    period = models.CharField(_("period"), max_length=100, blank=True, help_text=_("For example: 2024 to now."))
    running = models.BooleanField(_("still running"), default=False)
    helped = models.CharField(
        _("did it help, in the family's view?"), max_length=10, choices=Helped.choices, default=Helped.UNKNOWN
    )

    class Meta:
        verbose_name = _("help already received")
        verbose_name_plural = _("help already received")
        ordering = ["pk"]

    def __str__(self) -> str:
        return ", ".join(p for p in (self.kind, self.agency, self.period) if p)


class Place(models.TextChoices):
    OFFICE = "office", _("at the office")
    HOME = "home", _("at home")
    SCHOOL = "school", _("at school")
    VIDEO = "video", _("by video call")


class Step(models.IntegerChoices):
    """The welcome and the eight steps of deciding in dialogue (DOMAIN §4)."""

    WELCOME = 0, _("Welcome")
    QUESTIONS = 1, _("1. Which questions and problems do you experience?")
    MAP = 2, _("2. Map the situation further")
    DISCUSS = 3, _("3. Discuss the problems in plain words")
    CHECK = 4, _("4. Do you recognise the picture?")
    WANT = 5, _("5. What do you want to reach?")
    OPTIONS = 6, _("6. Which options are there?")
    PREFERENCE = 7, _("7. What do you think of the options?")
    DECIDE = 8, _("8. Decide together")


class Conversation(models.Model):
    """A conversation with the family (§4): when, where, who took part, and what happened at each step."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="conversations", verbose_name=_("case"))
    held_on = models.DateField(_("date"))
    place = models.CharField(_("place"), max_length=10, choices=Place.choices)
    members = models.ManyToManyField(Member, related_name="conversations", verbose_name=_("family members present"))
    professionals = models.ManyToManyField(
        settings.AUTH_USER_MODEL, related_name="+", verbose_name=_("professionals present")
    )
    evaluation = models.TextField(
        _("how did the conversation go?"), blank=True, help_text=_("The family's view, in their own words.")
    )
    open_questions = models.TextField(_("open questions"), blank=True)
    interpreter_language = models.CharField(
        _("interpreter's language"),
        max_length=100,
        blank=True,
        help_text=_("Filled in when an interpreter took part: the language they interpreted. Empty: no interpreter."),
    )
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(_("recorded at"))

    class Meta:
        verbose_name = _("conversation")
        verbose_name_plural = _("conversations")
        ordering = ["-held_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.held_on:%d-%m-%Y} {self.get_place_display()}"


class ConversationStep(models.Model):
    """What happened at one step: the professional's notes, or that (and why) the step was skipped."""

    conversation = models.ForeignKey(Conversation, on_delete=models.CASCADE, related_name="steps")
    step = models.PositiveSmallIntegerField(_("step"), choices=Step.choices)
    notes = models.TextField(_("notes"), blank=True)
    skipped = models.BooleanField(_("skipped"), default=False)
    skip_reason = models.CharField(_("why skipped"), max_length=500, blank=True)

    class Meta:
        ordering = ["step"]
        constraints = [
            models.UniqueConstraint(fields=["conversation", "step"], name="conversation_step_once"),
        ]

    def __str__(self) -> str:
        return f"{self.conversation_id}: {self.get_step_display()}"


class Contribution(models.Model):
    """Something a family member said at a step, in their own words."""

    conversation = models.ForeignKey(Conversation, on_delete=models.CASCADE, related_name="contributions")
    step = models.PositiveSmallIntegerField(_("step"), choices=Step.choices)
    speaker = models.ForeignKey(Member, on_delete=models.PROTECT, related_name="+", verbose_name=_("said by"))
    text = models.TextField(_("in their own words"))

    class Meta:
        ordering = ["step", "pk"]

    def __str__(self) -> str:
        return f"{self.speaker_id}: {self.text[:40]}"


class SeverityScale(models.Model):
    """An organisation's scale for the nature and severity of problems. The levels are data, not code."""

    organisation = models.OneToOneField(Organisation, on_delete=models.CASCADE, related_name="severity_scale")
    name = models.CharField(_("name"), max_length=100)

    def __str__(self) -> str:
        return self.name


class SeverityLevel(models.Model):
    scale = models.ForeignKey(SeverityScale, on_delete=models.CASCADE, related_name="levels")
    rank = models.PositiveSmallIntegerField(_("rank"))
    name = models.CharField(_("name"), max_length=100)
    description = models.CharField(_("description"), max_length=500, blank=True)

    class Meta:
        ordering = ["rank"]
        constraints = [models.UniqueConstraint(fields=["scale", "rank"], name="severity_level_rank_once")]

    def __str__(self) -> str:
        return f"{self.rank}. {self.name}"


class Clarification(models.Model):
    """One participant's question (§3.2): the help question and problems in their own words, and what goes well.

    Named ``QuestionClarification`` in DOMAIN §9; one record per participant per conversation.
    """

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="clarifications", verbose_name=_("case"))
    conversation = models.ForeignKey(
        Conversation, on_delete=models.SET_NULL, null=True, blank=True, related_name="clarifications"
    )
    member = models.ForeignKey(Member, on_delete=models.PROTECT, related_name="+", verbose_name=_("participant"))
    help_question = models.TextField(_("help question"), help_text=_("In their own words."))
    goes_well = models.TextField(_("what goes well"), blank=True)
    exceptions = models.TextField(
        _("exceptions"), blank=True, help_text=_("Moments when the problem is not there or is less.")
    )
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(_("recorded at"))

    class Meta:
        verbose_name = _("question clarification")
        verbose_name_plural = _("question clarifications")
        ordering = ["recorded_at", "pk"]

    def __str__(self) -> str:
        return f"{self.member_id}: {self.help_question[:40]}"


class Problem(models.Model):
    clarification = models.ForeignKey(Clarification, on_delete=models.CASCADE, related_name="problems")
    description = models.TextField(_("problem"), help_text=_("In their own words."))
    burden = models.PositiveSmallIntegerField(_("burden (1 to 10)"))

    class Meta:
        ordering = ["pk"]
        constraints = [
            models.CheckConstraint(condition=models.Q(burden__gte=1, burden__lte=10), name="problem_burden_1_10"),
        ]

    def __str__(self) -> str:
        return f"{self.description[:40]} ({self.burden})"


class Safety(models.TextChoices):
    SAFE = rules.SAFE, _("safe")
    CONCERNS = rules.CONCERNS, _("concerns")
    NOT_SAFE = rules.NOT_SAFE, _("not safe")


class Assessment(models.Model):
    """The professional's view after clarifying: nature and severity, and is the child safe at home?"""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="assessments", verbose_name=_("case"))
    conversation = models.ForeignKey(
        Conversation, on_delete=models.SET_NULL, null=True, blank=True, related_name="assessments"
    )
    nature = models.TextField(_("nature of the problems"), blank=True)
    severity = models.ForeignKey(
        SeverityLevel, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("severity")
    )
    family_view = models.TextField(
        _("how the family sees it"),
        blank=True,
        help_text=_("How the child and the parents see the nature and severity, in their own words."),
    )
    safety = models.CharField(_("is the child safe at home?"), max_length=10, choices=Safety.choices)
    safety_explanation = models.TextField(_("explanation"), blank=True)
    safety_assessed_by = models.CharField(
        _("assessed by"), max_length=200, help_text=_("Who judged the safety, e.g. with the behavioural scientist.")
    )
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(_("recorded at"))

    class Meta:
        ordering = ["recorded_at", "pk"]

    def __str__(self) -> str:
        return f"{self.get_safety_display()} ({self.case_id})"


class Route(models.TextChoices):
    LIGHT = rules.LIGHT, _("light: information, advice, light help or the network")
    ACUTE = rules.ACUTE, _("acute: crisis intervention now")
    ANALYSIS = rules.ROUTE_ANALYSIS, _("unclear: further investigation (problem-and-strengths analysis)")


class RouteDecision(models.Model):
    """The route, decided together (§3.2), with the reasons and each participant's agreement.

    ``current`` is true for the decision of the case's present clarification; reopening the question keeps the
    old decisions as history and asks for a new one.
    """

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="route_decisions", verbose_name=_("case"))
    route = models.CharField(_("route"), max_length=10, choices=Route.choices)
    decided_on = models.DateField(_("decided on"))
    rationale = models.TextField(_("why this route"))
    light_help = models.TextField(_("information, advice or light help given"), blank=True)
    other_route_reason = models.TextField(_("why not the acute route"), blank=True)
    analysis_skip_reason = models.TextField(_("why the analysis is skipped"), blank=True)
    current = models.BooleanField(default=True)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(_("recorded at"))

    class Meta:
        verbose_name = _("route decision")
        verbose_name_plural = _("route decisions")
        ordering = ["recorded_at", "pk"]

    def __str__(self) -> str:
        return f"{self.get_route_display()} ({self.case_id})"


class Agreement(models.TextChoices):
    AGREES = "agrees", _("agrees")
    PARTLY = "partly", _("partly agrees")
    DISAGREES = "disagrees", _("does not agree")


class RouteAgreement(models.Model):
    decision = models.ForeignKey(RouteDecision, on_delete=models.CASCADE, related_name="agreements")
    member = models.ForeignKey(Member, on_delete=models.PROTECT, related_name="+")
    agreement = models.CharField(_("agreement"), max_length=10, choices=Agreement.choices)
    comment = models.TextField(_("in their own words"), blank=True)

    class Meta:
        ordering = ["pk"]

    def __str__(self) -> str:
        return f"{self.member_id}: {self.get_agreement_display()}"


class CrisisIntervention(models.Model):
    """On the acute route: what was done now, by whom, when; and the referral to the out-of-home procedure."""

    decision = models.OneToOneField(RouteDecision, on_delete=models.CASCADE, related_name="crisis")
    what = models.TextField(_("what was done"))
    by_whom = models.CharField(_("by whom"), max_length=200)
    on = models.DateField(_("when"))
    placement_referral = models.BooleanField(_("referred to the out-of-home-placement procedure"), default=False)
    placement_referral_note = models.TextField(_("referral: to whom, when"), blank=True)

    def __str__(self) -> str:
        return f"{self.on:%d-%m-%Y} {self.by_whom}"

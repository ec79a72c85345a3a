"""The problem-and-strengths analysis (DOMAIN §3.3): the investigation plan with the family's special
circumstances, the coherent picture (versioned) with its factors and the family's view, the consultation of a
behavioural scientist, and psycho-education.

Every record hangs off a ``cases.Case`` (retention, destruction and the inspection export include it); the actions
in ``actions.py`` write them together with an entry on the case's timeline and an access-log record.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from samenplan.analysis import rules
from samenplan.cases.models import Case, Member
from samenplan.consent.models import Recipient
from samenplan.instruments.models import Definition


class Circumstance(models.TextChoices):
    MIGRATION_BACKGROUND = rules.MIGRATION_BACKGROUND, _("migration background")
    OTHER_HOME_LANGUAGE = rules.OTHER_HOME_LANGUAGE, _("speaks another language at home")
    LIMITED_DUTCH = rules.LIMITED_DUTCH, _("speaks little Dutch")
    LOW_LITERACY = rules.LOW_LITERACY, _("low literacy")
    INTELLECTUAL_DISABILITY = rules.INTELLECTUAL_DISABILITY, _("intellectual disability")
    OTHER_DISABILITY = rules.OTHER_DISABILITY, _("other disability")


class Method(models.TextChoices):
    INSTRUMENT = rules.INSTRUMENT, _("questionnaire or other instrument")
    OBSERVATION = rules.OBSERVATION, _("observation")
    CONVERSATION = rules.CONVERSATION, _("conversation")
    OTHER_AGENCY = rules.OTHER_AGENCY, _("information from another agency")


class FactorKind(models.TextChoices):
    CAUSAL = rules.CAUSAL, _("causal")
    MAINTAINING = rules.MAINTAINING, _("maintaining")
    PROTECTIVE = rules.PROTECTIVE, _("protective")


class FactorDomain(models.TextChoices):
    CHILD = rules.CHILD, _("child")
    PARENT = rules.PARENT, _("parent")
    FAMILY = rules.FAMILY, _("family")
    ENVIRONMENT = rules.ENVIRONMENT, _("environment")


class FactorSource(models.TextChoices):
    CONVERSATION = "conversation", _("conversation")
    INSTRUMENT = "instrument", _("instrument result")
    OTHER_AGENCY = "other_agency", _("other agency")


class FamilyAgreement(models.TextChoices):
    AGREES = "agrees", _("agrees")
    PARTLY = "partly", _("partly agrees")
    DISAGREES = "disagrees", _("does not agree")


class SpecialCircumstance(models.Model):
    """A family member's circumstance that an instrument may not suit (origin, language, literacy, disability)."""

    case = models.ForeignKey(
        Case, on_delete=models.CASCADE, related_name="special_circumstances", verbose_name=_("case")
    )
    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="+", verbose_name=_("family member"))
    code = models.CharField(_("circumstance"), max_length=30, choices=Circumstance.choices)
    language = models.CharField(
        _("language spoken at home"), max_length=100, blank=True, help_text=_("Only for another home language.")
    )
    note = models.CharField(_("note"), max_length=500, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(_("recorded at"))

    class Meta:
        verbose_name = _("special circumstance")
        verbose_name_plural = _("special circumstances")
        ordering = ["member_id", "code", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["case", "member", "code"], name="circumstance_once_per_member"),
        ]

    def __str__(self) -> str:
        label = self.get_code_display()
        return f"{self.member}: {label} ({self.language})" if self.language else f"{self.member}: {label}"


class InvestigationQuestion(models.Model):
    """One question of the investigation plan (§3.3.1): what must be found out, which information that needs, and
    how it is collected. The plan is the case's list of questions, made together with the family."""

    case = models.ForeignKey(
        Case, on_delete=models.CASCADE, related_name="investigation_questions", verbose_name=_("case")
    )
    question = models.TextField(_("question"))
    information_needed = models.TextField(_("information needed"))
    method = models.CharField(_("method"), max_length=20, choices=Method.choices)
    about = models.ForeignKey(
        Member,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("about or filled in by"),
    )
    instrument = models.ForeignKey(
        Definition,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("instrument"),
        help_text=_("The questionnaire's definition, in the version chosen."),
    )
    recipient = models.ForeignKey(
        Recipient,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("agency asked"),
    )
    data_kinds = models.JSONField(_("kinds of data"), default=list, blank=True)
    made_with = models.ManyToManyField(Member, related_name="+", verbose_name=_("made together with"))
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(_("recorded at"))

    class Meta:
        verbose_name = _("question of the investigation plan")
        verbose_name_plural = _("investigation plan")
        ordering = ["recorded_at", "pk"]

    def __str__(self) -> str:
        return self.question[:80]


class CoherentPicture(models.Model):
    """The coherent picture (samenhangend beeld, §3.3.2 to §3.3.3), one row per version.

    A draft changes in place (``version`` guards against two people editing it at once); a change after it was
    shared with the family makes a new ``number``, and the earlier one stays as history.
    """

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="pictures", verbose_name=_("case"))
    number = models.PositiveIntegerField(_("version number"), default=1)
    current = models.BooleanField(_("current"), default=True)
    nature_severity = models.TextField(_("nature and severity"))
    safety = models.TextField(_("safety"))
    strengths = models.TextField(_("strengths"))
    resources = models.TextField(_("resources"), blank=True)
    multiple_and_complex = models.BooleanField(
        _("multiple and complex problems"),
        default=False,
        help_text=_("Then a behavioural scientist discusses the picture before it is final."),
    )
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(_("recorded at"))
    shared_at = models.DateTimeField(_("discussed with the family at"), null=True, blank=True)
    finalised_at = models.DateTimeField(_("finalised at"), null=True, blank=True)
    finalised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    override_reason = models.TextField(_("why no consultation is needed"), blank=True)
    override_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("override by"),
    )
    override_at = models.DateTimeField(null=True, blank=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("coherent picture")
        verbose_name_plural = _("coherent pictures")
        ordering = ["-number", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["case", "number"], name="picture_number_once_per_case"),
            models.UniqueConstraint(
                fields=["case"], condition=models.Q(current=True), name="one_current_picture_per_case"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.case} v{self.number}"

    @property
    def is_shared(self) -> bool:
        return self.shared_at is not None

    @property
    def is_final(self) -> bool:
        return self.finalised_at is not None


class Factor(models.Model):
    """A causal, maintaining or protective factor of the child, a parent, the family or the environment."""

    picture = models.ForeignKey(
        CoherentPicture, on_delete=models.CASCADE, related_name="factors", verbose_name=_("coherent picture")
    )
    description = models.TextField(_("factor"))
    kind = models.CharField(_("what it does"), max_length=20, choices=FactorKind.choices)
    domain = models.CharField(_("where it lies"), max_length=20, choices=FactorDomain.choices)
    source = models.CharField(_("source"), max_length=20, choices=FactorSource.choices)

    class Meta:
        verbose_name = _("factor")
        verbose_name_plural = _("factors")
        ordering = ["kind", "pk"]

    def __str__(self) -> str:
        return self.description[:80]


class FamilyView(models.Model):
    """How one participant sees the picture: agrees, partly, or not — and in their own words (P3, P7)."""

    picture = models.ForeignKey(
        CoherentPicture, on_delete=models.CASCADE, related_name="family_views", verbose_name=_("coherent picture")
    )
    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="+", verbose_name=_("family member"))
    agreement = models.CharField(_("agrees?"), max_length=20, choices=FamilyAgreement.choices)
    words = models.TextField(_("in their own words"), blank=True)

    class Meta:
        verbose_name = _("the family's view")
        verbose_name_plural = _("the family's views")
        ordering = ["pk"]
        constraints = [models.UniqueConstraint(fields=["picture", "member"], name="one_view_per_member")]

    def __str__(self) -> str:
        return f"{self.member}: {self.get_agreement_display()}"


class ConsultationStatus(models.TextChoices):
    OPEN = "open", _("waiting for advice")
    ANSWERED = "answered", _("answered")


class Consultation(models.Model):
    """A caseworker's question to a behavioural scientist about a case, with the coherent picture attached (§1.9,
    §3.3.4). The scientist sees the case while the request is open; the advice lands in the dossier."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="consultations", verbose_name=_("case"))
    picture = models.ForeignKey(
        CoherentPicture, on_delete=models.PROTECT, related_name="consultations", verbose_name=_("coherent picture")
    )
    scientist = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="consultations",
        verbose_name=_("behavioural scientist"),
    )
    question = models.TextField(_("question"))
    agreed_by = models.ManyToManyField(Member, related_name="+", verbose_name=_("agreed by"))
    conditions = models.TextField(_("the family's conditions"))
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    requested_at = models.DateTimeField(_("asked at"))
    status = models.CharField(_("status"), max_length=20, choices=ConsultationStatus.choices, default="open")
    advice = models.TextField(_("advice"), blank=True)
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("consultation")
        verbose_name_plural = _("consultations")
        ordering = ["-requested_at", "-pk"]
        indexes = [models.Index(fields=["scientist", "status"], name="consultation_queue")]

    def __str__(self) -> str:
        return f"{self.case}: {self.scientist}"

    @property
    def is_open(self) -> bool:
        return self.status == ConsultationStatus.OPEN


class PsychoEducation(models.Model):
    """Psycho-education given (§3.3.5): what the problem means, what they can do, which help exists."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="psycho_education", verbose_name=_("case"))
    topic = models.CharField(_("topic"), max_length=200)
    explained = models.TextField(_("what was explained"))
    given_to = models.ManyToManyField(Member, related_name="+", verbose_name=_("given to"))
    material_title = models.CharField(_("material given"), max_length=200, blank=True)
    material_description = models.TextField(_("about the material"), blank=True)
    given_on = models.DateField(_("given on"))
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(_("recorded at"))

    class Meta:
        verbose_name = _("psycho-education")
        verbose_name_plural = _("psycho-education")
        ordering = ["-given_on", "-pk"]

    def __str__(self) -> str:
        return self.topic

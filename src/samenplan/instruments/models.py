"""Instruments (DOMAIN §7): questionnaire definitions as data, and their administrations in a case.

A ``Definition`` is one version of a questionnaire, parsed and checked against the published JSON Schema
(``schema/instrument.schema.json``) and the semantic rules of ``rules.validate``. Definitions without an
organisation are shipped with samenplan (only content we may ship); an organisation loads its own, for example
licensed ones it holds a licence for. A definition is never changed after loading: a change is a new version.

An ``Administration`` is one filling-in for a case: for whom, who filled it in, when, the answers, and the
scores and bands computed at that moment against that exact definition version. A newer version of the
definition never rescores it.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from samenplan.accounts.models import Organisation
from samenplan.cases.models import Case, Member


class Definition(models.Model):
    """One version of an instrument definition."""

    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="instrument_definitions",
        verbose_name=_("organisation"),
        help_text=_("Empty for the definitions shipped with samenplan."),
    )
    code = models.SlugField(_("code"), max_length=50)
    version = models.PositiveIntegerField(_("version"))
    name = models.CharField(_("name"), max_length=200)
    definition = models.JSONField(_("definition"), help_text=_("The parsed definition, as checked on loading."))
    source = models.TextField(_("file as loaded"), blank=True)
    licence = models.TextField(_("licence"))
    loaded_at = models.DateTimeField(_("loaded at"))
    loaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("loaded by"),
    )

    class Meta:
        verbose_name = _("instrument definition")
        verbose_name_plural = _("instrument definitions")
        ordering = ["code", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "code", "version"],
                condition=models.Q(organisation__isnull=False),
                name="instrument_definition_unique_per_organisation",
            ),
            models.UniqueConstraint(
                fields=["code", "version"],
                condition=models.Q(organisation__isnull=True),
                name="instrument_definition_unique_shipped",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} (v{self.version})"

    @property
    def is_shipped(self) -> bool:
        return self.organisation_id is None

    @property
    def is_demo(self) -> bool:
        return bool(self.definition.get("demo"))

    @property
    def age_range(self) -> tuple[int, int]:
        ages = self.definition.get("age_range") or {}
        return ages.get("min", 0), ages.get("max", 120)


class Informant(models.TextChoices):
    """Who fills in a questionnaire (the ``informants`` of a definition)."""

    PARENT = "parent", _("parent")
    YOUTH = "youth", _("youth")
    TEACHER = "teacher", _("teacher")
    PROFESSIONAL = "professional", _("professional")


class NormSex(models.TextChoices):
    """The sex the norm groups use; asked at the administration because a member has no such field."""

    FEMALE = "female", _("girl or woman")
    MALE = "male", _("boy or man")
    UNKNOWN = "unknown", _("unknown or otherwise")


class Administration(models.Model):
    """One filling-in of a questionnaire in a case, with its scores computed when it was recorded."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="administrations", verbose_name=_("case"))
    definition = models.ForeignKey(
        Definition, on_delete=models.PROTECT, related_name="administrations", verbose_name=_("questionnaire")
    )
    member = models.ForeignKey(
        Member,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="administrations",
        verbose_name=_("about whom"),
        help_text=_("The family member the questionnaire is about; empty when it is about the whole family."),
    )
    informant = models.CharField(_("filled in by (kind)"), max_length=20, choices=Informant.choices)
    informant_member = models.ForeignKey(
        Member,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("filled in by (family member)"),
    )
    informant_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("filled in by (professional)"),
    )
    informant_name = models.CharField(
        _("filled in by (name)"), max_length=200, blank=True, help_text=_("For example the teacher's name.")
    )
    administered_on = models.DateField(_("filled in on"))
    age = models.PositiveSmallIntegerField(
        _("age"), null=True, blank=True, help_text=_("Age in years of the person it is about, on that day.")
    )
    sex = models.CharField(_("sex for the norms"), max_length=10, choices=NormSex.choices, default=NormSex.UNKNOWN)
    answers = models.JSONField(_("answers"), default=dict)
    scores = models.JSONField(_("scores"), default=dict, help_text=_("Per subscale the score and its band."))
    warnings = models.JSONField(_("warnings"), default=list)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("recorded by")
    )
    recorded_at = models.DateTimeField(_("recorded at"))
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("administration")
        verbose_name_plural = _("administrations")
        ordering = ["-administered_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.definition.name} {self.administered_on:%d-%m-%Y}"

    @property
    def informant_label(self) -> str:
        who = self.informant_member or self.informant_user or self.informant_name
        kind = self.get_informant_display()
        return f"{who} ({kind})" if who else str(kind)


class Assignment(models.Model):
    """A questionnaire the caseworker asks a family member to fill in themselves, in the portal, by a date.

    Until it is sent, the member's answers are a draft kept here (seen by nobody else); sending records an
    ``Administration`` with the member as informant, scored like one entered by the professional.
    """

    case = models.ForeignKey(
        Case, on_delete=models.CASCADE, related_name="questionnaire_assignments", verbose_name=_("case")
    )
    definition = models.ForeignKey(
        Definition, on_delete=models.PROTECT, related_name="assignments", verbose_name=_("questionnaire")
    )
    member = models.ForeignKey(
        Member, on_delete=models.CASCADE, related_name="questionnaire_assignments", verbose_name=_("filled in by")
    )
    about = models.ForeignKey(
        Member,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("about whom"),
        help_text=_("Empty when the questionnaire is about the whole family."),
    )
    due_on = models.DateField(_("fill in by"))
    assigned_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    assigned_at = models.DateTimeField(_("assigned at"))
    answers = models.JSONField(_("answers so far"), default=dict, blank=True)
    saved_at = models.DateTimeField(_("last saved at"), null=True, blank=True)
    administration = models.OneToOneField(
        Administration,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="assignment",
        verbose_name=_("filled in"),
    )
    completed_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("questionnaire for a family member")
        verbose_name_plural = _("questionnaires for family members")
        ordering = ["due_on", "pk"]

    def __str__(self) -> str:
        return f"{self.definition.name}: {self.member}"

    @property
    def is_done(self) -> bool:
        return self.completed_at is not None

"""Consent to share a family's data (DOMAIN §6), and the information requests that need it.

A consent is recorded per recipient and purpose, for a fixed list of data kinds, given by one or more family
members on a date, optionally until an end date, and revocable (the revocation takes effect at once).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from samenplan.cases.models import Case, Member


class DataKind(models.TextChoices):
    """The kinds of data a consent may cover. A fixed list: each consent names exactly what may be shared."""

    PERSONAL = "personal", _("names, dates of birth and contact details")
    REGISTRATION = "registration", _("the reason for registration and the help question")
    HELP_HISTORY = "help_history", _("help received before, and how it went")
    FAMILY_SITUATION = "family_situation", _("the family situation and upbringing")
    DEVELOPMENT = "development", _("the child's development and well-being")
    SCHOOL = "school", _("school, attendance and learning")
    HEALTH = "health", _("physical and mental health")
    SAFETY = "safety", _("the child's safety")
    PLAN = "plan", _("goals, the plan and how it is going")


class Purpose(models.TextChoices):
    """What the data are shared for."""

    REQUEST_INFORMATION = "request_information", _("asking for information, so the family need not tell it again")
    COORDINATE = "coordinate", _("coordinating help with the others involved")
    REFER = "refer", _("referring to other help")
    REPORT_BACK = "report_back", _("telling the referrer how things are going")


class RecipientKind(models.TextChoices):
    ORGANISATION = "organisation", _("an organisation")
    PERSON = "person", _("a person")


class RecipientRole(models.TextChoices):
    REFERRER = "referrer", _("referrer")
    PREVIOUS_AGENCY = "previous_agency", _("agency that helped before")
    GP = "gp", _("general practitioner")
    SCHOOL = "school", _("school")
    YOUTH_HEALTH = "youth_health", _("youth doctor or youth nurse")
    CARE_PROVIDER = "care_provider", _("care provider")
    OTHER = "other", _("other")


class Recipient(models.Model):
    """Someone outside the team with whom a case's data may be shared or from whom it may be asked."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="recipients", verbose_name=_("case"))
    name = models.CharField(_("name"), max_length=200, help_text=_("For example: Huisartsenpraktijk De Linde."))
    kind = models.CharField(_("organisation or person"), max_length=20, choices=RecipientKind.choices)
    role = models.CharField(_("role"), max_length=20, choices=RecipientRole.choices)
    contact = models.CharField(_("contact details"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("recipient")
        verbose_name_plural = _("recipients")
        ordering = ["name", "pk"]

    def __str__(self) -> str:
        return f"{self.name} ({self.get_role_display()})"


class ConsentProposal(models.Model):
    """A consent the caseworker proposes and the family members asked give themselves, each in the portal.

    A proposal allows nothing: only the consent a member gives from it (a ``Consent`` with ``proposal`` set and
    that member as its giver) counts in ``consent.services.allows``."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="consent_proposals", verbose_name=_("case"))
    recipient = models.ForeignKey(
        Recipient, on_delete=models.PROTECT, related_name="proposals", verbose_name=_("recipient")
    )
    purpose = models.CharField(_("purpose"), max_length=30, choices=Purpose.choices)
    data_kinds = models.JSONField(_("kinds of data"), default=list, help_text=_("Values of DataKind."))
    benefit = models.TextField(_("why this helps the family"))
    expires_on = models.DateField(_("valid until"), null=True, blank=True)
    asked = models.ManyToManyField(Member, related_name="+", verbose_name=_("asked to agree"))
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("proposed by")
    )
    proposed_at = models.DateTimeField(_("proposed at"))

    class Meta:
        verbose_name = _("proposed consent")
        verbose_name_plural = _("proposed consents")
        ordering = ["-proposed_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.recipient}: {self.get_purpose_display()}"

    def data_kind_labels(self) -> list[str]:
        return [DataKind(k).label for k in self.data_kinds if k in DataKind.values]


class Consent(models.Model):
    """Consent given by family members to share data kinds with one recipient for one purpose."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="consents", verbose_name=_("case"))
    recipient = models.ForeignKey(
        Recipient, on_delete=models.PROTECT, related_name="consents", verbose_name=_("recipient")
    )
    purpose = models.CharField(_("purpose"), max_length=30, choices=Purpose.choices)
    data_kinds = models.JSONField(_("kinds of data"), default=list, help_text=_("Values of DataKind."))
    benefit = models.TextField(
        _("why this helps the family"), help_text=_("What the professional explained about why sharing helps.")
    )
    givers = models.ManyToManyField(Member, related_name="+", verbose_name=_("given by"))
    given_on = models.DateField(_("given on"))
    expires_on = models.DateField(_("valid until"), null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("recorded by")
    )
    recorded_at = models.DateTimeField(_("recorded at"))
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        Member, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("revoked by")
    )
    revocation_reason = models.TextField(_("why revoked"), blank=True)
    revocation_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("revocation recorded by"),
    )
    version = models.PositiveIntegerField(default=1)
    proposal = models.ForeignKey(
        ConsentProposal,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="consents",
        verbose_name=_("given from the proposal"),
    )
    replaces = models.OneToOneField(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="replaced_by",
        verbose_name=_("limited version of"),
        help_text=_("A family member limited that consent: it ended, and this narrower one took its place."),
    )

    class Meta:
        verbose_name = _("consent")
        verbose_name_plural = _("consents")
        ordering = ["-given_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(expires_on__isnull=True) | models.Q(expires_on__gte=models.F("given_on")),
                name="consent_expires_after_given",
            ),
        ]
        indexes = [  # the dashboard's consents that end within a month, without reading every consent
            models.Index(
                fields=["expires_on"], condition=models.Q(revoked_at__isnull=True), name="consent_expiring_idx"
            ),
            # the same by case (the dashboard's prepared statement, planned once for any dates): a case with no
            # such consent is one look-up in a small index, not a read of each of its consents
            models.Index(
                fields=["case"],
                condition=models.Q(revoked_at__isnull=True, expires_on__isnull=False),
                name="consent_expiring_case_idx",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.recipient}: {self.get_purpose_display()}"

    @property
    def is_revoked(self) -> bool:
        return self.revoked_at is not None

    def data_kind_labels(self) -> list[str]:
        return [DataKind(k).label for k in self.data_kinds if k in DataKind.values]


class InformationRequest(models.Model):
    """A request to the referrer or an agency already involved for information about the family (L2)."""

    case = models.ForeignKey(
        Case, on_delete=models.CASCADE, related_name="information_requests", verbose_name=_("case")
    )
    recipient = models.ForeignKey(
        Recipient, on_delete=models.PROTECT, related_name="information_requests", verbose_name=_("asked")
    )
    data_kinds = models.JSONField(_("kinds of data"), default=list)
    question = models.TextField(_("what is asked"))
    reason = models.TextField(_("why it helps the family"))
    requested_on = models.DateField(_("asked on"))
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("asked by")
    )
    recorded_at = models.DateTimeField(_("recorded at"))

    class Meta:
        verbose_name = _("information request")
        verbose_name_plural = _("information requests")
        ordering = ["-requested_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.recipient} {self.requested_on:%d-%m-%Y}"

    def data_kind_labels(self) -> list[str]:
        return [DataKind(k).label for k in self.data_kinds if k in DataKind.values]

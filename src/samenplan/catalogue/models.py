"""The catalogue of help ("sociale kaart") of an organisation (DOMAIN §3.5.3).

What an organisation can offer or refer to: a plain-language description a family can read, the problems and ages it
is meant for, its intensity on the stepped-care ladder and its evidence level in the NJi Databank's terms. It holds no
client data; the administrator maintains it.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from samenplan.accounts.models import Organisation


class Intensity(models.TextChoices):
    """The stepped-care ladder, lightest first: the order options are listed in."""

    NETWORK = "network", _("network")
    LIGHT = "light", _("light help")
    AMBULATORY = "ambulatory", _("ambulatory help")
    INTENSIVE = "intensive", _("intensive help")
    RESIDENTIAL = "residential", _("residential care")


INTENSITY_ORDER = {value: index for index, value in enumerate(Intensity.values)}


class EvidenceLevel(models.TextChoices):
    """The levels of the NJi Databank Effectieve Jeugdinterventies."""

    NOT_ASSESSED = "not_assessed", _("not assessed")
    WELL_FOUNDED = "well_founded", _("well-founded")
    FIRST_INDICATIONS = "first", _("effective according to first indications")
    GOOD_INDICATIONS = "good", _("effective according to good indications")
    STRONG_INDICATIONS = "strong", _("effective according to strong indications")


class HelpOffer(models.Model):
    """One kind of help in the organisation's catalogue."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="help_offers", verbose_name=_("organisation")
    )
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description in plain words"))
    target_problems = models.TextField(_("meant for"), blank=True)
    min_age = models.PositiveSmallIntegerField(_("from age"), null=True, blank=True)
    max_age = models.PositiveSmallIntegerField(_("up to age"), null=True, blank=True)
    intensity = models.CharField(_("intensity"), max_length=20, choices=Intensity.choices)
    evidence_level = models.CharField(
        _("evidence level"), max_length=20, choices=EvidenceLevel.choices, default=EvidenceLevel.NOT_ASSESSED
    )
    provider = models.CharField(_("provider"), max_length=200, blank=True)
    contact = models.CharField(_("contact"), max_length=300, blank=True)
    waiting_weeks = models.PositiveSmallIntegerField(_("waiting time in weeks"), null=True, blank=True)
    active = models.BooleanField(_("in the catalogue"), default=True)
    changed_at = models.DateTimeField(_("changed at"), auto_now=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("help offer")
        verbose_name_plural = _("help offers")
        ordering = ["name", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "name"], name="help_offer_name_once_per_organisation"),
            models.CheckConstraint(
                condition=models.Q(min_age__isnull=True)
                | models.Q(max_age__isnull=True)
                | models.Q(max_age__gte=models.F("min_age")),
                name="help_offer_age_range",
            ),
        ]

    def __str__(self) -> str:
        return self.name

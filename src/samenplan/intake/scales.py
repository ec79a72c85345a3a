"""The organisation's severity scale: levels are data. A neutral default is made the first time it is needed."""

from __future__ import annotations

from django.conf import settings
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _

from samenplan.accounts.models import Organisation
from samenplan.intake.models import SeverityLevel, SeverityScale


def _default_levels() -> list[tuple[str, str]]:
    # Our own neutral wording; not any organisation's (or vendor's) proprietary scale.
    return [
        (_("Light"), _("Everyday worries; the family can do much itself, with a little advice.")),
        (_("Moderate"), _("Problems in one area that weigh on daily life; light help is needed.")),
        (_("Serious"), _("Problems in several areas, or persistent; more intensive help is needed.")),
        (_("Very serious"), _("Problems that threaten the child's development or safety.")),
    ]


def scale_for(organisation: Organisation | int) -> SeverityScale:
    """The organisation's scale, with its levels; the neutral default when it has none yet."""
    org_id = getattr(organisation, "pk", organisation)
    scale = SeverityScale.objects.filter(organisation_id=org_id).first()
    if scale is not None:
        return scale
    with transaction.atomic(), translation.override(settings.LANGUAGE_CODE):
        scale, created = SeverityScale.objects.get_or_create(
            organisation_id=org_id, defaults={"name": _("Severity (default scale)")}
        )
        if created:
            SeverityLevel.objects.bulk_create(
                SeverityLevel(scale=scale, rank=i, name=name, description=description)
                for i, (name, description) in enumerate(_default_levels(), start=1)
            )
    return scale


def levels_for(organisation: Organisation | int):
    return scale_for(organisation).levels.all()

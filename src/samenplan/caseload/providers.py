"""The providers of what exists now: cases by phase, consultations, consents that end soon, cases without activity.
One query each, however many cases (tests/caseload/test_providers.py).

The evaluations and family-plan apps register theirs under ``registry.EVALUATIONS_PROVIDER_KEY`` and
``registry.PLANS_PROVIDER_KEY``; the portal registers "New from the family" (``portal/caseload.py``)."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from samenplan.caseload import registry, rules
from samenplan.caseload.registry import Item


def _start_of(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def _family(case) -> dict:
    return {"case_id": case.pk, "family_id": case.family_id, "family_name": case.family.name}


def phases(cases, today: date, settings) -> list[Item]:
    """How many open cases are in each phase, in the order of the process (one aggregate query)."""
    from samenplan.cases.models import Phase

    counts = dict(cases.order_by().values_list("phase").annotate(n=Count("pk")))
    url = reverse("cases:caseload")
    return [
        Item(registry.PHASES_PROVIDER_KEY, str(phase.label), f"{url}?phase={phase.value}", count=counts[phase.value])
        for phase in Phase
        if counts.get(phase.value)
    ]


def consultations(cases, today: date, settings) -> list[Item]:
    """Requests to a behavioural scientist waiting for advice, and advice given in the last two weeks."""
    from samenplan.analysis.models import Consultation, ConsultationStatus

    since = _start_of(today - timedelta(days=rules.ANSWERED_DAYS))
    found = (
        Consultation.objects.filter(case__in=cases)
        .filter(Q(status=ConsultationStatus.OPEN) | Q(status=ConsultationStatus.ANSWERED, answered_at__gte=since))
        .select_related("case__family", "scientist")
        .order_by("requested_at", "pk")
    )
    items = []
    for c in found:
        answered_on = timezone.localdate(c.answered_at) if c.answered_at else None
        if not rules.consultation_shows(c.is_open, answered_on, today):
            continue
        url = reverse("analysis:overview", args=[c.case_id]) + "#consultation"
        if c.is_open:
            text = _("Waiting for advice from %(scientist)s (asked on %(day)s)") % {
                "scientist": c.scientist,
                "day": date_format(timezone.localdate(c.requested_at)),
            }
            items.append(Item(registry.CONSULTATIONS_PROVIDER_KEY, text, url, waiting=True, **_family(c.case)))
        else:
            text = _("Advice received on %(day)s: read it and discuss it with the family") % {
                "day": date_format(answered_on)
            }
            items.append(Item(registry.CONSULTATIONS_PROVIDER_KEY, text, url, due=answered_on, **_family(c.case)))
    return items


def consents(cases, today: date, settings) -> list[Item]:
    """Consents not revoked that end within 30 days: renew them with the family, or let them end."""
    from samenplan.consent.models import Consent

    end = today + timedelta(days=rules.CONSENT_WINDOW_DAYS)
    found = (
        Consent.objects.filter(case__in=cases, revoked_at__isnull=True, expires_on__gte=today, expires_on__lte=end)
        .select_related("case__family", "recipient")
        .order_by("expires_on", "pk")
    )
    return [
        Item(
            registry.CONSENTS_PROVIDER_KEY,
            _("Consent to share with %(recipient)s ends on %(day)s")
            % {"recipient": c.recipient.name, "day": date_format(c.expires_on)},
            reverse("cases:dossier", args=[c.case_id]) + "#consent",
            due=c.expires_on,
            **_family(c.case),
        )
        for c in found
        if rules.consent_expiring(c.expires_on, today)
    ]


def inactive(cases, today: date, settings) -> list[Item]:
    """Open cases in which nothing was written for the organisation's ``inactivity_days``.

    The last entry of each case is one step back on its timeline index (``cases.models.last_entry_at``), not an
    aggregate over every entry of the cases."""
    from samenplan.cases.models import Case, last_entry_at

    days = settings.inactivity_days
    threshold = today - timedelta(days=days)
    found = (
        Case.objects.filter(pk__in=cases.values("pk"))
        .annotate(last=last_entry_at())
        .filter(Q(last__lt=_start_of(threshold + timedelta(days=1))) | Q(last__isnull=True, opened_on__lte=threshold))
        .select_related("family")
        .order_by("last", "pk")
    )
    items = []
    for case in found:
        last = timezone.localdate(case.last) if case.last else None
        if not rules.is_inactive(last, case.opened_on, today, days):
            continue
        since = last or case.opened_on
        text = _("Nothing written since %(day)s (%(count)s days)") % {
            "day": date_format(since),
            "count": (today - since).days,
        }
        url = reverse("cases:dossier", args=[case.pk])
        items.append(Item(registry.INACTIVE_PROVIDER_KEY, text, url, due=since, **_family(case)))
    return items


def register_all() -> None:
    registry.register(registry.PHASES_PROVIDER_KEY, phases)
    registry.register(registry.CONSULTATIONS_PROVIDER_KEY, consultations)
    registry.register(registry.CONSENTS_PROVIDER_KEY, consents)
    registry.register(registry.INACTIVE_PROVIDER_KEY, inactive)

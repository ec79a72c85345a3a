"""The providers of what exists now: cases by phase, consultations, consents that end soon, cases without activity.
Over the cases read once (``registry.Caseload``): cases by phase and without activity from its rows, the others one
query each, however many cases (tests/caseload/test_providers.py).

The evaluations and family-plan apps register theirs under ``registry.EVALUATIONS_PROVIDER_KEY`` and
``registry.PLANS_PROVIDER_KEY``; the portal registers "New from the family" (``portal/caseload.py``)."""

from __future__ import annotations

from collections import Counter
from datetime import date, datetime, time, timedelta

from django.db.models import DateField, DateTimeField, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from samenplan.accounts.models import display_name
from samenplan.caseload import registry, rules
from samenplan.caseload.registry import Item


def _start_of(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def phases(cases, today: date, settings) -> list[Item]:
    """How many open cases are in each phase, in the order of the process (from the case rows: no query)."""
    from samenplan.cases.models import Phase

    counts = Counter(row.phase for row in cases.rows)
    url = reverse("cases:caseload")
    return [
        Item(registry.PHASES_PROVIDER_KEY, str(phase.label), f"{url}?phase={phase.value}", count=counts[phase.value])
        for phase in Phase
        if counts.get(phase.value)
    ]


@registry.Statement
def _consultations():
    from samenplan.analysis.models import Consultation, ConsultationStatus

    since = registry.Param("since", DateTimeField())
    return (
        Consultation.objects.filter(registry.among_cases("case_id"))
        .filter(Q(status=ConsultationStatus.OPEN) | Q(status=ConsultationStatus.ANSWERED, answered_at__gte=since))
        .order_by("requested_at", "pk")
        .values_list(
            "case_id", "status", "requested_at", "answered_at",
            "scientist__first_name", "scientist__last_name", "scientist__username",
        )
    )  # fmt: skip


def consultations(cases, today: date, settings) -> list[Item]:
    """Requests to a behavioural scientist waiting for advice, and advice given in the last two weeks."""
    from samenplan.analysis.models import ConsultationStatus

    rows = _consultations.rows(cases, since=_start_of(today - timedelta(days=rules.ANSWERED_DAYS)))
    url, day, family = registry.url_maker("analysis:overview", "#consultation"), registry.day_format(), cases.family
    waiting, received = (
        _("Waiting for advice from %(scientist)s (asked on %(day)s)"),
        _("Advice received on %(day)s: read it and discuss it with the family"),
    )
    items = []
    for case_id, status, requested_at, answered_at, first, last, username in rows:
        is_open = status == ConsultationStatus.OPEN
        answered_on = timezone.localdate(answered_at) if answered_at else None
        if not rules.consultation_shows(is_open, answered_on, today):
            continue
        family_id, family_name = family[case_id]
        if is_open:
            scientist = display_name(first, last, username)
            text = waiting % {"scientist": scientist, "day": day(timezone.localdate(requested_at))}
            items.append(
                Item(
                    registry.CONSULTATIONS_PROVIDER_KEY, text, url(case_id), case_id, family_id, family_name,
                    waiting=True,
                )
            )  # fmt: skip
        else:
            text = received % {"day": day(answered_on)}
            items.append(
                Item(
                    registry.CONSULTATIONS_PROVIDER_KEY, text, url(case_id), case_id, family_id, family_name,
                    due=answered_on,
                )
            )  # fmt: skip
    return items


@registry.Statement
def _consents():
    from samenplan.consent.models import Consent

    start, end = registry.Param("start", DateField()), registry.Param("end", DateField())
    return (
        Consent.objects.filter(
            registry.among_cases("case_id"), revoked_at__isnull=True, expires_on__gte=start, expires_on__lte=end
        )
        .order_by("expires_on", "pk")
        .values_list("case_id", "recipient__name", "expires_on")
    )


def consents(cases, today: date, settings) -> list[Item]:
    """Consents not revoked that end within 30 days: renew them with the family, or let them end."""
    rows = _consents.rows(cases, start=today, end=today + timedelta(days=rules.CONSENT_WINDOW_DAYS))
    text = _("Consent to share with %(recipient)s ends on %(day)s")
    url, day, family = registry.url_maker("cases:dossier", "#consent"), registry.day_format(), cases.family
    return [
        Item(
            registry.CONSENTS_PROVIDER_KEY,
            text % {"recipient": recipient, "day": day(expires_on)},
            url(case_id),
            case_id,
            *family[case_id],
            due=expires_on,
        )
        for case_id, recipient, expires_on in rows
        if rules.consent_expiring(expires_on, today)
    ]


def inactive(cases, today: date, settings) -> list[Item]:
    """Open cases in which nothing was written for the organisation's ``inactivity_days`` (from the case rows, which
    hold the day of each case's newest entry, and the organisation's days when read with them: no query)."""
    days = settings.inactivity_days if cases.inactivity_days is None else cases.inactivity_days
    text = _("Nothing written since %(day)s (%(count)s days)")
    url, day = registry.url_maker("cases:dossier"), registry.day_format()
    items = []
    for pk, family_id, family_name, _phase, opened_on, last_on in cases.rows:
        if not rules.is_inactive(last_on, opened_on, today, days):
            continue
        since = last_on or opened_on
        items.append(
            Item(
                registry.INACTIVE_PROVIDER_KEY,
                text % {"day": day(since), "count": (today - since).days},
                url(pk),
                pk,
                family_id,
                family_name,
                due=since,
            )
        )
    return items


def register_all() -> None:
    registry.register(registry.PHASES_PROVIDER_KEY, phases)
    registry.register(registry.CONSULTATIONS_PROVIDER_KEY, consultations)
    registry.register(registry.CONSENTS_PROVIDER_KEY, consents)
    registry.register(registry.INACTIVE_PROVIDER_KEY, inactive)

"""Demo data for the dashboard: on the demo caseworker Anna's open cases, a consent that ends within 30 days (with
the information it was given for), so that her dashboard has items in every group that exists (the consultations
come from the analysis demo, cases without activity from the dates, the family's new input from the demo family's
proposal in the portal: ``portal/demo.py``)."""

from __future__ import annotations

from datetime import timedelta

from django.core.exceptions import ValidationError
from django.utils import timezone

from samenplan.accounts.models import User
from samenplan.cases.models import Case
from samenplan.consent import actions as consent_actions
from samenplan.consent import rules as consent_rules
from samenplan.consent import services as consent_services
from samenplan.consent.models import DataKind, Purpose, RecipientKind, RecipientRole


def add_demo_caseload(caseworker: User) -> int:
    """Returns how many items it added (0 or 1)."""
    today = timezone.localdate()
    cases = list(
        Case.objects.filter(caseworker=caseworker, closed_on__isnull=True).select_related("family").order_by("-pk")
    )
    made = 0
    for case in cases:
        members = list(case.family.members.all())
        given_on = max(case.opened_on, today - timedelta(days=300))
        required, problems = consent_rules.required_consenters(
            consent_services.people(members), given_on, consent_services.thresholds(case.family.organisation_id)
        )
        if problems or not required:
            continue
        givers = [m for m in members if m.pk in {p.id for p in required}]
        try:
            consent = consent_actions.do_record_consent(
                caseworker, case, recipient_name="Huisartsenpraktijk De Linde",
                recipient_kind=RecipientKind.ORGANISATION,
                recipient_role=RecipientRole.GP, purpose=Purpose.REQUEST_INFORMATION, data_kinds=[DataKind.HEALTH],
                benefit="Dan weet de huisarts ervan en hoeft het gezin het niet twee keer te vertellen.",
                givers=givers, given_on=given_on, expires_on=today + timedelta(days=20),
            )  # fmt: skip
            consent_actions.do_request_information(
                caseworker, case, recipient=consent.recipient, data_kinds=[DataKind.HEALTH],
                question="Hoe gaat het met de gezondheid van de kinderen?",
                reason="Zo hoeft het gezin zijn verhaal niet opnieuw te vertellen.", requested_on=given_on,
            )  # fmt: skip
        except ValidationError:
            continue
        made += 1
        break
    return made

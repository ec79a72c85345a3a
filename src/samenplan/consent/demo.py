"""Demo consents: a few families agreed to let their caseworker ask the referrer or the school for information.

Made through the actions, so the dossier and the access log show them as in real use.
"""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from samenplan.cases.models import Case, RegisteredBy
from samenplan.consent import actions, rules, services
from samenplan.consent.models import DataKind, Purpose, RecipientKind, RecipientRole

BENEFITS = (
    "De huisarts kent het gezin al jaren. Als we haar informatie krijgen, hoeft moeder haar verhaal niet "
    "nog een keer te vertellen.",
    "School ziet de kinderen elke dag. Met hun beeld erbij snappen we beter wat er speelt en wat al goed gaat.",
    "Het gezin kreeg eerder hulp. Zo weten we wat toen werkte en wat niet, en beginnen we niet opnieuw.",
)


def add_demo_consents(limit: int = 4) -> int:
    """Consents (one later revoked) and information requests for the first open demo cases. Returns how many."""
    today = timezone.localdate()
    cases = (
        Case.objects.filter(closed_on__isnull=True)
        .select_related("family", "caseworker", "registration")
        .order_by("pk")
    )
    made = 0
    for case in cases:
        if made == limit:
            break
        members = list(case.family.members.all())
        given_on = min(today, case.opened_on + timedelta(days=7))
        required, problems = rules.required_consenters(
            services.people(members), given_on, services.thresholds(case.family.organisation_id)
        )
        if problems or not required:
            continue
        givers = [m for m in members if m.pk in {p.id for p in required}]
        if case.registration.registered_by == RegisteredBy.FAMILY:
            name, role = "OBS De Regenboog", RecipientRole.SCHOOL
            kinds = [DataKind.SCHOOL, DataKind.DEVELOPMENT]
        else:
            name, role = case.registration.referrer_name or "Huisartsenpraktijk De Linde", RecipientRole.REFERRER
            kinds = [DataKind.REGISTRATION, DataKind.HEALTH]
        consent = actions.do_record_consent(
            case.caseworker,
            case,
            recipient_name=name,
            recipient_kind=RecipientKind.ORGANISATION if role == RecipientRole.SCHOOL else RecipientKind.PERSON,
            recipient_role=role,
            purpose=Purpose.REQUEST_INFORMATION,
            data_kinds=kinds,
            benefit=BENEFITS[made % len(BENEFITS)],
            givers=givers,
            given_on=given_on,
            expires_on=today + timedelta(days=180),
        )
        actions.do_request_information(
            case.caseworker,
            case,
            recipient=consent.recipient,
            data_kinds=kinds[:1],
            question="Wat is uw beeld van hoe het nu gaat, en wat heeft tot nu toe geholpen?",
            reason="Zo hoeft het gezin zijn verhaal niet opnieuw te vertellen.",
            requested_on=given_on,
        )
        if made == 1:
            actions.do_revoke_consent(
                case.caseworker,
                consent,
                revoked_by=givers[0],
                reason="We willen eerst zelf met school praten voordat jullie contact opnemen.",
                expected_version=consent.version,
            )
        made += 1
    return made


def add_demo_proposal(caseworker) -> None:
    """A consent the demo caseworker proposes to the demo parent (login ``ouder``): it waits in the portal."""
    from samenplan.consent.actions import do_propose_consent
    from samenplan.portal.models import FamilyAccount

    account = FamilyAccount.objects.filter(user__username="ouder").select_related("member__family").first()
    if account is None:
        return
    case = account.member.family.cases.order_by("-opened_on", "-pk").first()
    do_propose_consent(
        caseworker, case, recipient_name="Huisartsenpraktijk De Linde", recipient_kind="organisation",
        recipient_role="gp", purpose="request_information", data_kinds=["health"],
        benefit="De huisarts weet hoe het met de gezondheid gaat. Dan hoeft u dat niet opnieuw te vertellen.",
        asked=[account.member],
    )  # fmt: skip

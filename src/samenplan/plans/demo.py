"""Demo family plans: for the open demo cases with goals and a network, a plan in two versions.

Version 1 starts from what the family said about its own strength and its network; version 2 adds to it (the first
family gets a safety plan in version 2). Then each parent and youth gives their agreement with version 2, in their
own words (in the second family one of them only partly). Made through the actions, dated in the past with
``clock.as_of``.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from django.utils import timezone

from samenplan import clock
from samenplan.cases.models import Case
from samenplan.plans import actions, rules, services

SAFETY = {
    "needed": True,
    "voice": "family",
    "when_unsafe": "Als het thuis te hard gaat, gaat {child} naar oma Ria. Wij bellen dan niemand uit, we wachten "
    "tot iedereen rustig is.",
    "signals": "Deuren dichtslaan, schreeuwen, niet meer willen praten.",
    "day_contacts": "Oma Ria: 06-21436587\nBuurvrouw Karin: 06-55512345",
    "night_contacts": "Oma Ria: 06-21436587\nVeilig Thuis (dag en nacht): 0800-2000",
}

EVALUATION = {"how": "Een gesprek thuis met de doelen en de cijfers erbij.", "with_whom": "Het hele gezin en oma Ria"}
AFTERCARE = "Na de hulp belt de hulpverlener na zes weken nog één keer. U kunt altijd terugkomen bij het wijkteam."
OWN_EXTRA = "We eten op zondag samen en bespreken dan de week."
PARTLY = "Ik vind het goed, maar ik wil zelf ook zeggen wanneer ik naar oma ga."


def _moment(day: date, hour: int) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour, 30)))


def add_demo_plans(limit: int = 3) -> int:
    """Two versions and the family's agreement for the first open demo cases with goals and a network."""
    today = timezone.localdate()
    cases = (
        Case.objects.filter(closed_on__isnull=True, goals__isnull=False, network_members__isnull=False)
        .distinct()
        .select_related("family", "caseworker")
        .order_by("pk")
    )
    made = 0
    for i, case in enumerate(cases[:limit]):
        actor = case.caseworker
        start = case.opened_on + timedelta(days=26)
        first, second, agreed = (min(today, start + timedelta(days=d)) for d in (0, 14, 15))
        child = next((m for m in case.family.members.order_by("date_of_birth") if m.is_child), None)
        content = services.prefill(case)
        content[rules.EVALUATION] = {"next_on": (second + timedelta(days=42)).isoformat(), **EVALUATION}
        content[rules.AFTERCARE] = {"text": AFTERCARE, "voice": rules.PROFESSIONAL}
        with clock.as_of(_moment(first, 15)):
            actions.do_new_version(actor, case, based_on=0, content=content, reason="Samen met het gezin gemaakt.")
        content = dict(content)
        content[rules.OWN] = {"text": "\n".join(x for x in (content[rules.OWN]["text"], OWN_EXTRA) if x),
                              "voice": rules.FAMILY}  # fmt: skip
        reason = "Zondag samen eten toegevoegd."
        if i == 0:
            name = child.given_name if child else "de jongste"
            content[rules.SAFETY] = {**SAFETY, "when_unsafe": SAFETY["when_unsafe"].format(child=name)}
            reason = "Veiligheidsplan toegevoegd, zoals besproken aan de keukentafel."
        with clock.as_of(_moment(second, 16)):
            version = actions.do_new_version(actor, case, based_on=1, content=content, reason=reason)
        with clock.as_of(_moment(agreed, 17)):
            people = services.participants(case)  # who is old enough to agree, on that day
            for member in people:
                partly = i == 1 and member == people[-1]
                actions.do_record_agreement(
                    actor,
                    version,
                    member=member,
                    agreement=rules.PARTLY if partly else rules.YES,
                    words=PARTLY if partly else "Dit is ons plan.",
                )
        made += 1
    return made

"""Family plans made through the real actions, for tests and the permission matrix."""

from __future__ import annotations

from samenplan.plans import actions, rules, services

SAFETY = {
    "needed": True,
    "voice": "family",
    "when_unsafe": "Als papa boos wordt, gaat Mees naar de buren.",
    "signals": "Hard praten, deuren dichtslaan.",
    "day_contacts": "Buurvrouw Karin: 06-11112222",
    "night_contacts": "Oma Ria: 06-12345678\nVeilig Thuis: 0800-2000",
}


def content(**sections) -> dict:
    """A plan's content: the family's own part and the network's, evaluation and aftercare; ``sections`` change it."""
    base = rules.empty_content()
    base[rules.OWN] = {"text": "We eten elke avond samen.\nWe wandelen op zondag.", "voice": "family"}
    base[rules.NETWORK] = {"text": "Oma Ria haalt Mees op woensdag op.", "voice": "family"}
    base[rules.EVALUATION] = {"next_on": "2027-03-01", "how": "Een gesprek thuis.", "with_whom": "Sanne en Mees"}
    base[rules.AFTERCARE] = {"text": "Na de hulp bellen we één keer per maand.", "voice": "professional"}
    base.update(sections)
    return base


def plan_version(actor, case, **sections):
    """A new version of the case's plan, started from the newest."""
    number = services.version_number(case)
    return actions.do_new_version(actor, case, based_on=number, content=content(**sections), reason="")


def a_plan_version(actor, case):
    """The case's newest plan version (version 1 made once)."""
    return services.current_version(case) or plan_version(actor, case)

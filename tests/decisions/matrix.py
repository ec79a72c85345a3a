"""Set-up and request bodies of the decisions routes for the permission matrix and the access-log probes."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone


def options_of(w):
    """The world case's three options (made through the actions the first time they are asked for)."""
    from samenplan.decisions.actions import options_in_order
    from tests.decisions.factories import three_options

    case = type(w.case).objects.get(pk=w.case.pk)
    return options_in_order(case) or list(three_options(w.caseworker, case))


def option_of(w):
    return options_of(w)[0]


def decision_of(w):
    from samenplan.decisions.actions import do_record_decision
    from samenplan.decisions.models import Decision
    from tests.decisions.factories import decision_input

    existing = Decision.objects.filter(case=w.case).first()
    if existing is not None:
        return existing
    case = type(w.case).objects.get(pk=w.case.pk)
    return do_record_decision(w.caseworker, case, **decision_input(case, options_of(w)[:1]))


def help_of(w):
    from samenplan.decisions.actions import do_add_help
    from samenplan.decisions.models import HelpDeployment

    existing = HelpDeployment.objects.filter(case=w.case).first()
    if existing is not None:
        return existing
    case = type(w.case).objects.get(pk=w.case.pk)
    return do_add_help(w.caseworker, case, description="Opvoedcursus", intensity="light", decision=decision_of(w))


def option_form(w):
    return {"source": "family", "name": "Oom Kees helpt met huiswerk", "family_pros": "Hij is geduldig."}


def option_change_form(w):
    option = type(option_of(w)).objects.get(pk=option_of(w).pk)
    return {"source": option.source, "offer": option.offer_id or "", "name": option.name, "version": option.version}


def option_change_json(w):
    data = option_change_form(w)
    return {**data, "offer": data["offer"] or None}


def preference_form(w):
    ids = sorted(o.pk for o in options_of(w))
    member = w.case.family.members.order_by("pk").first()
    return {"member": member.pk, "kind": "leave_to_professional", "seen_options": ",".join(map(str, ids)),
            "reasons": "Ik vertrouw de hulpverlener.", "version": 0}  # fmt: skip


def preference_json(w):
    return {**preference_form(w), "seen_options": sorted(o.pk for o in options_of(w))}


def _evaluation_on():
    return (timezone.localdate() + timedelta(days=30)).isoformat()


def decision_form(w):
    return {"options": [options_of(w)[0].pk], "summary": "Oma past op woensdag op.", "participation_level": "4",
            "evaluation_on": _evaluation_on(), "evaluation_agreement": "Over een maand thuis."}  # fmt: skip


def decision_json(w):
    return {**decision_form(w), "participation_level": 4}


def override_form(w):
    return {"reason": "Het gezin vraagt er zelf om; de situatie is acuut."}


def help_form(w):
    return {"description": "Oma haalt de kinderen op", "intensity": "network", "status": "running"}


def help_change_form(w):
    help = type(help_of(w)).objects.get(pk=help_of(w).pk)
    return {"description": help.description, "intensity": help.intensity, "status": "running",
            "version": help.version}  # fmt: skip


def portal_reaction_form(w):
    """A family member's own pros and cons about the first option (their first reaction: version 0)."""
    option = type(option_of(w)).objects.get(pk=option_of(w).pk)
    return {"pros": "Dichtbij huis.", "cons": "Op woensdag.", "option_version": option.version, "version": 0}


def portal_preference_form(w):
    """A family member's own preference: leaving the choice to the professional (their first: version 0)."""
    seen = ",".join(str(o.pk) for o in sorted(options_of(w), key=lambda o: o.pk))
    return {"choice": "leave_to_professional", "seen_options": seen, "version": 0}

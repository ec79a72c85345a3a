"""Set-up for the decisions tests: a case in the goals phase, a catalogue, three options with both views."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from samenplan.catalogue.models import HelpOffer
from samenplan.decisions import actions


def offers(organisation):
    """Three offers of the catalogue: light, ambulatory and residential."""
    made = []
    for name, intensity, evidence, weeks in (
        ("Opvoedcursus Samen Sterk", "light", "good", 2),
        ("Gezinscoaching thuis", "ambulatory", "strong", 6),
        ("Logeerhuis De Linde", "residential", "first", 12),
    ):
        offer, _created = HelpOffer.objects.get_or_create(
            organisation=organisation,
            name=name,
            defaults={"description": f"{name} in gewone woorden.", "intensity": intensity,
                      "evidence_level": evidence, "waiting_weeks": weeks, "provider": "Zorgaanbieder Noord",
                      "contact": "030-1234567"},
        )  # fmt: skip
        made.append(offer)
    return made


def three_options(actor, case):
    """The family's own idea, a course and home coaching, each with the professional's and the family's view."""
    light, ambulatory, _heavy = offers(case.family.organisation)
    parent = case.family.members.order_by("pk").first()
    own = actions.do_add_option(
        actor,
        case,
        source="family",
        name="Oma past op woensdag op",
        description="Oma haalt de kinderen op woensdag uit school.",
        professional_pros="Dichtbij en vertrouwd.",
        family_pros="Oma kent de kinderen goed.",
        family_cons="Oma is soms moe.",
        family_speaker=parent,
    )
    course = actions.do_add_option(
        actor,
        case,
        source="catalogue",
        offer=light,
        professional_pros="Bewezen effectief bij ruzie thuis.",
        professional_cons="Elke week een avond weg.",
        professional_results="Rustiger momenten aan tafel.",
        family_pros="We leren het samen.",
        family_cons="Geen oppas voor de avond.",
        family_results="Minder schreeuwen.",
        family_speaker=parent,
        tried_before="Een cursus in 2022; gestopt na drie keer.",
    )
    coaching = actions.do_add_option(
        actor,
        case,
        source="catalogue",
        offer=ambulatory,
        professional_pros="De coach komt thuis.",
        family_cons="Iemand in ons huis voelt raar.",
        recommended=True,
        recommendation_reasons="Past bij de vraag en werkt goed.",
    )
    return own, course, coaching


def decision_input(case, options, **overrides):
    members = list(case.family.members.order_by("pk"))
    data = {
        "options": options,
        "summary": "Mees en moeder doen mee aan de opvoedcursus, vanaf volgende week op dinsdag.",
        "arguments": "Lichtste hulp die past; oma helpt op woensdag.",
        "participation_level": 4,
        "agreements": [{"member": m, "agreement": "yes", "words": ""} for m in members],
        "evaluation_on": timezone.localdate() + timedelta(days=60),
        "evaluation_agreement": "Over twee maanden thuis, met moeder en Mees.",
        "aftercare_agreement": "Na de cursus belt de hulpverlener nog één keer.",
    }
    data.update(overrides)
    return data

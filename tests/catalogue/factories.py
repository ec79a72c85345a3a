"""Offers in the world's catalogue (Rivierstad), made through the action as its administrator."""

from __future__ import annotations

from samenplan.catalogue.actions import do_add_offer
from samenplan.catalogue.models import HelpOffer

TRIPLE_P = {
    "name": "Triple P",
    "description": "Een cursus voor ouders in kleine groepjes.",
    "target_problems": "Kinderen die niet luisteren.",
    "min_age": 2,
    "max_age": 16,
    "intensity": "light",
    "evidence_level": "good",
    "provider": "Opvoedpunt Voorbeeld",
    "contact": "020-0000000",
    "waiting_weeks": 3,
}
CSV_GOOD = (
    "naam;beschrijving;intensiteit;leeftijd vanaf;leeftijd tot;bewijskracht;wachttijd\n"
    "Buddy voor jongeren;Een maatje dat elke week afspreekt;netwerk;12;23;eerste aanwijzingen;4\n"
    "Gezinscoach;Een coach voor het hele gezin;ambulante hulp;0;18;goed onderbouwd;5\n"
)
# Row 3 is broken (no description, unknown intensity, ages the wrong way round).
CSV_ONE_BROKEN = (
    "naam;beschrijving;intensiteit;leeftijd vanaf;leeftijd tot\n"
    "Buddy voor jongeren;Een maatje;netwerk;12;23\n"
    "Kapot;;zwaar;12;4\n"
    "Gezinscoach;Een coach;ambulant;;\n"
)


def offer(world, **values) -> HelpOffer:
    return do_add_offer(world.administrator, {**TRIPLE_P, **values})

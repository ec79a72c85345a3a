"""Demo catalogue of help: about twelve kinds of help per demo organisation, on every step of the stepped-care
ladder, in plain Dutch. Synthetic: the providers are made up and the contacts are example addresses and numbers.
Made through the actions (the administrator where the organisation has one), so the access log is real.
"""

from __future__ import annotations

from samenplan.accounts.models import Organisation, Role, User
from samenplan.catalogue import actions
from samenplan.catalogue.models import HelpOffer

# (name, description, meant for, min age, max age, intensity, evidence level, provider, waiting weeks)
OFFERS = (
    ("Steungezin via het netwerk",
     "Een gezin uit de buurt of de familie vangt uw kind af en toe op, bijvoorbeeld één weekend per maand. "
     "Zo kunt u even op adem komen.",
     "Ouders die het zwaar hebben en weinig hulp om zich heen hebben.", 0, 18, "network", "well_founded",
     "Steunpunt Samen Thuis", 2),
    ("Buddy voor jongeren",
     "Een vrijwilliger spreekt een jaar lang elke week met de jongere af: samen sporten, praten of iets leuks doen.",
     "Jongeren die zich eenzaam voelen of weinig mensen hebben om op terug te vallen.", 12, 23, "network",
     "first", "Stichting Maatjes Voorbeeld", 4),
    ("Opvoedondersteuning thuis",
     "Een opvoedcoach komt een paar keer bij u thuis. Samen kijkt u wat goed gaat en wat u anders kunt doen.",
     "Ouders met vragen over opvoeden, slapen, eten of ruzie thuis.", 0, 12, "light", "well_founded",
     "Wijkteam (eigen aanbod)", 0),
    ("Triple P",
     "Een cursus voor ouders in kleine groepjes of thuis. U leert wat u kunt doen als uw kind niet luistert of boos "
     "wordt.",
     "Ouders van kinderen met gedragsproblemen.", 2, 16, "light", "good", "Opvoedpunt Voorbeeldstad", 3),
    ("Schoolmaatschappelijk werk",
     "Een maatschappelijk werker op school praat met uw kind en met u, en zoekt samen met school naar een oplossing.",
     "Kinderen die niet lekker in hun vel zitten of vaak niet op school zijn.", 4, 18, "light", "not_assessed",
     "Wijkteam (eigen aanbod)", 1),
    ("Sociale vaardigheidstraining",
     "Een training in een groepje van acht kinderen. Ze oefenen met voor zichzelf opkomen, vrienden maken en "
     "nee zeggen.",
     "Kinderen die gepest worden of moeilijk contact maken.", 8, 16, "ambulatory", "first",
     "Praktijk Voorbeeld Jeugd", 6),
    ("Gezinscoach",
     "Een vaste coach helpt het hele gezin een half jaar lang, meestal één keer per week bij u thuis.",
     "Gezinnen die op veel plekken tegelijk vastlopen: met geld, met opvoeden, op school.", 0, 18, "ambulatory",
     "well_founded", "Gezinshulp Voorbeeldregio", 5),
    ("Jeugd-GGZ gesprekken",
     "Gesprekken met een psycholoog, voor het kind en soms samen met de ouders, ongeveer tien keer.",
     "Kinderen en jongeren die bang of somber zijn, of een trauma hebben.", 4, 18, "ambulatory", "good",
     "GGZ Praktijk Voorbeeld", 10),
    ("Multisysteemtherapie (MST)",
     "Een therapeut is 3 tot 5 maanden intensief betrokken bij het gezin, thuis en op school, en is dag en nacht "
     "bereikbaar.",
     "Jongeren die zich heel moeilijk gedragen. Ze spijbelen, zijn agressief of hebben contact met de politie.", 12, 18,
     "intensive", "strong", "Intensieve Gezinshulp Voorbeeld", 8),
    ("Intensieve ambulante gezinsbehandeling",
     "Een hulpverlener komt een paar maanden meerdere keren per week. Het doel is dat uw kind veilig thuis kan "
     "blijven wonen.",
     "Gezinnen waar een uithuisplaatsing dreigt.", 0, 18, "intensive", "good", "Intensieve Gezinshulp Voorbeeld", 6),
    ("Dagbehandeling",
     "Uw kind gaat een paar dagdelen per week naar een groep met behandeling, en slaapt gewoon thuis.",
     "Jonge kinderen bij wie het gedrag of de ontwikkeling heel moeilijk gaat.", 2, 12, "intensive", "not_assessed",
     "Behandelcentrum De Voorbeeldhof", 12),
    ("Pleegzorg (verblijf)",
     "Uw kind woont een tijd in een pleeggezin. U houdt contact en werkt samen aan terugkeer als dat kan.",
     "Kinderen die tijdelijk niet veilig thuis kunnen wonen.", 0, 21, "residential", "well_founded",
     "Pleegzorg Voorbeeldregio", 16),
    ("Gezinshuis",
     "Uw kind woont in het gezin van gezinshuisouders, met een paar andere kinderen. Het is een gewoon huis in een "
     "gewone straat.",
     "Kinderen die langer niet thuis kunnen wonen en die een gezin nodig hebben.", 4, 18, "residential",
     "first", "Gezinshuizen Voorbeeld", 20),
)  # fmt: skip


def _contact(index: int) -> str:
    return f"020-00000{index:02d}, hulp{index}@example.nl"


def add_demo_catalogue() -> int:
    """The demo catalogue for every demo organisation that has none yet. Returns how many offers were made."""
    made = 0
    for organisation in Organisation.objects.order_by("pk"):
        if HelpOffer.objects.filter(organisation=organisation).exists():
            continue
        administrator = (
            User.objects.filter(
                organisation=organisation, memberships__role=Role.ADMINISTRATOR, is_active=True
            ).order_by("pk").first()
        )  # fmt: skip
        for index, (name, description, meant_for, low, high, intensity, evidence, provider, weeks) in enumerate(
            OFFERS, start=1
        ):
            values = {
                "name": name, "description": description, "target_problems": meant_for, "min_age": low,
                "max_age": high, "intensity": intensity, "evidence_level": evidence, "provider": provider,
                "contact": _contact(index), "waiting_weeks": weeks,
            }  # fmt: skip
            actions.do_add_offer(administrator, values, organisation=organisation)
            made += 1
    return made

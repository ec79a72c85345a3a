"""Demo families on every route and at every intake step, made through the actions (so the timeline and the
access log are real), with Dutch words as families say them. The steps are dated over past weeks (``as_of``)."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.utils import timezone
from faker import Faker

from samenplan import clock
from samenplan.cases import actions
from samenplan.cases.models import MemberRole, Phase, RegisteredBy, Voice
from samenplan.intake import actions as intake
from samenplan.intake.scales import levels_for


@dataclass(frozen=True)
class Story:
    registered_by: str
    referrer_kind: str
    referrer: str
    reason: str
    prior_help: tuple[dict, ...]
    words: dict  # step → (who, text)
    questions: dict  # who → (help question, ((problem, burden), ...), what goes well)
    safety: str
    safety_explanation: str
    nature: str
    severity_rank: int
    measure: bool = False


STORIES = {
    "school": Story(
        RegisteredBy.PROFESSIONAL,
        "school",
        "Mevrouw Kok, mentor Het Rivercollege",
        "Daan komt sinds de herfstvakantie bijna elke week een paar dagen niet op school. Hij zegt dat hij ziek "
        "is, maar we zien hem vooral moe en somber. Ouders weten het en willen graag meedenken.",
        (
            {
                "agency": "Het Rivercollege",
                "kind": "Gesprekken met de zorgcoördinator",
                "period": "sinds oktober",
                "running": True,
                "helped": "partly",
            },
        ),
        {
            0: ("mother", "Ik hoop vooral dat we hier niet weer alleen over zijn verzuim praten."),
            1: ("youth", "Op school is het gewoon te druk in mijn hoofd. Thuis gamen is het enige wat rust geeft."),
            5: ("father", "Als het wonder gebeurt, zit Daan 's ochtends gewoon aan het ontbijt, met zijn tas klaar."),
        },
        {
            "mother": (
                "Hoe krijgen we Daan weer naar school zonder elke ochtend ruzie?",
                (("Elke ochtend ruzie over opstaan", 8), ("Ik slaap zelf slecht van de zorgen", 6)),
                "Op zaterdag koken we samen, dan kletst hij honderduit.",
            ),
            "father": (
                "Ik wil begrijpen wat er met hem aan de hand is.",
                (("Ik weet niet hoe ik hem kan helpen", 7),),
                "Met voetbal gaat het nog goed.",
            ),
            "youth": (
                "Dat ze stoppen met zeuren en dat school minder zwaar voelt.",
                (("Te veel drukte in de klas", 8), ("Niet kunnen slapen", 6)),
                "Met mijn vriend Sem gaat het goed.",
            ),
        },
        "safe",
        "",
        "Schoolverzuim met somberheid en slaapproblemen; de ouders steunen hem.",
        2,
    ),
    "ruzie": Story(
        RegisteredBy.FAMILY,
        "",
        "",
        "We hebben veel ruzie thuis en ik weet niet meer hoe ik met mijn dochter moet praten. Het loopt steeds uit "
        "de hand, ook met haar broertje erbij.",
        (
            {
                "agency": "Huisartsenpraktijk De Linde",
                "kind": "Twee gesprekken met de praktijkondersteuner",
                "period": "voorjaar",
                "running": False,
                "helped": "no",
            },
        ),
        {
            0: ("mother", "Ik vind het fijn dat je ook naar Noor wilt luisteren, niet alleen naar mij."),
            1: ("youth", "Ze zegt altijd dat ik egoïstisch ben. Maar zij luistert zelf nooit."),
            8: ("mother", "We spreken af dat we bij ruzie allebei even naar een andere kamer gaan."),
        },
        {
            "mother": (
                "Ik wil weer normaal met Noor kunnen praten.",
                (("Ruzie bijna elke avond", 9), ("Ik schreeuw en daar schaam ik me voor", 7)),
                "Als we samen in de auto zitten, praten we wel.",
            ),
            "youth": (
                "Dat mama me niet steeds de schuld geeft.",
                (("Ruzie over mijn telefoon", 7),),
                "Op mijn werk bij de bakker gaat het goed.",
            ),
        },
        "concerns",
        "Moeder is soms erg boos; geen aanwijzingen voor geweld. Samen met de gedragswetenschapper besproken.",
        "Spanning tussen moeder en dochter rond regels en puberteit.",
        2,
    ),
    "scheiding": Story(
        RegisteredBy.PROFESSIONAL,
        "youth_doctor",
        "Jeugdarts Van Dijk, GGD",
        "Sinds de scheiding slaapt Mila slecht en is ze vaak boos op school. Moeder vraagt of er hulp is voor het "
        "hele gezin; vader wil meedoen.",
        (),
        {
            0: ("father", "Ik wil graag dat we dit samen doen, ook al wonen we niet meer samen."),
            1: ("youth", "Ik wil niet kiezen tussen papa en mama."),
        },
        {
            "mother": (
                "Hoe helpen we Mila door deze tijd heen?",
                (("Mila slaapt slecht", 7),),
                "Ze lacht weer als haar oma er is.",
            ),
            "father": ("Ik wil dat de wissel tussen onze huizen rustiger gaat.", (("Gedoe bij het ophalen", 6),), ""),
            "youth": (
                "Dat ze geen ruzie meer maken waar ik bij ben.",
                (("Ruzie bij het wisselen", 9),),
                "Tekenen helpt me.",
            ),
        },
        "safe",
        "",
        "Loyaliteitsconflict na scheiding; ouders willen samenwerken.",
        2,
    ),
    "onveilig": Story(
        RegisteredBy.CONCERN,
        "veilig_thuis",
        "Veilig Thuis, meldpunt regio Rivierstad",
        "Melding van de buren: harde ruzies en een huilend kind, meerdere avonden achter elkaar. Moeder bevestigt "
        "dat haar partner haar en de kinderen bedreigt als hij gedronken heeft.",
        (
            {
                "agency": "Veilig Thuis",
                "kind": "Onderzoek na melding",
                "period": "oktober",
                "running": False,
                "helped": "partly",
            },
        ),
        {1: ("mother", "Ik ben bang dat het een keer echt misgaat. De kinderen zijn ook bang.")},
        {
            "mother": (
                "Ik wil dat mijn kinderen veilig zijn.",
                (("Angst als hij gedronken heeft", 10),),
                "Mijn zus helpt ons, bij haar kunnen we terecht.",
            ),
            "youth": ("Dat het thuis gewoon rustig is.", (("Niet durven slapen", 9),), "School is een fijne plek."),
        },
        "not_safe",
        "Moeder en kinderen worden bedreigd door de partner van moeder; kinderen zijn getuige van geweld.",
        "Huiselijk geweld; acute onveiligheid voor moeder en kinderen.",
        4,
    ),
    "maatregel": Story(
        RegisteredBy.PROFESSIONAL,
        "other_agency",
        "Gezinsvoogd, Jeugdbescherming Regio",
        "Er loopt een ondertoezichtstelling. De gezinsvoogd vraagt het wijkteam om de hulp thuis te coördineren.",
        (
            {
                "agency": "Jeugdbescherming Regio",
                "kind": "Ondertoezichtstelling",
                "period": "sinds juni",
                "running": True,
                "helped": "unknown",
            },
        ),
        {1: ("father", "Ik wil laten zien dat ik het kan, maar ik heb wel hulp nodig bij de planning.")},
        {
            "father": (
                "Hoe houd ik alles op de rit met drie kinderen?",
                (("Alles komt op mij neer", 8),),
                "De oudste helpt goed mee.",
            ),
            "youth": ("Dat papa minder stress heeft.", (("Veel moeten oppassen", 6),), ""),
        },
        "concerns",
        "Vader is overbelast; de gezinsvoogd volgt de veiligheid.",
        "Overbelaste alleenstaande vader onder toezicht; veel informatie beschikbaar.",
        3,
        measure=True,
    ),
}

# (story, how far the intake goes). Together they show every route and every intake step.
SCENARIOS = (
    ("school", "light_help"),
    ("ruzie", "conversation"),
    ("scheiding", "clarified"),
    ("onveilig", "acute"),
    ("school", "analysis"),
    ("maatregel", "skip"),
    ("ruzie", "light"),
    ("scheiding", "evaluation"),
    ("school", "registered"),
    ("ruzie", "closed"),
    ("scheiding", "light"),
    ("school", "clarified"),
)


def _birth(rng: random.Random, today: date, min_age: int, max_age: int) -> date:
    return today - timedelta(days=rng.randint(min_age * 365 + 1, max_age * 365 - 1))


def _members(fake: Faker, rng: random.Random, surname: str, today: date, story: str) -> list[dict]:
    members = [
        {
            "given_name": fake.first_name_female(),
            "family_name": surname,
            "role": MemberRole.PARENT,
            "date_of_birth": _birth(rng, today, 32, 48),
            "has_custody": True,
        },
    ]
    if story in ("school", "scheiding", "maatregel"):
        members.append(
            {
                "given_name": fake.first_name_male(),
                "family_name": surname,
                "role": MemberRole.PARENT,
                "date_of_birth": _birth(rng, today, 34, 52),
                "has_custody": True,
            }
        )
    members.append(
        {
            "given_name": fake.first_name(),
            "family_name": surname,
            "role": MemberRole.CHILD,
            "date_of_birth": _birth(rng, today, 12, 16),
            "lives_at_home": True,
        }
    )
    if rng.random() < 0.5:
        members.append(
            {
                "given_name": fake.first_name(),
                "family_name": surname,
                "role": MemberRole.CHILD,
                "date_of_birth": _birth(rng, today, 4, 11),
                "lives_at_home": True,
            }
        )
    return members


def _moment(day: date, hour: int) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour, 15)))


def play(scenario, fake: Faker, rng: random.Random, caseworker, team, users, started: date, coworker=None):
    """Register a family and take it as far as the scenario says, each step on its own (past) day."""
    key, until = scenario
    story = STORIES[key]
    today = timezone.localdate()
    surname = fake.last_name()
    with clock.as_of(_moment(started, 10)):
        case = actions.do_register_family(
            caseworker,
            team=team,
            family_name=surname,
            registered_by=story.registered_by,
            referrer=story.referrer,
            referrer_kind=story.referrer_kind,
            reason=story.reason,
            prior_help=list(story.prior_help),
            caseworker=caseworker,
            second_worker=coworker,
            child_protection_measure=story.measure,
            opened_on=started,
            members=_members(fake, rng, surname, today, key),
        )
    if until == "registered":
        return case
    family = list(case.family.members.order_by("pk"))
    by_role = {"mother": family[0]}
    parents = [m for m in family if m.role != MemberRole.CHILD]
    youth = next(m for m in family if m.role == MemberRole.CHILD)
    if len(parents) > 1:
        by_role["father"] = parents[1]
    if key == "maatregel":
        by_role = {"father": family[0], **({"mother": parents[1]} if len(parents) > 1 else {})}
    by_role["youth"] = youth
    present = [by_role[r] for r in ("mother", "father", "youth") if r in by_role]

    day = started + timedelta(days=min(9, (today - started).days - 1) or 1)
    with clock.as_of(_moment(day, 14)):
        conversation = intake.do_record_conversation(
            caseworker,
            case,
            held_on=day,
            place=("home", "office", "school", "video")[rng.randrange(4)],
            members=present,
            steps={
                0: {"notes": "Kennisgemaakt, uitgelegd dat we samen beslissen; agenda samen gemaakt."},
                1: {"notes": "Iedereen vertelde wat zwaar is; schaalvraag gesteld."},
                2: {"skipped": True, "skip_reason": "Nog niet nodig: eerst de vraag helder."},
                3: {"notes": "In gewone woorden besproken hoe het zo gekomen is."},
                4: {"notes": "Iedereen herkent het beeld; moeder vulde aan."},
            },
            contributions=[
                {"step": step, "speaker": by_role[who], "text": text}
                for step, (who, text) in story.words.items()
                if who in by_role
            ],
            evaluation="Fijn dat iedereen aan het woord kwam." if rng.random() < 0.6 else "",
        )
    if until == "conversation":
        return case
    case.refresh_from_db()
    with clock.as_of(_moment(day, 16)):
        intake.do_clarify(
            caseworker,
            case,
            conversation=conversation,
            participants=[
                {
                    "member": by_role[who],
                    "help_question": question,
                    "problems": [{"description": d, "burden": b} for d, b in problems],
                    "goes_well": goes_well,
                }
                for who, (question, problems, goes_well) in story.questions.items()
                if who in by_role
            ],
            assessment={
                "nature": story.nature,
                "severity": levels_for(team.organisation_id).get(rank=story.severity_rank),
                "safety": story.safety,
                "safety_explanation": story.safety_explanation,
                "safety_assessed_by": f"{caseworker.get_full_name()} met {users['chris'].get_full_name()}",
            },
        )
    if until == "clarified":
        return case
    case.refresh_from_db()
    route = {"acute": "acute", "analysis": "analysis", "skip": "analysis"}.get(until, "light")
    day = day + timedelta(days=min(7, max(1, (today - day).days - 1)))
    agreements = [{"member": m, "agreement": "agrees"} for m in present]
    agreements[-1] = {
        "member": youth,
        "agreement": "partly",
        "comment": "Oké, als ik zelf ook mag zeggen wat er moet veranderen.",
    }
    crisis = None
    if route == "acute":
        crisis = {
            "what": "Moeder en kinderen logeren bij de zus van moeder; veiligheidsafspraken gemaakt en Veilig Thuis "
            "ingelicht.",
            "by_whom": f"{caseworker.get_full_name()} met Veilig Thuis",
            "on": day,
            "placement_referral": True,
            "placement_referral_note": "Aangemeld bij de Raad voor de Kinderbescherming voor de procedure "
            "uithuisplaatsing, op dezelfde dag.",
        }
    with clock.as_of(_moment(day, 11)):
        intake.do_decide_route(
            caseworker,
            case,
            route=route,
            decided_on=day,
            rationale={
                "light": "De vraag is duidelijk en niet zwaar; het gezin wil het eerst zelf proberen, met advies en "
                "hulp van familie.",
                "acute": "De kinderen zijn thuis niet veilig. Eerst nu veiligheid regelen.",
                "analysis": "Aard en ernst zijn nog niet duidelijk; we zoeken samen eerst verder uit wat er speelt.",
            }[route],
            light_help="Tips over vaste avondafspraken; oom helpt met huiswerk op dinsdag." if route == "light" else "",
            analysis_skip_reason="Het rapport van de Raad voor de Kinderbescherming en de gezinsvoogd geven al een "
            "volledig beeld."
            if until == "skip"
            else "",
            agreements=agreements,
            crisis=crisis,
        )
    case.refresh_from_db()
    later = {"light_help": [Phase.DECISION, Phase.HELP], "evaluation": [Phase.DECISION, Phase.HELP, Phase.EVALUATION]}
    later["closed"] = [Phase.DECISION, Phase.HELP, Phase.EVALUATION, Phase.CLOSED]
    for target in later.get(until, []):
        day = day + timedelta(days=min(12, max(1, (today - day).days - 1)))
        note = (
            "Het gaat goed; het gezin redt het nu zelf. Afgesproken: bellen als het weer misgaat."
            if (target == Phase.CLOSED)
            else ""
        )
        with clock.as_of(_moment(day, 9)):
            case = actions.do_move_phase(caseworker, case, target=target, expected_version=case.version, note=note)
            if target == Phase.HELP:
                actions.do_add_note(
                    caseworker,
                    case,
                    text="Het gaat al iets beter. We eten weer samen aan tafel.",
                    voice=Voice.FAMILY,
                    speaker=present[0],
                )
    return case

"""Synthetic demo data: deterministic, Dutch (Faker nl_NL), made through the same actions as real use.

No real person is in here: every name and date is generated.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta

from django.db import transaction
from django.utils import timezone
from faker import Faker

from samenplan.accounts.models import Membership, Organisation, Role, Team, User
from samenplan.cases import actions
from samenplan.cases.models import MemberRole, Phase, RegisteredBy, Voice
from samenplan.cases.rules import PHASE_ORDER
from samenplan.consent.demo import add_demo_consents

DEMO_PASSWORD = "samen-beslissen"  # noqa: S105 (public demo password, printed by `samenplan demo`)
SEED = 20211201


@dataclass(frozen=True)
class DemoUser:
    username: str
    first_name: str
    last_name: str
    organisation: str
    roles: tuple[tuple[str, str], ...]  # (team, role)
    description: str


ORG = "Wijkteams Rivierstad"
OTHER_ORG = "Buurtteams Heuvelrug"
NORTH, SOUTH, HILL = "Wijkteam Noord", "Wijkteam Zuid", "Buurtteam Heuvel"

USERS = (
    DemoUser("anna", "Anna", "de Vries", ORG, ((NORTH, Role.PROFESSIONAL),), "caseworker in Wijkteam Noord"),
    DemoUser("bram", "Bram", "Jansen", ORG, ((NORTH, Role.PROFESSIONAL),), "colleague in Wijkteam Noord"),
    DemoUser("fleur", "Fleur", "Bakker", ORG, ((SOUTH, Role.PROFESSIONAL),), "caseworker in Wijkteam Zuid"),
    DemoUser(
        "chris",
        "Chris",
        "Visser",
        ORG,
        ((NORTH, Role.BEHAVIOURAL_SCIENTIST), (SOUTH, Role.BEHAVIOURAL_SCIENTIST)),
        "behavioural scientist for both teams",
    ),
    DemoUser("dewi", "Dewi", "Smit", ORG, ((NORTH, Role.TEAM_LEAD), (SOUTH, Role.TEAM_LEAD)), "team lead"),
    DemoUser("eva", "Eva", "Meijer", ORG, ((NORTH, Role.ADMINISTRATOR),), "administrator (sees no client data)"),
    DemoUser(
        "gijs",
        "Gijs",
        "de Boer",
        OTHER_ORG,
        ((HILL, Role.PROFESSIONAL),),
        "professional of another organisation",
    ),
)

REASONS = (
    "We hebben veel ruzie thuis en ik weet niet meer hoe ik met mijn zoon moet praten.",
    "Onze dochter gaat al weken niet naar school. Ze zit alleen op haar kamer.",
    "Sinds de scheiding slaapt ons jongste kind slecht en is hij vaak boos.",
    "Ik sta er alleen voor en het wordt me te veel met drie kinderen.",
    "School maakt zich zorgen: de leerling komt vaak moe en zonder eten op school.",
    "Wij willen hulp bij de opvoeding, ons kind luistert niet meer.",
    "Onze zoon blowt en komt laat thuis. We maken ons zorgen over zijn vrienden.",
    "Er zijn schulden en dat geeft veel spanning in huis.",
)
NOTES = (
    ("Het gaat al iets beter. We eten weer samen aan tafel.", Voice.FAMILY),
    ("Gesprek gevoerd met moeder en dochter. Samen de vraag op papier gezet.", Voice.PROFESSIONAL),
    ("Ik wil dat mijn moeder minder boos is als ik te laat ben.", Voice.FAMILY),
    ("Oma kan twee middagen per week helpen met oppassen.", Voice.FAMILY),
    ("Afspraak gemaakt om over zes weken samen te kijken hoe het gaat.", Voice.PROFESSIONAL),
)
TARGET_PHASES = (
    Phase.REGISTRATION,
    Phase.CLARIFICATION,
    Phase.CLARIFICATION,
    Phase.ANALYSIS,
    Phase.GOALS,
    Phase.GOALS,
    Phase.DECISION,
    Phase.HELP,
    Phase.HELP,
    Phase.EVALUATION,
    Phase.CLOSED,
    Phase.HELP,
)


def _path_to(target: str) -> list[str]:
    """The phases a case walks through from registration to ``target``. The analysis is walked only when it
    is the target itself; the other demo cases took the light route straight from clarification to goals."""
    if target == Phase.CLOSED:
        return [Phase.CLARIFICATION, Phase.GOALS, Phase.DECISION, Phase.HELP, Phase.EVALUATION, Phase.CLOSED]
    order = list(PHASE_ORDER)
    steps = order[1 : order.index(target) + 1]
    if target != Phase.ANALYSIS and Phase.ANALYSIS in steps:
        steps.remove(Phase.ANALYSIS)
    return steps


def _birth_date(rng: random.Random, today: date, min_age: int, max_age: int) -> date:
    return today - timedelta(days=rng.randint(min_age * 365 + 1, max_age * 365 - 1))


def already_seeded() -> bool:
    return Organisation.objects.filter(name=ORG).exists()


def seed(families: int = 12, progress=None) -> dict[str, User]:
    """Create the demo organisations, users and families. Returns users by username."""
    fake = Faker("nl_NL")
    fake.seed_instance(SEED)
    rng = random.Random(SEED)
    today = timezone.localdate()
    with transaction.atomic():
        orgs = {name: Organisation.objects.create(name=name) for name in (ORG, OTHER_ORG)}
        teams = {
            NORTH: Team.objects.create(organisation=orgs[ORG], name=NORTH),
            SOUTH: Team.objects.create(organisation=orgs[ORG], name=SOUTH),
            HILL: Team.objects.create(organisation=orgs[OTHER_ORG], name=HILL),
        }
        users: dict[str, User] = {}
        for demo in USERS:
            user = User.objects.create_user(
                demo.username,
                password=DEMO_PASSWORD,
                first_name=demo.first_name,
                last_name=demo.last_name,
                organisation=orgs[demo.organisation],
            )
            for team, role in demo.roles:
                Membership.objects.create(user=user, team=teams[team], role=role)
            users[demo.username] = user

        workers = [
            (users["anna"], teams[NORTH]),
            (users["bram"], teams[NORTH]),
            (users["fleur"], teams[SOUTH]),
        ]
        for i in range(families):
            caseworker, team = workers[i % len(workers)] if i < families - 1 else (users["gijs"], teams[HILL])
            surname = fake.last_name()
            registered_by = (RegisteredBy.FAMILY, RegisteredBy.PROFESSIONAL, RegisteredBy.CONCERN)[i % 3]
            members = _members(fake, rng, surname, today)
            case = actions.do_register_family(
                caseworker,
                team=team,
                family_name=surname,
                registered_by=registered_by,
                referrer="" if registered_by == RegisteredBy.FAMILY else f"{fake.name()}, huisarts",
                reason=REASONS[i % len(REASONS)],
                help_already="Schoolmaatschappelijk werk, tot vorig jaar." if i % 4 == 1 else "",
                caseworker=caseworker,
                coworkers=[users["bram"]] if i == 0 else [],
                child_protection_measure=(i % 7 == 5),
                opened_on=today - timedelta(days=10 + 17 * i),
                members=members,
            )
            note, voice = NOTES[i % len(NOTES)]
            actions.do_add_note(caseworker, case, text=note, voice=voice)
            for target in _path_to(TARGET_PHASES[i % len(TARGET_PHASES)]):
                case = actions.do_move_phase(caseworker, case, target=target, expected_version=case.version)
            if progress:
                progress(i + 1, families)
        add_demo_consents()
    return users


def _members(fake: Faker, rng: random.Random, surname: str, today: date) -> list[dict]:
    members = [
        {
            "given_name": fake.first_name_female(),
            "family_name": surname,
            "role": MemberRole.PARENT,
            "date_of_birth": _birth_date(rng, today, 28, 50),
            "has_custody": True,
        }
    ]
    if rng.random() < 0.6:
        members.append(
            {
                "given_name": fake.first_name_male(),
                "family_name": surname if rng.random() < 0.7 else fake.last_name(),
                "role": rng.choice([MemberRole.PARENT, MemberRole.STEP_PARENT]),
                "date_of_birth": _birth_date(rng, today, 28, 55),
                "has_custody": rng.random() < 0.8,
            }
        )
    for _ in range(rng.randint(1, 3)):
        members.append(
            {
                "given_name": fake.first_name(),
                "family_name": surname,
                "role": MemberRole.CHILD,
                "date_of_birth": _birth_date(rng, today, 1, 18),
                "lives_at_home": rng.random() < 0.9,
            }
        )
    return members

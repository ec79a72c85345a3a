"""Synthetic demo data: deterministic, Dutch (Faker nl_NL), made through the same actions as real use.

No real person is in here: every name and date is generated.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import timedelta

from django.db import transaction
from django.utils import timezone
from faker import Faker

from samenplan.accounts.models import Membership, Organisation, Role, Team, User
from samenplan.analysis.demo import ANALYSIS_FAMILY, add_demo_analyses
from samenplan.caseload.demo import add_demo_caseload
from samenplan.catalogue.demo import add_demo_catalogue
from samenplan.consent.demo import add_demo_consents, add_demo_proposal
from samenplan.decisions.demo import add_demo_decisions, add_demo_portal_options
from samenplan.demo_intake import SCENARIOS, play
from samenplan.evaluations.demo import add_demo_evaluations
from samenplan.feedback.demo import add_demo_ratings
from samenplan.goals.demo import add_demo_goals
from samenplan.instruments.demo import add_demo_administrations, add_demo_portal_questionnaire
from samenplan.network.demo import add_demo_network
from samenplan.plans.demo import add_demo_plans
from samenplan.portal.demo import add_demo_family_accounts

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
    DemoUser(
        "dewi",
        "Dewi",
        "Smit",
        ORG,
        ((NORTH, Role.TEAM_LEAD), (SOUTH, Role.TEAM_LEAD), (NORTH, Role.LOG_READER), (SOUTH, Role.LOG_READER)),
        "team lead and log reader",
    ),
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
            scenario = SCENARIOS[i % len(SCENARIOS)]
            # Spread over the past months: the oldest registrations first, a few days to weeks per step.
            started = today - timedelta(days=12 + (19 * (families - 1 - i)) % 170)
            play(scenario, fake, rng, caseworker, team, users, started, coworker=users["bram"] if i == 0 else None)
            if progress:
                progress(i + 1, families)
        add_demo_consents()
        # One more family on the analysis route, the demo caseworker's: a coherent picture and a scientist's advice.
        play(ANALYSIS_FAMILY, fake, rng, users["anna"], teams[NORTH], users, today - timedelta(days=45))
        add_demo_administrations(users["anna"].organisation_id)
        add_demo_analyses(users)
        add_demo_goals(users["anna"].organisation_id)
        add_demo_network(users["anna"].organisation_id)  # after the goals: network members help with them
        add_demo_catalogue()
        add_demo_decisions(users["anna"].organisation_id)  # options come from the goals, network and catalogue
        add_demo_plans()  # after the goals and the network: the plan takes them in
        add_demo_evaluations()  # after the goals: evaluations score them, closing gives each an outcome
        add_demo_administration(users["eva"])
        add_demo_tables(users, teams[NORTH], teams[SOUTH])
        add_demo_caseload(users["anna"])  # the dashboard: a consent ending soon, the family's portal input
        add_demo_family_accounts(users["anna"], DEMO_PASSWORD)  # the portal: a parent and a 14-year-old
        add_demo_proposal(users["anna"])  # a consent waiting for the demo parent's yes in the portal
        add_demo_ratings(teams[NORTH], users["anna"])  # ratings of conversations: the team lead's figure shows
        add_demo_portal_options(users["anna"])  # the portal: options for that family to react to
        add_demo_portal_questionnaire(users["anna"])  # the portal: a questionnaire for the 14-year-old
    return users


def add_demo_administration(administrator: User) -> None:
    """What the demo administrator set up: an archived team (merged into Noord) and a shorter inactivity
    threshold, so the team lead's overview shows cases without activity."""
    from samenplan.administration import actions, services

    old = actions.do_create_team(administrator, "Wijkteam Centrum")
    actions.do_archive_team(administrator, old, archived=True)
    values = {**services.values_of(services.settings_for(administrator.organisation_id)), "inactivity_days": 21}
    actions.do_change_settings(administrator, values, expected_version=0)


def add_demo_tables(users: dict[str, User], north: Team, south: Team) -> None:
    """Noord's intake and review tables (the behavioural scientist and the team lead take part), an open case of
    Anna's on the intake table's agenda, and one of Bram's waiting to be handed over warmly to Zuid."""
    from samenplan.cases.models import Case
    from samenplan.handover.actions import do_request_handover
    from samenplan.tables.actions import do_configure_table, do_put_on_agenda

    members = [users["chris"], users["dewi"]]
    do_configure_table(users["eva"], north, kind="intake", members=members, frequency="Elke dinsdag om 9.30 uur")
    do_configure_table(users["eva"], north, kind="review", members=members, frequency="Eens in de vier weken")
    open_cases = Case.objects.filter(team=north, closed_on__isnull=True).order_by("opened_on", "pk")
    annas = open_cases.filter(caseworker=users["anna"]).first()
    if annas is not None:
        do_put_on_agenda(users["anna"], annas, kind="intake", question="Past lichte hulp, of is meer nodig?")
    brams = open_cases.filter(caseworker=users["bram"]).first()
    if brams is not None:
        do_request_handover(
            users["bram"], brams, to_team=south,
            reason="Het gezin is verhuisd naar Zuid; de school van de kinderen zit daar ook.",
        )  # fmt: skip

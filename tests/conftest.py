"""Personas and shared fixtures.

The world: organisation "Rivierstad" with teams Noord and Zuid; organisation "Heuvelrug" with team Heuvel.
- caseworker: professional in Noord, fixed caseworker of ``case``
- colleague: professional in Noord (sees the team's cases, edits none of them)
- coworker: professional in Noord, co-worker on ``case``
- scientist: behavioural scientist in Noord (not consulted on ``case``)
- consulted_scientist: behavioural scientist in Noord, consulted on ``case`` (an open request: sees it, edits nothing)
- team_lead: team lead and log reader of Noord
- administrator: administrator in Noord (sees no client data)
- south_worker: professional in Zuid (same organisation, other team)
- outsider: professional of another organisation
- two_team_worker: professional in both Noord and Zuid (sees ``case`` as a team professional, edits nothing)
- south_lead: team lead and log reader of Zuid only (the other team's lead: ``case`` is not theirs)

``client.force_login(user)`` stands for the user's own login: with their second factor when they have one,
recorded in the session as allauth records it (see ``_force_login_uses_the_second_factor``).
"""

from __future__ import annotations

import copy
import os
from dataclasses import dataclass, field
from datetime import date

import pytest
from django.db import connection
from django.test import Client

from samenplan.accounts.models import Membership, Role
from samenplan.cases import actions
from samenplan.cases.models import MemberRole, RegisteredBy
from tests.factories import OrganisationFactory, TeamFactory, consultation_on, member_of

PERSONAS = (
    "caseworker",
    "colleague",
    "coworker",
    "scientist",
    "consulted_scientist",
    "team_lead",
    "administrator",
    "south_worker",
    "outsider",
    "two_team_worker",
    "south_lead",
)
# Family members with a portal account: a parent and a youth (12) of world.case's family, and of another family
# (world.outsider_case's). Made on first use (World.persona), so tests that never ask for them pay nothing.
FAMILY_PERSONAS = ("parent", "youth", "other_parent", "other_youth")
ALL_PERSONAS = (*PERSONAS, *FAMILY_PERSONAS)


def pytest_configure(config):
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # Playwright's sync API runs an event loop


def pytest_report_header(config):
    from django.conf import settings

    return f"samenplan database: {settings.DATABASES['default']['ENGINE'].rsplit('.', 1)[-1]}"


@pytest.fixture(scope="session", autouse=True)
def _required_services():
    """REQUIRE_POSTGRES=1 turns 'runs on SQLite' from a fact into a failure (CI's PostgreSQL run)."""
    from django.conf import settings

    if os.environ.get("REQUIRE_POSTGRES") == "1" and "postgresql" not in settings.DATABASES["default"]["ENGINE"]:
        pytest.fail("REQUIRE_POSTGRES=1, but DATABASE_URL does not point to PostgreSQL", pytrace=False)


def requires_postgres():
    """Skip marker for tests that need PostgreSQL (they fail instead under REQUIRE_POSTGRES=1)."""
    from django.conf import settings

    on_pg = "postgresql" in settings.DATABASES["default"]["ENGINE"]
    return pytest.mark.skipif(not on_pg, reason="needs PostgreSQL: set DATABASE_URL=postgres://…")


@pytest.fixture(scope="session", autouse=True)
def _static_files_listed_once():
    """WhiteNoise lists every static file when its middleware is made (WHITENOISE_USE_FINDERS: some 1,450 files,
    most of them the fonts): ~150 ms of CPU. A server makes it once; the test client makes the middleware anew for
    every ``Client()``, so every test paid it, and the permission matrix (16 logged-in clients a route) 16 times a
    test: more than half of the suite's CPU time.

    Here the list is made once per static-files configuration and handed to each new middleware: the same files
    with the same headers, served the same way (the files do not change during a run). A test that changes a
    setting the list depends on gets a list of its own."""
    from django.conf import settings
    from whitenoise.middleware import WhiteNoiseMiddleware

    list_files = WhiteNoiseMiddleware.add_files_from_finders
    listed: dict[tuple, dict] = {}

    def add_files_from_finders(self):
        names = sorted(n for n in dir(settings) if n.startswith("WHITENOISE_"))
        names += ["DEBUG", "FORCE_SCRIPT_NAME", "STATIC_URL", "STATIC_ROOT", "STATICFILES_DIRS"]
        names += ["STATICFILES_FINDERS", "STORAGES"]
        key = tuple((name, repr(getattr(settings, name, None))) for name in names)
        if key not in listed:
            before = dict(self.files)
            list_files(self)
            listed[key] = {url: found for url, found in self.files.items() if before.get(url) is not found}
        self.files.update(listed[key])

    add_files_from_finders.unpatched = list_files  # for tests/test_static_files.py
    WhiteNoiseMiddleware.add_files_from_finders = add_files_from_finders
    yield
    WhiteNoiseMiddleware.add_files_from_finders = list_files


@pytest.fixture(autouse=True)
def _force_login_uses_the_second_factor(monkeypatch):
    """A forced login records what allauth's login flow records for a user with a factor: a password, then the
    factor ("mfa"). Reading the access log asks for the latter. The login flow itself is tested for real
    (tests/accounts/test_mfa.py, tests/audit/test_log_second_factor.py)."""
    monkeypatch.setattr(Client, "force_login", force_login_with_factor)


_django_force_login = Client.force_login


def force_login_with_factor(client, user, backend=None):
    """``client.force_login(user)``, with the second factor recorded as allauth records it (see above)."""
    from allauth.account.internal.flows.login import record_authentication
    from allauth.mfa.models import Authenticator
    from django.http import HttpRequest

    _django_force_login(client, user, backend)
    factor = Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).first()
    if factor is None:
        return
    request = HttpRequest()
    request.user, request.session = user, client.session
    record_authentication(request, user, "password", username=user.username)
    record_authentication(request, user, "mfa", id=factor.pk, type=factor.type)
    request.session.save()


FAST_PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _default_language():
    """Each test starts in the default language (Dutch). A request's LocaleMiddleware activates the language it
    chose for the thread and leaves it active after the response, so a test that asked for an English page would
    otherwise leave English messages to the next test's actions and forms."""
    from django.conf import settings
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    settings.PASSWORD_HASHERS = FAST_PASSWORD_HASHERS
    settings.SECURE_SSL_REDIRECT = False
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@dataclass
class World:
    org: object
    north: object
    south: object
    other_org: object
    hill: object
    caseworker: object
    colleague: object
    coworker: object
    scientist: object
    consulted_scientist: object
    team_lead: object
    administrator: object
    south_worker: object
    outsider: object
    case: object
    outsider_case: object
    two_team_worker: object
    south_lead: object

    def persona(self, name: str):
        if name in FAMILY_PERSONAS:
            return family_account(self, name)
        return getattr(self, name)


def family_account(world: World, name: str):
    """The portal user of persona ``name``: made once, through the real invitation and acceptance."""
    from samenplan.portal import actions as portal_actions
    from samenplan.portal.models import FamilyAccount

    case = world.outsider_case if name.startswith("other_") else world.case
    role_is_child = name.endswith("youth")
    member = case.family.members.filter(role=MemberRole.CHILD if role_is_child else MemberRole.PARENT).first()
    account = FamilyAccount.objects.filter(member=member).select_related("user").first()
    if account is not None:
        return account.user
    tokens = []
    inviter = world.outsider if case == world.outsider_case else world.caseworker
    portal_actions.do_invite(inviter, case, member, f"{name}@example.org", accept_url=tokens.append)
    return portal_actions.do_accept(tokens[0], "een lange zin over de fiets")


def register(actor, team, caseworker=None, name="Jansen", coworkers=(), members=None, **kwargs):
    """Register a family through the real action, with a parent and a child unless told otherwise."""
    if members is None:
        members = [
            {
                "given_name": "Sanne",
                "family_name": name,
                "role": MemberRole.PARENT,
                "has_custody": True,
                "date_of_birth": date(1988, 3, 14),
            },
            {
                "given_name": "Mees",
                "family_name": name,
                "role": MemberRole.CHILD,
                "lives_at_home": True,
                "date_of_birth": date(2014, 6, 2),
            },
        ]
    defaults = {
        "registered_by": RegisteredBy.FAMILY,
        "reason": "We maken veel ruzie thuis en willen dat het rustiger wordt.",
    }
    defaults.update(kwargs)
    return actions.do_register_family(
        actor,
        team=team,
        family_name=name,
        caseworker=caseworker or actor,
        coworkers=list(coworkers),
        members=members,
        **defaults,
    )


def decide_route(actor, case, route="light", **kwargs):
    """Clarify the question with the family's first member and decide ``route`` together, through the actions."""
    from samenplan.intake import actions as intake_actions

    member = case.family.members.order_by("pk").first()
    if case.phase in ("registration", "clarification") and not case.clarifications.exists():
        intake_actions.do_clarify(
            actor,
            case,
            participants=[
                {
                    "member": member,
                    "help_question": "Hoe krijgen we weer rust in huis?",
                    "problems": [{"description": "Veel ruzie aan tafel", "burden": 7}],
                }
            ],
            assessment={"safety": "safe", "safety_assessed_by": str(actor)},
        )
        case.refresh_from_db()
    defaults = {
        "rationale": "Samen besproken: eerst lichte hulp.",
        "agreements": [{"member": member, "agreement": "agrees"}],
    }
    defaults.update(kwargs)
    intake_actions.do_decide_route(actor, case, route=route, **defaults)
    case.refresh_from_db()
    return case


@pytest.fixture
def world(db) -> World:
    return make_world()


def make_world() -> World:
    org = OrganisationFactory(name="Rivierstad")
    north = TeamFactory(organisation=org, name="Wijkteam Noord")
    south = TeamFactory(organisation=org, name="Wijkteam Zuid")
    other_org = OrganisationFactory(name="Heuvelrug")
    hill = TeamFactory(organisation=other_org, name="Buurtteam Heuvel")
    caseworker = member_of(north, Role.PROFESSIONAL, username="caseworker")
    colleague = member_of(north, Role.PROFESSIONAL, username="colleague")
    coworker = member_of(north, Role.PROFESSIONAL, username="coworker")
    scientist = member_of(north, Role.BEHAVIOURAL_SCIENTIST, username="scientist")
    consulted_scientist = member_of(
        north, Role.BEHAVIOURAL_SCIENTIST, username="consulted_scientist", first_name="Femke", last_name="Jacobs"
    )
    team_lead = member_of(north, Role.TEAM_LEAD, username="team_lead")
    Membership.objects.create(user=team_lead, team=north, role=Role.LOG_READER)
    administrator = member_of(north, Role.ADMINISTRATOR, username="administrator")
    south_worker = member_of(south, Role.PROFESSIONAL, username="south_worker")
    outsider = member_of(hill, Role.PROFESSIONAL, username="outsider")
    two_team_worker = member_of(north, Role.PROFESSIONAL, username="two_team_worker")
    Membership.objects.create(user=two_team_worker, team=south, role=Role.PROFESSIONAL)
    south_lead = member_of(south, Role.TEAM_LEAD, username="south_lead")
    Membership.objects.create(user=south_lead, team=south, role=Role.LOG_READER)
    case = register(caseworker, north, coworkers=[coworker])
    outsider_case = register(outsider, hill, name="Bakker")
    consultation_on(case, consulted_scientist)
    return World(
        org=org,
        north=north,
        south=south,
        other_org=other_org,
        hill=hill,
        caseworker=caseworker,
        colleague=colleague,
        coworker=coworker,
        scientist=scientist,
        consulted_scientist=consulted_scientist,
        team_lead=team_lead,
        administrator=administrator,
        south_worker=south_worker,
        outsider=outsider,
        case=case,
        outsider_case=outsider_case,
        two_team_worker=two_team_worker,
        south_lead=south_lead,
    )


def db_vendor() -> str:
    return connection.vendor


# --- the world once per test module -----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def module_world(django_db_setup, django_db_blocker) -> ModuleWorld:
    """The ``world`` made once for a test module whose many tests each start from it (the permission matrix, the
    access-log probes), instead of once per test. A module takes it by defining
    ``world(db, module_world)`` as ``module_world.world()``.

    It is made in a transaction that stays open until the module ends; each test runs, as always, in pytest-django's
    transaction within it (a savepoint), rolled back after the test. So every test starts from the database as the
    world left it, whatever the tests before it wrote, and gets a deep copy of the world's objects (as Django's
    ``TestCase.setUpTestData`` hands each test its own), so what one test changes on them the next does not see.
    Not for a module with transactional tests: they empty the database, which this transaction cannot hold around.
    Records made with the world for the whole module (``logged_in_once``) go in the same transaction."""
    from django.db import transaction
    from django.test.utils import override_settings

    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        # As Django's TestCase marks its own blocks: an atomic(durable=True) inside still runs as in a test.
        atomic._from_testcase = True
        atomic.__enter__()
        try:
            with override_settings(PASSWORD_HASHERS=FAST_PASSWORD_HASHERS):  # as every test has (_fast_passwords)
                made = ModuleWorld(make_world())
        except BaseException:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)
            raise
    yield made
    with django_db_blocker.unblock():
        transaction.set_rollback(True)
        atomic.__exit__(None, None, None)


@dataclass
class ModuleWorld:
    made: World
    logins: dict = field(default_factory=dict)  # persona: (its session's data, its session cookie's attributes)

    def __post_init__(self):
        self._template = copy.deepcopy(self.made)  # as made: before anything reads (and caches) through it

    def world(self) -> World:
        return copy.deepcopy(self._template)

    def logged_in_once(self, personas, django_db_blocker) -> None:
        """Log each persona in once, for the module (the family personas' accounts made, in the module's
        transaction): ``logged_in`` then hands a test a client with a session of its own made from it."""
        from django.conf import settings
        from django.test.utils import override_settings

        with django_db_blocker.unblock(), override_settings(PASSWORD_HASHERS=FAST_PASSWORD_HASHERS):
            for persona in personas:
                client = Client()
                force_login_with_factor(client, self.made.persona(persona))
                morsel = client.cookies[settings.SESSION_COOKIE_NAME]
                self.logins[persona] = (client.session.load(), dict(morsel))

    def logged_in(self, client: Client, persona: str) -> Client:
        """``client`` logged in as ``persona``, as ``client.force_login`` would do it now: a new session with the
        module's login's data, its clock set to now (the login, the last activity, allauth's record of the password
        and the second factor). What this copies is pinned by test_a_session_copied_from_the_module_login_is_a_
        login_made_now in tests/test_permission_matrix.py."""
        from importlib import import_module

        from django.conf import settings

        data, cookie = self.logins[persona]
        store = import_module(settings.SESSION_ENGINE).SessionStore()
        store.update(login_made_now(data))
        store.create()
        client.cookies[settings.SESSION_COOKIE_NAME] = store.session_key
        client.cookies[settings.SESSION_COOKIE_NAME].update(cookie)
        return client


def login_made_now(data: dict, now: float | None = None) -> dict:
    """A login's session data with every time in it moved to ``now`` (default: the time now)."""
    import time

    from allauth.account.internal.flows.login import AUTHENTICATION_METHODS_SESSION_KEY

    from samenplan.accounts.signals import LOGIN_AT, SEEN_AT

    now = time.time() if now is None else now
    data = copy.deepcopy(data)
    for key in (LOGIN_AT, SEEN_AT):
        if key in data:
            data[key] = int(now)
    for record in data.get(AUTHENTICATION_METHODS_SESSION_KEY, []):
        record["at"] = now
    return data

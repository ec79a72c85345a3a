"""The portal's routes, read from the URL configuration: a route added to ``portal/urls.py`` (or to any URLconf under
the ``portal`` namespace) is in these lists without anyone naming it, so the accessibility, language and
permission tests that use them cover it, or fail until they can.

A route's path parameters are filled in from the demo data (``samenplan demo``) by ``DEMO_PARAMS``; a route with a
parameter that is not there fails the tests that open it, with the name to add.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass

from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

NAMESPACE = "portal"


@dataclass(frozen=True)
class Route:
    path: str  # the full route as the URLconf spells it: "portal/goals/<int:goal_id>/score/"
    name: str  # "portal:score"
    params: tuple[str, ...]  # the path parameters' names, in order


def _walk(patterns, prefix: str = "", namespace: str | None = None) -> Iterator[Route]:
    for entry in patterns:
        if isinstance(entry, URLResolver):
            inner = ":".join(n for n in (namespace, entry.namespace) if n) or None
            yield from _walk(entry.url_patterns, prefix + str(entry.pattern), inner)
        elif isinstance(entry, URLPattern) and namespace == NAMESPACE and entry.name:
            params = tuple(entry.pattern.converters)
            yield Route(prefix + str(entry.pattern), f"{namespace}:{entry.name}", params)


def portal_routes() -> list[Route]:
    """Every named route of the ``portal`` namespace."""
    return list(_walk(get_resolver().url_patterns))


# --- The demo's values for the path parameters ------------------------------------------------------------------


@dataclass
class Demo:
    """The demo's portal family: the parent ``ouder`` and the 14-year-old ``jongere`` of caseworker Anna's case."""

    parent: object
    youth: object
    caseworker: object
    case: object
    invitation_token: str  # a fresh, unused invitation for a parent of another of Anna's families


def demo_world() -> Demo:
    """Build the demo data (the real ``samenplan demo`` seed) and a fresh invitation, in the current database."""
    from samenplan import demo_data
    from samenplan.accounts.models import User
    from samenplan.cases.models import Member
    from samenplan.portal import actions as portal_actions
    from samenplan.portal.models import FamilyAccount
    from tests.factories import give_totp

    demo_data.seed()
    parent = User.objects.get(username="ouder")
    youth = User.objects.get(username="jongere")
    caseworker = User.objects.get(username="anna")
    give_totp(caseworker)  # outside demo mode a professional logs in with a second factor
    account = FamilyAccount.objects.select_related("member").get(user=parent)
    case = account.member.family.cases.filter(goals__isnull=False).distinct().order_by("pk").first()
    invited = (
        Member.objects.filter(family__cases__caseworker=caseworker, role="parent", portal_account__isnull=True)
        .order_by("pk")
        .first()
    )
    tokens: list[str] = []
    invited_case = invited.family.cases.order_by("pk").first()
    portal_actions.do_invite(caseworker, invited_case, invited, "nieuw@example.org", accept_url=tokens.append)
    return Demo(parent, youth, caseworker, case, tokens[0])


def _goal(d: Demo):
    return d.case.goals.order_by("pk").first().pk


def _consent(d: Demo):
    from samenplan.consent.models import Consent

    return Consent.objects.filter(case=d.case, revoked_at__isnull=True).order_by("pk").first().pk


def _plan_number(d: Demo):
    return d.case.family_plan.version


def _parent_member(d: Demo):
    from samenplan.portal.models import FamilyAccount

    return FamilyAccount.objects.select_related("member__family").get(user=d.parent).member


def _proposal(d: Demo):
    from samenplan.portal.models import Proposal

    return Proposal.objects.filter(case=d.case).order_by("pk").first().pk


def _conversation(d: Demo):
    from samenplan.feedback.access import conversations_for_member

    return conversations_for_member(_parent_member(d)).order_by("pk").first().pk


def _consent_proposal(d: Demo):
    from samenplan.consent.access import proposals_for_member

    return proposals_for_member(_parent_member(d)).order_by("pk").first().pk


def _option(d: Demo):
    from samenplan.decisions.models import Option

    return Option.objects.filter(case__family=_parent_member(d).family).order_by("pk").first().pk


def _assignment(d: Demo):
    from samenplan.instruments.models import Assignment

    return Assignment.objects.filter(member__family=_parent_member(d).family).order_by("pk").first().pk


DEMO_PARAMS: dict[str, Callable[[Demo], object]] = {
    "link": lambda d: d.invitation_token,
    "goal_id": _goal,
    "consent_id": _consent,
    "number": _plan_number,
    "case_id": lambda d: d.case.pk,
    "block": lambda d: "page-plan",  # read-aloud: the plan page as one block
    "kind": lambda d: "goal",  # a proposal of the family: a goal
    "proposal_id": _proposal,
    "conversation_id": _conversation,
    "consent_proposal_id": _consent_proposal,
    "option_id": _option,
    "assignment_id": _assignment,
}


class MissingParameter(LookupError):
    pass


def url_of(route: Route, demo: Demo) -> str:
    missing = [p for p in route.params if p not in DEMO_PARAMS]
    if missing:
        raise MissingParameter(f"{route.name}: add {missing} to DEMO_PARAMS in tests/portal/routes.py")
    return reverse(route.name, kwargs={p: DEMO_PARAMS[p](demo) for p in route.params})


def viewers(demo: Demo) -> dict[str, object | None]:
    """Who may open a portal page, tried in this order: the parent, the youth, the caseworker, nobody logged in."""
    return {"parent": demo.parent, "youth": demo.youth, "caseworker": demo.caseworker, "anonymous": None}


# Portal routes that answer a GET with something other than an HTML page, and why (each is tested elsewhere).
NOT_PAGES = {
    "portal:plan_pdf": "the plan as a PDF (tests/portal/test_plan.py reads its text back)",
    "portal:own_data_json": "the member's own data as JSON (tests/portal/test_own_data.py)",
    "portal:own_data_pdf": "the member's own data as a PDF (tests/portal/test_own_data.py reads its text back)",
    "portal:read_aloud": "audio of a block of a page (tests/portal/test_readaloud.py, tests/browser/test_readaloud.py)",
}


@dataclass
class Answers:
    url: str
    pages: list[str]  # the viewers to whom a GET answers 200 with an HTML page
    statuses: dict[str, int]  # every viewer's status

    @property
    def get_route(self) -> bool:
        """Whether the route answers GET at all: a form's POST address answers 405 to everyone who may reach it
        (a family member on a professional's route is turned away with 404 before the method is looked at)."""
        return any(status not in (404, 405) for status in self.statuses.values()) or 405 not in self.statuses.values()


def page_viewers(route: Route, demo: Demo) -> Answers:
    """What a GET of the route answers each viewer (of ``viewers``)."""
    url = url_of(route, demo)
    pages, statuses = [], {}
    for name, user in viewers(demo).items():
        client = Client()
        if user is not None:
            client.force_login(user)
        response = client.get(url)
        statuses[name] = response.status_code
        if response.status_code == 200 and response["Content-Type"].startswith("text/html"):
            pages.append(name)
    return Answers(url, pages, statuses)


def portal_pages(demo: Demo) -> list[tuple[Route, str, list[str]]]:
    """Every portal page with its URL and who views it: a page that anyone can open (an invitation) as a visitor
    who is not logged in, any other page as each viewer who may. Raises when a GET route is no page to anyone
    and not listed in ``NOT_PAGES`` (its parameters do not fit the demo, or nobody may see it)."""
    found, unreached = [], []
    for route in portal_routes():
        answers = page_viewers(route, demo)
        if not answers.get_route or route.name in NOT_PAGES:
            continue
        if not answers.pages:
            unreached.append(f"{route.name} {answers.url} {answers.statuses}")
            continue
        who = ["anonymous"] if "anonymous" in answers.pages else answers.pages
        found.append((route, answers.url, who))
    if unreached:
        raise LookupError(
            "portal routes that answer GET but show no page to any viewer; fix DEMO_PARAMS or add to NOT_PAGES: "
            + "; ".join(unreached)
        )
    return found

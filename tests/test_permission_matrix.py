"""Every URL pattern and API route, every persona: allowed or denied as the access rules say.

The table below must name every route. A new view without an entry here fails
``test_it_knows_every_route``: decide who may use it before it ships.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from tests.conftest import PERSONAS

ANON = "anonymous"
EDITORS = {"caseworker", "coworker"}
READERS = EDITORS | {"colleague", "team_lead"}
ALL = set(PERSONAS)


@dataclass(frozen=True)
class Route:
    """``allowed``: personas that get through; the rest get ``denied`` (404 for records they may not see)."""

    method: str
    kwargs: Callable = lambda w: {}
    allowed: frozenset = frozenset()
    denied: dict = field(default_factory=dict)  # persona → status for those not allowed; default 404
    anonymous: int = 302  # what an anonymous visitor gets (302 to the login page; 401/403 for the API)
    client_data: bool = True


def case_id(w):
    return {"case_id": w.case.pk}


def family_id(w):
    return {"family_id": w.case.family_id}


def member_id(w):
    return {"member_id": w.case.family.members.first().pk}


def deny(status, personas):
    return dict.fromkeys(personas, status)


PUBLIC = Route("GET", allowed=frozenset(ALL), anonymous=200, client_data=False)
ACCOUNT_PAGE = Route("GET", allowed=frozenset(ALL), anonymous=None, client_data=False)

ROUTES: dict[str, Route] = {
    "home": Route("GET", allowed=frozenset(ALL), client_data=False),
    "healthz": PUBLIC,
    # django-allauth: log in and out, password change and reset. None of them shows client data.
    **{
        name: ACCOUNT_PAGE
        for name in (
            "account_login",
            "account_logout",
            "account_inactive",
            "account_signup",
            "account_reauthenticate",
            "account_email",
            "account_email_verification_sent",
            "account_change_password",
            "account_set_password",
            "account_reset_password",
            "account_confirm_login_code",
            "account_reset_password_from_key_done",
            "account_reset_password_done",
        )
    },
    "account_confirm_email": Route(
        "GET", lambda w: {"key": "onbekend"}, frozenset(ALL), anonymous=None, client_data=False
    ),
    "account_reset_password_from_key": Route(
        "GET", lambda w: {"uidb36": "1", "key": "x-y"}, frozenset(ALL), anonymous=None, client_data=False
    ),
    # The caseload: everyone logged in has one; what it lists is filtered per user (tested elsewhere).
    "cases:caseload": Route("GET", allowed=frozenset(ALL)),
    "cases:dossier": Route("GET", case_id, frozenset(READERS)),
    "cases:add_note": Route("POST", case_id, frozenset(EDITORS), deny(403, READERS - EDITORS)),
    "cases:move_phase": Route("POST", case_id, frozenset(EDITORS), deny(403, READERS - EDITORS)),
    "cases:change_workers": Route("GET", case_id, frozenset(EDITORS | {"team_lead"}), deny(403, {"colleague"})),
    "cases:register": Route(
        "GET",
        allowed=frozenset(ALL - {"scientist", "administrator"}),
        denied=deny(403, ALL),
    ),
    "cases:add_member": Route("GET", family_id, frozenset(EDITORS), deny(403, READERS - EDITORS)),
    "cases:edit_member": Route("GET", member_id, frozenset(EDITORS), deny(403, READERS - EDITORS)),
    # The intake steps: the case's workers record them; readers of the case may see it but not record.
    "intake:conversation": Route("GET", case_id, frozenset(EDITORS), deny(403, READERS - EDITORS)),
    "intake:clarify": Route("GET", case_id, frozenset(EDITORS), deny(403, READERS - EDITORS)),
    "intake:route": Route("GET", case_id, frozenset(EDITORS), deny(403, READERS - EDITORS)),
    "audit:log": Route("GET", allowed=frozenset({"team_lead"}), denied=deny(403, ALL)),
    "api-schema": PUBLIC,  # the API's description: no client data
    # The JSON API: the same predicates; anonymous callers get 401.
    "api-me": Route("GET", allowed=frozenset(ALL), anonymous=401, client_data=False),
    "api-families": Route("GET", allowed=frozenset(ALL), anonymous=401),
    "api-family": Route("GET", family_id, frozenset(READERS), anonymous=401),
    "api-family-members": Route("GET", family_id, frozenset(READERS), anonymous=401),
    "api-member": Route("GET", member_id, frozenset(READERS), anonymous=401),
    "api-cases": Route("GET", allowed=frozenset(ALL), anonymous=401),
    "api-case": Route("GET", case_id, frozenset(READERS), anonymous=401),
    "api-case-workers": Route(
        "POST", case_id, frozenset(EDITORS | {"team_lead"}), deny(403, {"colleague"}), anonymous=401
    ),
    "api-case-entries": Route("GET", case_id, frozenset(READERS), anonymous=401),
    "api-case-phase": Route("POST", case_id, frozenset(EDITORS), deny(403, READERS - EDITORS), anonymous=401),
    # The intake (intake/api.py): readers of the case read, its workers record.
    "api-case-conversations": Route("GET", case_id, frozenset(READERS), anonymous=401),
    "api-case-clarifications": Route("GET", case_id, frozenset(READERS), anonymous=401),
    "api-case-route": Route("GET", case_id, frozenset(READERS), anonymous=401),
    "api-severity-levels": Route("GET", allowed=frozenset(ALL), anonymous=401, client_data=False),
}


def iter_routes(patterns=None, namespace=None):
    for p in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(p, URLResolver):
            yield from iter_routes(p.url_patterns, p.namespace or namespace)
        elif isinstance(p, URLPattern):
            yield f"{namespace}:{p.name}" if namespace else p.name


def test_it_knows_every_route():
    routes = set(iter_routes())
    assert None not in routes, "every URL pattern needs a name"
    unknown = routes - set(ROUTES)
    assert not unknown, f"routes without an access rule in the permission matrix: {sorted(unknown)}"
    assert not set(ROUTES) - routes, f"routes in the matrix that no longer exist: {sorted(set(ROUTES) - routes)}"


def _request(client, route: Route, name: str, world):
    url = reverse(name, kwargs=route.kwargs(world))
    if route.method == "GET":
        return client.get(url)
    return client.post(url, {})


@pytest.mark.parametrize("name", sorted(ROUTES))
@pytest.mark.parametrize("persona", [*PERSONAS, ANON])
def test_it_allows_and_denies_as_the_rules_say(client, world, name, persona):
    route = ROUTES[name]
    if persona != ANON:
        client.force_login(world.persona(persona))
    response = _request(client, route, name, world)
    status = response.status_code
    assert status < 500, f"{name} as {persona}: {status}"
    if persona == ANON:
        if route.anonymous is not None:
            assert status == route.anonymous, f"{name} as anonymous: {status}"
        if route.anonymous == 302:
            assert reverse("account_login") in response["Location"]
        return
    if persona in route.allowed:
        assert status not in (401, 403, 404), f"{name} as {persona}: {status}, expected to be allowed"
    else:
        expected = route.denied.get(persona, 404)
        assert status == expected, f"{name} as {persona}: {status}, expected {expected}"

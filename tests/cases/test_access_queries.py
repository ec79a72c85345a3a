"""A record that exists but is not visible costs the same queries as one that does not exist.

Otherwise the time an answer takes tells an outsider which ids exist in other organisations. Counted in
queries, not timed: every getter loads and checks visibility in one query, and the refusal it logs is the
same whether the id exists or not.
"""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.urls import reverse

from samenplan.cases import access
from tests.audit.statements import record_statements

MISSING = 987654321
LOOKUP = 1  # the one query that loads the record and checks visibility
REFUSAL = record_statements()  # the refused record (one statement on PostgreSQL, three on SQLite)


def ids(world) -> dict[str, int]:
    return {"case": world.case.pk, "family": world.case.family_id, "member": world.case.family.members.first().pk}


GETTERS = {
    "case": lambda user, pk: access.get_case_for_user(user, pk),
    "case_edit": lambda user, pk: access.get_case_for_user(user, pk, edit=True),
    "case_phase": access.get_case_for_phase_change,
    "case_assign": access.get_case_for_assigning,
    "family": access.get_family_for_user,
    "family_edit": access.get_family_for_edit,
    "member": lambda user, pk: access.get_member_for_user(user, pk),
    "member_edit": lambda user, pk: access.get_member_for_user(user, pk, edit=True),
}


def refused_queries(user, getter, pk) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries, pytest.raises(Http404):
        getter(user, pk)
    return len(queries)


@pytest.mark.parametrize("persona", ["outsider", "south_worker"])
@pytest.mark.parametrize("name", sorted(GETTERS))
def test_it_refuses_an_invisible_record_in_as_many_queries_as_a_missing_one(world, persona, name):
    user = world.persona(persona)
    user.team_roles  # noqa: B018  the user's roles are read once per request, before any getter
    pk = ids(world)[name.split("_")[0]]
    assert refused_queries(user, GETTERS[name], pk) == refused_queries(user, GETTERS[name], MISSING)


@pytest.mark.parametrize("name", ["case", "family", "member"])
def test_it_loads_and_checks_a_record_in_one_query(world, django_assert_num_queries, name):
    user, pk = world.colleague, ids(world)[name]
    user.team_roles  # noqa: B018
    with django_assert_num_queries(LOOKUP):
        assert GETTERS[name](user, pk).pk == pk


@pytest.mark.parametrize("name", ["family_edit", "member_edit"])
def test_it_knows_in_the_same_query_whether_the_user_may_change_the_family(world, django_assert_num_queries, name):
    world.colleague.team_roles  # noqa: B018
    world.caseworker.team_roles  # noqa: B018
    pk = ids(world)[name.split("_")[0]]
    with django_assert_num_queries(LOOKUP):
        GETTERS[name](world.caseworker, pk)
    with django_assert_num_queries(LOOKUP + REFUSAL), pytest.raises(PermissionDenied):
        GETTERS[name](world.colleague, pk)


def test_it_answers_a_refusal_in_a_fixed_number_of_queries(world, django_assert_num_queries):
    world.outsider.team_roles  # noqa: B018
    for getter in ("case", "family", "member"):
        with django_assert_num_queries(LOOKUP + REFUSAL), pytest.raises(Http404):
            GETTERS[getter](world.outsider, MISSING)


WEB = {
    "case": lambda pk: reverse("cases:dossier", args=[pk]),
    "family": lambda pk: reverse("cases:add_member", args=[pk]),
    "member": lambda pk: reverse("cases:edit_member", args=[pk]),
}
API = {
    "case": lambda pk: reverse("api-case", args=[pk]),
    "family": lambda pk: reverse("api-family", args=[pk]),
    "member": lambda pk: reverse("api-member", args=[pk]),
}


def count_queries(client, url) -> tuple[int, int]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    return response.status_code, len(queries)


@pytest.mark.parametrize("persona", ["outsider", "south_worker"])
@pytest.mark.parametrize("channel, kind", [(c, k) for c in ("web", "api") for k in ("case", "family", "member")])
def test_it_answers_an_invisible_id_like_a_missing_one_over_http(client, world, persona, channel, kind):
    client.force_login(world.persona(persona))
    url = (WEB if channel == "web" else API)[kind]
    existing = count_queries(client, url(ids(world)[kind]))
    missing = count_queries(client, url(MISSING))
    assert existing == missing
    assert existing[0] == 404

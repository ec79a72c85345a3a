"""The caseload's open cases as one statement written as SQL text (``cases.caselist.OpenCases``: the parts of the
visibility, UNION) give exactly the rows of the ORM's query with the condition OR'ed together (``CasesOf``), in
the same order, page by page, with the same length: every persona, both scopes, with and without a phase, on
mixed data (co-workers, emergency grants live and expired, consultations open and answered, a closed case, a case
of another team and of another organisation)."""

from __future__ import annotations

import pytest
from django.db.models import Count, Window

from samenplan.caseload.paging import LENGTH
from samenplan.cases.models import Case, Phase
from samenplan.cases.predicates import EDITORS, VIEWERS, CasesOf
from samenplan.cases.views import _open_cases
from tests.cases.test_predicates import _extra_cases
from tests.conftest import PERSONAS, register


def _orm_rows(user, relations, phase: str) -> list[dict]:
    """The list as the caseload read it before: the ORM's query filtered by ``CasesOf``, in the page's order."""
    from samenplan.cases.caselist import PhaseRank
    from samenplan.cases.views import CASELOAD_FIELDS

    cases = Case.objects.filter(CasesOf(user, relations)).filter(closed_on__isnull=True)
    cases = cases.filter(phase=phase) if phase else cases
    cases = cases.order_by(PhaseRank(), "family_name", "pk").values(*CASELOAD_FIELDS)
    return list(cases.annotate(**{LENGTH: Window(Count("*"))}))


@pytest.fixture
def mixed(world):
    cases = _extra_cases(world)
    # More cases of the north team, some in another phase, one without a family name copied (sorted as NULL)
    for i in range(5):
        register(world.colleague, world.north, name=f"Aalbers{i}", coworkers=[world.caseworker] if i % 2 else [])
    Case.objects.filter(pk=cases[6].pk).update(phase=Phase.CLARIFICATION)
    Case.objects.filter(pk=cases[7].pk).update(family_name=None)
    return world


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("scope", ["mine", "team"])
@pytest.mark.parametrize("phase", ["", Phase.REGISTRATION, Phase.CLARIFICATION])
def test_it_reads_the_same_rows_as_the_or_of_the_relations(mixed, persona, scope, phase):
    user = mixed.persona(persona)
    expected = _orm_rows(user, EDITORS if scope == "mine" else VIEWERS, phase)
    if (persona, scope, phase) == ("team_lead", "team", ""):
        assert len(expected) > 10  # several pages of three
    for size in (3, 50):  # pages of three rows (offsets within the list and past its end) and one page of all
        for start in range(0, len(expected) + size, size):
            found = _open_cases(user, scope, phase)[start : start + size]
            assert found == expected[start : start + size], (persona, scope, phase, size, start)
    assert _open_cases(user, scope, phase).count() == len(expected)


def test_it_reads_nothing_for_a_user_without_cases(world):
    from django.contrib.auth.models import AnonymousUser

    assert _open_cases(AnonymousUser(), "team", "")[0:50] == []
    assert _open_cases(world.administrator, "team", "")[0:50] == []


def test_it_shows_the_empty_first_page_for_a_stale_page_of_an_empty_list(client, world):
    """A page past the end of an empty list (a team lead's own cases, page 2): the first page, empty, as for any
    stale link (the ORM refused to compile the empty page's query: a 500)."""
    client.force_login(world.team_lead)
    response = client.get("/cases/", {"scope": "mine", "page": "2"})
    assert response.status_code == 200
    assert "Er zijn hier geen open trajecten." in response.content.decode()

"""What providers build their items with: a URL per key from one ``reverse``, dates in the active language, the
cases read once for every provider, and their statements compiled once."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.db import connection, connections, router
from django.db.models import DateTimeField
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format

from samenplan.caseload import registry, services
from samenplan.cases.models import Case, DossierEntry
from tests.caseload.factories import busy_cases
from tests.conftest import requires_postgres


def test_the_url_maker_gives_what_reverse_gives_for_every_key():
    dossier, consent = registry.url_maker("cases:dossier"), registry.url_maker("cases:dossier", "#consent")
    for pk in (1, 42, 918_273):
        assert dossier(pk) == reverse("cases:dossier", args=[pk])
        assert consent(pk) == reverse("cases:dossier", args=[pk]) + "#consent"
    assert registry.url_maker("evaluations:hold_planned")(7) == reverse("evaluations:hold_planned", args=[7])


def test_dates_are_formatted_as_date_format_does_in_the_language_of_the_request():
    for language in ("nl", "en", "ar"):
        with translation.override(language):
            assert [registry.day_format()(day) for day in (date(2026, 3, 5), date(2027, 12, 31))] == [
                date_format(date(2026, 3, 5)),
                date_format(date(2027, 12, 31)),
            ]


def test_the_caseload_is_read_once_with_what_every_provider_needs_of_a_case(world):
    busy_cases(world, 3)
    for user in (world.caseworker, world.coworker, world.colleague):
        cases = services.own_cases(user)
        with CaptureQueriesContext(connection) as queries:
            caseload = services.read_caseload(cases)
        assert len(queries) == 1
        expected = {
            case.pk: (case.family_id, case.family.name, case.phase, case.opened_on, _last_entry_on(case))
            for case in cases.select_related("family")
        }
        assert {row.pk: tuple(row[1:]) for row in caseload.rows} == expected
        assert (
            sorted(caseload.ids) == sorted(expected)
            and caseload.ids_text == "{" + ",".join(map(str, caseload.ids)) + "}"
        )
        assert caseload.family == {pk: found[:2] for pk, found in expected.items()}
    assert any(row.last_entry_on for row in services.read_caseload(services.own_cases(world.caseworker)).rows)


def test_the_own_caseload_is_compiled_once_and_read_with_each_user_s_parameters(world):
    busy_cases(world, 3)
    database = connections[router.db_for_read(Case)]
    key = ("caseload.own_cases", timezone.get_current_timezone_name())
    for user in (world.caseworker, world.coworker, world.colleague, world.outsider, world.caseworker):
        with CaptureQueriesContext(connection) as queries:
            caseload = services.own_caseload(user)
        assert len(queries) == 1
        assert sorted(caseload.rows) == sorted(services.read_caseload(services.own_cases(user)).rows)
        assert key in database.__dict__["samenplan_prepared_values"]  # the compiled query, not the ORM's each time
    assert len(services.own_caseload(world.caseworker).rows) == 4 and not services.own_caseload(world.colleague).rows
    world.caseworker.is_active = False
    with CaptureQueriesContext(connection) as queries:
        assert services.own_caseload(world.caseworker).rows == []
    assert len(queries) == 0


def _prepared_runs() -> dict[str, int]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT statement, generic_plans + custom_plans FROM pg_prepared_statements")
        return dict(cursor.fetchall())


@requires_postgres()
def test_the_caseload_and_the_providers_statements_run_prepared_on_postgresql(world):
    busy_cases(world, 2)
    before = _prepared_runs()
    for _ in range(2):
        data = services.dashboard(world.caseworker, services.own_caseload(world.caseworker), timezone.localdate())
    assert data.open_cases == 3
    runs = {statement: n - before.get(statement, 0) for statement, n in _prepared_runs().items()}
    assert {n for statement, n in runs.items() if '"last_activity_at"' in statement} == {2}  # the caseload's
    assert {n for statement, n in runs.items() if "portal_familyinputseen" in statement} == {2}  # a provider's


def _last_entry_on(case):
    newest = case.entries.order_by("-at").values_list("at", flat=True).first()
    return timezone.localdate(newest) if newest else None


@registry.Statement
def _entries_since():
    return (
        DossierEntry.objects.filter(registry.among_cases("case_id"), at__gte=registry.Param("since", DateTimeField()))
        .order_by("pk")
        .values_list("pk", "case_id", "at", "kind")
    )


def test_a_statement_gives_the_rows_its_queryset_gives_with_the_values_of_each_call(world):
    """Compiled once per connection (Django's compiler, as ``cases.access`` uses it), run with each call's cases and
    values, its rows converted as the ORM converts them (aware datetimes on SQLite too)."""
    busy_cases(world, 4)
    seen = []
    for user, days in ((world.caseworker, 30), (world.caseworker, 90), (world.coworker, 90), (world.colleague, 1)):
        caseload = services.read_caseload(services.own_cases(user))
        since = timezone.now() - timedelta(days=days)
        expected = list(
            DossierEntry.objects.filter(case_id__in=caseload.ids, at__gte=since)
            .order_by("pk")
            .values_list("pk", "case_id", "at", "kind")
        )
        with CaptureQueriesContext(connection) as queries:
            found = _entries_since.rows(caseload, since=since)
        assert [tuple(row) for row in found] == expected and len(queries) == 1
        seen += found
    assert len({pk for pk, *_ in seen}) > 4 and all(timezone.is_aware(at) for _pk, _case, at, _kind in seen)
    assert _entries_since.rows(registry.Caseload([]), since=since) == []


@registry.Statement
def _members_of_the_families():
    from samenplan.cases.models import Member

    return Member.objects.filter(registry.among_families("family_id")).order_by("pk").values_list("pk", "family_id")


def test_a_statement_can_ask_for_the_families_of_the_cases_as_one_parameter(world):
    """``among_families``: the cases' families' ids, each once, from the case rows (not read again)."""
    from samenplan.cases.models import Member

    busy_cases(world, 3)
    for user in (world.caseworker, world.coworker, world.colleague):
        caseload = services.read_caseload(services.own_cases(user))
        families = {row.family_id for row in caseload.rows}
        assert sorted(map(int, caseload.families_text[1:-1].split(",") if families else [])) == sorted(families)
        expected = list(Member.objects.filter(family_id__in=families).order_by("pk").values_list("pk", "family_id"))
        with CaptureQueriesContext(connection) as queries:
            found = _members_of_the_families.rows(caseload)
        assert [tuple(row) for row in found] == expected and len(queries) == 1
    assert expected == [] and found == []  # the colleague has no case
    assert _members_of_the_families.rows(services.read_caseload(services.own_cases(world.caseworker)))


def test_a_statement_is_compiled_once_and_refuses_a_date_it_would_keep(world):
    built = []

    @registry.Statement
    def counted():
        built.append(1)
        return DossierEntry.objects.filter(registry.among_cases("case_id")).values_list("pk")

    caseload = services.read_caseload(services.own_cases(world.caseworker))
    for _ in range(3):
        counted.rows(caseload)
    assert len(built) == 2  # once for its model, once to compile it for this connection

    @registry.Statement
    def frozen():
        return DossierEntry.objects.filter(registry.among_cases("case_id"), at__gte=timezone.now()).values_list("pk")

    if connection.vendor == "postgresql":  # where the compiled parameters keep the time as a time
        with pytest.raises(ImproperlyConfigured, match="Param"):
            frozen.rows(caseload)

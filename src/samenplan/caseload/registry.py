"""The dashboard's item providers: one per group of things that need doing.

A provider is a callable ``(cases, today, settings) -> list[Item]``:

- ``cases``: a :class:`Caseload`, the open cases the dashboard is about (the professional's own, or a team lead's
  teams'), read once for every provider (``caseload.services.read_caseload``): their rows (id, family, phase,
  opened, last entry), and ``cases.family`` the family's id and name of each case. Filter your records with
  ``cases.of("case_id")`` (the cases' ids as one parameter), never with a join to the case or its family: the
  item's family comes from ``cases.family[case_id]``;
- ``today``: the ``date`` the dashboard or the reminder is for;
- ``settings``: the organisation's ``administration.OrganisationSettings`` (``settings_for(org)``, on the dashboard
  read when first used: ``cases.inactivity_days`` holds that setting when the rows brought it), e.g.
  ``settings.evaluation_interval_weeks``.

It must issue a **constant number of queries** however many cases there are (at most one; none when the case rows
say it all) and return :class:`Item` rows of its own group. Register it once, in the providing app's
``AppConfig.ready``::

    from samenplan.caseload import registry
    registry.register(registry.EVALUATIONS_PROVIDER_KEY, my_provider)

A group whose key has no provider is not shown (the slots for evaluations and plans wait for their apps).

A provider builds every item of its group (the page counts them and shows the first few), so it reads plain values
(``values_list``) rather than model instances, and formats with what is the same for every row once: the
translated text (``gettext`` before the loop), the URL (:func:`url_maker`: one ``reverse``) and the dates
(:func:`day_format`: once per date). For example, the evaluations app (``evaluations/providers.py``)::

    def evaluations_provider(cases, today, settings):
        text, url, day = _("Evaluation planned for %(day)s"), url_maker("evaluations:…"), day_format()
        rows = Evaluation.objects.filter(cases.of("case_id"), …).values_list("pk", "case_id", "planned_on")
        return [
            Item(EVALUATIONS_PROVIDER_KEY, text % {"day": day(on)}, url(pk), case_id, *cases.family[case_id],
                 due=on, overdue=on < today)
            for pk, case_id, on in rows
        ]

The heading and the reminder line of both slots are ready in ``caseload/texts.py``; the reminder counts every
item that is not ``waiting`` and says how many are ``overdue`` ("3 evaluaties deze week, 1 te laat").
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property, lru_cache
from typing import NamedTuple

from django.core.exceptions import ImproperlyConfigured
from django.db import connections, router
from django.db.models import Expression, F, Field, Lookup, TextField
from django.utils.formats import date_format
from django.utils.translation import get_language

from samenplan import prepared
from samenplan.links import url_for_ids

EVALUATIONS_PROVIDER_KEY = "evaluations"  # evaluations due this week and overdue (the evaluations app)
PLANS_PROVIDER_KEY = "plans"  # plans not yet agreed by the family (the family plan app)
CONSULTATIONS_PROVIDER_KEY = "consultations"
CONSENTS_PROVIDER_KEY = "consents"
FAMILY_INPUT_PROVIDER_KEY = "family_input"
INACTIVE_PROVIDER_KEY = "inactive"
PHASES_PROVIDER_KEY = "phases"


@dataclass(slots=True)
class Item:
    """One thing on the dashboard. ``text`` says what is to be done (no family name: the page adds it from
    ``family_name``); ``url`` is where it is done.

    ``due``: the date it is due (or expires), for ordering; ``overdue``: past its date; ``waiting``: someone else's
    turn (e.g. a consultation not yet answered), shown but not counted as due in the reminder; ``count``: for a
    summary item (cases in a phase) instead of one case.

    Made by a provider and only read after (not ``frozen``: that made each one three times dearer to make, and a
    caseload gives hundreds)."""

    group: str
    text: str
    url: str
    case_id: int | None = None
    family_id: int | None = None
    family_name: str = ""
    due: date | None = None
    overdue: bool = False
    waiting: bool = False
    count: int | None = None


class CaseRow(NamedTuple):
    """What every provider may need of one case of the dashboard (``caseload.services.read_caseload``)."""

    pk: int
    family_id: int
    family_name: str
    phase: str
    opened_on: date
    last_entry_on: date | None  # the day of the case's newest dossier entry (None: no entry yet)


@dataclass
class Caseload:
    """The open cases a dashboard (or a reminder) is about, read once for every provider: ``rows`` in no
    particular order, ``family`` the family's ``(id, name)`` of each case by its id, ``ids`` the cases' ids."""

    rows: list[CaseRow]
    # the organisation's setting when read with the rows (``services.own_caseload``), else None: ask ``settings``
    inactivity_days: int | None = None
    family: dict[int, tuple[int, str]] = field(init=False)
    ids: list[int] = field(init=False)
    ids_text: str = field(init=False)  # the ids as PostgreSQL's text of an array, ``{1,2}``: one parameter

    def __post_init__(self):
        self.family = {row.pk: (row.family_id, row.family_name) for row in self.rows}
        self.ids = list(self.family)
        # made once for every statement: the database driver took longer to turn a list into an array, each time
        self.ids_text = "{" + ",".join(map(str, self.ids)) + "}"

    @cached_property
    def families_text(self) -> str:
        """The cases' families' ids (each once) as the text of an array, as ``ids_text``: the parameter of
        :func:`among_families`."""
        return "{" + ",".join(map(str, dict.fromkeys(row.family_id for row in self.rows))) + "}"


class Param(Expression):
    """A value of a :class:`Statement` that changes with the request (today's date, the cases), given by name when
    the statement runs: compiled as a placeholder."""

    def __init__(self, name: str, output_field):
        super().__init__(output_field=output_field)
        self.name = name

    def as_sql(self, compiler, connection):
        return "%s", [_Slot(self.name, self.output_field)]


@dataclass(frozen=True, slots=True)
class _Slot:
    """Where a :class:`Param`'s value goes in a compiled statement's parameters: made ready for the database by its
    ``field`` as the ORM does a value it compiles (a time as SQLite stores it), then by ``prepare``."""

    name: str
    field: Field
    prepare: Callable | None = None


class _AmongCases(Lookup):
    """``<field>`` is one of the dashboard's cases (the :class:`Param` ``cases``: :attr:`Caseload.ids_text`; or of
    their families, ``families``: :attr:`Caseload.families_text`). On
    PostgreSQL ``<field> = ANY(%s::bigint[])``: the ids go as one array parameter, so the statement is the same text
    however many cases there are (a team lead's are thousands), and the planner looks each up in the field's index.
    On SQLite the same text is read as a JSON list. Made by :func:`among_cases`."""

    lookup_name = "among_cases"
    prepare_rhs = False

    def get_prep_lookup(self):
        return self.rhs

    def as_sql(self, compiler, connection):
        lhs, params = self.process_lhs(compiler, connection)
        # the compiled column and a placeholder
        cases = _Slot(self.rhs.name, self.rhs.output_field, _json_list)
        return f"{lhs} IN (SELECT value FROM json_each(%s))", (*params, cases)  # noqa: S608

    def as_postgresql(self, compiler, connection):
        lhs, params = self.process_lhs(compiler, connection)
        return f"{lhs} = ANY(%s::bigint[])", (*params, _Slot(self.rhs.name, self.rhs.output_field))


def _json_list(array: str) -> str:
    """PostgreSQL's text of an array of numbers, ``{1,2}``, as a JSON list, ``[1,2]``."""
    return f"[{array[1:-1]}]"


CASES = "cases"  # the name of the cases' Param in every statement: :meth:`Statement.rows` gives it
FAMILIES = "families"  # the name of the families' Param (:func:`among_families`), given by :meth:`Statement.rows`


def among_cases(field_name: str) -> _AmongCases:
    """The condition "``field_name`` is one of the dashboard's cases" for a :class:`Statement`, e.g.
    ``Evaluation.objects.filter(among_cases("case_id"), …)`` (``"pk"`` on cases)."""
    return _AmongCases(F(field_name), Param(CASES, TextField()))


def among_families(field_name: str) -> _AmongCases:
    """The condition "``field_name`` is the family of one of the dashboard's cases", as :func:`among_cases`, e.g.
    ``Member.objects.filter(among_families("family_id"))``: the cases' family ids (from the case rows) as one
    parameter."""
    return _AmongCases(F(field_name), Param(FAMILIES, TextField()))


class Statement:
    """A provider's read: ``build()`` makes it as a ``values_list`` queryset whose values that change with the
    request are :class:`Param`s (and the cases :func:`among_cases`). It is compiled by the ORM once per database
    connection and then run with each request's values (``rows``): building and compiling a queryset with
    subqueries took the providers about a millisecond each, more than their SQL (issue 14). On PostgreSQL it runs
    as a prepared statement (``prepared.fetchall``): its text is the same for every request (the cases are one
    array parameter), and planning the statements with subqueries anew each time took about as long as running
    them (the family's new messages: ≈ 1.5 ms planning for 1.8 ms running; PostgreSQL's generic plan, which it
    chooses after five runs when it is no dearer, is the same shape of index lookups).

    What is kept is SQL text and the compiler (for converting the rows' values as the ORM does), nothing of a
    request. A date or time among the compiled parameters is refused: it would be frozen at the first request, make
    it a :class:`Param` (PostgreSQL's compiled parameters show it; SQLite's are text). Relies on Django's compiler:
    ``as_sql``, ``select``, ``get_converters`` and ``apply_converters``, as ``cases.access`` does;
    tests/caseload/test_registry.py pins it (a statement gives the rows its queryset gives)."""

    def __init__(self, build: Callable):
        self.build = build
        self.model = None
        self.families = None  # whether it has :func:`among_families` (known once compiled)

    def rows(self, cases: Caseload, **values) -> list:
        if self.model is None:
            self.model = self.build().model
        database = router.db_for_read(self.model)
        connection = connections[database]
        compiled = connection.__dict__.setdefault("samenplan_caseload_statements", {})
        if self not in compiled:
            compiled[self] = self._compile(database)
        sql, params, compiler, converters = compiled[self]
        if self.families is None:
            self.families = any(type(param) is _Slot and param.name == FAMILIES for param in params)
        values[CASES] = cases.ids_text
        if self.families:
            values[FAMILIES] = cases.families_text
        params = [_value(param, values, connection) if type(param) is _Slot else param for param in params]
        rows = prepared.fetchall(connection, sql, params)
        return list(compiler.apply_converters(rows, converters)) if converters else rows

    def _compile(self, database: str) -> tuple:
        compiler = self.build().query.get_compiler(using=database)
        sql, params = compiler.as_sql()
        frozen = [param for param in params if isinstance(param, date)]
        if frozen:
            raise ImproperlyConfigured(
                f"{self.build.__qualname__}: the dates {frozen} would be kept, make them a Param"
            )
        converters = compiler.get_converters([column[0] for column in compiler.select])
        return sql, params, compiler, converters


def _value(slot: _Slot, values: dict, connection):
    value = slot.field.get_db_prep_value(values[slot.name], connection)
    return slot.prepare(value) if slot.prepare else value


Provider = Callable[..., list[Item]]

url_maker = url_for_ids  # the providers' name for it (samenplan/links.py)


@lru_cache(maxsize=4096)
def _day(day: date, language: str | None) -> str:
    return date_format(day)  # in the active language, which is ``language``


def day_format() -> Callable[[date], str]:
    """``date_format`` in the active language, each date formatted once per process (about 25 µs each, and a
    caseload's inactive cases have about as many dates as cases). A date alone is no client data. Make one per
    call of the provider: the language is the request's (the formats are one for all languages now, d-m-Y, but a
    language may have its own)."""
    language = get_language()
    return lambda day: _day(day, language)


_providers: dict[str, Provider] = {}


def register(key: str, provider: Provider) -> None:
    """Register (or replace) the provider of group ``key``."""
    _providers[key] = provider


def unregister(key: str) -> None:
    _providers.pop(key, None)


def providers() -> dict[str, Provider]:
    """The registered providers by key (a copy)."""
    return dict(_providers)


def is_registered(key: str) -> bool:
    return key in _providers


def collect(cases: Caseload, today: date, settings, keys=None) -> dict[str, list[Item]]:
    """Every registered provider's items (or only ``keys``) over ``cases``, by group key."""
    return {
        key: list(provider(cases, today, settings))
        for key, provider in _providers.items()
        if keys is None or key in keys
    }

"""The team lead's overview of a team: how the work is spread. A fixed number of queries, however many cases.

Per open case: its caseworker, phase, since when (the last phase change on its timeline, else its opening), its last
activity (the last entry on its timeline). Per professional: open cases per phase and those without activity (no
entry for the organisation's ``inactivity_days``). The team's median time in each phase. Cases waiting for the
intake: those still in registration.

Requests for consultation waiting: the open requests to a behavioural scientist on the team's open cases
(``consultations_waiting``, from ``analysis.Consultation``).

Evaluations due (this week or overdue) per professional come from ``samenplan.evaluations``. Cases
on the agenda of the team's intake or review table come from ``samenplan.tables``.

A team has a thousand open cases or more, and the counts, the inactive cases and the medians need every one of
them: they are read as plain tuples (no model instances, no joins: the family's name is the copy the case keeps,
the days are dates), made into a :class:`CaseRow` only when a page (or the API) asks for it; the API reads the
moments of their last activity for its rows (:func:`describe`, one query). Issue 14: the page had turned
a thousand cases into model instances for 50 rows. On PostgreSQL the page has the database count them and make
the medians, and reads only the rows of its two pages (:func:`_summary`).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from functools import cache, partial
from itertools import compress
from operator import not_

from django.db import connections, router
from django.db.models import (
    BooleanField,
    DateField,
    Exists,
    ExpressionWrapper,
    Field,
    Func,
    OuterRef,
    Q,
    Subquery,
    Value,
    When,
)
from django.db.models import Case as Choice
from django.db.models.functions import Coalesce, TruncDate
from django.utils import timezone
from django.utils.text import capfirst

from samenplan import prepared
from samenplan.accounts.models import Membership, Role, User
from samenplan.administration import rules, services
from samenplan.cases.models import Case, Family, Phase
from samenplan.links import url_for_ids

OPEN_PHASES = [p for p in Phase if p != Phase.CLOSED]


@dataclass(slots=True)
class CaseRow:
    """An open case as the overview shows it, in plain values; :func:`label` (the page) or :func:`describe` (the API)
    fill in the rest."""

    case_id: int
    caseworker_id: int
    caseworker: str  # the caseworker's name, as their row in the caseload per professional
    phase: str
    days_in_phase: int
    median_days: float | None  # the team's median in this phase
    inactive: bool  # no entry on its timeline for the organisation's inactivity_days
    family_id: int
    family_name: str
    last_activity_on: date | None  # the day (in the current time zone) of the newest entry on its timeline
    last_activity: datetime | None = None  # the moment of that entry: describe
    url: str = ""  # of the case's dossier
    phase_label: str = ""


class CaseRows(Sequence):
    """Open cases in the overview's order (phase, opening date, case), each made into a :class:`CaseRow` when it is
    asked for, once: the page's pager takes 50 of a thousand, the API all of them."""

    def __init__(self, source: _Source, start: int = 0, stop: int | None = None):
        self.source, self.start = source, start
        self.stop = len(source.cases) if stop is None else stop

    def __len__(self) -> int:
        return self.stop - self.start

    def __getitem__(self, index):
        if isinstance(index, slice):
            return [self.source.row(self.start + i) for i in range(*index.indices(len(self)))]
        if index < 0:
            index += len(self)
        if not 0 <= index < len(self):
            raise IndexError(index)
        return self.source.row(self.start + index)


@dataclass
class _Source:
    cases: list[tuple]  # (case, caseworker, phase, since, active, evaluations due, family, its name, last day, …)
    today: int  # the ordinal of today's date
    names: dict[int, str]  # of the caseworkers
    medians: dict[str, float | None]
    made: dict[int, CaseRow] = field(default_factory=dict)

    def row(self, i: int) -> CaseRow:
        row = self.made.get(i)
        if row is None:
            pk, worker, phase, since, active, _due, family_id, family_name, last_activity_on, *_lists = self.cases[i]
            row = CaseRow(
                pk, worker, self.names[worker], phase, _days(since, self.today), self.medians[phase], not active,
                family_id, family_name, last_activity_on,
            )  # fmt: skip
            self.made[i] = row
        return row


@dataclass
class WorkerRow:
    worker: User
    per_phase: list[int]
    open_cases: int = 0
    inactive: int = 0
    evaluations_due: int = 0  # planned evaluations of their cases, not held, due this week or overdue


@dataclass
class Overview:
    team: object
    inactivity_days: int
    phases: list = field(default_factory=lambda: OPEN_PHASES)
    workers: list[WorkerRow] = field(default_factory=list)
    cases: Sequence[CaseRow] = field(default_factory=list)  # ordered by phase, opening date and case
    medians: dict[str, float | None] = field(default_factory=dict)
    waiting_for_intake: Sequence[CaseRow] = field(default_factory=list)
    table_agenda: list = field(default_factory=list)  # open items on the team's tables' agendas
    consultations_waiting: list = field(default_factory=list)  # open requests to a behavioural scientist

    def family_ids(self, shown: list[CaseRow]) -> list[int]:
        """The families a page shows: of the ``shown`` rows and of every agenda item and request, once each."""
        families = [row.family_id for row in shown]
        families += [item.case.family_id for item in self.table_agenda]
        families += [c.case.family_id for c in self.consultations_waiting]
        return list(dict.fromkeys(families))


def team_overview(
    team, *, now: datetime | None = None, inactivity_days: int | None = None, pages: tuple[int, int] | None = None
) -> Overview:
    """Two to five queries: the settings (unless the organisation's ``inactivity_days`` is given: the page reads it
    with the led teams, ``access.get_led_teams``), the open cases with their timeline dates and evaluations due, the
    team's professionals and the cases' caseworkers, and only when there are any (the cases' query says so) the open
    items on the agendas of the team's tables and the requests for consultation waiting.

    Each query is the same on every request but for its parameters: it is compiled by the ORM once per database
    connection and, on PostgreSQL, run as a prepared statement (``samenplan.prepared``): building and compiling
    them cost about a millisecond each, more than the database took to answer most of them (issue 14).

    ``pages`` (a page's numbers of the open cases and of those waiting, 50 rows each): on PostgreSQL the counts and
    medians are made by the database and only those pages' rows are read (:func:`_summary`); the lists then read
    any other slice asked of them as every case (a page past the end)."""
    from samenplan.evaluations.rules import week_end

    now = now or timezone.now()
    today = timezone.localdate(now)
    if inactivity_days is None:
        inactivity_days = services.settings_for(team.organisation_id).inactivity_days
    active_since, due_by = now - timedelta(days=inactivity_days), week_end(today)
    if pages is not None and connections[router.db_for_read(Case)].vendor == "postgresql":
        return _summary(team, inactivity_days, active_since, due_by, today, pages)
    return _overview(team, inactivity_days, _open_cases(team, active_since, due_by), today)


def _overview(team, inactivity_days: int, cases: list[tuple], today: date) -> Overview:
    """The overview made from every open case (:func:`_open_cases`)."""
    # by column: the counts are made by Counter (in C), not by a Python step per case
    _pks, worker_ids, phases, sinces, actives, dues, *_family = zip(*cases, strict=True) if cases else [()] * 11
    workers = _workers(team, worker_ids)
    ordinal = today.toordinal()
    medians: dict[str, float | None] = {p.value: None for p in OPEN_PHASES}
    runs: dict[str, tuple[int, int]] = {}  # where each phase's cases are: one run each, in the order read
    index = {p.value: i for i, p in enumerate(OPEN_PHASES)}
    start = 0
    for phase, n in Counter(phases).items():  # in the order of their first case: the order is by phase
        runs[phase] = start, start + n
        # the median of the days in the phase is that of the one or two in the middle: days fall as dates rise
        ordered = sorted(sinces[start : start + n])
        medians[phase] = rules.median([_days(since, ordinal) for since in ordered[(n - 1) // 2 : n // 2 + 1]])
        for worker_id, count in Counter(worker_ids[start : start + n]).items():
            workers[worker_id].per_phase[index[phase]] += count
            workers[worker_id].open_cases += count
        start += n
    for worker_id, count in Counter(compress(worker_ids, map(not_, actives))).items():  # None: no activity at all
        workers[worker_id].inactive = count
    for worker_id, due in compress(zip(worker_ids, dues, strict=True), dues):
        workers[worker_id].evaluations_due += due
    source = _Source(cases, ordinal, {pk: str(row.worker) for pk, row in workers.items()}, medians)
    registered = runs.get(Phase.REGISTRATION)
    return Overview(
        team=team,
        inactivity_days=inactivity_days,
        workers=list(workers.values()),
        cases=CaseRows(source),
        medians=medians,
        waiting_for_intake=CaseRows(source, *registered) if registered else [],
        # only about open cases of the team: none without them, and the cases' statement says whether there are any
        table_agenda=_table_agenda(team) if cases and cases[0][-2] else [],
        consultations_waiting=_consultations_waiting(team) if cases and cases[0][-1] else [],
    )


def page_number(text: str | None) -> int:
    """The page a pager's parameter asks for, as the Paginator reads it (anything but a whole number: the first)."""
    try:
        return 1 if text is None else int(text)
    except ValueError:
        return 1


def _summary(
    team, inactivity_days: int, active_since: datetime, due_by: date, today: date, pages: tuple[int, int]
) -> Overview:
    """The overview from :data:`_SUMMARY`: the counts per professional and phase, the medians per phase and only
    the rows of the ``pages`` asked for (a page of the open cases and one of those waiting), in one statement. The
    per-case tuples of every open case (a thousand) cost more to send, count in Python and collect than the
    database takes to count them. Any other slice the pager asks for (a page past the end or below 1) is read
    as :func:`_overview` reads it."""
    from samenplan.analysis.models import ConsultationStatus

    sql, zones = _summary_sql(timezone.get_current_timezone_name())
    offsets = [(number - 1) * PER_PAGE if 1 <= number <= MAX_PAGE else 0 for number in pages]
    row = [*zones[:1], active_since, *zones[1:], team.pk]  # a row's columns and its condition
    params = [
        *(active_since, due_by, due_by, today, *zones[:1], team.pk, team.pk, ConsultationStatus.OPEN.value, team.pk),
        *row, offsets[0], *row, Phase.REGISTRATION.value, offsets[1],
    ]  # fmt: skip
    found = prepared.fetchall(connections[router.db_for_read(Case)], sql, params)
    ordinal = today.toordinal()
    medians: dict[str, float | None] = {p.value: None for p in OPEN_PHASES}
    index = {p.value: i for i, p in enumerate(OPEN_PHASES)}
    groups, shown, any_agenda, any_requests = [], ([], []), False, False
    for kind, phase, worker, *rest in found:
        if kind:
            shown[kind - 1].append((*rest[5:11], worker, phase))
        elif worker is None:  # the phase's own row
            medians[phase], any_agenda, any_requests = rest[4], rest[-2], rest[-1]
        else:
            groups.append((phase, worker, *rest[:4]))
    first = {}  # each caseworker's first case in the overview's order
    for phase, worker, key, *_counts in groups:
        first[worker] = min(first.get(worker, (phase, key)), (phase, key))
    workers = _workers(team, tuple(sorted(first, key=first.__getitem__)))
    for phase, worker, _key, n, inactive, due in groups:
        row = workers[worker]
        row.per_phase[index[phase]] += n
        row.open_cases += n
        row.inactive += inactive
        row.evaluations_due += due
    names = {pk: str(row.worker) for pk, row in workers.items()}

    def whole(attribute: str) -> Sequence[CaseRow]:  # every case, for a slice not read
        cases = _open_cases(team, active_since, due_by)
        return getattr(_overview(team, inactivity_days, cases, today), attribute)

    def make(case) -> CaseRow:
        pk, since, active, family_id, family_name, last_activity_on, worker, phase = case
        return CaseRow(
            pk, worker, names[worker], phase, _days(since, ordinal), medians[phase], not active,
            family_id, family_name, last_activity_on,
        )  # fmt: skip

    registered = sum(n for phase, _w, _k, n, *_ in groups if phase == Phase.REGISTRATION)
    return Overview(
        team=team,
        inactivity_days=inactivity_days,
        workers=list(workers.values()),
        cases=_Page(sum(group[3] for group in groups), offsets[0], shown[0], make, partial(whole, "cases")),
        medians=medians,
        waiting_for_intake=_Page(registered, offsets[1], shown[1], make, partial(whole, "waiting_for_intake")),
        table_agenda=_table_agenda(team) if any_agenda else [],
        consultations_waiting=_consultations_waiting(team) if any_requests else [],
    )


PER_PAGE = 50  # the pagers' (caseload.paging.PER_PAGE)
MAX_PAGE = 2**62 // PER_PAGE  # a page beyond it is no OFFSET a database takes


class _Page(Sequence):
    """A list of ``length`` open cases of which only the rows from ``start`` on were read (``rows``, made into a
    :class:`CaseRow` by ``make``); a slice beyond them is taken of ``whole()``, every case read."""

    def __init__(self, length: int, start: int, rows: list[tuple], make, whole):
        self.length, self.start, self.rows, self.make, self.whole = length, start, rows, make, whole

    def __len__(self) -> int:
        return self.length

    def __getitem__(self, index):
        if not isinstance(index, slice):
            if index < 0:
                index += self.length
            if not 0 <= index < self.length:
                raise IndexError(index)
            return self[index : index + 1][0]
        wanted = range(*index.indices(self.length))
        if not wanted or (wanted.step == 1 and wanted[0] >= self.start and wanted[-1] < self.start + len(self.rows)):
            return [self.make(self.rows[i - self.start]) for i in wanted]
        return self.whole()[index]


@cache
def _summary_sql(tzname: str) -> tuple[str, list]:
    """:data:`_SUMMARY` with PostgreSQL's day of a moment in ``tzname``, and the parameters of a day (one each)."""
    ops = connections[router.db_for_read(Case)].ops
    since, zone = ops.datetime_cast_date_sql("c.phase_changed_at", (), tzname)
    last_day, zone_too = ops.datetime_cast_date_sql("c.last_activity_at", (), tzname)
    return _SUMMARY.format(since=f"COALESCE({since}, c.opened_on)", last_day=last_day), [*zone, *zone_too]


# Per professional and phase (and per phase: caseworker NULL): the first case by opening date and case (its
# opening day's number and its id in one bigint), the cases, those without activity, their evaluations due (counted
# on the case's index of evaluations, only for a case whose next evaluation is due: Case.next_evaluation_on, which
# the team's index holds; a look-up for each of a thousand cases was half the statement's time) and the median of
# the days in the phase; whether the team's tables have open agenda items and whether a request for consultation
# waits. Then the rows of a page of the open cases and of a page of those waiting for the intake: kind 1 and 2.
_SUMMARY = """
SELECT 0, c.phase, c.caseworker_id, min((c.opened_on - DATE '1970-01-01')::bigint * 4294967296 + c.id),
    count(*)::int, (count(*) FILTER (WHERE (c.last_activity_at >= %s) IS NOT TRUE))::int,
    sum(CASE WHEN c.next_evaluation_on <= %s THEN (SELECT count(*) FROM evaluations_evaluation e
        WHERE e.case_id = c.id AND e.held_on IS NULL AND e.planned_on <= %s) ELSE 0 END)::int,
    percentile_cont(0.5) WITHIN GROUP (ORDER BY greatest(0, %s::date - {since})),
    NULL::bigint, NULL::date, NULL::boolean, NULL::bigint, NULL::text, NULL::date,
    EXISTS (SELECT 1 FROM tables_agendaitem a JOIN tables_teamtable t ON t.id = a.table_id
        JOIN cases_case ac ON ac.id = a.case_id
        WHERE t.team_id = %s AND a.decided_at IS NULL AND ac.closed_on IS NULL),
    EXISTS (SELECT 1 FROM analysis_consultation r JOIN cases_case rc ON rc.id = r.case_id
        WHERE rc.team_id = %s AND rc.closed_on IS NULL AND r.status = %s)
FROM cases_case c WHERE c.team_id = %s AND c.closed_on IS NULL
GROUP BY GROUPING SETS ((c.phase, c.caseworker_id), (c.phase))
UNION ALL
(SELECT 1, c.phase, c.caseworker_id, NULL, NULL, NULL, NULL, NULL,
    c.id, {since}, c.last_activity_at >= %s, c.family_id, c.family_name, {last_day}, NULL, NULL
FROM cases_case c WHERE c.team_id = %s AND c.closed_on IS NULL
ORDER BY c.phase, c.opened_on, c.id LIMIT 50 OFFSET %s)
UNION ALL
(SELECT 2, c.phase, c.caseworker_id, NULL, NULL, NULL, NULL, NULL,
    c.id, {since}, c.last_activity_at >= %s, c.family_id, c.family_name, {last_day}, NULL, NULL
FROM cases_case c WHERE c.team_id = %s AND c.closed_on IS NULL AND c.phase = %s
ORDER BY c.opened_on, c.id LIMIT 50 OFFSET %s)
"""


def _open_cases(team, active_since: datetime, due_by: date) -> list[tuple]:
    """The team's open cases in the overview's order (phase, opening date, case) as tuples: the case, its caseworker,
    phase, since when in the phase (the day of its last phase change, else its opening), whether it was active since
    ``active_since``, how many of its evaluations are due by ``due_by`` (planned, not held), its family and the
    family's name (the copy the case keeps), the day of its last activity (None without), and (the same in every
    row, asked once) whether the team's tables have any open item on their agendas and whether any request for
    consultation is waiting: mostly there is none, and then neither list is read (:func:`team_overview`).

    The case's own columns of its last phase change and last entry (kept by the database from its timeline), read as
    dates (calendar days in the current time zone, so a change of summer time never adds or takes a day) and a
    yes/no, which cost less to read than times. A case without entries is without activity (NULL, read as None).
    The evaluations due are counted on the case's index of evaluations, only for a case whose next evaluation
    (``Case.next_evaluation_on``, kept by the database) is due, None for the others: counted by themselves, joined
    to the team's cases, they took the database three times as long (every due evaluation of every team read
    first); a step per case, a thousand, half its time."""
    from samenplan.analysis.models import ConsultationStatus

    zone, tzname = timezone.get_current_timezone(), timezone.get_current_timezone_name()
    connection = connections[router.db_for_read(Case)]
    _, tz_params = connection.ops.datetime_cast_date_sql("", (), tzname)  # the vendor's, for each day read
    moment = Case._meta.get_field("last_activity_at").get_db_prep_value(active_since, connection)
    day = Case._meta.get_field("opened_on").get_db_prep_value(due_by, connection)
    # the select's (EXISTS selects the value 1), then the condition's
    lists = [1, team.pk, 1, team.pk, ConsultationStatus.OPEN.value]
    params = [*tz_params, moment, day, day, *tz_params, *lists, team.pk]
    key = ("administration.overview.cases", tzname)
    build = partial(_open_cases_query, team.pk, zone, active_since, due_by)
    return prepared.values_list(Case, key, build, params, prepare=True)


def _open_cases_query(team_id: int, zone, active_since: datetime, due_by: date):
    """:func:`_open_cases` as the ORM's query. The count and the day of the last activity are given the output
    field of no conversion (the database's int and date as they come): a converter is a Python call per case."""
    from samenplan.evaluations.models import Evaluation

    due = (
        Evaluation.objects.filter(case_id=OuterRef("pk"), held_on__isnull=True, planned_on__lte=due_by)
        .order_by()
        .annotate(n=Func("pk", function="COUNT"))
        .values("n")
    )
    return (
        Case.objects.filter(team_id=team_id, closed_on__isnull=True)
        .annotate(
            since=Coalesce(TruncDate("phase_changed_at", tzinfo=zone), "opened_on"),
            active=ExpressionWrapper(Q(last_activity_at__gte=active_since), output_field=BooleanField()),
            due=Choice(When(next_evaluation_on__lte=due_by, then=Subquery(due)), output_field=Field()),
            last_activity_on=ExpressionWrapper(TruncDate("last_activity_at", tzinfo=zone), output_field=DateField()),
            any_agenda=Exists(_agenda(team_id)),
            any_requests=Exists(_requests(team_id)),
        )
        .order_by("phase", "opened_on", "pk")
        .values_list(*_CASE_COLUMNS)
    )


_CASE_COLUMNS = (
    *("pk", "caseworker_id", "phase", "since", "active", "due", "family_id", "family_name", "last_activity_on"),
    *("any_agenda", "any_requests"),
)


def _days(since: date, today: int) -> int:
    """Days in the phase: since ``since`` (its last phase change, else its opening) until ``today`` (an ordinal); a
    date in the future counts 0."""
    return max(0, today - since.toordinal())


def _workers(team, caseworkers: tuple[int, ...]) -> dict[int, WorkerRow]:
    """A row for every active professional of the team, even without cases, by name; after them anyone else who
    is still the caseworker of an open case (``caseworkers``, one per case in the overview's order: a professional who
    left the team), in the order of their first case.

    One query, compiled once per connection and number of caseworkers (a team has a handful)."""
    first_case = {worker: i for i, worker in enumerate(dict.fromkeys(caseworkers))}
    ids = list(first_case)

    def build():
        columns = ("pk", "first_name", "last_name", "username", "is_active", "professional")
        professionals = User.objects.filter(
            pk__in=Membership.objects.filter(team_id=team.pk, role=Role.PROFESSIONAL).values("user_id"),
            is_active=True,
        )
        people = professionals.annotate(professional=Value(True)).values_list(*columns)
        if ids:  # the caseworkers (none: an empty IN is no SQL)
            caseworkers = User.objects.filter(pk__in=ids).annotate(professional=Value(False))
            people = people.union(caseworkers.values_list(*columns))
        return people.order_by("first_name", "last_name", "username", "pk")

    params = [True, Role.PROFESSIONAL.value, team.pk, *([False, *ids] if ids else [])]
    people = prepared.values_list(User, ("administration.overview.workers", len(ids)), build, params, prepare=True)
    database = router.db_for_read(User)
    workers: dict[int, WorkerRow] = {}
    professional: dict[int, bool] = {}
    for *person, is_professional in people:  # a professional who is a caseworker comes twice: the professional kept
        pk = person[0]
        if pk not in workers or is_professional:
            worker = _record(User, database, dict(zip(_PERSON, person, strict=True)))
            workers[pk] = WorkerRow(worker, [0] * len(OPEN_PHASES))
            professional[pk] = is_professional
    ordered = sorted(workers, key=lambda pk: (0, 0) if professional[pk] else (1, first_case[pk]))
    return {pk: workers[pk] for pk in ordered}


_PERSON = ("id", "first_name", "last_name", "username", "is_active")


def _agenda(team_id: int):
    """The open items on the agendas of the team's intake and review tables, of its open cases, oldest first."""
    from samenplan.tables.models import AgendaItem

    return AgendaItem.objects.filter(
        table__team_id=team_id, decided_at__isnull=True, case__closed_on__isnull=True
    ).order_by("put_at", "pk")


def _requests(team_id: int):
    """The open requests to a behavioural scientist on the team's open cases, oldest first."""
    from samenplan.analysis.models import Consultation, ConsultationStatus

    return Consultation.objects.filter(
        case__team_id=team_id, case__closed_on__isnull=True, status=ConsultationStatus.OPEN
    ).order_by("requested_at", "pk")


def _table_agenda(team) -> list:
    """:func:`_agenda` with each item's table's kind and its case's family (the records made only for the items
    there are)."""
    from samenplan.tables.models import AgendaItem, TeamTable

    def build():
        return _agenda(team.pk).values_list(
            "pk", "table_id", "case_id", "put_at", "table__kind", "case__family_id", "case__family__name"
        )

    rows = prepared.values_list(AgendaItem, "administration.overview.agenda", build, [team.pk], prepare=True)
    database = router.db_for_read(AgendaItem)
    items = []
    for pk, table_id, case_id, put_at, kind, family_id, family_name in rows:
        item = _record(AgendaItem, database, {"id": pk, "table_id": table_id, "case_id": case_id, "put_at": put_at})
        item.table = _record(TeamTable, database, {"id": table_id, "kind": kind})
        item.case = _case(database, case_id, family_id, family_name)
        items.append(item)
    return items


def _consultations_waiting(team) -> list:
    """:func:`_requests` with each request's case's family and the scientist (the records made only for the
    requests there are)."""
    from samenplan.analysis.models import Consultation, ConsultationStatus

    def build():
        return _requests(team.pk).values_list(
            "pk", "case_id", "scientist_id", "requested_at", "case__family_id", "case__family__name",
            "scientist__first_name", "scientist__last_name", "scientist__username",
        )  # fmt: skip

    params = [team.pk, ConsultationStatus.OPEN.value]
    rows = prepared.values_list(Consultation, "administration.overview.consultations", build, params, prepare=True)
    database = router.db_for_read(Consultation)
    requests = []
    for pk, case_id, scientist_id, requested_at, family_id, family_name, *scientist in rows:
        values = {"id": pk, "case_id": case_id, "scientist_id": scientist_id, "requested_at": requested_at}
        request = _record(Consultation, database, values)
        request.case = _case(database, case_id, family_id, family_name)
        request.scientist = _record(User, database, dict(zip(_PERSON[:4], [scientist_id, *scientist], strict=True)))
        requests.append(request)
    return requests


def _case(database: str, case_id: int, family_id: int, family_name: str) -> Case:
    case = _record(Case, database, {"id": case_id, "family_id": family_id})
    case.family = _record(Family, database, {"id": family_id, "name": family_name})
    return case


def _record(model, database: str, values: dict):
    """A record of ``model`` with only ``values`` (by attribute name) loaded, as the ORM makes it from a row."""
    names = [f.attname for f in model._meta.concrete_fields if f.attname in values]
    return model.from_db(database, names, [values[name] for name in names])


def label(rows: list[CaseRow]) -> None:
    """Fill in what a page shows of ``rows`` beyond what was read: the phases' names and the links to the dossiers
    (the URL reversed once, not per row)."""
    labels = {phase: capfirst(str(Phase(phase).label)) for phase in {row.phase for row in rows}}
    dossier = url_for_ids("cases:dossier")
    for row in rows:
        row.phase_label = labels[row.phase]
        row.url = dossier(row.case_id)


def describe(rows: list[CaseRow]) -> None:
    """Fill in what the API gives of ``rows``: as :func:`label`, and the moment of each row's last activity (the
    newest entry on its timeline; the page shows only its day), in one query."""
    label(rows)
    moments = dict(Case.objects.filter(pk__in=[r.case_id for r in rows]).values_list("pk", "last_activity_at"))
    for row in rows:  # a case removed meanwhile (destroyed on request) has none
        row.last_activity = moments.get(row.case_id)

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
them: they are read as plain tuples (no model instances, no joins), made into a :class:`CaseRow` only when a page
(or the API) asks for it, and their families' names and last activity are read for those rows alone
(:func:`describe`, one query). Issue 14: the page had turned a thousand cases into model instances for 50 rows.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from django.db.models import Count, Exists, OuterRef, Value
from django.db.models.functions import Coalesce, TruncDate
from django.utils import timezone
from django.utils.text import capfirst

from samenplan.accounts.models import Membership, Role, User
from samenplan.administration import rules, services
from samenplan.cases.models import Case, DossierEntry, EntryKind, Phase, last_entry_at
from samenplan.links import url_for_ids

OPEN_PHASES = [p for p in Phase if p != Phase.CLOSED]


@dataclass(slots=True)
class CaseRow:
    """An open case as the overview shows it, in plain values; :func:`describe` fills in the rest."""

    case_id: int
    caseworker_id: int
    caseworker: str  # the caseworker's name, as their row in the caseload per professional
    phase: str
    days_in_phase: int
    median_days: float | None  # the team's median in this phase
    inactive: bool  # no entry on its timeline for the organisation's inactivity_days
    family_id: int | None = None
    family_name: str = ""
    last_activity: datetime | None = None  # the newest entry on its timeline
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
    cases: list[tuple]  # (case, caseworker, phase, since, active) as read
    days: list[int]  # in the phase, per case
    names: dict[int, str]  # of the caseworkers
    medians: dict[str, float | None]
    made: dict[int, CaseRow] = field(default_factory=dict)

    def row(self, i: int) -> CaseRow:
        row = self.made.get(i)
        if row is None:
            pk, worker, phase, _since, active = self.cases[i]
            row = CaseRow(pk, worker, self.names[worker], phase, self.days[i], self.medians[phase], not active)
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
        """The families a page shows: of the ``shown`` rows (described) and of every agenda item and request, once
        each."""
        families = [row.family_id for row in shown if row.family_id is not None]
        families += [item.case.family_id for item in self.table_agenda]
        families += [c.case.family_id for c in self.consultations_waiting]
        return list(dict.fromkeys(families))


def team_overview(team, *, now: datetime | None = None) -> Overview:
    """Six queries: the settings, the open cases with their timeline dates, the team's professionals and the
    cases' caseworkers, the evaluations due per professional, the open items on the agendas of the team's tables,
    the requests for consultation waiting. The families are not read: :func:`describe`."""
    from samenplan.analysis.models import Consultation, ConsultationStatus
    from samenplan.evaluations.models import Evaluation
    from samenplan.evaluations.rules import week_end
    from samenplan.tables.models import AgendaItem

    now = now or timezone.now()
    zone = timezone.get_current_timezone()
    inactivity_days = services.settings_for(team.organisation_id).inactivity_days
    recent = DossierEntry.objects.filter(case_id=OuterRef("pk"), at__gte=now - timedelta(days=inactivity_days))
    # Per case one step back on the index of its phase changes and one on its timeline, read as a date (calendar
    # days, so a change of summer time never adds or takes a day) and a yes/no, which cost less to read than times.
    cases = list(
        Case.objects.filter(team=team, closed_on__isnull=True)
        .annotate(
            since=Coalesce(TruncDate(last_entry_at(EntryKind.PHASE_CHANGE), tzinfo=zone), "opened_on"),
            active=Exists(recent),
        )
        .order_by("phase", "opened_on", "pk")
        .values_list("pk", "caseworker_id", "phase", "since", "active")
    )
    workers = _workers(team, cases)
    today = timezone.localdate(now)
    days = _days(cases, today)
    per_phase: dict[str, list[int]] = {p.value: [] for p in OPEN_PHASES}
    index = {p.value: i for i, p in enumerate(OPEN_PHASES)}
    for (_pk, worker_id, phase, _since, active), n in zip(cases, days, strict=True):
        per_phase[phase].append(n)
        worker = workers[worker_id]
        worker.per_phase[index[phase]] += 1
        worker.open_cases += 1
        worker.inactive += not active
    medians = {phase: rules.median(values) for phase, values in per_phase.items()}
    source = _Source(cases, days, {pk: str(row.worker) for pk, row in workers.items()}, medians)
    registered = [i for i, c in enumerate(cases) if c[2] == Phase.REGISTRATION]  # one run: the order is by phase
    due = (
        Evaluation.objects.filter(
            case__team=team,
            case__closed_on__isnull=True,
            held_on__isnull=True,
            planned_on__lte=week_end(today),
        )
        .order_by()
        .values("case__caseworker")
        .annotate(n=Count("pk"))
    )
    for row in due:
        if row["case__caseworker"] in workers:
            workers[row["case__caseworker"]].evaluations_due = row["n"]
    return Overview(
        team=team,
        inactivity_days=inactivity_days,
        workers=list(workers.values()),
        cases=CaseRows(source),
        medians=medians,
        waiting_for_intake=CaseRows(source, registered[0], registered[-1] + 1) if registered else [],
        table_agenda=list(
            AgendaItem.objects.filter(table__team=team, decided_at__isnull=True, case__closed_on__isnull=True)
            .select_related("table", "case__family")
            .order_by("put_at", "pk")
        ),
        consultations_waiting=list(
            Consultation.objects.filter(case__team=team, case__closed_on__isnull=True, status=ConsultationStatus.OPEN)
            .select_related("case__family", "scientist")
            .order_by("requested_at", "pk")
        ),
    )


def _days(cases: list[tuple], today: date) -> list[int]:
    """Days in the phase per case: since its last phase change, else its opening; a date in the future counts 0."""
    ordinal = today.toordinal()
    return [max(0, ordinal - c[3].toordinal()) for c in cases]


def _workers(team, cases: list[tuple]) -> dict[int, WorkerRow]:
    """A row for every active professional of the team, even without cases, by name; after them anyone else who
    is still the caseworker of an open case (a professional who left the team), in the order of their first case."""
    first_case: dict[int, int] = {}
    for c in cases:
        first_case.setdefault(c[1], len(first_case))
    columns = ("first_name", "last_name", "username", "is_active")
    professionals = User.objects.filter(
        pk__in=Membership.objects.filter(team=team, role=Role.PROFESSIONAL).values("user_id"), is_active=True
    )
    caseworkers = User.objects.filter(pk__in=list(first_case))
    people = (
        professionals.only(*columns).annotate(professional=Value(True))
        .union(caseworkers.only(*columns).annotate(professional=Value(False)))
        .order_by("first_name", "last_name", "username", "id")
    )  # fmt: skip
    workers: dict[int, WorkerRow] = {}
    for person in people:  # a professional who is a caseworker comes twice: the row as a professional is kept
        if person.pk not in workers or person.professional:
            workers[person.pk] = WorkerRow(person, [0] * len(OPEN_PHASES))
    ordered = sorted(workers.values(), key=lambda w: (0, 0) if w.worker.professional else (1, first_case[w.worker.pk]))
    return {w.worker.pk: w for w in ordered}


def describe(rows: list[CaseRow]) -> None:
    """Fill in what the page shows of ``rows`` (the page's rows, or all of them for the API): the family names and
    last activity, in one query, the phases' names and the links to the dossiers (the URL reversed once, not per
    row)."""
    shown = Case.objects.filter(pk__in=[r.case_id for r in rows]).annotate(last=last_entry_at()).order_by()
    found = {c[0]: c[1:] for c in shown.values_list("pk", "family_id", "family__name", "last")}
    labels = {p.value: capfirst(str(p.label)) for p in OPEN_PHASES}
    dossier = url_for_ids("cases:dossier")
    for row in rows:  # a case removed meanwhile (destroyed on request) stays nameless
        row.family_id, row.family_name, row.last_activity = found.get(row.case_id, (None, "", None))
        row.phase_label = labels[row.phase]
        row.url = dossier(row.case_id)

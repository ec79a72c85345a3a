"""The team lead's overview of a team: how the work is spread. A fixed number of queries, however many cases.

Per open case: its caseworker, phase, since when (the last phase change on its timeline, else its opening), its last
activity (the last entry on its timeline). Per professional: open cases per phase and those without activity (no
entry for the organisation's ``inactivity_days``). The team's median time in each phase. Cases waiting for the
intake: those still in registration.

Requests for consultation waiting: the open requests to a behavioural scientist on the team's open cases
(``consultations_waiting``, from ``analysis.Consultation``).

Evaluations due (this week or overdue) per professional come from ``samenplan.evaluations``. Cases
on the agenda of the team's intake or review table come from ``samenplan.tables``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.db.models import Count
from django.utils import timezone

from samenplan.accounts.models import Role, User
from samenplan.administration import rules, services
from samenplan.cases.models import Case, EntryKind, Phase, last_entry_at

OPEN_PHASES = [p for p in Phase if p != Phase.CLOSED]
CASE_FIELDS = (
    *("family_id", "caseworker_id", "phase", "opened_on"),
    *("family__name", "caseworker__first_name", "caseworker__last_name", "caseworker__username"),
)


@dataclass
class CaseRow:
    case: Case
    days_in_phase: int
    median_days: float | None
    last_activity: datetime | None
    inactive: bool


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
    cases: list[CaseRow] = field(default_factory=list)
    medians: dict[str, float | None] = field(default_factory=dict)
    waiting_for_intake: list[CaseRow] = field(default_factory=list)
    table_agenda: list = field(default_factory=list)  # open items on the team's tables' agendas
    consultations_waiting: list = field(default_factory=list)  # open requests to a behavioural scientist

    @property
    def family_ids(self) -> list[int]:
        return (
            [row.case.family_id for row in self.cases]
            + [item.case.family_id for item in self.table_agenda]
            + [c.case.family_id for c in self.consultations_waiting]
        )


def team_overview(team, *, now: datetime | None = None) -> Overview:
    """Six queries: the settings, the team's professionals, the open cases with their timeline dates, the
    evaluations due per professional, the open items on the agendas of the team's tables, the requests for
    consultation waiting."""
    from samenplan.analysis.models import Consultation, ConsultationStatus
    from samenplan.evaluations.models import Evaluation
    from samenplan.evaluations.rules import week_end
    from samenplan.tables.models import AgendaItem

    now = now or timezone.now()
    inactivity_days = services.settings_for(team.organisation_id).inactivity_days
    threshold = now - timedelta(days=inactivity_days)
    cases = list(
        Case.objects.filter(team=team, closed_on__isnull=True)
        .select_related("family", "caseworker")
        .only(*CASE_FIELDS)  # a team has a thousand open cases: no more than the page and the API show
        .annotate(phase_since=last_entry_at(EntryKind.PHASE_CHANGE), last_activity=last_entry_at())
        .order_by("phase", "opened_on", "pk")
    )
    professionals = list(
        User.objects.filter(memberships__team=team, memberships__role=Role.PROFESSIONAL, is_active=True)
        .distinct()
        .order_by("first_name", "last_name", "username")
    )
    days: dict[int, int] = {}
    today = timezone.localdate(now)
    for case in cases:  # calendar days, so a change of summer time never adds or takes a day
        since = timezone.localdate(case.phase_since) if case.phase_since else case.opened_on
        days[case.pk] = max(0, (today - since).days)
    medians = {p.value: rules.median([days[c.pk] for c in cases if c.phase == p.value]) for p in OPEN_PHASES}
    rows = [
        CaseRow(
            case=c,
            days_in_phase=days[c.pk],
            median_days=medians[c.phase],
            last_activity=c.last_activity,
            inactive=c.last_activity is None or c.last_activity < threshold,
        )
        for c in cases
    ]
    workers = {w.pk: WorkerRow(w, [0] * len(OPEN_PHASES)) for w in professionals}
    index = {p.value: i for i, p in enumerate(OPEN_PHASES)}
    for row in rows:
        worker = workers.setdefault(row.case.caseworker_id, WorkerRow(row.case.caseworker, [0] * len(OPEN_PHASES)))
        worker.per_phase[index[row.case.phase]] += 1
        worker.open_cases += 1
        worker.inactive += row.inactive
    due = (
        Evaluation.objects.filter(
            case__team=team,
            case__closed_on__isnull=True,
            held_on__isnull=True,
            planned_on__lte=week_end(timezone.localdate(now)),
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
        cases=rows,
        medians=medians,
        waiting_for_intake=[r for r in rows if r.case.phase == Phase.REGISTRATION],
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

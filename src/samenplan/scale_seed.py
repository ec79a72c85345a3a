"""Synthetic data at the scale of a region, for measuring samenplan (``samenplan seed --scale --families N``).

Nothing here is real: Faker ``nl_NL`` with a fixed seed, drawn once into pools of names and sentences that the
rows then pick from, so the same N gives the same data. Everything is written in chunks of families: the rows
that later rows point to by ``bulk_create``, the big tables (dossier entries, the access log, scale scores and
link tables) by ``COPY`` on PostgreSQL (``bulk_create`` on SQLite). The access log gets records in proportion to
the activity, chained exactly as ``audit.log.record`` chains them, so ``samenplan audit verify`` passes.

Shape: organisations of teams; a team has five professionals (about 200 cases each at 50,000 families) and a team
lead; one lead leads two teams; families have two to five members and one or two cases, in every phase; every case
has a registration and a timeline; cases past clarification have a recipient and a consent. What the case's phase
says has happened, the rows hold, each with the dossier entries and access-log record its action writes:
conversations from clarification on, goals from the goals phase on (with scale scores over time, three or more
from the help phase on), an agreed family plan with a planned evaluation from the help phase on, and a held
evaluation in the evaluation and closed phases. One family in ten has a portal account for a parent. Every
organisation has one case in the help phase and one in the evaluation phase with all of that (``showcase`` in
the summary), and one open case with a long timeline (500 entries) for the dossier benchmark.

Logins: professionals ``p00001``…, team leads ``lead0001``…, family accounts ``f000001``… (the number of the
family), all with the one password given (hashed once); nobody has a second factor.
"""

from __future__ import annotations

import hashlib
import heapq
import itertools
import pickle
import random
import tempfile
from collections.abc import Callable, Iterable, Iterator, Sequence
from datetime import UTC, date, datetime, time, timedelta
from operator import itemgetter
from typing import IO

from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.db import connection, models, transaction
from django.utils import translation
from django.utils.translation import gettext
from faker import Faker

from samenplan.accounts.models import Membership, Organisation, Role, Team, User
from samenplan.audit import chain, partitions
from samenplan.audit.models import AccessLogRecord, ChainHead, Channel, Event
from samenplan.cases.models import (
    PARENT_ROLES,
    Case,
    DossierEntry,
    EntryKind,
    Family,
    Member,
    MemberRole,
    Phase,
    RegisteredBy,
    Voice,
)
from samenplan.consent.models import Consent, DataKind, Purpose, Recipient, RecipientKind, RecipientRole
from samenplan.evaluations.models import Evaluation, Outcome
from samenplan.goals.models import Goal, GoalStatus, ScaleScore, Term, Whose
from samenplan.intake.models import Contribution, Conversation, ConversationStep, Place, Registration, Step
from samenplan.plans import rules as plan_rules
from samenplan.plans.models import Agreement, FamilyPlan, PlanAgreement, PlanVersion
from samenplan.portal.models import FamilyAccount, Invitation

SEED = 20261204
ORG_PREFIX = "Regio "
FAMILIES_PER_ORG = 20_000
CASES_PER_WORKER = 200
WORKERS_PER_TEAM = 5
CHUNK = 1_000
LOG_BATCH = 5_000  # access-log events pickled together in a chunk's temporary file (read back one batch at a time)
LOG_SLICE = 100_000  # access-log records written per transaction, each slice ending with its chain heads
LONG_TIMELINE = 500
FAMILY_ACCOUNT_EVERY = 10  # one family in ten has a portal account for a parent
YOUTH_AGE = 12  # from 12 a youth is asked to agree with the plan (plans.services.participants)
PHASES = list(Phase)
GOALS_FROM = PHASES.index(Phase.GOALS)
PLAN_FROM = PHASES.index(Phase.HELP)
EVALUATED_FROM = PHASES.index(Phase.EVALUATION)
SHOWCASE = (Phase.HELP, Phase.EVALUATION)  # forced on each organisation's first cases
PREFIXES = ["", "", "", "", "van", "de", "van der", "van den", "van de", "ter", "den"]
IP = "10.0.0.1"
CREATE, READ, CHANGE, WEB = str(Event.CREATE), str(Event.READ), str(Event.CHANGE), str(Channel.WEB)


# Carried by the seeded organisations' names until the last access-log record is written: a seed that was stopped
# (Ctrl-C, a full disk) leaves it, and `state()` then says so instead of passing half a region off as a whole one.
UNFINISHED = " (seed unfinished)"


def state() -> str:
    """ "empty" (no benchmark data), "complete", or "unfinished" (an earlier seed stopped before its end)."""
    seeded = Organisation.objects.filter(name__startswith=ORG_PREFIX)
    if not seeded.exists():
        return "empty"
    return "unfinished" if seeded.filter(name__endswith=UNFINISHED).exists() else "complete"


def seed(
    families: int,
    *,
    log_per_family: int = 20,
    password: str | None = None,
    progress: Callable[[str, int, int], None] | None = None,
) -> dict[str, object]:
    """Create ``families`` families with everything around them. Returns a summary: counts, logins, showcase.
    ``progress(what, done, total)`` is called after each step: what is "families", then "log" (its records)."""
    from samenplan.demo_data import DEMO_PASSWORD

    with translation.override(settings.LANGUAGE_CODE):  # the dossier speaks the organisation's language
        return _Seeder(families, log_per_family, password or DEMO_PASSWORD).run(progress)


class _Pools:
    """Faker's words drawn once: a row picks from these instead of calling Faker (the slow part of seeding)."""

    def __init__(self, fake: Faker):
        self.first = [fake.first_name() for _ in range(1_000)]
        self.last = [fake.last_name() for _ in range(1_000)]
        self.sentences = [fake.sentence(nb_words=14) for _ in range(2_000)]
        self.short = [fake.sentence() for _ in range(1_000)]
        self.paragraphs = [fake.paragraph(nb_sentences=2) for _ in range(1_000)]
        self.phones = [fake.phone_number() for _ in range(500)]


def _texts() -> dict[str, str]:
    """The actions' dossier texts in the organisation's language (the same msgids, so the same words)."""
    return {
        "conversation": gettext("Conversation on %(date)s, %(place)s. Present: %(who)s."),
        "conversation_went": gettext("How the conversation went: %(text)s"),
        "open_questions": gettext("Open questions: %(text)s"),
        "new_goal": gettext("New goal (%(whose)s, %(term)s):"),
        "target_date": gettext("Target date: %(date)s"),
        "score": gettext("Scale score %(score)s of 10 on %(date)s by %(who)s, for the goal: %(goal)s"),
        "desired": gettext("Desired score: %(score)s."),
        "one_higher": gettext("One point higher would look like: %(text)s"),
        "professional": gettext("%(name)s (professional)"),
        "plan_saved": gettext("Family plan version %(number)s saved."),
        "plan_agreement": gettext("%(name)s on version %(number)s of the family plan: %(answer)s."),
        "own_words": gettext("In their own words: %(words)s"),
        "evaluation_planned": gettext("Evaluation planned on %(date)s."),
        "how": gettext("How: %(how)s."),
        "with": gettext("With: %(who)s."),
        "helps": gettext("Does the help help? %(text)s"),
        "should_change": gettext("What should change? %(text)s"),
        "evaluation_held": gettext("Evaluation held on %(date)s. Outcome: %(outcome)s."),
        "why": gettext("Why: %(text)s"),
        "scores_given": gettext("Scale scores given: %(count)s."),
        "invited": gettext("%(member)s was invited to the family portal."),
    }


def _copy(model: type[models.Model], fields: Sequence[str], rows: Iterable[tuple]) -> int:
    """Insert ``rows`` (tuples in the order of ``fields``, by attname; a generator is fine) without model
    instances: ``COPY`` on PostgreSQL, ``bulk_create`` elsewhere. Only for tables nothing in the chunk needs the
    ids of. Returns how many rows."""
    count = 0
    if connection.vendor == "postgresql":
        columns = ", ".join(connection.ops.quote_name(model._meta.get_field(f).column) for f in fields)
        table = connection.ops.quote_name(model._meta.db_table)
        # Rows are sent as they come, so PostgreSQL stores one while the next is still being made.
        with connection.cursor() as cursor, cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)
                count += 1
        return count
    objects = [model(**dict(zip(fields, row, strict=True))) for row in rows]
    model.objects.bulk_create(objects, batch_size=2_000)
    return len(objects)


ENTRY_FIELDS = ("case_id", "author_id", "at", "kind", "voice", "speaker_id", "text")
SCORE_FIELDS = (
    "goal_id",
    "member_id",
    "professional_id",
    "score",
    "desired",
    "one_point_higher",
    "scored_on",
    "author_id",
    "recorded_at",
)
LOG_FIELDS = ("seq", "chain_id", "pos", *chain.CHAINED_FIELDS[1:], "prev_hash", "hash")


class _Seeder:
    def __init__(self, families: int, log_per_family: int, password: str):
        self.families = families
        self.log_per_family = log_per_family
        self.password = make_password(password)  # hashed once: every seeded login shares it
        self.fake = Faker("nl_NL")
        self.fake.seed_instance(SEED)
        self.rng = random.Random(SEED)
        self.pool = _Pools(self.fake)
        self.t = _texts()
        self.labels = {
            "place": {p.value: str(p.label) for p in Place},
            "step": {s.value: str(s.label) for s in Step},
            "term": {t.value: str(t.label) for t in Term},
            "whose": {w.value: str(w.label) for w in Whose},
            "status": {s.value: str(s.label) for s in GoalStatus},
            "agreement": {a.value: str(a.label) for a in Agreement},
            "outcome": {o.value: str(o.label) for o in Outcome},
            "phase": {p.value: str(p.label) for p in Phase},
        }
        self.now = datetime.now(UTC).replace(microsecond=0)
        self.today = self.now.date()
        self.start = self.now - timedelta(days=5 * 365)
        self.counts = dict.fromkeys(
            (
                "families",
                "members",
                "cases",
                "entries",
                "conversations",
                "goals",
                "scores",
                "plans",
                "evaluations",
                "consents",
                "family_accounts",
                "log",
            ),
            0,
        )
        self.prev: dict[int, list] = {}  # organisation id -> [chain id, last position, last hash]
        self.long_done: set[int] = set()
        self.showcase: dict[int, dict] = {}  # organisation id -> {phase: case}
        self.first_family_account = ""
        self.months: set[tuple[int, int]] = set()  # the access log's months whose partition is there
        self.spilled: list[IO[bytes]] = []  # per chunk: its access-log events in time order (see _log)
        self.pending_log = 0  # how many events wait there

    # ── Organisations, teams and professionals ──────────────────────────────────────────────────────────────

    def run(self, progress) -> dict[str, object]:
        fake, families = self.fake, self.families
        n_orgs = max(2, -(-families // FAMILIES_PER_ORG))
        n_workers = max(WORKERS_PER_TEAM * n_orgs, families // CASES_PER_WORKER)
        n_teams = max(n_orgs, n_workers // WORKERS_PER_TEAM)
        with transaction.atomic():
            orgs = Organisation.objects.bulk_create(
                [Organisation(name=f"{ORG_PREFIX}{fake.unique.city()} {i + 1}{UNFINISHED}") for i in range(n_orgs)]
            )
            teams = Team.objects.bulk_create(
                [Team(organisation=orgs[i % n_orgs], name=f"Team {fake.unique.street_name()}") for i in range(n_teams)]
            )
            users = User.objects.bulk_create(
                [self._professional(f"p{i + 1:05d}", teams[i % n_teams].organisation) for i in range(n_workers)]
                + [self._professional(f"lead{i + 1:04d}", teams[i].organisation) for i in range(n_teams)]
            )
            workers, leads = users[:n_workers], users[n_workers:]
            self.team_of = {w.pk: teams[i % n_teams] for i, w in enumerate(workers)}
            memberships = [Membership(user=w, team=self.team_of[w.pk], role=Role.PROFESSIONAL) for w in workers]
            memberships += [Membership(user=lead, team=teams[i], role=Role.TEAM_LEAD) for i, lead in enumerate(leads)]
            memberships += [Membership(user=lead, team=teams[i], role=Role.LOG_READER) for i, lead in enumerate(leads)]
            # The first lead of every organisation also leads the organisation's next team (the "two teams" lead).
            for org in orgs:
                org_teams = [t for t in teams if t.organisation_id == org.pk]
                if len(org_teams) >= 2:
                    lead = leads[teams.index(org_teams[0])]
                    memberships.append(Membership(user=lead, team=org_teams[1], role=Role.TEAM_LEAD))
                    memberships.append(Membership(user=lead, team=org_teams[1], role=Role.LOG_READER))
            Membership.objects.bulk_create(memberships)
        self.workers = workers
        self.pending_showcase = {org.pk: list(SHOWCASE) for org in orgs}

        done = 0
        try:
            while done < families:
                size = min(CHUNK, families - done)
                with transaction.atomic():
                    self._chunk(size, done)
                done += size
                if progress:
                    progress("families", done, families)
            self._write_log(progress)
        finally:
            for spill in self.spilled:
                spill.close()
        for org in orgs:  # the last step: from here on the seed counts as complete
            org.name = org.name.removesuffix(UNFINISHED)
        Organisation.objects.bulk_update(orgs, ["name"])
        names = {org.pk: org.name for org in orgs}
        showcase = [
            {
                "organisation": names[org_id],
                **{f"{phase}_case": case.pk for phase, case in cases.items()},
                **{f"{phase}_caseworker": case.caseworker.username for phase, case in cases.items()},
            }
            for org_id, cases in self.showcase.items()
        ]
        return {
            **self.counts,
            "organisations": n_orgs,
            "teams": n_teams,
            "professional": workers[0].username,
            "two_team_lead": leads[0].username,
            "family_account": self.first_family_account,
            "showcase": showcase,
        }

    def _professional(self, username: str, organisation: Organisation) -> User:
        return User(
            username=username,
            password=self.password,
            first_name=self.rng.choice(self.pool.first),
            last_name=self.rng.choice(self.pool.last),
            organisation=organisation,
        )

    # ── One chunk of families ───────────────────────────────────────────────────────────────────────────────

    def _chunk(self, size: int, offset: int) -> None:
        self.entries: list[tuple] = []
        self.events: list[tuple] = []  # (at, actor, event, action, detail, member id); actor: see _cases
        fams = self._families(size, offset)
        members = self._members(fams)
        cases = self._cases(fams, offset)
        self._timelines(cases)
        self._conversations(cases)
        goals = self._goals(cases)
        self._plans(cases, goals)
        self._evaluations(cases, goals)
        self._consents(cases)
        self._portal(fams, offset, cases)
        self.counts["entries"] += _copy(DossierEntry, ENTRY_FIELDS, self.entries)
        self._log(cases)
        self.counts["families"] += len(fams)
        self.counts["members"] += len(members)
        self.counts["cases"] += len(cases)

    def _day(self, base: datetime, days: int) -> datetime:
        return base + timedelta(days=self.rng.randrange(max(1, days)), seconds=self.rng.randrange(8 * 3600) + 8 * 3600)

    def _birth(self, youngest: int, oldest: int) -> date:
        return self.today - timedelta(days=self.rng.randrange(youngest * 365 + 1, oldest * 365 + 364))

    def _families(self, size: int, offset: int) -> list[Family]:
        rng, workers = self.rng, self.workers
        fams = []
        for i in range(size):
            worker = workers[(offset + i) % len(workers)]
            surname = f"{rng.choice(PREFIXES)} {rng.choice(self.pool.last)}".strip()
            family = Family(organisation_id=self.team_of[worker.pk].organisation_id, name=f"Familie {surname}")
            family.surname = surname
            fams.append(family)
        for family, saved in zip(fams, Family.objects.bulk_create(fams), strict=True):
            family.pk = saved.pk
        return fams

    def _members(self, fams: list[Family]) -> list[Member]:
        rng, first = self.rng, self.pool.first
        members = []
        for fam in fams:
            for _ in range(rng.choice((1, 2, 2))):
                members.append(
                    Member(
                        family=fam,
                        given_name=rng.choice(first),
                        family_name=fam.surname,
                        date_of_birth=self._birth(24, 55),
                        role=rng.choice((MemberRole.PARENT, MemberRole.PARENT, MemberRole.STEP_PARENT)),
                        has_custody=True,
                    )
                )
            for _ in range(rng.randint(1, 3)):
                members.append(
                    Member(
                        family=fam,
                        given_name=rng.choice(first),
                        family_name=fam.surname,
                        date_of_birth=self._birth(0, 17),
                        role=MemberRole.CHILD,
                        lives_at_home=rng.random() > 0.1,
                    )
                )
        members = Member.objects.bulk_create(members)
        by_family: dict[int, list[Member]] = {}
        for m in members:
            by_family.setdefault(m.family_id, []).append(m)
        for fam in fams:
            # In the order the pages list them (Member.Meta.ordering): role, date of birth, pk.
            fam.all_members = sorted(by_family[fam.pk], key=lambda m: (m.role, m.date_of_birth, m.pk))
            fam.parents = [m for m in fam.all_members if m.role in PARENT_ROLES]
            fam.children = [m for m in fam.all_members if m.role == MemberRole.CHILD]
        return members

    def _cases(self, fams: list[Family], offset: int) -> list[Case]:
        rng, now = self.rng, self.now
        span = (now - self.start).days
        cases = []
        for i, fam in enumerate(fams):
            worker = self.workers[(offset + i) % len(self.workers)]
            team = self.team_of[worker.pk]
            for _ in range(1 if rng.random() > 0.15 else 2):
                opened = self._day(self.start, span - 10)
                phase = rng.choice(PHASES)
                pending = self.pending_showcase[team.organisation_id]
                forced = bool(pending)
                if forced:  # each organisation's first cases: one in the help phase, one being evaluated
                    phase = pending.pop(0)
                    opened = self.now - timedelta(days=400 + rng.randrange(200))
                closed = None
                if phase == Phase.CLOSED:
                    closed = min(now, opened + timedelta(days=rng.randint(30, 500))).date()
                case = Case(
                    family=fam,
                    team=team,
                    caseworker=worker,
                    phase=phase,
                    child_protection_measure=rng.random() < 0.08,
                    opened_on=opened.date(),
                    closed_on=closed,
                )
                if forced:
                    self.showcase.setdefault(team.organisation_id, {})[phase] = case
                cases.append(case)
        cases = Case.objects.bulk_create(cases)
        for case in cases:
            case.phase_index = PHASES.index(Phase(case.phase))
            case.begin = datetime.combine(case.opened_on, time(9), tzinfo=UTC)
            case.end = datetime.combine(case.closed_on or self.today, time(17), tzinfo=UTC)
            case.end = min(case.end, self.now)
            case.days = max(1, (case.end.date() - case.opened_on).days)
            # Who acts on the case in the access log: what audit.log.record writes for its caseworker.
            org = case.team.organisation_id
            worker = case.caseworker
            case.actor = (
                org,
                worker.pk,
                worker.username,
                str(Role.PROFESSIONAL),
                case.team.name,
                case.family_id,
                case.pk,
            )
        return cases

    def _at(self, case: Case, share: float) -> datetime:
        """A moment ``share`` of the way through the case's life so far (in office hours, never after now)."""
        at = case.begin + timedelta(days=int(case.days * share), minutes=self.rng.randrange(480))
        return min(at, case.end)

    def _entry(self, case, at, kind, text, voice, speaker=None, author=None) -> None:
        self.entries.append((case.pk, (author or case.caseworker).pk, at, kind, voice, speaker and speaker.pk, text))

    def _event(self, at, case, action, detail="", *, event=CREATE, member=None) -> None:
        self.events.append((at, case.actor, str(event), action, detail, member and member.pk))

    # ── Registration and timeline ───────────────────────────────────────────────────────────────────────────

    def _timelines(self, cases: list[Case]) -> None:
        rng, pool = self.rng, self.pool
        registrations = []
        for case in cases:
            reason = rng.choice(pool.paragraphs)
            registrations.append(Registration(case=case, registered_by=rng.choice(list(RegisteredBy)), reason=reason))
            self._entry(case, case.begin, EntryKind.REGISTRATION, reason, Voice.REFERRER)
            n = case.phase_index * 2 + rng.randint(1, 6)
            org = case.team.organisation_id
            if org not in self.long_done and case.closed_on is None:
                self.long_done.add(org)
                n = LONG_TIMELINE
            family_speaker = case.family.parents[0]
            for k in range(n):
                at = case.begin + timedelta(days=case.days * (k + 1) / (n + 1), minutes=rng.randrange(600))
                family_words = rng.random() < 0.3
                self._entry(
                    case,
                    min(at, self.now),
                    EntryKind.NOTE,
                    rng.choice(pool.sentences),
                    Voice.FAMILY if family_words else Voice.PROFESSIONAL,
                    family_speaker if family_words else None,
                )
            for p in PHASES[1 : case.phase_index + 1]:
                text = f"→ {self.labels['phase'][p.value]}"
                self._entry(case, self._at(case, 0.1), EntryKind.PHASE_CHANGE, text, Voice.SYSTEM)
        Registration.objects.bulk_create(registrations)

    # ── Conversations (intake) ──────────────────────────────────────────────────────────────────────────────

    def _conversations(self, cases: list[Case]) -> None:
        """One conversation from clarification on, a second from the goals phase on: as do_record_conversation."""
        rng, pool, t, labels = self.rng, self.pool, self.t, self.labels
        planned = []
        for case in cases:
            if case.phase_index >= 1:
                planned.append((case, 0.05, (Step.WELCOME, Step.QUESTIONS, Step.MAP)))
            if case.phase_index >= GOALS_FROM:
                planned.append((case, 0.2, (Step.CHECK, Step.WANT)))
        conversations = []
        for case, share, steps in planned:
            at = self._at(case, share)
            conversation = Conversation(
                case=case,
                held_on=at.date(),
                place=rng.choice(Place.values),
                evaluation=rng.choice(pool.short) if rng.random() < 0.7 else "",
                open_questions=rng.choice(pool.short) if rng.random() < 0.3 else "",
                author=case.caseworker,
                recorded_at=at,
            )
            conversation.present = case.family.parents or case.family.all_members[:1]
            conversation.notes = [(step, rng.choice(pool.sentences)) for step in steps]
            conversation.said = (steps[1], conversation.present[0], rng.choice(pool.sentences))
            conversations.append(conversation)
        conversations = Conversation.objects.bulk_create(conversations)
        members, professionals, steps, contributions = [], [], [], []
        for conversation in conversations:
            case, at = conversation.case, conversation.recorded_at
            members += [(conversation.pk, m.pk) for m in conversation.present]
            professionals.append((conversation.pk, case.caseworker_id))
            steps += [(conversation.pk, step, notes, False, "") for step, notes in conversation.notes]
            step, speaker, said = conversation.said
            contributions.append((conversation.pk, step, speaker.pk, said))
            lines = [
                t["conversation"]
                % {
                    "date": conversation.held_on.strftime("%d-%m-%Y"),
                    "place": labels["place"][conversation.place],
                    "who": ", ".join(str(m) for m in conversation.present),
                }
            ]
            lines += [f"{labels['step'][step]}: {notes}" for step, notes in conversation.notes]
            self._entry(case, at, EntryKind.CONVERSATION, "\n".join(lines), Voice.SYSTEM)
            self._entry(case, at, EntryKind.CONVERSATION, f"{labels['step'][step]}\n{said}", Voice.FAMILY, speaker)
            family = []
            if conversation.evaluation:
                family.append(t["conversation_went"] % {"text": conversation.evaluation})
            if conversation.open_questions:
                family.append(t["open_questions"] % {"text": conversation.open_questions})
            if family:
                self._entry(case, at, EntryKind.CONVERSATION, "\n".join(family), Voice.FAMILY)
            self._event(at, case, "intake.record_conversation")
        _copy(Conversation.members.through, ("conversation_id", "member_id"), members)
        _copy(Conversation.professionals.through, ("conversation_id", "user_id"), professionals)
        _copy(ConversationStep, ("conversation_id", "step", "notes", "skipped", "skip_reason"), steps)
        _copy(Contribution, ("conversation_id", "step", "speaker_id", "text"), contributions)
        self.counts["conversations"] += len(conversations)

    # ── Goals and scale scores ──────────────────────────────────────────────────────────────────────────────

    def _goals(self, cases: list[Case]) -> dict[int, list[Goal]]:
        """Goals from the goals phase on, as do_add_goal; scores over time as do_add_score (the evaluation's own
        scores come with the evaluation)."""
        rng, pool, t, labels = self.rng, self.pool, self.t, self.labels
        goals = []
        for case in cases:
            if case.phase_index < GOALS_FROM:
                continue
            at = self._at(case, 0.25)
            for position in range(1, rng.randint(1, 3) + 1):
                children = case.family.children
                own = position == 2 and bool(children)
                goal = Goal(
                    case=case,
                    words=rng.choice(pool.sentences),
                    whose=Whose.MEMBER if own else rng.choice((Whose.FAMILY, Whose.PARENTS)),
                    member=children[0] if own else None,
                    term=rng.choice(Term.values),
                    position=position,
                    target_date=(at + timedelta(days=180 + rng.randrange(180))).date() if rng.random() < 0.5 else None,
                    status=rng.choice((GoalStatus.REACHED, GoalStatus.PARTLY)) if case.closed_on else GoalStatus.OPEN,
                    author=case.caseworker,
                    recorded_at=at,
                )
                goals.append(goal)
        goals = Goal.objects.bulk_create(goals)
        by_case: dict[int, list[Goal]] = {}
        scores = []
        for goal in goals:
            case, at = goal.case, goal.recorded_at
            by_case.setdefault(case.pk, []).append(goal)
            goal.whose_text = str(goal.member) if goal.member else labels["whose"][goal.whose]
            lines = [t["new_goal"] % {"whose": goal.whose_text, "term": labels["term"][goal.term]}, goal.words]
            if goal.target_date:
                lines.append(t["target_date"] % {"date": goal.target_date.strftime("%d-%m-%Y")})
            self._entry(case, at, EntryKind.GOALS, "\n".join(lines), Voice.FAMILY, goal.member)
            self._event(at, case, "goals.add_goal", f"goal={goal.pk}")
            # Over time: one score in the goals and decision phases, three to five from the help phase on.
            n = 1 if case.phase_index < PLAN_FROM else rng.randint(3, 5)
            goal.last_score = rng.randint(1, 4)
            for k in range(n):
                scored = self._at(case, 0.25 + 0.6 * k / n)
                score = goal.last_score if k == 0 else min(10, goal.last_score + rng.randint(0, 2))
                goal.last_score = score
                scores.append(self._score(case, goal, score, scored, desired=rng.randint(6, 9) if k == 0 else None))
        self.counts["scores"] += _copy(
            ScaleScore,
            SCORE_FIELDS,
            scores,
        )
        self.counts["goals"] += len(goals)
        return by_case

    def _score(self, case: Case, goal: Goal, score: int, at: datetime, *, desired=None, logged=True) -> tuple:
        t, rng = self.t, self.rng
        member = case.family.parents[0] if case.family.parents and rng.random() < 0.6 else None
        worker = case.caseworker
        higher = rng.choice(self.pool.short) if rng.random() < 0.4 else ""
        who = str(member) if member else t["professional"] % {"name": worker}
        lines = [t["score"] % {"score": score, "date": at.strftime("%d-%m-%Y"), "who": who, "goal": goal.words[:60]}]
        if desired is not None:
            lines.append(t["desired"] % {"score": desired})
        if higher:
            lines.append(t["one_higher"] % {"text": higher})
        voice = Voice.FAMILY if member else Voice.PROFESSIONAL
        self._entry(case, at, EntryKind.GOALS, "\n".join(lines), voice, member)
        if logged:  # do_add_score's record; an evaluation's scores are named in its own record
            self._event(at, case, "goals.add_score", f"goal={goal.pk}")
        return (
            goal.pk,
            member and member.pk,
            None if member else worker.pk,
            score,
            desired,
            higher,
            at.date(),
            worker.pk,
            at,
        )

    # ── The family plan, agreed ─────────────────────────────────────────────────────────────────────────────

    def _plans(self, cases: list[Case], goals: dict[int, list[Goal]]) -> None:
        """From the help phase on: version 1 of the plan as do_new_version saves it (the goals copied in, the
        evaluation agreed, which plans the evaluation), and every participant's agreement (do_record_agreement)."""
        rng, pool, labels = self.rng, self.pool, self.labels
        planned = [case for case in cases if case.phase_index >= PLAN_FROM]
        plans = FamilyPlan.objects.bulk_create(
            [FamilyPlan(case=case, created_at=self._at(case, 0.4), version=1) for case in planned]
        )
        versions = []
        for case, plan in zip(planned, plans, strict=True):
            case.plan_at = plan.created_at
            case.next_on = (plan.created_at + timedelta(days=60 + rng.randrange(60))).date()
            if case.phase_index >= EVALUATED_FROM:  # evaluated on the planned day, which lies behind
                case.next_on = min(case.next_on, self._at(case, 0.9).date())
            content = plan_rules.empty_content()
            content[plan_rules.OWN]["text"] = rng.choice(pool.sentences)
            network = f"{rng.choice(pool.first)} {rng.choice(pool.last)}: {rng.choice(pool.short)}"
            content[plan_rules.NETWORK]["text"] = network
            content[plan_rules.EVALUATION] = {
                "next_on": case.next_on.isoformat(),
                "how": rng.choice(pool.short)[:200],
                "with_whom": ", ".join(str(m) for m in case.family.parents)[:300],
            }
            content = plan_rules.normalise(content)
            content[plan_rules.GOALS] = [
                {
                    "goal_id": goal.pk,
                    "words": goal.words,
                    "whose": goal.whose_text,
                    "term": labels["term"][goal.term],
                    "priority": goal.position,
                    "status": labels["status"][GoalStatus.OPEN],
                }
                for goal in goals.get(case.pk, [])
            ]
            versions.append(
                PlanVersion(plan=plan, number=1, content=content, author=case.caseworker, created_at=plan.created_at)
            )
        versions = PlanVersion.objects.bulk_create(versions)
        agreements = []
        for case, version in zip(planned, versions, strict=True):
            case.plan_version = version
            text = self.t["plan_saved"] % {"number": 1}
            self._entry(case, version.created_at, EntryKind.PLAN, text, Voice.SYSTEM)
            self._event(version.created_at, case, "plans.new_version", f"plan_version={version.pk}")
            self._plan_evaluation(case, version.content[plan_rules.EVALUATION], version.created_at)
            agreed_at = version.created_at + timedelta(minutes=30)
            for member in case.family.all_members:
                if member.role in PARENT_ROLES or (self.today - member.date_of_birth).days >= YOUTH_AGE * 366:
                    partly = rng.random() < 0.15
                    agreements.append(
                        PlanAgreement(
                            version=version,
                            member=member,
                            agreement=Agreement.PARTLY if partly else Agreement.YES,
                            words=rng.choice(pool.short) if partly else "",
                            author=case.caseworker,
                            recorded_at=agreed_at,
                        )
                    )
        for agreement in PlanAgreement.objects.bulk_create(agreements):
            case, member = agreement.version.plan.case, agreement.member
            text = self.t["plan_agreement"] % {
                "name": member,
                "number": 1,
                "answer": self.labels["agreement"][agreement.agreement],
            }
            if agreement.words:
                text += " " + self.t["own_words"] % {"words": agreement.words}
            self._entry(case, agreement.recorded_at, EntryKind.PLAN, text, Voice.FAMILY, member)
            detail = f"plan_agreement={agreement.pk}"
            self._event(agreement.recorded_at, case, "plans.agreement", detail, event=CHANGE)
        self.counts["plans"] += len(plans)

    def _plan_evaluation(self, case: Case, agreement: dict, at: datetime) -> None:
        case.evaluation = Evaluation(
            case=case,
            planned_on=case.next_on,
            how=agreement["how"],
            with_whom=agreement["with_whom"],
            author=case.caseworker,
            recorded_at=at,
        )
        case.planned_text = self.t["evaluation_planned"] % {"date": case.next_on.strftime("%d-%m-%Y")}
        if agreement["how"]:
            case.planned_text += " " + self.t["how"] % {"how": agreement["how"]}
        if agreement["with_whom"]:
            case.planned_text += " " + self.t["with"] % {"who": agreement["with_whom"]}

    # ── Evaluations ─────────────────────────────────────────────────────────────────────────────────────────

    def _evaluations(self, cases: list[Case], goals: dict[int, list[Goal]]) -> None:
        """The plan's evaluation, planned (do_plan_evaluation); in the evaluation and closed phases held on its day
        (do_hold_evaluation), with a score per goal: continued while being evaluated, ended when closed."""
        rng, pool, t = self.rng, self.pool, self.t
        planned = [case for case in cases if case.phase_index >= PLAN_FROM]
        scores = []
        for case in planned:
            evaluation = case.evaluation
            if case.phase_index < EVALUATED_FROM:
                continue
            held = min(datetime.combine(case.next_on, time(10), tzinfo=UTC), case.end)
            ended = case.phase == Phase.CLOSED
            evaluation.held_on, evaluation.held_by = held.date(), case.caseworker
            evaluation.helps = rng.choice(pool.sentences)
            evaluation.should_change = rng.choice(pool.short) if rng.random() < 0.5 else ""
            evaluation.outcome = Outcome.END if ended else Outcome.CONTINUE
            evaluation.outcome_reason = rng.choice(pool.short)
            evaluation.conversation_went = rng.choice(pool.short) if rng.random() < 0.5 else ""
            evaluation.recorded_at, evaluation.version = held, 2
            evaluation.n_scores = len(goals.get(case.pk, []))
            for goal in goals.get(case.pk, []):
                score = min(10, goal.last_score + rng.randint(0, 2))
                scores.append(self._score(case, goal, score, held, logged=False))  # the evaluation's record has it
        evaluations = Evaluation.objects.bulk_create([case.evaluation for case in planned])
        for case, evaluation in zip(planned, evaluations, strict=True):
            self._entry(case, case.plan_at, EntryKind.EVALUATION, case.planned_text, Voice.PROFESSIONAL)
            self._event(case.plan_at, case, "evaluations.plan", f"evaluation={evaluation.pk}")
            if evaluation.held_on is None:
                continue
            at = evaluation.recorded_at
            family = [t["helps"] % {"text": evaluation.helps}]
            if evaluation.should_change:
                family.append(t["should_change"] % {"text": evaluation.should_change})
            self._entry(case, at, EntryKind.EVALUATION, "\n".join(family), Voice.FAMILY)
            outcome = self.labels["outcome"][evaluation.outcome]
            lines = [t["evaluation_held"] % {"date": evaluation.held_on.strftime("%d-%m-%Y"), "outcome": outcome}]
            lines.append(t["why"] % {"text": evaluation.outcome_reason})
            if evaluation.n_scores:
                lines.append(t["scores_given"] % {"count": evaluation.n_scores})
            if evaluation.conversation_went:
                lines.append(t["conversation_went"] % {"text": evaluation.conversation_went})
            self._entry(case, at, EntryKind.EVALUATION, "\n".join(lines), Voice.PROFESSIONAL)
            detail = f"evaluation={evaluation.pk} outcome={evaluation.outcome} scores={evaluation.n_scores}"
            if evaluation.n_scores:
                detail += " goals=" + ",".join(str(goal.pk) for goal in goals[case.pk])
            self._event(at, case, "evaluations.hold", detail)
        self.counts["scores"] += _copy(
            ScaleScore,
            SCORE_FIELDS,
            scores,
        )
        self.counts["evaluations"] += len(evaluations)

    # ── Consents ────────────────────────────────────────────────────────────────────────────────────────────

    def _consents(self, cases: list[Case]) -> None:
        rng, pool = self.rng, self.pool
        recipients = []
        for case in cases:
            if case.phase_index >= 2:
                recipients.append(
                    Recipient(
                        case=case,
                        name=f"Huisartsenpraktijk {rng.choice(pool.last)}",
                        kind=RecipientKind.ORGANISATION,
                        role=RecipientRole.OTHER,
                        contact=rng.choice(pool.phones),
                    )
                )
        recipients = Recipient.objects.bulk_create(recipients)
        consents = Consent.objects.bulk_create(
            [
                Consent(
                    case=r.case,
                    recipient=r,
                    purpose=Purpose.COORDINATE,
                    data_kinds=[DataKind.PERSONAL, DataKind.PLAN],
                    benefit=rng.choice(pool.short),
                    given_on=r.case.opened_on + timedelta(days=20),
                    recorded_by=r.case.caseworker,
                    recorded_at=self.now,
                )
                for r in recipients
            ]
        )
        givers = [(c.pk, c.case.family.parents[0].pk) for c in consents]
        _copy(Consent.givers.through, ("consent_id", "member_id"), givers)
        self.counts["consents"] += len(consents)

    # ── Portal accounts ─────────────────────────────────────────────────────────────────────────────────────

    def _portal(self, fams: list[Family], offset: int, cases: list[Case]) -> None:
        """One family in ten: the first parent invited (do_invite) and the invitation accepted (do_accept)."""
        first_case: dict[int, Case] = {}
        for case in cases:
            first_case.setdefault(case.family_id, case)
        invited = []
        for i, fam in enumerate(fams):
            number = offset + i + 1
            if (number - 1) % FAMILY_ACCOUNT_EVERY or not fam.parents:
                continue
            member, case = fam.parents[0], first_case[fam.pk]
            username = f"f{number:06d}"
            user = User(
                username=username,
                password=self.password,
                email=f"{username}@example.org",
                first_name=member.given_name,
                last_name=member.family_name,
            )
            invited.append((user, member, case, self._at(case, 0.5)))
        if not invited:
            return
        users = User.objects.bulk_create([user for user, *_ in invited])
        accounts = FamilyAccount.objects.bulk_create(
            [FamilyAccount(user=user, member=member) for user, (_u, member, *_r) in zip(users, invited, strict=True)]
        )
        days = timedelta(days=settings.PORTAL_INVITATION_DAYS)
        invitations = Invitation.objects.bulk_create(
            [
                Invitation(
                    member=member,
                    email=user.email,
                    token_hash=hashlib.sha256(f"samenplan-scale-seed {user.username}".encode()).hexdigest(),
                    invited_by=case.caseworker,
                    created_at=at,
                    expires_at=at + days,
                    used_at=at + timedelta(hours=20),
                )
                for user, member, case, at in invited
            ]
        )
        EmailAddress.objects.bulk_create(
            [EmailAddress(user=user, email=user.email, verified=True, primary=True) for user in users]
        )
        for user, account, invitation, (_u, member, case, at) in zip(
            users, accounts, invitations, invited, strict=True
        ):
            self._entry(case, at, EntryKind.MEMBER, self.t["invited"] % {"member": member}, Voice.SYSTEM, member)
            self._event(at, case, "portal.invite", f"invitation={invitation.pk}", member=member)
            # What audit.log.record writes for a family member: their role, no team, no case.
            actor = (case.actor[0], user.pk, user.username, account.role_label, "", case.family_id, None)
            accepted, detail = invitation.used_at, f"account={account.pk}"
            self.events.append((accepted, actor, CREATE, "portal.accept", detail, member.pk))
            for k in range(2):  # the parent looks in now and then
                seen = min(self.now, accepted + timedelta(days=1 + 30 * k, minutes=self.rng.randrange(600)))
                self.events.append((seen, actor, READ, "portal.home", "", None))
        self.first_family_account = self.first_family_account or users[0].username
        self.counts["family_accounts"] += len(users)

    # ── The access log ──────────────────────────────────────────────────────────────────────────────────────

    def _log(self, cases: list[Case]) -> None:
        """Every action above leaves its record; reads and notes of each case by its worker, spread over the
        case's life, make up the rest of ``log_per_family``. Chained per organisation, oldest first."""
        rng = self.rng
        per_case = max(1, self.log_per_family * 100 // 115)
        written: dict[int, int] = {}
        for _at, actor, *_rest in self.events:
            written[actor[6]] = written.get(actor[6], 0) + 1
        events = self.events
        for case in cases:
            begin = datetime.combine(case.opened_on, time(0), tzinfo=UTC)
            for _ in range(max(1, per_case - written.get(case.pk, 0))):
                at = begin + timedelta(days=rng.randrange(case.days), seconds=rng.randrange(86400))
                event, action = (CHANGE, "cases.note") if rng.random() < 0.15 else (READ, "cases.dossier")
                events.append((at, case.actor, event, action, "", None))
        events.sort(key=itemgetter(0))
        months = {(at.year, at.month) for at, *_rest in events} - self.months
        with connection.cursor() as cursor:  # the months' partitions of the log (PostgreSQL), each asked for once
            partitions.ensure(cursor, *(datetime(year, month, 1, tzinfo=UTC) for year, month in months))
        self.months |= months
        for org in {actor[0] for _at, actor, *_rest in events} - self.prev.keys():
            head, _ = ChainHead.objects.get_or_create(organisation_id=org, stripe=0, defaults={"hash": ""})
            self.prev[org] = [head.pk, head.seq, head.hash if head.seq else chain.chain_genesis(head.pk)]
        # Kept on disk, not in memory (5 M events at 50,000 families), until every chunk's are made (_write_log).
        spill = tempfile.TemporaryFile(prefix="samenplan-seed-log-")  # noqa: SIM115 (closed by run)
        for start in range(0, len(events), LOG_BATCH):
            pickle.dump(events[start : start + LOG_BATCH], spill, protocol=pickle.HIGHEST_PROTOCOL)
        spill.seek(0)
        self.spilled.append(spill)
        self.pending_log += len(events)

    def _write_log(self, progress) -> None:
        """Every chunk's events merged into one time order (each chunk's are sorted; equal times keep the order
        of the chunks and of their making), numbered and chained in that order and copied in slices, each slice
        in a transaction that also moves the chain heads and the log's sequence past it."""
        merged = heapq.merge(*(_unspilled(spill) for spill in self.spilled), key=itemgetter(0))
        total, done = self.pending_log, 0
        # One chain per organisation (stripe 0 of its chains, see audit.log.record); seq goes on from the log's last.
        self.seq = AccessLogRecord.objects.order_by("-seq").values_list("seq", flat=True).first() or 0
        while written := self._write_slice(itertools.islice(merged, LOG_SLICE)):
            done += written
            if progress:
                progress("log", done, total)
        self.counts["log"] += done

    def _write_slice(self, events: Iterable[tuple]) -> int:
        with transaction.atomic():
            written = _copy(AccessLogRecord, LOG_FIELDS, self._chained(events))
            if not written:
                return 0
            for chain_id, pos, last_hash in self.prev.values():
                if pos:  # a chain whose first record is still to come keeps its empty head
                    ChainHead.objects.filter(pk=chain_id).update(seq=pos, hash=last_hash)
            if connection.vendor == "postgresql":
                with connection.cursor() as cursor:
                    cursor.execute(
                        "SELECT setval('audit_log_seq', GREATEST(%s, (SELECT last_value FROM audit_log_seq)))",
                        [self.seq],
                    )
        return written

    def _chained(self, events):
        """The records of ``events`` as rows of LOG_FIELDS, each chained to the one before in its organisation's
        chain, exactly as audit.log.record chains them."""
        prev, record_hash = self.prev, chain.record_hash
        for at, (org, user_id, username, role, behalf, family_id, case_id), event, action, detail, member_id in events:
            self.seq += 1
            seq = self.seq
            chain_id, pos, last_hash = prev[org]
            pos += 1
            fields = {
                "seq": seq,
                "at": at,
                "event": event,
                "user_id": user_id,
                "username": username,
                "role": role,
                "on_behalf_of": behalf,
                "organisation_id": org,
                "family_id": family_id,
                "case_id": case_id,
                "member_id": member_id,
                "channel": WEB,
                "action": action,
                "detail": detail,
                "ip_address": IP,
                "chain_id": chain_id,
                "pos": pos,
            }
            digest = record_hash(last_hash, fields, legacy=False)
            prev[org] = [chain_id, pos, digest]
            known = (seq, chain_id, pos, at, event, user_id, username, role, behalf, org, family_id, case_id)
            yield (*known, member_id, WEB, action, detail, IP, last_hash, digest)


def _unspilled(spill: IO[bytes]) -> Iterator[tuple]:
    """The events of a chunk's temporary file, one pickled batch in memory at a time."""
    while True:
        try:
            batch = pickle.load(spill)  # noqa: S301 (our own temporary file, written by _log)
        except EOFError:
            return
        yield from batch

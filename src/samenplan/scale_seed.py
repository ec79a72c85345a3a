"""Synthetic data at the scale of a region, for measuring samenplan (``samenplan seed --scale --families N``).

Nothing here is real: Faker ``nl_NL`` with a fixed seed. Everything is written with bulk inserts in chunks of
families, so 50,000 families (≈ 5 years of a region) load in minutes. The access log gets records in proportion
to the activity, chained exactly as ``audit.log.record`` chains them, so ``samenplan audit verify`` passes.

Shape: organisations of teams; a team has five professionals (about 200 cases each at 50,000 families) and a team
lead; one lead leads two teams; families have two to five members and one or two cases, in every phase; every case
has a registration and a timeline; cases past clarification have a recipient and a consent. One case per
organisation gets a long timeline (500 entries) for the dossier benchmark.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

from django.contrib.auth.hashers import make_password
from django.db import connection, transaction
from faker import Faker

from samenplan.accounts.models import Membership, Organisation, Role, Team, User
from samenplan.audit import chain, partitions
from samenplan.audit.models import AccessLogRecord, ChainHead, Channel, Event
from samenplan.cases.models import (
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
from samenplan.intake.models import Registration

SEED = 20261204
ORG_PREFIX = "Regio "
FAMILIES_PER_ORG = 20_000
CASES_PER_WORKER = 200
WORKERS_PER_TEAM = 5
CHUNK = 1_000
LONG_TIMELINE = 500
PHASES = list(Phase)
PREFIXES = ["", "", "", "", "van", "de", "van der", "van den", "van de", "ter", "den"]


def already_seeded() -> bool:
    return Organisation.objects.filter(name__startswith=ORG_PREFIX).exists()


def _day(base: datetime, rng: random.Random, days: int) -> datetime:
    return base + timedelta(days=rng.randrange(max(1, days)), seconds=rng.randrange(8 * 3600) + 8 * 3600)


def seed(
    families: int,
    *,
    log_per_family: int = 20,
    progress: Callable[[int], None] | None = None,
) -> dict[str, object]:
    """Create ``families`` families with everything around them. Returns a summary (counts and bench users)."""
    fake = Faker("nl_NL")
    fake.seed_instance(SEED)
    rng = random.Random(SEED)
    now = datetime.now(UTC).replace(microsecond=0)
    start = now - timedelta(days=5 * 365)
    password = make_password(None)  # no one logs in as these users; the benchmark uses a forced login

    n_orgs = max(2, -(-families // FAMILIES_PER_ORG))
    n_workers = max(WORKERS_PER_TEAM * n_orgs, families // CASES_PER_WORKER)
    n_teams = max(n_orgs, n_workers // WORKERS_PER_TEAM)
    with transaction.atomic():
        orgs = Organisation.objects.bulk_create(
            [Organisation(name=f"{ORG_PREFIX}{fake.unique.city()} {i + 1}") for i in range(n_orgs)]
        )
        teams = Team.objects.bulk_create(
            [Team(organisation=orgs[i % n_orgs], name=f"Team {fake.unique.street_name()}") for i in range(n_teams)]
        )
        users = User.objects.bulk_create(
            [
                User(
                    username=f"p{i + 1:05d}",
                    password=password,
                    first_name=fake.first_name(),
                    last_name=fake.last_name(),
                    organisation=teams[i % n_teams].organisation,
                )
                for i in range(n_workers)
            ]
            + [
                User(
                    username=f"lead{i + 1:04d}",
                    password=password,
                    first_name=fake.first_name(),
                    last_name=fake.last_name(),
                    organisation=teams[i].organisation,
                )
                for i in range(n_teams)
            ]
        )
        workers, leads = users[:n_workers], users[n_workers:]
        team_of = {w.pk: teams[i % n_teams] for i, w in enumerate(workers)}
        memberships = [Membership(user=w, team=team_of[w.pk], role=Role.PROFESSIONAL) for w in workers]
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

    # One chain per organisation (stripe 0 of its chains, see audit.log.record); seq goes on from the log's last.
    seq = AccessLogRecord.objects.order_by("-seq").values_list("seq", flat=True).first() or 0
    prev: dict[int, list] = {}  # organisation id -> [chain id, last position, last hash]
    counts = dict.fromkeys(("families", "members", "cases", "entries", "consents", "log"), 0)
    long_done: set[int] = set()
    done = 0
    while done < families:
        size = min(CHUNK, families - done)
        with transaction.atomic():
            seq = _chunk(
                fake, rng, size, done, workers, team_of, start, now, seq, prev, log_per_family, counts, long_done
            )
            for chain_id, pos, last_hash in prev.values():
                ChainHead.objects.filter(pk=chain_id).update(seq=pos, hash=last_hash)
            if connection.vendor == "postgresql":
                with connection.cursor() as cursor:
                    cursor.execute(
                        "SELECT setval('audit_log_seq', GREATEST(%s, (SELECT last_value FROM audit_log_seq)))", [seq]
                    )
        done += size
        if progress:
            progress(size)
    by_team: dict[int, int] = {}
    for w in workers:
        by_team.setdefault(team_of[w.pk].pk, w.pk)
    return {
        **counts,
        "organisations": n_orgs,
        "teams": n_teams,
        "professional": workers[0].username,
        "two_team_lead": leads[0].username,
    }


def _chunk(fake, rng, size, offset, workers, team_of, start, now, seq, prev, log_per_family, counts, long_done):
    span = (now - start).days
    fams = []
    for i in range(size):
        worker = workers[(offset + i) % len(workers)]
        fams.append(Family(organisation_id=team_of[worker.pk].organisation_id, name=""))
    surnames = []
    for fam in fams:
        prefix = rng.choice(PREFIXES)
        surname = fake.last_name()
        surnames.append(f"{prefix} {surname}".strip())
        fam.name = f"Familie {surnames[-1]}"
    fams = Family.objects.bulk_create(fams)

    members = []
    for fam, surname in zip(fams, surnames, strict=True):
        n_parents = rng.choice((1, 2, 2))
        for _ in range(n_parents):
            members.append(
                Member(
                    family=fam,
                    given_name=fake.first_name(),
                    family_name=surname,
                    date_of_birth=fake.date_of_birth(minimum_age=24, maximum_age=55),
                    role=rng.choice((MemberRole.PARENT, MemberRole.PARENT, MemberRole.STEP_PARENT)),
                    has_custody=True,
                )
            )
        for _ in range(rng.randint(1, 3)):
            members.append(
                Member(
                    family=fam,
                    given_name=fake.first_name(),
                    family_name=surname,
                    date_of_birth=fake.date_of_birth(minimum_age=0, maximum_age=17),
                    role=MemberRole.CHILD,
                    lives_at_home=rng.random() > 0.1,
                )
            )
    members = Member.objects.bulk_create(members)
    first_member = {}
    for m in members:
        first_member.setdefault(m.family_id, m)

    cases = []
    for i, fam in enumerate(fams):
        worker = workers[(offset + i) % len(workers)]
        for _ in range(1 if rng.random() > 0.15 else 2):
            opened = _day(start, rng, span - 10)
            phase = rng.choice(PHASES)
            closed = None
            if phase == Phase.CLOSED:
                closed = min(now, opened + timedelta(days=rng.randint(30, 500))).date()
            cases.append(
                Case(
                    family=fam,
                    team=team_of[worker.pk],
                    caseworker=worker,
                    phase=phase,
                    child_protection_measure=rng.random() < 0.08,
                    opened_on=opened.date(),
                    closed_on=closed,
                )
            )
    cases = Case.objects.bulk_create(cases)

    entries, registrations, recipients = [], [], []
    for case in cases:
        opened = datetime.combine(case.opened_on, datetime.min.time(), tzinfo=UTC) + timedelta(hours=9)
        days = max(1, ((now.date() if case.closed_on is None else case.closed_on) - case.opened_on).days)
        reason = fake.paragraph(nb_sentences=2)
        registrations.append(Registration(case=case, registered_by=rng.choice(list(RegisteredBy)), reason=reason))
        entries.append(
            DossierEntry(
                case=case,
                author=case.caseworker,
                at=opened,
                kind=EntryKind.REGISTRATION,
                voice=Voice.REFERRER,
                text=reason,
            )
        )
        phase_index = PHASES.index(Phase(case.phase))
        n = phase_index * 2 + rng.randint(1, 6)
        if case.team.organisation_id not in long_done and case.closed_on is None:
            long_done.add(case.team.organisation_id)
            n = LONG_TIMELINE
        for k in range(n):
            at = opened + timedelta(days=days * (k + 1) / (n + 1), minutes=rng.randrange(600))
            family_words = rng.random() < 0.3
            entries.append(
                DossierEntry(
                    case=case,
                    author=case.caseworker,
                    at=min(at, now),
                    kind=EntryKind.NOTE if k % 4 else EntryKind.CONVERSATION,
                    voice=Voice.FAMILY if family_words else Voice.PROFESSIONAL,
                    speaker=first_member[case.family_id] if family_words else None,
                    text=fake.sentence(nb_words=14),
                )
            )
        for p in PHASES[1 : phase_index + 1]:
            entries.append(
                DossierEntry(
                    case=case,
                    author=case.caseworker,
                    at=min(now, opened + timedelta(days=days * 0.1)),
                    kind=EntryKind.PHASE_CHANGE,
                    voice=Voice.SYSTEM,
                    text=f"→ {p.label}",
                )
            )
        if phase_index >= 2:
            recipients.append(
                Recipient(
                    case=case,
                    name=f"Huisartsenpraktijk {fake.last_name()}",
                    kind=RecipientKind.ORGANISATION,
                    role=RecipientRole.OTHER,
                    contact=fake.phone_number(),
                )
            )
    DossierEntry.objects.bulk_create(entries, batch_size=5000)
    Registration.objects.bulk_create(registrations)
    recipients = Recipient.objects.bulk_create(recipients)
    consents = []
    for r in recipients:
        consents.append(
            Consent(
                case=r.case,
                recipient=r,
                purpose=Purpose.COORDINATE,
                data_kinds=[DataKind.PERSONAL, DataKind.PLAN],
                benefit=fake.sentence(),
                given_on=r.case.opened_on + timedelta(days=20),
                recorded_by=r.case.caseworker,
                recorded_at=now,
            )
        )
    Consent.objects.bulk_create(consents)

    # The access log: reads and writes of each case by its worker, spread over the case's life, oldest first.
    log = []
    for case in cases:
        opened = datetime.combine(case.opened_on, datetime.min.time(), tzinfo=UTC)
        days = max(1, ((now.date() if case.closed_on is None else case.closed_on) - case.opened_on).days)
        for _ in range(max(1, log_per_family * 100 // 115)):
            log.append((opened + timedelta(days=rng.randrange(days), seconds=rng.randrange(86400)), case))
    log.sort(key=lambda item: item[0])
    records = []
    for at, case in log:
        seq += 1
        org = case.team.organisation_id
        if org not in prev:
            head, _ = ChainHead.objects.get_or_create(organisation_id=org, stripe=0, defaults={"hash": ""})
            prev[org] = [head.pk, head.seq, head.hash if head.seq else chain.chain_genesis(head.pk)]
        chain_id, pos, last_hash = prev[org]
        write = rng.random() < 0.15
        fields = {
            "seq": seq,
            "at": at,
            "event": str(Event.CHANGE if write else Event.READ),
            "user_id": case.caseworker_id,
            "username": case.caseworker.username,
            "role": "professional",
            "on_behalf_of": case.team.name,
            "organisation_id": case.team.organisation_id,
            "family_id": case.family_id,
            "case_id": case.pk,
            "member_id": None,
            "channel": str(Channel.WEB),
            "action": "cases.note" if write else "cases.dossier",
            "detail": "",
            "ip_address": "10.0.0.1",
        }
        fields.update(chain_id=chain_id, pos=pos + 1)
        digest = chain.record_hash(last_hash, fields, legacy=False)
        records.append(AccessLogRecord(prev_hash=last_hash, hash=digest, **fields))
        prev[org] = [chain_id, pos + 1, digest]
    with connection.cursor() as cursor:  # the months' partitions of the log (PostgreSQL)
        partitions.ensure(cursor, *{record.at for record in records})
    AccessLogRecord.objects.bulk_create(records, batch_size=5000)

    counts["families"] += len(fams)
    counts["members"] += len(members)
    counts["cases"] += len(cases)
    counts["entries"] += len(entries)
    counts["consents"] += len(consents)
    counts["log"] += len(records)
    return seq

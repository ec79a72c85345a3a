"""Demo family accounts: a parent and a 14-year-old of one of the demo caseworker's families, so an evaluator can
log in to the portal (synthetic data only; logins printed by ``samenplan demo`` and ``samenplan seed``)."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from django.utils import timezone

from samenplan import clock
from samenplan.cases.models import Case, MemberRole
from samenplan.portal import actions
from samenplan.portal.models import FamilyAccount

PARENT_LOGIN = "ouder"
YOUTH_LOGIN = "jongere"


def _fourteen(today: date) -> date:
    try:
        return today.replace(year=today.year - 14, month=1, day=15)
    except ValueError:  # pragma: no cover
        return date(today.year - 14, 1, 15)


def add_demo_family_accounts(caseworker, password: str) -> list[FamilyAccount]:
    """Invite and accept (through the real actions) a parent and a child of the caseworker's first open case
    that has goals; the child is made 14 for the demo. Returns the accounts."""
    case = (
        Case.objects.filter(caseworker=caseworker, closed_on__isnull=True, goals__isnull=False)
        .distinct()
        .order_by("pk")
        .first()
    )
    if case is None:
        return []
    parent = case.family.members.filter(role=MemberRole.PARENT).order_by("pk").first()
    child = case.family.members.filter(role=MemberRole.CHILD).order_by("pk").first()
    made = []
    for member, login in ((parent, PARENT_LOGIN), (child, YOUTH_LOGIN)):
        if member is None:
            continue
        if member.role == MemberRole.CHILD:
            member.date_of_birth = _fourteen(timezone.localdate())
            member.save(update_fields=["date_of_birth"])
        tokens: list[str] = []
        actions.do_invite(caseworker, case, member, f"{login}@example.org", accept_url=tokens.append)
        user = actions.do_accept(tokens[0], password)
        user.username = login
        user.save(update_fields=["username"])
        made.append(FamilyAccount.objects.select_related("member").get(user=user))
    add_demo_family_view(caseworker, case, [m for m in (parent, child) if m is not None])
    add_demo_proposal(case, made)
    return made


def add_demo_family_view(caseworker, case, members) -> None:
    """What the demo family reads on the portal's pages besides its plan: psycho-education given to them, and
    the caseworker's notes, one shared with the family and one internal (through the real actions)."""
    from samenplan.analysis.actions import do_record_psycho_education
    from samenplan.cases.actions import do_add_note, do_share_entry

    today = timezone.localdate()

    def moment(days_ago: int, hour: int) -> datetime:
        return timezone.make_aware(datetime.combine(today - timedelta(days=days_ago), time(hour)))

    with clock.as_of(moment(30, 14)):
        do_record_psycho_education(
            caseworker,
            case,
            topic="Boosheid en ruzie in het gezin",
            explained=(
                "Boos worden hoort erbij, bij kinderen en bij ouders. Als iedereen moe is, gaat het sneller mis. "
                "Een vaste rustplek en afspraken over wie wat doet helpen. Er is ook een korte opvoedcursus."
            ),
            given_to=members,
            material_title="Folder: Rust in huis",
            material_description="Tien tips voor als het thuis te hard gaat.",
            given_on=today - timedelta(days=30),
        )
    with clock.as_of(moment(9, 16)):
        do_add_note(
            caseworker, case, text="Intern: afstemmen met de school over de verzuimmelding.", voice="professional"
        )
    child = next((m.given_name for m in members if m.role == MemberRole.CHILD), "de kinderen")
    text = (
        f"Fijn dat jullie woensdag samen aan tafel zaten. Oma Ria haalt {child} voortaan op woensdag op. "
        "Ik bel volgende week om te horen hoe het gaat."
    )
    with clock.as_of(moment(8, 11)):
        note = do_add_note(caseworker, case, text=text, voice="professional")
        do_share_entry(caseworker, note, shared=True)


DEMO_PROPOSAL = "Dat we op zondag samen iets leuks doen, zonder telefoons."


def add_demo_proposal(case, accounts: list[FamilyAccount]) -> None:
    """The demo parent proposes a goal in the portal, in their own words: one open proposal on the case, so the
    caseworker's dashboard and case page show "New from the family"."""
    from samenplan.portal.actions_proposals import do_propose

    parent = next((a for a in accounts if a.member.role != MemberRole.CHILD), None)
    if parent is not None:
        do_propose(parent.user, parent.member, case, kind="goal", words=DEMO_PROPOSAL)


def login_lines() -> list[str]:
    """What the demo prints about the family logins."""
    lines = []
    accounts = FamilyAccount.objects.filter(user__username__in=(PARENT_LOGIN, YOUTH_LOGIN)).select_related(
        "user", "member__family"
    )
    for account in accounts.order_by("user__username"):
        member = account.member
        kind = "parent" if member.role != MemberRole.CHILD else "youth (14)"
        lines.append(f"  {account.user.username:<8} {member}: {kind} of family {member.family.name} (portal)")
    return lines

"""Cases with something due in every group, as rows (the steps themselves are tested in their own apps)."""

from __future__ import annotations

from datetime import datetime, time, timedelta

from django.utils import timezone

from samenplan.cases.models import DossierEntry, EntryKind, Family, Voice
from samenplan.consent.models import Consent, Recipient
from tests.factories import case_with_registration, consultation_on


def family_user(family):
    """A parent of ``family`` with a portal account (rows only: the invitation itself is tested in tests/portal)."""
    from samenplan.accounts.models import User
    from samenplan.cases.models import Member, MemberRole
    from samenplan.portal.models import FamilyAccount

    member = Member.objects.create(family=family, given_name="Ouder", family_name=family.name, role=MemberRole.PARENT)
    user = User.objects.create(username=f"family-{member.pk}", first_name="Ouder", last_name=family.name)
    return FamilyAccount.objects.create(user=user, member=member)


def busy_cases(world, n, *, caseworker=None, team=None, prefix="Drukte"):
    """``n`` open cases of ``caseworker`` (default: the world's caseworker), each with a consultation waiting and a
    consent ending in ten days. Every second case has the family's input in the portal of yesterday (written by a
    parent's family account, not yet seen); the others
    had their last entry 60 days ago (without activity)."""
    caseworker = caseworker or world.caseworker
    team = team or world.north
    now = timezone.now()
    today = timezone.localdate()
    # Sixty calendar days back, at noon: "now minus 60 days" falls on another local day for an hour a day when
    # daylight saving time changed in between (at 22:45 UTC in December, 60 days back is 00:45 summer time).
    sixty_days_ago = timezone.make_aware(datetime.combine(today - timedelta(days=60), time(12)))
    cases = []
    for i in range(n):
        family = Family.objects.create(organisation=team.organisation, name=f"{prefix}{i:04}")
        case = case_with_registration(
            family=family, team=team, caseworker=caseworker, opened_on=today - timedelta(days=90)
        )
        DossierEntry.objects.create(
            case=case, author=caseworker, at=sixty_days_ago, kind=EntryKind.NOTE,
            voice=Voice.PROFESSIONAL, text="Gesprek gehad.",
        )  # fmt: skip
        if i % 2 == 0:
            parent = family_user(family)
            DossierEntry.objects.create(
                case=case, author=parent.user, at=now - timedelta(days=1), kind=EntryKind.PORTAL,
                voice=Voice.FAMILY, speaker=parent.member, text="Het gaat beter met slapen.",
            )  # fmt: skip
        recipient = Recipient.objects.create(
            case=case, name="Huisartsenpraktijk De Linde", kind="organisation", role="gp"
        )
        Consent.objects.create(
            case=case, recipient=recipient, purpose="request_information", data_kinds=["health"],
            benefit="Dan weet de huisarts ervan.", given_on=today - timedelta(days=300),
            expires_on=today + timedelta(days=10), recorded_by=caseworker, recorded_at=now,
        )  # fmt: skip
        consultation_on(case, world.consulted_scientist)
        cases.append(case)
    return cases

"""``FamilyAccount.family``, the family of the account's member copied on the account (migration account_family),
kept right by the database on every write, on SQLite and PostgreSQL alike: whoever makes the account (the
invitation's acceptance, ``create``, ``bulk_create``), whatever Python holds or writes in it, and when its member
moves to another family. The dashboard's "New from the family" reads it (``portal/caseload.py``)."""

from __future__ import annotations

import pytest
from django.db.models import ProtectedError
from django.utils import timezone

from samenplan.accounts.models import User
from samenplan.caseload import services
from samenplan.cases.models import DossierEntry, EntryKind, Family, Member, MemberRole, Voice
from samenplan.portal.caseload import family_input
from samenplan.portal.models import FamilyAccount


def stored_family(account) -> int | None:
    return FamilyAccount.objects.filter(pk=account.pk).values_list("family_id", flat=True).get()


def new_member(family, name="Ouder") -> Member:
    return Member.objects.create(family=family, given_name=name, family_name=family.name, role=MemberRole.PARENT)


def new_user(member) -> User:
    return User.objects.create(username=f"family-{member.pk}", first_name=member.given_name)


def test_an_account_made_by_accepting_the_invitation_holds_its_member_s_family(world):
    parent = world.persona("parent")
    account = FamilyAccount.objects.get(user=parent)
    assert stored_family(account) == account.member.family_id == world.case.family_id


def test_an_account_made_in_python_takes_its_member_s_family_whatever_python_writes(world):
    other = Family.objects.create(organisation=world.org, name="Anders")
    member, second = new_member(world.case.family), new_member(world.case.family, "Tweede")
    account = FamilyAccount.objects.create(user=new_user(member), member=member)
    (bulk,) = FamilyAccount.objects.bulk_create([FamilyAccount(user=new_user(second), member=second, family=other)])
    assert stored_family(account) == stored_family(bulk) == world.case.family_id
    account.family = other  # a stale or wrong value in memory is never kept
    account.save()
    FamilyAccount.objects.filter(pk=bulk.pk).update(family=other)
    assert stored_family(account) == stored_family(bulk) == world.case.family_id


def test_an_account_given_another_member_takes_that_member_s_family(world):
    other = Family.objects.create(organisation=world.org, name="Anders")
    member = new_member(world.case.family)
    account = FamilyAccount.objects.create(user=new_user(member), member=member)
    FamilyAccount.objects.filter(pk=account.pk).update(member=new_member(other))
    assert stored_family(account) == other.pk


def test_an_account_follows_its_member_to_another_family_and_others_stay(world):
    other = Family.objects.create(organisation=world.org, name="Anders")
    moving, staying = new_member(world.case.family), new_member(world.case.family, "Blijft")
    moved = FamilyAccount.objects.create(user=new_user(moving), member=moving)
    stays = FamilyAccount.objects.create(user=new_user(staying), member=staying)
    Member.objects.filter(pk=moving.pk).update(family=other)
    assert (stored_family(moved), stored_family(stays)) == (other.pk, world.case.family_id)
    moving.refresh_from_db()
    moving.family = world.case.family  # back, through save()
    moving.save()
    assert stored_family(moved) == world.case.family_id
    moving.given_name = "Hernoemd"  # a save that keeps the family changes nothing
    moving.save()
    assert stored_family(moved) == world.case.family_id


def test_a_family_with_an_account_is_still_not_deleted(world):
    """The account's member is protected, as before the copy: the family's deletion is refused before any row goes."""
    account = FamilyAccount.objects.get(user=world.persona("parent"))
    with pytest.raises(ProtectedError):
        account.member.family.delete()
    assert Family.objects.filter(pk=world.case.family_id).exists()


def test_the_dashboard_counts_what_a_moved_member_s_account_wrote_only_in_its_new_family(world):
    """As when the dashboard read the member's family: an account's entries count in the cases of the family its
    member is in now."""
    member = new_member(world.case.family)
    account = FamilyAccount.objects.create(user=new_user(member), member=member)
    DossierEntry.objects.create(
        case=world.case, author=account.user, at=timezone.now(), kind=EntryKind.PORTAL, voice=Voice.FAMILY,
        text="Van dit gezin.",
    )  # fmt: skip

    def cases_with_input():
        cases = services.read_caseload(services.own_cases(world.caseworker))
        return [item.case_id for item in family_input(cases, timezone.localdate(), None)]

    assert cases_with_input() == [world.case.pk]
    Member.objects.filter(pk=member.pk).update(family=Family.objects.create(organisation=world.org, name="Anders"))
    assert cases_with_input() == []
    Member.objects.filter(pk=member.pk).update(family=world.case.family)
    assert cases_with_input() == [world.case.pk]

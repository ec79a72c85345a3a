"""The names stored beside others for lists and search (migration caseload_sort_name_and_folded_names), kept right
by the database on every write, on SQLite and PostgreSQL alike: the family's name on each of its cases
(``Case.family_name``, which the caseload sorts by and shows) and the folded names the search compares."""

from __future__ import annotations

from datetime import date

from django.urls import reverse

from samenplan.cases import access
from samenplan.cases.models import Case, Family, Member, MemberRole
from tests.conftest import register, requires_postgres


def case_names(family) -> set[str]:
    return set(Case.objects.filter(family=family).values_list("family_name", flat=True))


def test_it_gives_a_registered_case_its_family_s_name(world):
    case = register(world.caseworker, world.north, name="Éénhoorn")
    assert case_names(case.family) == {"Éénhoorn"}


def test_it_gives_a_case_made_without_the_name_its_family_s_name(world):
    family = Family.objects.create(organisation=world.org, name="Bakker-de Wit")
    case = Case.objects.create(family=family, team=world.north, caseworker=world.caseworker, opened_on=date(2026, 1, 5))
    Case.objects.bulk_create(
        [Case(family=family, team=world.north, caseworker=world.caseworker, opened_on=date(2026, 2, 5))]
    )
    assert case_names(family) == {"Bakker-de Wit"}
    case.save()  # an instance made in Python holds None: saving it writes the family's name all the same
    assert case_names(family) == {"Bakker-de Wit"}


def test_it_follows_a_new_name_of_the_family_to_all_its_cases(world):
    case = register(world.caseworker, world.north, name="Jansen")
    Case.objects.create(family=case.family, team=world.south, caseworker=world.colleague, opened_on=date(2026, 3, 1))
    Family.objects.filter(pk=case.family_id).update(name="Jansen-Öztürk")
    assert case_names(case.family) == {"Jansen-Öztürk"}
    family = Family.objects.get(pk=case.family_id)
    family.name = "Öztürk"
    family.save()
    assert case_names(case.family) == {"Öztürk"}
    assert case_names(world.outsider_case.family) == {"Bakker"}  # other families' cases keep theirs


def test_it_gives_a_case_moved_to_another_family_that_family_s_name(world):
    case = register(world.caseworker, world.north, name="Jansen")
    Case.objects.filter(pk=case.pk).update(family=world.outsider_case.family)
    assert Case.objects.get(pk=case.pk).family_name == "Bakker"


def test_it_never_keeps_another_name_written_on_the_case(world):
    case = register(world.caseworker, world.north, name="Jansen")
    Case.objects.filter(pk=case.pk).update(family_name="Iets anders")
    assert Case.objects.get(pk=case.pk).family_name == "Jansen"


def test_it_shows_and_sorts_the_caseload_by_the_family_s_new_name(client, world):
    first = register(world.caseworker, world.north, name="Aalders")
    register(world.caseworker, world.north, name="Mulder")
    Family.objects.filter(pk=first.family_id).update(name="Zwart")
    client.force_login(world.caseworker)
    groups = client.get(reverse("cases:caseload")).context["groups"]
    assert [row["family"] for _, rows, _ in groups for row in rows] == ["Jansen", "Mulder", "Zwart"]


def folded(member) -> tuple[str, str]:
    return Member.objects.filter(pk=member.pk).values_list("given_name_folded", "family_name_folded").get()


def test_it_stores_the_folded_names_of_a_member_and_refolds_them_on_every_write(world):
    member = Member.objects.create(
        family=world.case.family, given_name="Zoë", family_name="Ter Brügge", role=MemberRole.PARENT
    )
    assert folded(member) == ("zoe", "ter brugge")
    Member.objects.filter(pk=member.pk).update(given_name="Chloé")
    assert folded(member) == ("chloe", "ter brugge")
    member.refresh_from_db()
    member.family_name = "Çelik"
    member.save()
    assert folded(member) == ("chloe", "celik")
    assert Family.objects.filter(pk=world.case.family_id).values_list("name_folded", flat=True).get() == "jansen"


def test_it_finds_a_member_by_the_new_name_and_no_longer_by_the_old(world):
    case = register(world.caseworker, world.north, name="Pietersen")
    Member.objects.filter(family=case.family, given_name="Sanne").update(given_name="Émilie")

    def found(query):
        return {c.family.name for c in access.visible_cases(world.caseworker).filter(access.matching_cases_q(query))}

    assert found("emilie pietersen") == {"Pietersen"}
    assert found("sanne pietersen") == set()  # Sanne Jansen of the world is no Pietersen


@requires_postgres()
def test_it_folds_as_postgresql_s_unaccent_does_on_postgresql(world):
    """On PostgreSQL the folded names are what ``samenplan_unaccent`` made of them at search time (its ``unaccent``
    knows letters that Unicode does not decompose: ø, ł, the Turkish dotless i)."""
    register(world.caseworker, world.north, name="Søren Y\u0131ld\u0131z-Łukasz")
    found = access.visible_cases(world.caseworker).filter(access.matching_cases_q("soren yildiz lukasz"))
    assert {c.family.name for c in found} == {"Søren Y\u0131ld\u0131z-Łukasz"}


def test_it_leaves_the_copies_out_of_the_inspection_export(world):
    """The export of everything about a member (privacy) holds each name once, as entered: not its copies."""
    from samenplan.privacy.actions import member_export

    member = world.case.family.members.order_by("pk").first()
    records = member_export(member)["records"]
    fields = {label: {name for row in rows for name in row["fields"]} for label, rows in records.items()}
    assert {"name"} <= fields["cases.Family"] and "name_folded" not in fields["cases.Family"]
    assert {"given_name", "family_name"} <= fields["cases.Member"]
    assert not {"given_name_folded", "family_name_folded"} & fields["cases.Member"]
    assert "phase" in fields["cases.Case"] and "family_name" not in fields["cases.Case"]


def names(case) -> str:
    return Case.objects.filter(pk=case.pk).values_list("names_folded", flat=True).get()


def test_it_keeps_every_name_of_the_family_folded_on_each_of_its_cases(world):
    """``Case.names_folded`` (migration case_names_folded): the family's name and its members' names, folded and
    joined by line breaks, after every write of a case, the family or a member, however written."""
    case = register(world.caseworker, world.north, name="Öztürk")
    second = Case.objects.create(
        family=case.family, team=world.south, caseworker=world.colleague, opened_on=date(2026, 3, 1)
    )
    expected = lambda: "\n".join(  # noqa: E731
        [
            Family.objects.filter(pk=case.family_id).values_list("name_folded", flat=True).get(),
            *(
                f"{given}\n{family}"
                for given, family in Member.objects.filter(family=case.family_id)
                .order_by("pk")
                .values_list("given_name_folded", "family_name_folded")
            ),
        ]
    )

    def check(*cases):
        for c in cases:
            assert sorted(names(c).split("\n")[1:]) == sorted(expected().split("\n")[1:])
            assert names(c).split("\n")[0] == expected().split("\n")[0]

    check(case, second)
    assert "ozturk" in names(case) and "sanne" in names(case)
    Member.objects.filter(family=case.family, given_name="Sanne").update(given_name="Émilie")
    check(case, second)
    assert "emilie" in names(case) and "sanne" not in names(case)
    member = Member.objects.create(family=case.family, given_name="Zoë", family_name="Ter Brügge", role="parent")
    Member.objects.bulk_create([Member(family=case.family, given_name="Łukasz", family_name="", role="child")])
    check(case, second)
    member.refresh_from_db()
    member.family_name = "Çelik"
    member.save()
    check(case, second)
    assert "celik" in names(case) and "brugge" not in names(case)
    Member.objects.filter(pk=member.pk).update(family=world.outsider_case.family)
    check(case, second)
    assert "celik" not in names(case) and "celik" in names(world.outsider_case)
    Member.objects.filter(family=case.family, given_name="Mees").delete()
    check(case, second)
    assert "mees" not in names(case)
    Family.objects.filter(pk=case.family_id).update(name="Jansen-Öztürk")
    check(case, second)
    assert names(case).startswith("jansen-ozturk\n")
    Case.objects.filter(pk=second.pk).update(names_folded="iets anders")
    check(second)
    Case.objects.filter(pk=second.pk).update(family=world.outsider_case.family)
    assert names(second) == names(world.outsider_case)
    Case.objects.bulk_create(
        [Case(family=case.family, team=world.north, caseworker=world.caseworker, opened_on=date(2026, 2, 5))]
    )
    assert len(set(Case.objects.filter(family=case.family).values_list("names_folded", flat=True))) == 1
    case.save()  # an instance made in Python holds None: saving it keeps the names
    check(case)

"""The dashboard's rules without a database: which items show, how they group, in which order."""

from datetime import date

from samenplan.caseload import rules
from samenplan.caseload.registry import Item

TODAY = date(2026, 12, 2)  # a Wednesday


def item(group="consents", name="Jansen", case_id=1, **kw):
    return Item(group, "tekst", "/x", case_id=case_id, family_id=case_id, family_name=name, **kw)


def test_it_counts_a_consent_as_ending_soon_from_today_up_to_thirty_days():
    assert rules.consent_expiring(date(2026, 12, 2), TODAY)
    assert rules.consent_expiring(date(2027, 1, 1), TODAY)
    assert not rules.consent_expiring(date(2027, 1, 2), TODAY)
    assert not rules.consent_expiring(date(2026, 12, 1), TODAY)  # already ended
    assert not rules.consent_expiring(None, TODAY)  # no end date


def test_it_calls_a_case_inactive_after_the_organisations_number_of_days():
    assert rules.is_inactive(date(2026, 11, 2), date(2026, 1, 1), TODAY, 30)
    assert not rules.is_inactive(date(2026, 11, 3), date(2026, 1, 1), TODAY, 30)
    assert rules.is_inactive(None, date(2026, 11, 2), TODAY, 30)  # no entry: counts from the opening
    assert not rules.is_inactive(None, date(2026, 11, 20), TODAY, 30)


def test_it_shows_a_waiting_consultation_always_and_an_answer_for_two_weeks():
    assert rules.consultation_shows(True, None, TODAY)
    assert rules.consultation_shows(False, date(2026, 11, 18), TODAY)
    assert not rules.consultation_shows(False, date(2026, 11, 17), TODAY)
    assert not rules.consultation_shows(False, None, TODAY)


def test_it_knows_what_is_due_this_week():
    assert rules.due_this_week(date(2026, 12, 6), TODAY)  # Sunday
    assert not rules.due_this_week(date(2026, 12, 7), TODAY)
    assert not rules.due_this_week(date(2026, 12, 1), TODAY)  # yesterday: overdue, not this week


def test_it_orders_overdue_first_then_own_turn_then_date_then_name():
    late = item(name="Zwart", case_id=1, due=date(2026, 12, 20), overdue=True)
    waiting = item(name="Aalders", case_id=2, due=date(2026, 12, 3), waiting=True)
    soon = item(name="Bakker", case_id=3, due=date(2026, 12, 5))
    sooner_same_day = item(name="akker", case_id=4, due=date(2026, 12, 5))
    undated = item(name="Appel", case_id=5)
    ordered = rules.ordered([undated, waiting, soon, late, sooner_same_day])
    assert [i.case_id for i in ordered] == [1, 4, 3, 5, 2]


def test_it_shows_only_groups_that_have_a_provider_in_the_order_of_urgency():
    found = {"inactive": [], "consents": [item()], "phases": [], "evaluations": [], "zzz_later": []}
    assert [g.key for g in rules.groups(found)] == ["evaluations", "consents", "inactive", "zzz_later"]
    assert "plans" not in [g.key for g in rules.groups(found)]  # no provider: no group, not an empty one


def test_it_shows_the_first_items_of_a_group_and_counts_the_rest():
    many = [item(case_id=i, name=f"Gezin{i:02}") for i in range(25)]
    (group,) = rules.groups({"consents": many}, limit=10)
    assert (group.total, len(group.shown), group.more) == (25, 10, 15)
    assert group.shown[0].family_name == "Gezin00"


def test_it_names_each_shown_family_once_for_the_access_log():
    shown = [item(case_id=3), item(case_id=1), item(case_id=3), Item("phases", "x", "/", count=2)]
    assert rules.shown_family_ids(shown) == [3, 1]


def test_its_digest_counts_only_what_is_the_professionals_turn():
    found = {
        "evaluations": [item("evaluations", overdue=True), item("evaluations"), item("evaluations")],
        "consultations": [item("consultations", waiting=True)],
        "consents": [],
        "phases": [Item("phases", "x", "/", count=4)],
    }
    assert rules.digest(found) == [rules.DigestLine("evaluations", 3, 1)]

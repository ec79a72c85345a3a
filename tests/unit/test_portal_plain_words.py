"""The portal's plain words, database-free: what kind of action an access-log record was, how a professional's name
is shown to families, and whether the portal says "u" or "je"."""

import pytest

from samenplan.portal import rules


@pytest.mark.parametrize(
    ("event", "action", "kind"),
    [
        ("read", "cases.dossier", rules.LOOKED),
        ("read", "goals.overview", rules.LOOKED),
        ("change", "goals.change_goal", rules.CHANGED_GOAL),
        ("create", "goals.add_score", rules.CHANGED_GOAL),
        ("create", "cases.add_note", rules.WROTE),
        ("print", "decisions.plan_pdf", rules.MADE_PDF),
        ("read", "decisions.plan_pdf", rules.MADE_PDF),
        ("export", "privacy.export", rules.EXPORTED),
        ("emergency", "emergency.open", rules.EMERGENCY),
        ("search", "cases.caseload", rules.SEARCHED),
        ("refused", "cases.dossier", None),
    ],
)
def test_it_names_the_kind_of_action_in_plain_words(event, action, kind):
    assert rules.action_kind(event, action) == kind


@pytest.mark.parametrize(
    ("mode", "shown"),
    [
        (rules.FULL_NAME, "Anna de Vries"),
        (rules.FIRST_NAME, "Anna"),
        (rules.FIRST_NAME_INITIAL, "Anna V."),
        ("unknown", "Anna de Vries"),
    ],
)
def test_it_shows_a_professionals_name_as_the_organisation_chose(mode, shown):
    assert rules.shown_name("Anna", "de Vries", mode) == shown


def test_it_shows_an_initial_also_without_a_prefix_and_nothing_without_a_last_name():
    assert rules.shown_name("Bram", "Bos", rules.FIRST_NAME_INITIAL) == "Bram B."
    assert rules.shown_name("Bram", "", rules.FIRST_NAME_INITIAL) == "Bram"


def test_it_says_je_to_youth_and_u_to_parents():
    assert rules.addressed_as(is_child=True) == rules.YOUTH
    assert rules.addressed_as(is_child=False) == rules.PARENT

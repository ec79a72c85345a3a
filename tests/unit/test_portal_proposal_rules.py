"""The pure rules of the family's proposals and of "new from the family" (portal/rules.py), without a database."""

import pytest

from samenplan.portal import rules


@pytest.mark.parametrize(
    "words,refusal",
    [
        (None, rules.WORDS_MISSING),
        ("", rules.WORDS_MISSING),
        ("   \n\t", rules.WORDS_MISSING),
        ("Samen eten.", None),
        ("x" * rules.PROPOSAL_MAX, None),
        ("  " + "x" * rules.PROPOSAL_MAX + "  ", None),  # surrounding space does not count
        ("x" * (rules.PROPOSAL_MAX + 1), rules.WORDS_TOO_LONG),
    ],
)
def test_proposal_words_must_be_there_and_not_too_long(words, refusal):
    assert rules.proposal_words_refusal(words) == refusal


@pytest.mark.parametrize(
    "current,shown,after",
    [(0, 0, 0), (0, 7, 7), (7, 12, 12), (12, 7, 12), (None, 5, 5), (5, None, 5)],
)
def test_the_seen_mark_never_moves_back(current, shown, after):
    assert rules.seen_up_to(current, shown) == after


@pytest.mark.parametrize("entry,mark,new", [(5, None, True), (5, 0, True), (5, 4, True), (5, 5, False), (5, 9, False)])
def test_an_entry_after_the_mark_is_new(entry, mark, new):
    assert rules.is_new(entry, mark) is new


def test_each_family_entry_links_to_where_it_is_taken_further_or_to_the_timeline():
    assert rules.entry_page("portal") == "portal:case_proposals"
    assert rules.entry_page("goals") == "goals:overview"
    assert rules.entry_page("plan") == "plans:plan"
    assert rules.entry_page("preference") == "decisions:grid"
    assert rules.entry_page("analysis") == "analysis:overview"
    assert rules.entry_page("a_kind_of_a_later_app") is None  # the dossier's timeline


def test_every_linked_page_exists(settings):
    """Every URL name of ENTRY_PAGES resolves with a case id (no database needed to reverse)."""
    from django.urls import reverse

    for name in set(rules.ENTRY_PAGES.values()):
        assert reverse(name, args=[1]).startswith("/cases/1/")

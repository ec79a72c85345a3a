"""Who in the family sees psycho-education given to someone, a note in someone's words, the youth's wish about
their network; which evaluation is next. Database-free (portal/rules_see.py)."""

from datetime import date

import pytest

from samenplan.portal.rules_see import next_planned, sees_given_to, sees_youth_wish

PARENT, OTHER_PARENT, YOUTH, SIBLING = 1, 2, 3, 4


@pytest.mark.parametrize(
    ("viewer", "is_child", "recipients", "open_youth", "sees"),
    [
        (PARENT, False, [(PARENT, False)], set(), True),  # given to them
        (YOUTH, True, [(OTHER_PARENT, False)], {YOUTH}, True),  # given to a parent: the family's shared part
        (PARENT, False, [(YOUTH, True)], {YOUTH}, True),  # a youth whose part the parent sees
        (PARENT, False, [(YOUTH, True)], set(), False),  # a 16+ youth who did not agree
        (PARENT, False, [(YOUTH, True), (SIBLING, True)], {YOUTH}, False),  # one of them did not agree
        (SIBLING, True, [(YOUTH, True)], {SIBLING}, False),  # another youth's own part
        (YOUTH, True, [(YOUTH, True)], {YOUTH}, True),
        (PARENT, False, [], set(), True),  # to nobody in particular: the family's
        (PARENT, False, [(YOUTH, True), (OTHER_PARENT, False)], set(), True),  # the other parent was there too
    ],
)
def test_it_decides_who_sees_what_was_given_to_whom(viewer, is_child, recipients, open_youth, sees):
    assert (
        sees_given_to(viewer_id=viewer, viewer_is_child=is_child, recipients=recipients, open_youth=open_youth) is sees
    )


def test_the_youths_wish_is_theirs_and_the_parents_see_it_only_when_every_youth_part_is_open():
    assert sees_youth_wish(viewer_is_child=True, youth_ids={YOUTH, SIBLING}, open_youth={YOUTH})
    assert sees_youth_wish(viewer_is_child=False, youth_ids={YOUTH, SIBLING}, open_youth={YOUTH, SIBLING})
    assert not sees_youth_wish(viewer_is_child=False, youth_ids={YOUTH, SIBLING}, open_youth={SIBLING})
    assert sees_youth_wish(viewer_is_child=False, youth_ids=set(), open_youth=set())


def test_the_next_evaluation_is_the_earliest_planned_one_not_yet_held():
    held = (1, date(2026, 1, 1), date(2026, 1, 2))
    overdue = (2, date(2026, 2, 1), None)
    later = (3, date(2026, 5, 1), None)
    unplanned = (4, None, date(2026, 3, 1))
    assert next_planned([held, later, overdue, unplanned]) == 2
    assert next_planned([held, later]) == 3
    assert next_planned([held, unplanned]) is None
    assert next_planned([]) is None

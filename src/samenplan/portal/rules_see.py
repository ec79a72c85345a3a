"""What a family member sees of the records made *about* the family: psycho-education given to someone, a shared
note in someone's words, the youth's wish about their network. Pure: ids and roles in, a yes or no out.

``open_youth`` is the set of youth whose own part the viewer sees: for a youth, themselves; for a parent, the
youth below the private age and the older ones who agreed (``portal.rules.parent_sees_youth_part``).
"""

from __future__ import annotations

from collections.abc import Collection, Sequence


def sees_given_to(
    *, viewer_id: int, viewer_is_child: bool, recipients: Sequence[tuple[int, bool]], open_youth: Collection[int]
) -> bool:
    """Does the viewer see something given to (or said by) ``recipients``, each ``(member id, is a youth)``?

    Yes when it was given to them, or to a parent too (then it belongs to the family's shared part), or to nobody
    in particular. Given only to youth: a parent sees it when they see each of those youth's own part; another
    youth does not (it is that youth's own part)."""
    ids = {member_id for member_id, _is_child in recipients}
    if not recipients or viewer_id in ids:
        return True
    if any(not is_child for _member_id, is_child in recipients):
        return True
    if viewer_is_child:
        return False
    return ids <= set(open_youth)


def sees_youth_wish(*, viewer_is_child: bool, youth_ids: Collection[int], open_youth: Collection[int]) -> bool:
    """Does the viewer see what the youth want about the people of their network (involve them or not)?

    A youth does; a parent when they see the own part of every youth of the family (a 16+ youth's wish is theirs
    until they agree)."""
    if viewer_is_child:
        return True
    return set(youth_ids) <= set(open_youth)


def next_planned(evaluations: Sequence[tuple[int, object, object]]):
    """The id of the next evaluation to hold: of ``(id, planned_on, held_on)``, the earliest planned one not
    held yet (an overdue one first: it still has to happen); None when none is planned."""
    waiting = [(planned, pk) for pk, planned, held in evaluations if planned is not None and held is None]
    return min(waiting)[1] if waiting else None

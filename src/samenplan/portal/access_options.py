"""What a family member reads of the options for help in the portal: their own family's case only (else 404), and
a 16+ youth's own reaction and preference only for themselves, or for a parent when the youth agreed."""

from __future__ import annotations

from django.db.models import F
from django.http import Http404

from samenplan.cases.models import Member
from samenplan.ids import parse_id


def sees_part_of(member: Member, owner: Member, sharing: set[int]) -> bool:
    """Does ``member`` see what ``owner`` said (their reaction, their preference)? The same rule as a youth's own
    goals (portal.access.parent_sees_goal): another youth's own words not, a 16+ youth's for a parent only when
    the youth agreed."""
    from django.utils import timezone

    from samenplan import clock
    from samenplan.portal import actions, rules

    if owner.pk == member.pk or owner.role != "child":
        return True
    if member.role == "child":
        return False
    return rules.parent_sees_youth_part(
        youth_date_of_birth=owner.date_of_birth,
        on=timezone.localdate(clock.now()),
        youth_agrees=owner.pk in sharing,
        parent_has_custody=member.has_custody,
        caseworker_allows=False,
        ages=actions.portal_ages(),
    )


def options_case(member: Member):
    """The case of the member's family whose options the portal shows: the newest open case with options."""
    cases = (
        member.family.cases.filter(options__isnull=False)
        .distinct()
        .order_by(F("closed_on").asc(nulls_first=True), "-opened_on", "-pk")
    )
    return cases.first()


def options_for_member(member: Member) -> dict:
    """The options of the family's case, lightest first, each with the member's own reaction and the reactions of
    the others that this member may see; the preferences likewise."""
    from samenplan.decisions import access as decision_access
    from samenplan.decisions.actions import options_in_order
    from samenplan.portal.access import _sharing

    case = options_case(member)
    if case is None:
        return {"case": None, "options": [], "preferences": [], "own_preference": None}
    sharing = _sharing(member)
    options = options_in_order(case)
    for option in options:
        reactions = list(option.reactions.all())
        option.own_reaction = next((r for r in reactions if r.member_id == member.pk), None)
        option.other_reactions = [
            r for r in reactions if r.member_id != member.pk and sees_part_of(member, r.member, sharing)
        ]
    preferences = [p for p in decision_access.preferences(case) if sees_part_of(member, p.member, sharing)]
    names = {o.pk: o.name for o in options}
    for preference in preferences:
        preference.ranking_names = [names[pk] for pk in preference.ranking if pk in names]
    own = next((p for p in preferences if p.member_id == member.pk), None)
    return {
        "case": case,
        "options": options,
        "preferences": [p for p in preferences if p.member_id != member.pk],
        "own_preference": own,
    }


def get_option_for_member(member: Member, option_id):
    """An option of the member's own family's case shown in the portal; otherwise 404 (whether it exists or not)."""
    from samenplan.decisions.models import Option

    number = parse_id(option_id)
    case = options_case(member)
    option = (
        Option.objects.select_related("case__family").filter(pk=number, case=case).first()
        if number is not None and case is not None
        else None
    )
    if option is None:
        raise Http404
    return option

"""What a family member reads on the portal's "what the family sees" pages: their own family's network, route,
psycho-education, safety plan and agreements, and the notes shared with them. Only their own family's records;
a 16+ youth's own part only when that youth agreed (portal/rules.py, portal/rules_see.py)."""

from __future__ import annotations

from django.utils import timezone

from samenplan import clock
from samenplan.cases.models import Member, MemberRole
from samenplan.portal import access, rules, rules_see


def family_case(member: Member):
    """The case the portal speaks of: the newest open case of the family, else the newest."""
    cases = member.family.cases.order_by("-opened_on", "-pk")
    return cases.filter(closed_on__isnull=True).first() or cases.first()


def open_youth(member: Member) -> set[int]:
    """The youth of the family whose own part this member sees (themselves, for a youth)."""
    if member.role == MemberRole.CHILD:
        return {member.pk}
    from samenplan.portal import actions

    sharing = access._sharing(member)
    today, ages = timezone.localdate(clock.now()), actions.portal_ages()
    return {
        youth.pk
        for youth in member.family.members.filter(role=MemberRole.CHILD)
        if rules.parent_sees_youth_part(
            youth_date_of_birth=youth.date_of_birth,
            on=today,
            youth_agrees=youth.pk in sharing,
            parent_has_custody=member.has_custody,
            caseworker_allows=False,
            ages=ages,
        )
    }


def _sees(member: Member, people, shown: set[int]) -> bool:
    recipients = [(person.pk, person.role == MemberRole.CHILD) for person in people]
    return rules_see.sees_given_to(
        viewer_id=member.pk, viewer_is_child=member.role == MemberRole.CHILD, recipients=recipients, open_youth=shown
    )


def psycho_education(member: Member) -> list:
    """The psycho-education given in the family's cases that this member may see, newest first."""
    from samenplan.analysis.models import PsychoEducation

    shown = open_youth(member)
    items = PsychoEducation.objects.filter(case__family_id=member.family_id).prefetch_related("given_to")
    return [item for item in items.order_by("-given_on", "-pk") if _sees(member, item.given_to.all(), shown)]


def shared_notes(member: Member) -> list[dict]:
    """The notes the professionals shared with the family, newest first: the note, when, and who wrote it (as the
    organisation shows names to families). A note in a 16+ youth's words only when the parent sees their part."""
    from samenplan.administration.services import settings_for
    from samenplan.cases.models import SharedEntry

    shown = open_youth(member)
    shared = SharedEntry.objects.filter(case__family_id=member.family_id).select_related(
        "entry__author", "entry__speaker"
    )
    mode = settings_for(member.family.organisation_id).name_shown_to_families
    notes = []
    for sharing in shared.order_by("-entry__at", "-entry__pk"):
        entry = sharing.entry
        if entry.speaker is not None and not _sees(member, [entry.speaker], shown):
            continue
        author = entry.author
        notes.append({"entry": entry, "by": rules.shown_name(author.first_name, author.last_name, mode)})
    return notes


def network(member: Member, case) -> dict:
    """The case's network as the family sees it: who, their relation and circle, the kind and strength of their
    support, their part in the plan and the goals (that this member sees) they help with. Never the contact details
    or the professional's four judgements; the youth's wish only when the member sees it."""
    from samenplan.network import access as network_access

    if case is None:
        return {"people": [], "wish_shown": False}
    goals = {goal.pk for goal in access.family_goals(member)}
    youth = set(member.family.members.filter(role=MemberRole.CHILD).values_list("pk", flat=True))
    wish_shown = rules_see.sees_youth_wish(
        viewer_is_child=member.role == MemberRole.CHILD, youth_ids=youth, open_youth=open_youth(member)
    )
    people = list(network_access.network_members(case))
    for person in people:
        person.shown_goals = [goal for goal in person.goals.all() if goal.pk in goals]
    return {"people": people, "wish_shown": wish_shown}


def next_evaluation(case):
    """The next evaluation planned in the case (not held yet), or None."""
    if case is None:
        return None
    found = rules_see.next_planned(list(case.evaluations.values_list("pk", "planned_on", "held_on")))
    return case.evaluations.filter(pk=found).first() if found is not None else None

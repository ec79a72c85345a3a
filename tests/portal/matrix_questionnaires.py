"""Set-up and request bodies of the questionnaire-assignment routes for the permission matrix and the log probes."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone


def assignment_of(w):
    """The demo questionnaire asked of world.case's youth (made through the action the first time it is asked)."""
    from samenplan.cases.models import MemberRole
    from samenplan.instruments.actions import do_assign, ensure_shipped
    from samenplan.instruments.models import Assignment, Definition

    existing = Assignment.objects.filter(case=w.case).order_by("pk").first()
    if existing is not None:
        return existing
    ensure_shipped()
    case = type(w.case).objects.get(pk=w.case.pk)
    return do_assign(
        w.caseworker, case, member=case.family.members.get(role=MemberRole.CHILD),
        definition=Definition.objects.get(organisation__isnull=True, code="demo-gezinsvragenlijst"),
        due_on=timezone.localdate() + timedelta(days=14),
    )  # fmt: skip


def answers_form(w):
    """Two answers saved to go on later, from the version the youth read."""
    from samenplan.instruments.models import Assignment

    assignment = Assignment.objects.get(pk=assignment_of(w).pk)
    return {"item_s1": "2", "item_s2": "1", "step": "save", "version": assignment.version}


def assign_form(w):
    from samenplan.cases.models import MemberRole
    from samenplan.instruments.actions import ensure_shipped
    from samenplan.instruments.models import Definition

    ensure_shipped()
    definition = Definition.objects.get(organisation__isnull=True, code="demo-gezinsvragenlijst")
    child = w.case.family.members.get(role=MemberRole.CHILD)
    due = (timezone.localdate() + timedelta(days=14)).isoformat()
    return {"definition": definition.pk, "member": child.pk, "due_on": due}

"""Getting definitions and administrations for a user: the record, or 404 when they may not see it."""

from __future__ import annotations

import rules
from django.db.models import Max, Q, QuerySet
from django.http import Http404

from samenplan.audit import log
from samenplan.cases.models import Case, Member
from samenplan.cases.predicates import visible_cases_q
from samenplan.ids import parse_id
from samenplan.instruments.models import Administration, Definition


def definitions_for(organisation_id) -> QuerySet[Definition]:
    """Every version of the definitions an organisation may use: the shipped ones and its own."""
    return Definition.objects.filter(Q(organisation__isnull=True) | Q(organisation_id=organisation_id))


def current_definitions(organisation_id) -> QuerySet[Definition]:
    """The newest version of each definition the organisation may use, by name."""
    defs = definitions_for(organisation_id)
    newest = defs.values("organisation_id", "code").annotate(newest=Max("version")).values_list("newest", "code")
    keys = Q(pk__in=[])
    for version, code in newest:
        keys |= Q(code=code, version=version)
    return defs.filter(keys).order_by("name", "code")


def get_definition_for_user(user, definition_id) -> Definition:
    number = parse_id(definition_id)
    found = None
    if number is not None and rules.test_rule("instruments.view", user):
        found = definitions_for(user.organisation_id).filter(pk=number).first()
    if found is None:
        raise Http404
    return found


def get_definition_by_code(user, code: str) -> Definition:
    """The newest version of the definition with this code that the user's organisation may use."""
    found = None
    if rules.test_rule("instruments.view", user) and isinstance(code, str):
        found = definitions_for(user.organisation_id).filter(code=code).order_by("-version").first()
    if found is None:
        raise Http404
    return found


def get_administration_for_user(user, administration_id) -> Administration:
    """The administration when the user sees its case; otherwise 404 (logged by the requested id)."""
    number = parse_id(administration_id)
    found = None
    if number is not None:
        found = (
            Administration.objects.select_related(
                "case__family", "case__team", "definition", "member", "informant_member", "informant_user"
            )
            .filter(pk=number, case__in=Case.objects.filter(visible_cases_q(user)))
            .first()
        )
    if found is None:
        log.refused(user, "administration", administration_id)
        raise Http404
    return found


def case_administrations(case: Case) -> QuerySet[Administration]:
    return case.administrations.select_related("definition", "member", "informant_member", "informant_user")


def earlier_administrations(administration: Administration) -> QuerySet[Administration]:
    """The same instrument (any version) for the same person in the same case, oldest first, this one included."""
    return (
        Administration.objects.filter(
            case_id=administration.case_id,
            member=administration.member,
            definition__code=administration.definition.code,
            definition__organisation_id=administration.definition.organisation_id,
            administered_on__lte=administration.administered_on,
        )
        .select_related("definition")
        .order_by("administered_on", "pk")
    )


def member_of_case(case: Case, member_id) -> Member | None:
    number = parse_id(member_id)
    return case.family.members.filter(pk=number).first() if number is not None else None


def family_circumstances(case: Case) -> list[tuple[Member, set[str], str | None]]:
    """Per family member with special circumstances: the member, the circumstance codes (``rules.CIRCUMSTANCES``)
    and the language spoken at home, as the investigation plan records them (G4.1). Empty without the analysis
    app, or when nothing is recorded."""
    try:
        from samenplan.analysis.services import circumstances_by_member, home_language
    except ImportError:  # a build without the analysis app
        return []
    members = {m.pk: m for m in case.family.members.all()}
    found = []
    for member_id, items in circumstances_by_member(case).items():
        if member_id in members and items:
            found.append((members[member_id], {c.code for c in items}, home_language(items) or None))
    return found


def case_assignments(case: Case):
    """The questionnaires asked of the case's family members, open ones first, then by due date."""
    return case.questionnaire_assignments.select_related("definition", "member", "about", "administration").order_by(
        "completed_at", "due_on", "pk"
    )


def family_definitions(organisation_id) -> QuerySet[Definition]:
    """The newest definitions a family member may fill in themselves (a parent or youth among the informants)."""
    found = current_definitions(organisation_id)
    return found.filter(pk__in=[d.pk for d in found if {"parent", "youth"} & set(d.definition.get("informants") or [])])

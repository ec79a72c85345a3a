"""Every (path, method) that shows or changes client data leaves an access-log record naming who, what and whose.

Which pairs need a probe is not declared here: the permission matrix (tests/test_permission_matrix.py) captures
the SQL of every allowed request, and a pair whose request touched a client-data table fails there until it has a
probe below. A probe is one request by a persona who may make it; it must leave a record of ``event``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pytest
from django.urls import reverse

from samenplan.audit.models import AccessLogRecord
from tests.conftest import World
from tests.test_permission_matrix import (
    CLIENT_DATA_TABLES,
    NOT_CLIENT_DATA_APPS,
    RULES,
    is_api,
    send,
    url_for,
    walk,
)


@dataclass(frozen=True)
class Probe:
    """A request that succeeds for ``persona`` and leaves a record of ``event`` (the body is the matrix row's)."""

    persona: str
    event: str = "read"
    names_the_case: bool = False
    data: Callable | None = None  # instead of the matrix row's body


def on_case(persona, event="read", data=None):
    return Probe(persona, event, names_the_case=True, data=data)


def hand_over(w):
    """A real change of workers: the colleague becomes the fixed caseworker."""
    from tests.test_permission_matrix import workers

    return {**workers(w), "caseworker": w.colleague.pk}


def in_analysis_under_measure(w):
    """Set-up for skipping: the world's case on the analysis route, under a child-protection measure."""
    from samenplan.cases.models import Case
    from tests.conftest import decide_route

    Case.objects.filter(pk=w.case.pk).update(child_protection_measure=True)
    case = decide_route(w.caseworker, Case.objects.get(pk=w.case.pk), route="analysis", rationale="Onduidelijk.")
    return {"reason": "Het rapport van de Raad voor de Kinderbescherming geeft al een volledig beeld.",
            "version": case.version}  # fmt: skip


def shared_picture(w):
    """Set-up for finalising: the world's draft picture discussed with the family."""
    from samenplan.analysis.actions import do_share_picture

    picture = w.case.pictures.get(current=True)
    views = [{"member": m, "agreement": "agrees"} for m in w.case.family.members.all()]
    picture = do_share_picture(w.caseworker, picture, views=views, expected_version=picture.version)
    return {"version": picture.version}


PROBES: dict[tuple[str, str], Probe] = {
    ("cases/", "GET"): Probe("caseworker"),
    ("portal/", "GET"): Probe("parent"),
    ("language/", "POST"): Probe("parent", "change"),
    ("portal/", "HEAD"): Probe("youth"),
    ("portal/goals/", "GET"): Probe("parent"),
    ("portal/goals/", "HEAD"): Probe("youth"),
    ("portal/goals/own-part/", "POST"): Probe("youth", "change"),
    ("portal/goals/<int:goal_id>/score/", "GET"): on_case("parent"),
    ("portal/goals/<int:goal_id>/score/", "HEAD"): on_case("youth"),
    ("portal/goals/<int:goal_id>/score/", "POST"): on_case("parent", "create"),
    ("portal/consents/", "GET"): Probe("parent"),
    ("portal/consents/", "HEAD"): Probe("youth"),
    ("portal/consents/<int:consent_id>/revoke/", "GET"): on_case("parent"),
    ("portal/consents/<int:consent_id>/revoke/", "HEAD"): on_case("youth"),
    ("portal/consents/<int:consent_id>/revoke/", "POST"): on_case("parent", "change"),
    ("portal/access-log/", "GET"): Probe("parent"),
    ("portal/plan/", "GET"): on_case("parent"),
    ("portal/plan/", "HEAD"): on_case("youth"),
    ("portal/plan/agreement/", "POST"): on_case("youth", "change"),
    ("portal/plan/versions/<int:number>/", "GET"): on_case("parent"),
    ("portal/plan/versions/<int:number>/", "HEAD"): on_case("youth"),
    ("portal/plan/pdf/", "GET"): on_case("parent", "export"),
    ("portal/plan/pdf/", "HEAD"): on_case("youth", "export"),
    ("portal/read-aloud/<str:block>/", "GET"): Probe("parent"),
    ("portal/read-aloud/<str:block>/", "HEAD"): Probe("youth"),
    ("portal/access-log/", "HEAD"): Probe("youth"),
    ("portal/network/", "GET"): Probe("parent"),
    ("portal/network/", "HEAD"): Probe("youth"),
    ("portal/route/", "GET"): Probe("parent"),
    ("portal/route/", "HEAD"): Probe("youth"),
    ("portal/explained/", "GET"): Probe("parent"),
    ("portal/explained/", "HEAD"): Probe("youth"),
    ("portal/safety/", "GET"): Probe("parent"),
    ("portal/safety/", "HEAD"): Probe("youth"),
    ("portal/notes/", "GET"): Probe("parent"),
    ("portal/notes/", "HEAD"): Probe("youth"),
    ("cases/entries/<int:entry_id>/share/", "POST"): on_case("caseworker", "change"),
    ("portal/proposals/", "GET"): Probe("parent"),
    ("portal/proposals/", "HEAD"): Probe("youth"),
    ("portal/proposals/new/<str:kind>/", "GET"): on_case("parent"),
    ("portal/proposals/new/<str:kind>/", "HEAD"): on_case("youth"),
    ("portal/proposals/new/<str:kind>/", "POST"): on_case("parent", "create"),
    ("portal/picture/", "GET"): on_case("parent"),
    ("portal/picture/", "HEAD"): on_case("youth"),
    ("portal/picture/", "POST"): on_case("parent", "change"),
    ("cases/<int:case_id>/family-proposals/", "GET"): on_case("caseworker"),
    ("cases/<int:case_id>/family-proposals/", "HEAD"): on_case("colleague"),
    ("cases/<int:case_id>/family-proposals/<int:proposal_id>/take/", "POST"): on_case("caseworker", "change"),
    ("cases/<int:case_id>/family-proposals/<int:proposal_id>/decline/", "GET"): on_case("caseworker"),
    ("cases/<int:case_id>/family-proposals/<int:proposal_id>/decline/", "HEAD"): on_case("colleague"),
    ("cases/<int:case_id>/family-proposals/<int:proposal_id>/decline/", "POST"): on_case("caseworker", "change"),
    ("cases/<int:case_id>/family-input/seen/", "POST"): on_case("caseworker", "change"),
    ("portal/options/", "GET"): on_case("parent"),
    ("portal/options/", "HEAD"): on_case("youth"),
    ("portal/options/<int:option_id>/", "GET"): on_case("parent"),
    ("portal/options/<int:option_id>/", "HEAD"): on_case("youth"),
    ("portal/options/<int:option_id>/", "POST"): on_case("parent", "create"),
    ("portal/options/preference/", "GET"): on_case("parent"),
    ("portal/options/preference/", "HEAD"): on_case("youth"),
    ("portal/options/preference/", "POST"): on_case("youth", "create"),
    ("portal/questionnaires/", "GET"): Probe("youth"),
    ("portal/questionnaires/", "HEAD"): Probe("parent"),
    ("portal/questionnaires/<int:assignment_id>/", "GET"): on_case("youth"),
    ("portal/questionnaires/<int:assignment_id>/", "HEAD"): on_case("youth"),
    ("portal/questionnaires/<int:assignment_id>/", "POST"): on_case("youth", "change"),
    ("cases/<int:case_id>/questionnaires/assign/", "GET"): on_case("caseworker"),
    ("cases/<int:case_id>/questionnaires/assign/", "POST"): on_case("coworker", "create"),
    ("cases/<int:case_id>/portal-invitation/", "GET"): on_case("caseworker"),
    ("cases/<int:case_id>/portal-invitation/", "HEAD"): on_case("colleague"),
    ("cases/<int:case_id>/portal-invitation/", "POST"): on_case("caseworker", "create"),
    ("cases/", "HEAD"): Probe("caseworker"),
    ("cases/<int:case_id>/", "GET"): on_case("colleague"),
    ("cases/<int:case_id>/", "HEAD"): on_case("two_team_worker"),
    ("cases/<int:case_id>/notes/", "POST"): on_case("coworker", "create"),
    ("cases/<int:case_id>/phase/", "POST"): on_case("caseworker", "change"),
    ("cases/<int:case_id>/workers/", "GET"): on_case("team_lead"),
    ("cases/<int:case_id>/workers/", "POST"): on_case("team_lead", "change", hand_over),
    ("families/new/", "POST"): Probe("caseworker", "create"),
    ("families/<int:family_id>/members/new/", "GET"): Probe("caseworker"),
    ("families/<int:family_id>/members/new/", "POST"): Probe("caseworker", "create"),
    ("members/<int:member_id>/edit/", "GET"): Probe("caseworker"),
    ("members/<int:member_id>/edit/", "POST"): Probe("coworker", "change"),
    ("access-log/", "GET"): Probe("team_lead"),
    ("access-log/", "HEAD"): Probe("south_lead"),
    ("api/v1/families/", "GET"): Probe("colleague"),
    ("api/v1/families/", "HEAD"): Probe("colleague"),
    ("api/v1/families/", "POST"): Probe("caseworker", "create"),
    ("api/v1/families/<int:family_id>/", "GET"): Probe("colleague"),
    ("api/v1/families/<int:family_id>/", "HEAD"): Probe("team_lead"),
    ("api/v1/families/<int:family_id>/members/", "GET"): Probe("team_lead"),
    ("api/v1/families/<int:family_id>/members/", "HEAD"): Probe("team_lead"),
    ("api/v1/families/<int:family_id>/members/", "POST"): Probe("caseworker", "create"),
    ("api/v1/members/<int:member_id>/", "GET"): Probe("caseworker"),
    ("api/v1/members/<int:member_id>/", "HEAD"): Probe("colleague"),
    ("api/v1/members/<int:member_id>/", "PATCH"): Probe("coworker", "change"),
    ("api/v1/cases/", "GET"): Probe("caseworker"),
    ("api/v1/cases/", "HEAD"): Probe("team_lead"),
    ("api/v1/cases/<int:case_id>/", "GET"): on_case("colleague"),
    ("api/v1/cases/<int:case_id>/", "HEAD"): on_case("two_team_worker"),
    ("api/v1/cases/<int:case_id>/entries/", "GET"): on_case("colleague"),
    ("api/v1/cases/<int:case_id>/entries/", "HEAD"): on_case("colleague"),
    ("api/v1/cases/<int:case_id>/entries/", "POST"): on_case("caseworker", "create"),
    ("api/v1/cases/<int:case_id>/workers/", "POST"): on_case("team_lead", "change", hand_over),
    ("api/v1/cases/<int:case_id>/phase/", "POST"): on_case("coworker", "change"),
    ("cases/<int:case_id>/conversations/new/", "GET"): on_case("caseworker"),
    ("cases/<int:case_id>/conversations/new/", "POST"): on_case("caseworker", "create"),
    ("cases/<int:case_id>/clarification/", "GET"): on_case("coworker"),
    ("cases/<int:case_id>/clarification/", "POST"): on_case("coworker", "create"),
    ("cases/<int:case_id>/route/", "GET"): on_case("caseworker"),
    ("cases/<int:case_id>/route/", "POST"): on_case("caseworker", "create"),
    ("api/v1/cases/<int:case_id>/conversations/", "GET"): on_case("colleague"),
    ("api/v1/cases/<int:case_id>/conversations/", "HEAD"): on_case("colleague"),
    ("api/v1/cases/<int:case_id>/conversations/", "POST"): on_case("coworker", "create"),
    ("api/v1/cases/<int:case_id>/clarifications/", "GET"): on_case("team_lead"),
    ("api/v1/cases/<int:case_id>/clarifications/", "HEAD"): on_case("team_lead"),
    ("api/v1/cases/<int:case_id>/clarifications/", "POST"): on_case("caseworker", "create"),
    ("api/v1/cases/<int:case_id>/route/", "GET"): on_case("coworker"),
    ("api/v1/cases/<int:case_id>/route/", "HEAD"): on_case("coworker"),
    ("api/v1/cases/<int:case_id>/route/", "POST"): on_case("caseworker", "create"),
    ("families/<int:family_id>/privacy/", "GET"): Probe("caseworker"),
    ("families/<int:family_id>/destruction-requests/new/", "GET"): Probe("caseworker"),
    ("families/<int:family_id>/destruction-requests/new/", "POST"): Probe("caseworker", "create"),
    ("destruction-requests/", "GET"): Probe("team_lead"),
    ("destruction-requests/<int:request_id>/", "GET"): Probe("coworker"),
    ("destruction-requests/<int:request_id>/decide/", "GET"): Probe("team_lead"),
    ("destruction-requests/<int:request_id>/decide/", "POST"): Probe("team_lead", "change"),
    ("members/<int:member_id>/export/", "GET"): Probe("caseworker", "export"),
    ("emergency/", "GET"): Probe("colleague"),
    ("emergency/", "POST"): on_case("south_worker", "emergency"),
    ("emergency/review/", "GET"): Probe("team_lead"),
    ("emergency/<int:grant_id>/review/", "POST"): on_case("team_lead", "change"),
    ("api/v1/members/<int:member_id>/export/", "GET"): Probe("team_lead", "export"),
    ("api/v1/members/<int:member_id>/export/", "HEAD"): Probe("team_lead", "export"),
    ("cases/<int:case_id>/consents/new/", "GET"): on_case("caseworker"),
    ("cases/<int:case_id>/consents/new/", "POST"): on_case("caseworker", "create"),
    ("cases/<int:case_id>/consents/propose/", "GET"): on_case("caseworker"),
    ("cases/<int:case_id>/consents/propose/", "POST"): on_case("caseworker", "create"),
    ("consents/<int:consent_id>/revoke/", "GET"): on_case("coworker"),
    ("consents/<int:consent_id>/revoke/", "POST"): on_case("coworker", "change"),
    ("cases/<int:case_id>/information-requests/new/", "GET"): on_case("coworker"),
    ("cases/<int:case_id>/information-requests/new/", "POST"): on_case("coworker", "create"),
    ("api/v1/cases/<int:case_id>/consents/", "GET"): on_case("team_lead"),
    ("api/v1/cases/<int:case_id>/consents/", "HEAD"): on_case("colleague"),
    ("api/v1/cases/<int:case_id>/consents/", "POST"): on_case("caseworker", "create"),
    ("api/v1/consents/<int:consent_id>/", "GET"): on_case("colleague"),
    ("api/v1/consents/<int:consent_id>/", "HEAD"): on_case("two_team_worker"),
    ("api/v1/consents/<int:consent_id>/revoke/", "POST"): on_case("caseworker", "change"),
    ("cases/<int:case_id>/network/", "GET"): on_case("colleague"),
    ("cases/<int:case_id>/network/", "HEAD"): on_case("team_lead"),
    ("cases/<int:case_id>/own-strength/", "GET"): on_case("caseworker"),
    ("cases/<int:case_id>/own-strength/", "POST"): on_case("coworker", "change"),
    ("cases/<int:case_id>/network/new/", "GET"): on_case("caseworker"),
    ("cases/<int:case_id>/network/new/", "POST"): on_case("caseworker", "create"),
    ("network-members/<int:network_member_id>/edit/", "GET"): on_case("coworker"),
    ("network-members/<int:network_member_id>/edit/", "POST"): on_case("caseworker", "change"),
    ("cases/<int:case_id>/family-group-plan/", "GET"): on_case("caseworker"),
    ("cases/<int:case_id>/family-group-plan/", "POST"): on_case("caseworker", "create"),
    ("plan-parts/<int:part_id>/take/", "GET"): on_case("caseworker"),
    ("plan-parts/<int:part_id>/take/", "POST"): on_case("coworker", "change"),
    ("cases/<int:case_id>/network/share/", "GET"): on_case("coworker"),
    # The share itself is an export record (tests/network/test_share_page.py); the page that shows it is the read.
    ("cases/<int:case_id>/network/share/", "POST"): on_case("caseworker"),
    ("api/v1/cases/<int:case_id>/own-strength/", "GET"): on_case("colleague"),
    ("api/v1/cases/<int:case_id>/own-strength/", "HEAD"): on_case("two_team_worker"),
    ("api/v1/cases/<int:case_id>/own-strength/", "POST"): on_case("caseworker", "change"),
    ("api/v1/cases/<int:case_id>/network-members/", "GET"): on_case("team_lead"),
    ("api/v1/cases/<int:case_id>/network-members/", "HEAD"): on_case("colleague"),
    ("api/v1/cases/<int:case_id>/network-members/", "POST"): on_case("coworker", "create"),
    ("api/v1/cases/<int:case_id>/network/share/", "POST"): on_case("caseworker", "export"),
    ("api/v1/network-members/<int:network_member_id>/", "GET"): on_case("colleague"),
    ("api/v1/network-members/<int:network_member_id>/", "HEAD"): on_case("team_lead"),
    ("api/v1/network-members/<int:network_member_id>/", "PATCH"): on_case("caseworker", "change"),
    ("api/v1/cases/<int:case_id>/family-group-plan/", "GET"): on_case("two_team_worker"),
    ("api/v1/cases/<int:case_id>/family-group-plan/", "HEAD"): on_case("colleague"),
    ("api/v1/cases/<int:case_id>/family-group-plan/", "POST"): on_case("coworker", "create"),
    ("api/v1/plan-parts/<int:part_id>/take/", "POST"): on_case("caseworker", "change"),
    ("api/v1/cases/<int:case_id>/information-requests/", "GET"): on_case("colleague"),
    ("api/v1/cases/<int:case_id>/information-requests/", "HEAD"): on_case("colleague"),
    ("api/v1/cases/<int:case_id>/information-requests/", "POST"): on_case("coworker", "create"),
    # The analysis (analysis/): the consulted scientist's reads are logged like everyone's.
    ("cases/<int:case_id>/analysis/", "GET"): on_case("consulted_scientist"),
    ("cases/<int:case_id>/analysis/circumstances/new/", "GET"): on_case("caseworker"),
    ("cases/<int:case_id>/analysis/circumstances/new/", "POST"): on_case("caseworker", "create"),
    ("cases/<int:case_id>/analysis/questions/new/", "GET"): on_case("coworker"),
    ("cases/<int:case_id>/analysis/questions/new/", "POST"): on_case("coworker", "create"),
    ("cases/<int:case_id>/analysis/picture/", "GET"): on_case("caseworker"),
    ("cases/<int:case_id>/analysis/picture/", "POST"): on_case("caseworker", "change"),
    ("cases/<int:case_id>/analysis/picture/share/", "GET"): on_case("caseworker"),
    ("cases/<int:case_id>/analysis/picture/share/", "POST"): on_case("caseworker", "change"),
    ("cases/<int:case_id>/analysis/picture/finalise/", "POST"): on_case("caseworker", "change", shared_picture),
    ("cases/<int:case_id>/analysis/picture/override/", "GET"): on_case("team_lead"),
    ("cases/<int:case_id>/analysis/picture/override/", "POST"): on_case("team_lead", "change"),
    ("cases/<int:case_id>/analysis/psycho-education/new/", "GET"): on_case("caseworker"),
    ("cases/<int:case_id>/analysis/psycho-education/new/", "POST"): on_case("caseworker", "create"),
    ("cases/<int:case_id>/analysis/skip/", "GET"): on_case("caseworker"),
    ("cases/<int:case_id>/analysis/skip/", "POST"): on_case("caseworker", "change", in_analysis_under_measure),
    ("cases/<int:case_id>/consultations/new/", "GET"): on_case("coworker"),
    ("cases/<int:case_id>/consultations/new/", "POST"): on_case("coworker", "create"),
    ("consultations/", "GET"): Probe("consulted_scientist"),
    ("consultations/<int:consultation_id>/", "GET"): on_case("consulted_scientist"),
    ("consultations/<int:consultation_id>/", "POST"): on_case("consulted_scientist", "change"),
    ("api/v1/cases/<int:case_id>/analysis/", "GET"): on_case("consulted_scientist"),
    ("api/v1/cases/<int:case_id>/analysis/", "HEAD"): on_case("team_lead"),
    ("api/v1/cases/<int:case_id>/analysis/circumstances/", "POST"): on_case("caseworker", "create"),
    ("api/v1/cases/<int:case_id>/analysis/questions/", "POST"): on_case("coworker", "create"),
    ("api/v1/cases/<int:case_id>/analysis/picture/", "POST"): on_case("caseworker", "change"),
    ("api/v1/cases/<int:case_id>/analysis/picture/share/", "POST"): on_case("caseworker", "change"),
    ("api/v1/cases/<int:case_id>/analysis/picture/override/", "POST"): on_case("team_lead", "change"),
    ("api/v1/cases/<int:case_id>/analysis/psycho-education/", "POST"): on_case("coworker", "create"),
    ("api/v1/cases/<int:case_id>/analysis/picture/finalise/", "POST"): on_case("coworker", "change", shared_picture),
    ("api/v1/cases/<int:case_id>/analysis/skip/", "POST"): on_case("coworker", "change", in_analysis_under_measure),
    ("api/v1/cases/<int:case_id>/consultations/", "POST"): on_case("caseworker", "create"),
    ("api/v1/consultations/", "GET"): Probe("consulted_scientist"),
    ("api/v1/consultations/", "HEAD"): Probe("consulted_scientist"),
    ("api/v1/consultations/<int:consultation_id>/answer/", "POST"): on_case("consulted_scientist", "change"),
    ("cases/<int:case_id>/administrations/new/", "GET"): on_case("caseworker"),
    ("cases/<int:case_id>/administrations/new/", "POST"): on_case("coworker", "create"),
    ("administrations/<int:administration_id>/", "GET"): on_case("colleague"),
    ("administrations/<int:administration_id>/", "HEAD"): on_case("team_lead"),
    ("api/v1/cases/<int:case_id>/administrations/", "GET"): on_case("colleague"),
    ("api/v1/cases/<int:case_id>/administrations/", "HEAD"): on_case("two_team_worker"),
    ("api/v1/cases/<int:case_id>/administrations/", "POST"): on_case("caseworker", "create"),
    ("cases/<int:case_id>/goals/", "GET"): on_case("colleague"),
    ("cases/<int:case_id>/goals/", "HEAD"): on_case("team_lead"),
    ("cases/<int:case_id>/goals/agreement/", "GET"): on_case("caseworker"),
    ("cases/<int:case_id>/goals/agreement/", "POST"): on_case("coworker", "create"),
    ("cases/<int:case_id>/goals/new/", "GET"): on_case("caseworker"),
    ("cases/<int:case_id>/goals/new/", "POST"): on_case("caseworker", "create"),
    ("cases/<int:case_id>/goals/order/", "POST"): on_case("coworker", "change"),
    ("cases/<int:case_id>/goals/miracle-question/", "GET"): on_case("coworker"),
    ("cases/<int:case_id>/goals/miracle-question/", "POST"): on_case("caseworker", "create"),
    ("cases/<int:case_id>/goals/drieluik/", "GET"): on_case("caseworker"),
    ("cases/<int:case_id>/goals/drieluik/", "POST"): on_case("caseworker", "create"),
    ("cases/<int:case_id>/goals/signs-of-safety/", "GET"): on_case("caseworker"),
    ("cases/<int:case_id>/goals/signs-of-safety/", "POST"): on_case("coworker", "create"),
    ("goals/<int:goal_id>/edit/", "GET"): on_case("caseworker"),
    ("goals/<int:goal_id>/edit/", "POST"): on_case("caseworker", "change"),
    ("goals/<int:goal_id>/scores/new/", "GET"): on_case("coworker"),
    ("goals/<int:goal_id>/scores/new/", "POST"): on_case("caseworker", "create"),
    ("api/v1/cases/<int:case_id>/goals/", "GET"): on_case("colleague"),
    ("api/v1/cases/<int:case_id>/goals/", "HEAD"): on_case("two_team_worker"),
    ("api/v1/cases/<int:case_id>/goals/", "POST"): on_case("caseworker", "create"),
    ("api/v1/cases/<int:case_id>/goals/order/", "POST"): on_case("caseworker", "change"),
    ("api/v1/cases/<int:case_id>/goals/agreements/", "POST"): on_case("coworker", "create"),
    ("api/v1/cases/<int:case_id>/goals/miracle-question/", "POST"): on_case("caseworker", "create"),
    ("api/v1/cases/<int:case_id>/goals/drieluik/", "PUT"): on_case("caseworker", "create"),
    ("api/v1/cases/<int:case_id>/goals/signs-of-safety/", "PUT"): on_case("caseworker", "create"),
    ("api/v1/goals/<int:goal_id>/", "GET"): on_case("team_lead"),
    ("api/v1/goals/<int:goal_id>/", "HEAD"): on_case("colleague"),
    ("api/v1/goals/<int:goal_id>/", "PUT"): on_case("coworker", "change"),
    ("api/v1/goals/<int:goal_id>/scores/", "POST"): on_case("caseworker", "create"),
    # Deciding together (decisions/): every look at options, preferences, decisions and help, every change.
    ("cases/<int:case_id>/options/", "GET"): on_case("colleague"),
    ("cases/<int:case_id>/options/", "HEAD"): on_case("team_lead"),
    ("cases/<int:case_id>/options/new/", "GET"): on_case("caseworker"),
    ("cases/<int:case_id>/options/new/", "POST"): on_case("caseworker", "create"),
    ("options/<int:option_id>/edit/", "GET"): on_case("coworker"),
    ("options/<int:option_id>/edit/", "POST"): on_case("caseworker", "change"),
    ("cases/<int:case_id>/preferences/", "GET"): on_case("caseworker"),
    ("cases/<int:case_id>/preferences/", "POST"): on_case("caseworker", "create"),
    ("cases/<int:case_id>/decisions/new/", "GET"): on_case("coworker"),
    ("cases/<int:case_id>/decisions/new/", "POST"): on_case("caseworker", "create"),
    ("cases/<int:case_id>/decisions/override/", "GET"): on_case("team_lead"),
    ("cases/<int:case_id>/decisions/override/", "POST"): on_case("team_lead", "create"),
    ("cases/<int:case_id>/help/new/", "GET"): on_case("caseworker"),
    ("cases/<int:case_id>/help/new/", "POST"): on_case("caseworker", "create"),
    ("help/<int:help_id>/edit/", "GET"): on_case("coworker"),
    ("help/<int:help_id>/edit/", "POST"): on_case("caseworker", "change"),
    ("api/v1/cases/<int:case_id>/options/", "GET"): on_case("colleague"),
    ("api/v1/cases/<int:case_id>/options/", "HEAD"): on_case("team_lead"),
    ("api/v1/cases/<int:case_id>/options/", "POST"): on_case("caseworker", "create"),
    ("api/v1/options/<int:option_id>/", "GET"): on_case("colleague"),
    ("api/v1/options/<int:option_id>/", "HEAD"): on_case("team_lead"),
    ("api/v1/options/<int:option_id>/", "PUT"): on_case("caseworker", "change"),
    ("api/v1/cases/<int:case_id>/preferences/", "GET"): on_case("colleague"),
    ("api/v1/cases/<int:case_id>/preferences/", "HEAD"): on_case("team_lead"),
    ("api/v1/cases/<int:case_id>/preferences/", "POST"): on_case("coworker", "create"),
    ("api/v1/cases/<int:case_id>/decisions/", "GET"): on_case("colleague"),
    ("api/v1/cases/<int:case_id>/decisions/", "HEAD"): on_case("team_lead"),
    ("api/v1/cases/<int:case_id>/decisions/", "POST"): on_case("caseworker", "create"),
    ("api/v1/cases/<int:case_id>/help/", "GET"): on_case("colleague"),
    ("api/v1/cases/<int:case_id>/help/", "HEAD"): on_case("team_lead"),
    ("api/v1/cases/<int:case_id>/help/", "POST"): on_case("caseworker", "create"),
    ("api/v1/help/<int:help_id>/", "GET"): on_case("colleague"),
    ("api/v1/help/<int:help_id>/", "HEAD"): on_case("team_lead"),
    ("api/v1/help/<int:help_id>/", "PUT"): on_case("caseworker", "change"),
    # The family plan: pages log their reads; a new version is a create, the PDF an export (tests/plans).
    ("cases/<int:case_id>/plan/", "GET"): on_case("colleague"),
    ("cases/<int:case_id>/plan/", "HEAD"): on_case("team_lead"),
    ("cases/<int:case_id>/plan/edit/", "GET"): on_case("caseworker"),
    ("cases/<int:case_id>/plan/edit/", "POST"): on_case("caseworker", "create"),
    ("cases/<int:case_id>/plan/merge/", "POST"): on_case("coworker", "create"),
    ("cases/<int:case_id>/plan/compare/", "GET"): on_case("colleague"),
    ("cases/<int:case_id>/plan/compare/", "HEAD"): on_case("consulted_scientist"),
    ("cases/<int:case_id>/plan/agreement/", "GET"): on_case("coworker"),
    ("cases/<int:case_id>/plan/agreement/", "POST"): on_case("caseworker", "change"),
    ("cases/<int:case_id>/plan/pdf/", "GET"): on_case("team_lead"),  # no plan in the probe's world: a read
    ("cases/<int:case_id>/plan/pdf/", "HEAD"): on_case("colleague"),
    ("api/v1/cases/<int:case_id>/plan/", "GET"): on_case("colleague"),
    ("api/v1/cases/<int:case_id>/plan/", "HEAD"): on_case("team_lead"),
    ("api/v1/cases/<int:case_id>/plan/versions/", "GET"): on_case("colleague"),
    ("api/v1/cases/<int:case_id>/plan/versions/", "HEAD"): on_case("two_team_worker"),
    ("api/v1/cases/<int:case_id>/plan/versions/", "POST"): on_case("caseworker", "create"),
    ("api/v1/cases/<int:case_id>/plan/versions/<int:number>/", "GET"): on_case("team_lead"),
    ("api/v1/cases/<int:case_id>/plan/versions/<int:number>/", "HEAD"): on_case("colleague"),
    ("api/v1/cases/<int:case_id>/plan/versions/<int:number>/agreements/", "POST"): on_case("coworker", "change"),
    ("api/v1/cases/<int:case_id>/plan/diff/", "GET"): on_case("colleague"),
    ("api/v1/cases/<int:case_id>/plan/diff/", "HEAD"): on_case("team_lead"),
    # The administrator's pages log every look (counts only) and every change, with the old and new value.
    ("administration/", "GET"): Probe("administrator"),
    ("administration/", "POST"): Probe("administrator", "change", data=lambda w: {"name": "Rivierstad en omstreken"}),
    ("administration/teams/", "GET"): Probe("administrator"),
    ("administration/teams/", "POST"): Probe("administrator", "create"),
    ("administration/teams/<int:team_id>/", "GET"): Probe("administrator"),
    ("administration/teams/<int:team_id>/", "POST"): Probe("administrator", "change"),
    ("administration/teams/<int:team_id>/archive/", "POST"): Probe("administrator", "change"),
    ("administration/teams/<int:team_id>/delete/", "POST"): Probe("administrator", "delete"),
    ("administration/people/", "GET"): Probe("administrator"),
    ("administration/people/", "HEAD"): Probe("administrator"),
    ("administration/people/invite/", "GET"): Probe("administrator"),
    ("administration/people/invite/", "POST"): Probe("administrator", "create"),
    ("administration/people/<int:user_id>/", "GET"): Probe("administrator"),
    ("administration/people/<int:user_id>/", "HEAD"): Probe("administrator"),
    ("administration/people/<int:user_id>/roles/", "POST"): Probe("administrator", "create"),
    ("administration/people/<int:user_id>/roles/revoke/", "POST"): Probe("administrator", "delete"),
    ("administration/people/<int:user_id>/active/", "POST"): Probe("administrator", "change"),
    ("administration/settings/", "GET"): Probe("administrator"),
    ("administration/settings/", "POST"): Probe("administrator", "change"),
    ("administration/severity-scale/", "GET"): Probe("administrator"),
    ("administration/severity-scale/", "POST"): Probe("administrator", "change"),
    ("api/v1/administration/teams/", "GET"): Probe("administrator"),
    ("api/v1/administration/teams/", "HEAD"): Probe("administrator"),
    ("api/v1/administration/teams/", "POST"): Probe("administrator", "create"),
    ("api/v1/administration/teams/<int:team_id>/", "PATCH"): Probe("administrator", "change"),
    ("api/v1/administration/people/", "GET"): Probe("administrator"),
    ("api/v1/administration/people/<int:user_id>/roles/", "POST"): Probe("administrator", "create"),
    ("api/v1/administration/people/<int:user_id>/active/", "POST"): Probe("administrator", "change"),
    ("api/v1/administration/settings/", "GET"): Probe("administrator"),
    ("api/v1/administration/settings/", "PUT"): Probe("administrator", "change"),
    ("api/v1/teams/<int:team_id>/overview/", "GET"): Probe("south_lead"),
    ("api/v1/teams/<int:team_id>/overview/", "HEAD"): Probe("south_lead"),
    ("teams/<int:team_id>/overview/", "GET"): Probe("south_lead"),
    ("api/v1/cases/<int:case_id>/agenda/", "POST"): on_case("caseworker", "create"),
    ("api/v1/agenda-items/<int:item_id>/outcome/", "POST"): on_case("team_lead", "change"),
    ("api/v1/cases/<int:case_id>/handover/", "POST"): on_case("team_lead", "create"),
    ("api/v1/handovers/<int:handover_id>/decide/", "POST"): on_case("south_lead", "change"),
    ("cases/<int:case_id>/handover/", "GET"): on_case("caseworker"),
    ("cases/<int:case_id>/handover/", "POST"): on_case("coworker", "create"),
    ("handovers/", "GET"): Probe("south_lead"),
    ("handovers/", "HEAD"): Probe("team_lead"),
    ("handovers/<int:handover_id>/decide/", "POST"): on_case("south_lead", "change"),
    ("administration/teams/<int:team_id>/tables/", "GET"): Probe("administrator"),
    ("administration/teams/<int:team_id>/tables/", "POST"): Probe("administrator", "change"),
    ("cases/<int:case_id>/tables/", "GET"): on_case("caseworker"),
    ("cases/<int:case_id>/tables/", "POST"): on_case("coworker", "create"),
    ("tables/<int:table_id>/", "GET"): Probe("team_lead"),
    ("tables/<int:table_id>/", "HEAD"): Probe("scientist"),
    ("agenda-items/<int:item_id>/outcome/", "POST"): on_case("scientist", "change"),
    ("teams/<int:team_id>/overview/", "HEAD"): Probe("south_lead"),
    ("caseload/", "GET"): Probe("caseworker"),
    ("caseload/", "HEAD"): Probe("coworker"),
    ("caseload/team/", "GET"): Probe("team_lead"),
    ("caseload/team/", "HEAD"): Probe("south_lead"),
    ("caseload/team/outcomes/", "GET"): Probe("team_lead"),
    ("caseload/team/outcomes/", "HEAD"): Probe("south_lead"),
    ("api/v1/teams/<int:team_id>/outcomes/", "GET"): Probe("south_lead"),
    ("api/v1/teams/<int:team_id>/outcomes/", "HEAD"): Probe("south_lead"),
    ("caseload/team/conversation-ratings/", "GET"): Probe("team_lead"),
    ("caseload/team/conversation-ratings/", "HEAD"): Probe("south_lead"),
    ("api/v1/teams/<int:team_id>/conversation-ratings/", "GET"): Probe("south_lead"),
    ("api/v1/teams/<int:team_id>/conversation-ratings/", "HEAD"): Probe("south_lead"),
    ("portal/conversations/", "GET"): Probe("parent"),
    ("portal/conversations/", "HEAD"): Probe("youth"),
    ("portal/conversations/<int:conversation_id>/rate/", "GET"): on_case("parent"),
    ("portal/conversations/<int:conversation_id>/rate/", "HEAD"): on_case("youth"),
    ("portal/conversations/<int:conversation_id>/rate/", "POST"): on_case("parent", "create"),
    ("portal/consents/proposals/<int:consent_proposal_id>/give/", "GET"): on_case("parent"),
    ("portal/consents/proposals/<int:consent_proposal_id>/give/", "HEAD"): on_case("youth"),
    ("portal/consents/proposals/<int:consent_proposal_id>/give/", "POST"): on_case("parent", "create"),
    ("portal/consents/<int:consent_id>/limit/", "GET"): on_case("parent"),
    ("portal/consents/<int:consent_id>/limit/", "HEAD"): on_case("youth"),
    ("portal/consents/<int:consent_id>/limit/", "POST"): on_case("parent", "change"),
    ("portal/own-data/", "GET"): Probe("parent"),
    ("portal/own-data/", "HEAD"): Probe("youth"),
    ("portal/own-data/json/", "GET"): Probe("parent", "export"),
    ("portal/own-data/json/", "HEAD"): Probe("youth", "export"),
    ("portal/own-data/pdf/", "GET"): Probe("parent", "export"),
    ("portal/own-data/pdf/", "HEAD"): Probe("youth", "export"),
    # The catalogue of help holds no client data; its pages and changes are logged like the administration's.
    ("catalogue/", "GET"): Probe("caseworker"),
    ("catalogue/", "HEAD"): Probe("administrator"),
    ("catalogue/new/", "GET"): Probe("administrator"),
    ("catalogue/new/", "POST"): Probe("administrator", "create"),
    ("catalogue/import/", "GET"): Probe("administrator"),
    ("catalogue/import/", "POST"): Probe("administrator", "create"),
    ("catalogue/<int:offer_id>/", "GET"): Probe("scientist"),
    ("catalogue/<int:offer_id>/", "HEAD"): Probe("south_worker"),
    ("catalogue/<int:offer_id>/edit/", "GET"): Probe("administrator"),
    ("catalogue/<int:offer_id>/edit/", "POST"): Probe("administrator", "change"),
    ("catalogue/<int:offer_id>/active/", "POST"): Probe("administrator", "change"),
    ("api/v1/catalogue/", "GET"): Probe("colleague"),
    ("api/v1/catalogue/", "HEAD"): Probe("team_lead"),
    ("api/v1/catalogue/", "POST"): Probe("administrator", "create"),
    ("api/v1/catalogue/import/", "POST"): Probe("administrator", "create"),
    ("api/v1/catalogue/<int:offer_id>/", "GET"): Probe("caseworker"),
    ("api/v1/catalogue/<int:offer_id>/", "HEAD"): Probe("two_team_worker"),
    ("api/v1/catalogue/<int:offer_id>/", "PATCH"): Probe("administrator", "change"),
    # Evaluating, closing and reopening (evaluations/).
    ("cases/<int:case_id>/progress/", "GET"): on_case("colleague"),
    ("cases/<int:case_id>/progress/", "HEAD"): on_case("team_lead"),
    ("cases/<int:case_id>/evaluations/plan/", "GET"): on_case("caseworker"),
    ("cases/<int:case_id>/evaluations/plan/", "POST"): on_case("caseworker", "create"),
    ("cases/<int:case_id>/evaluations/new/", "GET"): on_case("coworker"),
    ("cases/<int:case_id>/evaluations/new/", "POST"): on_case("caseworker", "create"),
    ("evaluations/<int:evaluation_id>/hold/", "GET"): on_case("caseworker"),
    ("evaluations/<int:evaluation_id>/hold/", "POST"): on_case("coworker", "create"),
    ("cases/<int:case_id>/close/", "GET"): on_case("caseworker"),
    ("cases/<int:case_id>/close/", "POST"): on_case("caseworker", "change"),
    ("cases/<int:case_id>/reopen/", "GET"): on_case("caseworker"),
    ("cases/<int:case_id>/reopen/", "POST"): on_case("coworker", "change"),
    ("cases/<int:case_id>/return/", "POST"): Probe("caseworker", "create"),
    ("api/v1/cases/<int:case_id>/evaluations/", "GET"): on_case("colleague"),
    ("api/v1/cases/<int:case_id>/evaluations/", "HEAD"): on_case("two_team_worker"),
    ("api/v1/cases/<int:case_id>/evaluations/", "POST"): on_case("caseworker", "create"),
    ("api/v1/cases/<int:case_id>/evaluations/now/", "POST"): on_case("coworker", "create"),
    ("api/v1/evaluations/<int:evaluation_id>/", "GET"): on_case("team_lead"),
    ("api/v1/evaluations/<int:evaluation_id>/", "HEAD"): on_case("colleague"),
    ("api/v1/evaluations/<int:evaluation_id>/hold/", "POST"): on_case("caseworker", "create"),
    ("api/v1/cases/<int:case_id>/close/", "POST"): on_case("caseworker", "change"),
    ("api/v1/cases/<int:case_id>/reopen/", "POST"): on_case("caseworker", "change"),
    ("api/v1/cases/<int:case_id>/return/", "POST"): Probe("coworker", "create"),
    ("api/v1/cases/<int:case_id>/progress/", "GET"): on_case("consulted_scientist"),
    ("api/v1/cases/<int:case_id>/progress/", "HEAD"): on_case("colleague"),
}


@pytest.fixture
def world(db, module_world) -> World:
    """The world, made once for the module (tests/conftest.py's module_world): every probe starts from it as new."""
    return module_world.world()


def test_it_probes_only_pairs_the_permission_matrix_knows():
    assert not set(PROBES) - set(RULES), f"probes for pairs without a rule: {sorted(set(PROBES) - set(RULES))}"


def test_it_counts_every_table_of_a_client_data_app():
    """Client data is every table of a samenplan app not named in NOT_CLIENT_DATA_APPS: a new process app counts
    without anyone remembering to say so."""
    assert {"cases_family", "cases_member", "cases_case", "cases_case_coworkers", "cases_dossierentry"} <= (
        CLIENT_DATA_TABLES
    )
    assert not {t for t in CLIENT_DATA_TABLES if t.split("_")[0] in NOT_CLIENT_DATA_APPS}
    assert "auth_user" not in CLIENT_DATA_TABLES and "django_session" not in CLIENT_DATA_TABLES


@pytest.mark.parametrize(("route", "method"), sorted(PROBES))
def test_it_logs_the_access(client, world, route, method):
    probe = PROBES[route, method]
    view = dict(walk())[route]
    api = is_api(view)
    user = world.persona(probe.persona)
    client.force_login(user)
    data = (probe.data or RULES[route, method].data)(world)
    url = url_for(route, world)  # set-up (such as a consent to revoke) happens before the records looked at
    last = AccessLogRecord.objects.order_by("-seq").values_list("seq", flat=True).first() or 0
    response = send(client, method, url, data, api)
    assert response.status_code in (200, 201, 302), response.content[:500]
    records = list(AccessLogRecord.objects.filter(seq__gt=last).order_by("seq"))
    assert records, f"{method} {route} left no access-log record"
    record = records[-1]
    assert (record.user_id, record.username, record.event, record.channel) == (
        user.pk,
        user.username,
        probe.event,
        "api" if api else "web",
    )
    assert record.organisation_id == world.org.pk
    assert record.ip_address == "127.0.0.1"
    if probe.names_the_case:
        assert (record.case_id, record.family_id) == (world.case.pk, world.case.family_id)


def test_it_logs_a_search_with_what_was_searched(client, world):
    client.force_login(world.colleague)
    client.get(reverse("cases:caseload"), {"q": "Jans"})
    record = AccessLogRecord.objects.order_by("-seq").first()
    assert (record.event, record.detail) == ("search", f"families={world.case.family_id} q=Jans")


def test_it_logs_a_refused_request_without_naming_the_record(client, world):
    client.force_login(world.outsider)
    before = AccessLogRecord.objects.order_by("-seq").values_list("seq", flat=True).first() or 0
    assert client.get(reverse("cases:dossier", args=[world.case.pk])).status_code == 404
    record = AccessLogRecord.objects.get(seq__gt=before)
    assert (record.event, record.user_id, record.detail) == ("refused", world.outsider.pk, f"case={world.case.pk} GET")
    assert (record.case_id, record.family_id, record.organisation_id) == (None, None, world.other_org.pk)


def test_it_logs_nothing_for_an_anonymous_request(client, world):
    before = AccessLogRecord.objects.count()
    assert client.get(reverse("cases:dossier", args=[world.case.pk])).status_code == 302
    assert client.get(reverse("api-member", args=[world.case.family.members.first().pk])).status_code in (401, 403)
    assert AccessLogRecord.objects.count() == before

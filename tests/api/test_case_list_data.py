"""The API's case list renders its rows without the serializer (``case_list_data``, issue 14): the JSON must be
exactly what ``CaseSerializer`` gives for the same cases, whatever a case holds."""

from __future__ import annotations

from datetime import date

from samenplan.caseload.paging import KeysFirst
from samenplan.cases.models import Case, Family, Phase
from samenplan.cases.serializers import CASE_LIST_FIELDS, CaseSerializer, case_list_data
from tests.factories import UserFactory, case_with_registration


def test_it_gives_what_the_serializer_gives_for_every_kind_of_case(world):
    nameless = UserFactory(organisation=world.org, first_name="", last_name="")  # named by the username
    half = UserFactory(organisation=world.org, first_name="", last_name="Yilmaz")
    family = Family.objects.create(organisation=world.org, name="Öztürk & <Zoon>")
    case_with_registration(
        family=family, team=world.north, caseworker=nameless, opened_on=date(2025, 1, 2), closed_on=date(2025, 3, 4),
        phase=Phase.CLOSED, child_protection_measure=True, registered_by="concern",
    )  # fmt: skip
    Case.objects.create(family=family, team=world.south, caseworker=half, opened_on=date(2026, 2, 3))  # unregistered
    cases = Case.objects.order_by("-opened_on", "-pk")
    expected = CaseSerializer(cases.select_related("family", "team", "caseworker", "registration"), many=True).data

    rows = KeysFirst(cases, CASE_LIST_FIELDS)[0:10]

    assert len(rows) == 4  # the world's two, and these two
    assert case_list_data(rows) == [dict(case) for case in expected]


def test_the_detail_gives_what_the_serializer_gives_for_every_kind_of_case(world):
    from django.db.models import prefetch_related_objects
    from django.utils import timezone
    from rest_framework.renderers import JSONRenderer

    from samenplan.cases.access import CASE_RELATED, get_case_for_api
    from samenplan.cases.api import _case_detail
    from samenplan.cases.serializers import CaseDetailSerializer, case_detail_data
    from samenplan.intake.models import PriorHelp, RouteDecision

    registered = case_with_registration(
        family=Family.objects.create(organisation=world.org, name="Öztürk & <Zoon>"), team=world.north,
        caseworker=world.caseworker, opened_on=date(2025, 1, 2), closed_on=date(2025, 3, 4), phase=Phase.CLOSED,
        child_protection_measure=True, registered_by="concern",
    )  # fmt: skip
    registration = registered.registration
    registration.second_worker, registration.intake_table_on = world.coworker, date(2025, 1, 20)
    registration.referrer_kind, registration.intake_table_outcome = "school", "Hulp <b>nodig</b>"
    registration.save()
    PriorHelp.objects.create(registration=registration, agency="GGD", kind="Opvoedsteun", running=True, helped="yes")
    PriorHelp.objects.create(registration=registration, kind="Schoolmaatschappelijk werk")
    registered.coworkers.add(world.coworker)
    unregistered = Case.objects.create(
        family=registered.family, team=world.north, caseworker=world.caseworker, opened_on=date(2026, 2, 3)
    )
    routed = []
    for phase, route, skip in (
        (Phase.CLARIFICATION, "light", ""),
        (Phase.CLARIFICATION, "analysis", ""),
        (Phase.CLARIFICATION, "analysis", "Al bekend uit eerder onderzoek."),
        (Phase.ANALYSIS, "analysis", ""),
    ):
        case = case_with_registration(
            family=registered.family, team=world.north, caseworker=world.caseworker, opened_on=date(2025, 5, 6),
            phase=phase,
        )  # fmt: skip
        RouteDecision.objects.create(
            case=case, route=route, decided_on=date(2025, 5, 7), rationale="Omdat.", analysis_skip_reason=skip,
            author=world.caseworker, recorded_at=timezone.now(),
        )  # fmt: skip
        routed.append(case.pk)
    render = JSONRenderer().render
    for user in (world.caseworker, world.coworker, world.persona("team_lead")):
        for pk in (world.case.pk, registered.pk, unregistered.pk, *routed):
            case = Case.objects.select_related(*CASE_RELATED).get(pk=pk)
            prefetch_related_objects([case], "coworkers", "registration__prior_help")
            expected = render(CaseDetailSerializer(case, context={"user": user}).data)

            assert render(case_detail_data(case, user)) == expected
            assert render(_case_detail(user, get_case_for_api(user, pk))) == expected

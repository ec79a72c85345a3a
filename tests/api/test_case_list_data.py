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

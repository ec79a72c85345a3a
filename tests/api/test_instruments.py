"""The instruments API: the definitions one may use, and recording and listing administrations per case."""

from __future__ import annotations

import pytest

from samenplan.instruments.actions import ensure_shipped
from samenplan.instruments.models import Administration, Definition
from tests.api.conftest import error_fields, last_log
from tests.instruments.conftest import children

ANSWERS = {"s1": 2, "s2": 0, "s3": 1, "s4": 1, "z1": 1, "z2": 0, "z3": 2, "k1": 2, "k2": 1}


@pytest.fixture
def demo(db) -> Definition:
    ensure_shipped()
    return Definition.objects.get(code="demo-gezinsvragenlijst", organisation__isnull=True)


def body(world, demo, **changes):
    parent, child = children(world.case)
    data = {
        "definition": demo.pk, "member": child.pk, "informant": "parent", "informant_member": parent.pk,
        "administered_on": "2026-11-20", "sex": "male", "answers": ANSWERS,
    }  # fmt: skip
    data.update(changes)
    return data


def url(case):
    return f"/api/v1/cases/{case.pk}/administrations/"


def test_it_lists_the_definitions_the_organisation_may_use(api, world, demo):
    response = api("caseworker").get("/api/v1/instruments/")
    codes = {d["code"] for d in response.json()["results"]}
    assert codes == {"demo-gezinsvragenlijst", "drieluik", "eigen-kracht", "veiligheid"}
    found = next(d for d in response.json()["results"] if d["code"] == "demo-gezinsvragenlijst")
    assert found["shipped"] and found["definition"]["demo"] is True


@pytest.mark.guideline("G2.6")
def test_it_records_and_scores_an_administration(api, world, demo):
    response = api("coworker").post(url(world.case), body(world, demo), format="json")
    assert response.status_code == 201, response.content
    data = response.json()
    assert data["definition"] == {"id": demo.pk, "code": demo.code, "version": 1, "name": demo.name}
    assert data["scores"]["spanning"]["score"] == 6 and data["scores"]["spanning"]["band"]["label"] == "Hoog"
    assert data["age"] == 12 and data["warnings"] == []
    listed = api("colleague").get(url(world.case)).json()["results"]
    assert [a["id"] for a in listed] == [data["id"]]
    assert last_log("api.administrations.list").case_id == world.case.pk


def test_it_refuses_unknown_items_and_answers_outside_the_scale_each_on_its_item(api, world, demo):
    answers = {**ANSWERS, "s1": 7, "onbekend": 1, "k2": [1]}
    response = api("caseworker").post(url(world.case), body(world, demo, answers=answers), format="json")
    assert response.status_code == 400
    assert error_fields(response) == {
        "answers.s1": "invalid_answer",
        "answers.onbekend": "invalid_answer",
        "answers.k2": "invalid_answer",
    }
    assert not Administration.objects.exists()


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"answers": [1, 2]}, "answers"),
        ({"definition": 99999999}, "definition"),
        ({"informant": "buurman"}, "informant"),
        ({"administered_on": "2099-01-01"}, "administered_on"),
    ],
)
def test_it_refuses_malformed_input_with_structured_errors(api, world, demo, changes, field):
    response = api("caseworker").post(url(world.case), body(world, demo, **changes), format="json")
    assert response.status_code == 400 and field in error_fields(response)


def test_a_definition_of_another_organisation_is_unknown(api, world, demo):
    from samenplan.instruments import actions
    from tests.instruments.conftest import licensed_text

    foreign = actions.do_load_definition(None, licensed_text(), organisation=world.other_org)
    response = api("caseworker").post(url(world.case), body(world, demo, definition=foreign.pk), format="json")
    assert response.status_code == 400 and error_fields(response) == {"definition": "does_not_exist"}

"""Loading definitions and recording administrations through the actions (G2.6: standardised instruments)."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from samenplan.audit.models import AccessLogRecord
from samenplan.cases.models import DossierEntry, EntryKind
from samenplan.instruments import actions
from samenplan.instruments.models import Administration, Definition
from tests.instruments.conftest import children, licensed_text, malformed_text

DEMO_ANSWERS = {"s1": 2, "s2": 0, "s3": 1, "s4": 1, "z1": 1, "z2": 0, "z3": 2, "k1": 2, "k2": 1}


def administer(world, definition, answers=DEMO_ANSWERS, actor=None, **changes):
    parent, child = children(world.case)
    arguments = {
        "definition": definition,
        "member": child,
        "informant": "parent",
        "informant_member": parent,
        "answers": answers,
        "sex": "male",
    }
    arguments.update(changes)
    return actions.do_administer(actor or world.caseworker, world.case, **arguments)


def test_it_loads_the_shipped_definitions_once(shipped):
    assert set(shipped) == {"demo-gezinsvragenlijst", "drieluik", "eigen-kracht", "veiligheid"}
    assert actions.ensure_shipped() == []
    assert all(d.licence and d.organisation is None for d in shipped.values())


def test_an_administrator_loads_a_licensed_definition_for_the_organisation(world):
    definition = actions.do_load_definition(world.administrator, licensed_text(), organisation=world.org)
    assert (definition.code, definition.version, definition.organisation) == ("gezinslijst", 1, world.org)
    assert definition.definition["licence"].startswith("Licentie van Uitgeverij Voorbeeld")
    assert definition.source == licensed_text()
    record = AccessLogRecord.objects.filter(action="instruments.load").get()
    assert (record.user_id, record.organisation_id) == (world.administrator.pk, world.org.pk)


@pytest.mark.parametrize("persona", ["caseworker", "team_lead", "scientist"])
def test_only_an_administrator_loads_definitions(world, persona):
    with pytest.raises(PermissionDenied):
        actions.do_load_definition(world.persona(persona), licensed_text(), organisation=world.org)
    with pytest.raises(PermissionDenied):  # nor for another organisation
        actions.do_load_definition(world.administrator, licensed_text(), organisation=world.other_org)
    assert not Definition.objects.exists()


def test_it_refuses_a_malformed_definition_with_every_problem(world):
    text = malformed_text()
    with pytest.raises(ValidationError) as refused:
        actions.do_load_definition(world.administrator, text, organisation=world.org)
    messages = refused.value.message_dict["definition"]
    assert [m.split(":")[0] for m in messages] == [
        "items[1].id",  # duplicate item id "a"
        "age_range",  # 40 above 17
        "items[0].scale",  # unknown scale "likert7"
        "subscales[0].items[1]",  # unknown item "b"
    ]
    assert any('onbekende schaal "likert7"' in m for m in messages)
    assert not Definition.objects.exists()


def test_a_loaded_version_is_never_changed_a_change_is_a_higher_version(world):
    actions.do_load_definition(world.administrator, licensed_text(1), organisation=world.org)
    with pytest.raises(ValidationError, match="hogere versie"):
        actions.do_load_definition(world.administrator, licensed_text(1, 2), organisation=world.org)
    actions.do_load_definition(world.administrator, licensed_text(3), organisation=world.org)
    with pytest.raises(ValidationError):
        actions.do_load_definition(world.administrator, licensed_text(2), organisation=world.org)
    assert list(Definition.objects.values_list("version", flat=True).order_by("version")) == [1, 3]


def test_an_organisation_cannot_take_the_code_of_a_shipped_definition(world, shipped):
    with pytest.raises(ValidationError, match="demo-gezinsvragenlijst"):
        actions.do_load_definition(
            world.administrator, licensed_text(code="demo-gezinsvragenlijst"), organisation=world.org
        )


@pytest.mark.guideline("G2.6")
def test_it_scores_an_administration_with_bands_and_writes_the_dossier(world, demo):
    administration = administer(world, demo)
    # Spanning: s1=2, s2=0 reversed 2, s3=1, s4=1 reversed 1: 6, boys 12-17 (Mees is 12): 6-8 "Hoog"
    assert administration.age == 12
    spanning = administration.scores["spanning"]
    assert (spanning["score"], spanning["band"]["label"]) == (6, "Hoog")
    # Zorgen: 1 + 0 + (2 reversed: 0) = 1, boys 0-1 "Gemiddeld"; steun: mean (2 + 1) / 2 = 1.5 "Genoeg steun"
    assert administration.scores["zorgen"]["band"]["label"] == "Gemiddeld"
    assert administration.scores["steun"]["score"] == 1.5
    assert administration.definition == demo and administration.warnings == []
    entry = DossierEntry.objects.get(case=world.case, kind=EntryKind.INSTRUMENT)
    assert "Demo-vragenlijst Gezin" in entry.text and "Spanning thuis: 6 (Hoog)" in entry.text
    record = AccessLogRecord.objects.filter(action="instruments.administer").get()
    assert (record.case_id, record.member_id, record.event) == (world.case.pk, administration.member_id, "create")


@pytest.mark.guideline("G4.1")
def test_a_person_outside_the_age_range_is_a_warning_not_an_error(world, demo):
    parent, _child = children(world.case)
    administration = administer(world, demo, member=parent)  # the mother, 38
    assert administration.age == 38
    assert administration.warnings and "6" in administration.warnings[0] and "38" in administration.warnings[0]
    assert administration.scores["spanning"]["band"] is None
    assert administration.scores["spanning"]["score"] == 6


def test_it_refuses_answers_outside_the_scale_and_unknown_items_and_saves_nothing(world, demo):
    answers = {**DEMO_ANSWERS, "s1": 7, "z9": 1, "k1": "veel", "opmerking": 3}
    with pytest.raises(ValidationError) as refused:
        administer(world, demo, answers=answers)
    errors = refused.value.message_dict
    assert set(errors) == {"answers.s1", "answers.z9", "answers.k1", "answers.opmerking"}
    assert "7" in errors["answers.s1"][0] and "0, 1, 2" in errors["answers.s1"][0]
    assert 'onbekende vraag "z9"' in errors["answers.z9"][0]
    assert not Administration.objects.exists() and not DossierEntry.objects.filter(kind=EntryKind.INSTRUMENT)


def test_it_refuses_an_informant_the_definition_does_not_have_and_a_stranger(world, demo):
    outsider_parent, _ = children(world.outsider_case)
    with pytest.raises(ValidationError) as refused:
        administer(world, demo, informant="teacher", informant_member=None, informant_name="Juf Ans")
    assert set(refused.value.message_dict) == {"informant"}
    with pytest.raises(ValidationError) as refused:
        administer(world, demo, member=outsider_parent, informant_member=outsider_parent)
    assert set(refused.value.message_dict) == {"member", "informant_member"}
    with pytest.raises(ValidationError) as refused:
        administer(world, demo, informant_member=None)
    assert set(refused.value.message_dict) == {"informant_member"}


def test_a_reader_of_the_case_records_no_administration(world, demo):
    for persona in ("colleague", "team_lead", "outsider"):
        with pytest.raises(PermissionDenied):
            administer(world, demo, actor=world.persona(persona))


def test_a_definition_of_another_organisation_cannot_be_administered(world):
    foreign = actions.do_load_definition(None, licensed_text(), organisation=world.other_org)  # as the command does
    with pytest.raises(ValidationError) as refused:
        administer(world, foreign, answers={"a": 1})
    assert set(refused.value.message_dict) == {"definition"}


def test_a_new_version_never_rescores_stored_results(world):
    first = actions.do_load_definition(world.administrator, licensed_text(1, clinical_from=3), organisation=world.org)
    before = administer(world, first, answers={"a": 1, "b": 2}, sex="unknown")
    assert before.scores["t"]["band"]["label"] == "Klinisch"  # 3: clinical from 3
    second = actions.do_load_definition(world.administrator, licensed_text(2, clinical_from=4), organisation=world.org)
    after = administer(world, second, answers={"a": 1, "b": 2}, sex="unknown")
    assert after.scores["t"]["band"]["label"] == "Normaal"  # 3: clinical from 4 in version 2
    before.refresh_from_db()
    assert before.definition == first and before.scores["t"]["band"]["label"] == "Klinisch"


def test_a_date_before_the_person_was_born_is_refused(world, demo):
    from datetime import date

    with pytest.raises(ValidationError) as refused:
        administer(world, demo, administered_on=date(2000, 1, 1))
    assert set(refused.value.message_dict) == {"administered_on"}
    assert not Administration.objects.exists()

"""Instrument definitions checked and scored: pure rules, no database (DOMAIN §7, G4.1).

The scoring examples are computed by hand in the comments next to them.
"""

from __future__ import annotations

import copy
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from samenplan.instruments import rules

SHIPPED = sorted((Path(rules.__file__).parent / "definitions").glob("*.yaml"))

# Scale 0..3. Subscale "x": sum of a, b, c, d with b reversed (3 - answer), at most 1 missing, prorated.
# Subscale "h": sum of a..e, at most 1 missing (for rounding half up). Subscale "m": mean of a and e, 1 decimal.
DEFINITION = {
    "code": "toets",
    "version": 1,
    "name": "Toetslijst",
    "licence": "Eigen tekst.",
    "informants": ["parent"],
    "age_range": {"min": 6, "max": 17},
    "languages": ["nl", "en"],
    "suitability": {
        "unsuitable_for": ["low_literacy"],
        "no_norms_for": ["migration_background"],
        "notes": "Voorlezen mag.",
    },
    "scales": [{"id": "s", "options": [{"value": v, "label": str(v)} for v in range(4)]}],
    "items": [
        *({"id": i, "text": f"Vraag {i}", "scale": "s"} for i in "abcde"),
        {"id": "open", "kind": "text", "text": "Nog iets?"},
    ],
    "subscales": [
        {"id": "x", "name": "X", "items": ["a", "b", "c", "d"], "reverse": ["b"], "method": "sum", "max_missing": 1},
        {"id": "h", "name": "H", "items": ["a", "b", "c", "d", "e"], "method": "sum", "max_missing": 1},
        {"id": "m", "name": "M", "items": ["a", "e"], "method": "mean", "precision": 1},
    ],
    "norms": [
        {
            "subscale": "x", "sex": "female", "age_min": 6, "age_max": 11,
            "bands": [
                {"level": "normal", "label": "Normaal", "min": 0, "max": 5},
                {"level": "borderline", "label": "Grensgebied", "min": 6, "max": 7},
                {"level": "clinical", "label": "Klinisch", "min": 8, "max": 12},
            ],
        },
        {
            "subscale": "x", "sex": "male", "age_min": 6, "age_max": 11,
            "bands": [
                {"level": "normal", "label": "Normaal", "min": 0, "max": 6},
                {"level": "borderline", "label": "Grensgebied", "min": 7, "max": 8},
                {"level": "clinical", "label": "Klinisch", "min": 9, "max": 12},
            ],
        },
        {
            "subscale": "x", "sex": "any", "age_min": 12, "age_max": 17,
            "bands": [
                {"level": "normal", "label": "Normaal", "min": 0, "max": 4},
                {"level": "borderline", "label": "Grensgebied", "min": 5, "max": 6},
                {"level": "clinical", "label": "Klinisch", "min": 7, "max": 12},
            ],
        },
        {
            "subscale": "m", "sex": "any", "age_min": 6, "age_max": 17,
            "bands": [
                {"level": "low", "label": "Laag", "min": 0, "max": 1.4},
                {"level": "high", "label": "Hoog", "min": 1.5, "max": 3},
            ],
        },
    ],
}  # fmt: skip


def scored(answers, age=9, sex="female"):
    return rules.score(DEFINITION, answers, age, sex).subscales


def test_it_accepts_the_test_definition_and_every_shipped_one():
    assert rules.validate(DEFINITION) == []
    assert len(SHIPPED) >= 4
    for path in SHIPPED:
        data, problems = rules.load(path.read_text(encoding="utf-8"))
        assert problems == [], path.name
        assert "licence" in data


def test_the_demo_questionnaire_says_plainly_it_is_a_demo():
    data, _ = rules.load((SHIPPED[0].parent / "demo-gezinsvragenlijst.yaml").read_text(encoding="utf-8"))
    assert data["demo"] is True
    assert "DEMO" in data["name"]
    assert "demonstratie" in data["description"]


@pytest.mark.guideline("G2.6")
def test_it_reverses_scored_items():
    # a=1, b=0 reversed to 3, c=2, d=1: 1 + 3 + 2 + 1 = 7
    x = scored({"a": 1, "b": 0, "c": 2, "d": 1})["x"]
    assert (x.score, x.answered, x.prorated) == (7, 4, False)
    # b=3 reversed to 0: 1 + 0 + 2 + 1 = 4
    assert scored({"a": 1, "b": 3, "c": 2, "d": 1})["x"].score == 4


def test_it_prorates_a_sum_when_at_most_the_allowed_items_are_missing():
    # d missing (1 allowed): a=1, b=0→3, c=2: 6 * 4/3 = 8
    x = scored({"a": 1, "b": 0, "c": 2})["x"]
    assert (x.score, x.answered, x.items, x.prorated) == (8, 3, 4, True)
    assert x.band.level == "clinical"  # girls 6-11: 8-12


def test_it_rounds_a_prorated_score_half_up():
    # h: b missing, a=1, c=1, d=0, e=0: 2 * 5/4 = 2.5 → 3
    assert scored({"a": 1, "c": 1, "d": 0, "e": 0})["h"].score == 3
    # a=1, c=0, d=0, e=0: 1 * 5/4 = 1.25 → 1
    assert scored({"a": 1, "c": 0, "d": 0, "e": 0})["h"].score == 1


def test_it_does_not_score_a_subscale_with_too_many_items_missing():
    x = scored({"a": 1, "b": 0})["x"]  # 2 of 4 missing, 1 allowed
    assert x.score is None and x.band is None
    assert "2" in x.note and "1" in x.note


def test_it_takes_the_mean_of_the_answered_items():
    # m: a=1, e=2: 1.5, "high" from 1.5
    m = scored({"a": 1, "e": 2})["m"]
    assert (m.score, m.band.level) == (1.5, "high")
    assert scored({"a": 1, "e": 1})["m"].band.level == "low"
    assert scored({"a": 1})["m"].score is None  # no missing allowed for m


@pytest.mark.parametrize(
    ("answers", "age", "sex", "band"),
    [
        # x = 5 (a=2,b=3→0,c=2,d=1) and x = 6 (d=2): the boundaries of the norm groups
        ({"a": 2, "b": 3, "c": 2, "d": 1}, 11, "female", "normal"),  # girls 6-11: 0-5
        ({"a": 2, "b": 3, "c": 2, "d": 2}, 11, "female", "borderline"),  # 6-7
        ({"a": 2, "b": 3, "c": 2, "d": 2}, 11, "male", "normal"),  # boys 6-11: 0-6
        ({"a": 3, "b": 3, "c": 2, "d": 2}, 11, "male", "borderline"),  # 7: boys 7-8
        ({"a": 2, "b": 3, "c": 2, "d": 1}, 12, "female", "borderline"),  # 12-17, everyone: 5-6
        ({"a": 2, "b": 3, "c": 2, "d": 1}, 12, "male", "borderline"),
        ({"a": 2, "b": 3, "c": 2, "d": 0}, 12, "unknown", "normal"),  # 4: 0-4, sex not needed
        ({"a": 3, "b": 3, "c": 2, "d": 2}, 17, "female", "clinical"),  # 7: 7-12
        ({"a": 2, "b": 3, "c": 2, "d": 2}, 6, "female", "borderline"),
    ],
)
def test_it_finds_the_band_by_age_and_sex_at_the_boundaries(answers, age, sex, band):
    assert scored(answers, age, sex)["x"].band.level == band


def test_it_gives_no_band_without_norms_and_warns_outside_the_age_range():
    answers = {"a": 2, "b": 3, "c": 2, "d": 1}
    unknown_sex = rules.score(DEFINITION, answers, 9, "unknown")
    assert unknown_sex.subscales["x"].score == 5 and unknown_sex.subscales["x"].band is None
    assert unknown_sex.warnings == []
    too_young = rules.score(DEFINITION, answers, 4, "female")
    assert too_young.subscales["x"].band is None
    assert too_young.warnings and "6" in too_young.warnings[0] and "17" in too_young.warnings[0]
    assert rules.score(DEFINITION, answers, None, "female").subscales["x"].band is None


def test_its_results_are_stored_as_json():
    data = rules.score(DEFINITION, {"a": 1, "b": 0, "c": 2}, 9, "female").as_json()
    assert data["x"]["score"] == 8 and data["x"]["band"]["level"] == "clinical" and data["x"]["prorated"]
    assert data["h"]["score"] is None


MALFORMED = """\
code: Toets Lijst
version: 0
name: ""
licence: Eigen tekst.
informants: [parent, buurman]
age_range: {min: 6, max: 17}
languages: [nl]
scales:
  - id: s
    options: [{value: 0, label: nee}, {value: 1, label: ja}, {value: 1, label: zeker}]
items:
  - {id: a, text: Vraag a, scale: s}
  - {id: a, text: Vraag a nogmaals, scale: s}
  - {id: b, text: Vraag b, scale: s}
  - {id: c, text: Vraag c, scale: likert7}
  - {id: d, text: Vraag d}
subscales:
  - {id: x, name: X, items: [a, b, z], reverse: [c], method: sum}
  - {id: y, name: Y, items: [a, b], method: sum, max_missing: 2}
norms:
  - subscale: y
    sex: any
    age_min: 6
    age_max: 11
    bands:
      - {level: normal, label: Normaal, min: 0, max: 1}
      - {level: borderline, label: Grens, min: 1, max: 2}
  - subscale: y
    sex: female
    age_min: 6
    age_max: 11
    bands:
      - {level: normal, label: Normaal, min: 0, max: 0}
      - {level: clinical, label: Klinisch, min: 2, max: 2}
  - subscale: w
    sex: any
    age_min: 6
    age_max: 17
    bands: [{level: normal, label: Normaal, min: 0, max: 1}]
  - subscale: y
    sex: any
    age_min: 12
    age_max: 17
    bands: [{level: normal, label: Normaal, min: 2, max: 0}]
kleur: blauw
"""


def test_a_malformed_definition_yields_one_problem_per_problem_each_with_its_path():
    data, problems = rules.parse(MALFORMED)
    assert problems == []
    problems = rules.validate(data)
    expected = {
        "code",  # not a slug
        "version",  # below 1
        "name",  # empty
        "informants[1]",  # "buurman" is no informant
        "kleur",  # unknown field
        "items[4].scale",  # a choice item without a scale
        "items[1].id",  # duplicate item id
        "scales[0].options[2].value",  # duplicate value in a scale
        "items[3].scale",  # unknown scale "likert7"
        "subscales[0].items[2]",  # unknown item "z"
        "subscales[0].reverse[0]",  # reversed item not in the subscale
        "subscales[1].max_missing",  # all items may be missing
        "norms[0].bands[1].min",  # overlaps the band before it
        "norms[1].age_min",  # the same subscale, sex and ages as norms[0]
        "norms[1].bands[1].min",  # gap: no band for 1
        "norms[2].subscale",  # unknown subscale "w"
        "norms[3].bands[0]",  # min above max
    }
    assert sorted(p.path for p in problems) == sorted(expected)  # exactly one each
    by_path = {p.path: p.message for p in problems}
    assert "likert7" in by_path["items[3].scale"]
    assert '"z"' in by_path["subscales[0].items[2]"]
    assert str(problems[0]).startswith(problems[0].path + ": ")


def test_it_reports_gaps_at_either_end_of_the_possible_scores():
    data = copy.deepcopy(DEFINITION)
    data["norms"][0]["bands"][0]["min"] = 1  # x can be 0
    data["norms"][0]["bands"][2]["max"] = 11  # x can be 12
    paths = [p.path for p in rules.validate(data)]
    assert paths == ["norms[0].bands[0].min", "norms[0].bands[2].max"]


def test_it_refuses_band_limits_finer_than_the_score():
    data = copy.deepcopy(DEFINITION)
    data["norms"][0]["bands"][0]["max"] = 5.5
    data["norms"][0]["bands"][1]["min"] = 5.6
    paths = [p.path for p in rules.validate(data)]
    assert "norms[0].bands[0].max" in paths and "norms[0].bands[1].min" in paths


@pytest.mark.parametrize(
    ("text", "where"),
    [
        ("code: [unclosed", "regel 1"),
        ("- just\n- a list\n", ""),
        ("base: &b {code: x}\ncopy: *b\n", ""),  # aliases are refused
        ("code: x\nwhen: 2026-01-01\n", ""),  # a date is no JSON
        ("code: x\nmax: .inf\n", ""),
    ],
)
def test_it_reports_a_file_it_cannot_read(text, where):
    data, problems = rules.load(text)
    assert data is None and len(problems) == 1
    assert problems[0].path.startswith(where)


def test_it_checks_answers_against_the_items_and_their_scales():
    problems = rules.check_answers(
        DEFINITION, {"a": 3, "b": 4, "c": True, "zz": 1, "d": None, "open": "Het gaat beter.", "e": "2"}
    )
    assert sorted(p.path for p in problems) == ["answers.b", "answers.c", "answers.e", "answers.zz"]
    assert rules.check_answers(DEFINITION, ["a"])[0].path == "answers"
    assert rules.check_answers(DEFINITION, {"open": 3})[0].path == "answers.open"
    assert rules.clean_answers(DEFINITION, {"e": 1, "a": 0, "d": None, "open": ""}) == {"a": 0, "e": 1}


@pytest.mark.guideline("G4.1")
def test_it_warns_when_an_instrument_does_not_suit_the_family():
    warnings = rules.suitability_warnings(DEFINITION, {"low_literacy", "migration_background", "nonsense"}, "ar")
    assert len(warnings) == 4  # unsuitable, no norms, not in Arabic, the notes
    assert "laaggeletterdheid" in warnings[0]
    assert "migratieachtergrond" in warnings[1]
    assert "Arabisch" in warnings[2]
    assert "Voorlezen mag." in warnings[3]
    assert rules.suitability_warnings(DEFINITION, set(), "en") == []
    assert rules.suitability_warnings(DEFINITION, {"limited_dutch"}, None) == []


def test_the_circumstance_codes_are_the_shared_ones():
    assert list(rules.CIRCUMSTANCES) == [
        "migration_background",
        "other_home_language",
        "limited_dutch",
        "low_literacy",
        "intellectual_disability",
        "other_disability",
    ]
    assert rules.schema()["$defs"]["circumstance"]["enum"] == list(rules.CIRCUMSTANCES)


# Any answer set the schema allows: each item unanswered or a value of its scale (open items: any text).
def _answer_sets(definition):
    items = rules.items_by_id(definition)
    scales = rules.scales_by_id(definition)
    fields = {}
    for ident, item in items.items():
        if item.get("kind") == "text":
            fields[ident] = st.none() | st.text(max_size=50)
        else:
            fields[ident] = st.none() | st.sampled_from(rules.scale_values(scales[item["scale"]]))
    return st.fixed_dictionaries({}, optional=fields)


_DEMO = rules.load((Path(rules.__file__).parent / "definitions" / "demo-gezinsvragenlijst.yaml").read_text())[0]
_AGES = st.none() | st.integers(min_value=0, max_value=120)
_SEXES = st.sampled_from(["female", "male", "unknown", None])


@settings(max_examples=150, deadline=None)
@given(answers=_answer_sets(DEFINITION), age=_AGES, sex=_SEXES)
def test_scoring_never_crashes_on_allowed_answers(answers, age, sex):
    assert rules.check_answers(DEFINITION, answers) == []
    result = rules.score(DEFINITION, answers, age, sex)
    for ident, sub in result.subscales.items():
        low, high = rules.subscale_range(DEFINITION, next(s for s in DEFINITION["subscales"] if s["id"] == ident))
        assert sub.score is None or low <= sub.score <= high
        # with norms for the age and sex, a scored subscale always falls in a band (no gaps)
        if sub.score is not None and age is not None and 12 <= age <= 17 and ident == "x":
            assert sub.band is not None
    assert result.as_json().keys() == {"x", "h", "m"}


@settings(max_examples=100, deadline=None)
@given(answers=_answer_sets(_DEMO), age=_AGES, sex=_SEXES)
def test_scoring_the_demo_questionnaire_never_crashes(answers, age, sex):
    result = rules.score(_DEMO, answers, age, sex)
    assert set(result.subscales) == {"spanning", "zorgen", "steun"}


_JUNK = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=5),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=3), inner, max_size=3),
    max_leaves=10,
)


@settings(max_examples=150, deadline=None)
@given(answers=st.dictionaries(st.sampled_from([*"abcdez", "open"]), _JUNK) | _JUNK)
def test_neither_checking_nor_scoring_crashes_on_any_input(answers):
    rules.check_answers(DEFINITION, answers)
    rules.score(DEFINITION, answers, 9, "female")


@settings(max_examples=150, deadline=None)
@given(
    definition=st.dictionaries(st.sampled_from(list(DEFINITION)), _JUNK)
    | st.builds(lambda key, junk: {**DEFINITION, key: junk}, st.sampled_from(list(DEFINITION)), _JUNK)
    | _JUNK
)
def test_validating_never_crashes_on_any_input(definition):
    rules.validate(definition)
    rules.score(definition if isinstance(definition, dict) else {}, {"a": 1}, 9, "female")

"""The catalogue's rules without a database: a valid offer, stepped-care order, matching, reading a CSV."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from django.utils import translation

from samenplan.catalogue import rules

GOOD = {"name": "Triple P", "description": "Een cursus voor ouders.", "intensity": "light"}


def offer(**kwargs):
    base = {"name": "X", "description": "", "target_problems": "", "provider": "", "min_age": None, "max_age": None,
            "intensity": "light"}  # fmt: skip
    return SimpleNamespace(**{**base, **kwargs})


def test_it_accepts_a_minimal_offer_and_cleans_it():
    clean, errors = rules.check_offer({**GOOD, "name": "  Triple P  ", "min_age": "2", "waiting_weeks": ""})
    assert errors == {}
    assert clean["name"] == "Triple P"
    assert (clean["min_age"], clean["max_age"], clean["waiting_weeks"]) == (2, None, None)
    assert clean["evidence_level"] == "not_assessed"


@pytest.mark.parametrize(
    ("values", "field"),
    [
        ({"name": ""}, "name"),
        ({"name": "x" * 201}, "name"),
        ({"description": "   "}, "description"),
        ({"min_age": "-1"}, "min_age"),
        ({"max_age": "28"}, "max_age"),
        ({"min_age": "twaalf"}, "min_age"),
        ({"min_age": 12, "max_age": 4}, "max_age"),
        ({"waiting_weeks": "105"}, "waiting_weeks"),
        ({"waiting_weeks": "-1"}, "waiting_weeks"),
        ({"waiting_weeks": "1.5"}, "waiting_weeks"),
        ({"intensity": "zwaar"}, "intensity"),
        ({"intensity": ""}, "intensity"),
        ({"evidence_level": "bewezen"}, "evidence_level"),
        ({"contact": "x" * 301}, "contact"),
        ({"provider": "a\x00b"}, "provider"),
    ],
)
def test_it_refuses_a_bad_field_with_a_message_on_that_field(values, field):
    _clean, errors = rules.check_offer({**GOOD, **values})
    assert list(errors) == [field]
    assert all(isinstance(m, str) and m for m in errors[field])


def test_it_accepts_the_edges_of_the_ranges():
    _clean, errors = rules.check_offer({**GOOD, "min_age": 0, "max_age": 27, "waiting_weeks": 104})
    assert errors == {}
    _clean, errors = rules.check_offer({**GOOD, "min_age": 7, "max_age": 7, "waiting_weeks": 0})
    assert errors == {}


@pytest.mark.parametrize(
    ("text", "code"),
    [("network", "network"), ("Netwerk", "network"), ("lichte hulp", "light"), ("Ambulante hulp", "ambulatory"),
     ("intensief", "intensive"), ("verblijf", "residential"), ("RESIDENTIAL", "residential"), ("zwaar", None)],
)  # fmt: skip
def test_it_reads_the_intensity_as_a_code_or_a_dutch_label(text, code):
    assert rules.intensity_of(text) == code


@pytest.mark.parametrize(
    ("text", "code"),
    [("", "not_assessed"), ("niet beoordeeld", "not_assessed"), ("Goed onderbouwd", "well_founded"),
     ("well_founded", "well_founded"), ("eerste aanwijzingen", "first"),
     ("Effectief volgens goede aanwijzingen", "good"), ("sterke aanwijzingen", "strong"), ("strong", "strong"),
     ("bewezen", None)],
)  # fmt: skip
def test_it_reads_the_evidence_level_as_a_code_or_a_dutch_label(text, code):
    assert rules.evidence_of(text) == code


@pytest.mark.guideline("G5.3")
def test_it_orders_lightest_help_first_then_by_name():
    offers = [
        offer(name="Pleegzorg", intensity="residential"),
        offer(name="triple P", intensity="light"),
        offer(name="Buddy", intensity="network"),
        offer(name="MST", intensity="intensive"),
        offer(name="Gezinscoach", intensity="ambulatory"),
        offer(name="Opvoedondersteuning", intensity="light"),
    ]
    names = [o.name for o in rules.in_stepped_care_order(offers)]
    assert names == ["Buddy", "Opvoedondersteuning", "triple P", "Gezinscoach", "MST", "Pleegzorg"]
    assert rules.stepped_care_key("unknown", "A") > rules.stepped_care_key("residential", "Z")


def test_it_matches_an_offer_to_an_age():
    teen = offer(min_age=12, max_age=18)
    assert rules.matches(teen, age=12) and rules.matches(teen, age=18) and rules.matches(teen)
    assert not rules.matches(teen, age=11) and not rules.matches(teen, age=19)
    assert rules.matches(offer(min_age=None, max_age=4), age=0)
    assert rules.matches(offer(min_age=16, max_age=None), age=27)


def test_it_matches_every_word_of_a_search_text_in_any_field():
    mst = offer(name="Multisysteemtherapie (MST)", description="Thuis en op school", target_problems="Spijbelen")
    assert rules.matches(mst, text="mst")
    assert rules.matches(mst, text="school spijbelen")
    assert not rules.matches(mst, text="school pleegzorg")
    assert rules.matches(mst, text="  ")


def test_it_reads_a_csv_with_semicolons_and_dutch_columns():
    text = (
        "\ufeffNaam;Beschrijving;Intensiteit;Leeftijd vanaf;Leeftijd tot;Bewijskracht;Wachttijd;Kleur\r\n"
        'Triple P;"Cursus; voor ouders";lichte hulp;2;16;goede aanwijzingen;3;rood\r\n'
    )
    result = rules.read_csv(text)
    assert result.problems == [] and result.ignored_columns == ["Kleur"]
    [row] = result.rows
    assert row.number == 2 and row.errors == {}
    assert row.values["description"] == "Cursus; voor ouders"
    assert (row.values["intensity"], row.values["evidence_level"], row.values["waiting_weeks"]) == ("light", "good", 3)


def test_it_reads_a_csv_with_commas_and_english_columns():
    result = rules.read_csv("name,description,intensity,min_age\nBuddy,Een maatje,network,12\n")
    assert result.problems == [] and result.rows[0].values["min_age"] == 12


def test_it_reports_every_broken_row_with_its_row_number():
    text = (
        "naam;beschrijving;intensiteit;leeftijd vanaf;leeftijd tot\n"
        "Goed;Iets;netwerk;;\n"
        "\n"
        "Kapot;;zwaar;12;4\n"
        "Goed;Nog eens;licht;;\n"
    )
    with translation.override("nl"):
        result = rules.read_csv(text)
    assert [r.number for r in result.good] == [2]
    broken = {r.number: r.errors for r in result.broken}
    assert set(broken) == {4, 5}
    assert set(broken[4]) == {"description", "intensity", "max_age"}
    assert "regel 2" in broken[5]["name"][0]


@pytest.mark.parametrize(
    "text",
    ["", "\n\n", "naam;beschrijving\nA;B\n", "naam;naam;beschrijving;intensiteit\n", "naam;beschrijving;intensiteit\n"],
)
def test_it_refuses_a_file_it_cannot_use_as_a_whole(text):
    result = rules.read_csv(text)
    assert result.problems and result.rows == []


def test_it_refuses_too_many_rows_and_too_many_bytes():
    header = "naam;beschrijving;intensiteit\n"
    many = header + "".join(f"Hulp {i};Iets;licht\n" for i in range(rules.MAX_IMPORT_ROWS + 1))
    assert rules.read_csv(many).problems and rules.read_csv(many).rows == []
    assert rules.read_csv(header + "A;" + "x" * rules.MAX_IMPORT_BYTES + ";licht\n").problems


def test_it_decodes_utf8_and_refuses_another_encoding():
    assert rules.decode("naam;é".encode()) == ("naam;é", None)
    assert rules.decode(b"\xef\xbb\xbfnaam") == ("naam", None)
    text, problem = rules.decode("naam;beschrijving\nCafé;é".encode("cp1252"))
    assert text is None and "UTF-8" in problem
    assert rules.decode(b"x" * (rules.MAX_IMPORT_BYTES + 1))[1]


def test_it_sniffs_the_separator_from_the_header():
    assert rules.sniff_separator("naam;beschrijving;intensiteit") == ";"
    assert rules.sniff_separator("name,description,intensity") == ","
    assert rules.sniff_separator("naam") == ","
